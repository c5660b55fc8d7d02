// SPDX-License-Identifier: Apache-2.0
// ZVC port bindings for the shared co-simulation environment (common/codec_cosim_impl.hpp).
#pragma once

#include "common/codec_cosim_impl.hpp"
#include "zvc/zvc_cosim.hpp"

namespace fmc_verif {

/// The ZVC cores' stream ports, in the codec's stream order (0 mask, 1 value).
struct ZvcPorts : PortsBase {
  template <typename M>
  static std::vector<StreamSink<cosim::InDataOf<M>>> enc_outputs(M& d, cosim::ThrottleGen& t) {
    using D = cosim::InDataOf<M>;  // the stream words are as wide as the data words
    std::vector<StreamSink<D>> v;
    v.emplace_back("mask", &d.mask_valid_o, &d.mask_ready_i, &d.mask_data_o, &d.mask_last_o, t());
    v.emplace_back("value", &d.value_valid_o, &d.value_ready_i, &d.value_data_o, &d.value_last_o,
                   t());
    return v;
  }
  template <typename M>
  static std::vector<StreamSource<cosim::OutDataOf<M>>> dec_inputs(M& d, cosim::ThrottleGen& t) {
    using D = cosim::OutDataOf<M>;
    std::vector<StreamSource<D>> v;
    v.emplace_back("mask", &d.mask_valid_i, &d.mask_ready_o, &d.mask_data_i, &d.mask_last_i, t());
    v.emplace_back("value", &d.value_valid_i, &d.value_ready_o, &d.value_data_i, &d.value_last_i,
                   t());
    return v;
  }
  template <typename M>
  static std::vector<DescriptorSource::Setter> dec_lengths(M& d) {
    return {DescriptorSource::field(&d.cmd_mask_words_i),
            DescriptorSource::field(&d.cmd_value_words_i)};
  }
  static std::vector<unsigned> golden_order() { return {0, 1}; }
};

inline std::vector<DecodeJob> decode_jobs(const std::vector<ZvcJob>& jobs) {
  return std::vector<DecodeJob>(jobs.begin(), jobs.end());
}

// One dispatch case per model of a generated list (RTL or gate level): use as
// `#define FMC_MODEL FMC_ZVC_ENCODER_CASE` before including the list.
#define FMC_ZVC_ENCODER_CASE(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return cosim::encoder_run<MODEL, ZvcPorts>(zvc_core_config(cfg), txs, opt);
#define FMC_ZVC_DECODER_CASE(NAME, MODEL, PARAMS)                                          \
  if (cfg.name == #NAME)                                                                   \
    return cosim::decoder_run<MODEL, ZvcPorts>(zvc_core_config(cfg), decode_jobs(jobs), opt);

}  // namespace fmc_verif
