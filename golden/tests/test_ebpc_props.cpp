// SPDX-License-Identifier: Apache-2.0
// EBPC seeded random property tests: round trip, an independent reference encoder written from
// docs/ebpc-format.md as bit strings, the streaming APIs (earliest release, `last` flags, random
// interleavings), and the worst-case size bounds of §3.1. Every random test prints its seed.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fmcodec/codecs/ebpc.hpp"

using namespace fmc;

namespace {

const EbpcParams kConfigs[] = {{8, 8}, {16, 8}, {16, 16}};

std::string cfg_name(const EbpcParams& p) {
  return std::to_string(p.data_width) + "/" + std::to_string(p.block_size);
}

unsigned ilog2(unsigned v) {
  unsigned r = 0;
  while ((1u << r) < v) ++r;
  return r;
}

// ------------------------------------------------------------------------------------------------
// Reference encoder: a deliberately naive transcription of §2 and §3 into '0'/'1' strings, with no
// code shared with golden/src/ebpc.cpp. It also records how many bits each stream holds after every
// input word, which gives the earliest moment each stream word can be released.
// ------------------------------------------------------------------------------------------------

void put_bits(std::string& s, std::uint64_t v, unsigned count) {
  for (unsigned i = count; i-- > 0;) s.push_back(((v >> i) & 1u) ? '1' : '0');
}

std::string ref_block(const EbpcParams& p, const std::vector<std::int64_t>& w) {
  const unsigned m = p.data_width;
  const unsigned n = p.block_size;
  std::string s;
  put_bits(s, static_cast<std::uint64_t>(w[0]) & ((1u << m) - 1u), m);
  // plane[b][k-1] = bit b of d_k = w_k - w_(k-1) in m+1 bits two's complement.
  std::vector<std::vector<int>> plane(m + 1, std::vector<int>(n - 1));
  for (unsigned k = 1; k < n; ++k) {
    const std::uint64_t d = static_cast<std::uint64_t>(w[k] - w[k - 1]);
    for (unsigned b = 0; b <= m; ++b) plane[b][k - 1] = static_cast<int>((d >> b) & 1u);
  }
  unsigned run = 0;
  auto flush = [&]() {
    if (run == 1) s += "01";
    if (run >= 2) {
      s += "001";
      put_bits(s, run - 2, ilog2(m));
    }
    run = 0;
  };
  for (unsigned i = 0; i <= m; ++i) {
    std::vector<int> x(n - 1);
    unsigned ones = 0;
    bool p_zero = true;
    for (unsigned k = 0; k + 1 < n; ++k) {
      x[k] = i == 0 ? plane[0][k] : (plane[i - 1][k] ^ plane[i][k]);
      ones += static_cast<unsigned>(x[k]);
      if (plane[i][k]) p_zero = false;
    }
    if (ones == 0) {
      ++run;
      continue;
    }
    flush();
    const unsigned first = static_cast<unsigned>(std::find(x.begin(), x.end(), 1) - x.begin());
    if (ones == n - 1) {
      s += "00000";
    } else if (p_zero) {
      s += "00001";
    } else if (ones == 2 && first + 1 < n - 1 && x[first + 1] == 1) {
      s += "00010";
      put_bits(s, first, ilog2(n));
    } else if (ones == 1) {
      s += "00011";
      put_bits(s, first, ilog2(n));
    } else {
      s += "1";
      for (int b : x) s.push_back(b ? '1' : '0');
    }
  }
  flush();
  return s;
}

struct RefResult {
  std::string znz, bpc;                           // coded bits, no padding
  std::vector<std::size_t> znz_after, bpc_after;  // bits in each stream after input word j
  std::size_t blocks = 0;
  std::size_t max_block_bits = 0;
};

RefResult ref_encode(const EbpcParams& p, const std::vector<std::int32_t>& in) {
  RefResult r;
  unsigned run = 0;
  std::vector<std::int64_t> block;
  auto emit_block = [&]() {
    block.resize(p.block_size, 0);  // stuffing
    const std::string b = ref_block(p, block);
    r.bpc += b;
    r.max_block_bits = std::max(r.max_block_bits, b.size());
    ++r.blocks;
    block.clear();
  };
  for (std::size_t j = 0; j < in.size(); ++j) {
    if (in[j] == 0) {
      if (++run == 16) {
        r.znz += "01111";
        run = 0;
      }
    } else {
      if (run > 0) {
        r.znz += "0";
        put_bits(r.znz, run - 1, 4);
        run = 0;
      }
      r.znz += "1";
      block.push_back(in[j]);
      if (block.size() == p.block_size) emit_block();
    }
    if (j + 1 == in.size()) {
      if (run > 0) {
        r.znz += "0";
        put_bits(r.znz, run - 1, 4);
      }
      if (!block.empty()) emit_block();
    }
    r.znz_after.push_back(r.znz.size());
    r.bpc_after.push_back(r.bpc.size());
  }
  return r;
}

std::vector<std::uint32_t> pack(const std::string& bits, unsigned m) {
  std::vector<std::uint32_t> words;
  for (std::size_t i = 0; i < bits.size(); i += m) {
    std::uint32_t w = 0;
    for (unsigned b = 0; b < m; ++b)
      w = (w << 1) | (i + b < bits.size() && bits[i + b] == '1' ? 1u : 0u);
    words.push_back(w);
  }
  return words;
}

// Stream words a hardware encoder may have emitted (with their `last` flag known) when `bits` bits
// are written and the transmission is not over: every complete word, except that a word ending
// exactly at the write position may still turn out to be the last one.
std::size_t releasable(std::size_t bits, unsigned m) {
  const std::size_t full = bits / m;
  if (bits % m != 0) return full;
  return full == 0 ? 0 : full - 1;
}

// Worst-case BPC bits per block (§3.1: base + (m+1) symbols of the longest code); the doc states
// 80 for 8/8 and 304 - 16 ZNZ bits = 288 for 16/16.
std::size_t worst_block_bits(const EbpcParams& p) {
  if (p.data_width == 8) return 80;
  return p.block_size == 8 ? 16 + 17 * 8 : 288;
}

// ------------------------------------------------------------------------------------------------
// Data generators
// ------------------------------------------------------------------------------------------------

enum class Kind {
  kUniform,
  kNoZero,
  kAllZero,
  kExtremes,
  kExtremesMixed,
  kSparse50,
  kSparse90,
  kSparse99,
  kRelu,
  kRamp,
  kRuns,
  kCount
};
const char* kind_name(Kind k) {
  static const char* const kNames[] = {"uniform",        "no_zero",   "all_zero",  "extremes",
                                       "extremes_mixed", "sparse0.5", "sparse0.9", "sparse0.99",
                                       "relu",           "ramp",      "runs"};
  return kNames[static_cast<int>(k)];
}

std::vector<std::int32_t> generate(Kind kind, std::size_t size, unsigned m, std::mt19937& rng) {
  const std::int32_t lo = -(1 << (m - 1));
  const std::int32_t hi = (1 << (m - 1)) - 1;
  std::uniform_int_distribution<std::int32_t> full(lo, hi);
  auto nonzero = [&]() {
    std::int32_t v;
    do v = full(rng);
    while (v == 0);
    return v;
  };
  auto sparse = [&](double p_zero) {
    std::bernoulli_distribution z(p_zero);
    std::vector<std::int32_t> v(size);
    for (auto& x : v) x = z(rng) ? 0 : nonzero();
    return v;
  };
  std::vector<std::int32_t> v(size);
  switch (kind) {
    case Kind::kUniform:
      for (auto& x : v) x = full(rng);
      break;
    case Kind::kNoZero:
      for (auto& x : v) x = nonzero();
      break;
    case Kind::kAllZero: break;
    case Kind::kExtremes:
      for (std::size_t i = 0; i < size; ++i) v[i] = (i % 2) ? hi : lo;
      break;
    case Kind::kExtremesMixed: {
      const std::int32_t pick[] = {lo, hi, lo + 1, hi - 1, -1, 1, 0};
      std::uniform_int_distribution<int> d(0, 6);
      for (auto& x : v) x = pick[d(rng)];
      break;
    }
    case Kind::kSparse50: return sparse(0.5);
    case Kind::kSparse90: return sparse(0.9);
    case Kind::kSparse99: return sparse(0.99);
    case Kind::kRelu: {
      std::normal_distribution<double> g(0.0, hi / 4.0);
      for (auto& x : v)
        x = static_cast<std::int32_t>(std::clamp(std::lround(g(rng)), 0L, long(hi)));
      break;
    }
    case Kind::kRamp: {  // smooth: slowly varying slope, saturating at both limits
      double x = full(rng), slope = 0;
      std::normal_distribution<double> ds(0.0, m == 8 ? 0.5 : 40.0);
      for (auto& y : v) {
        slope += ds(rng);
        x = std::clamp(x + slope, double(lo), double(hi));
        if (x == lo || x == hi) slope = -slope / 2;
        y = static_cast<std::int32_t>(std::lround(x));
      }
      break;
    }
    case Kind::kRuns: {  // zero runs around the 16-word limit of §2
      const std::size_t lens[] = {1, 2, 15, 16, 17, 31, 32, 33, 48};
      std::uniform_int_distribution<int> d(0, 8), nz(1, 5);
      std::size_t i = 0;
      while (i < size) {
        for (std::size_t k = lens[d(rng)]; k > 0 && i < size; --k) v[i++] = 0;
        for (int k = nz(rng); k > 0 && i < size; --k) v[i++] = nonzero();
      }
      break;
    }
    case Kind::kCount: break;
  }
  return v;
}

// ------------------------------------------------------------------------------------------------
// Checks
// ------------------------------------------------------------------------------------------------

// Whole-buffer encode == reference, size bounds, decode == input. Returns "" or what failed.
std::string check_whole(const EbpcParams& p, const std::vector<std::int32_t>& in) {
  const unsigned m = p.data_width;
  auto enc = ebpc_encode(p, in);
  if (!enc.ok()) return "encode: " + enc.status().to_string();
  const RefResult ref = ref_encode(p, in);
  if (enc.value().znz != pack(ref.znz, m)) return "ZNZ differs from the reference encoder";
  if (enc.value().bpc != pack(ref.bpc, m)) return "BPC differs from the reference encoder";
  std::size_t nnz = 0;
  for (auto v : in) nnz += v != 0;
  if (ref.blocks != (nnz + p.block_size - 1) / p.block_size) return "wrong block count";
  if (ref.max_block_bits > worst_block_bits(p)) return "block above the worst-case size";
  if (ref.znz.size() > 5 * in.size()) return "ZNZ above 5 bits per word";
  if (nnz == in.size() && ref.znz.size() != in.size()) return "dense ZNZ is not 1 bit per word";
  auto dec = ebpc_decode(p, enc.value().znz, enc.value().bpc, in.size());
  if (!dec.ok()) return "decode: " + dec.status().to_string();
  if (dec.value() != in) return "decode differs from the input";
  return "";
}

// Streaming encoder, one word at a time, popping as soon as words are released: each stream is
// released at the earliest moment (per the reference bit counts), `last` only on the final word,
// and the beats equal the whole-buffer streams (so no released word changed afterwards).
std::string check_stream_encoder(const EbpcParams& p, const std::vector<std::int32_t>& in,
                                 const EbpcStreams& whole) {
  const unsigned m = p.data_width;
  const RefResult ref = ref_encode(p, in);
  EbpcEncoder enc(p);
  std::vector<StreamBeat> zb, bb;
  for (std::size_t j = 0; j < in.size(); ++j) {
    const bool last = j + 1 == in.size();
    if (!enc.push(in[j], last).ok()) return "push failed at word " + std::to_string(j);
    while (auto b = enc.pop_znz()) zb.push_back(*b);
    while (auto b = enc.pop_bpc()) bb.push_back(*b);
    const std::size_t want_z =
        last ? (ref.znz.size() + m - 1) / m : releasable(ref.znz_after[j], m);
    const std::size_t want_b =
        last ? (ref.bpc.size() + m - 1) / m : releasable(ref.bpc_after[j], m);
    if (zb.size() != want_z || bb.size() != want_b)
      return "after word " + std::to_string(j) + ": released ZNZ " + std::to_string(zb.size()) +
             " BPC " + std::to_string(bb.size()) + ", expected " + std::to_string(want_z) + " / " +
             std::to_string(want_b);
  }
  if (!enc.done()) return "not done after the last word";
  if (enc.push(1, true).code() != ErrorCode::kBadInput) return "push after the end accepted";
  auto same = [](const std::vector<StreamBeat>& beats, const std::vector<std::uint32_t>& words) {
    if (beats.size() != words.size()) return false;
    for (std::size_t i = 0; i < beats.size(); ++i)
      if (beats[i].data != words[i] || beats[i].last != (i + 1 == words.size())) return false;
    return true;
  };
  if (!same(zb, whole.znz)) return "ZNZ beats differ from the whole-buffer stream";
  if (!same(bb, whole.bpc)) return "BPC beats differ from the whole-buffer stream";
  return "";
}

// Streaming decoder fed one word at a time in a random interleaving of the two streams (with
// probability `p_znz` of taking ZNZ next). Checks that output grows as a prefix of `in`, that a
// decoder which is neither done nor failed always wants a stream that still has words, and the
// final result.
std::string check_stream_decoder(const EbpcParams& p, const std::vector<std::int32_t>& in,
                                 const EbpcStreams& s, std::mt19937& rng, double p_znz) {
  EbpcDecoder dec(p, in.size());
  std::vector<std::int32_t> out;
  std::size_t zi = 0, bi = 0;
  std::bernoulli_distribution pick(p_znz);
  while (zi < s.znz.size() || bi < s.bpc.size()) {
    const bool z = bi == s.bpc.size() || (zi < s.znz.size() && pick(rng));
    Status st = z ? dec.push_znz(s.znz[zi], zi + 1 == s.znz.size())
                  : dec.push_bpc(s.bpc[bi], bi + 1 == s.bpc.size());
    (z ? zi : bi)++;
    if (!st.ok()) return "push failed: " + st.to_string();
    while (auto v = dec.pop()) out.push_back(*v);
    if (out.size() > in.size() || !std::equal(out.begin(), out.end(), in.begin()))
      return "output is not a prefix of the input after " + std::to_string(zi) + " ZNZ / " +
             std::to_string(bi) + " BPC words";
    if (!dec.done()) {
      if (!dec.wants_znz() && !dec.wants_bpc()) return "decoder neither done nor waiting";
      if (dec.wants_znz() && zi == s.znz.size()) return "decoder waits for ZNZ after its end";
      if (dec.wants_bpc() && bi == s.bpc.size()) return "decoder waits for BPC after its end";
    }
  }
  if (!dec.done()) return "decoder not done after both streams";
  if (out != in) return "decoded words differ";
  if (!dec.push_znz(0, true).is(EbpcError::kZnzTrailing)) return "ZNZ after done accepted";
  return "";
}

// Word count off by one: N-1 and N+1 must fail unless the format's one ambiguity applies (a run of
// one zero `00000` looks like zero padding): then N-1 decodes to the input minus a final 0 and N+1
// to the input plus a final 0.
std::string check_count_off_by_one(const EbpcParams& p, const std::vector<std::int32_t>& in,
                                   const EbpcStreams& s) {
  if (in.size() > 1) {
    auto d = ebpc_decode(p, s.znz, s.bpc, in.size() - 1);
    if (d.ok() &&
        (in.back() != 0 || d.value() != std::vector<std::int32_t>(in.begin(), in.end() - 1)))
      return "count N-1 decoded to something else than the input minus a final zero";
  }
  auto d = ebpc_decode(p, s.znz, s.bpc, in.size() + 1);
  if (d.ok()) {
    std::vector<std::int32_t> plus = in;
    plus.push_back(0);
    if (d.value() != plus) return "count N+1 decoded to something else than the input plus a zero";
  }
  return "";
}

}  // namespace

