// SPDX-License-Identifier: Apache-2.0
// GRLC port bindings for the shared co-simulation environment (common/codec_cosim_impl.hpp).
#pragma once

#include "common/codec_cosim_impl.hpp"
#include "grlc/grlc_cosim.hpp"

namespace fmc_verif {

/// The GRLC cores' one stream port (`grid`) and their plane-shape inputs.
struct GrlcPorts : PortsBase {
  template <typename M>
  static std::vector<StreamSink<cosim::InDataOf<M>>> enc_outputs(M& d, cosim::ThrottleGen& t) {
    std::vector<StreamSink<cosim::InDataOf<M>>> v;
    v.emplace_back("grid", &d.grid_valid_o, &d.grid_ready_i, &d.grid_data_o, &d.grid_last_o, t());
    return v;
  }
  template <typename M>
  static std::vector<StreamSource<cosim::OutDataOf<M>>> dec_inputs(M& d, cosim::ThrottleGen& t) {
    std::vector<StreamSource<cosim::OutDataOf<M>>> v;
    v.emplace_back("grid", &d.grid_valid_i, &d.grid_ready_o, &d.grid_data_i, &d.grid_last_i, t());
    return v;
  }
  template <typename M>
  static std::vector<DescriptorSource::Setter> dec_lengths(M& d) {
    return {DescriptorSource::field(&d.cmd_grid_words_i)};
  }
  static std::vector<unsigned> golden_order() { return {0}; }
  template <typename M>
  static void configure(M& d, const fmc::CodecConfig& c) {
    d.cfg_plane_w_i = static_cast<std::uint32_t>(c.param("plane_w"));
    d.cfg_plane_h_i = static_cast<std::uint32_t>(c.param("plane_h"));
  }
};

inline std::vector<DecodeJob> decode_jobs(const std::vector<GrlcJob>& jobs) {
  return std::vector<DecodeJob>(jobs.begin(), jobs.end());
}

// One dispatch case per model of a generated list (RTL or gate level): use as
// `#define FMC_MODEL FMC_GRLC_ENCODER_CASE` before including the list.
#define FMC_GRLC_ENCODER_CASE(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return cosim::encoder_run<MODEL, GrlcPorts>(shape, txs, opt);
#define FMC_GRLC_DECODER_CASE(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return cosim::decoder_run<MODEL, GrlcPorts>(shape, decode_jobs(jobs), opt);

}  // namespace fmc_verif
