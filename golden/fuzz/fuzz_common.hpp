// SPDX-License-Identifier: Apache-2.0
/// @file fuzz_common.hpp
/// Shared by the libFuzzer targets and the seed writer (fuzz_seeds.cpp): how a fuzz input's bytes
/// choose a codec of the registry and its configuration and give words, the streaming-decoder
/// driver, the error-class check, and a check macro that aborts (so that libFuzzer records the
/// input as a crash). Nothing here names a codec: every codec of fmc::codecs() is fuzzed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc_fuzz {

/// Aborts with a message when `cond` is false.
#define FMC_FUZZ_CHECK(cond, ...)                                                   \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                            \
      std::fprintf(stderr, "\n");                                                   \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

/// Most input words a target codes per input (keeps one execution short).
inline constexpr std::size_t kMaxWords = 4096;

/// Bytes per word of `width` bits in a fuzz input (big-endian).
inline unsigned word_bytes(unsigned width) {
  return (width + 7) / 8;
}
/// The low `width` bits set.
inline std::uint32_t word_mask(unsigned width) {
  return width >= 32 ? 0xFFFFFFFFu : (std::uint32_t(1) << width) - 1u;
}
/// The low `width` bits of `w` as a signed value (two's complement). 1 <= width <= 32.
inline std::int32_t sign_extend(std::uint32_t w, unsigned width) {
  const std::uint32_t sign = std::uint32_t(1) << (width - 1);
  const std::uint32_t v = w & word_mask(width);
  return static_cast<std::int32_t>(static_cast<std::int64_t>(v ^ sign) - std::int64_t(sign));
}

/// Consumes an input front to back; reads past the end give zeros.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : d_(data), n_(size) {}
  std::uint8_t u8() { return i_ < n_ ? d_[i_++] : 0; }
  /// `bytes` (<= 4) bytes, big-endian.
  std::uint32_t be(unsigned bytes) {
    std::uint32_t v = 0;
    for (unsigned k = 0; k < bytes; ++k) v = v << 8 | u8();
    return v;
  }
  std::size_t left() const { return n_ - i_; }
  /// True while a whole word of `width` bits is left.
  bool has_word(unsigned width) const { return left() >= word_bytes(width); }
  /// One word of `width` bits: word_bytes(width) bytes big-endian, masked to `width` bits.
  std::uint32_t word(unsigned width) { return be(word_bytes(width)) & word_mask(width); }

 private:
  const std::uint8_t* d_;
  std::size_t n_;
  std::size_t i_ = 0;
};

/// Appends the low `bytes` bytes of `v`, big-endian (the inverse of Bytes::be()).
inline void put_be(std::vector<std::uint8_t>& out, std::uint32_t v, unsigned bytes) {
  for (unsigned k = bytes; k-- > 0;) out.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
}

/// A codec of the registry and a configuration configure() accepted.
struct Choice {
  const fmc::Codec* codec = nullptr;
  fmc::CodecConfig cfg;
};

/// Reads a codec and its configuration from the front of an input:
///   u8  codec: index into fmc::codecs(), modulo their number;
///   u8  data width: index into codec.data_widths(), modulo their number;
///   then per ParamSpec, in schema order: a parameter with a `legal` list takes one byte, an index
///   into the list modulo its size; a range parameter takes a u32 (big-endian) v, the value is
///   min + v % (max - min + 1) (min + v when the range has more than 2^32 values).
/// nullopt when configure() rejects the combination (the input is then skipped).
inline std::optional<Choice> read_choice(Bytes& in) {
  const auto& all = fmc::codecs();
  if (all.empty()) return std::nullopt;
  Choice c;
  c.codec = all[in.u8() % all.size()];
  const auto widths = c.codec->data_widths();
  if (widths.empty()) return std::nullopt;
  const unsigned m = widths[in.u8() % widths.size()];
  fmc::ParamValues pv;
  for (const auto& spec : c.codec->param_specs()) {
    if (!spec.legal.empty()) {
      pv.set(spec.name, spec.legal[in.u8() % spec.legal.size()]);
      continue;
    }
    const std::uint64_t v = in.be(4);
    const std::uint64_t span = static_cast<std::uint64_t>(spec.max) -
                               static_cast<std::uint64_t>(spec.min) + 1;  // 0: all 2^64 values
    const std::uint64_t off = span == 0 || span > (std::uint64_t(1) << 32) ? v : v % span;
    pv.set(spec.name, static_cast<std::int64_t>(static_cast<std::uint64_t>(spec.min) + off));
  }
  auto cfg = c.codec->configure(m, pv);
  if (!cfg.ok()) return std::nullopt;
  c.cfg = cfg.value();
  return c;
}

