// SPDX-License-Identifier: Apache-2.0
// MCRC: the worked examples and the error examples of docs/mcrc-format.md, word for word, the
// known-answer vectors, and what the format promises (near-lossless bound, lossless for any input
// in both modes, bounded expansion). The generic properties — streaming vs whole-buffer, round
// trips, corruption — are checked for every codec by test_codec_props.cpp.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <random>
#include <vector>

#include "fmcodec/codecs/mcrc.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

using Words = std::vector<std::int32_t>;
using Stream = std::vector<std::uint32_t>;

McrcParams params(unsigned m, unsigned w, unsigned h, bool u, unsigned k) {
  McrcParams p;
  p.data_width = m;
  p.plane_w = w;
  p.plane_h = h;
  p.is_unsigned = u;
  p.near = k;
  return p;
}

Streams encode(const McrcParams& p, const Words& w) {
  auto r = mcrc_encode(p, WordView(w.data(), w.size(), p.data_width));
  REQUIRE(r.ok());
  REQUIRE(r.value().size() == 2);
  return r.value();
}

std::uint8_t error_of(const McrcParams& p, const Stream& ac, const Stream& raw, std::uint64_t n) {
  const Status s = mcrc_decode(p, Streams{ac, raw}, n).status();
  INFO(s.to_string());
  REQUIRE(!s.ok());
  CHECK(s.codec_id() == kMcrcCodecId);
  return s.stream_error();
}

// §7.1: U = 1, one row of 4.
const McrcParams kP1 = params(8, 4, 1, true, 0);
const Words kExample1 = {0, 5, 0, 1};
// §7.2: U = 0, one 2 x 2 plane.
const McrcParams kP2 = params(8, 2, 2, false, 0);
const Words kExample2 = {-3, 2, 4, -1};
// §7.3: near-lossless k = 1, U = 1, one 2 x 3 plane.
const McrcParams kP3 = params(8, 3, 2, true, 1);
const Words kExample3 = {7, 9, 0, 3, 2, 12};

}  // namespace

TEST_CASE("MCRC worked example 1 (U = 1, one row)", "[mcrc][spec]") {
  const Streams s = encode(kP1, kExample1);
  CHECK(s[0] == Stream{0x0f, 0x9b, 0xa0});
  CHECK(s[1] == Stream{0x40});
  CHECK(mcrc_decode(kP1, s, kExample1.size()).value() == kExample1);
}

TEST_CASE("MCRC worked example 2 (U = 0, the predictor)", "[mcrc][spec]") {
  const Streams s = encode(kP2, kExample2);
  CHECK(s[0] == Stream{0x4c, 0x8a, 0x04, 0x00});
  CHECK(s[1] == Stream{0xc8, 0x80});
  CHECK(mcrc_decode(kP2, s, kExample2.size()).value() == kExample2);
}

TEST_CASE("MCRC worked example 3 (near-lossless k = 1)", "[mcrc][spec]") {
  const Streams s = encode(kP3, kExample3);
  CHECK(s[0] == Stream{0x69, 0x1d, 0xb0, 0x40});
  CHECK(s[1] == Stream{0x14});
  CHECK(mcrc_decode(kP3, s, kExample3.size()).value() == Words{8, 10, 0, 4, 2, 12});
}

TEST_CASE("MCRC error examples of §7.4", "[mcrc][spec][errors]") {
  const Stream ac = {0x0f, 0x9b, 0xa0}, raw = {0x40};
  REQUIRE(mcrc_decode(kP1, Streams{ac, raw}, 4).ok());
  CHECK(error_of(kP1, {0xff, 0xf8, 0xa0}, raw, 4) == std::uint8_t(McrcError::kAcStart));
  CHECK(error_of(kP1, {0x0f, 0x9b}, raw, 4) == std::uint8_t(McrcError::kAcTruncated));
  CHECK(error_of(kP1, {0x0f, 0x9b, 0xa1}, raw, 4) == std::uint8_t(McrcError::kAcCheck));
  CHECK(error_of(kP1, {0x0f, 0x9b, 0xa0, 0x00}, raw, 4) == std::uint8_t(McrcError::kAcTrailing));
  // Example 2's 25 ac bits leave 7 padding bits in its last word.
  CHECK(error_of(kP2, {0x4c, 0x8a, 0x04, 0x01}, {0xc8, 0x80}, 4) == std::uint8_t(McrcError::kAcTrailing));
  CHECK(error_of(kP1, ac, {}, 4) == std::uint8_t(McrcError::kRawTruncated));
  CHECK(error_of(kP1, ac, {0x41}, 4) == std::uint8_t(McrcError::kRawTrailing));
  CHECK(error_of(kP1, ac, {0x40, 0x00}, 4) == std::uint8_t(McrcError::kRawTrailing));
  // N = 0: both streams empty, else the stream's Trailing error (ac first).
  CHECK(mcrc_decode(kP1, Streams{{}, {}}, 0).ok());
  CHECK(error_of(kP1, {0x00}, {0x00}, 0) == std::uint8_t(McrcError::kAcTrailing));
  CHECK(error_of(kP1, {}, {0x00}, 0) == std::uint8_t(McrcError::kRawTrailing));
}

