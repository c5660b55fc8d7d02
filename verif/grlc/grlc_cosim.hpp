// SPDX-License-Identifier: Apache-2.0
/// @file grlc_cosim.hpp
/// Co-simulation of the GRLC cores (rtl/grlc/grlc_encoder.sv, rtl/grlc/grlc_decoder.sv) in the
/// shared environment (common/codec_cosim.hpp): the encoder beat by beat against the golden
/// streaming encoder, the decoder job by job (descriptor fault contract) against the golden
/// decoder. The plane shape (W, H) is a quasi-static input of both cores, set from the golden
/// configuration for the whole run (one shape per run).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/codec_cosim.hpp"

namespace fmc_verif {

/// A verilated GRLC configuration.
struct GrlcConfig {
  std::string name;  ///< "w8_g2x8"
  unsigned data_width;
  unsigned grid_h;
  unsigned grid_w;
  unsigned max_plane_width;  ///< the cores' MaxPlaneWidth: the largest W they take
};
/// Every verilated configuration (the cores table's grlc_encoder configurations with cosim).
const std::vector<GrlcConfig>& grlc_configs();

/// One decoder job: N words coded into the grid stream (maybe corrupt).
struct GrlcJob : DecodeJob {
  GrlcJob() { streams.resize(1); }
};

using GrlcResult = CosimRun;

/// The shared environment's configuration of a GRLC configuration for planes of H x W cells
/// (1 <= W <= max_plane_width).
CoreConfig grlc_core_config(const GrlcConfig& cfg, unsigned plane_w, unsigned plane_h);

/// Encodes `txs` back to back, planes of `shape` (CoreConfig from grlc_core_config).
GrlcResult grlc_encoder_cosim(const GrlcConfig& cfg, const CoreConfig& shape,
                              const std::vector<std::vector<std::int32_t>>& txs,
                              const SimOptions& opt);
/// Decodes `jobs` back to back.
GrlcResult grlc_decoder_cosim(const GrlcConfig& cfg, const CoreConfig& shape,
                              const std::vector<GrlcJob>& jobs, const SimOptions& opt);
/// Encodes `txs` with the encoder and decodes its streams with the decoder of the same
/// configuration (descriptors from the golden encoder's stream lengths), back to back.
GrlcResult grlc_loopback_cosim(const GrlcConfig& cfg, const CoreConfig& shape,
                               const std::vector<std::vector<std::int32_t>>& txs,
                               const SimOptions& opt);

/// Gate-level (Yosys netlists of the cores table's "gatelevel" configurations; built with the
/// gate-level co-simulation only): the configurations that have a netlist, and the same runs.
std::vector<std::string> grlc_gl_configs();
GrlcResult grlc_encoder_cosim_gl(const GrlcConfig& cfg, const CoreConfig& shape,
                                 const std::vector<std::vector<std::int32_t>>& txs,
                                 const SimOptions& opt);
GrlcResult grlc_decoder_cosim_gl(const GrlcConfig& cfg, const CoreConfig& shape,
                                 const std::vector<GrlcJob>& jobs, const SimOptions& opt);

}  // namespace fmc_verif
