// SPDX-License-Identifier: Apache-2.0
/// @file zvc_cosim.hpp
/// Co-simulation of the ZVC cores (rtl/zvc/zvc_encoder.sv, rtl/zvc/zvc_decoder.sv) in the shared
/// environment (common/codec_cosim.hpp): the encoder beat by beat against the golden streaming
/// encoder, the decoder job by job (descriptor fault contract) against the golden decoder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/codec_cosim.hpp"

namespace fmc_verif {

/// A verilated ZVC configuration.
struct ZvcConfig {
  std::string name;  ///< "w8_g1"
  unsigned data_width;
  unsigned group;
};
/// Every verilated configuration (the cores table's zvc_encoder configurations with cosim).
const std::vector<ZvcConfig>& zvc_configs();

/// One decoder job: N words coded into the two streams (maybe corrupt).
struct ZvcJob : DecodeJob {
  ZvcJob() { streams.resize(2); }
};

using ZvcResult = CosimRun;

/// The shared environment's configuration of a ZVC configuration.
CoreConfig zvc_core_config(const ZvcConfig& cfg);

/// Encodes `txs` back to back. Words must fit in m signed bits.
ZvcResult zvc_encoder_cosim(const ZvcConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                            const SimOptions& opt);
/// Decodes `jobs` back to back.
ZvcResult zvc_decoder_cosim(const ZvcConfig& cfg, const std::vector<ZvcJob>& jobs,
                            const SimOptions& opt);

/// Encodes `txs` with the encoder and decodes its streams with the decoder of the same
/// configuration (descriptors from the golden encoder's stream lengths), back to back.
ZvcResult zvc_loopback_cosim(const ZvcConfig& cfg,
                             const std::vector<std::vector<std::int32_t>>& txs,
                             const SimOptions& opt);

/// Gate-level (Yosys netlists of the cores table's "gatelevel" configurations; built with the
/// gate-level co-simulation only): the configurations that have a netlist, and the same runs.
std::vector<std::string> zvc_gl_configs();
ZvcResult zvc_encoder_cosim_gl(const ZvcConfig& cfg,
                               const std::vector<std::vector<std::int32_t>>& txs,
                               const SimOptions& opt);
ZvcResult zvc_decoder_cosim_gl(const ZvcConfig& cfg, const std::vector<ZvcJob>& jobs,
                               const SimOptions& opt);

}  // namespace fmc_verif
