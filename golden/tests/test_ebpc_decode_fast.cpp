// SPDX-License-Identifier: Apache-2.0
// The fast whole-buffer EBPC decoder against the reference, the streaming EbpcDecoder fed every
// BPC word then every ZNZ word (what ebpc_decode() did before it had a fast path):
//  - ebpc_decode() gives the reference's result: the same words, or the same error code and
//    message;
//  - the fast path alone (detail::ebpc_decode_fast) accepts exactly the transmissions the
//    reference accepts, with the same words (it rejects every invalid one, and never falls back
//    to the reference for a valid one);
// on the known-answer vectors, the invalid-stream vectors of verif/vectors/errors, random valid
// streams of every configuration and size 1..3000, valid streams the encoder never emits (raw
// codes for X that have a shorter code, split zero runs), random symbol soup, and many corrupted
// streams (bit flips, truncations, extra or inserted words, wrong word counts, bits above m).
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../src/codecs/ebpc_internal.hpp"
#include "fmcodec/codecs/ebpc.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

using Words = std::vector<std::uint32_t>;
using Values = std::vector<std::int32_t>;

// The reference: the streaming decoder, BPC first, then ZNZ, with the whole-buffer API's rules
// for a word count of 0 and for streams that end early.
Result<Values> reference_decode(const EbpcParams& p, const Words& znz, const Words& bpc,
                                std::uint64_t n) {
  Status s = p.validate();
  if (!s.ok()) return s;
  if (n == 0) {
    if (!znz.empty())
      return Status(EbpcError::kZnzTrailing, "word count is 0 but the ZNZ stream is not empty");
    if (!bpc.empty())
      return Status(EbpcError::kBpcTrailing, "word count is 0 but the BPC stream is not empty");
    return Values{};
  }
  EbpcDecoder dec(p, n);
  for (std::size_t i = 0; i < bpc.size(); ++i) {
    s = dec.push_bpc(bpc[i], i + 1 == bpc.size());
    if (!s.ok()) return s;
  }
  for (std::size_t i = 0; i < znz.size(); ++i) {
    s = dec.push_znz(znz[i], i + 1 == znz.size());
    if (!s.ok()) return s;
  }
  if (!dec.done()) {
    if (znz.empty() || dec.wants_znz())
      return Status(EbpcError::kZnzTruncated, "ZNZ stream (" + std::to_string(znz.size()) +
                                                  " words) ends after " +
                                                  std::to_string(dec.words_decoded()) + " of " +
                                                  std::to_string(n) + " words");
    return Status(EbpcError::kBpcTruncated,
                  "BPC stream (" + std::to_string(bpc.size()) + " words) ends after " +
                      std::to_string(dec.words_decoded()) + " of " + std::to_string(n) + " words");
  }
  Values out;
  while (auto v = dec.pop()) out.push_back(*v);
  return out;
}

// Outcome counts, to check that the corpora reach every error and the fast path.
struct Tally {
  std::size_t cases = 0;
  std::size_t fast_ok = 0;
  std::size_t per_code[32] = {};  // index: code_key()
};

// Index of an outcome in Tally::per_code: host codes 0..7, EBPC stream error n at 16 + n.
unsigned code_key(const Status& s) {
  return s.is_stream_error() ? 16u + s.stream_error() : static_cast<unsigned>(s.code());
}
unsigned code_key(EbpcError e) { return 16u + static_cast<unsigned>(e); }
unsigned code_key(ErrorCode c) { return static_cast<unsigned>(c); }

