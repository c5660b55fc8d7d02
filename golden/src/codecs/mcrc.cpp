// SPDX-License-Identifier: Apache-2.0
// MCRC golden codec (docs/mcrc-format.md; § refer to it): the model (§3, §4), the range coder
// (§4), streaming encoder and decoder (§5, §6), whole-buffer wrappers, and the registry adapter.
#include "fmcodec/codecs/mcrc.hpp"

#include "codec_adapter.hpp"

#include <algorithm>
#include <memory>
#include <string>

namespace fmc {

const char* mcrc_error_name(McrcError e) {
  switch (e) {
    case McrcError::kAcTruncated: return "AcTruncated";
    case McrcError::kRawTruncated: return "RawTruncated";
    case McrcError::kAcStart: return "AcStart";
    case McrcError::kAcCheck: return "AcCheck";
    case McrcError::kAcTrailing: return "AcTrailing";
    case McrcError::kRawTrailing: return "RawTrailing";
    case McrcError::kResidualRange: return "ResidualRange";
  }
  return "Unknown";
}

Status McrcParams::validate() const {
  if (data_width != 8 && data_width != 16)
    return {ErrorCode::kBadParams,
            "mcrc: data width " + std::to_string(data_width) + " not supported (8 or 16)"};
  if (plane_w < 1 || plane_w > 65535 || plane_h < 1 || plane_h > 65535)
    return {ErrorCode::kBadParams, "mcrc: plane_w and plane_h must be 1..65535"};
  if (near > 7) return {ErrorCode::kBadParams, "mcrc: near " + std::to_string(near) + " is not 0..7"};
  return {};
}

std::uint32_t mcrc_error_bound(const McrcParams& p) { return p.near ? 1u << (p.near - 1) : 0u; }

namespace {

constexpr unsigned kStreamAc = 0;
constexpr unsigned kStreamRaw = 1;
constexpr std::uint32_t kRangeInit = (1u << McrcConst::kRangeBits) - 1u;
constexpr std::uint32_t kHalf = 1u << (McrcConst::kRangeBits - 1);
constexpr std::uint32_t kOne = 1u << McrcConst::kProbBits;

bool fits(std::int32_t v, unsigned m) {
  return v >= -(std::int32_t(1) << (m - 1)) && v < (std::int32_t(1) << (m - 1));
}
std::int32_t sign_extend(std::uint32_t x, unsigned m) {
  const std::uint32_t s = 1u << (m - 1);
  x &= (s << 1) - 1u;
  return static_cast<std::int32_t>(x ^ s) - static_cast<std::int32_t>(s);
}
/// Bit length of x (0 for 0): the magnitude class (§3.1).
unsigned bit_length(std::uint32_t x) {
  unsigned b = 0;
  while (x >> b) ++b;
  return b;
}
/// Floor of v / 2^k (arithmetic shift).
std::int32_t asr(std::int32_t v, unsigned k) {
  return static_cast<std::int32_t>(static_cast<std::int64_t>(v) >> k);
}

// §4.1: one adaptive CDF per context. Stored values c[1..n-1] in [0, T], T = 2^P - n; the
// cumulative frequencies are e[0] = 0, e[i] = c[i] + i, e[n] = 2^P. §4.2: a value's adaptation
// is written after the next value has read its context, so e() reads the table without the
// newest adaptation (held in `pend_`), and update() computes the new state from what the value
// read.
class Model {
 public:
  explicit Model(unsigned m)
      : n_(mcrc_symbols(m)), t_(kOne - n_),
        c_(std::size_t(mcrc_contexts(m)) * (n_ - 1)), pend_(n_ - 1), next_(n_ - 1) {
    for (unsigned x = 0; x < mcrc_contexts(m); ++x)
      for (unsigned i = 1; i < n_; ++i) c_[std::size_t(x) * (n_ - 1) + i - 1] = t_ * i / n_;
  }
  unsigned symbols() const { return n_; }
  std::uint32_t e(unsigned ctx, unsigned i) const {
    if (i == 0) return 0;
    if (i >= n_) return kOne;
    return c_[std::size_t(ctx) * (n_ - 1) + i - 1] + i;
  }
  /// §4.2: after symbol s in context ctx. The state read (without the previous value's
  /// adaptation) is adapted; then the previous value's adaptation is written, and this one waits.
  void update(unsigned ctx, unsigned s) {
    constexpr unsigned r = McrcConst::kRate;
    // Rounded up, so that every stored value can reach 0 and T (no floor at 2^r).
    const std::uint32_t round = (1u << r) - 1u;
    for (unsigned i = 1; i < n_; ++i) {
      const std::uint32_t v = c_[std::size_t(ctx) * (n_ - 1) + i - 1];
      next_[i - 1] = (i <= s) ? v - ((v + round) >> r) : v + ((t_ - v + round) >> r);
    }
    if (pend_ctx_ >= 0)
      std::copy(pend_.begin(), pend_.end(), c_.begin() + std::ptrdiff_t(pend_ctx_) * (n_ - 1));
    pend_.swap(next_);
    pend_ctx_ = static_cast<int>(ctx);
  }