TEST_CASE("MCRC ResidualRange: a class-m residual above 2^(m-1), or +2^(m-1)", "[mcrc][errors]") {
  // One value, U = 0, m = 8, in a fresh context 0: class 8 is symbol 8, u(8) = 7336 at rng 0x1FFF.
  const McrcParams p = params(8, 1, 1, false, 0);
  // The encoder of -128 (r = -128: class 8, mantissa 0000000, sign 1) gives the valid stream.
  const Streams ok = encode(p, Words{-128});
  REQUIRE(mcrc_decode(p, ok, 1).value() == Words{-128});
  CHECK(ok[0] == Stream{0xe5, 0x40});
  REQUIRE(ok[1].size() == 1);
  CHECK(ok[1][0] == 0x01);  // 7 mantissa bits 0, sign 1
  // Sign 0 with a = 128: +128 does not fit.
  CHECK(error_of(p, ok[0], {0x00}, 1) == std::uint8_t(McrcError::kResidualRange));
  // A non-zero mantissa: a = 129.
  CHECK(error_of(p, ok[0], {0x03}, 1) == std::uint8_t(McrcError::kResidualRange));
}

TEST_CASE("MCRC is lossless for any input in both modes, within 2^(k-1) with near = k",
          "[mcrc][props]") {
  std::mt19937 rng(7);
  for (unsigned m : {8u, 16u}) {
    const std::int32_t lo = -(1 << (m - 1)), hi = (1 << (m - 1)) - 1;
    std::uniform_int_distribution<std::int32_t> any(lo, hi);
    Words w(3000);
    for (auto& v : w) v = (rng() % 3 == 0) ? 0 : any(rng);
    w[0] = lo;
    w[1] = hi;
    for (bool u : {false, true})
      for (unsigned k = 0; k <= 7; ++k) {
        const McrcParams p = params(m, 37, 5, u, k);
        const Streams s = encode(p, w);
        auto d = mcrc_decode(p, s, w.size());
        REQUIRE(d.ok());
        const std::int64_t bound = k ? (1 << (k - 1)) : 0;
        CHECK(mcrc_error_bound(p) == std::uint32_t(bound));
        bool within = true;
        for (std::size_t i = 0; i < w.size(); ++i)
          within = within && std::llabs(std::int64_t(d.value()[i]) - w[i]) <= bound;
        CHECK(within);
        if (k == 0) CHECK(d.value() == w);
      }
  }
}

TEST_CASE("MCRC bounded expansion: uniformly random words", "[mcrc][props]") {
  // The worst case of a value-by-value code: random m-bit words (no structure). The raw bits plus
  // the class cost at most about log2(m + 1) + adaptation loss per word: the test states the
  // measured worst case stays below 1.1 x the input (plus the 16-bit flush and padding).
  std::mt19937 rng(11);
  for (unsigned m : {8u, 16u}) {
    Words w(20000);
    for (auto& v : w) v = static_cast<std::int32_t>(rng() & ((1u << m) - 1u)) - (1 << (m - 1));
    for (bool u : {false, true}) {
      const McrcParams p = params(m, 64, 64, u, 0);
      const Streams s = encode(p, w);
      const double out = double(s[0].size() + s[1].size());
      INFO("m " << m << " U " << u << ": " << out / double(w.size()) << " words per input word");
      CHECK(out <= 1.1 * double(w.size()) + 4);
    }
  }
}

