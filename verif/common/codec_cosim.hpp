// SPDX-License-Identifier: Apache-2.0
/// @file codec_cosim.hpp
/// The co-simulation environment every codec's cores share (codec_cosim_impl.hpp has the
/// templates). A codec adds only its port bindings (a `Ports` struct, see codec_cosim_impl.hpp)
/// and its stimulus; everything else is written once here:
///
///  - Encoder: transmissions fed back to back on `in_*`; each accepted input word is pushed into
///    the golden streaming encoder (`fmc::Codec::encoder()`) at once and its released beats queued
///    per stream; every beat the RTL emits on an output stream must equal the head of that stream's
///    queue (data and last), and may not come before the golden model released it.
///  - Decoder: jobs (N and the input streams, maybe corrupt) fed back to back with one descriptor
///    each (`cmd_num_words_i` and the true stream lengths: the fault contract of
///    docs/integration.md §7.1). Every output word is checked at once against the golden streaming
///    decoder's decoded() prefix; at each following descriptor (and at the end) `err_o` /
///    `err_code_o` must equal the golden whole-buffer decode's error, and exactly the job's stream
///    words must have been taken; a good job ends with `out_last_o` on word N-1, a bad one has none.
///  - Both: every port throttled (seeded), handshake invariants checked every cycle, RTL assertions
///    count as failures, a run with no handshake for SimOptions::max_idle cycles is a hang,
///    optional abort + `clear_i` before the checked run (SimOptions::clear_after), idle_o checked
///    after the last beat. Failures name the seed and the cycle.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "harness/harness.hpp"

namespace fmc_verif {

/// One verilated core configuration of a codec.
struct CoreConfig {
  const fmc::Codec* codec = nullptr;
  std::string name;          ///< configuration name in the cores table, e.g. "w8_g1"
  unsigned data_width = 8;
  fmc::CodecConfig codec_cfg;  ///< the golden model's configuration matching the RTL parameters
};

/// One decoder job: N words coded into the codec's streams (maybe corrupt).
struct DecodeJob {
  std::uint64_t num_words = 0;
  fmc::Streams streams;
  std::string what;  ///< description for messages ("good", "mask cut", ...)
};

/// Result of one run.
struct CosimRun {
  bool ok = true;
  std::string error;               ///< first failure: "seed S cycle C: ..."
  std::uint64_t fail_cycle = 0;
  std::uint64_t beats_checked = 0; ///< output beats compared against the golden model
  std::uint64_t words = 0;         ///< data words (encoder input / decoder output)
  std::vector<std::uint64_t> stream_words;  ///< words per codec stream (encoder out / decoder in)
  std::uint64_t cycles = 0;        ///< simulated cycles in all
  /// Cycles from the first input handshake (encoder: word; decoder: descriptor) to the last
  /// output beat, inclusive; 0 when nothing was output.
  std::uint64_t active_cycles = 0;
  std::vector<std::uint8_t> err_codes;  ///< decoder: the RTL's err_code_o per job (0 = none)
};


}  // namespace fmc_verif