 private:
  unsigned n_;
  std::uint32_t t_;
  std::vector<std::uint32_t> c_;
  std::vector<std::uint32_t> pend_;  // the newest adaptation, not written yet
  std::vector<std::uint32_t> next_;  // scratch for update()
  int pend_ctx_ = -1;                // its context (-1: none)
};

/// §4.3: the bounds u(i) of the sub-intervals at range `rng`: u(0) = 0, u(n) = rng,
/// u(i) = rng - q (2^P - e[i]) with q = rng >> (R - Q), 8..15.
std::uint32_t bound(const Model& md, unsigned ctx, std::uint32_t rng, unsigned i) {
  if (i == 0) return 0;
  if (i >= md.symbols()) return rng;
  const std::uint32_t q = rng >> (McrcConst::kRangeBits - McrcConst::kRangeQBits);
  return rng - q * (kOne - md.e(ctx, i));
}
/// Left shifts that bring rng back to [2^(R-1), 2^R).
unsigned renorm_shift(std::uint32_t rng) {
  unsigned d = 0;
  while ((rng << d) < kHalf) ++d;
  return d;
}

// §3: positions, contexts and the predictor. Position i of the transmission is column
// x = i mod W, row y = (i div W) mod H of its plane.
class Scan {
 public:
  explicit Scan(const McrcParams& p) : p_(p), cls_(p.plane_w, 0), q_(p.plane_w, 0) {}
  /// §3.3: the context of the current position.
  unsigned context() const {
    const unsigned a = x_ > 0 ? left_ : 0;
    const unsigned b = y_ > 0 ? cls_[x_] : 0;
    return a + b;
  }
  /// §3.2: the prediction of the current position (0 in unsigned mode).
  std::int32_t predict() const {
    if (p_.is_unsigned) return 0;
    std::int32_t pr = asr(e_ + (1 << (McrcConst::kEmaFrac - 1)), McrcConst::kEmaFrac);
    if (y_ > 0) pr = asr(pr + q_[x_], 1);
    return pr;
  }
  /// Moves on after the current position's quantized value q and coded class.
  void advance(std::int32_t q, unsigned cls) {
    e_ += asr(q * (1 << McrcConst::kEmaFrac) - e_, McrcConst::kEmaShift);
    cls_[x_] = static_cast<std::uint8_t>(cls);
    q_[x_] = q;
    left_ = cls;
    if (++x_ == p_.plane_w) {
      x_ = 0;
      left_ = 0;
      if (++y_ == p_.plane_h) {
        y_ = 0;
        e_ = 0;
      }
    }
  }