/// The bytes read_choice() reads to choose `codec` and `cfg` (for the seed writer).
/// Precondition: `codec` is registered and `cfg` is a configuration of it.
inline std::vector<std::uint8_t> choice_bytes(const fmc::Codec& codec,
                                              const fmc::CodecConfig& cfg) {
  std::vector<std::uint8_t> out;
  const auto& all = fmc::codecs();
  std::size_t ci = 0;
  while (ci + 1 < all.size() && all[ci] != &codec) ++ci;
  out.push_back(static_cast<std::uint8_t>(ci));
  const auto widths = codec.data_widths();
  std::size_t wi = 0;
  while (wi + 1 < widths.size() && widths[wi] != cfg.data_width) ++wi;
  out.push_back(static_cast<std::uint8_t>(wi));
  for (const auto& spec : codec.param_specs()) {
    const std::int64_t v = cfg.param(spec.name);
    if (spec.legal.empty()) {
      put_be(out,
             static_cast<std::uint32_t>(static_cast<std::uint64_t>(v) -
                                        static_cast<std::uint64_t>(spec.min)),
             4);
      continue;
    }
    std::size_t li = 0;
    while (li + 1 < spec.legal.size() && spec.legal[li] != v) ++li;
    out.push_back(static_cast<std::uint8_t>(li));
  }
  return out;
}

/// Small deterministic PRNG (xorshift64*) for interleavings derived from the input.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  std::uint64_t next() {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return s_ * 0x2545F4914F6CDD1Dull;
  }
  /// Uniform-ish in [0, n). Precondition: n > 0.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t s_;
};

/// A seed for Rng from every byte of the input (FNV-1a).
inline std::uint64_t input_hash(const std::uint8_t* data, std::size_t size) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (std::size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 0x100000001B3ull;
  return h;
}

/// How the streaming decoder is fed: which stream gives the next word.
enum class Schedule : std::uint8_t {
  kRandom = 0,   ///< any stream with words left, uniformly
  kWanted = 1,   ///< a stream the decoder wants(), else any stream with words left
  kInOrder = 2,  ///< every word of stream 0, then of stream 1, ...
  kReverse = 3,  ///< every word of the last stream, then of the one before, ...
};

/// What the streaming decoder did with a transmission.
struct StreamRun {
  fmc::Status status;                ///< its sticky status after the last push
  bool done = false;                 ///< done() after the last push
  std::vector<std::int32_t> popped;  ///< every word pop() returned, in order
};

/// True for the errors a decoder of `codec` may report: host kBadInput, or one of the codec's own
/// stream errors (its id, a value it lists in stream_errors(), the matching names).
inline bool codec_error(const fmc::Codec& codec, const fmc::Status& s) {
  if (s.is(fmc::ErrorCode::kBadInput)) return true;
  if (!s.is_stream_error() || s.codec_id() != codec.id()) return false;
  for (const auto& e : codec.stream_errors())
    if (e.first == s.stream_error())
      return std::string(s.codec_name()) == codec.name() && std::string(s.error_name()) == e.second;
  return false;
}

