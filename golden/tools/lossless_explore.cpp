// SPDX-License-Identifier: Apache-2.0
/// @file lossless_explore.cpp
/// Design-space measurement of the context-adaptive range coder (our own lossless codec). For
/// every .npy tensor under the given paths and every candidate, runs the candidate's coder over the
/// tensor and counts the exact coded bits (range-coded class stream + raw bit stream, each rounded
/// up to m-bit words), and prints the ratio per tensor class (int8/int16 x relu/linear): mean of
/// the per-tensor ratios, minimum, and ratio of the totals. "ideal" candidates charge
/// -log2(model probability) instead of running the range coder (the modelling bound).
///
///   lossless_explore <paths...> [--md FILE]
#include <algorithm>
#include <cmath>
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

struct Cand {
  std::string name;
  unsigned p = 12;      // CDF precision (bits)
  unsigned q = 4;       // range bits used in the products (rng >> (r - q))
  unsigned r = 16;      // range register bits R
  unsigned rate = 4;    // adaptation shift
  bool count_rate = false;  // faster adaptation for the first symbols of a context
  bool ideal = false;   // charge -log2 p instead of running the coder
  int ctx = 0;          // context function, see context()
  int left_edge = 0;    // 0: left of x=0 is class 0; 1: the above class
  bool sign_ctx = false;  // sign coded as a class-like symbol? (not used: raw)
  bool half = false;    // half-octave classes (one mantissa bit moved into the symbol)
  unsigned near = 0;    // quantization step 2^near (0: lossless)
  int pred = 0;         // 0 none, 1 left, 2 above, 3 (L+A)/2, 4 MED, 5 L+A-C clamped
  int ctxsrc = 0;       // contexts from 0: the coded symbols' classes, 1: the values' classes
  bool sgnsym = false;  // the sign is part of the symbol (2m+1 symbols)
  unsigned ema_shift = 4;
  int efrac = 8;        // fraction bits of the predictor's plane mean
  bool auto_pred = false;  // the format's rule: predictor 7 (shift 3) on tensors with negatives
  bool delay = false;      // an adaptation is written after the next value read its context
  bool ceil_upd = false;   // adaptation rounds away from the old value (no floor at 2^rate)
};

unsigned mag_class(std::uint32_t a) {
  unsigned k = 0;
  while (a) {
    ++k;
    a >>= 1;
  }
  return k;
}

struct Sym {
  unsigned s;      // symbol
  unsigned raw;    // raw bits after it
  unsigned cls;    // magnitude class (for contexts)
};

/// Symbol of a value: magnitude class (0..m), or with `half` the class split by the bit below the
/// leading one (classes >= 2): 0, 1, 2a, 2b, 3a, 3b, ...
Sym symbolize(std::int32_t v, bool signed_data, bool half) {
  const std::uint32_t a = std::uint32_t(v < 0 ? -std::int64_t(v) : v);
  const unsigned k = mag_class(a);
  unsigned raw = k >= 2 ? k - 1 : 0;
  unsigned s = k;
  if (half) {
    s = k <= 1 ? k : 2 + 2 * (k - 2) + ((a >> (k - 2)) & 1);
    if (k >= 2) raw -= 1;
  }
  if (signed_data && a != 0) raw += 1;
  return {s, raw, k};
}

unsigned nsyms(unsigned m, bool half) { return half ? 2 + 2 * (m - 1) : m + 1; }

/// Context of a position from the magnitude classes a (left), b (above), c (above-left),
/// d (above-right), each 0..m.
unsigned bucket3(unsigned k) { return k == 0 ? 0 : (k <= 2 ? 1 : 2); }
unsigned bucket4(unsigned k) { return k == 0 ? 0 : (k <= 2 ? 1 : (k <= 4 ? 2 : 3)); }
unsigned context(int f, unsigned m, unsigned a, unsigned b, unsigned c, unsigned d,
                 unsigned& count) {
  switch (f) {
    case 0: count = 1; return 0;                                   // none
    case 1: count = m + 1; return a;                               // left
    case 2: count = m + 1; return b;                               // above
    case 3: count = (m + 1) * (m + 1); return a * (m + 1) + b;     // left x above
    case 4: count = 2 * m + 1; return a + b;                       // left + above
    case 5: count = (m + 1) * 4; return a * 4 + bucket4(b);        // left x above4
    case 6: count = (m + 1) * 3; return a * 3 + bucket3(b);        // left x above3
    case 7: count = 2 * m + 1; return std::max(a, b) * 2 + (a == b ? 0 : 1) - (std::max(a, b) ? 1 : 0) * 0;
    case 8: {  // left x above x (c,d bucket: max of above-left/above-right)
      count = (m + 1) * (m + 1) * 3;
      return (a * (m + 1) + b) * 3 + bucket3(std::max(c, d));
    }
    case 9: count = 3 * m + 1; return a + b + (std::max(c, d) + 1) / 2;  // weighted sum
    case 10: count = (2 * m + 1) * 3; return (a + b) * 3 + bucket3(std::max(c, d));
    default: count = 1; return 0;
  }
}

