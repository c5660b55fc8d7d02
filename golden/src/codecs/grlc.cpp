// SPDX-License-Identifier: Apache-2.0
// GRLC golden codec (docs/grlc-format.md; § refer to it): streaming encoder and decoder,
// whole-buffer wrappers, and the registry adapter.
#include "fmcodec/codecs/grlc.hpp"

#include "codec_adapter.hpp"
#include "raster_bands.hpp"

#include <algorithm>
#include <memory>
#include <string>

namespace fmc {

const char* grlc_error_name(GrlcError e) {
  switch (e) {
    case GrlcError::kTruncated: return "Truncated";
    case GrlcError::kTrailing: return "Trailing";
    case GrlcError::kEmptyGrid: return "EmptyGrid";
    case GrlcError::kZeroValue: return "ZeroValue";
    case GrlcError::kValueRange: return "ValueRange";
  }
  return "Unknown";
}

Status GrlcParams::validate() const {
  if (data_width != 8 && data_width != 16)
    return {ErrorCode::kBadParams,
            "grlc: data width " + std::to_string(data_width) + " not supported (8 or 16)"};
  if (grid_h != 1 && grid_h != 2 && grid_h != 4)
    return {ErrorCode::kBadParams, "grlc: grid_h " + std::to_string(grid_h) + " is not 1, 2 or 4"};
  if (grid_w != 4 && grid_w != 8 && grid_w != 16)
    return {ErrorCode::kBadParams, "grlc: grid_w " + std::to_string(grid_w) + " is not 4, 8 or 16"};
  if (plane_w < 1 || plane_w > 65535 || plane_h < 1 || plane_h > 65535)
    return {ErrorCode::kBadParams, "grlc: plane_w and plane_h must be 1..65535"};
  return {};
}

namespace {

bool fits(std::int32_t v, unsigned m) {
  return v >= -(std::int32_t(1) << (m - 1)) && v < (std::int32_t(1) << (m - 1));
}
/// Width field bits: log2 m (§2.2).
unsigned width_field_bits(unsigned m) { return m == 8 ? 3 : 4; }
/// Bits of x > 0 (position of its highest 1, plus 1); 0 for 0.
unsigned bit_length(std::uint32_t x) {
  unsigned b = 0;
  while (x >> b) ++b;
  return b;
}
/// Smallest two's complement width of v (1..m): the bits of v (or of ~v when negative), plus the
/// sign bit.
unsigned signed_width(std::int32_t v) {
  return bit_length(static_cast<std::uint32_t>(v < 0 ? ~v : v)) + 1;
}
/// Smallest unsigned width of v >= 0 (1..m; 0 takes 1 bit).
unsigned unsigned_width(std::int32_t v) {
  const unsigned b = bit_length(static_cast<std::uint32_t>(v));
  return b == 0 ? 1 : b;
}

/// The geometry of a transmission (§2.1): planes of H x W cells in raster order, bands of GH rows,
/// grids of GW columns; a cell exists when its index is below N.
using detail::Band;  // rows = min(GH, H - y0)

Band band_at(const GrlcParams& p, std::uint64_t plane, unsigned y0) {
  return detail::band_at(p.plane_w, p.plane_h, p.grid_h, plane, y0);
}
Band next_band(const GrlcParams& p, const Band& b) {
  return detail::next_band(p.plane_w, p.plane_h, p.grid_h, b);
}
/// Grids of a band: ceil(W / GW).
unsigned band_grids(const GrlcParams& p) { return (p.plane_w + p.grid_w - 1) / p.grid_w; }

/// The existing cells of grid g of band b, in grid order (§2.1): their offsets in the band.
void grid_cells(const GrlcParams& p, const Band& b, unsigned g, std::uint64_t n,
                std::vector<std::uint32_t>& offs) {
  offs.clear();
  const unsigned x0 = g * p.grid_w, x1 = std::min(p.plane_w, x0 + p.grid_w);
  for (unsigned r = 0; r < b.rows; ++r)
    for (unsigned x = x0; x < x1; ++x) {
      const std::uint32_t off = r * p.plane_w + x;
      if (b.first + off < n) offs.push_back(off);
    }
}

/// MSB-first bit packing into m-bit words.
class BitSink {
 public:
  explicit BitSink(unsigned m) : m_(m) {}
  /// Appends the low `bits` bits of v (bits <= 16), MSB first.
  void put(std::uint32_t v, unsigned bits) {
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
  /// Bits written and not yet in a complete word.
  unsigned pending() const { return fill_; }
  const std::vector<std::uint32_t>& words() const { return words_; }

 private:
  unsigned m_;
  std::uint64_t acc_ = 0;  // the fill_ bits not yet in a word, in its low bits
  unsigned fill_ = 0;
  std::vector<std::uint32_t> words_;
};

/// §3: the code of one grid.
void encode_grid(const GrlcParams& p, const std::vector<std::int32_t>& v, BitSink& out) {
  const unsigned m = p.data_width;
  bool any = false, neg = false;
  unsigned nz = 0;
  for (auto x : v) {
    any = any || x != 0;
    neg = neg || x < 0;
    nz += x != 0;
  }
  if (!any) {
    out.put(0, 1);
    return;
  }
  const bool uns = !neg;
  // The widest value: unsigned, the OR of the values; two's complement, the OR of each value or
  // its complement (the bits that differ from the sign).
  std::uint32_t bits = 0;
  for (auto x : v) bits |= static_cast<std::uint32_t>(uns || x >= 0 ? x : ~x);
  const unsigned b = uns ? unsigned_width(static_cast<std::int32_t>(bits))
                         : signed_width(static_cast<std::int32_t>(bits));
  const std::uint64_t s = v.size();
  const bool dense = s * b < s + std::uint64_t(nz) * b;
  out.put(1, 1);
  out.put(dense ? 1 : 0, 1);
  out.put(uns ? 1 : 0, 1);
  out.put(b - 1, width_field_bits(m));
  const std::uint32_t mask = (b == 32) ? ~0u : ((1u << b) - 1u);
  if (dense) {
    for (auto x : v) out.put(static_cast<std::uint32_t>(x) & mask, b);
  } else {
    for (auto x : v) out.put(x != 0 ? 1 : 0, 1);
    for (auto x : v)
      if (x != 0) out.put(static_cast<std::uint32_t>(x) & mask, b);
  }
}

// §3 as a stream: the words of the current band of GH rows are held; a grid is coded as soon as
// its last existing cell has arrived (its cell in the band's last row, or at the end of the
// transmission). A stream word is released with its `last` flag once a later bit exists or the
// transmission ended.
class GrlcEncoder final : public StreamEncoder {
 public:
  explicit GrlcEncoder(const GrlcParams& p)
      : p_(p), sink_(p.data_width), band_(band_at(p, 0, 0)),
        band_vals_(std::size_t(p.grid_h) * p.plane_w, 0) {}

