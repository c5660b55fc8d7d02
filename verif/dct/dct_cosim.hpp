// SPDX-License-Identifier: Apache-2.0
/// @file dct_cosim.hpp
/// Co-simulation of the DCT cores (rtl/dct/dct_encoder.sv, rtl/dct/dct_decoder.sv) in the shared
/// environment (common/codec_cosim.hpp): the encoder beat by beat against the golden streaming
/// encoder, the decoder job by job (descriptor fault contract) against the golden decoder. The
/// plane shape (W, H), the quantizer shift s and the range flag U are quasi-static inputs of both
/// cores, set from the golden configuration for the whole run (one configuration per run).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/codec_cosim.hpp"

namespace fmc_verif {

/// A verilated DCT configuration.
struct DctConfig {
  std::string name;  ///< "w8"
  unsigned data_width;
  unsigned max_plane_width;  ///< the cores' MaxPlaneWidth: the largest W they take
};
/// Every verilated configuration (the cores table's dct_encoder / dct_decoder configurations
/// with cosim).
const std::vector<DctConfig>& dct_configs();

/// One decoder job: N words coded into the tile stream (maybe corrupt).
struct DctJob : DecodeJob {
  DctJob() { streams.resize(1); }
};

using DctResult = CosimRun;

/// The golden configuration the cores run with: planes of H x W cells (1 <= W <=
/// max_plane_width), shift s (4..9), range flag U.
CoreConfig dct_core_config(const DctConfig& cfg, unsigned plane_w, unsigned plane_h,
                           unsigned shift, bool unsigned_range);

/// Encodes `txs` back to back with the configuration `shape` (from dct_core_config).
DctResult dct_encoder_cosim(const DctConfig& cfg, const CoreConfig& shape,
                            const std::vector<std::vector<std::int32_t>>& txs,
                            const SimOptions& opt);
/// Decodes `jobs` back to back.
DctResult dct_decoder_cosim(const DctConfig& cfg, const CoreConfig& shape,
                            const std::vector<DctJob>& jobs, const SimOptions& opt);
/// Encodes `txs` with the encoder and decodes its streams with the decoder of the same
/// configuration (descriptors from the golden encoder's stream lengths), back to back.
DctResult dct_loopback_cosim(const DctConfig& cfg, const CoreConfig& shape,
                             const std::vector<std::vector<std::int32_t>>& txs,
                             const SimOptions& opt);

/// Gate-level (Yosys netlists of the cores table's "gatelevel" configurations; built with the
/// gate-level co-simulation only): the configurations that have a netlist, and the same runs.
std::vector<std::string> dct_gl_configs();
DctResult dct_encoder_cosim_gl(const DctConfig& cfg, const CoreConfig& shape,
                               const std::vector<std::vector<std::int32_t>>& txs,
                               const SimOptions& opt);
DctResult dct_decoder_cosim_gl(const DctConfig& cfg, const CoreConfig& shape,
                               const std::vector<DctJob>& jobs, const SimOptions& opt);

}  // namespace fmc_verif
