// SPDX-License-Identifier: Apache-2.0
/// @file ebpc_cosim.hpp
/// Co-simulation of the EBPC cores against the golden codec (golden/include/fmcodec/codecs/ebpc.hpp).
///
/// Every output beat the DUT hands over is compared at once with the golden model's next expected
/// beat (data and last); every port's handshake is checked every cycle; RTL assertions count as
/// failures. The first failure stops the run and is reported with its cycle; `ebpc_cosim_report()`
/// then replays the same seed with an FST trace.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fmcodec/codecs/ebpc.hpp"
#include "harness/harness.hpp"

namespace fmc_verif {

/// Which core(s) to run.
enum class EbpcCore {
  kEncoder,   ///< input words → ZNZ/BPC, checked against EbpcEncoder beat by beat
  kDecoder,   ///< golden ZNZ/BPC → decoder → words, checked against the input words
  kLoopback,  ///< encoder → decoder in one model pair; every stream beat checked on the way
};
const char* ebpc_core_name(EbpcCore core);

/// A named core configuration of the cores table (synth/configs.json).
struct EbpcConfig {
  const char* name;         ///< "w8_b8", "w8_b8_area", ...
  unsigned data_width;
  unsigned block_size;
  fmc::EbpcParams params() const { return {data_width, block_size}; }
  /// The same parameters as a configuration of the registry codec `fmc::ebpc_codec()`.
  fmc::CodecConfig codec_config() const {
    fmc::ParamValues pv;
    pv.set("block", block_size);
    return fmc::ebpc_codec().configure(data_width, pv).value();
  }
};
/// The configurations of `core` built into this binary (the cores table's configurations with
/// "cosim": true); loopback: the names both cores have.
const std::vector<EbpcConfig>& ebpc_configs(EbpcCore core);
/// The configuration called `name` (of either core; the format parameters are the same), or null.
const EbpcConfig* ebpc_config(const std::string& name);

/// One decoder transmission: the streams to feed. What must come out (words, error code) is
/// computed by the shared environment from the golden model when the job runs.
struct DecoderJob {
  std::uint64_t num_words = 0;
  std::vector<std::uint32_t> znz, bpc;
  /// The golden whole-buffer decode's fmc::EbpcError for these streams (0 = valid), set by
  /// ebpc_job_expect(); for labels and counting outcomes.
  std::uint8_t expect_error = 0;
};

/// Result of one run.
struct CosimResult {
  bool ok = true;
  std::string error;             ///< first failure, with port, cycle, expected vs got
  std::uint64_t fail_cycle = 0;
  std::uint64_t cycles = 0;      ///< from the first input handshake to the last output beat
  std::uint64_t beats_checked = 0;
  std::uint64_t words = 0;       ///< data words (encoder input / decoder output)
  std::uint64_t znz_words = 0;
  std::uint64_t bpc_words = 0;
  std::uint64_t errors_seen = 0; ///< decoder: transmissions that ended with the error output
};

/// Runs `core` in `config` on the transmissions (m-bit words as signed values).
/// Precondition: every transmission is non-empty and its values fit in the data width.
CosimResult ebpc_cosim(EbpcCore core, const EbpcConfig& config,
                       const std::vector<std::vector<std::int32_t>>& transmissions,
                       const SimOptions& opt);

/// Runs the decoder on hand-made jobs (valid and corrupt streams, in order, back to back, no
/// clear_i): each descriptor carries the job's true stream lengths, every output word is checked,
/// each corrupt job must raise its error, and each descriptor must be taken after exactly the
/// previous jobs' stream words.
CosimResult ebpc_decoder_jobs(const EbpcConfig& config, const std::vector<DecoderJob>& jobs,
                              const SimOptions& opt);

/// Builds a valid decoder job from words with the golden encoder.
DecoderJob ebpc_job_from_words(const EbpcConfig& config, const std::vector<std::int32_t>& words);

/// Sets `job->expect_error` from the golden whole-buffer `fmc::ebpc_decode` (0 = valid).
void ebpc_job_expect(const EbpcConfig& config, DecoderJob* job);

/// The corruption classes of the decoder fault bench (docs/integration.md fault contract): each
/// stream cut, extended, emptied or bit-flipped, N one too small or too large, the leading flag
/// flipped, BPC words sent with all-zero data.
const std::vector<std::string>& ebpc_corruptions();

/// Applies corruption class `cls` to `job` and recomputes its expectation; false (job unchanged)
/// when the class does not apply (e.g. "bpc cut" on an empty BPC stream).
bool ebpc_corrupt(const EbpcConfig& config, const std::string& cls, std::mt19937_64& rng,
                  DecoderJob* job);

/// A job of corruption class `cls` on random data of 1..max_len words (data chosen so that the
/// corruption applies); its expectation from `ebpc_job_expect` (a corruption can leave a valid
/// stream: a flipped BPC bit may code other values).
DecoderJob ebpc_corrupt_job(const EbpcConfig& config, const std::string& cls, std::mt19937_64& rng,
                            std::size_t max_len = 300);

/// Runs `ebpc_cosim`; on failure reruns the same seed with an FST trace written to
/// `trace_dir/<core>_<config>_seed<seed>.fst` (if `trace_dir` is not empty) and appends the replay
/// hint and the trace path to the error.
CosimResult ebpc_cosim_report(EbpcCore core, const EbpcConfig& config,
                              const std::vector<std::vector<std::int32_t>>& transmissions,
                              const SimOptions& opt, const std::string& trace_dir);

}  // namespace fmc_verif
