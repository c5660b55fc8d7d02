// SPDX-License-Identifier: Apache-2.0
// ZVC golden codec (docs/zvc-format.md; § refer to it): streaming encoder and decoder, whole-buffer
// wrappers, and the registry adapter.
#include "fmcodec/codecs/zvc.hpp"

#include "codec_adapter.hpp"

#include <memory>
#include <string>

namespace fmc {

const char* zvc_error_name(ZvcError e) {
  switch (e) {
    case ZvcError::kMaskTruncated: return "MaskTruncated";
    case ZvcError::kValueTruncated: return "ValueTruncated";
    case ZvcError::kMaskTrailing: return "MaskTrailing";
    case ZvcError::kValueTrailing: return "ValueTrailing";
    case ZvcError::kZeroGroup: return "ZeroGroup";
  }
  return "Unknown";
}

Status ZvcParams::validate() const {
  if (data_width != 8 && data_width != 16)
    return {ErrorCode::kBadParams,
            "zvc: data width " + std::to_string(data_width) + " not supported (8 or 16)"};
  if (group != 1 && group != 2 && group != 4 && group != 8)
    return {ErrorCode::kBadParams, "zvc: group " + std::to_string(group) + " is not 1, 2, 4 or 8"};
  return {};
}

namespace {

constexpr unsigned kStreamMask = 0;
constexpr unsigned kStreamValue = 1;

bool fits(std::int32_t v, unsigned m) {
  return v >= -(std::int32_t(1) << (m - 1)) && v < (std::int32_t(1) << (m - 1));
}

// §2 as a stream: a group's mask bit is written when the group closes (its G-th word, or the last
// word of the transmission); its words go to the value stream as soon as the group is known to be
// non-zero (held zeros first). A word is released with its `last` flag at the earliest moment:
// a value word once a later value word exists or the transmission ended; a mask word once it is
// complete and a word of the next group arrived, or the transmission ended.
class ZvcEncoder final : public StreamEncoder {
 public:
  explicit ZvcEncoder(const ZvcParams& p) : p_(p), mask_mask_((1u << p.data_width) - 1u) {}

  Status push(std::int32_t word, bool last) override {
    if (done_) return {ErrorCode::kBadInput, "push after the last word of the transmission"};
    if (!fits(word, p_.data_width))
      return {ErrorCode::kBadInput, "value " + std::to_string(word) + " at word " +
                                        std::to_string(words_in_) + " does not fit in " +
                                        std::to_string(p_.data_width) + " signed bits"};
    ++words_in_;
    const std::uint32_t w = static_cast<std::uint32_t>(word) & mask_mask_;
    if (group_nonzero_) {
      values_.push_back(w);
    } else if (word != 0) {
      for (unsigned i = 0; i < held_zeros_; ++i) values_.push_back(0);
      held_zeros_ = 0;
      values_.push_back(w);
      group_nonzero_ = true;
    } else {
      ++held_zeros_;
    }
    ++group_fill_;
    if (group_fill_ == p_.group || last) close_group();
    if (last) {
      if (mask_bits_ > 0) mask_.push_back(mask_acc_ << (p_.data_width - mask_bits_));
      done_ = true;
    }
    return {};
  }

  std::optional<StreamBeat> pop(unsigned stream) override {
    if (stream == kStreamValue) {
      if (values_popped_ >= values_.size()) return std::nullopt;
      const bool more = values_popped_ + 1 < values_.size();
      if (!more && !done_) return std::nullopt;  // may still be the last one
      const std::uint32_t v = values_[values_popped_++];
      return StreamBeat{v, !more};
    }
    if (stream != kStreamMask || mask_popped_ >= mask_.size()) return std::nullopt;
    // Mask word k holds groups [k*m, (k+1)*m): not the last once group (k+1)*m has begun.
    const std::uint64_t groups_begun = (words_in_ + p_.group - 1) / p_.group;
    const bool next_begun = groups_begun > (mask_popped_ + 1) * std::uint64_t(p_.data_width);
    if (!done_ && !next_begun) return std::nullopt;
    const bool last = done_ && mask_popped_ + 1 == mask_.size();
    return StreamBeat{mask_[mask_popped_++], last};
  }

  bool done() const override { return done_; }

  void reset() override { *this = ZvcEncoder(p_); }

 private:
  void close_group() {
    mask_acc_ = (mask_acc_ << 1) | (group_nonzero_ ? 1u : 0u);
    if (++mask_bits_ == p_.data_width) {
      mask_.push_back(mask_acc_);
      mask_acc_ = 0;
      mask_bits_ = 0;
    }
    group_nonzero_ = false;
    group_fill_ = 0;
    held_zeros_ = 0;
  }