struct Model {
  unsigned n, p, rate;
  bool count_rate, ceil_upd = false, delay = false;
  std::vector<std::uint32_t> c;  // per context: n-1 stored values in [0, 2^p - n]
  std::vector<std::uint8_t> cnt;
  std::vector<std::uint32_t> pend, next;  // delay: the newest adaptation, not written yet
  int pend_x = -1;
  void init(unsigned contexts, unsigned nsym, unsigned prec, unsigned r, bool cr) {
    n = nsym, p = prec, rate = r, count_rate = cr;
    c.assign(std::size_t(contexts) * (n - 1), 0);
    cnt.assign(contexts, 0);
    pend.assign(n - 1, 0);
    next.assign(n - 1, 0);
    pend_x = -1;
    const std::uint32_t t = (1u << p) - n;
    for (unsigned x = 0; x < contexts; ++x)
      for (unsigned i = 1; i < n; ++i) c[std::size_t(x) * (n - 1) + i - 1] = std::uint32_t(std::uint64_t(t) * i / n);
  }
  /// e[i] = c[i] + i, e[0] = 0, e[n] = 2^p
  std::uint32_t e(unsigned x, unsigned i) const {
    if (i == 0) return 0;
    if (i == n) return 1u << p;
    return c[std::size_t(x) * (n - 1) + i - 1] + i;
  }
  void update(unsigned x, unsigned s) {
    const std::uint32_t t = (1u << p) - n;
    unsigned r = rate;
    if (count_rate) {
      r = std::min(rate, 1 + unsigned(cnt[x]) / 2 + 1);
      if (cnt[x] < 255) ++cnt[x];
    }
    for (unsigned i = 1; i < n; ++i) {
      std::uint32_t v = c[std::size_t(x) * (n - 1) + i - 1];
      const std::uint32_t rnd = ceil_upd ? (1u << r) - 1 : 0;
      if (i <= s) v -= (v + rnd) >> r;
      else v += (t - v + rnd) >> r;
      next[i - 1] = v;
    }
    if (!delay) {
      std::copy(next.begin(), next.end(), c.begin() + std::ptrdiff_t(x) * (n - 1));
      return;
    }
    // The previous value's adaptation is written now; this one waits for the next value's read.
    if (pend_x >= 0) std::copy(pend.begin(), pend.end(), c.begin() + std::ptrdiff_t(pend_x) * (n - 1));
    pend.swap(next);
    pend_x = int(x);
  }
};

/// Range coder bit count (R bits): the sub-interval of symbol s is [u(s), u(s+1)) with
/// u(i) = rng - q * (2^p - e(i)) for i >= 1 (symbol 0 takes the rounding remainder), u(0) = 0.
struct Coder {
  unsigned qbits, p, r;
  std::uint32_t rng = (1u << r) - 1u;
  std::uint64_t bits = 0;
  void code(std::uint32_t e_lo, std::uint32_t e_hi, bool first, bool last) {
    const std::uint32_t q = rng >> (r - qbits);
    const unsigned sh = p + qbits - r;  // product scaled to R bits
    auto u = [&](std::uint32_t e) -> std::uint32_t {
      return rng - std::uint32_t((std::uint64_t(q) * ((1u << p) - e)) >> sh);
    };
    const std::uint32_t lo = first ? 0 : u(e_lo);
    const std::uint32_t hi = last ? rng : u(e_hi);
    rng = hi - lo;
    while (rng < (1u << (r - 1))) {
      rng <<= 1;
      ++bits;
    }
  }
};

struct Acc {
  double ratio_sum = 0, ratio_min = 1e300, in_bits = 0, out_bits = 0, sq = 0;
  unsigned n = 0;
};

struct Result {
  double bits;
};