// Compares ebpc_decode() and the fast path with the reference on one input; returns a
// description of the first difference, or "" when they agree.
std::string compare(const EbpcParams& p, const Words& znz, const Words& bpc, std::uint64_t n,
                    Tally& t) {
  const Result<Values> ref = reference_decode(p, znz, bpc, n);
  const Result<Values> got = ebpc_decode(p, znz, bpc, n);
  ++t.cases;
  ++t.per_code[code_key(ref.status())];
  if (ref.ok() != got.ok())
    return "ebpc_decode: " + got.status().to_string() + ", reference: " + ref.status().to_string();
  if (ref.ok() && ref.value() != got.value()) return "ebpc_decode gives other words";
  if (!ref.ok() && (code_key(ref.status()) != code_key(got.status()) ||
                    ref.status().message() != got.status().message()))
    return "ebpc_decode: " + got.status().to_string() + ", reference: " + ref.status().to_string();
  if (p.validate().ok() && n > 0) {
    Values fast = {-1, -2, -3};  // must be replaced, not appended to
    const bool ok = detail::ebpc_decode_fast(p, znz, bpc, n, fast);
    t.fast_ok += ok;
    if (ok != ref.ok())
      return std::string("fast path says ") + (ok ? "valid" : "invalid") +
             ", reference: " + ref.status().to_string();
    if (ok && fast != ref.value()) return "fast path gives other words";
  }
  return "";
}

#define CHECK_SAME(p, znz, bpc, n, tally, what)                                      \
  do {                                                                               \
    const std::string diff_ = compare(p, znz, bpc, n, tally);                        \
    if (!diff_.empty()) {                                                            \
      INFO((p).data_width << "/" << (p).block_size << " n=" << (n) << ": " << what); \
      INFO(diff_);                                                                   \
      FAIL("fast decoder differs from the reference");                               \
    }                                                                                \
  } while (0)

bool coin_p(std::mt19937& rng, unsigned percent) {
  return rng() % 100 < percent;
}

const EbpcParams kConfigs[] = {{8, 8}, {16, 8}, {16, 16}};

std::string config_name(const EbpcParams& p) {
  return std::to_string(p.data_width) + "/" + std::to_string(p.block_size);
}

// Random m-bit signed data in one of several styles (dense, sparse, smooth, extreme, ...).
Values make_data(std::mt19937& rng, unsigned m, std::size_t len, int style) {
  const int lo = -(1 << (m - 1)), hi = (1 << (m - 1)) - 1;
  std::uniform_int_distribution<int> uni(lo, hi);
  const double zero_p[] = {0.0, 0.02, 0.3, 0.5, 0.9, 0.99, 1.0};
  std::bernoulli_distribution zero(zero_p[static_cast<unsigned>(style) % 7]);
  Values v(len);
  int prev = uni(rng);
  for (auto& x : v) {
    switch ((style / 7) % 5) {
      case 0: prev = uni(rng); break;
      case 1:
        prev = std::min(hi, std::max(lo, prev + std::uniform_int_distribution<int>(-3, 3)(rng)));
        break;
      case 2: prev = (rng() & 1) ? lo : hi; break;
      case 3: prev = uni(rng) >> (rng() % m); break;
      default: prev = std::max(0, uni(rng) >> (rng() % m)); break;  // ReLU-like
    }
    x = zero(rng) ? 0 : prev;
  }
  return v;
}