TEST_CASE("EBPC round trip and reference encoder: every size 1..300, every data kind",
          "[ebpc][props]") {
  const std::uint32_t seed = 20240601;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (const auto& p : kConfigs) {
    for (std::size_t size = 1; size <= 300; ++size) {
      for (int k = 0; k < static_cast<int>(Kind::kCount); ++k) {
        const auto in = generate(static_cast<Kind>(k), size, p.data_width, rng);
        const std::string err = check_whole(p, in);
        if (!err.empty()) {
          INFO(cfg_name(p) << " " << kind_name(static_cast<Kind>(k)) << " size " << size);
          FAIL(err);
        }
      }
    }
  }
  SUCCEED("3 configs x 300 sizes x 11 kinds");
}

TEST_CASE("EBPC round trip: large sizes up to 5000, every residue mod 16", "[ebpc][props]") {
  const std::uint32_t seed = 7;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  std::vector<std::size_t> sizes;
  for (std::size_t r = 0; r < 16; ++r) sizes.push_back(4080 + r);  // residues 0..15 mod 16
  std::uniform_int_distribution<std::size_t> any(301, 5000);
  for (int i = 0; i < 16; ++i) sizes.push_back(any(rng));
  sizes.push_back(5000);
  std::size_t i = 0;
  for (const auto& p : kConfigs) {
    for (std::size_t size : sizes) {
      const Kind kind = static_cast<Kind>(i++ % static_cast<std::size_t>(Kind::kCount));
      const auto in = generate(kind, size, p.data_width, rng);
      INFO(cfg_name(p) << " " << kind_name(kind) << " size " << size);
      CHECK(check_whole(p, in) == "");
    }
  }
}