double run(const Cand& cd0, const std::vector<std::int32_t>& vals, unsigned C, unsigned H, unsigned W,
           unsigned m, bool signed_data, double* sse) {
  Cand cd = cd0;
  if (cd.auto_pred && signed_data && cd.pred == 0) cd.pred = 7, cd.ema_shift = 3;
  unsigned ctxn = 0;
  context(cd.ctx, m, 0, 0, 0, 0, ctxn);
  const unsigned n = nsyms(m, cd.half) + ((cd.sgnsym && (signed_data || cd.pred)) ? nsyms(m, cd.half) - 1 : 0);
  Model md;
  md.init(ctxn, n, cd.p, cd.rate, cd.count_rate);
  md.ceil_upd = cd.ceil_upd;
  md.delay = cd.delay;
  Coder co{cd.q, cd.p, cd.r};
  double ideal = 0;
  std::uint64_t raw = 0;
  std::vector<unsigned> above(W + 2, 0), cur(W + 2, 0);
  std::vector<std::int32_t> vab(W + 2, 0), vcur(W + 2, 0);
  if (sse) *sse = 0;
  for (unsigned ch = 0; ch < C; ++ch) {
    std::fill(above.begin(), above.end(), 0);
    std::fill(vab.begin(), vab.end(), 0);
    std::int32_t ema = 0;
    for (unsigned y = 0; y < H; ++y) {
      for (unsigned x = 0; x < W; ++x) {
        std::int32_t v = vals[(std::size_t(ch) * H + y) * W + x];
        if (cd.near) {
          const std::int32_t half = 1 << (cd.near - 1);
          const std::int32_t qv = v >= 0 ? (v + half) >> cd.near : -((-v + half) >> cd.near);
          const std::int32_t rec = qv * (1 << cd.near);
          const std::int32_t lim = (1 << (m - 1)) - 1;
          const std::int32_t r2 = std::max(-lim - 1, std::min(lim, rec));
          if (sse) *sse += double(r2 - v) * double(r2 - v);
          v = qv;
        }
        std::int32_t pv = 0;
        if (cd.pred) {
          const std::int32_t L = x > 0 ? vcur[x + 1] : vab[x + 1], A = vab[x + 1], Cc = x > 0 ? vab[x] : vab[x + 1];
          switch (cd.pred) {
            case 1: pv = L; break;
            case 2: pv = A; break;
            case 3: pv = (L + A) >> 1; break;
            case 4: pv = Cc >= std::max(L, A) ? std::min(L, A) : (Cc <= std::min(L, A) ? std::max(L, A) : L + A - Cc); break;
            case 6: pv = (ema + (1 << (cd.efrac - 1))) >> cd.efrac; break;
            case 7: pv = (ema + (1 << (cd.efrac - 1))) >> cd.efrac; if (y > 0) pv = (pv + A) >> 1; break;
            default: pv = L + A - Cc; break;
          }
        }
        vcur[x + 1] = v;
        ema += ((v * (1 << cd.efrac)) - ema) >> cd.ema_shift;  // arithmetic shift (floor), as §3.2
        std::int32_t rres = v - pv;
        const std::int32_t mod = 1 << m, hm = 1 << (m - 1);
        rres = ((rres + hm) % mod + mod) % mod - hm;
        const bool sgn = signed_data || cd.pred;
        Sym s = symbolize(rres, sgn && !cd.sgnsym, cd.half);
        if (cd.sgnsym && sgn && rres < 0) s.s += nsyms(m, cd.half) - 1;
        const unsigned vcls = mag_class(std::uint32_t(v < 0 ? -v : v));
        const unsigned a = x > 0 ? cur[x] : (cd.left_edge ? above[1] : 0);
        const unsigned b = above[x + 1], c = above[x], d = above[x + 2];
        unsigned cnt;
        const unsigned k = context(cd.ctx, m, a, b, c, d, cnt);
        const std::uint32_t lo = md.e(k, s.s), hi = md.e(k, s.s + 1);
        if (cd.ideal) ideal += -std::log2(double(hi - lo) / double(1u << cd.p));
        else co.code(lo, hi, s.s == 0, s.s + 1 == n);
        md.update(k, s.s);
        raw += s.raw;
        cur[x + 1] = cd.ctxsrc ? vcls : s.cls;
      }
      std::swap(above, cur);
      std::swap(vab, vcur);
    }
  }
  const double acbits = cd.ideal ? ideal : double(co.bits + cd.r);
  return std::ceil(acbits / m) * m + std::ceil(double(raw) / m) * m;
}

