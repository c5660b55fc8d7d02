// SPDX-License-Identifier: Apache-2.0
/// @file mcrc_cosim.hpp
/// Co-simulation of the MCRC encoder (rtl/mcrc/mcrc_encoder.sv) in the shared environment
/// (common/codec_cosim.hpp): the encoder beat by beat, on both streams, against the golden
/// streaming encoder. The plane shape, the mode U and the shift s are quasi-static inputs, set
/// from the golden configuration for the whole run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/codec_cosim.hpp"

namespace fmc_verif {

/// A verilated MCRC configuration.
struct McrcConfig {
  std::string name;          ///< "w8"
  unsigned data_width;
  unsigned max_plane_width;  ///< the cores' MaxPlaneWidth: the largest W they take
};
/// Every verilated configuration (the cores table's mcrc_encoder configurations with cosim).
const std::vector<McrcConfig>& mcrc_configs();

using McrcResult = CosimRun;

/// The shared environment's configuration for planes of H x W cells (1 <= W <= max_plane_width),
/// mode U and shift s (`near`).
CoreConfig mcrc_core_config(const McrcConfig& cfg, unsigned plane_w, unsigned plane_h,
                            bool is_unsigned, unsigned near);

/// Encodes `txs` back to back with the configuration `core` (from mcrc_core_config).
McrcResult mcrc_encoder_cosim(const McrcConfig& cfg, const CoreConfig& core,
                              const std::vector<std::vector<std::int32_t>>& txs,
                              const SimOptions& opt);

}  // namespace fmc_verif