 private:
  McrcParams p_;
  std::vector<std::uint8_t> cls_;  // the classes of the row above (overwritten as the row goes)
  std::vector<std::int32_t> q_;    // its quantized values
  unsigned x_ = 0, y_ = 0, left_ = 0;
  std::int32_t e_ = 0;             // the plane mean E (kEmaFrac fraction bits)
};

/// §3.1: the value q coded at a position, and its symbol: the class k and the raw bits.
struct Coded {
  unsigned cls;
  std::uint32_t raw;  // the k-1 bits below the leading one, then the sign bit if any
  unsigned raw_bits;
};
Coded symbolize(std::int32_t q, std::int32_t pred, const McrcParams& p) {
  const unsigned m = p.data_width;
  if (p.is_unsigned) {
    const std::uint32_t a = static_cast<std::uint32_t>(q) & ((1u << m) - 1u);
    const unsigned k = bit_length(a);
    const unsigned nb = k >= 2 ? k - 1 : 0;
    return {k, a & ((1u << nb) - 1u), nb};
  }
  const std::int32_t r = sign_extend(static_cast<std::uint32_t>(q - pred), m);
  const std::uint32_t a = static_cast<std::uint32_t>(r < 0 ? -r : r);
  const unsigned k = bit_length(a);
  const unsigned nb = k >= 2 ? k - 1 : 0;
  std::uint32_t raw = a & ((1u << nb) - 1u);
  unsigned bits = nb;
  if (r != 0) {
    raw = (raw << 1) | (r < 0 ? 1u : 0u);
    ++bits;
  }
  return {k, raw, bits};
}

/// §2: quantization and reconstruction.
std::int32_t quantize(std::int32_t v, unsigned k) {
  return k == 0 ? v : asr(v + (1 << (k - 1)), k);
}
std::int32_t reconstruct(std::int32_t q, unsigned k, unsigned m) {
  const std::int32_t lo = -(std::int32_t(1) << (m - 1)), hi = (std::int32_t(1) << (m - 1)) - 1;
  return std::clamp(q * (std::int32_t(1) << k), lo, hi);
}

/// A bit stream under construction, m-bit words MSB first.
struct Bits {
  std::vector<std::uint8_t> b;
  void put(std::uint32_t v, unsigned n) {
    for (unsigned i = n; i-- > 0;) b.push_back((v >> i) & 1u);
  }
  std::uint32_t word(std::size_t k, unsigned m) const {
    std::uint32_t w = 0;
    for (unsigned i = 0; i < m; ++i) {
      const std::size_t j = k * m + i;
      w = (w << 1) | (j < b.size() ? b[j] : 0u);
    }
    return w;
  }
};

// §5 as a stream. The ac stream's bits are final once a later 0 bit exists (a carry stops at the
// newest 0); a word is released when its bits are final, a raw word when a later raw bit exists
// or the transmission ended. At the end the R bits of `low` follow the emitted bits.
class McrcEncoder final : public StreamEncoder {
 public:
  explicit McrcEncoder(const McrcParams& p) : p_(p), model_(p.data_width), scan_(p) {}

  Status push(std::int32_t word, bool last) override {
    if (done_) return {ErrorCode::kBadInput, "push after the last word of the transmission"};
    if (!fits(word, p_.data_width))
      return {ErrorCode::kBadInput, "value " + std::to_string(word) + " at word " +
                                        std::to_string(words_in_) + " does not fit in " +
                                        std::to_string(p_.data_width) + " signed bits"};
    ++words_in_;
    const std::int32_t q = quantize(word, p_.near);
    const Coded c = symbolize(q, scan_.predict(), p_);
    const unsigned ctx = scan_.context();
    const std::uint32_t lo = bound(model_, ctx, rng_, c.cls);
    const std::uint32_t hi = bound(model_, ctx, rng_, c.cls + 1);
    model_.update(ctx, c.cls);
    scan_.advance(q, c.cls);
    low_ += lo;
    if (low_ >> McrcConst::kRangeBits) {
      carry();
      low_ &= (1u << McrcConst::kRangeBits) - 1u;
    }
    rng_ = hi - lo;
    const unsigned d = renorm_shift(rng_);
    for (unsigned i = 0; i < d; ++i) {
      const std::uint8_t bit = (low_ >> (McrcConst::kRangeBits - 1)) & 1u;
      ac_.b.push_back(bit);
      if (bit == 0) zero_ = ac_.b.size() - 1;
      low_ = (low_ << 1) & ((1u << McrcConst::kRangeBits) - 1u);
    }
    rng_ <<= d;
    raw_.put(c.raw, c.raw_bits);
    if (last) {
      ac_.put(low_, McrcConst::kRangeBits);
      zero_ = ac_.b.size();
      done_ = true;
    }
    return {};
  }

