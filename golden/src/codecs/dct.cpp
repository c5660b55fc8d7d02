// SPDX-License-Identifier: Apache-2.0
// DCT golden codec (docs/dct-format.md; § refer to it): the transform, streaming encoder and
// decoder, whole-buffer wrappers, and the registry adapter. Independent of golden/tools/
// dct_explore.cpp (which measured the format); the two agree bit for bit on the format's bits.
#include "fmcodec/codecs/dct.hpp"

#include "codec_adapter.hpp"
#include "raster_bands.hpp"

#include <algorithm>
#include <memory>
#include <string>

namespace fmc {

const char* dct_error_name(DctError e) {
  switch (e) {
    case DctError::kTruncated: return "Truncated";
    case DctError::kTrailing: return "Trailing";
    case DctError::kEmptyTile: return "EmptyTile";
    case DctError::kCoefficientRange: return "CoefficientRange";
    case DctError::kValueRange: return "ValueRange";
    case DctError::kRiceEscape: return "RiceEscape";
  }
  return "Unknown";
}

Status DctParams::validate() const {
  if (data_width != 8 && data_width != 16)
    return {ErrorCode::kBadParams,
            "dct: data width " + std::to_string(data_width) + " not supported (8 or 16)"};
  if (plane_w < 1 || plane_w > 65535 || plane_h < 1 || plane_h > 65535)
    return {ErrorCode::kBadParams, "dct: plane_w and plane_h must be 1..65535"};
  if (shift < 4 || shift > 9)
    return {ErrorCode::kBadParams, "dct: shift " + std::to_string(shift) + " is not 4..9"};
  return {};
}

// ---- §3.2 the transform --------------------------------------------------------------------

namespace dct {

namespace {
/// The HEVC 4-point core transform matrix, M[u][i].
constexpr std::int32_t kM[4][4] = {{64, 64, 64, 64}, {83, 36, -36, -83}, {64, -64, -64, 64}, {36, -83, 83, -36}};

/// (v + 2^(k-1)) >> k, arithmetic (floor), k >= 1.
std::int64_t round_shift(std::int64_t v, unsigned k) { return (v + (std::int64_t(1) << (k - 1))) >> k; }
}  // namespace

const unsigned kScan[16] = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};

void forward(const std::int32_t x[16], std::int32_t f[16]) {
  std::int64_t t1[16];
  for (unsigned u = 0; u < 4; ++u)
    for (unsigned j = 0; j < 4; ++j) {
      std::int64_t s = 0;
      for (unsigned i = 0; i < 4; ++i) s += std::int64_t(kM[u][i]) * x[i * 4 + j];
      t1[u * 4 + j] = round_shift(s, 1);
    }
  for (unsigned u = 0; u < 4; ++u)
    for (unsigned v = 0; v < 4; ++v) {
      std::int64_t s = 0;
      for (unsigned j = 0; j < 4; ++j) s += t1[u * 4 + j] * kM[v][j];
      f[u * 4 + v] = static_cast<std::int32_t>(round_shift(s, 9));
    }
}

void inverse(const std::int32_t f[16], std::int32_t y[16], unsigned m) {
  const std::int64_t lim = std::int64_t(1) << (m + 7);  // clip to m + 8 signed bits
  std::int64_t y1[16];
  for (unsigned i = 0; i < 4; ++i)
    for (unsigned v = 0; v < 4; ++v) {
      std::int64_t s = 0;
      for (unsigned u = 0; u < 4; ++u) s += std::int64_t(kM[u][i]) * f[u * 4 + v];
      y1[i * 4 + v] = std::clamp(round_shift(s, 7), -lim, lim - 1);
    }
  for (unsigned i = 0; i < 4; ++i)
    for (unsigned j = 0; j < 4; ++j) {
      std::int64_t s = 0;
      for (unsigned v = 0; v < 4; ++v) s += y1[i * 4 + v] * kM[v][j];
      y[i * 4 + j] = static_cast<std::int32_t>(round_shift(s, 11));
    }
}

}  // namespace dct