// A valid encoding of `v` that the encoder would not always emit: zero runs (ZNZ and X) split at
// random, and every symbol coded by a random choice among the codes that decode to the same plane
// (raw `1`+X is always one; `00001` wherever P_i = 0 with i > 0).
EbpcStreams variant_encode(const EbpcParams& p, const Values& v, std::mt19937& rng) {
  const unsigned m = p.data_width, n = p.block_size, nb = n - 1;
  const unsigned log2m = (m == 8) ? 3 : 4, log2n = (n == 8) ? 3 : 4;
  const std::uint32_t all_ones = (1u << nb) - 1u;
  BitWriter znz(m), bpc(m);
  auto coin = [&rng]() { return (rng() & 1) != 0; };
  auto zero_run = [&](std::size_t k) {  // ZNZ: k zeros in random pieces of <= 16
    while (k > 0) {
      const std::size_t piece = std::min<std::size_t>(k, 1 + rng() % 16);
      znz.put(static_cast<std::uint32_t>(piece - 1), 5);
      k -= piece;
    }
  };
  std::vector<std::int32_t> nonzero;
  std::size_t run = 0;
  for (std::int32_t x : v) {
    if (x == 0) {
      ++run;
      continue;
    }
    zero_run(run);
    run = 0;
    znz.put(1, 1);
    nonzero.push_back(x);
  }
  zero_run(run);
  while (nonzero.size() % n != 0) nonzero.push_back(0);
  for (std::size_t b = 0; b < nonzero.size(); b += n) {
    const std::int32_t* w = nonzero.data() + b;
    bpc.put(static_cast<std::uint32_t>(w[0]) & ((1u << m) - 1u), m);
    std::uint32_t planes[17] = {};
    for (unsigned k = 1; k < n; ++k) {
      const std::uint32_t d = static_cast<std::uint32_t>(w[k] - w[k - 1]) & ((1u << (m + 1)) - 1u);
      for (unsigned bit = 0; bit <= m; ++bit) planes[bit] |= ((d >> bit) & 1u) << (n - 1 - k);
    }
    unsigned i = 0;
    while (i <= m) {
      const std::uint32_t x = (i == 0) ? planes[0] : (planes[i - 1] ^ planes[i]);
      if (x == 0 && !(coin() && coin())) {  // mostly a zero run, sometimes raw `1`+0
        unsigned len = 1;
        while (i + len <= m && planes[i + len] == planes[i]) ++len;
        const unsigned r = 1 + static_cast<unsigned>(rng() % len);
        if (r == 1) {
          bpc.put(0b01, 2);
        } else {
          bpc.put(0b001, 3);
          bpc.put(r - 2, log2m);
        }
        i += r;
        continue;
      }
      std::vector<int> options = {0};  // 0 raw, 1 all ones, 2 all-0 plane, 3 two ones, 4 one one
      if (x == all_ones) options.push_back(1);
      if (i > 0 && planes[i] == 0 && x != 0) options.push_back(2);
      const unsigned ones = static_cast<unsigned>(__builtin_popcount(x));
      unsigned first = 0;
      while (x != 0 && ((x >> (nb - 1 - first)) & 1u) == 0) ++first;
      if (ones == 2 && first + 1 < nb && ((x >> (nb - 2 - first)) & 1u) != 0) options.push_back(3);
      if (ones == 1) options.push_back(4);
      switch (options[rng() % options.size()]) {
        case 0:
          bpc.put(1, 1);
          bpc.put(x, nb);
          break;
        case 1: bpc.put(0b00000, 5); break;
        case 2: bpc.put(0b00001, 5); break;
        case 3:
          bpc.put(0b00010, 5);
          bpc.put(first, log2n);
          break;
        default:
          bpc.put(0b00011, 5);
          bpc.put(first, log2n);
          break;
      }
      ++i;
    }
  }
  znz.finish();
  bpc.finish();
  return {znz.words(), bpc.words()};
}