std::string tensor_class(const std::filesystem::path& p, unsigned m) {
  const std::string f = p.filename().string();
  const bool relu = f.find("relu") != std::string::npos;
  return std::string(m == 8 ? "int8" : "int16") + (relu ? " relu" : " linear");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  std::string md;
  const std::string set = "design";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--md" && i + 1 < argc) md = argv[++i];
    else paths.push_back(a);
  }
  auto inputs = fmc_cli::collect_inputs(paths);
  if (!inputs.ok()) {
    std::fprintf(stderr, "lossless_explore: error: %s\n", inputs.status().to_string().c_str());
    return 1;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& in : inputs.value()) files.emplace_back(in.path);

  std::vector<Cand> cands;
  auto add = [&](Cand c) { cands.push_back(c); };
  // The chosen format (docs/mcrc-format.md v4): range coder R = 13, P = 9 (q_R 4 bits), fixed
  // rate 5, steps rounded up, an adaptation written after the next value read its context, left +
  // above contexts; signed tensors: predictor (plane mean + above) / 2 with the plane mean's shift
  // 3 and 4 fraction bits, contexts from the residual classes.
  const auto chosen = [] {
    Cand c;
    c.ctx = 4, c.r = 13, c.p = 9, c.q = 4, c.rate = 5, c.count_rate = false, c.auto_pred = true;
    c.ceil_upd = true, c.delay = true, c.efrac = 4;
    return c;
  };
  // Version 3: R = 16, P = 10 (q_R 6 bits), the plane mean with 8 fraction bits.
  const auto version3 = [&] {
    Cand c = chosen();
    c.r = 16, c.p = 10, c.q = 6, c.efrac = 8;
    return c;
  };
  const auto signed_pred = [](Cand c) {
    c.pred = 7, c.ema_shift = 3;
    return c;
  };
  if (set == "design") {
    const char* cn[] = {"none", "left", "above", "left x above", "left + above"};
    for (int f : {0, 1, 2, 3, 4}) {
      Cand c;
      c.ctx = f, c.ideal = true, c.p = 15, c.rate = 5;
      c.name = std::string("ideal adaptive model (P 15, rate 5), context ") + cn[f];
      add(c);
    }
    for (int f : {0, 1, 2, 3}) {
      Cand c = chosen();
      c.ctx = f;
      c.name = std::string("range coder, context ") + cn[f];
      add(c);
    }
    {
      Cand c = chosen();
      c.name = "**chosen: range coder, context left + above (R 13, P 9, q_R 4 bits, rate 5, rounding "
               "up, adaptation written one value later, plane mean 4 fraction bits)**";
      add(c);
      c = version3();
      c.name = "left + above, R 16, P 10, q_R 6 bits, plane mean 8 fraction bits (format version 3)";
      add(c);
      c = version3();
      c.delay = false;
      c.name = "left + above, R 16, P 10, q_R 6 bits, plane mean 8 fraction bits, adaptation seen by the "
               "next value (format version 2)";
      add(c);
      c = version3();
      c.efrac = 4;
      c.name = "left + above, R 16, P 10, q_R 6 bits, plane mean 4 fraction bits";
      add(c);
      c = chosen();
      c.efrac = 8;
      c.name = "left + above, R 13, P 9, q_R 4 bits, plane mean 8 fraction bits";
      add(c);
      for (auto [r, p] : std::vector<std::pair<unsigned, unsigned>>{{14, 10}, {14, 9}, {12, 8}, {12, 9}}) {
        c = chosen();
        c.r = r, c.p = p, c.q = r - p;
        c.name = "left + above, R " + std::to_string(r) + ", P " + std::to_string(p) + ", q_R " +
                 std::to_string(r - p) + " bits";
        add(c);
      }
    }
    for (auto [p, q, r, cnt] : std::vector<std::tuple<unsigned, unsigned, unsigned, bool>>{
             {12, 4, 5, false}, {12, 4, 5, true}, {12, 5, 5, true}, {12, 6, 6, true}, {12, 8, 6, true},
             {10, 6, 6, true}, {13, 5, 6, true}, {14, 5, 6, true}, {15, 4, 6, true}, {15, 5, 6, true},
             {15, 5, 7, true}, {12, 5, 6, true}, {12, 5, 7, true}, {12, 5, 6, false}, {11, 5, 6, false},
             {10, 6, 6, false}, {10, 6, 5, false}, {9, 7, 6, false}, {9, 7, 5, false}, {8, 8, 5, false}}) {
      for (bool ce : {false, true}) {
        // R = 16; the products q_R (2^P - e) are scaled to 16 bits: P + q_R bits >= 16.
        if (p + q < 16 || (p == 10 && q == 6 && r == 5 && !cnt && ce)) continue;  // version 3's row
        Cand c = version3();
        c.p = p, c.q = q, c.rate = r, c.count_rate = cnt, c.ceil_upd = ce;
        if (p == 12 && q == 5 && r == 6 && cnt && ce) c.delay = false;  // as version 1
        c.name = "left + above, R 16, P " + std::to_string(p) + ", q_R " + std::to_string(q) + " bits, rate " +
                 std::to_string(r) + (cnt ? " with start-up" : " fixed") + (ce ? ", rounding up" : "") +
                 (p == 12 && q == 5 && r == 6 && cnt && ce ? " (format version 1)" : "");
        add(c);
      }
    }
    {
      Cand c = chosen();
      c.half = true;
      c.name = "left + above, half-octave classes (2m symbols)";
      add(c);
      c = chosen();
      c.sgnsym = true;
      c.name = "left + above, sign inside the symbol (2m + 1 symbols)";
      add(c);
    }
    const char* pn[] = {"none", "left", "above", "(left + above) / 2", "MED (JPEG-LS)", "left + above - above-left",
                        "plane mean", "**(plane mean + above) / 2 (chosen for U = 0)**"};
    for (int pr : {1, 2, 3, 4, 5, 6, 7}) {
      Cand c = signed_pred(chosen());
      c.pred = pr;
      c.name = std::string("predictor ") + pn[pr];
      add(c);
    }
  }

  std::map<std::string, std::vector<Acc>> acc;
  for (const auto& f : files) {
    auto t = fmc::npy_read(f.string());
    if (!t.ok()) return 1;
    const fmc::Tensor& ten = t.value();
    if (ten.shape.size() != 3) continue;
    const unsigned m = fmc::dtype_bits(ten.dtype);
    const unsigned C = unsigned(ten.shape[0]), H = unsigned(ten.shape[1]), W = unsigned(ten.shape[2]);
    const std::vector<std::int32_t> vals = ten.values();
    bool neg = false;
    for (auto v : vals) neg |= v < 0;
    auto& a = acc[tensor_class(f, m)];
    a.resize(cands.size());
    const double in_bits = double(vals.size()) * m;
    for (std::size_t k = 0; k < cands.size(); ++k) {
      double sse = 0;
      const double bits = run(cands[k], vals, C, H, W, m, neg, &sse);
      a[k].ratio_sum += in_bits / bits;
      a[k].ratio_min = std::min(a[k].ratio_min, in_bits / bits);
      a[k].n += 1;
      a[k].in_bits += in_bits;
      a[k].out_bits += bits;
      const double peak = double((1 << (m - 1)) - 1);
      a[k].sq += sse > 0 ? 10 * std::log10(peak * peak * double(vals.size()) / sse) : 0;
    }
  }
  std::string out = "| candidate |", rule = "|---|";
  for (const auto& [cls, v] : acc) {
    out += " " + cls + " (" + std::to_string(v.empty() ? 0 : v[0].n) + "): mean / min / total |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (std::size_t k = 0; k < cands.size(); ++k) {
    out += "| " + cands[k].name + " |";
    for (const auto& [cls, v] : acc) {
      char buf[96];
      std::snprintf(buf, sizeof buf, " %.3f / %.3f / %.3f%s |", v[k].ratio_sum / v[k].n, v[k].ratio_min,
                    v[k].in_bits / v[k].out_bits,
                    cands[k].near ? (" @" + std::to_string(v[k].sq / v[k].n).substr(0, 5) + "dB").c_str() : "");
      out += buf;
    }
    out += "\n";
  }
  std::fputs(out.c_str(), stdout);
  if (!md.empty()) {
    std::ofstream o(md);
    o << "<!-- generated by lossless_explore (make results); do not edit -->\n\n"
      << "# MCRC design space: ratio per tensor class\n\n"
      << "`lossless_explore <corpus> --md FILE` (`golden/tools/lossless_explore.cpp`): every candidate "
         "coder run over every tensor, exact coded bits of the class stream (range coder; *ideal* rows "
         "charge -log2 of the model's probability instead: the modelling bound) plus the raw stream, "
         "each rounded up to m-bit words; ratio = input bits / coded bits: mean and minimum of the "
         "per-tensor ratios of a class, and the ratio of the class totals. Rows without a predictor "
         "code ReLU tensors as unsigned patterns (U = 1); the range-coder rows code the others as "
         "residuals of the chosen predictor (U = 0), the ideal rows as sign + magnitude; the "
         "predictor rows code every tensor as residuals (U = 0), so their ReLU columns show what a "
         "predictor costs there. Definitions: docs/mcrc-format.md §8.\n\n"
      << out;
  }
  return 0;
}
