// SPDX-License-Identifier: Apache-2.0
/// @file dct_explore.cpp
/// DCT design-space measurement (issue: DCT format). For every int8 .npy tensor under the corpus
/// and every candidate lossy format x quality setting, counts the exact number of coded bits of a
/// fully specified bit format (no stream is written; see the format notes printed with the
/// results), reconstructs the tensor as the decoder would (integer arithmetic, bit-exact), and
/// reports per tensor class (int8 relu / int8 linear): mean ratio, mean PSNR, max abs error and the
/// mean fraction of exact values. Ratio = N * m / (coded bits rounded up to m-bit words).
/// PSNR = 10 log10(Q^2 / MSE), Q = 2^(m-1) - 1 (127 for int8). Baselines on the same tensors:
/// drop k LSBs (round to a multiple of 2^k), then the lossless GRLC / EBPC / ZVC of the registry.
/// int16 tensors are skipped (the formats below are defined for 8-bit input).
///
///   dct_explore <corpus dir> --md FILE [--image NAME] [--only TEXT]
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/npy.hpp"
#include "inputs.hpp"

namespace {

// ---- integer transforms (HEVC core transform matrices) -----------------------------------

constexpr int kM8[8][8] = {{64, 64, 64, 64, 64, 64, 64, 64},         {89, 75, 50, 18, -18, -50, -75, -89},
                           {83, 36, -36, -83, -83, -36, 36, 83},     {75, -18, -89, -50, 50, 89, 18, -75},
                           {64, -64, -64, 64, 64, -64, -64, 64},     {50, -89, 18, 75, -75, -18, 89, -50},
                           {36, -83, 83, -36, -36, 83, -83, 36},     {18, -50, 75, -89, 89, -75, 50, -18}};
constexpr int kM4[4][4] = {{64, 64, 64, 64}, {83, 36, -36, -83}, {64, -64, -64, 64}, {36, -83, 83, -36}};

/// An N-point integer DCT with its pass shifts. Both sizes scale the coefficients to 16x the
/// orthonormal DCT, so a quantizer shift s means the same step (2^s / 16) for N = 4 and 8.
struct Transform {
  unsigned n;
  unsigned fwd1, fwd2;  ///< forward: vertical pass >> fwd1, horizontal pass >> fwd2
  unsigned inv1, inv2;  ///< inverse: vertical pass >> inv1 (then clip16), horizontal >> inv2
  int m(unsigned u, unsigned j) const { return n == 8 ? kM8[u][j] : kM4[u][j]; }
};
const Transform kT8{8, 2, 9, 7, 12};
const Transform kT4{4, 1, 9, 7, 11};

std::int32_t rshift_round(std::int64_t v, unsigned s) {
  return static_cast<std::int32_t>(s == 0 ? v : (v + (std::int64_t(1) << (s - 1))) >> s);
}
std::int32_t clip16(std::int32_t v) { return std::clamp(v, -32768, 32767); }

/// F = forward(X), both n x n row-major: T1[u][j] = (sum_i M[u][i] X[i][j] + r) >> fwd1,
/// F[u][v] = (sum_j T1[u][j] M[v][j] + r) >> fwd2 (arithmetic shifts).
void forward(const Transform& t, const std::int32_t* x, std::int32_t* f) {
  const unsigned n = t.n;
  std::int32_t t1[64];
  for (unsigned u = 0; u < n; ++u)
    for (unsigned j = 0; j < n; ++j) {
      std::int64_t s = 0;
      for (unsigned i = 0; i < n; ++i) s += std::int64_t(t.m(u, i)) * x[i * n + j];
      t1[u * n + j] = rshift_round(s, t.fwd1);
    }
  for (unsigned u = 0; u < n; ++u)
    for (unsigned v = 0; v < n; ++v) {
      std::int64_t s = 0;
      for (unsigned j = 0; j < n; ++j) s += std::int64_t(t1[u * n + j]) * t.m(v, j);
      f[u * n + v] = rshift_round(s, t.fwd2);
    }
}

/// Y = inverse(F'): Y1[i][v] = clip16((sum_u M[u][i] F'[u][v] + r) >> inv1),
/// Y[i][j] = (sum_v Y1[i][v] M[v][j] + r) >> inv2. Not clamped to the output range here.
void inverse(const Transform& t, const std::int32_t* f, std::int32_t* y) {
  const unsigned n = t.n;
  std::int32_t y1[64];
  for (unsigned i = 0; i < n; ++i)
    for (unsigned v = 0; v < n; ++v) {
      std::int64_t s = 0;
      for (unsigned u = 0; u < n; ++u) s += std::int64_t(t.m(u, i)) * f[u * n + v];
      y1[i * n + v] = clip16(rshift_round(s, t.inv1));
    }
  for (unsigned i = 0; i < n; ++i)
    for (unsigned j = 0; j < n; ++j) {
      std::int64_t s = 0;
      for (unsigned v = 0; v < n; ++v) s += std::int64_t(y1[i * n + v]) * t.m(v, j);
      y[i * n + j] = rshift_round(s, t.inv2);
    }
}

/// JPEG zig-zag order of an n x n tile: raster indices, anti-diagonal by anti-diagonal.
std::vector<unsigned> zigzag(unsigned n) {
  std::vector<unsigned> z;
  for (unsigned d = 0; d <= 2 * n - 2; ++d) {
    for (unsigned k = 0; k <= d; ++k) {
      const unsigned u = (d % 2 == 1) ? k : d - k;  // odd diagonals go down, even ones up
      const unsigned v = d - u;
      if (u < n && v < n) z.push_back(u * n + v);
    }
  }
  return z;
}

// ---- bit costs of the code words -----------------------------------------------------------

unsigned log2ceil(unsigned x) {
  unsigned b = 0;
  while ((1u << b) < x) ++b;
  return b;
}
unsigned floor_log2(std::uint32_t x) {
  unsigned b = 0;
  while (x >>= 1) ++b;
  return b;
}
/// Smallest two's complement width of v (1..32).
unsigned signed_width(std::int32_t v) {
  unsigned b = 1;
  while (b < 32 && (v < -(1 << (b - 1)) || v > (1 << (b - 1)) - 1)) ++b;
  return b;
}
/// Signed value -> unsigned code number: 0, -1, 1, -2, 2 ... -> 0, 1, 2, 3, 4 ...
std::uint32_t zigzag_map(std::int32_t r) { return r >= 0 ? 2u * std::uint32_t(r) : 2u * std::uint32_t(-r) - 1; }
/// Exp-Golomb code of order k of u >= 0: (floor_log2(u + 2^k) - k) zeros, then u + 2^k in
/// floor_log2(u + 2^k) + 1 bits.
unsigned eg_bits(std::uint32_t u, unsigned k) {
  const unsigned l = floor_log2(u + (1u << k));
  return 2 * l - k + 1;
}
/// Rice code of a >= 0 with parameter k and an escape: q = a >> k; q < kRiceMaxQ: q ones, a zero,
/// the k low bits; else kRiceMaxQ ones and a in kRiceEscBits raw bits.
constexpr unsigned kRiceMaxQ = 12, kRiceEscBits = 16;
unsigned rice_bits(std::uint32_t a, unsigned k) {
  const std::uint32_t q = a >> k;
  return q < kRiceMaxQ ? q + 1 + k : kRiceMaxQ + kRiceEscBits;
}

// ---- candidate transform formats -----------------------------------------------------------

/// How the quantized coefficients of a tile are coded (format notes: kFormatNotes).
enum class Coding {
  kP,      ///< DCT8-P: DC in a fixed width, AC mask over the zone, non-zero AC in 8 bits (saturated)
  kWidth,  ///< as kP, non-zero AC in a per-tile width b (4-bit field), no saturation
  kRice,   ///< DC DPCM exp-Golomb, last index, per-tile Rice k, every AC up to last Rice + sign
  kSig,    ///< as kRice, each AC before last has a significance bit, non-zero ones Rice(|q|-1) + sign
  kIdeal,  ///< reference only: order-0 entropy per coefficient position of the tensor (not a format)
};

/// One fully specified transform format at one quality setting.
struct Format {
  const Transform* t = &kT8;
  bool edge_pad = false;   ///< encoder pads edge tiles by replicating the plane border (else zeros)
  unsigned zone = 14;      ///< keep coefficients with u + v <= zone
  unsigned shift = 6;      ///< quantizer shift s: step 2^s
  unsigned qm = 0;         ///< quantization matrix: extra shift floor((u + v) * qm / (2n - 2))
  unsigned dz = 4;         ///< rounding offset in eighths of the step (4: nearest, < 4: dead zone)
  Coding coding = Coding::kP;
  unsigned dc_k = 2;       ///< exp-Golomb order of the DC residual (kRice, kSig)
  bool zero_mask = false;  ///< per-tile zero mask, exact zeros kept (kRice, kSig)
  unsigned thresh = 1;     ///< with the mask: |x| < thresh is coded as zero
  bool mean_fill = false;  ///< with the mask: encoder fills zero and padding cells with the tile mean
  bool skip = false;       ///< transform skip: a per-tile mode bit selects spatial coding (kRice, kSig)
  unsigned lam = 2;        ///< encoder mode choice: min SSE + lam/16 * step^2 * bits
};

/// Per-tensor coding context: value range, DC prediction, reference histograms.
struct Ctx {
  std::int32_t lo, hi;  ///< output range (header bit: non-negative tensor -> [0, Q])
  std::int32_t dc_pred = 0;
  std::uint64_t tiles = 0, dct_tiles = 0;  ///< coded (non-empty) tiles, those using the transform
  std::vector<std::map<std::int32_t, std::uint64_t>> hist;  ///< kIdeal: per position
};

unsigned tile_shift(const Format& f, unsigned u, unsigned v) {
  return f.shift + ((u + v) * f.qm) / (2 * f.t->n - 2);
}

/// Quantizes F into q (raster order), cuts the zone; returns nothing. kP / kWidth quantize the DC
/// as (F + 8) >> 4 and (kP) saturate AC to 8 bits, as DCT8-P specifies.
void quantize(const Format& f, const std::int32_t* F, std::int32_t* q) {
  const unsigned n = f.t->n;
  for (unsigned u = 0; u < n; ++u)
    for (unsigned v = 0; v < n; ++v) {
      const unsigned i = u * n + v;
      if (u + v > f.zone) {
        q[i] = 0;
        continue;
      }
      if ((f.coding == Coding::kP || f.coding == Coding::kWidth) && i == 0) {
        q[i] = (F[0] + 8) >> 4;
        continue;
      }
      const unsigned s = tile_shift(f, u, v);
      if (f.coding == Coding::kP) {
        q[i] = std::clamp((F[i] + (1 << (s - 1))) >> s, -128, 127);
        continue;
      }
      const std::int32_t a = std::abs(F[i]);
      const std::int32_t mag = (a + ((std::int32_t(f.dz) << s) >> 3)) >> s;
      q[i] = F[i] < 0 ? -mag : mag;
    }
}

void dequantize(const Format& f, const std::int32_t* q, std::int32_t* F) {
  const unsigned n = f.t->n;
  for (unsigned u = 0; u < n; ++u)
    for (unsigned v = 0; v < n; ++v) {
      const unsigned i = u * n + v;
      const bool fixed_dc = (f.coding == Coding::kP || f.coding == Coding::kWidth) && i == 0;
      F[i] = q[i] * (1 << (fixed_dc ? 4 : tile_shift(f, u, v)));
    }
}

/// Bits of the coefficient data of one tile (q raster order). `flag`: a leading non-empty bit.
std::uint64_t coefficient_bits(const Format& f, const std::vector<unsigned>& zz, unsigned zone_size,
                               const std::int32_t* q, bool flag, Ctx& ctx) {
  bool any = false;
  for (unsigned i = 0; i < zone_size; ++i) any |= q[zz[i]] != 0;
  if (f.coding == Coding::kIdeal) {
    for (unsigned i = 0; i < zone_size; ++i) ctx.hist[i][q[zz[i]]] += 1;
    return 0;
  }
  if (flag && !any) {
    ctx.dc_pred = 0;
    return 1;
  }
  std::uint64_t bits = flag ? 1 : 0;
  if (f.coding == Coding::kP || f.coding == Coding::kWidth) {
    bits += f.t->n == 8 ? 11 : 10;  // DC, two's complement (or unsigned for unsigned input)
    bits += zone_size - 1;           // AC mask, zig-zag order
    unsigned w = 1, nz = 0;
    for (unsigned i = 1; i < zone_size; ++i) {
      const std::int32_t v = q[zz[i]];
      nz += v != 0;
      w = std::max(w, signed_width(v));
    }
    if (f.coding == Coding::kP) return bits + 8ull * nz;
    return bits + (nz ? 4 + std::uint64_t(nz) * w : 0);
  }
  // kRice / kSig: DC residual, last, Rice parameter, AC.
  bits += eg_bits(zigzag_map(q[0] - ctx.dc_pred), f.dc_k);
  ctx.dc_pred = q[0];
  unsigned last = 0;
  for (unsigned i = 1; i < zone_size; ++i)
    if (q[zz[i]] != 0) last = i;
  bits += log2ceil(zone_size);
  if (last == 0) return bits;
  std::uint64_t best = ~0ull;
  for (unsigned k = 0; k < 8; ++k) {
    std::uint64_t b = 3;
    for (unsigned i = 1; i <= last; ++i) {
      const std::uint32_t a = std::uint32_t(std::abs(q[zz[i]]));
      if (f.coding == Coding::kRice) {
        b += rice_bits(a, k) + (a != 0);
      } else {
        b += (i == last ? 0 : 1) + (a != 0 ? rice_bits(a - 1, k) + 1 : 0);
      }
    }
    best = std::min(best, b);
  }
  return bits + best;
}

/// Bits of a transform-skip tile: a 3-bit Rice parameter k (encoder picks the cheapest), then per
/// in-plane cell (raster order) a significance bit and, if non-zero, Rice_k(|w| - 1) and (signed
/// tensors only) a sign bit.
std::uint64_t spatial_bits(const std::int32_t* w, unsigned count, bool sign) {
  std::uint64_t best = ~0ull;
  for (unsigned k = 0; k < 8; ++k) {
    std::uint64_t b = 3;
    for (unsigned i = 0; i < count; ++i) {
      const std::uint32_t a = std::uint32_t(std::abs(w[i]));
      b += 1 + (a != 0 ? rice_bits(a - 1, k) + (sign ? 1 : 0) : 0);
    }
    best = std::min(best, b);
  }
  return best;
}

struct Plane {
  const std::int32_t* v;  // H x W, row-major
  unsigned h, w;
};

/// A tile of a transform-skip format: 1 bit non-empty; in a non-empty tile a mode bit, then the
/// transform coefficients (as kRice / kSig without the non-empty bit) or the spatial values
/// w = sign(x) ((|x| + 2^(k-1)) >> k), k = s - 4 (the same step as the transform's), reconstructed
/// as w << k. The encoder picks empty / transform / spatial by SSE + lambda * bits. A spatial tile
/// leaves the DC predictor unchanged, an empty one resets it to 0. Returns the bits; writes `out`.
std::uint64_t code_tile_skip(const Format& f, const std::vector<unsigned>& zz, unsigned zone_size,
                             const Plane& p, unsigned ty, unsigned tx, unsigned rows, unsigned cols,
                             const std::int32_t* x, Ctx& ctx, std::int32_t* out) {
  const unsigned n = f.t->n;
  std::int32_t F[64], q[64], y[64], w[64], ys[64];
  const std::int32_t pred = ctx.dc_pred;
  forward(*f.t, x, F);
  quantize(f, F, q);
  const std::uint64_t bits_dct = 2 + coefficient_bits(f, zz, zone_size, q, false, ctx);
  dequantize(f, q, F);
  inverse(*f.t, F, y);
  const unsigned k = f.shift >= 4 ? f.shift - 4 : 0;
  unsigned cnt = 0;
  for (unsigned i = 0; i < rows; ++i)
    for (unsigned j = 0; j < cols; ++j) {
      const std::int32_t v = x[i * n + j], a = std::abs(v);
      const std::int32_t mag = k == 0 ? a : (a + (1 << (k - 1))) >> k;
      w[cnt] = v < 0 ? -mag : mag;
      ys[cnt] = w[cnt] * (1 << k);
      ++cnt;
    }
  const std::uint64_t bits_sp = 2 + spatial_bits(w, cnt, ctx.lo < 0);
  double sse_dct = 0, sse_sp = 0, sse_0 = 0;
  for (unsigned i = 0, c = 0; i < rows; ++i)
    for (unsigned j = 0; j < cols; ++j, ++c) {
      const double v = x[i * n + j];
      const double d = std::clamp(y[i * n + j], ctx.lo, ctx.hi) - v;
      const double e = std::clamp(ys[c], ctx.lo, ctx.hi) - v;
      sse_dct += d * d, sse_sp += e * e, sse_0 += v * v;
    }
  const double step = double(1u << f.shift) / 16.0, lambda = step * step * f.lam / 16.0;
  const double j_dct = sse_dct + lambda * double(bits_dct), j_sp = sse_sp + lambda * double(bits_sp),
               j_0 = sse_0 + lambda;
  std::uint64_t bits;
  if (j_0 <= j_dct && j_0 <= j_sp) {
    ctx.dc_pred = 0;
    bits = 1;
    for (unsigned i = 0; i < rows; ++i)
      for (unsigned j = 0; j < cols; ++j) out[(ty + i) * p.w + tx + j] = 0;
  } else if (j_dct <= j_sp) {
    ctx.tiles += 1, ctx.dct_tiles += 1;
    bits = bits_dct;
    for (unsigned i = 0; i < rows; ++i)
      for (unsigned j = 0; j < cols; ++j)
        out[(ty + i) * p.w + tx + j] = std::clamp(y[i * n + j], ctx.lo, ctx.hi);
  } else {
    ctx.tiles += 1;
    ctx.dc_pred = pred;
    bits = bits_sp;
    for (unsigned i = 0, c = 0; i < rows; ++i)
      for (unsigned j = 0; j < cols; ++j, ++c) out[(ty + i) * p.w + tx + j] = std::clamp(ys[c], ctx.lo, ctx.hi);
  }
  return bits;
}

/// Codes one plane: returns the bits, writes the reconstruction into `out` (H x W).
std::uint64_t code_plane(const Format& f, const Plane& p, Ctx& ctx, std::int32_t* out) {
  const unsigned n = f.t->n;
  static std::vector<unsigned> zz4 = zigzag(4), zz8 = zigzag(8);
  const std::vector<unsigned>& zz = n == 8 ? zz8 : zz4;
  unsigned zone_size = 0;
  for (unsigned i = 0; i < n * n; ++i) zone_size += (zz[i] / n + zz[i] % n) <= f.zone;
  std::uint64_t bits = 0;
  std::int32_t x[64], F[64], q[64], y[64];
  bool nz[64];
  ctx.dc_pred = 0;
  for (unsigned ty = 0; ty < p.h; ty += n)
    for (unsigned tx = 0; tx < p.w; tx += n) {
      const unsigned rows = std::min(n, p.h - ty), cols = std::min(n, p.w - tx);
      // Tile with padding, zero mask.
      std::int64_t sum = 0;
      unsigned cnt = 0;
      for (unsigned i = 0; i < n; ++i)
        for (unsigned j = 0; j < n; ++j) {
          const bool in = i < rows && j < cols;
          const unsigned yy = std::min(ty + i, p.h - 1), xx = std::min(tx + j, p.w - 1);
          std::int32_t v = (in || f.edge_pad) ? p.v[yy * p.w + xx] : 0;
          if (f.zero_mask && std::abs(v) < std::int32_t(f.thresh)) v = 0;
          x[i * n + j] = v;
          nz[i * n + j] = v != 0;
          if (in && v != 0) {
            sum += v;
            ++cnt;
          }
        }
      if (f.skip) {
        bits += code_tile_skip(f, zz, zone_size, p, ty, tx, rows, cols, x, ctx, out);
        continue;
      }
      bool coded = true;
      if (f.zero_mask) {
        // Mask: non-empty bit; in a non-empty tile an all-non-zero bit, else one bit per
        // in-plane cell.
        bits += 1;
        if (cnt == 0) {
          coded = false;
        } else {
          bits += 1 + (cnt == rows * cols ? 0 : rows * cols);
          if (f.mean_fill) {
            const std::int32_t mean = std::int32_t((sum + cnt / 2) / cnt);
            for (unsigned i = 0; i < n; ++i)
              for (unsigned j = 0; j < n; ++j)
                if (!nz[i * n + j] || i >= rows || j >= cols) x[i * n + j] = mean;
          }
        }
      }
      if (coded) {
        forward(*f.t, x, F);
        quantize(f, F, q);
        const std::uint64_t b = coefficient_bits(f, zz, zone_size, q, !f.zero_mask, ctx);
        bits += b;
        ctx.tiles += b > 1 || f.zero_mask;
        ctx.dct_tiles += b > 1 || f.zero_mask;
        dequantize(f, q, F);
        inverse(*f.t, F, y);
      } else {
        std::fill(y, y + n * n, 0);
      }
      for (unsigned i = 0; i < rows; ++i)
        for (unsigned j = 0; j < cols; ++j) {
          std::int32_t r = std::clamp(y[i * n + j], ctx.lo, ctx.hi);
          if (f.zero_mask) {
            if (!nz[i * n + j]) {
              r = 0;
            } else if (ctx.lo >= 0) {
              r = std::max(r, std::int32_t(f.thresh));
            }
          }
          out[(ty + i) * p.w + tx + j] = r;
        }
    }
  return bits;
}

// ---- tensors, candidates, statistics -------------------------------------------------------

struct TensorIn {
  std::vector<std::int32_t> v;
  std::vector<std::uint64_t> shape;
  unsigned c, h, w, m;
  bool nonneg;
};

/// What coding a tensor gave: bits, and the coded tiles of a transform format and how many of them
/// used the transform (the others: transform skip).
struct Coded {
  std::uint64_t bits = 0, tiles = 0, dct_tiles = 0;
};

/// A candidate at one quality setting: codes a tensor, writes the reconstruction into `out`.
struct Candidate {
  std::string family, setting;
  std::function<Coded(const TensorIn&, std::vector<std::int32_t>&)> code;
  bool reference = false;  ///< an ideal-entropy estimate, not a bit format
};

double entropy_bits(const std::map<std::int32_t, std::uint64_t>& h) {
  std::uint64_t n = 0;
  for (const auto& [v, c] : h) n += c;
  double b = 0;
  for (const auto& [v, c] : h) b -= double(c) * std::log2(double(c) / double(n));
  return b;
}

Coded code_dct(const Format& f, const TensorIn& t, std::vector<std::int32_t>& out) {
  Ctx ctx;
  ctx.lo = t.nonneg ? 0 : -(1 << (t.m - 1));
  ctx.hi = (1 << (t.m - 1)) - 1;
  if (f.coding == Coding::kIdeal) ctx.hist.resize(f.t->n * f.t->n);
  std::uint64_t bits = 0;
  const std::size_t hw = std::size_t(t.h) * t.w;
  for (unsigned ch = 0; ch < t.c; ++ch)
    bits += code_plane(f, Plane{t.v.data() + ch * hw, t.h, t.w}, ctx, out.data() + ch * hw);
  if (f.coding == Coding::kIdeal) {
    double b = 0;
    for (const auto& h : ctx.hist) b += entropy_bits(h);
    bits = std::uint64_t(std::ceil(b));
  }
  return Coded{bits, ctx.tiles, ctx.dct_tiles};
}

/// Drops the k LSBs of every value; `word` receives what the lossless coder codes, `out` the
/// reconstruction (clamped to the range). `trunc` false: word = (x + 2^(k-1)) >> k (round to the
/// nearest multiple of 2^k, ties up), reconstruction word << k. `trunc` true (the issue's
/// baseline): word = x >> k, reconstruction word << k plus 2^(k-1) if the word is non-zero.
void drop_lsbs(const TensorIn& t, unsigned k, bool trunc, std::vector<std::int32_t>& word,
               std::vector<std::int32_t>& out) {
  const std::int32_t lo = -(1 << (t.m - 1)), hi = (1 << (t.m - 1)) - 1;
  const std::int32_t half = k == 0 ? 0 : 1 << (k - 1);
  word.resize(t.v.size());
  for (std::size_t i = 0; i < t.v.size(); ++i) {
    word[i] = trunc ? t.v[i] >> k : (t.v[i] + half) >> k;
    out[i] = std::clamp(word[i] * (1 << k) + (trunc && word[i] != 0 ? half : 0), lo, hi);
  }
}

std::uint64_t code_lossless(const fmc::Codec& codec, const TensorIn& t, const std::vector<std::int32_t>& w) {
  const fmc::WordView view(w.data(), w.size(), t.m);
  auto cfg = codec.configure(t.m, {}, &t.shape, &view);  // data-derived defaults (mcrc: unsigned)
  if (!cfg.ok()) {
    std::fprintf(stderr, "dct_explore: %s: %s\n", codec.name(), cfg.status().message().c_str());
    std::exit(1);
  }
  auto s = codec.encode(cfg.value(), view);
  if (!s.ok()) {
    std::fprintf(stderr, "dct_explore: %s: %s\n", codec.name(), s.status().message().c_str());
    std::exit(1);
  }
  return fmc::stream_bits(s.value(), codec.streams(cfg.value()));
}

/// Per class and candidate.
struct Acc {
  double ratio_sum = 0, psnr_sum = 0, exact_sum = 0;
  std::int32_t max_err = 0;
  unsigned n = 0, lossless = 0;
  std::uint64_t tiles = 0, dct_tiles = 0;
};

/// A curve: (PSNR, ratio) points of one family; the ratio at a PSNR by linear interpolation on the
/// upper envelope (a point is dropped if another has both a higher PSNR and a higher ratio).
struct Curve {
  std::vector<std::pair<double, double>> pts;
  void finish() {
    std::sort(pts.begin(), pts.end());
    std::vector<std::pair<double, double>> keep;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      bool dominated = false;
      for (std::size_t j = 0; j < pts.size(); ++j)
        dominated |= j != i && pts[j].first >= pts[i].first && pts[j].second > pts[i].second;
      if (!dominated) keep.push_back(pts[i]);
    }
    pts = keep;
  }
  /// NaN outside the measured PSNR range.
  double at(double psnr) const {
    if (pts.empty() || psnr < pts.front().first || psnr > pts.back().first) return std::nan("");
    for (std::size_t i = 0; i + 1 < pts.size(); ++i)
      if (psnr <= pts[i + 1].first) {
        const double a = (psnr - pts[i].first) / (pts[i + 1].first - pts[i].first);
        return pts[i].second + a * (pts[i + 1].second - pts[i].second);
      }
    return pts.back().second;
  }
};