namespace {

constexpr unsigned kRiceMaxQ = 12;     // §2.4: 12 ones announce the escape
constexpr unsigned kRiceEscBits = 16;  // ... followed by the value in 16 bits
constexpr unsigned kDcOrder = 2;       // §2.4: exp-Golomb order of the DC residual

bool fits(std::int32_t v, unsigned m) {
  return v >= -(std::int32_t(1) << (m - 1)) && v < (std::int32_t(1) << (m - 1));
}
unsigned floor_log2(std::uint32_t x) {
  unsigned b = 0;
  while (x >>= 1) ++b;
  return b;
}
/// §2.4: 0, -1, 1, -2, 2 ... -> 0, 1, 2, 3, 4 ...
std::uint32_t zigzag_map(std::int32_t r) {
  return r >= 0 ? 2u * std::uint32_t(r) : 2u * std::uint32_t(-r) - 1u;
}
std::int32_t zigzag_unmap(std::uint32_t u) {
  return (u & 1u) ? -std::int32_t((u + 1) / 2) : std::int32_t(u / 2);
}
unsigned eg_bits(std::uint32_t u) {
  const unsigned l = floor_log2(u + (1u << kDcOrder));
  return 2 * l - kDcOrder + 1;
}
unsigned rice_bits(std::uint32_t a, unsigned k) {
  const std::uint32_t q = a >> k;
  return q < kRiceMaxQ ? q + 1 + k : kRiceMaxQ + kRiceEscBits;
}

/// The derived constants of a configuration (§3).
struct Consts {
  unsigned m, s, S, kp;    ///< data width, shift, quantizer shift S = s + m - 8, spatial shift S - 4
  std::int32_t lo, hi;     ///< output range
  std::int32_t qmax, wmax; ///< largest |coefficient| 2^(13 - s), |spatial value| 2^(11 - s)
  bool sign;               ///< spatial values carry a sign bit (signed range)
  explicit Consts(const DctParams& p)
      : m(p.data_width), s(p.shift), S(p.shift + p.data_width - 8), kp(S - 4),
        lo(p.unsigned_range ? 0 : -(std::int32_t(1) << (m - 1))), hi((std::int32_t(1) << (m - 1)) - 1),
        qmax(std::int32_t(1) << (13 - s)), wmax(std::int32_t(1) << (11 - s)), sign(!p.unsigned_range) {}
};

// ---- §2.1 geometry -------------------------------------------------------------------------

/// A band: 4 rows of a plane (fewer at the plane's bottom), its cells from index `first`.
using detail::Band;

Band band_at(const DctParams& p, std::uint64_t plane, unsigned y0) {
  return detail::band_at(p.plane_w, p.plane_h, 4, plane, y0);
}
Band next_band(const DctParams& p, const Band& b) {
  return detail::next_band(p.plane_w, p.plane_h, 4, b);
}
unsigned band_tiles(const DctParams& p) { return (p.plane_w + 3) / 4; }

/// Tile g of band b: its columns, and its present cells (§2.1), a raster prefix of the tile:
/// rows 0..ia-1 whole (cw cells), row ia up to column ja.
struct Tile {
  unsigned x0 = 0, cw = 0;     ///< first column, columns in the plane (1..4)
  unsigned ia = 0, ja = 0;     ///< the last present cell
  unsigned count = 0;          ///< present cells (0: the tile is not coded)
  bool first_in_plane = false; ///< the plane's first tile: the DC predictor starts at 0
};

Tile tile_at(const DctParams& p, const Band& b, unsigned g, std::uint64_t n) {
  Tile t;
  t.x0 = 4 * g;
  t.cw = std::min(4u, p.plane_w - t.x0);
  t.first_in_plane = g == 0 && b.y0 == 0;
  for (unsigned i = 0; i < b.rows; ++i)
    for (unsigned j = 0; j < t.cw; ++j)
      if (b.first + std::uint64_t(i) * p.plane_w + t.x0 + j < n) {
        t.ia = i, t.ja = j;
        ++t.count;
      }
  return t;
}
/// Offset in the band of the c-th present cell of tile t.
std::size_t cell_offset(const DctParams& p, const Tile& t, unsigned c) {
  return std::size_t(c / t.cw) * p.plane_w + t.x0 + c % t.cw;
}

// ---- §2.5 packing --------------------------------------------------------------------------

/// MSB-first bit packing into m-bit words.
class BitSink {
 public:
  explicit BitSink(unsigned m) : m_(m) {}
  /// Appends the low `bits` bits of v (bits <= 16), MSB first.
  void put(std::uint32_t v, unsigned bits) {
    if (bits == 0) return;
    acc_ = (acc_ << bits) | (v & ((1u << bits) - 1u));
    fill_ += bits;
    while (fill_ >= m_) {
      fill_ -= m_;
      words_.push_back(static_cast<std::uint32_t>(acc_ >> fill_) & ((1u << m_) - 1u));
    }
    acc_ &= (std::uint64_t(1) << fill_) - 1u;
  }
  void flush() {
    if (fill_ > 0) words_.push_back(static_cast<std::uint32_t>(acc_ << (m_ - fill_)));
    acc_ = 0;
    fill_ = 0;
  }
  unsigned pending() const { return fill_; }
  const std::vector<std::uint32_t>& words() const { return words_; }

