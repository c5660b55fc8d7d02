// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <set>

namespace fmc_cli {

void fail(std::string what, std::string file) { throw CliError{std::move(what), std::move(file)}; }

void check(const fmc::Status& s, const std::string& file) {
  if (!s.ok()) fail(s.message(), file);
}

int run(const std::function<int()>& body) {
  try {
    return body();
  } catch (const CliError& e) {
    std::cout.flush();
    std::cerr << "fmcodec: error: " << e.what << " (" << e.file << ")\n";
    return 1;
  }
}

void warn(const std::string& what, const std::string& file) {
  std::cerr << "fmcodec: warning: " << what << " (" << file << ")\n";
}

void add_common_options(CLI::App* cmd, CommonOptions& o, bool with_force) {
  cmd->add_flag("-q,--quiet", o.quiet, "no summary or progress lines");
  cmd->add_flag("-v,--verbose", o.verbose, "more detail; progress also when stderr is no terminal");
  if (with_force) cmd->add_flag("-f,--force", o.force, "overwrite existing output files");
}

bool show_progress(const CommonOptions& o) {
  return !o.quiet && (o.verbose || ::isatty(STDERR_FILENO));
}

void check_output(const std::string& out, const std::vector<std::string>& inputs,
                  const CommonOptions& o) {
  if (out == "-") {
    if (::isatty(STDOUT_FILENO) && !o.force)
      fail("refusing to write binary data to a terminal (use -f, or redirect)", "-");
    return;
  }
  struct stat so;
  if (::lstat(out.c_str(), &so) != 0) return;  // does not exist: fine
  struct stat st;
  const bool target = ::stat(out.c_str(), &st) == 0;
  for (const auto& in : inputs) {
    struct stat si;
    if (in != "-" && target && ::stat(in.c_str(), &si) == 0 && si.st_dev == st.st_dev &&
        si.st_ino == st.st_ino)
      fail("output is the input file; refusing to overwrite it", out);
  }
  if (S_ISDIR(so.st_mode)) fail("output is a directory", out);
  if (!o.force) {
    if (S_ISLNK(so.st_mode))
      fail("output exists (a symbolic link); use -f to replace the link (its target is kept)", out);
    fail("output exists; use -f to overwrite", out);
  }
}

const fmc::Codec& CodecOptions::chosen(const std::string& ctx) const {
  auto c = fmc::find_codec(codec);
  if (!c.ok()) fail(c.status().message(), ctx);
  return *c.value();
}

fmc::ParamValues CodecOptions::values(const std::string& ctx) const {
  fmc::ParamValues v;
  for (const auto& kv : params) {
    const std::string& t = kv.second;
    const bool neg = !t.empty() && t[0] == '-';
    const std::string digits = neg ? t.substr(1) : t;
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      fail("--" + kv.first + " '" + t + "' is not an integer", ctx);
    v.set(kv.first, std::stoll(t));
  }
  return v;
}

void add_codec_options(CLI::App* cmd, CodecOptions& o, bool with_codec) {
  if (with_codec)
    cmd->add_option("--codec", o.codec, "codec: " + fmc::codec_names() + " (default ebpc)");
  // One option per distinct parameter name; its help lists each codec that has it.
  std::map<std::string, std::string> help;
  for (const fmc::Codec* c : fmc::codecs())
    for (const auto& p : c->param_specs()) {
      std::string& h = help[p.name];
      h += (h.empty() ? "" : "; ") + std::string(c->name()) + ": " + p.help + ", " +
           p.legal_text() + " (default " + p.default_text() + ")";
    }
  for (const auto& kv : help) {
    const std::string name = kv.first;
    cmd->add_option_function<std::string>(
        "--" + name, [&o, name](const std::string& v) { o.params[name] = v; }, kv.second);
  }
}

std::string shape_string(const std::vector<std::uint64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace fmc_cli