  ZvcParams p_;
  std::uint32_t mask_mask_;
  std::vector<std::uint32_t> mask_, values_;
  std::uint32_t mask_acc_ = 0;
  unsigned mask_bits_ = 0;
  unsigned group_fill_ = 0;
  unsigned held_zeros_ = 0;
  bool group_nonzero_ = false;
  std::uint64_t words_in_ = 0;
  std::size_t mask_popped_ = 0, values_popped_ = 0;
  bool done_ = false;
};

// §3 and §4: groups in order; each needs its mask bit, then (bit 1) its words from the value
// stream. Words may arrive in any interleaving; they are buffered and consumed in decode order, so
// the first error is the same for every interleaving. After the last group: the mask word that
// holds the last bit must be the stream's last word with zero padding; the value stream must end
// at the last needed word.
class ZvcDecoder final : public StreamDecoder {
 public:
  ZvcDecoder(const ZvcParams& p, std::uint64_t n)
      : p_(p), n_(n), groups_((n + p.group - 1) / p.group) {}

  Status push(unsigned stream, std::uint32_t word, bool last) override {
    if (!status_.ok()) return status_;
    if (stream > 1) return fail(ErrorCode::kBadInput, "zvc has 2 streams, not " + std::to_string(stream + 1));
    if ((word >> p_.data_width) != 0)
      return fail(ErrorCode::kBadInput, std::string(stream == 0 ? "mask" : "value") + " word " +
                                            std::to_string(stream == 0 ? mask_.size() : values_.size()) +
                                            " has bits above " + std::to_string(p_.data_width));
    if (stream == kStreamMask) {
      if (mask_end_ || done_)
        return fail(ZvcError::kMaskTrailing, "mask word after the mask stream's last word");
      mask_.push_back(word);
      mask_end_ = last;
    } else {
      if (value_end_ || done_)
        return fail(ZvcError::kValueTrailing, "value word after the last one the groups need");
      values_.push_back(word);
      value_end_ = last;
    }
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
    return stream == kStreamMask ? blocked_on_mask_ : blocked_on_value_;
  }
  const std::vector<std::int32_t>& decoded() const override { return out_; }

  /// Called after the last word of every stream was pushed (an empty stream has no `last` beat):
  /// every stream counts as ended, so a decoder still waiting reports the truncation it meets
  /// first in decode order.
  Status finish() {
    if (!status_.ok() || done_) return status_;
    mask_end_ = value_end_ = true;
    step();
    return status_;
  }

 private:
  template <typename E>
  Status fail(E code, std::string msg) {
    if (status_.ok()) status_ = Status(code, std::move(msg));
    return status_;
  }

  void step() {
    blocked_on_mask_ = blocked_on_value_ = false;
    const unsigned m = p_.data_width;
    while (status_.ok() && group_ < groups_) {
      if (!have_bit_) {
        if (mask_pos_ >= std::uint64_t(mask_.size()) * m) {
          if (mask_end_) {
            fail(ZvcError::kMaskTruncated, "mask stream (" + std::to_string(mask_.size()) +
                                               " words) ends after " + std::to_string(group_) +
                                               " of " + std::to_string(groups_) + " groups");
          } else {
            blocked_on_mask_ = true;
          }
          return;
        }
        bit_ = (mask_[mask_pos_ / m] >> (m - 1 - mask_pos_ % m)) & 1u;
        ++mask_pos_;
        have_bit_ = true;
        group_words_ = 0;
        group_any_ = false;
      }
      const std::uint64_t first = group_ * p_.group;
      const unsigned size = static_cast<unsigned>(std::min<std::uint64_t>(p_.group, n_ - first));
      if (!bit_) {
        for (unsigned i = 0; i < size; ++i) out_.push_back(0);
      } else {
        while (group_words_ < size) {
          if (value_pos_ >= values_.size()) {
            if (value_end_ || (values_.empty() && value_end_)) {
              fail(ZvcError::kValueTruncated, "value stream (" + std::to_string(values_.size()) +
                                                  " words) ends inside group " +
                                                  std::to_string(group_));
            } else {
              blocked_on_value_ = true;
            }
            return;
          }
          const std::uint32_t w = values_[value_pos_++];
          const std::uint32_t sign = 1u << (m - 1);
          out_.push_back(static_cast<std::int32_t>((w ^ sign)) - static_cast<std::int32_t>(sign));
          group_any_ = group_any_ || w != 0;
          ++group_words_;
        }
        if (!group_any_) {
          // The words were emitted before the check (as hardware streams them); decoded() keeps
          // them, pop() stops here.
          fail(ZvcError::kZeroGroup, "group " + std::to_string(group_) +
                                         " is flagged non-zero but all its words are 0");
          return;
        }
      }
      have_bit_ = false;
      ++group_;
    }
    if (!status_.ok() || done_) return;
    // §4 end checks, in this order: mask padding and end, then the value stream's end.
    const std::uint64_t used = (mask_pos_ + m - 1) / m;  // mask words holding a group bit
    const unsigned pad = static_cast<unsigned>(used * m - mask_pos_);
    if (pad > 0 && (mask_[used - 1] & ((1u << pad) - 1u)) != 0) {
      fail(ZvcError::kMaskTrailing, "mask padding bits after bit " + std::to_string(mask_pos_) +
                                        " are not zero");
      return;
    }
    if (mask_.size() > used) {
      fail(ZvcError::kMaskTrailing, "mask stream goes on after word " + std::to_string(used) +
                                        " - 1, which holds the last group's bit");
      return;
    }
    if (!mask_end_) {
      blocked_on_mask_ = true;  // the word holding the last bit must carry `last`
      return;
    }
    if (values_.size() > value_pos_) {
      fail(ZvcError::kValueTrailing, "value stream goes on after its " +
                                         std::to_string(value_pos_) + " needed words");
      return;
    }
    if (value_pos_ > 0 && !value_end_) {
      blocked_on_value_ = true;  // the last needed value word must carry `last`
      return;
    }
    done_ = true;
  }