 private:
  unsigned m_;
  std::uint64_t acc_ = 0;
  unsigned fill_ = 0;
  std::vector<std::uint32_t> words_;
};

void put_rice(BitSink& o, std::uint32_t a, unsigned k) {
  const std::uint32_t q = a >> k;
  if (q < kRiceMaxQ) {
    o.put((1u << q) - 1u, q);
    o.put(0, 1);
    o.put(a, k);
  } else {
    o.put((1u << kRiceMaxQ) - 1u, kRiceMaxQ);
    o.put(a, kRiceEscBits);
  }
}
void put_eg(BitSink& o, std::uint32_t u) {
  const std::uint32_t v = u + (1u << kDcOrder);
  const unsigned l = floor_log2(v);
  o.put(0, l - kDcOrder);
  o.put(v, l + 1);
}

// ---- §4 encoder ----------------------------------------------------------------------------

/// §4.3: the smallest k in 0..7 with the fewest bits; `cost(k)` gives the bits at k.
template <typename Cost>
unsigned best_rice(Cost cost, std::uint64_t& bits) {
  unsigned best = 0;
  bits = cost(0);
  for (unsigned k = 1; k < 8; ++k) {
    const std::uint64_t b = cost(k);
    if (b < bits) bits = b, best = k;
  }
  return best;
}

/// §4.1-§4.4: codes one tile of band values `band` (present cells of tile t) into `out`;
/// `pred` is the DC predictor, updated.
void encode_tile(const DctParams& p, const Consts& c, const std::int32_t* band, const Tile& t,
                 std::int32_t& pred, BitSink& out) {
  // §4.1 padding: column clamped to the plane, row to the column's last present row.
  std::int32_t x[16];
  for (unsigned i = 0; i < 4; ++i)
    for (unsigned j = 0; j < 4; ++j) {
      unsigned jj = std::min(j, t.cw - 1), ii;
      if (jj <= t.ja) {
        ii = std::min(i, t.ia);
      } else if (t.ia > 0) {
        ii = std::min(i, t.ia - 1);
      } else {
        ii = 0, jj = t.ja;
      }
      x[i * 4 + j] = band[std::size_t(ii) * p.plane_w + t.x0 + jj];
    }
  // §4.2 transform candidate.
  std::int32_t F[16], q[16], Fd[16], y[16];
  dct::forward(x, F);
  const std::int32_t off = (3 << c.S) >> 3;
  for (unsigned i = 0; i < 16; ++i) {
    const std::int32_t mag = (std::abs(F[i]) + off) >> c.S;
    q[i] = F[i] < 0 ? -mag : mag;
    Fd[i] = q[i] * (std::int32_t(1) << c.S);
  }
  dct::inverse(Fd, y, c.m);
  const std::uint32_t dc_code = zigzag_map(q[0] - pred);
  unsigned last = 0;
  for (unsigned i = 1; i < 16; ++i)
    if (q[dct::kScan[i]] != 0) last = i;
  std::uint64_t bits_t = 2 + eg_bits(dc_code) + 4, ac_bits = 0;
  unsigned k_t = 0;
  if (last > 0) {
    k_t = best_rice(
        [&](unsigned k) {
          std::uint64_t b = 0;
          for (unsigned i = 1; i <= last; ++i) {
            const std::uint32_t a = std::uint32_t(std::abs(q[dct::kScan[i]]));
            b += (i < last ? 1 : 0) + (a != 0 ? rice_bits(a - 1, k) + 1 : 0);
          }
          return b;
        },
        ac_bits);
    bits_t += 3 + ac_bits;
  }
  // §4.2 spatial candidate.
  std::int32_t w[16], ys[16];
  for (unsigned k = 0; k < t.count; ++k) {
    const std::int32_t v = x[(k / t.cw) * 4 + k % t.cw], a = std::abs(v);
    const std::int32_t mag = c.kp == 0 ? a : (a + (1 << (c.kp - 1))) >> c.kp;
    w[k] = v < 0 ? -mag : mag;
    ys[k] = w[k] * (std::int32_t(1) << c.kp);
  }
  std::uint64_t sp_bits = 0;
  const unsigned k_s = best_rice(
      [&](unsigned k) {
        std::uint64_t b = 0;
        for (unsigned i = 0; i < t.count; ++i) {
          const std::uint32_t a = std::uint32_t(std::abs(w[i]));
          b += 1 + (a != 0 ? rice_bits(a - 1, k) + (c.sign ? 1 : 0) : 0);
        }
        return b;
      },
      sp_bits);
  const std::uint64_t bits_s = 2 + 3 + sp_bits;
  // §4.4 mode decision: J = 8 SSE + bits << (2S - 8), over the present cells.
  std::int64_t sse_0 = 0, sse_t = 0, sse_s = 0;
  for (unsigned k = 0; k < t.count; ++k) {
    const unsigned r = (k / t.cw) * 4 + k % t.cw;
    const std::int64_t v = x[r];
    const std::int64_t d = std::clamp(y[r], c.lo, c.hi) - v, e = std::clamp(ys[k], c.lo, c.hi) - v;
    sse_0 += v * v, sse_t += d * d, sse_s += e * e;
  }
  const unsigned lam = 2 * c.S - 8;
  const std::int64_t j_0 = 8 * sse_0 + (std::int64_t(1) << lam),
                     j_t = 8 * sse_t + (std::int64_t(bits_t) << lam),
                     j_s = 8 * sse_s + (std::int64_t(bits_s) << lam);
  if (j_0 <= j_t && j_0 <= j_s) {
    out.put(0, 1);
    pred = 0;
  } else if (j_t <= j_s) {
    out.put(1, 1);
    out.put(0, 1);
    put_eg(out, dc_code);
    out.put(last, 4);
    if (last > 0) {
      out.put(k_t, 3);
      for (unsigned i = 1; i <= last; ++i) {
        const std::int32_t v = q[dct::kScan[i]];
        if (i < last) out.put(v != 0 ? 1 : 0, 1);
        if (v != 0) {
          put_rice(out, std::uint32_t(std::abs(v)) - 1, k_t);
          out.put(v < 0 ? 1 : 0, 1);
        }
      }
    }
    pred = q[0];
  } else {
    out.put(1, 1);
    out.put(1, 1);
    out.put(k_s, 3);
    for (unsigned i = 0; i < t.count; ++i) {
      out.put(w[i] != 0 ? 1 : 0, 1);
      if (w[i] != 0) {
        put_rice(out, std::uint32_t(std::abs(w[i])) - 1, k_s);
        if (c.sign) out.put(w[i] < 0 ? 1 : 0, 1);
      }
    }
  }
}

// §4 as a stream: the words of the current band are held (negative ones as 0 with `unsigned`);
// a tile is coded as soon as its last cell has arrived (its cell in the band's last row, or at the
// end of the transmission). A stream word is released with its `last` flag once a later bit
// exists or the transmission ended.
class DctEncoder final : public StreamEncoder {
 public:
  explicit DctEncoder(const DctParams& p)
      : p_(p), c_(p), sink_(p.data_width), band_(band_at(p, 0, 0)),
        band_vals_(std::size_t(4) * p.plane_w, 0) {}

