// SPDX-License-Identifier: Apache-2.0
// The optimized EBPC encoder paths against literal transcriptions of docs/ebpc-format.md:
//  - ebpc_encode_block() (bit-matrix transpose, code tables) against reference_encode_block()
//    below, the straightforward reading of §3 (the original golden implementation);
//  - the whole-buffer ebpc_encode() (mask-driven ZNZ, chunked packing) against the streaming
//    EbpcEncoder, which pushes one word at a time as §2 reads.
#include <catch2/catch.hpp>
#include <random>

#include "fmcodec/codecs/ebpc.hpp"

using namespace fmc;

namespace {

// §3, read literally: base, then for i = 0..m the symbol of X_i (paired with P_i), zero X merged
// into runs inside the block.
void reference_encode_block(unsigned m, unsigned n, const std::int32_t* w, BitWriter& out) {
  const unsigned nb = n - 1;
  const std::uint32_t all_ones = (1u << nb) - 1u;
  const unsigned log2m = (m == 8) ? 3 : 4;
  const unsigned log2n = (n == 8) ? 3 : 4;
  out.put(static_cast<std::uint32_t>(w[0]) & ((1u << m) - 1u), m);

  std::uint32_t planes[17] = {};
  for (unsigned k = 1; k < n; ++k) {
    const std::uint32_t d = static_cast<std::uint32_t>(w[k] - w[k - 1]) & ((1u << (m + 1)) - 1u);
    for (unsigned b = 0; b <= m; ++b) planes[b] |= ((d >> b) & 1u) << (n - 1 - k);
  }

  unsigned run = 0;
  auto flush_run = [&]() {
    if (run == 1) {
      out.put(0b01, 2);
    } else if (run >= 2) {
      out.put(0b001, 3);
      out.put(run - 2, log2m);
    }
    run = 0;
  };
  for (unsigned i = 0; i <= m; ++i) {
    const std::uint32_t p = planes[i];
    const std::uint32_t x = (i == 0) ? p : (planes[i - 1] ^ p);
    if (x == 0) {
      ++run;
      continue;
    }
    flush_run();
    int ones = 0;
    for (unsigned b = 0; b < nb; ++b) ones += (x >> b) & 1u;
    unsigned first = 0;  // position of the first one from the MSB
    while (((x >> (nb - 1 - first)) & 1u) == 0) ++first;
    if (x == all_ones) {
      out.put(0b00000, 5);
    } else if (p == 0) {
      out.put(0b00001, 5);
    } else if (ones == 2 && ((x >> (nb - 2 - first)) & 1u) != 0) {
      out.put(0b00010, 5);
      out.put(first, log2n);
    } else if (ones == 1) {
      out.put(0b00011, 5);
      out.put(first, log2n);
    } else {
      out.put(1, 1);
      out.put(x, nb);
    }
  }
  flush_run();
}

// Random m-bit values drawn from a mix of distributions that exercise every symbol code.
struct ValueSource {
  std::mt19937 rng;
  unsigned m;
  int lo, hi;
  ValueSource(std::uint32_t seed, unsigned width)
      : rng(seed), m(width), lo(-(1 << (width - 1))), hi((1 << (width - 1)) - 1) {}
  int uniform() { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  // One value in the style `style` given the previous one.
  int next(int style, int prev) {
    switch (style) {
      case 0: return uniform();
      case 1:
        return std::min(hi, std::max(lo, prev + std::uniform_int_distribution<int>(-3, 3)(rng)));
      case 2: return (rng() & 1) ? lo : hi;     // extreme deltas
      case 3: return uniform() >> (rng() % m);  // varied magnitudes
      case 4: return prev;                      // constant stretches
      default: return static_cast<int>(rng() % 3) - 1;
    }
  }
};

}  // namespace

TEST_CASE("Fast block coder equals the literal reading of §3", "[ebpc][fast]") {
  const EbpcParams configs[] = {{8, 8}, {16, 8}, {16, 16}};
  for (const auto& p : configs) {
    ValueSource src(1234 + p.data_width * 100 + p.block_size, p.data_width);
    for (int trial = 0; trial < 20000; ++trial) {
      std::int32_t block[16];
      const int style = trial % 6;
      int prev = src.uniform();
      for (unsigned k = 0; k < p.block_size; ++k) block[k] = prev = src.next(style, prev);
      BitWriter fast(p.data_width), ref(p.data_width);
      ebpc_encode_block(p, block, fast);
      reference_encode_block(p.data_width, p.block_size, block, ref);
      INFO("m=" << p.data_width << " n=" << p.block_size << " trial " << trial);
      REQUIRE(fast.bit_count() == ref.bit_count());
      fast.finish();
      ref.finish();
      REQUIRE(fast.words() == ref.words());
    }
  }
}

TEST_CASE("Whole-buffer ebpc_encode equals the streaming encoder", "[ebpc][fast]") {
  const EbpcParams configs[] = {{8, 8}, {16, 8}, {16, 16}};
  // Lengths around the 64-word chunks of the fast path and the 16-word ZNZ runs.
  const std::size_t lengths[] = {1, 2, 15, 16, 17, 31, 63, 64, 65, 127, 128, 129, 200, 1000, 4099};
  for (const auto& p : configs) {
    ValueSource src(99 + p.data_width + p.block_size, p.data_width);
    for (double zero_p : {0.0, 0.2, 0.5, 0.9, 0.99, 1.0}) {
      for (std::size_t len : lengths) {
        for (int style = 0; style < 6; ++style) {
          std::bernoulli_distribution zero(zero_p);
          std::vector<std::int32_t> v(len);
          int prev = src.uniform();
          for (auto& x : v) {
            prev = src.next(style, prev);
            x = zero(src.rng) ? 0 : prev;
          }
          EbpcEncoder enc(p);
          for (std::size_t i = 0; i < len; ++i) REQUIRE(enc.push(v[i], i + 1 == len).ok());
          auto fast = ebpc_encode(p, v);
          INFO("m=" << p.data_width << " n=" << p.block_size << " zero_p=" << zero_p
                    << " len=" << len << " style=" << style);
          REQUIRE(fast.ok());
          CHECK(fast.value().znz == enc.streams().znz);
          CHECK(fast.value().bpc == enc.streams().bpc);
        }
      }
    }
  }
}

TEST_CASE("Whole-buffer ebpc_encode: long zero runs and range errors", "[ebpc][fast]") {
  const EbpcParams p{8, 8};
  // Zero runs of every length 0..200 between two non-zero words, at every offset in a chunk.
  for (unsigned offset : {0u, 1u, 13u, 63u}) {
    for (unsigned k = 0; k <= 200; ++k) {
      std::vector<std::int32_t> v(offset, 5);
      v.push_back(-7);
      v.insert(v.end(), k, 0);
      v.push_back(3);
      EbpcEncoder enc(p);
      for (std::size_t i = 0; i < v.size(); ++i) REQUIRE(enc.push(v[i], i + 1 == v.size()).ok());
      auto fast = ebpc_encode(p, v);
      REQUIRE(fast.ok());
      INFO("offset " << offset << " run " << k);
      CHECK(fast.value().znz == enc.streams().znz);
      CHECK(fast.value().bpc == enc.streams().bpc);
    }
  }
  // The first value out of range is the one reported.
  const std::vector<std::int32_t> bad = {1, 2, 128, -129};
  auto r = ebpc_encode(p, bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().is(ErrorCode::kBadInput));
  CHECK(r.status().message().find("value 128 at word 2") != std::string::npos);
  CHECK(ebpc_encode(EbpcParams{16, 16}, bad).ok());
  // ... also past the first 64-word chunk, and at 16 bits.
  std::vector<std::int32_t> later(300, 1);
  later[200] = 40000;
  auto r16 = ebpc_encode(EbpcParams{16, 8}, later);
  REQUIRE_FALSE(r16.ok());
  CHECK(r16.status().message().find("value 40000 at word 200") != std::string::npos);
  later[200] = -32768;
  CHECK(ebpc_encode(EbpcParams{16, 8}, later).ok());
  later[200] = -32769;
  CHECK_FALSE(ebpc_encode(EbpcParams{16, 8}, later).ok());
}
