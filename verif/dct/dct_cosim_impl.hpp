// SPDX-License-Identifier: Apache-2.0
// DCT port bindings for the shared co-simulation environment (common/codec_cosim_impl.hpp).
#pragma once

#include "common/codec_cosim_impl.hpp"
#include "dct/dct_cosim.hpp"

namespace fmc_verif {

/// The DCT cores' one stream port (`tile`) and their configuration inputs (shape, s, U).
struct DctPorts : PortsBase {
  template <typename M>
  static std::vector<StreamSink<cosim::InDataOf<M>>> enc_outputs(M& d, cosim::ThrottleGen& t) {
    std::vector<StreamSink<cosim::InDataOf<M>>> v;
    v.emplace_back("tile", &d.tile_valid_o, &d.tile_ready_i, &d.tile_data_o, &d.tile_last_o, t());
    return v;
  }
  template <typename M>
  static std::vector<StreamSource<cosim::OutDataOf<M>>> dec_inputs(M& d, cosim::ThrottleGen& t) {
    std::vector<StreamSource<cosim::OutDataOf<M>>> v;
    v.emplace_back("tile", &d.tile_valid_i, &d.tile_ready_o, &d.tile_data_i, &d.tile_last_i, t());
    return v;
  }
  template <typename M>
  static std::vector<DescriptorSource::Setter> dec_lengths(M& d) {
    return {DescriptorSource::field(&d.cmd_tile_words_i)};
  }
  static std::vector<unsigned> golden_order() { return {0}; }
  template <typename M>
  static void configure(M& d, const fmc::CodecConfig& c) {
    d.cfg_plane_w_i = static_cast<std::uint32_t>(c.param("plane_w"));
    d.cfg_plane_h_i = static_cast<std::uint32_t>(c.param("plane_h"));
    d.cfg_shift_i = static_cast<std::uint32_t>(c.param("shift"));
    d.cfg_unsigned_i = static_cast<std::uint32_t>(c.param("unsigned"));
  }
};

inline std::vector<DecodeJob> decode_jobs(const std::vector<DctJob>& jobs) {
  return std::vector<DecodeJob>(jobs.begin(), jobs.end());
}

// One dispatch case per model of a generated list (RTL or gate level): use as
// `#define FMC_MODEL FMC_DCT_ENCODER_CASE` before including the list.
#define FMC_DCT_ENCODER_CASE(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return cosim::encoder_run<MODEL, DctPorts>(shape, txs, opt);
#define FMC_DCT_DECODER_CASE(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return cosim::decoder_run<MODEL, DctPorts>(shape, decode_jobs(jobs), opt);

}  // namespace fmc_verif
