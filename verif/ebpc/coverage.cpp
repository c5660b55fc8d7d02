// SPDX-License-Identifier: Apache-2.0
#include "ebpc/coverage.hpp"

namespace fmc_verif {

Coverage ebpc_coverage_bins(unsigned m, unsigned n) {
  Coverage c;
  for (unsigned k = 1; k <= 16; ++k) c["znz_run_" + std::to_string(k)] = 0;
  for (unsigned k = 1; k <= m + 1; ++k) c["bpc_run_" + std::to_string(k)] = 0;
  for (const char* s : {"all_ones", "plane_zero", "two_adjacent", "single_one", "raw"})
    c[std::string("bpc_code_") + s] = 0;
  for (unsigned k = 1; k <= n; ++k) c["last_block_fill_" + std::to_string(k)] = 0;
  c["bpc_stream_empty"] = 0;
  c["transmission_len_1"] = 0;
  return c;
}

void ebpc_coverage_add(Coverage& cov, const std::vector<std::int32_t>& words, unsigned m,
                       unsigned n) {
  if (words.size() == 1) ++cov["transmission_len_1"];
  // ZNZ runs (split at 16).
  unsigned run = 0;
  std::vector<std::int32_t> nz;
  for (std::int32_t w : words) {
    if (w == 0) {
      if (++run == 16) {
        ++cov["znz_run_16"];
        run = 0;
      }
    } else {
      if (run) ++cov["znz_run_" + std::to_string(run)];
      run = 0;
      nz.push_back(w);
    }
  }
  if (run) ++cov["znz_run_" + std::to_string(run)];
  if (nz.empty()) {
    ++cov["bpc_stream_empty"];
    return;
  }
  const unsigned tail = static_cast<unsigned>(nz.size() % n);
  ++cov["last_block_fill_" + std::to_string(tail == 0 ? n : tail)];
  while (nz.size() % n) nz.push_back(0);
  const std::uint32_t all_ones = (1u << (n - 1)) - 1u;
  for (std::size_t b = 0; b < nz.size(); b += n) {
    std::uint32_t planes[17] = {};
    for (unsigned k = 1; k < n; ++k) {
      const std::uint32_t d =
          static_cast<std::uint32_t>(nz[b + k] - nz[b + k - 1]) & ((1u << (m + 1)) - 1u);
      for (unsigned p = 0; p <= m; ++p) planes[p] |= ((d >> p) & 1u) << (n - 1 - k);
    }
    unsigned zr = 0;
    for (unsigned i = 0; i <= m; ++i) {
      const std::uint32_t x = i == 0 ? planes[0] : planes[i - 1] ^ planes[i];
      if (x == 0) {
        ++zr;
        continue;
      }
      if (zr) ++cov["bpc_run_" + std::to_string(zr)];
      zr = 0;
      const int ones = __builtin_popcount(x);
      if (x == all_ones) ++cov["bpc_code_all_ones"];
      else if (planes[i] == 0) ++cov["bpc_code_plane_zero"];
      else if (ones == 2 && (x & (x >> 1))) ++cov["bpc_code_two_adjacent"];
      else if (ones == 1) ++cov["bpc_code_single_one"];
      else ++cov["bpc_code_raw"];
    }
    if (zr) ++cov["bpc_run_" + std::to_string(zr)];
  }
}

std::string coverage_to_string(const Coverage& cov) {
  std::string s;
  for (const auto& [k, v] : cov) {
    if (!s.empty()) s += ",";
    s += k + "=" + std::to_string(v);
  }
  return s;
}

}  // namespace fmc_verif