  Status push(std::int32_t word, bool last) override {
    if (done_) return {ErrorCode::kBadInput, "push after the last word of the transmission"};
    if (!fits(word, p_.data_width))
      return {ErrorCode::kBadInput, "value " + std::to_string(word) + " at word " +
                                        std::to_string(n_) + " does not fit in " +
                                        std::to_string(p_.data_width) + " signed bits"};
    band_vals_[std::size_t(r_) * p_.plane_w + x_] = std::max(word, c_.lo);
    ++n_;
    const bool row_end = x_ + 1 == p_.plane_w;
    if (r_ + 1 == band_.rows && (x_ % 4 == 3 || row_end)) code_tile(x_ / 4);  // the tile's last cell
    ++x_;
    if (row_end) {
      x_ = 0;
      if (++r_ == band_.rows) {
        r_ = 0;
        band_ = next_band(p_, band_);
        next_tile_ = 0;
      }
    }
    if (last) {
      // The rest of the band: tiles with a cell in an earlier row.
      for (unsigned g = next_tile_; g < band_tiles(p_); ++g)
        if (band_.first + std::uint64_t(g) * 4 < n_) code_tile(g);
      sink_.flush();
      done_ = true;
    }
    return {};
  }

  std::optional<StreamBeat> pop(unsigned stream) override {
    if (stream != 0 || popped_ >= sink_.words().size()) return std::nullopt;
    const bool more = popped_ + 1 < sink_.words().size() || sink_.pending() > 0;
    if (!more && !done_) return std::nullopt;  // may still be the last one
    const std::uint32_t w = sink_.words()[popped_++];
    return StreamBeat{w, !more};
  }

