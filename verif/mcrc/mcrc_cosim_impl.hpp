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
  static std::vector<unsigned> golden_order() { return {0, 1}; }
  template <typename M>
  static void configure(M& d, const fmc::CodecConfig& c) {
    d.cfg_plane_w_i = static_cast<std::uint32_t>(c.param("plane_w"));
    d.cfg_plane_h_i = static_cast<std::uint32_t>(c.param("plane_h"));
    d.cfg_unsigned_i = c.param("unsigned") != 0;
    d.cfg_near_i = static_cast<std::uint32_t>(c.param("near"));
  }
};

// One dispatch case per model of a generated list (RTL or gate level): use as
// `#define FMC_MODEL FMC_MCRC_ENCODER_CASE` before including the list.
#define FMC_MCRC_ENCODER_CASE(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return cosim::encoder_run<MODEL, McrcPorts>(core, txs, opt);

}  // namespace fmc_verif
