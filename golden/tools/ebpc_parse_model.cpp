// SPDX-License-Identifier: Apache-2.0
/// @file ebpc_parse_model.cpp
/// Throughput model of EBPC decoder block parsers (docs/ebpc-rtl.md, "What the next 10 % would
/// cost"). For every 8-bit .npy tensor under the given paths, codes it with the golden EBPC coder
/// (8/8) for its port bound and counts the codes of every BPC block (docs/ebpc-format.md §3.1: a
/// symbol per non-zero X plane, one code per run of zero X planes), then runs each parse policy
/// through a model of a double-buffered decoder and prints the efficiency per policy (mean, worst
/// and tensors below 0.98 of the bound).
///
/// The model: the parser needs c(b) cycles for block b and may start it once block b - 1 has moved
/// to the emit register; a block moves there once it is parsed and the emit register is empty; its
/// non-zero words leave one per cycle at the earliest, interleaved with the zero words between
/// them (one word per cycle); stream input is never late (unbounded buffering). It is therefore an
/// upper bound: compare the "fixed 6" and "fixed 10" rows with the measured w8_b8 and w8_b8_area
/// rows of docs/results/sim.md.
///
///   ebpc_parse_model <paths...> [--md FILE]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "fmcodec/codecs/ebpc.hpp"
#include "fmcodec/npy.hpp"
#include "inputs.hpp"

namespace {

constexpr unsigned kM = 8;            // data width
constexpr unsigned kN = 8;            // block size
constexpr unsigned kPlanes = kM + 1;  // delta bit-planes per block

/// Per block: which planes need a code of their own (a non-zero X, or the first plane of a run of
/// zero X), as a bit mask over planes 0..m.
std::uint32_t code_planes(const std::int32_t* v) {
  std::uint32_t p[kPlanes] = {};
  for (unsigned k = 1; k < kN; ++k) {
    const std::uint32_t d = static_cast<std::uint32_t>(v[k] - v[k - 1]) & ((1u << kPlanes) - 1u);
    for (unsigned i = 0; i < kPlanes; ++i) p[i] |= ((d >> i) & 1u) << (kN - 1 - k);
  }
  std::uint32_t mask = 0;
  bool prev_zero = false;
  for (unsigned i = 0; i < kPlanes; ++i) {
    const bool zero = (i == 0 ? p[0] : (p[i - 1] ^ p[i])) == 0;
    if (!zero || !prev_zero) mask |= 1u << i;
    prev_zero = zero;
  }
  return mask;
}

struct Policy {
  std::string name;
  std::function<unsigned(std::uint32_t)> cycles;  // parse cycles of a block from its code mask
};

/// Cycles of a parser that handles `s` planes per step and at most one code per cycle.
unsigned steps_one_code(std::uint32_t mask, unsigned s) {
  unsigned t = 0;
  for (unsigned i = 0; i < kPlanes; i += s) {
    const unsigned step = (mask >> i) & ((1u << s) - 1u);
    t += std::max(1u, static_cast<unsigned>(__builtin_popcount(step)));
  }
  return t;
}

struct Acc {
  double sum = 0, worst = 2;
  unsigned n = 0, below = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  std::string md;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--md" && i + 1 < argc) md = argv[++i];
    else paths.push_back(a);
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: ebpc_parse_model <paths...> [--md FILE]\n");
    return 2;
  }
  auto inputs = fmc_cli::collect_inputs(paths);
  if (!inputs.ok()) {
    std::fprintf(stderr, "ebpc_parse_model: error: %s\n", inputs.status().to_string().c_str());
    return 1;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& in : inputs.value()) files.emplace_back(in.path);