  bool done() const override { return done_; }
  void reset() override { *this = DctEncoder(p_); }

 private:
  void code_tile(unsigned g) {
    const Tile t = tile_at(p_, band_, g, n_);
    if (t.first_in_plane) pred_ = 0;
    encode_tile(p_, c_, band_vals_.data(), t, pred_, sink_);
    next_tile_ = g + 1;
  }

  DctParams p_;
  Consts c_;
  BitSink sink_;
  Band band_;
  std::vector<std::int32_t> band_vals_;
  std::int32_t pred_ = 0;
  unsigned next_tile_ = 0;
  unsigned r_ = 0, x_ = 0;  // position of the next cell in the band
  std::uint64_t n_ = 0;
  std::size_t popped_ = 0;
  bool done_ = false;
};

// ---- §5 decoder ----------------------------------------------------------------------------

// Tiles in order, each parsed from its first bit once its bits are in (a tile that lacks bits
// waits, or is Truncated once the stream ended); errors in bit order. Words are released in
// raster order as soon as they are known: a band's first row up to the last decoded tile's
// columns, its other rows once its last tile is decoded.
class DctDecoder final : public StreamDecoder {
 public:
  DctDecoder(const DctParams& p, std::uint64_t n)
      : p_(p), c_(p), n_(n), band_(band_at(p, 0, 0)), band_vals_(std::size_t(4) * p.plane_w, 0) {}

  Status push(unsigned stream, std::uint32_t word, bool last) override {
    if (!status_.ok()) return status_;
    if (stream != 0) return fail(ErrorCode::kBadInput, "dct has 1 stream, not " + std::to_string(stream + 1));
    if ((word >> p_.data_width) != 0)
      return fail(ErrorCode::kBadInput, "word " + std::to_string(words_.size()) + " has bits above " +
                                            std::to_string(p_.data_width));
    if (ended_ || done_) return fail(DctError::kTrailing, "word after the stream's last word");
    words_.push_back(word);
    ended_ = last;
    step();
    return status_;
  }

  std::optional<std::int32_t> pop() override {
    if (popped_ >= out_.size() || !status_.ok()) return std::nullopt;
    return out_[popped_++];
  }
  const Status& status() const override { return status_; }
  bool done() const override { return done_ && status_.ok(); }
  bool wants(unsigned stream) const override { return stream == 0 && status_.ok() && !done_; }
  const std::vector<std::int32_t>& decoded() const override { return out_; }

  /// The whole stream at once: the same result as pushing it word by word, `last` on the final
  /// word, without a decode attempt per word.
  Status push_all(const std::vector<std::uint32_t>& words) {
    for (std::size_t i = 0; i < words.size(); ++i)
      if ((words[i] >> p_.data_width) != 0)
        return fail(ErrorCode::kBadInput, "word " + std::to_string(i) + " has bits above " +
                                              std::to_string(p_.data_width));
    words_ = words;
    ended_ = true;
    // At most 16 cells per bit of the stream: a bound that a huge N cannot inflate.
    out_.reserve(static_cast<std::size_t>(
        std::min<std::uint64_t>(n_, std::uint64_t(words.size()) * p_.data_width * 16)));
    step();
    return status_;
  }

  /// After the last word was pushed (an empty stream has no `last` beat): the stream has ended.
  Status finish() {
    if (!status_.ok() || done_) return status_;
    ended_ = true;
    step();
    return status_;
  }

 private:
  template <typename E>
  Status fail(E code, std::string msg) {
    if (status_.ok()) status_ = Status(code, std::move(msg));
    return status_;
  }

  /// Reads `bits` (<= 16) bits at `pos` into v; false when they are not all in yet.
  bool read(std::uint64_t& pos, unsigned bits, std::uint32_t& v) const {
    const unsigned m = p_.data_width;
    v = 0;
    if (bits == 0) return true;
    if (pos + bits > std::uint64_t(words_.size()) * m) return false;
    const std::uint64_t k = pos / m;
    std::uint64_t acc = 0;
    unsigned got = 0;
    for (std::uint64_t j = k; j < words_.size() && got < bits + m; ++j, got += m) acc = (acc << m) | words_[j];
    const unsigned skip = static_cast<unsigned>(pos % m);
    v = static_cast<std::uint32_t>((acc >> (got - skip - bits)) & ((1u << bits) - 1u));
    pos += bits;
    return true;
  }