  Status push(std::int32_t word, bool last) override {
    if (done_) return {ErrorCode::kBadInput, "push after the last word of the transmission"};
    if (!fits(word, p_.data_width))
      return {ErrorCode::kBadInput, "value " + std::to_string(word) + " at word " +
                                        std::to_string(n_) + " does not fit in " +
                                        std::to_string(p_.data_width) + " signed bits"};
    band_vals_[std::size_t(r_) * p_.plane_w + x_] = word;
    ++n_;
    const bool row_end = x_ + 1 == p_.plane_w;
    if (r_ + 1 == band_.rows && (gx_ + 1 == p_.grid_w || row_end))
      code_grid(x_ / p_.grid_w);  // the grid's last cell
    // Next cell: column, column within the grid, row of the band; a new band after its last cell.
    ++x_;
    gx_ = (gx_ + 1 == p_.grid_w) ? 0 : gx_ + 1;
    if (row_end) {
      x_ = gx_ = 0;
      if (++r_ == band_.rows) {
        r_ = 0;
        band_ = next_band(p_, band_);
        next_grid_ = 0;
      }
    }
    if (last) {
      // The rest of the band: grids with a cell in an earlier row.
      for (unsigned g = next_grid_; g < band_grids(p_); ++g)
        if (band_.first + std::uint64_t(g) * p_.grid_w < n_) code_grid(g);
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
  void reset() override { *this = GrlcEncoder(p_); }

 private:
  void code_grid(unsigned g) {
    grid_cells(p_, band_, g, n_, offs_);
    vals_.clear();
    for (auto o : offs_) vals_.push_back(band_vals_[o]);
    encode_grid(p_, vals_, sink_);
    next_grid_ = g + 1;
  }

  GrlcParams p_;
  BitSink sink_;
  Band band_;
  std::vector<std::int32_t> band_vals_, vals_;
  std::vector<std::uint32_t> offs_;
  unsigned next_grid_ = 0;
  unsigned r_ = 0, x_ = 0, gx_ = 0;  // position of the next cell in the band, column in its grid
  std::uint64_t n_ = 0;
  std::size_t popped_ = 0;
  bool done_ = false;
};

// §4, §5: grids in order, each parsed from its first bit once its bits are in (a grid that lacks
// bits waits, or is Truncated once the stream ended); errors in bit order. Words are released in
// raster order as soon as they are known: a band's first row up to the last decoded grid's
// columns, its other rows once its last grid is decoded.
class GrlcDecoder final : public StreamDecoder {
 public:
  GrlcDecoder(const GrlcParams& p, std::uint64_t n)
      : p_(p), n_(n), band_(band_at(p, 0, 0)),
        band_vals_(std::size_t(p.grid_h) * p.plane_w, 0) {}

  Status push(unsigned stream, std::uint32_t word, bool last) override {
    if (!status_.ok()) return status_;
    if (stream != 0) return fail(ErrorCode::kBadInput, "grlc has 1 stream, not " + std::to_string(stream + 1));
    if ((word >> p_.data_width) != 0)
      return fail(ErrorCode::kBadInput, "word " + std::to_string(words_.size()) +
                                            " has bits above " + std::to_string(p_.data_width));
    if (ended_ || done_) return fail(GrlcError::kTrailing, "word after the stream's last word");
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

  /// The whole stream at once (whole-buffer decode): the same result as pushing it word by word,
  /// `last` on the final word, without a decode attempt per word.
  Status push_all(const std::vector<std::uint32_t>& words) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if ((words[i] >> p_.data_width) != 0)
        return fail(ErrorCode::kBadInput, "word " + std::to_string(i) + " has bits above " +
                                              std::to_string(p_.data_width));
    }
    words_ = words;
    ended_ = true;
    // At most GH * GW cells per bit of the stream: a bound that a huge N cannot inflate.
    out_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(
        n_, std::uint64_t(words.size()) * p_.data_width * p_.grid_h * p_.grid_w)));
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

