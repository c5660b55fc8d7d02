// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the fmcodec commands: error and warning lines, output-file policy (never
// overwrite without --force, never the input), the codec options generated from the registry's
// parameter schemas. Nothing here calls exit(): a command returns its exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc_cli {

/// Thrown inside a command body, caught by run(): one "fmcodec: error: WHAT (FILE)" line, exit 1.
struct CliError {
  std::string what;
  std::string file;
};
[[noreturn]] void fail(std::string what, std::string file);
/// Throws CliError for a failed status (its message), else does nothing.
void check(const fmc::Status& s, const std::string& file);
template <typename T>
T unwrap(fmc::Result<T> r, const std::string& file) {
  if (!r.ok()) fail(r.status().message(), file);
  return std::move(r).value();
}
/// Runs `body` (which returns the exit code); a CliError becomes the error line and exit code 1.
int run(const std::function<int()>& body);
/// "fmcodec: warning: WHAT (FILE)" on stderr.
void warn(const std::string& what, const std::string& file);

/// Options every command has.
struct CommonOptions {
  bool quiet = false;    ///< -q: no summary or progress lines
  bool verbose = false;  ///< -v: more detail (per stream sizes, progress also off a terminal)
  bool force = false;    ///< -f: overwrite existing outputs
};
void add_common_options(CLI::App* cmd, CommonOptions& o, bool with_force);
/// True when progress lines should be printed (stderr is a terminal, or -v; never with -q).
bool show_progress(const CommonOptions& o);

/// The output policy of zstd/gzip: `out` must not be an input (same file), must not exist unless
/// --force ("-" is standard output: refused when it is a terminal, unless --force). A symbolic
/// link as output counts as existing; with --force the link itself is replaced (its target is not
/// written). Throws CliError.
void check_output(const std::string& out, const std::vector<std::string>& inputs,
                  const CommonOptions& o);

/// `--codec NAME` and one `--PARAM VALUE` option per distinct parameter name of the registry's
/// schemas (help text generated from the schemas).
struct CodecOptions {
  std::string codec = "ebpc";
  std::map<std::string, std::string> params;  ///< given on the command line, unparsed
  /// The chosen codec (CliError for an unknown name).
  const fmc::Codec& chosen(const std::string& ctx) const;
  /// The parameters given, parsed as integers (CliError for a non-integer).
  fmc::ParamValues values(const std::string& ctx) const;
};
void add_codec_options(CLI::App* cmd, CodecOptions& o, bool with_codec = true);

/// Registration of each command (one file each).
void add_compress(CLI::App& app, int& exit_code);
void add_decompress(CLI::App& app, int& exit_code);
void add_stat(CLI::App& app, int& exit_code);
void add_bench(CLI::App& app, int& exit_code);
void add_codecs(CLI::App& app, int& exit_code);

/// Shared formatting.
std::string shape_string(const std::vector<std::uint64_t>& shape);
std::string fixed(double v, int digits);

}  // namespace fmc_cli