TEST_CASE("MCRC worst case: the size bound of §4.6 against an adversary", "[mcrc][props]") {
  // The adversary keeps its own copy of the model (§4.1, §4.2: a mirror written for this test)
  // and always sends a value of the class that costs most at that moment: -log2 of its
  // probability in the context plus its raw bits (ties: the larger class). The streams must stay within the bound of §4.6: ac <= 16 + 10 N bits, raw <= (m - 1) N
  // bits for U = 1.
  for (unsigned m : {8u, 16u}) {
    const unsigned n = m + 1, w = 64, h = 64, num = 3 * w * h;
    const std::uint32_t t = 1024 - n;
    std::vector<std::vector<std::uint32_t>> f(2 * m + 1, std::vector<std::uint32_t>(n, 0));
    for (auto& c : f)
      for (unsigned i = 1; i < n; ++i) c[i] = t * i / n;
    auto e = [&](unsigned ctx, unsigned i) -> std::uint32_t {
      return i == 0 ? 0u : i == n ? 1024u : f[ctx][i] + i;
    };
    Words words;
    std::vector<unsigned> cls(num, 0);
    for (unsigned pos = 0; pos < num; ++pos) {
      const unsigned x = pos % w, y = (pos / w) % h;
      const unsigned ctx = (x > 0 ? cls[pos - 1] : 0) + (y > 0 ? cls[pos - w] : 0);
      unsigned k = 0;
      double worst = -1;
      for (unsigned j = 0; j < n; ++j) {
        const double cost = std::log2(1024.0 / double(e(ctx, j + 1) - e(ctx, j))) + (j > 0 ? j - 1 : 0);
        if (cost >= worst) k = j, worst = cost;
      }
      cls[pos] = k;
      for (unsigned i = 1; i < n; ++i) {
        std::uint32_t& v = f[ctx][i];
        if (i <= k) v -= (v + 31) >> 5;
        else v += (t - v + 31) >> 5;
      }
      // A value of class k as an m-bit pattern (U = 1): 2^k - 1.
      const std::uint32_t a = k == 0 ? 0u : (1u << k) - 1u;
      words.push_back(a >= (1u << (m - 1)) ? std::int32_t(a) - (1 << m) : std::int32_t(a));
    }
    const McrcParams p = params(m, w, h, true, 0);
    const Streams s = encode(p, words);
    const double ac_bits = double(s[0].size()) * m, raw_bits = double(s[1].size()) * m;
    INFO("m " << m << ": ac " << ac_bits / num << " bits per value, raw " << raw_bits / num
              << ", total " << (ac_bits + raw_bits) / (double(num) * m) << " x the input");
    CHECK(ac_bits <= 16.0 + 10.0 * num + (m - 1));
    CHECK(raw_bits <= double(m - 1) * num + (m - 1));
    // The adversary does expand the input (real data and random words do not).
    CHECK(ac_bits + raw_bits > double(num) * m);
    CHECK(mcrc_decode(p, s, num).value() == words);
  }
}

TEST_CASE("MCRC parameters come from the tensor's shape and data", "[mcrc]") {
  const Codec& c = mcrc_codec();
  const std::vector<std::uint64_t> shape = {3, 14, 28};
  const Words relu = {0, 3, 0, 7};
  const WordView rv(relu.data(), relu.size(), 8);
  auto cfg = c.configure(8, {}, &shape, &rv);
  REQUIRE(cfg.ok());
  CHECK(cfg.value().param("plane_w") == 28);
  CHECK(cfg.value().param("plane_h") == 14);
  CHECK(cfg.value().param("unsigned") == 1);
  CHECK(cfg.value().param("near") == 0);
  CHECK(c.exact(cfg.value()));
  const Words lin = {0, -3, 0, 7};
  const WordView lv(lin.data(), lin.size(), 8);
  CHECK(c.configure(8, {}, &shape, &lv).value().param("unsigned") == 0);
  ParamValues given;
  given.set("near", 2);
  auto lossy = c.configure(8, given, &shape, &rv);
  REQUIRE(lossy.ok());
  CHECK(!c.exact(lossy.value()));
  CHECK(c.error_bound(lossy.value()) == std::optional<std::uint32_t>(2));
}

TEST_CASE("MCRC known-answer vectors of verif/vectors/mcrc (the spec's examples and real crops)",
          "[mcrc][kat]") {
  const std::string root = fmc_test::source_path("verif/vectors/mcrc");
  std::vector<std::string> cases;
  for (const auto& n : fmc_test::list_dir(root, ""))
    if (n[0] != '.') cases.push_back(n);
  REQUIRE(cases.size() == 10);
  for (const auto& name : cases) {
    DYNAMIC_SECTION(name) {
      const std::string dir = root + "/" + name;
      const std::string txt = fmc_test::slurp(dir + "/params.json");
      REQUIRE(txt.find("\"codec\": \"mcrc\"") != std::string::npos);
      const McrcParams p = params(static_cast<unsigned>(fmc_test::json_int(txt, "data_width")),
                                  static_cast<unsigned>(fmc_test::json_int(txt, "plane_w")),
                                  static_cast<unsigned>(fmc_test::json_int(txt, "plane_h")),
                                  fmc_test::json_int(txt, "unsigned") != 0,
                                  static_cast<unsigned>(fmc_test::json_int(txt, "near")));
      auto input = npy_read(dir + "/input.npy");
      REQUIRE(input.ok());
      const auto words = input.value().values();
      REQUIRE(static_cast<long>(words.size()) == fmc_test::json_int(txt, "num_words"));
      auto ac = hex_read(dir + "/ac.hex", p.data_width);
      auto raw = hex_read(dir + "/raw.hex", p.data_width);
      REQUIRE(ac.ok());
      REQUIRE(raw.ok());
      REQUIRE(static_cast<long>(ac.value().size()) == fmc_test::json_int(txt, "ac_words"));
      REQUIRE(static_cast<long>(raw.value().size()) == fmc_test::json_int(txt, "raw_words"));
      const Streams s = encode(p, words);
      CHECK(s[0] == ac.value());
      CHECK(s[1] == raw.value());
      auto dec = mcrc_decode(p, s, words.size());
      INFO(dec.status().to_string());
      REQUIRE(dec.ok());
      if (p.near == 0) CHECK(dec.value() == words);
    }
  }
}