  std::optional<StreamBeat> pop(unsigned stream) override {
    const unsigned m = p_.data_width;
    if (stream == kStreamAc) {
      const std::size_t words = (ac_.b.size() + m - 1) / m;
      if (popped_[0] >= words) return std::nullopt;
      const std::size_t final_bits = done_ ? ac_.b.size() : zero_;
      if (!done_ && (popped_[0] + 1) * m > final_bits) return std::nullopt;
      const bool last = done_ && popped_[0] + 1 == words;
      const std::uint32_t w = ac_.word(popped_[0]++, m);
      return StreamBeat{w, last};
    }
    if (stream != kStreamRaw) return std::nullopt;
    const std::size_t words = (raw_.b.size() + m - 1) / m;
    if (popped_[1] >= words) return std::nullopt;
    if (!done_ && raw_.b.size() <= (popped_[1] + 1) * m) return std::nullopt;
    const bool last = done_ && popped_[1] + 1 == words;
    const std::uint32_t w = raw_.word(popped_[1]++, m);
    return StreamBeat{w, last};
  }

  bool done() const override { return done_; }
  void reset() override { *this = McrcEncoder(p_); }

 private:
  /// A carry out of `low` into the emitted bits: the trailing 1s become 0, the newest 0 becomes 1.
  void carry() {
    std::size_t i = ac_.b.size();
    while (ac_.b[i - 1] == 1) ac_.b[--i] = 0;
    ac_.b[i - 1] = 1;
    // The newest 0: after the flipped 1s if there were any, else before the bit that became 1.
    if (i < ac_.b.size()) {
      zero_ = ac_.b.size() - 1;
    } else {
      std::size_t j = i - 1;
      while (j > 0 && ac_.b[j - 1] == 1) --j;
      zero_ = j > 0 ? j - 1 : 0;
    }
  }

  McrcParams p_;
  Model model_;
  Scan scan_;
  std::uint32_t low_ = 0, rng_ = kRangeInit;
  Bits ac_, raw_;
  std::size_t zero_ = 0;  // bits before this index are final
  std::size_t popped_[2] = {0, 0};
  std::uint64_t words_in_ = 0;
  bool done_ = false;
};

// §6: values in order; each needs its pending renormalization bits and its symbol from the ac
// stream, then its raw bits. Words may arrive in any interleaving; they are buffered and consumed
// in decode order, so the first error is the same for every interleaving.
class McrcDecoder final : public StreamDecoder {
 public:
  McrcDecoder(const McrcParams& p, std::uint64_t n)
      : p_(p), n_(n), model_(p.data_width), scan_(p) {}

  Status push(unsigned stream, std::uint32_t word, bool last) override {
    if (!status_.ok()) return status_;
    if (stream > 1) return fail(ErrorCode::kBadInput, "mcrc has 2 streams, not " + std::to_string(stream + 1));
    if ((word >> p_.data_width) != 0)
      return fail(ErrorCode::kBadInput, std::string(stream == 0 ? "ac" : "raw") + " word " +
                                            std::to_string(words_[stream].size()) + " has bits above " +
                                            std::to_string(p_.data_width));
    if (end_[stream] || done_)
      return stream == kStreamAc ? fail(McrcError::kAcTrailing, "ac word after the ac stream's last word")
                                 : fail(McrcError::kRawTrailing, "raw word after the last one the values need");
    words_[stream].push_back(word);
    end_[stream] = last;
    step();
    return status_;
  }

