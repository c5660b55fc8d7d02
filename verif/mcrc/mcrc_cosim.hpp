// SPDX-License-Identifier: Apache-2.0
/// @file mcrc_cosim.hpp
/// Co-simulation of the MCRC cores (rtl/mcrc/mcrc_encoder.sv, rtl/mcrc/mcrc_decoder.sv) in the
/// shared environment (common/codec_cosim.hpp): the encoder beat by beat, on both streams, against
/// the golden streaming encoder, the decoder job by job (descriptor fault contract) against the
/// golden decoder. The plane shape, the mode U and the shift s are quasi-static inputs of both
/// cores, set from the golden configuration for the whole run.
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
  bool signed_mode = true;    ///< SignedMode: U = 0 is built (else U = 1 only)
  bool near_lossless = true;  ///< NearLossless: s > 0 is built (else s = 0 only)
};
/// Every verilated configuration (the cores table's mcrc_encoder configurations with cosim).
const std::vector<McrcConfig>& mcrc_configs();

/// One decoder job: N words coded into the two streams (maybe corrupt).
struct McrcJob : DecodeJob {
  McrcJob() { streams.resize(2); }
};

using McrcResult = CosimRun;

/// Whether `cfg` has the mode U and the shift s (SignedMode, NearLossless).
bool mcrc_supports(const McrcConfig& cfg, bool is_unsigned, unsigned near);

/// The shared environment's configuration for planes of H x W cells (1 <= W <= max_plane_width),
/// mode U and shift s (`near`), restricted to what `cfg` has: U = 1 when it has no signed mode,
/// s = 0 when it has no near-lossless mode (any data is still coded losslessly in U = 1).
CoreConfig mcrc_core_config(const McrcConfig& cfg, unsigned plane_w, unsigned plane_h,
                            bool is_unsigned, unsigned near);

/// Encodes `txs` back to back with the configuration `core` (from mcrc_core_config).
McrcResult mcrc_encoder_cosim(const McrcConfig& cfg, const CoreConfig& core,
                              const std::vector<std::vector<std::int32_t>>& txs,
                              const SimOptions& opt);
/// Decodes `jobs` back to back.
McrcResult mcrc_decoder_cosim(const McrcConfig& cfg, const CoreConfig& core,
                              const std::vector<McrcJob>& jobs, const SimOptions& opt);
/// Encodes `txs` with the encoder and decodes its streams with the decoder of the same
/// configuration (descriptors from the golden encoder's stream lengths), back to back.
McrcResult mcrc_loopback_cosim(const McrcConfig& cfg, const CoreConfig& core,
                               const std::vector<std::vector<std::int32_t>>& txs,
                               const SimOptions& opt);

/// Gate-level (Yosys netlists of the cores table's "gatelevel" configurations; built with the
/// gate-level co-simulation only): the configurations that have a netlist, and the same runs.
std::vector<std::string> mcrc_gl_configs();
McrcResult mcrc_encoder_cosim_gl(const McrcConfig& cfg, const CoreConfig& core,
                                 const std::vector<std::vector<std::int32_t>>& txs,
                                 const SimOptions& opt);
McrcResult mcrc_decoder_cosim_gl(const McrcConfig& cfg, const CoreConfig& core,
                                 const std::vector<McrcJob>& jobs, const SimOptions& opt);

}  // namespace fmc_verif