  const auto codes = [](std::uint32_t m) { return static_cast<unsigned>(__builtin_popcount(m)); };
  const std::vector<Policy> policies = {
      {"fixed 6 cycles per block (today's `w8_b8`: base, then 2 codes per cycle)",
       [](std::uint32_t) { return 6u; }},
      {"fixed 9 cycles per block", [](std::uint32_t) { return 9u; }},
      {"fixed 10 cycles per block (`w8_b8_area`: base, then 1 plane per cycle)",
       [](std::uint32_t) { return 10u; }},
      {"base, then steps of 2 planes with at most 1 code per cycle",
       [](std::uint32_t m) { return 1 + steps_one_code(m, 2); }},
      {"base, then steps of 3 planes with at most 1 code per cycle",
       [](std::uint32_t m) { return 1 + steps_one_code(m, 3); }},
      {"base, then 1 code per cycle, a zero run of any length in one cycle",
       [codes](std::uint32_t m) { return 1 + codes(m); }},
      {"1 code per cycle, a zero run in one cycle, the base read with the first code",
       [codes](std::uint32_t m) { return std::max(1u, codes(m)); }},
  };
  std::vector<Acc> acc(policies.size());
  unsigned tensors = 0;
  for (const auto& f : files) {
    auto t = fmc::npy_read(f.string());
    if (!t.ok()) {
      std::fprintf(stderr, "ebpc_parse_model: %s: %s\n", f.string().c_str(),
                   t.status().to_string().c_str());
      return 1;
    }
    if (fmc::dtype_bits(t.value().dtype) != kM) continue;
    const std::vector<std::int32_t> w = t.value().values();
    fmc::EbpcParams prm;
    prm.data_width = kM;
    prm.block_size = kN;
    auto s = fmc::ebpc_encode(prm, w);
    if (!s.ok()) {
      std::fprintf(stderr, "ebpc_parse_model: %s: %s\n", f.string().c_str(),
                   s.status().to_string().c_str());
      return 1;
    }
    const std::size_t bound = std::max({w.size(), s.value().znz.size(), s.value().bpc.size()});
    std::vector<std::size_t> pos;  // positions of the non-zero words
    std::vector<std::int32_t> nz;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (w[i] != 0) pos.push_back(i), nz.push_back(w[i]);
    if (nz.empty()) continue;
    while (nz.size() % kN) nz.push_back(0);  // the last block's stuffing
    const std::size_t blocks = nz.size() / kN;
    std::vector<std::uint32_t> mask(blocks);
    for (std::size_t b = 0; b < blocks; ++b) mask[b] = code_planes(&nz[b * kN]);
    ++tensors;
    for (std::size_t k = 0; k < policies.size(); ++k) {
      // Parse done, moved to the emit register, last word out, position of that word.
      std::int64_t parsed = 0, moved = 0, out_last = 0, pos_last = -1;
      for (std::size_t b = 0; b < blocks; ++b) {
        parsed = std::max(parsed, moved) + policies[k].cycles(mask[b]);
        moved = std::max(parsed, out_last);
        const std::int64_t first = static_cast<std::int64_t>(pos[b * kN]);
        const std::int64_t last = static_cast<std::int64_t>(pos[std::min(b * kN + kN - 1, pos.size() - 1)]);
        const std::int64_t start = std::max(out_last + (first - pos_last), moved + 1);
        out_last = start + (last - first);
        pos_last = last;
      }
      const std::int64_t cycles = out_last + (static_cast<std::int64_t>(w.size()) - 1 - pos_last) + 1;
      const double eff = double(bound) / double(std::max<std::int64_t>(static_cast<std::int64_t>(bound), cycles));
      acc[k].sum += eff;
      acc[k].worst = std::min(acc[k].worst, eff);
      acc[k].below += eff < 0.98;
      acc[k].n += 1;
    }
  }
  std::string out = "| parse policy | mean | worst | tensors below 0.98 |\n|---|---:|---:|---:|\n";
  for (std::size_t k = 0; k < policies.size(); ++k) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.3f | %.3f | %u of %u |\n", acc[k].n ? acc[k].sum / acc[k].n : 0.0,
                  acc[k].n ? acc[k].worst : 0.0, acc[k].below, acc[k].n);
    out += "| " + policies[k].name + " |" + buf;
  }
  std::fputs(out.c_str(), stdout);
  if (!md.empty()) {
    std::ofstream o(md);
    o << "<!-- generated by ebpc_parse_model (make results); do not edit -->\n\n"
      << "# EBPC decoder: parse policies against the port bound (model)\n\n"
      << "`ebpc_parse_model <corpus> --md FILE` (`golden/tools/ebpc_parse_model.cpp`), " << tensors
      << " int8 tensors at 8/8: the codes of every BPC block (a symbol per non-zero X plane, one "
         "code per run of zero X planes), and per policy the cycles a block's parse takes, through "
         "a double-buffered decoder model (a block starts parsing once its predecessor moved to the "
         "emit register; its words leave one per cycle with the zero words between them; input "
         "never late). Efficiency = port bound (words / max(words, ZNZ words, BPC words)) over the "
         "model's cycles. The model is optimistic: compare its fixed 6 and fixed 10 rows with the "
         "measured `w8_b8` and `w8_b8_area` rows of [sim.md](sim.md). Context: "
         "[ebpc-rtl.md](../ebpc-rtl.md).\n\n"
      << out;
  }
  return 0;
}