  /// Reads `bits` bits at `pos` into v; false when they are not all in yet.
  bool read(std::uint64_t& pos, unsigned bits, std::uint32_t& v) const {
    const unsigned m = p_.data_width;
    if (pos + bits > std::uint64_t(words_.size()) * m) return false;
    // The bits lie in at most three consecutive words (bits <= 16 <= 2m).
    const std::uint64_t k = pos / m;
    std::uint64_t acc = 0;
    unsigned got = 0;
    for (std::uint64_t j = k; j < words_.size() && got < bits + m; ++j, got += m)
      acc = (acc << m) | words_[j];
    const unsigned skip = static_cast<unsigned>(pos % m);
    v = static_cast<std::uint32_t>((acc >> (got - skip - bits)) & ((1u << bits) - 1u));
    pos += bits;
    return true;
  }

  /// Parses the grid at bit_ (cells `offs_`). 1: done, 0: needs more bits, -1: failed.
  int parse_grid() {
    const unsigned m = p_.data_width;
    std::uint64_t pos = bit_;
    std::uint32_t flag = 0, dense = 0, uns = 0, w = 0, v = 0;
    auto where = [&] {
      return "grid " + std::to_string(grid_count_) + " (bit " + std::to_string(bit_) + ")";
    };
    // Bits of the stream so far; a grid whose bits are not all in waits unparsed, unless the
    // stream has ended (then the parse finds the first error, or the truncation).
    const std::uint64_t have = std::uint64_t(words_.size()) * m;
    auto wait_for = [&](std::uint64_t end) { return end > have && !ended_; };
    if (!read(pos, 1, flag)) return 0;
    vals_.assign(offs_.size(), 0);
    if (flag) {
      if (!read(pos, 1, dense) || !read(pos, 1, uns) || !read(pos, width_field_bits(m), w)) return 0;
      const unsigned b = w + 1;  // at most m: the field has log2 m bits
      auto value = [&](std::uint32_t raw, std::int32_t& out) {
        if (uns) {
          if (raw >= (1u << (m - 1))) {
            fail(GrlcError::kValueRange, where() + ": unsigned value " + std::to_string(raw) +
                                             " does not fit in " + std::to_string(m) + " signed bits");
            return false;
          }
          out = static_cast<std::int32_t>(raw);
        } else {
          const std::uint32_t sign = 1u << (b - 1);
          out = static_cast<std::int32_t>(raw ^ sign) - static_cast<std::int32_t>(sign);
        }
        return true;
      };
      bool any = false;
      if (dense) {
        if (wait_for(pos + std::uint64_t(offs_.size()) * b)) return 0;
        for (std::size_t i = 0; i < offs_.size(); ++i) {
          if (!read(pos, b, v)) return 0;
          if (!value(v, vals_[i])) return -1;
          any = any || vals_[i] != 0;
        }
      } else {
        std::vector<bool>& nz = nz_;
        nz.assign(offs_.size(), false);
        for (std::size_t i = 0; i < offs_.size(); ++i) {
          if (!read(pos, 1, v)) return 0;
          nz[i] = v != 0;
          any = any || nz[i];
        }
        if (!any) {
          fail(GrlcError::kEmptyGrid, where() + ": flagged non-zero, but its bitmap is all 0");
          return -1;
        }
        std::uint64_t nzc = 0;
        for (bool x : nz) nzc += x;
        if (wait_for(pos + nzc * b)) return 0;
        for (std::size_t i = 0; i < offs_.size(); ++i) {
          if (!nz[i]) continue;
          if (!read(pos, b, v)) return 0;
          if (!value(v, vals_[i])) return -1;
          if (vals_[i] == 0) {
            fail(GrlcError::kZeroValue, where() + ": cell " + std::to_string(i) + " is flagged non-zero but its value is 0");
            return -1;
          }
        }
      }
      if (!any) {
        fail(GrlcError::kEmptyGrid, where() + ": flagged non-zero, but all its cells are 0");
        return -1;
      }
    }
    bit_ = pos;
    return 1;
  }