  std::string where() const {
    return "tile " + std::to_string(tile_count_) + " (bit " + std::to_string(bit_) + ")";
  }

  /// §2.4 Rice_k: 1 done, 0 needs more bits, -1 failed.
  int read_rice(std::uint64_t& pos, unsigned k, std::uint32_t& a) {
    unsigned ones = 0;
    std::uint32_t b = 0;
    while (ones < kRiceMaxQ) {
      if (!read(pos, 1, b)) return 0;
      if (b == 0) break;
      ++ones;
    }
    if (ones == kRiceMaxQ) {
      if (!read(pos, kRiceEscBits, a)) return 0;
      if (a < (kRiceMaxQ << k)) {
        fail(DctError::kRiceEscape, where() + ": escape value " + std::to_string(a) + " is below " +
                                        std::to_string(kRiceMaxQ << k) + " (k = " + std::to_string(k) + ")");
        return -1;
      }
      return 1;
    }
    std::uint32_t low = 0;
    if (!read(pos, k, low)) return 0;
    a = (std::uint32_t(ones) << k) | low;
    return 1;
  }

  /// Parses the tile at bit_ (tile_) and reconstructs its present cells into vals_.
  /// 1: done, 0: needs more bits, -1: failed.
  int parse_tile() {
    std::uint64_t pos = bit_;
    std::uint32_t v = 0;
    const std::int32_t pred = tile_.first_in_plane ? 0 : pred_;
    vals_.assign(tile_.count, 0);
    if (!read(pos, 1, v)) return 0;
    if (v == 0) {  // empty tile
      next_pred_ = 0;
      bit_next_ = pos;
      return 1;
    }
    std::uint32_t mode = 0, k = 0;
    if (!read(pos, 1, mode)) return 0;
    if (mode == 0) {
      // §5.2 transform tile: DC residual (exp-Golomb order 2), last, Rice k, AC.
      unsigned z = 0;
      for (;;) {
        if (!read(pos, 1, v)) return 0;
        if (v) break;
        if (++z > 13 - c_.s) {
          fail(DctError::kCoefficientRange, where() + ": DC residual prefix longer than " +
                                                std::to_string(13 - c_.s) + " zeros");
          return -1;
        }
      }
      std::uint32_t low = 0;
      if (!read(pos, z + kDcOrder, low)) return 0;
      const std::uint32_t u = ((1u << (z + kDcOrder)) | low) - (1u << kDcOrder);
      std::int32_t q[16] = {};
      q[0] = pred + zigzag_unmap(u);
      if (std::abs(q[0]) > c_.qmax) {
        fail(DctError::kCoefficientRange, where() + ": DC " + std::to_string(q[0]) + " outside +-" +
                                              std::to_string(c_.qmax));
        return -1;
      }
      std::uint32_t last = 0;
      if (!read(pos, 4, last)) return 0;
      if (last == 0 && q[0] == 0) {
        fail(DctError::kEmptyTile, where() + ": a transform tile with all coefficients 0");
        return -1;
      }
      if (last > 0) {
        if (!read(pos, 3, k)) return 0;
        for (unsigned i = 1; i <= last; ++i) {
          std::uint32_t sig = 1, a = 0, sgn = 0;
          if (i < last && !read(pos, 1, sig)) return 0;
          if (!sig) continue;
          const int r = read_rice(pos, k, a);
          if (r <= 0) return r;
          if (a >= std::uint32_t(c_.qmax)) {
            fail(DctError::kCoefficientRange, where() + ": coefficient " + std::to_string(i) +
                                                  " magnitude " + std::to_string(a + 1) + " above " +
                                                  std::to_string(c_.qmax));
            return -1;
          }
          if (!read(pos, 1, sgn)) return 0;
          const std::int32_t mag = std::int32_t(a) + 1;
          q[dct::kScan[i]] = sgn ? -mag : mag;
        }
      }
      std::int32_t Fd[16], y[16];
      for (unsigned i = 0; i < 16; ++i) Fd[i] = q[i] * (std::int32_t(1) << c_.S);
      dct::inverse(Fd, y, c_.m);
      for (unsigned i = 0; i < tile_.count; ++i)
        vals_[i] = std::clamp(y[(i / tile_.cw) * 4 + i % tile_.cw], c_.lo, c_.hi);
      next_pred_ = q[0];
    } else {
      // §5.3 spatial tile: Rice k, per present cell significance, Rice(|w| - 1), sign.
      if (!read(pos, 3, k)) return 0;
      bool any = false;
      for (unsigned i = 0; i < tile_.count; ++i) {
        std::uint32_t sig = 0, a = 0, sgn = 0;
        if (!read(pos, 1, sig)) return 0;
        if (!sig) continue;
        any = true;
        const int r = read_rice(pos, k, a);
        if (r <= 0) return r;
        if (a >= std::uint32_t(c_.wmax)) {
          fail(DctError::kValueRange, where() + ": spatial value magnitude " + std::to_string(a + 1) +
                                          " above " + std::to_string(c_.wmax));
          return -1;
        }
        if (c_.sign && !read(pos, 1, sgn)) return 0;
        const std::int32_t mag = std::int32_t(a) + 1;
        vals_[i] = std::clamp((sgn ? -mag : mag) * (std::int32_t(1) << c_.kp), c_.lo, c_.hi);
      }
      if (!any) {
        fail(DctError::kEmptyTile, where() + ": a spatial tile with all values 0");
        return -1;
      }
      next_pred_ = pred;
    }
    bit_next_ = pos;
    return 1;
  }

