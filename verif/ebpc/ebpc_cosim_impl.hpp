// SPDX-License-Identifier: Apache-2.0
// EBPC port bindings for the shared co-simulation environment (common/codec_cosim_impl.hpp), and
// the templates behind ebpc_cosim.hpp, instantiated once per verilated configuration.
#pragma once

#include "common/codec_cosim_impl.hpp"
#include "ebpc/ebpc_cosim.hpp"

namespace fmc_verif {
namespace detail {

// ------------------------------------------------------------------------------------------------
// Encoder alone and decoder alone: the shared environment (common/codec_cosim_impl.hpp) with the
// EBPC stream ports.
// ------------------------------------------------------------------------------------------------
/// The EBPC cores' stream ports, in the codec's stream order (0 ZNZ, 1 BPC).
struct EbpcPorts : PortsBase {
  template <typename M>
  static std::vector<StreamSink<cosim::InDataOf<M>>> enc_outputs(M& d, cosim::ThrottleGen& t) {
    std::vector<StreamSink<cosim::InDataOf<M>>> v;
    v.emplace_back("znz", &d.znz_valid_o, &d.znz_ready_i, &d.znz_data_o, &d.znz_last_o, t());
    v.emplace_back("bpc", &d.bpc_valid_o, &d.bpc_ready_i, &d.bpc_data_o, &d.bpc_last_o, t());
    return v;
  }
  template <typename M>
  static std::vector<StreamSource<cosim::OutDataOf<M>>> dec_inputs(M& d, cosim::ThrottleGen& t) {
    std::vector<StreamSource<cosim::OutDataOf<M>>> v;
    v.emplace_back("znz", &d.znz_valid_i, &d.znz_ready_o, &d.znz_data_i, &d.znz_last_i, t());
    v.emplace_back("bpc", &d.bpc_valid_i, &d.bpc_ready_o, &d.bpc_data_i, &d.bpc_last_i, t());
    return v;
  }
  template <typename M>
  static std::vector<DescriptorSource::Setter> dec_lengths(M& d) {
    return {DescriptorSource::field(&d.cmd_znz_words_i),
            DescriptorSource::field(&d.cmd_bpc_words_i)};
  }
  // BPC first: the streaming decoder then has every block when it reads the flags, so it releases
  // the longest prefix before an error (a ZNZ error is only found once the ZNZ words arrive).
  static std::vector<unsigned> golden_order() { return {1, 0}; }
};

inline CoreConfig ebpc_core_config(const EbpcConfig& c) {
  return {&fmc::ebpc_codec(), c.name, c.data_width, c.codec_config()};
}

inline CosimResult from_run(const CosimRun& x) {
  CosimResult r;
  r.ok = x.ok;
  r.error = x.error;
  r.fail_cycle = x.fail_cycle;
  r.cycles = x.active_cycles;
  r.beats_checked = x.beats_checked;
  r.words = x.words;
  r.znz_words = x.stream_words.size() > 0 ? x.stream_words[0] : 0;
  r.bpc_words = x.stream_words.size() > 1 ? x.stream_words[1] : 0;
  for (std::uint8_t c : x.err_codes) r.errors_seen += c != 0 && c != 0xff;
  return r;
}

template <typename M>
CosimResult run_encoder(const EbpcConfig& cfg, const std::vector<std::vector<std::int32_t>>& tx,
                        const SimOptions& opt) {
  return from_run(cosim::encoder_run<M, EbpcPorts>(ebpc_core_config(cfg), tx, opt));
}

template <typename M>
CosimResult run_decoder_jobs(const EbpcConfig& cfg, const std::vector<DecoderJob>& jobs,
                             const SimOptions& opt) {
  std::vector<DecodeJob> dj;
  for (const auto& j : jobs) {
    DecodeJob d;
    d.num_words = j.num_words;
    d.streams = {j.znz, j.bpc};
    d.what = j.expect_error ? fmc::ebpc_error_name(static_cast<fmc::EbpcError>(j.expect_error))
                            : "valid";
    dj.push_back(std::move(d));
  }
  return from_run(cosim::decoder_run<M, EbpcPorts>(ebpc_core_config(cfg), dj, opt));
}

// One dispatch case per model of a generated list (RTL or gate level), with `config` and `opt`
// in scope: `#define FMC_MODEL FMC_EBPC_ENCODER_CASE` before including the list.
#define FMC_EBPC_ENCODER_CASE(NAME, MODEL, PARAMS) \
  if (n == #NAME) return detail::run_encoder<MODEL>(config, tx, opt);
#define FMC_EBPC_DECODER_CASE(NAME, MODEL, PARAMS) \
  if (n == #NAME) return detail::run_decoder_jobs<MODEL>(config, jobs, opt);

template <typename E, typename Dm>
CosimResult run_loopback(const EbpcConfig& cfg, const std::vector<std::vector<std::int32_t>>& tx,
                         const SimOptions& opt) {
  return from_run(cosim::loopback_run<E, Dm, EbpcPorts>(ebpc_core_config(cfg), tx, opt));
}

}  // namespace detail
}  // namespace fmc_verif
