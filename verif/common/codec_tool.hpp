// SPDX-License-Identifier: Apache-2.0
/// @file codec_tool.hpp
/// What `fmc_cosim` (verif/tools/fmc_cosim.cpp) asks of each codec: one object per codec,
/// registered in fmc_cosim's list of tools, that runs its cores on a tensor (`fmaps`), one seeded
/// random run (`random`, what `make regress` calls per seed) and the words/cycle table per stimulus
/// class (`perf`). The printing, CSV and Markdown outputs and the command line are fmc_cosim's;
/// what the codecs' runs share (random stimulus, corrupt-stream jobs, result, replay and coverage
/// lines, the perf table) is the shared driver's (tool_driver.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/harness.hpp"

namespace fmc_verif {

/// One tensor through one configuration of a codec's cores.
struct FmapRow {
  std::string name;    ///< tensor file name
  std::string config;  ///< configuration of the cores table
  std::uint64_t words = 0;
  std::uint64_t s0 = 0, s1 = 0;  ///< words of stream 0 and 1 (EBPC: ZNZ, BPC; ZVC: mask, value;
                                 ///< GRLC: grid, none; DCT: tile, none)
  std::uint64_t enc_cycles = 0, dec_cycles = 0;
  bool enc_run = false, dec_run = false;
  int mismatches = 0;
  /// A lossy codec's reconstruction error (the golden decoder's output, which the RTL decoder
  /// must equal): PSNR against the signed m-bit range (fmc::Loss), largest |error|.
  bool lossy = false;
  double psnr = 0;
  std::uint64_t max_err = 0;
};

/// The tensor and what to run (`fmc_cosim fmaps`).
struct FmapRequest {
  std::string tensor;                 ///< file name, for rows and messages
  const std::vector<std::int32_t>* words = nullptr;
  /// The tensor's shape ((C, H, W) for a feature map): the parameters with a shape_axis (GRLC's
  /// plane width and height) take their sizes from it (fmc::Codec::configure).
  const std::vector<std::uint64_t>* shape = nullptr;
  unsigned bits = 8;                  ///< element width of the tensor
  bool all_configs = false;           ///< every co-simulated configuration of that width
  bool encoder = true, decoder = true;
  SimOptions opt;
  std::string trace_dir;              ///< FST trace there on a mismatch
};

class CodecTool {
 public:
  virtual ~CodecTool() = default;
  /// "ebpc", "zvc": the --codec value.
  virtual const char* codec() const = 0;
  /// Whether `name` is a co-simulated configuration of this codec's cores.
  virtual bool has_config(const std::string& name) const = 0;
  /// The tensor through the default configuration of its width (or every one of that width):
  /// one row per configuration; mismatches are reported on stderr and counted in the rows.
  virtual std::vector<FmapRow> fmaps(const FmapRequest& req) const = 0;
  /// One randomized run of `core` (encoder, decoder, loopback) in `config`; prints its result
  /// line, a replay command on failure, and a "coverage" line; returns 0 (pass), 1 (fail) or 2
  /// (bad arguments).
  virtual int random(const std::string& core, const std::string& config, std::uint64_t seed,
                     int rand_reset, const std::string& trace_dir, std::size_t max_len) const = 0;
  /// Words/cycle per stimulus class in the configurations matching `config` ("all" or a name);
  /// prints the table; returns the number of failing runs, or -1 when no configuration matched.
  virtual int perf(const std::string& config, std::size_t count, std::uint64_t seed) const = 0;
};

/// Each codec's tool (verif/<codec>/<codec>_tool.cpp).
const CodecTool& ebpc_tool();
const CodecTool& zvc_tool();
const CodecTool& grlc_tool();
const CodecTool& dct_tool();
const CodecTool& mcrc_tool();

inline double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

}  // namespace fmc_verif