  void step() {
    const unsigned m = p_.data_width;
    while (status_.ok() && !tiles_done_) {
      if (band_.first >= n_) {
        tiles_done_ = true;
        break;
      }
      tile_ = tile_at(p_, band_, g_, n_);
      const int r = parse_tile();
      if (r < 0) return;
      if (r == 0) {
        if (ended_)
          fail(DctError::kTruncated, "the stream (" + std::to_string(words_.size()) +
                                         " words) ends inside tile " + std::to_string(tile_count_));
        return;
      }
      bit_ = bit_next_;
      pred_ = next_pred_;
      for (unsigned i = 0; i < tile_.count; ++i) band_vals_[cell_offset(p_, tile_, i)] = vals_[i];
      ++tile_count_;
      // The band's first row is known up to this tile's last column; the later rows follow it
      // in raster order, so they wait for the band's last tile.
      const std::uint64_t known = std::min<std::uint64_t>(std::uint64_t(g_ + 1) * 4, p_.plane_w);
      detail::release_cells(band_, n_, known, band_vals_, out_, released_);
      if (++g_ == band_tiles(p_) || band_.first + std::uint64_t(g_) * 4 >= n_) {
        detail::release_band(band_, p_.plane_w, n_, band_vals_, out_, released_);
        band_ = next_band(p_, band_);
        g_ = 0;
      }
    }
    if (!status_.ok() || done_) return;
    // §6 end checks: padding bits 0, no word after the one holding the last bit.
    const detail::StreamEnd end = detail::check_stream_end(words_, bit_, m);
    if (end == detail::StreamEnd::kBadPadding) {
      fail(DctError::kTrailing, "padding bits after bit " + std::to_string(bit_) + " are not zero");
      return;
    }
    if (end == detail::StreamEnd::kWordsAfter) {
      fail(DctError::kTrailing, "the stream goes on after word " +
                                     std::to_string((bit_ + m - 1) / m) +
                                     " - 1, which holds the last tile's bit");
      return;
    }
    if (!ended_) return;  // the word holding the last bit must carry `last`
    done_ = true;
  }

  DctParams p_;
  Consts c_;
  std::uint64_t n_;
  Band band_;
  Tile tile_;
  std::vector<std::int32_t> band_vals_, vals_;
  std::vector<std::uint32_t> words_;
  bool ended_ = false;
  std::uint64_t bit_ = 0, bit_next_ = 0;
  std::int32_t pred_ = 0, next_pred_ = 0;
  unsigned g_ = 0;
  std::uint64_t released_ = 0;  // cells of the band in out_
  std::uint64_t tile_count_ = 0;
  bool tiles_done_ = false;
  std::vector<std::int32_t> out_;
  std::size_t popped_ = 0;
  bool done_ = false;
  Status status_;
};

DctParams params_of(const CodecConfig& cfg) {
  return DctParams{cfg.data_width, static_cast<unsigned>(cfg.param("plane_w")),
                   static_cast<unsigned>(cfg.param("plane_h")), static_cast<unsigned>(cfg.param("shift")),
                   cfg.param("unsigned") != 0};
}

std::uint32_t isqrt(std::uint64_t v) {
  std::uint64_t r = 0;
  while ((r + 1) * (r + 1) <= v) ++r;
  return static_cast<std::uint32_t>(r);
}

}  // namespace