  std::optional<std::int32_t> pop() override {
    if (popped_ >= out_.size() || !status_.ok()) return std::nullopt;
    return out_[popped_++];
  }
  const Status& status() const override { return status_; }
  bool done() const override { return done_ && status_.ok(); }
  bool wants(unsigned stream) const override {
    if (!status_.ok() || done_) return false;
    return blocked_[stream == kStreamAc ? 0 : 1] && stream <= 1;
  }
  const std::vector<std::int32_t>& decoded() const override { return out_; }

  /// After the last word of every stream was pushed: every stream counts as ended.
  Status finish() {
    if (!status_.ok() || done_) return status_;
    end_[0] = end_[1] = true;
    step();
    return status_;
  }

 private:
  template <typename E>
  Status fail(E code, std::string msg) {
    if (status_.ok()) status_ = Status(code, std::move(msg));
    return status_;
  }
  std::uint64_t avail(unsigned s) const { return std::uint64_t(words_[s].size()) * p_.data_width; }
  /// Reads n bits of stream s at pos_[s], or reports why not (false).
  bool read(unsigned s, unsigned n, std::uint32_t& v) {
    if (pos_[s] + n > avail(s)) {
      if (end_[s]) {
        if (s == kStreamAc)
          fail(McrcError::kAcTruncated, "ac stream (" + std::to_string(words_[s].size()) +
                                            " words) ends before bit " + std::to_string(pos_[s] + n) +
                                            " (value " + std::to_string(out_.size()) + " of " +
                                            std::to_string(n_) + ")");
        else
          fail(McrcError::kRawTruncated, "raw stream (" + std::to_string(words_[s].size()) +
                                             " words) ends inside value " + std::to_string(out_.size()));
      } else {
        blocked_[s] = true;
      }
      return false;
    }
    const unsigned m = p_.data_width;
    v = 0;
    for (unsigned i = 0; i < n; ++i, ++pos_[s])
      v = (v << 1) | ((words_[s][pos_[s] / m] >> (m - 1 - pos_[s] % m)) & 1u);
    return true;
  }