  void step() {
    const unsigned m = p_.data_width;
    while (status_.ok() && !grids_done_) {
      if (band_.first >= n_) {
        grids_done_ = true;
        break;
      }
      grid_cells(p_, band_, grid_, n_, offs_);
      const int r = parse_grid();
      if (r < 0) return;
      if (r == 0) {
        if (ended_)
          fail(GrlcError::kTruncated, "the stream (" + std::to_string(words_.size()) +
                                          " words) ends inside grid " + std::to_string(grid_count_));
        return;
      }
      for (std::size_t i = 0; i < offs_.size(); ++i) band_vals_[offs_[i]] = vals_[i];
      ++grid_count_;
      // The band's first row is known up to this grid's last column; the later rows follow it
      // in raster order, so they wait for the band's last grid.
      const std::uint64_t known =
          std::min<std::uint64_t>(std::uint64_t(grid_ + 1) * p_.grid_w, p_.plane_w);
      detail::release_cells(band_, n_, known, band_vals_, out_, released_);
      if (++grid_ == band_grids(p_) ||
          band_.first + std::uint64_t(grid_) * p_.grid_w >= n_) {
        detail::release_band(band_, p_.plane_w, n_, band_vals_, out_, released_);
        band_ = next_band(p_, band_);
        grid_ = 0;
      }
    }
    if (!status_.ok() || done_) return;
    // §5 end checks: padding bits 0, no word after the one holding the last bit, `last` on it.
    const detail::StreamEnd end = detail::check_stream_end(words_, bit_, m);
    if (end == detail::StreamEnd::kBadPadding) {
      fail(GrlcError::kTrailing, "padding bits after bit " + std::to_string(bit_) + " are not zero");
      return;
    }
    if (end == detail::StreamEnd::kWordsAfter) {
      fail(GrlcError::kTrailing, "the stream goes on after word " +
                                     std::to_string((bit_ + m - 1) / m) +
                                     " - 1, which holds the last grid's bit");
      return;
    }
    if (!ended_) return;  // the word holding the last bit must carry `last`
    done_ = true;
  }