/// True when `a` and `b` are the same error (host code, codec and stream-error value), or both ok.
inline bool same_error(const fmc::Status& a, const fmc::Status& b) {
  return a.code() == b.code() && a.codec_id() == b.codec_id() &&
         a.stream_error() == b.stream_error();
}

/// Feeds `streams` to codec.decoder(cfg, n) one word at a time (`last` on each stream's final
/// word) in the order `schedule` (and `rng`) gives, popping after every push, until every word is
/// pushed or the decoder fails. Checks the decoder's own contracts on the way: push() returns
/// status(); an error is sticky (a further push keeps it, pop() returns nothing more); the popped
/// words are the front of decoded(), which never exceeds n words; an open stream is only waited
/// on when it got no word at all. Precondition: n >= 1, `cfg` valid.
inline StreamRun run_decoder(const fmc::Codec& codec, const fmc::CodecConfig& cfg,
                             const fmc::Streams& streams, std::uint64_t n, Schedule schedule,
                             Rng& rng) {
  StreamRun run;
  auto dec = codec.decoder(cfg, n);
  const std::size_t ns = streams.size();
  std::vector<std::size_t> pos(ns, 0);
  std::vector<unsigned> open;
  for (;;) {
    if (!dec->status().ok()) break;
    open.clear();
    for (unsigned k = 0; k < ns; ++k)
      if (pos[k] < streams[k].size()) open.push_back(k);
    if (open.empty()) break;
    unsigned k = open[rng.below(open.size())];
    switch (schedule) {
      case Schedule::kRandom: break;
      case Schedule::kWanted: {
        const std::size_t start = rng.below(open.size());
        for (std::size_t i = 0; i < open.size(); ++i) {
          const unsigned c = open[(start + i) % open.size()];
          if (dec->wants(c)) {
            k = c;
            break;
          }
        }
        break;
      }
      case Schedule::kInOrder: k = open.front(); break;
      case Schedule::kReverse: k = open.back(); break;
    }
    const bool last = pos[k] + 1 == streams[k].size();
    const fmc::Status st = dec->push(k, streams[k][pos[k]], last);
    ++pos[k];
    FMC_FUZZ_CHECK(same_error(st, dec->status()), "push() returned %s, status() is %s",
                   st.to_string().c_str(), dec->status().to_string().c_str());
    while (auto v = dec->pop()) run.popped.push_back(*v);
  }
  run.status = dec->status();
  run.done = dec->done();
  const auto& decoded = dec->decoded();
  FMC_FUZZ_CHECK(decoded.size() <= n, "decoded() holds %zu words of %llu", decoded.size(),
                 static_cast<unsigned long long>(n));
  FMC_FUZZ_CHECK(run.popped.size() <= decoded.size() &&
                     std::equal(run.popped.begin(), run.popped.end(), decoded.begin()),
                 "popped words are not the front of decoded()");
  if (run.status.ok()) {
    FMC_FUZZ_CHECK(run.popped.size() == decoded.size(), "a decoded word was not popped");
    FMC_FUZZ_CHECK(!run.done || decoded.size() == n, "done() with %zu of %llu words",
                   decoded.size(), static_cast<unsigned long long>(n));
    for (unsigned k = 0; k < ns; ++k) {
      if (!dec->wants(k)) continue;
      FMC_FUZZ_CHECK(!run.done, "done() but wants(%u)", k);
      FMC_FUZZ_CHECK(streams[k].empty(), "waits on stream %u after its last word", k);
    }
  } else {
    FMC_FUZZ_CHECK(!dec->pop().has_value(), "pop() returns a word after an error");
    if (ns > 0) {
      const fmc::Status again = dec->push(0, 0, true);
      FMC_FUZZ_CHECK(same_error(again, run.status), "error not sticky: %s, then %s",
                     run.status.to_string().c_str(), again.to_string().c_str());
    }
  }
  return run;
}

}  // namespace fmc_fuzz
