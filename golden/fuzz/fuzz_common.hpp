// SPDX-License-Identifier: Apache-2.0
/// @file fuzz_common.hpp
/// Shared by the libFuzzer targets and the seed writer (fuzz_seeds.cpp): how a fuzz input's bytes
/// map to codec parameters, word counts and stream words, and a check macro that aborts (so that
/// libFuzzer records the input as a crash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "fmcodec/ebpc.hpp"
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

/// The three supported configurations, chosen by (byte % 3).
inline fmc::EbpcParams config(std::uint8_t b) {
  static const fmc::EbpcParams kConfigs[] = {{8, 8}, {16, 8}, {16, 16}};
  return kConfigs[b % 3];
}
/// Inverse of config() for the seed writer.
inline std::uint8_t config_byte(const fmc::EbpcParams& p) {
  return p.data_width == 8 ? 0 : (p.block_size == 8 ? 1 : 2);
}

/// Consumes an input front to back; reads past the end give zeros.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : d_(data), n_(size) {}
  std::uint8_t u8() { return i_ < n_ ? d_[i_++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
  std::size_t left() const { return n_ - i_; }
  /// One m-bit word (1 byte for m = 8, 2 bytes big-endian for m = 16).
  std::uint32_t word(unsigned m) { return m == 8 ? u8() : u16(); }

 private:
  const std::uint8_t* d_;
  std::size_t n_;
  std::size_t i_ = 0;
};

inline void put_u16(std::vector<std::uint8_t>& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
inline void put_word(std::vector<std::uint8_t>& out, std::uint32_t w, unsigned m) {
  if (m == 8)
    out.push_back(static_cast<std::uint8_t>(w));
  else
    put_u16(out, w);
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
  bool coin(unsigned percent) { return next() % 100 < percent; }

 private:
  std::uint64_t s_;
};

/// Result of feeding both streams to a streaming decoder in a random interleaving; a decoder left
/// waiting is reported as truncated, exactly as ebpc_decode() does.
struct StreamOutcome {
  fmc::ErrorCode code = fmc::ErrorCode::kOk;
  std::vector<std::int32_t> words;
};

inline StreamOutcome stream_decode(const fmc::EbpcParams& p, const std::vector<std::uint32_t>& znz,
                                   const std::vector<std::uint32_t>& bpc, std::uint64_t n, Rng& rng,
                                   unsigned znz_percent) {
  StreamOutcome o;
  fmc::EbpcDecoder dec(p, n);
  std::size_t zi = 0, bi = 0;
  while ((zi < znz.size() || bi < bpc.size()) && dec.status().ok()) {
    const bool z = bi == bpc.size() || (zi < znz.size() && rng.coin(znz_percent));
    if (z) {
      dec.push_znz(znz[zi], zi + 1 == znz.size());
      ++zi;
    } else {
      dec.push_bpc(bpc[bi], bi + 1 == bpc.size());
      ++bi;
    }
    while (auto v = dec.pop()) o.words.push_back(*v);
  }
  if (!dec.status().ok()) {
    o.code = dec.status().code();
  } else if (!dec.done()) {
    o.code = (znz.empty() || dec.wants_znz()) ? fmc::ErrorCode::kZnzTruncated
                                              : fmc::ErrorCode::kBpcTruncated;
  }
  return o;
}

}  // namespace fmc_fuzz