std::string fmt(const char* f, double v) {
  if (std::isnan(v)) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

const char* kFormatNotes =
    "## Candidate formats (what each family's bits are)\n\n"
    "All transform formats: each channel plane H x W is cut into n x n tiles (n = 8 or 4), row-major, "
    "planes in channel order; a decoder crops the edge tiles. Transform: HEVC integer core transform, "
    "8-point as in DCT8-P (forward passes >> 2 and >> 9, inverse >> 7 with clip16 and >> 12), 4-point "
    "rows `64 64 64 64 | 83 36 -36 -83 | 64 -64 -64 64 | 36 -83 83 -36` (forward >> 1, >> 9; inverse "
    ">> 7, >> 11); both give 16x the orthonormal coefficients, so shift s = a step of 2^s/16 in "
    "orthonormal units for either size. Every shift rounds (+2^(s-1)), arithmetic. Output clamped to "
    "[0, 127] for a tensor whose header bit says non-negative (ReLU), else [-128, 127]. Per-tensor "
    "parameters (shape, n, d, s, qm, k_dc, T) are side-band, not counted (like EBPC's word count).\n\n"
    "- **P** (DCT8-P, docs grlc-dct-proposals.md): zone u+v <= d; DC q0 = (F00+8)>>4 in 11 bits "
    "(10 for n = 4); AC q = sat8((F + 2^(s-1)) >> s); per tile 1 bit non-empty, then DC, AC mask of "
    "|Z_d|-1 bits (zig-zag), non-zero AC in 8 bits.\n"
    "- **W**: as P, AC not saturated; a non-empty AC mask is followed by a 4-bit width b (1..16) and "
    "the non-zero AC in b-bit two's complement.\n"
    "- **R** (Rice): all coefficients quantized q = sign(F) ((|F| + o) >> s_uv), o = dz/8 * 2^s_uv "
    "(dz = 4: round to nearest; dz < 4: dead zone), dequantized q << s_uv; s_uv = s + floor((u+v) qm "
    "/ (2n-2)) (qm = 0: one shift for all; qm > 0: a quantization matrix of shifts). Per tile: 1 bit "
    "non-empty (all q zero -> `0`); DC residual q00 - (previous tile's q00 in the plane, 0 at the "
    "plane start and after an empty tile) as signed exp-Golomb order k_dc (zig-zag mapped 0,-1,1,..); "
    "`last` = zig-zag index of the last non-zero AC in log2(n^2) bits (0: no AC); if last > 0 a 3-bit "
    "Rice parameter k (encoder picks the cheapest) and every AC 1..last as Rice_k(|q|) + a sign bit "
    "if non-zero. Rice_k(a): a>>k < 12: (a>>k) ones, a zero, k low bits; else 12 ones + 16-bit a.\n"
    "- **S** (significance + Rice): as R, but each AC before `last` has a significance bit and a "
    "non-zero AC is Rice_k(|q|-1) + sign (the one at `last` has no significance bit).\n"
    "- **+Z** (zero mask, ReLU): values with |x| < T become 0 and are kept exactly: per tile 1 bit "
    "any-non-zero (`0`: all zero, no coefficients), else 1 bit all-non-zero, else one mask bit per "
    "in-plane cell; then the tile's R/S coefficient data without the non-empty bit. Decoder: "
    "masked cells 0, others the inverse transform clamped to [T, 127] (non-negative tensors). "
    "Encoder fill (`mean`): masked and padding cells get the rounded mean of the tile's non-zero "
    "cells before the transform (free for the decoder).\n"
    "- **edge**: the encoder pads edge tiles by replicating the last row/column (decoder "
    "unchanged); otherwise zero padding.\n"
    "- **ideal** rows are *references, not formats*: order-0 entropy of each coefficient position's "
    "quantized values over the tensor (a static ideal model, its cost not counted).\n"
    "- **LSB-drop k + codec**: word = (x + 2^(k-1)) >> k coded losslessly by the registry codec "
    "(default parameters, plane shape from the tensor, `unsigned` from the words); reconstruction "
    "clamp(word << k). **LSB-drop + mcrc** is exactly MCRC's near-lossless mode `near` = k. **LSB-drop "
    "trunc**: word = x >> k, reconstruction (word << k) + 2^(k-1) for a non-zero word, 0 for a zero "
    "word (this is the variant whose EBPC figures the issue quotes). The crossover columns compare "
    "against the upper envelope of all LSB-drop curves.\n"
    "- **+TS** (transform skip): per tile 1 bit non-empty, then 1 mode bit: transform (the S "
    "coefficient data without the non-empty bit) or spatial: values w = sign(x) ((|x| + "
    "2^(k-1)) >> k), k = s - 4 (the transform's step), a 3-bit Rice parameter, per in-plane cell "
    "(raster) a significance bit and, if non-zero, Rice(|w|-1) and a sign bit for signed tensors; "
    "reconstruction w << k. The encoder chooses empty / transform / spatial by SSE + lam/16 "
    "(2^s/16)^2 bits (lam = 2 unless named); a spatial tile leaves the DC predictor unchanged. "
    "`DCT tiles` = the fraction of non-empty tiles coded with the transform.\n";

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, md, image, only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--md" && i + 1 < argc) {
      md = argv[++i];
    } else if (a == "--image" && i + 1 < argc) {
      image = argv[++i];
    } else if (a == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (a == "-h" || a == "--help") {
      std::printf(
          "usage: dct_explore <corpus dir> --md FILE [--image NAME] [--only TEXT]\n"
          "  --image NAME  only the tensors of that image (folder name)\n"
          "  --only TEXT   only the LSB-drop baselines and the families whose name contains TEXT\n");
      return 0;
    } else {
      corpus = a;
    }
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "dct_explore: error: no corpus directory\n");
    return 2;
  }
  auto inputs = fmc_cli::collect_inputs({corpus});
  if (!inputs.ok()) {
    std::fprintf(stderr, "dct_explore: error: %s\n", inputs.status().to_string().c_str());
    return 1;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& in : inputs.value()) {
    const std::filesystem::path f(in.path);
    if (image.empty() || f.parent_path().filename() == image) files.push_back(f);
  }

  // ---- candidates ----
  std::vector<Candidate> cands;
  auto add_dct = [&](const std::string& family, const std::string& setting, Format f, bool ref = false) {
    if (!only.empty() && family.find(only) == std::string::npos) return;
    cands.push_back({family, setting,
                     [f](const TensorIn& t, std::vector<std::int32_t>& out) { return code_dct(f, t, out); },
                     ref});
  };
  const std::vector<std::pair<std::string, bool>> lossless = {
      {"grlc", false}, {"ebpc", false}, {"zvc", false}, {"mcrc", false}, {"grlc", true}, {"ebpc", true}};
  for (const auto& [name, trunc] : lossless) {
    auto c = fmc::find_codec(name);
    if (!c.ok()) continue;
    const fmc::Codec* codec = c.value();
    for (unsigned k = trunc ? 1 : 0; k <= 6; ++k)
      cands.push_back({std::string(trunc ? "LSB-drop trunc + " : "LSB-drop + ") + name, "k=" + std::to_string(k),
                       [codec, k, trunc = trunc](const TensorIn& t, std::vector<std::int32_t>& out) {
                         std::vector<std::int32_t> w;
                         drop_lsbs(t, k, trunc, w, out);
                         return Coded{code_lossless(*codec, t, w), 0, 0};
                       }});
  }
  {
    Format f;  // DCT8-P as specified
    for (auto [d, s] : std::vector<std::pair<unsigned, unsigned>>{{5, 6}, {9, 6}, {14, 4}, {5, 5}, {9, 5}})
      f.zone = d, f.shift = s, add_dct("DCT8-P", "d=" + std::to_string(d) + " s=" + std::to_string(s), f);
    f.zone = 14;
    for (unsigned s : {5, 6, 7, 8}) f.shift = s, add_dct("DCT8-P", "d=14 s=" + std::to_string(s), f);
  }
  const std::vector<unsigned> shifts = {4, 5, 6, 7, 8, 9};
  auto sweep = [&](const std::string& family, Format f) {
    for (unsigned s : shifts) {
      f.shift = s;
      add_dct(family, "s=" + std::to_string(s), f, f.coding == Coding::kIdeal);
    }
  };
  {
    Format f;
    f.edge_pad = true;
    sweep("8x8 P edge", f);
    f.t = &kT4, f.zone = 6;
    sweep("4x4 P edge", f);
    f.coding = Coding::kWidth;
    sweep("4x4 W edge", f);
    f.coding = Coding::kRice;
    sweep("4x4 R edge", f);
    f.coding = Coding::kSig;
    sweep("4x4 S edge", f);
    f.t = &kT8, f.zone = 14;
    sweep("8x8 S edge", f);
    f.t = &kT4, f.zone = 6;
    f.qm = 2;
    sweep("4x4 S edge qm2", f);
    f.qm = 0, f.dz = 3;
    sweep("4x4 S edge dz3", f);
    f.dz = 2;
    sweep("4x4 S edge dz2", f);
    f.dz = 3, f.zero_mask = true;
    sweep("4x4 S+Z dz3", f);
    f.mean_fill = true;
    sweep("4x4 S+Z dz3 mean", f);
    f.thresh = 2;
    sweep("4x4 S+Z dz3 mean T2", f);
    f.t = &kT8, f.zone = 14, f.thresh = 1;
    sweep("8x8 S+Z dz3 mean", f);
    f = Format{};
    f.t = &kT4, f.zone = 6, f.edge_pad = true, f.coding = Coding::kSig, f.dz = 3, f.skip = true;
    sweep("4x4 S+TS edge dz3", f);
    f.lam = 1;
    sweep("4x4 S+TS edge dz3 lam1", f);
    f.lam = 4;
    sweep("4x4 S+TS edge dz3 lam4", f);
    f.lam = 2, f.dz = 4;
    sweep("4x4 S+TS edge", f);
    f.dz = 3, f.t = &kT8, f.zone = 14;
    sweep("8x8 S+TS edge dz3", f);
  }
  {
    Format f;
    f.coding = Coding::kIdeal, f.zone = 14, f.dz = 4;
    sweep("ideal 8x8 uniform (reference)", f);
    f.t = &kT4, f.zone = 6;
    sweep("ideal 4x4 uniform (reference)", f);
  }

  // ---- measure ----
  std::map<std::string, std::vector<Acc>> acc;  // class -> per candidate
  std::vector<std::int32_t> out;
  for (const auto& file : files) {
    auto r = fmc::npy_read(file.string());
    if (!r.ok()) {
      std::fprintf(stderr, "dct_explore: %s: %s\n", file.string().c_str(), r.status().message().c_str());
      return 1;
    }
    const fmc::Tensor& ten = r.value();
    if (ten.shape.size() != 3 || fmc::dtype_bits(ten.dtype) != 8) continue;
    TensorIn t;
    t.v = ten.values();
    t.shape = ten.shape;
    t.m = 8;
    t.c = unsigned(ten.shape[0]), t.h = unsigned(ten.shape[1]), t.w = unsigned(ten.shape[2]);
    t.nonneg = std::all_of(t.v.begin(), t.v.end(), [](std::int32_t v) { return v >= 0; });
    const bool relu = file.filename().string().find("relu") != std::string::npos;
    auto& a = acc[relu ? "int8 relu" : "int8 linear"];
    a.resize(cands.size());
    out.assign(t.v.size(), 0);
    const double peak = double((1 << (t.m - 1)) - 1), in_bits = double(t.v.size()) * t.m;
    for (std::size_t k = 0; k < cands.size(); ++k) {
      const Coded coded = cands[k].code(t, out);
      const std::uint64_t bits = coded.bits;
      const double words = double((bits + t.m - 1) / t.m);
      double sse = 0;
      std::uint64_t exact = 0;
      std::int32_t max_err = 0;
      for (std::size_t i = 0; i < t.v.size(); ++i) {
        const std::int32_t e = std::abs(out[i] - t.v[i]);
        sse += double(e) * e;
        exact += e == 0;
        max_err = std::max(max_err, e);
      }
      Acc& s = a[k];
      s.ratio_sum += in_bits / (words * t.m);
      if (sse == 0) {
        s.lossless += 1;
      } else {
        s.psnr_sum += 10 * std::log10(peak * peak / (sse / double(t.v.size())));
      }
      s.exact_sum += double(exact) / double(t.v.size());
      s.max_err = std::max(s.max_err, max_err);
      s.n += 1;
      s.tiles += coded.tiles, s.dct_tiles += coded.dct_tiles;
    }
    std::fprintf(stderr, "%s\n", file.string().c_str());
  }

  // ---- report ----
  std::string cmd = "dct_explore";
  for (int i = 1; i < argc; ++i) cmd += std::string(" ") + argv[i];
  std::string out_md;
  const std::vector<double> targets = {30, 33, 35, 38, 40, 45};
  for (const auto& [cls, v] : acc) {
    out_md += "## " + cls + " (" + std::to_string(v.empty() ? 0 : v[0].n) + " tensors)\n\n";
    out_md += "| family | setting | mean ratio | mean PSNR dB | max abs err | exact values | DCT tiles |\n";
    out_md += "|---|---|---:|---:|---:|---:|---:|\n";
    std::map<std::string, Curve> curves;
    std::vector<std::string> order;
    std::string goal;  // measured points at >= 3.3x and >= 35 dB (the issue's goal)
    for (std::size_t k = 0; k < cands.size(); ++k) {
      const Acc& s = v[k];
      const double ratio = s.ratio_sum / s.n;
      const bool all_exact = s.lossless == s.n;
      const double psnr = all_exact ? std::nan("") : s.psnr_sum / (s.n - s.lossless);
      out_md += "| " + cands[k].family + " | " + cands[k].setting + " | " + fmt("%.3f", ratio) + " | " +
                (all_exact ? std::string("lossless") : fmt("%.2f", psnr) + (s.lossless ? "*" : "")) + " | " +
                std::to_string(s.max_err) + " | " + fmt("%.3f", s.exact_sum / s.n) + " | " +
                (s.tiles ? fmt("%.3f", double(s.dct_tiles) / double(s.tiles)) : std::string("")) + " |\n";
      if (all_exact) continue;
      if (ratio >= 3.3 && psnr >= 35.0 && !cands[k].reference)
        goal += "- " + cands[k].family + ", " + cands[k].setting + ": " + fmt("%.3f", ratio) + "x at " +
                fmt("%.2f", psnr) + " dB\n";
      if (curves.find(cands[k].family) == curves.end()) order.push_back(cands[k].family);
      curves[cands[k].family].pts.push_back({psnr, ratio});
    }
    for (auto& [name, c] : curves) c.finish();
    out_md += "\nMeasured points of " + cls + " at >= 3.3x mean ratio and >= 35 dB mean PSNR (the issue's goal; "
              "formats only, no reference rows):\n\n" + (goal.empty() ? std::string("- none\n") : goal);
    // Baseline: the upper envelope of the LSB-drop curves.
    auto base_at = [&](double psnr) {
      double b = std::nan("");
      for (const auto& [name, c] : curves)
        if (name.rfind("LSB-drop", 0) == 0) {
          const double r = c.at(psnr);
          if (!std::isnan(r) && (std::isnan(b) || r > b)) b = r;
        }
      return b;
    };
    out_md += "\n### " + cls + ": ratio at a given mean PSNR (interpolated on each family's upper "
              "envelope; — outside its measured range) and where it beats LSB-drop\n\n| family |";
    std::string rule = "|---|";
    for (double p : targets) {
      out_md += " @" + fmt("%.0f", p) + " dB |";
      rule += "---:|";
    }
    out_md += " above the best LSB-drop curve (PSNR range, dB; only where both were measured) |\n" + rule +
              "---|\n";
    for (const auto& name : order) {
      const Curve& c = curves[name];
      out_md += "| " + name + " |";
      for (double p : targets) out_md += " " + fmt("%.2f", c.at(p)) + " |";
      std::string above;
      if (name.rfind("LSB-drop", 0) != 0) {
        double start = std::nan("");
        for (double p = 20.0; p <= 55.0 + 1e-9; p += 0.1) {
          const double r = c.at(p), b = base_at(p);
          const bool win = !std::isnan(r) && !std::isnan(b) && r > b;
          if (win && std::isnan(start)) start = p;
          if (!win && !std::isnan(start)) {
            above += (above.empty() ? "" : ", ") + fmt("%.1f", start) + "–" + fmt("%.1f", p - 0.1);
            start = std::nan("");
          }
        }
        if (above.empty()) above = "never (in the common range)";
      }
      out_md += " " + above + " |\n";
    }
    out_md += "\n";
  }
  std::fputs(out_md.c_str(), stdout);
  if (!md.empty()) {
    std::ofstream o(md);
    o << "<!-- generated by dct_explore; do not edit -->\n\n"
      << "# DCT design space: ratio and loss per tensor class\n\n"
      << "`" << cmd << "`: exact coded bits of each candidate lossy format at each quality setting on every "
         "int8 tensor (int16 skipped), rounded up to 8-bit words; ratio = input bits / coded bits, "
         "averaged over the tensors of a class. PSNR = 10 log10(127^2 / MSE) per tensor, averaged over "
         "the tensors (a tensor reconstructed exactly is left out of the mean and marks it `*`). "
         "max abs err: over all tensors of the class; exact values: mean fraction of values "
         "reconstructed exactly.\n\n"
      << kFormatNotes << "\n" << out_md;
  }
  return 0;
}