  void step() {
    blocked_[0] = blocked_[1] = false;
    const unsigned m = p_.data_width;
    while (status_.ok() && out_.size() < n_) {
      if (stage_ == 0) {  // the window: R bits at the start, the pending renormalization bits later
        std::uint32_t b = 0;
        const unsigned need = started_ ? pending_ : McrcConst::kRangeBits;
        if (!read(kStreamAc, need, b)) return;
        if (!started_) {
          if (b >= kRangeInit) {
            fail(McrcError::kAcStart, "the first 13 ac bits are all ones, outside the initial range");
            return;
          }
          dif_ = b;
          started_ = true;
        } else {
          dif_ = (dif_ << pending_) | b;
        }
        // §6.1: the symbol is the number of bounds u(i), 1 <= i < n, not above dif.
        ctx_ = scan_.context();
        unsigned s = 0;
        while (s + 1 < model_.symbols() && bound(model_, ctx_, rng_, s + 1) <= dif_) ++s;
        const std::uint32_t lo = bound(model_, ctx_, rng_, s), hi = bound(model_, ctx_, rng_, s + 1);
        dif_ -= lo;
        rng_ = hi - lo;
        pending_ = renorm_shift(rng_);
        rng_ <<= pending_;
        model_.update(ctx_, s);
        cls_ = s;
        stage_ = 1;
      }
      // Raw bits: k-1 mantissa bits, then the sign in signed mode when the value is not 0.
      const unsigned nb = cls_ >= 2 ? cls_ - 1 : 0;
      const bool has_sign = !p_.is_unsigned && cls_ > 0;
      std::uint32_t mant = 0, sign = 0;
      const std::uint64_t save = pos_[kStreamRaw];
      if (!read(kStreamRaw, nb + (has_sign ? 1 : 0), mant)) {
        pos_[kStreamRaw] = save;
        return;
      }
      if (has_sign) {
        sign = mant & 1u;
        mant >>= 1;
      }
      const std::uint32_t a = cls_ == 0 ? 0 : ((1u << (cls_ - 1)) | mant);
      std::int32_t q;
      if (p_.is_unsigned) {
        q = sign_extend(a, m);
      } else {
        const std::uint32_t half = 1u << (m - 1);
        if (a > half || (a == half && sign == 0)) {
          fail(McrcError::kResidualRange, "value " + std::to_string(out_.size()) + ": residual " +
                                              (sign ? "-" : "+") + std::to_string(a) +
                                              " outside the m-bit range");
          return;
        }
        const std::int32_t r = sign ? -static_cast<std::int32_t>(a) : static_cast<std::int32_t>(a);
        q = sign_extend(static_cast<std::uint32_t>(scan_.predict() + r), m);
      }
      scan_.advance(q, cls_);
      out_.push_back(reconstruct(q, p_.near, m));
      stage_ = 0;
    }
    if (!status_.ok() || done_) return;
    // §6.2 end checks, in this order: the last value's renormalization bits, the offset, the ac
    // stream's padding and end, then the raw stream's.
    std::uint32_t b = 0;
    if (!read(kStreamAc, pending_, b)) return;
    dif_ = (dif_ << pending_) | b;
    pending_ = 0;
    if (dif_ != 0) {
      fail(McrcError::kAcCheck, "the range decoder's offset after the last value is " +
                                    std::to_string(dif_) + ", not 0");
      return;
    }
    for (unsigned s = 0; s < 2; ++s) {
      const std::uint64_t used = (pos_[s] + m - 1) / m;
      const unsigned pad = static_cast<unsigned>(used * m - pos_[s]);
      const char* name = s == 0 ? "ac" : "raw";
      auto trailing = [&](std::string msg) {
        if (s == 0) fail(McrcError::kAcTrailing, msg);
        else fail(McrcError::kRawTrailing, msg);
      };
      if (pad > 0 && (words_[s][used - 1] & ((1u << pad) - 1u)) != 0) {
        trailing(std::string(name) + " padding bits after bit " + std::to_string(pos_[s]) + " are not zero");
        return;
      }
      if (words_[s].size() > used) {
        trailing(std::string(name) + " stream goes on after word " + std::to_string(used) +
                 " - 1, which holds its last bit");
        return;
      }
      if (used > 0 && !end_[s]) {
        blocked_[s] = true;  // the word holding the last bit must carry `last`
        return;
      }
    }
    done_ = true;
  }