TEST_CASE("EBPC zero runs of 15/16/17/31/32/33/48 words at start, middle, end", "[ebpc][props]") {
  for (const auto& p : kConfigs) {
    for (std::size_t len : {1, 15, 16, 17, 31, 32, 33, 48, 49}) {
      for (const char* where : {"start", "middle", "end", "alone"}) {
        std::vector<std::int32_t> in;
        const std::vector<std::int32_t> bg = {3, -7, 100, 1, -1, 2, 9, 12, -128, 127, 5};
        const std::string w = where;
        if (w == "middle" || w == "end") in.insert(in.end(), bg.begin(), bg.end());
        in.insert(in.end(), len, 0);
        if (w == "start" || w == "middle") in.insert(in.end(), bg.begin(), bg.end());
        INFO(cfg_name(p) << " run " << len << " at " << where);
        CHECK(check_whole(p, in) == "");
        auto enc = ebpc_encode(p, in);
        REQUIRE(enc.ok());
        CHECK(check_stream_encoder(p, in, enc.value()) == "");
        if (w == "alone") CHECK(enc.value().bpc.empty());
      }
    }
  }
  // ZNZ bits written by hand from §2 for a run at the start followed by one non-zero word.
  const std::pair<std::size_t, std::string> kZnz[] = {{15, "01110 1"},
                                                      {16, "01111 1"},
                                                      {17, "01111 00000 1"},
                                                      {32, "01111 01111 1"},
                                                      {33, "01111 01111 00000 1"}};
  for (const auto& [len, bits] : kZnz) {
    std::vector<std::int32_t> in(len, 0);
    in.push_back(42);
    std::string b;
    for (char c : bits)
      if (c != ' ') b.push_back(c);
    auto enc = ebpc_encode(EbpcParams{8, 8}, in);
    REQUIRE(enc.ok());
    INFO("run " << len);
    CHECK(enc.value().znz == pack(b, 8));
  }
}