  GrlcParams p_;
  std::uint64_t n_;
  Band band_;
  std::vector<std::int32_t> band_vals_, vals_;
  std::vector<std::uint32_t> offs_;
  std::vector<std::uint32_t> words_;
  std::vector<bool> nz_;
  bool ended_ = false;
  std::uint64_t bit_ = 0;
  unsigned grid_ = 0;
  std::uint64_t released_ = 0;  // cells of the band in out_
  std::uint64_t grid_count_ = 0;
  bool grids_done_ = false;
  std::vector<std::int32_t> out_;
  std::size_t popped_ = 0;
  bool done_ = false;
  Status status_;
};

GrlcParams params_of(const CodecConfig& cfg) {
  return GrlcParams{cfg.data_width, static_cast<unsigned>(cfg.param("grid_h")),
                    static_cast<unsigned>(cfg.param("grid_w")),
                    static_cast<unsigned>(cfg.param("plane_w")),
                    static_cast<unsigned>(cfg.param("plane_h"))};
}

}  // namespace

Result<Streams> grlc_encode(const GrlcParams& p, WordView words) {
  return detail::encode_whole<GrlcEncoder>(p, words, 1);
}

Result<std::vector<std::int32_t>> grlc_decode(const GrlcParams& p, const Streams& s,
                                              std::uint64_t num_words) {
  Status st = p.validate();
  if (!st.ok()) return st;
  if (s.size() != 1)
    return Status(ErrorCode::kBadInput, "grlc: expected 1 stream, got " + std::to_string(s.size()));
  if (num_words == 0) {
    if (!s[0].empty()) return Status(GrlcError::kTrailing, "word count is 0 but the stream is not empty");
    return std::vector<std::int32_t>{};
  }
  // Output grows only as grids are decoded (each grid takes at least one bit), so memory stays
  // proportional to the stream, whatever num_words says.
  GrlcDecoder dec(p, num_words);
  if (!dec.push_all(s[0]).ok()) return dec.status();
  if (!dec.done()) return dec.finish();
  return dec.decoded();
}

namespace {

class GrlcCodec final : public detail::ParamsCodec<GrlcParams, GrlcEncoder, GrlcDecoder> {
 public:
  GrlcParams params(const CodecConfig& cfg) const override { return params_of(cfg); }
  const char* name() const override { return "grlc"; }
  const char* title() const override {
    return "GRLC: grids of a plane, empty-grid bit, value width per grid, bitmap or dense cells (reconstruction of Park et al. 2020), lossless";
  }
  std::uint8_t id() const override { return kGrlcCodecId; }
  bool lossless() const override { return true; }
  std::vector<unsigned> data_widths() const override { return {8, 16}; }
  const std::vector<ParamSpec>& param_specs() const override {
    static const std::vector<ParamSpec> specs = [] {
      std::vector<ParamSpec> v = {
          {"grid_h", "grid rows GH", {1, 2, 4}, 0, 0, 2, false},
          {"grid_w", "grid columns GW", {4, 8, 16}, 0, 0, 8, false},
          {"plane_w", "plane width W (cells per row)", {}, 1, 65535, 65535, false},
          {"plane_h", "plane height H (rows per plane)", {}, 1, 65535, 1, false}};
      v[2].shape_axis = 1;
      v[3].shape_axis = 2;
      return v;
    }();
    return specs;
  }
  std::vector<std::pair<std::uint8_t, const char*>> stream_errors() const override {
    return stream_error_table<GrlcError>(5);
  }
  std::vector<StreamInfo> streams(const CodecConfig& cfg) const override {
    return {{"grid", cfg.data_width}};
  }
  Result<Streams> encode(const CodecConfig& cfg, WordView words) const override {
    return grlc_encode(params_of(cfg), words);
  }
  Result<std::vector<std::int32_t>> decode(const CodecConfig& cfg, const Streams& s,
                                           std::uint64_t n) const override {
    return grlc_decode(params_of(cfg), s, n);
  }
  std::uint64_t max_words(const CodecConfig& cfg, const Streams& s) const override {
    // Every grid takes at least one bit and holds at most GH * GW cells.
    const std::uint64_t bits = s.empty() ? 0 : std::uint64_t(s[0].size()) * cfg.data_width;
    return bits * static_cast<std::uint64_t>(cfg.param("grid_h") * cfg.param("grid_w"));
  }
};

}  // namespace

const Codec& grlc_codec() {
  static const GrlcCodec codec;
  return codec;
}

}  // namespace fmc