// A random sequence of syntactically possible block symbols (often invalid: values out of range,
// impossible codes, runs past the block) and a ZNZ stream of random symbols.
EbpcStreams symbol_soup(const EbpcParams& p, std::size_t blocks, std::size_t znz_symbols,
                        std::mt19937& rng) {
  const unsigned m = p.data_width, n = p.block_size, nb = n - 1;
  const unsigned log2m = (m == 8) ? 3 : 4, log2n = (n == 8) ? 3 : 4;
  BitWriter znz(m), bpc(m);
  const unsigned ones_share = static_cast<unsigned>(rng() % 100);
  for (std::size_t s = 0; s < znz_symbols; ++s) {
    if (rng() % 100 < ones_share)
      znz.put(1, 1);
    else
      znz.put(static_cast<std::uint32_t>(rng() % 16), 5);
  }
  const bool small = coin_p(rng, 50);
  for (std::size_t b = 0; b < blocks; ++b) {
    bpc.put(static_cast<std::uint32_t>(rng()) & ((1u << (small ? 2 : m)) - 1u), m);
    for (unsigned i = 0; i <= m;) {
      switch (rng() % 8) {
        case 0:
          bpc.put(1, 1);
          bpc.put(static_cast<std::uint32_t>(rng()) & ((1u << nb) - 1u) & (small ? 1u : ~0u), nb);
          ++i;
          break;
        case 1:
          bpc.put(0b01, 2);
          ++i;
          break;
        case 2: {
          const unsigned r = 2 + static_cast<unsigned>(rng() % m);
          bpc.put(0b001, 3);
          bpc.put(r - 2, log2m);
          i += r;
          break;
        }
        case 3:
          bpc.put(0b00000, 5);
          ++i;
          break;
        case 4:
          bpc.put(0b00001, 5);
          ++i;
          break;
        case 5:
          bpc.put(0b00010, 5);
          bpc.put(static_cast<std::uint32_t>(rng() % n), log2n);
          ++i;
          break;
        case 6:
          bpc.put(0b00011, 5);
          bpc.put(static_cast<std::uint32_t>(rng() % n), log2n);
          ++i;
          break;
        default: {  // rest of the block as one valid run
          const unsigned r = m + 1 - i;
          if (r == 1) {
            bpc.put(0b01, 2);
          } else {
            bpc.put(0b001, 3);
            bpc.put(r - 2, log2m);
          }
          i += r;
          break;
        }
      }
    }
  }
  znz.finish();
  bpc.finish();
  return {znz.words(), bpc.words()};
}

// One random corruption of (znz, bpc, n); returns its description.
std::string corrupt(const EbpcParams& p, Words& znz, Words& bpc, std::uint64_t& n,
                    std::mt19937& rng) {
  const unsigned m = p.data_width;
  const std::uint32_t mask = (1u << m) - 1u;
  const bool on_znz = (rng() & 1) != 0;
  Words& s = on_znz ? znz : bpc;
  const std::string name = on_znz ? "ZNZ" : "BPC";
  auto any = [&rng](std::size_t size) { return static_cast<std::size_t>(rng() % size); };
  switch (rng() % 12) {
    case 0:
    case 1: {  // 1..3 bit flips
      if (s.empty()) break;
      const unsigned flips = 1 + static_cast<unsigned>(rng() % 3);
      for (unsigned f = 0; f < flips; ++f) s[any(s.size())] ^= 1u << (rng() % m);
      return name + " bit flips";
    }
    case 2: {  // truncation at the end
      if (s.empty()) break;
      s.resize(any(s.size()));
      return name + " truncated";
    }
    case 3: {  // first word dropped
      if (s.empty()) break;
      s.erase(s.begin());
      return name + " first word dropped";
    }
    case 4: {  // extra word at the end
      const std::uint32_t w = coin_p(rng, 50) ? 0 : (static_cast<std::uint32_t>(rng()) & mask);
      s.push_back(w);
      return name + " extra word";
    }
    case 5: {  // word inserted in the middle
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(s.empty() ? 0 : any(s.size())),
               static_cast<std::uint32_t>(rng()) & mask);
      return name + " word inserted";
    }
    case 6: {  // word replaced
      if (s.empty()) break;
      s[any(s.size())] = static_cast<std::uint32_t>(rng()) & mask;
      return name + " word replaced";
    }
    case 7: {  // a bit above m
      if (s.empty()) break;
      s[any(s.size())] |= 1u << (m + rng() % (32 - m));
      return name + " bit above m";
    }
    case 8: {  // wrong count, near
      const std::int64_t d = static_cast<std::int64_t>(rng() % 41) - 20;
      n = static_cast<std::uint64_t>(
          std::max<std::int64_t>(0, static_cast<std::int64_t>(n) + (d == 0 ? 1 : d)));
      return "count " + std::to_string(n);
    }
    case 9: {  // wrong count, far
      const std::uint64_t far[] = {
          0, 1, n / 2, n * 2, n * 16 / 5 + 20, std::uint64_t(1) << 40, ~std::uint64_t(0)};
      n = far[rng() % 7];
      return "count " + std::to_string(n);
    }
    case 10: {  // streams swapped / emptied
      if (coin_p(rng, 50)) {
        std::swap(znz, bpc);
        return "streams swapped";
      }
      s.clear();
      return name + " emptied";
    }
    default: {  // tail replaced by random words
      if (s.empty()) break;
      for (std::size_t i = any(s.size()); i < s.size(); ++i)
        s[i] = static_cast<std::uint32_t>(rng()) & mask;
      return name + " tail randomized";
    }
  }
  s.push_back(static_cast<std::uint32_t>(rng()) & mask);  // nothing to corrupt: add a word
  return name + " word added";
}

}  // namespace