TEST_CASE("EBPC streaming encoder: earliest release, last flags, beats == whole streams",
          "[ebpc][props][stream]") {
  const std::uint32_t seed = 99;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (const auto& p : kConfigs) {
    for (std::size_t size = 1; size <= 120; ++size) {
      for (int k = 0; k < static_cast<int>(Kind::kCount); ++k) {
        const auto in = generate(static_cast<Kind>(k), size, p.data_width, rng);
        auto enc = ebpc_encode(p, in);
        REQUIRE(enc.ok());
        const std::string err = check_stream_encoder(p, in, enc.value());
        if (!err.empty()) {
          INFO(cfg_name(p) << " " << kind_name(static_cast<Kind>(k)) << " size " << size);
          FAIL(err);
        }
      }
    }
    // One long transmission then reset(): the encoder is reusable.
    EbpcEncoder enc(p);
    for (int round = 0; round < 2; ++round) {
      const auto in = generate(Kind::kSparse50, 3000, p.data_width, rng);
      for (std::size_t j = 0; j < in.size(); ++j) REQUIRE(enc.push(in[j], j + 1 == in.size()).ok());
      auto whole = ebpc_encode(p, in);
      REQUIRE(whole.ok());
      CHECK(enc.streams().znz == whole.value().znz);
      CHECK(enc.streams().bpc == whole.value().bpc);
      CHECK(enc.words_in() == in.size());
      enc.reset();
      CHECK(!enc.done());
      CHECK(enc.words_in() == 0);
    }
  }
}

