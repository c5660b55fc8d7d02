// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the golden tests.
#pragma once

#include <dirent.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/npy.hpp"

namespace fmc_test {

inline std::string source_path(const std::string& rel) { return std::string(FMC_SOURCE_DIR) + "/" + rel; }

/// Sorted names of the entries of `dir` that start with `prefix`.
inline std::vector<std::string> list_dir(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.rfind(prefix, 0) == 0) names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// Integer value of "key": N in a flat JSON object (enough for params.json); -1 if absent.
inline long json_int(const std::string& text, const std::string& key) {
  const std::size_t k = text.find("\"" + key + "\"");
  if (k == std::string::npos) return -1;
  const std::size_t c = text.find(':', k);
  return std::stol(text.substr(c + 1));
}

inline std::string slurp(const std::string& path) {
  auto b = fmc::read_file(path);
  return b.ok() ? std::string(b.value().begin(), b.value().end()) : std::string();
}

/// Every legal parameter set of `codec` at data width `m`: the cartesian product of each
/// parameter's legal values (for a range: min, default, max), keeping the sets configure() takes.
inline std::vector<fmc::ParamValues> all_param_sets(const fmc::Codec& codec, unsigned m) {
  std::vector<fmc::ParamValues> sets(1);
  for (const auto& p : codec.param_specs()) {
    std::vector<std::int64_t> vals = p.legal;
    if (vals.empty()) vals = {p.min, p.default_for(m), p.max};
    std::vector<fmc::ParamValues> next;
    for (const auto& s : sets)
      for (std::int64_t v : vals) {
        fmc::ParamValues n = s;
        n.set(p.name, v);
        next.push_back(n);
      }
    sets = next;
  }
  std::vector<fmc::ParamValues> ok;
  for (const auto& s : sets)
    if (codec.configure(m, s).ok()) ok.push_back(s);
  return ok;
}

}  // namespace fmc_test