TEST_CASE("Fast EBPC decoder: known-answer vectors", "[ebpc][decode_fast]") {
  const std::string root = fmc_test::source_path("verif/vectors/kat");
  const auto cases = fmc_test::list_dir(root, "case_");
  REQUIRE(cases.size() == 77);
  Tally t;
  for (const auto& name : cases) {
    const std::string dir = root + "/" + name;
    const std::string params = fmc_test::slurp(dir + "/params.json");
    EbpcParams p;
    p.data_width = static_cast<unsigned>(fmc_test::json_int(params, "data_width"));
    p.block_size = static_cast<unsigned>(fmc_test::json_int(params, "block_size"));
    auto input = npy_read(dir + "/input.npy");
    auto znz = hex_read(dir + "/znz.hex", p.data_width);
    auto bpc = hex_read(dir + "/bpc.hex", p.data_width);
    REQUIRE(input.ok());
    REQUIRE(znz.ok());
    REQUIRE(bpc.ok());
    const auto& words = input.value().values();
    INFO(name);
    Values fast;
    REQUIRE(detail::ebpc_decode_fast(p, znz.value(), bpc.value(), words.size(), fast));
    CHECK(fast == words);
    CHECK_SAME(p, znz.value(), bpc.value(), words.size(), t, name);
    // Other word counts (a count above the right one can be valid: ZNZ padding of 5 or more
    // zero bits reads as zero runs of one word).
    for (std::uint64_t n : {std::uint64_t(words.size()) - 1, std::uint64_t(words.size()) + 1})
      CHECK_SAME(p, znz.value(), bpc.value(), n, t, name + " with a wrong count");
  }
  CHECK(t.fast_ok >= cases.size());
  CHECK(t.per_code[code_key(ErrorCode::kOk)] == t.fast_ok);
}

TEST_CASE("Fast EBPC decoder: invalid-stream vectors of verif/vectors/errors",
          "[ebpc][decode_fast]") {
  const std::string root = fmc_test::source_path("verif/vectors/errors");
  std::size_t seen = 0;
  Tally t;
  for (const auto& name : fmc_test::list_dir(root, "")) {
    const std::string dir = root + "/" + name;
    const std::string params = fmc_test::slurp(dir + "/params.json");
    if (params.empty()) continue;  // ".", "..", README.md
    if (params.find("\"codec\": \"ebpc\"") == std::string::npos) continue;
    EbpcParams p;
    p.data_width = static_cast<unsigned>(fmc_test::json_int(params, "data_width"));
    p.block_size = static_cast<unsigned>(fmc_test::json_int(params, "block_size"));
    const auto n = static_cast<std::uint64_t>(fmc_test::json_int(params, "num_words"));
    auto znz = hex_read(dir + "/znz.hex", p.data_width);
    auto bpc = hex_read(dir + "/bpc.hex", p.data_width);
    REQUIRE(znz.ok());
    REQUIRE(bpc.ok());
    INFO(name);
    auto r = ebpc_decode(p, znz.value(), bpc.value(), n);
    REQUIRE(!r.ok());
    const std::size_t k = params.find("\"expected_error\"");
    REQUIRE(k != std::string::npos);
    CHECK(params.find(std::string("\"") + r.status().error_name() + "\"", k) !=
          std::string::npos);
    CHECK_SAME(p, znz.value(), bpc.value(), n, t, name);
    ++seen;
  }
  CHECK(seen >= 21);
  CHECK(t.fast_ok == 0);
}