TEST_CASE("EBPC streaming decoder: random interleavings of ZNZ and BPC words",
          "[ebpc][props][stream]") {
  const std::uint32_t seed = 12345;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> big(121, 3000);
  for (const auto& p : kConfigs) {
    for (std::size_t size = 1; size <= 140; ++size) {
      const std::size_t n = size <= 120 ? size : big(rng);
      for (int k = 0; k < static_cast<int>(Kind::kCount); ++k) {
        const auto in = generate(static_cast<Kind>(k), n, p.data_width, rng);
        auto enc = ebpc_encode(p, in);
        REQUIRE(enc.ok());
        // ZNZ first, BPC first, balanced, and a random bias.
        for (double p_znz : {1.0, 0.0, 0.5, std::uniform_real_distribution<double>(0, 1)(rng)}) {
          const std::string err = check_stream_decoder(p, in, enc.value(), rng, p_znz);
          if (!err.empty()) {
            INFO(cfg_name(p) << " " << kind_name(static_cast<Kind>(k)) << " size " << n << " p_znz "
                             << p_znz);
            FAIL(err);
          }
        }
      }
    }
  }
  SUCCEED();
}

TEST_CASE("EBPC word count off by one: fails, or the 00000-looks-like-padding ambiguity",
          "[ebpc][props]") {
  const std::uint32_t seed = 4242;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  int ambiguous_minus = 0, ambiguous_plus = 0;
  for (const auto& p : kConfigs) {
    for (std::size_t size = 1; size <= 100; ++size) {
      for (int k = 0; k < static_cast<int>(Kind::kCount); ++k) {
        const auto in = generate(static_cast<Kind>(k), size, p.data_width, rng);
        auto enc = ebpc_encode(p, in);
        REQUIRE(enc.ok());
        const auto& s = enc.value();
        const std::string err = check_count_off_by_one(p, in, s);
        if (!err.empty()) {
          INFO(cfg_name(p) << " " << kind_name(static_cast<Kind>(k)) << " size " << size);
          FAIL(err);
        }
        if (size > 1 && ebpc_decode(p, s.znz, s.bpc, size - 1).ok()) ++ambiguous_minus;
        if (ebpc_decode(p, s.znz, s.bpc, size + 1).ok()) ++ambiguous_plus;
      }
    }
  }
  // Both sides of the ambiguity occur in this data set (so the branches above were exercised).
  CHECK(ambiguous_minus > 0);
  CHECK(ambiguous_plus > 0);
}

TEST_CASE("EBPC worst-case block sizes of §3.1 are bounds and are reached", "[ebpc][props]") {
  const std::uint32_t seed = 31337;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (const auto& p : kConfigs) {
    std::size_t worst = 0;
    for (int t = 0; t < 4000; ++t) {
      const auto in = generate(Kind::kNoZero, p.block_size, p.data_width, rng);
      BitWriter w(p.data_width);
      ebpc_encode_block(p, in.data(), w);
      REQUIRE(w.bit_count() <= worst_block_bits(p));
      worst = std::max<std::size_t>(worst, w.bit_count());
    }
    INFO(cfg_name(p) << " largest random block " << worst << " bits");
    // Random dense blocks reach the bound (all m+1 symbols uncompressed).
    CHECK(worst == worst_block_bits(p));
  }
  // The document's figures: 8/8 = 80 BPC + 8 ZNZ bits for 64 data bits; 16/16 = 304 / 256.
  CHECK(worst_block_bits(EbpcParams{8, 8}) + 8 == 88);
  CHECK(worst_block_bits(EbpcParams{16, 16}) + 16 == 304);
}