  ZvcParams p_;
  std::uint64_t n_, groups_;
  std::vector<std::uint32_t> mask_, values_;
  bool mask_end_ = false, value_end_ = false;
  std::uint64_t mask_pos_ = 0, value_pos_ = 0, group_ = 0;
  bool have_bit_ = false;
  std::uint32_t bit_ = 0;
  unsigned group_words_ = 0;
  bool group_any_ = false;
  std::vector<std::int32_t> out_;
  std::size_t popped_ = 0;
  bool done_ = false;
  bool blocked_on_mask_ = false, blocked_on_value_ = false;
  Status status_;
};

ZvcParams params_of(const CodecConfig& cfg) {
  return ZvcParams{cfg.data_width, static_cast<unsigned>(cfg.param("group"))};
}

}  // namespace

Result<Streams> zvc_encode(const ZvcParams& p, WordView words) {
  return detail::encode_whole<ZvcEncoder>(p, words, 2);
}

Result<std::vector<std::int32_t>> zvc_decode(const ZvcParams& p, const Streams& s,
                                             std::uint64_t num_words) {
  // Output grows only as mask bits are read, and each bit codes at most G words.
  return detail::decode_whole<ZvcDecoder>(
      p, s, num_words, "zvc",
      std::vector<std::pair<ZvcError, const char*>>{{ZvcError::kMaskTrailing, "mask"},
                                                    {ZvcError::kValueTrailing, "value"}});
}

namespace {

class ZvcCodec final : public detail::ParamsCodec<ZvcParams, ZvcEncoder, ZvcDecoder> {
 public:
  ZvcParams params(const CodecConfig& cfg) const override { return params_of(cfg); }
  const char* name() const override { return "zvc"; }
  const char* title() const override {
    return "ZVC: mask of non-zero groups + their words raw (cDMA, NullHop), lossless";
  }
  std::uint8_t id() const override { return kZvcCodecId; }
  bool lossless() const override { return true; }
  std::vector<unsigned> data_widths() const override { return {8, 16}; }
  const std::vector<ParamSpec>& param_specs() const override {
    static const std::vector<ParamSpec> specs = {
        {"group", "mask granularity G: words per mask bit", {1, 2, 4, 8}, 0, 0, 1, false}};
    return specs;
  }
  std::vector<std::pair<std::uint8_t, const char*>> stream_errors() const override {
    return stream_error_table<ZvcError>(5);
  }
  std::vector<StreamInfo> streams(const CodecConfig& cfg) const override {
    return {{"mask", cfg.data_width}, {"value", cfg.data_width}};
  }
  Result<Streams> encode(const CodecConfig& cfg, WordView words) const override {
    return zvc_encode(params_of(cfg), words);
  }
  Result<std::vector<std::int32_t>> decode(const CodecConfig& cfg, const Streams& s,
                                           std::uint64_t n) const override {
    return zvc_decode(params_of(cfg), s, n);
  }
  std::uint64_t max_words(const CodecConfig& cfg, const Streams& s) const override {
    const std::uint64_t bits = s.empty() ? 0 : std::uint64_t(s[0].size()) * cfg.data_width;
    return bits * static_cast<std::uint64_t>(cfg.param("group"));
  }
};

}  // namespace

const Codec& zvc_codec() {
  static const ZvcCodec codec;
  return codec;
}

}  // namespace fmc