TEST_CASE("Fast EBPC decoder: random valid streams of sizes 1..3000", "[ebpc][decode_fast]") {
  for (const auto& p : kConfigs) {
    const std::uint32_t seed = 3000 + p.data_width * 100 + p.block_size;
    INFO(config_name(p) << " seed " << seed);
    std::mt19937 rng(seed);
    Tally t;
    for (std::size_t len = 1; len <= 3000; ++len) {
      const int style = static_cast<int>(len % 35);
      const Values v = make_data(rng, p.data_width, len, style);
      auto e = ebpc_encode(p, v);
      REQUIRE(e.ok());
      Values fast;
      const bool ok = detail::ebpc_decode_fast(p, e.value().znz, e.value().bpc, len, fast);
      if (!ok || fast != v) {
        INFO("length " << len << " style " << style);
        FAIL("fast path does not decode an encoder stream");
      }
      CHECK_SAME(p, e.value().znz, e.value().bpc, len, t, "len " << len);
    }
    CHECK(t.fast_ok == t.cases);
  }
}

TEST_CASE("Fast EBPC decoder: valid non-canonical streams", "[ebpc][decode_fast]") {
  for (const auto& p : kConfigs) {
    const std::uint32_t seed = 77 + p.data_width + p.block_size;
    INFO(config_name(p) << " seed " << seed);
    std::mt19937 rng(seed);
    Tally t;
    for (int trial = 0; trial < 1500; ++trial) {
      const std::size_t len = 1 + rng() % (trial % 10 == 0 ? 2000 : 200);
      const Values v = make_data(rng, p.data_width, len, trial % 35);
      const EbpcStreams s = variant_encode(p, v, rng);
      auto r = ebpc_decode(p, s.znz, s.bpc, len);
      if (!r.ok() || r.value() != v) {
        INFO("trial " << trial << ": " << r.status().to_string());
        FAIL("variant stream does not decode (test generator bug or decoder bug)");
      }
      CHECK_SAME(p, s.znz, s.bpc, len, t, "trial " << trial);
    }
    CHECK(t.fast_ok == t.cases);
  }
}

TEST_CASE("Fast EBPC decoder: random symbol soup", "[ebpc][decode_fast]") {
  for (const auto& p : kConfigs) {
    const std::uint32_t seed = 4242 + p.data_width + p.block_size;
    INFO(config_name(p) << " seed " << seed);
    std::mt19937 rng(seed);
    Tally t;
    for (int trial = 0; trial < 20000; ++trial) {
      const std::size_t blocks = rng() % 6;
      const std::size_t symbols = 1 + rng() % (8 * p.block_size);
      const EbpcStreams s = symbol_soup(p, blocks, symbols, rng);
      // Word counts that are often the right one for the ZNZ stream.
      std::uint64_t n = 0;
      {
        EbpcDecoder probe(p, ~std::uint64_t(0) >> 8);
        for (std::size_t i = 0; i < s.bpc.size(); ++i) (void)probe.push_bpc(s.bpc[i], false);
        for (std::size_t i = 0; i < s.znz.size(); ++i) (void)probe.push_znz(s.znz[i], false);
        n = probe.words_decoded();
      }
      switch (rng() % 4) {
        case 0: n += 1; break;
        case 1: n = n > 0 ? n - 1 : 0; break;
        default: break;
      }
      CHECK_SAME(p, s.znz, s.bpc, n, t, "trial " << trial);
    }
    INFO(t.fast_ok << " of " << t.cases << " accepted");
    CHECK(t.fast_ok > 0);
    CHECK(t.per_code[code_key(EbpcError::kBadCode)] > 0);
    CHECK(t.per_code[code_key(EbpcError::kValueRange)] > 0);
  }
}

