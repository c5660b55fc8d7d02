// SPDX-License-Identifier: Apache-2.0
// MCRC port bindings for the shared co-simulation environment (common/codec_cosim_impl.hpp).
#pragma once

#include "common/codec_cosim_impl.hpp"
#include "mcrc/mcrc_cosim.hpp"

namespace fmc_verif {

/// The MCRC cores' stream ports, in the codec's stream order (0 ac, 1 raw), and their quasi-static
/// configuration inputs.
struct McrcPorts : PortsBase {
  template <typename M>
  static std::vector<StreamSink<cosim::InDataOf<M>>> enc_outputs(M& d, cosim::ThrottleGen& t) {
    using D = cosim::InDataOf<M>;  // the stream words are as wide as the data words
    std::vector<StreamSink<D>> v;
    v.emplace_back("ac", &d.ac_valid_o, &d.ac_ready_i, &d.ac_data_o, &d.ac_last_o, t());
    v.emplace_back("raw", &d.raw_valid_o, &d.raw_ready_i, &d.raw_data_o, &d.raw_last_o, t());
    return v;
  }
  template <typename M>
  static std::vector<StreamSource<cosim::OutDataOf<M>>> dec_inputs(M& d, cosim::ThrottleGen& t) {
    using D = cosim::OutDataOf<M>;
    std::vector<StreamSource<D>> v;
    v.emplace_back("ac", &d.ac_valid_i, &d.ac_ready_o, &d.ac_data_i, &d.ac_last_i, t());
    v.emplace_back("raw", &d.raw_valid_i, &d.raw_ready_o, &d.raw_data_i, &d.raw_last_i, t());
    return v;
  }
  template <typename M>
  static std::vector<DescriptorSource::Setter> dec_lengths(M& d) {
    return {DescriptorSource::field(&d.cmd_ac_words_i), DescriptorSource::field(&d.cmd_raw_words_i)};
  }
  static std::vector<unsigned> golden_order() { return {0, 1}; }
  template <typename M>
  static void configure(M& d, const fmc::CodecConfig& c) {
    d.cfg_plane_w_i = static_cast<std::uint32_t>(c.param("plane_w"));
    d.cfg_plane_h_i = static_cast<std::uint32_t>(c.param("plane_h"));
    d.cfg_unsigned_i = c.param("unsigned") != 0;
    d.cfg_near_i = static_cast<std::uint32_t>(c.param("near"));
  }
};

inline std::vector<DecodeJob> decode_jobs(const std::vector<McrcJob>& jobs) {
  return std::vector<DecodeJob>(jobs.begin(), jobs.end());
}

// One dispatch case per model of a generated list (RTL or gate level): use as
// `#define FMC_MODEL FMC_MCRC_ENCODER_CASE` before including the list.
#define FMC_MCRC_ENCODER_CASE(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return cosim::encoder_run<MODEL, McrcPorts>(core, txs, opt);
#define FMC_MCRC_DECODER_CASE(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return cosim::decoder_run<MODEL, McrcPorts>(core, decode_jobs(jobs), opt);

}  // namespace fmc_verif
