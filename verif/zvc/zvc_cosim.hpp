// SPDX-License-Identifier: Apache-2.0
/// @file zvc_cosim.hpp
/// Co-simulation of the ZVC cores (rtl/zvc_encoder.sv, rtl/zvc_decoder.sv) against the golden
/// streaming codec (golden/include/fmcodec/codecs/zvc.hpp), beat by beat.
///
///  - Encoder: a list of transmissions fed back to back; each accepted input word is pushed into
///    the golden streaming encoder at once and its released beats queued per stream; every beat the
///    RTL emits must equal the head of its stream's queue (data and last), and must not come before
///    the golden release.
///  - Decoder: a list of jobs (N and the two streams, possibly corrupt); the descriptor carries the
///    streams' true lengths. Every output word is checked at once against the golden streaming
///    decoder's decoded(); at each following descriptor (and at the end) err_o/err_code_o must equal
///    the golden whole-buffer zvc_decode error and exactly the job's stream words must have been
///    taken; a good job ends with out_last_o on word N-1, a bad one has no out_last_o.
///  - Every port is throttled (seeded), the handshake invariants are checked every cycle, a run
///    with no handshake for SimOptions::max_idle cycles is a hang. Failures name seed and cycle.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "harness/harness.hpp"

namespace fmc_verif {

/// A verilated ZVC configuration.
struct ZvcConfig {
  std::string name;  ///< "w8_g1"
  unsigned data_width;
  unsigned group;
};
/// Every verilated configuration (the cores table's zvc_encoder configurations with cosim).
const std::vector<ZvcConfig>& zvc_configs();

/// One decoder job: N words coded into two streams (maybe corrupt).
struct ZvcJob {
  std::uint64_t num_words = 0;
  fmc::Streams streams{2};
  std::string what;  ///< description for messages ("good", "mask cut", ...)
};

struct ZvcResult {
  bool ok = true;
  std::string error;               ///< first failure: "seed S cycle C: ..."
  std::uint64_t beats_checked = 0; ///< output beats compared against the golden model
  std::uint64_t cycles = 0;
  /// Cycles from the first input handshake to the last output beat, inclusive.
  std::uint64_t active_cycles = 0;
  std::vector<std::uint8_t> err_codes;  ///< decoder: the RTL's err_code_o per job
};

/// Encodes `txs` back to back. Words must fit in m signed bits.
ZvcResult zvc_encoder_cosim(const ZvcConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                            const SimOptions& opt);
/// Decodes `jobs` back to back.
ZvcResult zvc_decoder_cosim(const ZvcConfig& cfg, const std::vector<ZvcJob>& jobs,
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