TEST_CASE("Fast EBPC decoder: corrupted streams", "[ebpc][decode_fast]") {
  for (const auto& p : kConfigs) {
    const std::uint32_t seed = 9001 + p.data_width * 3 + p.block_size;
    INFO(config_name(p) << " seed " << seed);
    std::mt19937 rng(seed);
    Tally t;
    for (int trial = 0; trial < 6000; ++trial) {
      const std::size_t len = 1 + rng() % (trial % 20 == 0 ? 3000 : 150);
      const Values v = make_data(rng, p.data_width, len, static_cast<int>(rng() % 35));
      EbpcStreams s = (trial % 3 == 0) ? variant_encode(p, v, rng) : ebpc_encode(p, v).value();
      std::uint64_t n = len;
      std::string what = "trial " + std::to_string(trial) + ":";
      const unsigned rounds = 1 + static_cast<unsigned>(rng() % 2);
      for (unsigned r = 0; r < rounds; ++r) what += " " + corrupt(p, s.znz, s.bpc, n, rng);
      CHECK_SAME(p, s.znz, s.bpc, n, t, what);
    }
    INFO(t.fast_ok << " of " << t.cases << " still valid");
    for (EbpcError c : {EbpcError::kZnzTruncated, EbpcError::kBpcTruncated, EbpcError::kZnzTrailing,
                        EbpcError::kBpcTrailing, EbpcError::kRunOverflow, EbpcError::kBadCode,
                        EbpcError::kZeroNonzero, EbpcError::kValueRange}) {
      INFO("code " << ebpc_error_name(c));
      CHECK(t.per_code[code_key(c)] > 0);
    }
    CHECK(t.per_code[code_key(ErrorCode::kBadInput)] > 0);
    CHECK(t.fast_ok > 0);
  }
}

TEST_CASE("Fast EBPC decoder: every single bit flip and cut of small streams",
          "[ebpc][decode_fast]") {
  for (const auto& p : kConfigs) {
    const std::uint32_t seed = 31337 + p.data_width + p.block_size;
    INFO(config_name(p) << " seed " << seed);
    std::mt19937 rng(seed);
    Tally t;
    for (int trial = 0; trial < 40; ++trial) {
      const std::size_t len = 1 + rng() % 60;
      const Values v = make_data(rng, p.data_width, len, trial % 35);
      const EbpcStreams base = (trial % 2) ? variant_encode(p, v, rng) : ebpc_encode(p, v).value();
      for (int stream = 0; stream < 2; ++stream) {
        const Words& orig = stream == 0 ? base.znz : base.bpc;
        for (std::size_t bit = 0; bit < orig.size() * p.data_width; ++bit) {
          EbpcStreams s = base;
          Words& w = stream == 0 ? s.znz : s.bpc;
          w[bit / p.data_width] ^= 1u << (p.data_width - 1 - bit % p.data_width);
          CHECK_SAME(p, s.znz, s.bpc, len, t, "stream " << stream << " bit " << bit);
        }
        for (std::size_t k = 0; k < orig.size(); ++k) {
          EbpcStreams s = base;
          Words& w = stream == 0 ? s.znz : s.bpc;
          w.resize(k);
          CHECK_SAME(p, s.znz, s.bpc, len, t, "stream " << stream << " cut to " << k);
        }
      }
    }
    CHECK(t.fast_ok > 0);
  }
}