  McrcParams p_;
  std::uint64_t n_;
  Model model_;
  Scan scan_;
  std::vector<std::uint32_t> words_[2];
  bool end_[2] = {false, false};
  std::uint64_t pos_[2] = {0, 0};
  bool started_ = false;
  unsigned stage_ = 0, pending_ = 0, ctx_ = 0, cls_ = 0;
  std::uint32_t dif_ = 0, rng_ = kRangeInit;
  std::vector<std::int32_t> out_;
  std::size_t popped_ = 0;
  bool done_ = false;
  bool blocked_[2] = {false, false};
  Status status_;
};

McrcParams params_of(const CodecConfig& cfg) {
  McrcParams p;
  p.data_width = cfg.data_width;
  p.plane_w = static_cast<unsigned>(cfg.param("plane_w"));
  p.plane_h = static_cast<unsigned>(cfg.param("plane_h"));
  p.is_unsigned = cfg.param("unsigned") != 0;
  p.near = static_cast<unsigned>(cfg.param("near"));
  return p;
}

}  // namespace

Result<Streams> mcrc_encode(const McrcParams& p, WordView words) {
  return detail::encode_whole<McrcEncoder>(p, words, 2);
}

Result<std::vector<std::int32_t>> mcrc_decode(const McrcParams& p, const Streams& s,
                                              std::uint64_t num_words) {
  return detail::decode_whole<McrcDecoder>(
      p, s, num_words, "mcrc",
      std::vector<std::pair<McrcError, const char*>>{{McrcError::kAcTrailing, "ac"},
                                                     {McrcError::kRawTrailing, "raw"}});
}

namespace {

class McrcCodec final : public detail::ParamsCodec<McrcParams, McrcEncoder, McrcDecoder> {
 public:
  McrcParams params(const CodecConfig& cfg) const override { return params_of(cfg); }
  const char* name() const override { return "mcrc"; }
  const char* title() const override {
    return "MCRC: magnitude classes range-coded in a neighbour context + raw mantissas; lossless, "
           "or near-lossless with --near";
  }
  std::uint8_t id() const override { return kMcrcCodecId; }
  bool lossless() const override { return false; }
  std::vector<unsigned> data_widths() const override { return {8, 16}; }
  const std::vector<ParamSpec>& param_specs() const override {
    static const std::vector<ParamSpec> specs = [] {
      std::vector<ParamSpec> v = {
          {"plane_w", "plane width W (cells per row)", {}, 1, 65535, 65535, false},
          {"plane_h", "plane height H (rows per plane)", {}, 1, 65535, 1, false},
          {"unsigned", "1: values as unsigned m-bit patterns, no predictor (tensors without negative values), 0: signed residuals of the plane-mean/above predictor", {0, 1}, 0, 0, 0, false},
          {"near", "near-lossless: values rounded to a step of 2^near, |error| <= 2^(near-1); 0 = lossless", {}, 0, 7, 0, false}};
      v[0].shape_axis = 1;
      v[1].shape_axis = 2;
      v[2].default_nonnegative = true;
      return v;
    }();
    return specs;
  }
  std::vector<std::pair<std::uint8_t, const char*>> stream_errors() const override {
    return stream_error_table<McrcError>(7);
  }
  std::vector<StreamInfo> streams(const CodecConfig& cfg) const override {
    return {{"ac", cfg.data_width}, {"raw", cfg.data_width}};
  }
  Result<Streams> encode(const CodecConfig& cfg, WordView words) const override {
    return mcrc_encode(params_of(cfg), words);
  }
  Result<std::vector<std::int32_t>> decode(const CodecConfig& cfg, const Streams& s,
                                           std::uint64_t n) const override {
    return mcrc_decode(params_of(cfg), s, n);
  }
  std::uint64_t max_words(const CodecConfig& cfg, const Streams& s) const override {
    // Every symbol narrows the range by a factor of at most 1 - 8 (n - 1) / 2^13 (§4.3: every
    // other symbol keeps at least q >= 8), which costs more than 8 (n - 1) / 2^13 bits; the
    // bound below uses the weaker (n - 1) / 2^13: N <= (ac bits - 13 + 1) 2^13 / (n - 1).
    const std::uint64_t bits = s.empty() ? 0 : std::uint64_t(s[0].size()) * cfg.data_width;
    if (bits < McrcConst::kRangeBits) return 0;
    return (bits - McrcConst::kRangeBits + 1) * 8192 / (mcrc_symbols(cfg.data_width) - 1) + 1;
  }
  std::optional<std::uint32_t> error_bound(const CodecConfig& cfg) const override {
    return mcrc_error_bound(params_of(cfg));
  }
};

}  // namespace

const Codec& mcrc_codec() {
  static const McrcCodec codec;
  return codec;
}

}  // namespace fmc