Result<Streams> dct_encode(const DctParams& p, WordView words) {
  return detail::encode_whole<DctEncoder>(p, words, 1);
}

Result<std::vector<std::int32_t>> dct_decode(const DctParams& p, const Streams& s,
                                             std::uint64_t num_words) {
  Status st = p.validate();
  if (!st.ok()) return st;
  if (s.size() != 1)
    return Status(ErrorCode::kBadInput, "dct: expected 1 stream, got " + std::to_string(s.size()));
  if (num_words == 0) {
    if (!s[0].empty()) return Status(DctError::kTrailing, "word count is 0 but the stream is not empty");
    return std::vector<std::int32_t>{};
  }
  DctDecoder dec(p, num_words);
  if (!dec.push_all(s[0]).ok()) return dec.status();
  if (!dec.done()) return dec.finish();
  return dec.decoded();
}

std::optional<std::uint32_t> dct_error_bound(const DctParams& p) {
  if (p.unsigned_range) return std::nullopt;
  // §4.5: the chosen mode's cost is at most the spatial mode's, every mode takes at least 1 bit.
  const Consts c(p);
  const std::uint64_t sse_sp = c.kp == 0 ? 0 : std::uint64_t(16) << (2 * (c.kp - 1));
  const std::uint64_t bits_sp = 5 + 16 * (14 - std::uint64_t(c.s));
  const std::uint64_t lam = std::uint64_t(1) << (2 * c.S - 8);
  const std::uint32_t b = isqrt((8 * sse_sp + lam * (bits_sp - 1)) / 8);
  return std::min<std::uint32_t>(b, (std::uint32_t(1) << c.m) - 1);
}

namespace {

class DctCodec final : public detail::ParamsCodec<DctParams, DctEncoder, DctDecoder> {
 public:
  DctParams params(const CodecConfig& cfg) const override { return params_of(cfg); }
  const char* name() const override { return "dct"; }
  const char* title() const override {
    return "DCT: 4x4 tiles, HEVC integer transform or transform skip, Rice-coded (after Shao et al. 2021), lossy";
  }
  std::uint8_t id() const override { return kDctCodecId; }
  bool lossless() const override { return false; }
  std::vector<unsigned> data_widths() const override { return {8, 16}; }
  const std::vector<ParamSpec>& param_specs() const override {
    static const std::vector<ParamSpec> specs = [] {
      std::vector<ParamSpec> v = {
          {"plane_w", "plane width W (cells per row)", {}, 1, 65535, 65535, false},
          {"plane_h", "plane height H (rows per plane)", {}, 1, 65535, 1, false},
          {"shift", "quality: quantizer shift s (step 2^(s+m-8)/16), larger = smaller and lossier", {}, 4, 9, 7,
           false},
          {"unsigned", "1: output range [0, 2^(m-1)-1] (tensors without negative values), 0: signed", {0, 1}, 0, 0,
           0, false}};
      v[0].shape_axis = 1;
      v[1].shape_axis = 2;
      v[3].default_nonnegative = true;  // `unsigned`: set for a tensor without negative values
      return v;
    }();
    return specs;
  }
  std::vector<std::pair<std::uint8_t, const char*>> stream_errors() const override {
    return stream_error_table<DctError>(6);
  }
  std::vector<StreamInfo> streams(const CodecConfig& cfg) const override { return {{"tile", cfg.data_width}}; }
  Result<Streams> encode(const CodecConfig& cfg, WordView words) const override {
    return dct_encode(params_of(cfg), words);
  }
  Result<std::vector<std::int32_t>> decode(const CodecConfig& cfg, const Streams& s,
                                           std::uint64_t n) const override {
    return dct_decode(params_of(cfg), s, n);
  }
  std::uint64_t max_words(const CodecConfig& cfg, const Streams& s) const override {
    // Every coded tile takes at least one bit and holds at most 16 cells.
    const std::uint64_t bits = s.empty() ? 0 : std::uint64_t(s[0].size()) * cfg.data_width;
    return bits * 16;
  }
  std::optional<std::uint32_t> error_bound(const CodecConfig& cfg) const override {
    return dct_error_bound(params_of(cfg));
  }
};

}  // namespace

const Codec& dct_codec() {
  static const DctCodec codec;
  return codec;
}

}  // namespace fmc
