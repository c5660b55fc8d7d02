// SPDX-License-Identifier: Apache-2.0
/// @file grlc_explore.cpp
/// GRLC design-space measurement (issue: GRLC format). For every .npy tensor under the given paths
/// and every candidate grid format, counts the exact number of coded bits (no stream is written)
/// and prints the compression ratio per tensor class (int8/int16 x relu/linear): the mean of the
/// per-tensor ratios and the ratio of the totals. Ratio = N * m / (coded bits rounded up to m-bit
/// words). The candidates and their bit costs are defined in docs/grlc-format.md (design space).
///
///   grlc_explore <paths...> [--md FILE]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fmcodec/npy.hpp"
#include "inputs.hpp"

namespace {

struct Plane {
  const std::int32_t* v;  // H x W, row-major
  unsigned h, w;
};

/// Bits of the smallest two's complement width holding v (1..32).
unsigned signed_width(std::int32_t v) {
  unsigned b = 1;
  while (b < 32 && (v < -(1 << (b - 1)) || v > (1 << (b - 1)) - 1)) ++b;
  return b;
}
/// Bits of the smallest unsigned width holding v >= 0 (1..32; 0 needs 1).
unsigned unsigned_width(std::int32_t v) {
  unsigned b = 1;
  while (b < 32 && v > (1 << b) - 1) ++b;
  return b;
}
unsigned log2ceil(unsigned x) {
  unsigned b = 0;
  while ((1u << b) < x) ++b;
  return b;
}

/// One candidate: a grid shape and a coder of the cells of one grid (in row-major order inside
/// the grid; `cells` holds the in-plane cells of a clipped border grid).
struct Candidate {
  std::string name;
  unsigned gh, gw;
  std::function<std::uint64_t(const std::vector<std::int32_t>& cells, unsigned m, unsigned s)> grid;
};

std::uint64_t code_plane(const Candidate& c, const Plane& p, unsigned m) {
  std::uint64_t bits = 0;
  std::vector<std::int32_t> cells;
  const unsigned s = c.gh * c.gw;
  for (unsigned gy = 0; gy < p.h; gy += c.gh) {
    for (unsigned gx = 0; gx < p.w; gx += c.gw) {
      cells.clear();
      for (unsigned y = gy; y < std::min(p.h, gy + c.gh); ++y)
        for (unsigned x = gx; x < std::min(p.w, gx + c.gw); ++x) cells.push_back(p.v[y * p.w + x]);
      bits += c.grid(cells, m, s);
    }
  }
  return bits;
}

// ---- grid coders -------------------------------------------------------------------------

/// GRLC-P (the starting proposal): flag; in a non-empty grid, `1`+value(m) or `0`+run(log2 S)
/// for 1..S zeros.
std::uint64_t grid_p(const std::vector<std::int32_t>& c, unsigned m, unsigned s) {
  bool any = false;
  for (auto v : c) any |= v != 0;
  if (!any) return 1;
  std::uint64_t bits = 1;
  const unsigned rb = log2ceil(s);
  for (std::size_t i = 0; i < c.size();) {
    if (c[i] != 0) {
      bits += 1 + m;
      ++i;
    } else {
      while (i < c.size() && c[i] == 0) ++i;
      bits += 1 + rb;
    }
  }
  return bits;
}

/// Width-field family. Non-empty grid: flag `1`, width field (log2 m bits: b = 1..m), then
///   bitmap mode: one bit per cell (non-zero?) and the non-zero values in b bits;
///   dense mode (if `dense`): every cell in b bits (a mode bit chooses the cheaper);
/// values two's complement, or (if `usign`) with a per-grid bit: all values >= 0 -> unsigned b.
std::uint64_t grid_w(const std::vector<std::int32_t>& c, unsigned m, bool dense, bool usign) {
  bool any = false, neg = false;
  unsigned nz = 0;
  for (auto v : c) {
    any |= v != 0;
    neg |= v < 0;
    nz += v != 0;
  }
  if (!any) return 1;
  unsigned b = 1;
  const bool uns = usign && !neg;
  for (auto v : c) b = std::max(b, uns ? unsigned_width(v) : signed_width(v));
  b = std::min(b, m);
  std::uint64_t head = 1 + log2ceil(m) + (usign ? 1 : 0) + (dense ? 1 : 0);
  std::uint64_t bitmap = c.size() + std::uint64_t(nz) * b;
  std::uint64_t all = std::uint64_t(c.size()) * b;
  return head + (dense ? std::min(bitmap, all) : bitmap);
}

/// Per-tensor class.
std::string tensor_class(const std::filesystem::path& p, unsigned m) {
  const std::string f = p.filename().string();
  const bool relu = f.find("relu") != std::string::npos;
  return std::string(m == 8 ? "int8" : "int16") + (relu ? " relu" : " linear");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  std::string md;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--md" && i + 1 < argc) {
      md = argv[++i];
    } else if (a == "-h" || a == "--help") {
      std::printf("usage: grlc_explore <paths...> [--md FILE]\n");
      return 0;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "grlc_explore: error: no input paths\n");
    return 2;
  }
  auto inputs = fmc_cli::collect_inputs(paths);
  if (!inputs.ok()) {
    std::fprintf(stderr, "grlc_explore: error: %s\n", inputs.status().to_string().c_str());
    return 1;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& in : inputs.value()) files.emplace_back(in.path);

  std::vector<Candidate> cands;
  const std::vector<std::pair<unsigned, unsigned>> shapes = {{2, 2}, {4, 4}, {8, 8}, {1, 8},
                                                             {2, 8}, {1, 16}, {4, 8}};
  auto shape_name = [](unsigned h, unsigned w) { return std::to_string(h) + "x" + std::to_string(w); };
  for (auto [h, w] : shapes)
    cands.push_back({"P " + shape_name(h, w), h, w,
                     [](const std::vector<std::int32_t>& c, unsigned m, unsigned s) {
                       return grid_p(c, m, s);
                     }});
  for (auto [h, w] : shapes) {
    cands.push_back({"W " + shape_name(h, w), h, w,
                     [](const std::vector<std::int32_t>& c, unsigned m, unsigned) {
                       return grid_w(c, m, false, false);
                     }});
    cands.push_back({"WU " + shape_name(h, w), h, w,
                     [](const std::vector<std::int32_t>& c, unsigned m, unsigned) {
                       return grid_w(c, m, false, true);
                     }});
    cands.push_back({"WD " + shape_name(h, w), h, w,
                     [](const std::vector<std::int32_t>& c, unsigned m, unsigned) {
                       return grid_w(c, m, true, false);
                     }});
    cands.push_back({"WUD " + shape_name(h, w), h, w,
                     [](const std::vector<std::int32_t>& c, unsigned m, unsigned) {
                       return grid_w(c, m, true, true);
                     }});
  }

  // class -> candidate -> (sum of ratios, count, total input bits, total coded bits)
  struct Acc {
    double ratio_sum = 0, ratio_min = 1e300;
    unsigned n = 0;
    double in_bits = 0, out_bits = 0;
  };
  std::map<std::string, std::vector<Acc>> acc;
  for (const auto& f : files) {
    auto t = fmc::npy_read(f.string());
    if (!t.ok()) {
      std::fprintf(stderr, "grlc_explore: %s: %s\n", f.string().c_str(), t.status().message().c_str());
      return 1;
    }
    const fmc::Tensor& ten = t.value();
    if (ten.shape.size() != 3) continue;
    const unsigned m = fmc::dtype_bits(ten.dtype);
    const unsigned C = unsigned(ten.shape[0]), H = unsigned(ten.shape[1]), W = unsigned(ten.shape[2]);
    const std::vector<std::int32_t> vals = ten.values();
    auto& a = acc[tensor_class(f, m)];
    a.resize(cands.size());
    const double in_bits = double(vals.size()) * m;
    for (std::size_t k = 0; k < cands.size(); ++k) {
      std::uint64_t bits = 0;
      for (unsigned ch = 0; ch < C; ++ch)
        bits += code_plane(cands[k], Plane{vals.data() + std::size_t(ch) * H * W, H, W}, m);
      const double words = double((bits + m - 1) / m);
      a[k].ratio_sum += in_bits / (words * m);
      a[k].ratio_min = std::min(a[k].ratio_min, in_bits / (words * m));
      a[k].n += 1;
      a[k].in_bits += in_bits;
      a[k].out_bits += words * m;
    }
  }

  std::string out = "| candidate |";
  std::string rule = "|---|";
  for (const auto& [cls, v] : acc) {
    out += " " + cls + " (" + std::to_string(v.empty() ? 0 : v[0].n) + "): mean / min / total |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (std::size_t k = 0; k < cands.size(); ++k) {
    out += "| " + cands[k].name + " |";
    for (const auto& [cls, v] : acc) {
      char buf[64];
      std::snprintf(buf, sizeof buf, " %.3f / %.3f / %.3f |", v[k].ratio_sum / v[k].n,
                    v[k].ratio_min, v[k].in_bits / v[k].out_bits);
      out += buf;
    }
    out += "\n";
  }
  std::fputs(out.c_str(), stdout);
  if (!md.empty()) {
    std::ofstream o(md);
    o << "<!-- generated by grlc_explore (make results); do not edit -->\n\n"
      << "# GRLC design space: ratio per tensor class\n\n"
      << "`grlc_explore <corpus> --md FILE`: exact coded bits of each candidate grid format on every "
         "tensor (rounded up to m-bit words); ratio = input bits / coded bits; mean and min over "
         "the tensors of a class, and the ratio of the class totals. Candidates: docs/grlc-format.md "
         "(design space).\n\n"
      << out;
  }
  return 0;
}
