// SPDX-License-Identifier: Apache-2.0
// DCT: the worked examples and the error examples of docs/dct-format.md, word for word; the
// transform's ranges, the error bound, partial planes and the known-answer vectors. (The generic
// properties — streaming vs whole-buffer, round trips, corruption — are checked for every codec by
// test_codec_props.cpp.)
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "fmcodec/codecs/dct.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

using Words = std::vector<std::int32_t>;
using Stream = std::vector<std::uint32_t>;

Stream encode(const DctParams& p, const Words& w) {
  auto r = dct_encode(p, WordView(w.data(), w.size(), p.data_width));
  REQUIRE(r.ok());
  REQUIRE(r.value().size() == 1);
  return r.value()[0];
}

Words decode(const DctParams& p, const Stream& s, std::uint64_t n) {
  auto r = dct_decode(p, Streams{s}, n);
  INFO(r.status().to_string());
  REQUIRE(r.ok());
  return r.value();
}

std::uint8_t decode_error(const DctParams& p, const Stream& s, std::uint64_t n) {
  return dct_decode(p, Streams{s}, n).status().stream_error();
}

// §7 example 1: m = 8, one 4 x 4 plane, s = 7, signed: a transform tile.
const DctParams kP1{8, 4, 4, 7, false};
const Words kExample1 = {20, 30, 40, 50,  //
                         36, 46, 56, 66,  //
                         36, 46, 56, 66,  //
                         20, 30, 40, 50};
const Words kRecon1 = {21, 28, 40, 47,  //
                       37, 44, 56, 63,  //
                       37, 44, 56, 63,  //
                       21, 28, 40, 47};
// §7 example 2: m = 8, one 4 x 4 plane, s = 7, unsigned: a spatial tile.
const DctParams kP2{8, 4, 4, 7, true};
const Words kExample2 = {0, 0, 40, 0,  //
                         0, 0, 0, 0,   //
                         0, 80, 0, 0,  //
                         0, 0, 0, 0};
// §7 example 3: m = 8, planes of 4 x 8, s = 7, signed, N = 38 (the second plane partial).
const DctParams kP3{8, 8, 4, 7, false};
Words example3() {
  Words w;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 8; ++j) w.push_back(30 + 4 * j + 2 * i);
  for (int v : {0, 0, 0, 0, 60, -20}) w.push_back(v);
  return w;
}
const Words kRecon3 = {30, 33, 38, 41, 46, 49, 54, 57,  //
                       32, 35, 39, 42, 48, 51, 55, 58,  //
                       34, 37, 41, 44, 50, 53, 57, 60,  //
                       35, 38, 43, 46, 51, 54, 59, 62,  //
                       0,  0,  0,  0,  64, -24};

// §7 error examples: one tile of 4 cells (a 1 x 4 plane), s = 7, signed.
const DctParams kPe{8, 4, 1, 7, false};

}  // namespace

TEST_CASE("DCT transform of worked example 1: F, q and the reconstruction", "[dct][spec]") {
  std::int32_t F[16], y[16];
  dct::forward(kExample1.data(), F);
  const std::int32_t kF[16] = {2752, -712, 0, -62, 0, 0, 0, 0, -512, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 16; ++i) CHECK(F[i] == kF[i]);
  // q = sign(F) ((|F| + 48) >> 7); dequantized q << 7.
  const std::int32_t kQ[16] = {21, -5, 0, 0, 0, 0, 0, 0, -4, 0, 0, 0, 0, 0, 0, 0};
  std::int32_t Fd[16];
  for (int i = 0; i < 16; ++i) Fd[i] = kQ[i] * 128;
  dct::inverse(Fd, y, 8);
  for (int i = 0; i < 16; ++i) CHECK(y[i] == kRecon1[i]);
}

TEST_CASE("DCT worked example 1 (a transform tile)", "[dct][spec]") {
  const Stream s = encode(kP1, kExample1);
  CHECK(s == Stream{0x85, 0xc6, 0x79, 0x58});
  CHECK(decode(kP1, s, 16) == kRecon1);
}

TEST_CASE("DCT worked example 2 (a spatial tile, unsigned)", "[dct][spec]") {
  const Stream s = encode(kP2, kExample2);
  CHECK(s == Stream{0xd1, 0x80, 0x39, 0x00});
  CHECK(decode(kP2, s, 16) == kExample2);  // every value a multiple of 8: exact
}

TEST_CASE("DCT worked example 3 (DC prediction, an empty tile, a partial plane)", "[dct][spec]") {
  const Words w = example3();
  const Stream s = encode(kP3, w);
  CHECK(s == Stream{0x85, 0x44, 0x35, 0x8a, 0x10, 0xd5, 0xad, 0xaa});
  CHECK(decode(kP3, s, w.size()) == kRecon3);
}

TEST_CASE("DCT an all-zero transmission is one bit per tile, N = 0 an empty stream", "[dct][spec]") {
  // 2 planes of 4 x 8: 4 tiles, 4 zero bits, one word.
  CHECK(encode(DctParams{8, 8, 4, 7, false}, Words(64, 0)) == Stream{0x00});
  CHECK(encode(kP1, {}).empty());
  CHECK(dct_decode(kP1, Streams{Stream{}}, 0).ok());
  CHECK(decode_error(kP1, Stream{0x00}, 0) == std::uint8_t(DctError::kTrailing));
}

TEST_CASE("DCT decoder errors of §6, each on its example", "[dct][errors]") {
  SECTION("Truncated: the stream ends inside a tile, or is empty") {
    CHECK(decode_error(kP1, Stream{0x85, 0xc6, 0x79}, 16) == std::uint8_t(DctError::kTruncated));
    CHECK(decode_error(kP1, Stream{}, 16) == std::uint8_t(DctError::kTruncated));
  }
  SECTION("Trailing: padding bits not 0, or a word after the last tile's word") {
    CHECK(decode_error(kP1, Stream{0x85, 0xc6, 0x79, 0x59}, 16) == std::uint8_t(DctError::kTrailing));
    CHECK(decode_error(kP1, Stream{0x85, 0xc6, 0x79, 0x58, 0x00}, 16) == std::uint8_t(DctError::kTrailing));
  }
  SECTION("EmptyTile: a transform tile with DC 0 and last 0; a spatial tile with no value") {
    CHECK(decode_error(kPe, Stream{0xa0, 0x00}, 4) == std::uint8_t(DctError::kEmptyTile));
    CHECK(decode_error(kPe, Stream{0xc0, 0x00}, 4) == std::uint8_t(DctError::kEmptyTile));
  }
  SECTION("CoefficientRange: a DC prefix of 14 - s zeros, a DC or an AC beyond 2^(13 - s)") {
    CHECK(decode_error(kPe, Stream{0x80, 0x00}, 4) == std::uint8_t(DctError::kCoefficientRange));
    CHECK(decode_error(kPe, Stream{0x81, 0x0c, 0x00}, 4) == std::uint8_t(DctError::kCoefficientRange));
    CHECK(decode_error(kPe, Stream{0xb0, 0x8f, 0xff, 0x00, 0x40, 0x00}, 4) ==
          std::uint8_t(DctError::kCoefficientRange));
  }
  SECTION("ValueRange: a spatial value beyond 2^(11 - s)") {
    CHECK(decode_error(kPe, Stream{0xe6, 0x00}, 4) == std::uint8_t(DctError::kValueRange));
  }
  SECTION("RiceEscape: an escape whose value is below 12 * 2^k") {
    CHECK(decode_error(kPe, Stream{0xb0, 0x8f, 0xff, 0x00, 0x05, 0x00}, 4) ==
          std::uint8_t(DctError::kRiceEscape));
  }
}

TEST_CASE("DCT coefficient and value ranges of §3 hold on every extreme tile", "[dct]") {
  // The extremes of each (rounded) linear pass lie at the vertices of the input box: every tile
  // of the two extreme values covers the whole range.
  for (unsigned m : {8u, 16u}) {
    const std::int32_t lo = -(1 << (m - 1)), hi = (1 << (m - 1)) - 1;
    std::int32_t max_f = 0;
    for (std::uint32_t pat = 0; pat < (1u << 16); ++pat) {
      std::int32_t x[16], F[16];
      for (int i = 0; i < 16; ++i) x[i] = (pat >> i) & 1 ? hi : lo;
      dct::forward(x, F);
      for (int i = 0; i < 16; ++i) max_f = std::max(max_f, std::abs(F[i]));
    }
    INFO("m=" << m);
    CHECK(max_f == (1 << (m + 5)));
    for (unsigned s = 4; s <= 9; ++s) {
      const unsigned S = s + m - 8;
      CHECK(((max_f + ((3 << S) >> 3)) >> S) == (1 << (13 - s)));  // |q| <= 2^(13 - s)
      const unsigned kp = S - 4;
      const std::int32_t w = kp == 0 ? -lo : (-lo + (1 << (kp - 1))) >> kp;
      CHECK(w == (1 << (11 - s)));  // |w| <= 2^(11 - s)
    }
  }
}

TEST_CASE("DCT error bound of §4.5: its values, and random tensors stay within it", "[dct]") {
  const std::uint32_t kBound8[] = {4, 9, 18, 34, 64, 121};  // s = 4..9, m = 8
  for (unsigned s = 4; s <= 9; ++s) CHECK(*dct_error_bound(DctParams{8, 4, 4, s, false}) == kBound8[s - 4]);
  CHECK(!dct_error_bound(DctParams{8, 4, 4, 7, true}).has_value());
  std::mt19937 rng(12);
  for (unsigned m : {8u, 16u})
    for (unsigned s = 4; s <= 9; ++s) {
      const DctParams p{m, 7, 6, s, false};
      const std::uint32_t bound = *dct_error_bound(p);
      std::uint32_t worst = 0;
      for (int trial = 0; trial < 30; ++trial) {
        // Noise of several amplitudes (noise is where the mode decision trades most error).
        const std::int32_t amp = std::int32_t(1) << (rng() % m);
        const std::int32_t lo = -(1 << (m - 1)), hi = (1 << (m - 1)) - 1;
        Words w(3 * 42 + rng() % 42);
        for (auto& v : w) v = std::clamp<std::int32_t>(std::int32_t(rng() % (2 * amp + 1)) - amp, lo, hi);
        const Words r = decode(p, encode(p, w), w.size());
        for (std::size_t i = 0; i < w.size(); ++i) worst = std::max<std::uint32_t>(worst, std::abs(w[i] - r[i]));
      }
      INFO("m=" << m << " s=" << s << " worst " << worst << " bound " << bound);
      CHECK(worst <= bound);
    }
}

TEST_CASE("DCT partial planes: missing rows are padding, every N decodes", "[dct]") {
  std::mt19937 rng(5);
  const unsigned W = 6, H = 7;
  for (bool uns : {false, true}) {
    const DctParams p{8, W, H, 6, uns};
    Words all(3 * W * H);
    for (auto& v : all) v = std::int32_t(rng() % 120) - (uns ? 0 : 40);
    for (std::size_t n = 1; n <= all.size(); ++n) {
      const Words w(all.begin(), all.begin() + n);
      const Words r = decode(p, encode(p, w), n);
      REQUIRE(r.size() == n);
      const std::size_t in_last = n % (W * H);
      if (in_last == 0 || in_last % W != 0) continue;
      // A last plane of whole rows codes as a plane of that height.
      const DctParams q{8, W, unsigned(in_last / W), 6, uns};
      const Words tail(w.end() - in_last, w.end());
      const Words rt = decode(q, encode(q, tail), tail.size());
      INFO("n=" << n);
      CHECK(Words(r.end() - in_last, r.end()) == rt);
    }
  }
}

TEST_CASE("DCT unsigned range: negative input is coded as 0, output never negative", "[dct]") {
  const DctParams p{8, 4, 4, 5, true};
  const Words w = {-128, -1, 5, 127, 0, 0, 0, 0, -5, 100, 0, 0, 0, 0, 0, 0};
  const Words r = decode(p, encode(p, w), w.size());
  for (auto v : r) CHECK(v >= 0);
  Words clamped = w;
  for (auto& v : clamped) v = std::max(v, 0);
  CHECK(encode(p, w) == encode(p, clamped));
}

TEST_CASE("DCT parameters: the plane from the tensor's last two axes, shift 7 by default", "[dct]") {
  const Codec& c = dct_codec();
  const std::vector<std::uint64_t> shape = {3, 14, 28};
  auto cfg = c.configure(8, {}, &shape);
  REQUIRE(cfg.ok());
  CHECK(cfg.value().param("plane_w") == 28);
  CHECK(cfg.value().param("plane_h") == 14);
  CHECK(cfg.value().param("shift") == 7);
  CHECK(cfg.value().param("unsigned") == 0);
  CHECK(!c.lossless());
  CHECK(c.error_bound(cfg.value()) == std::optional<std::uint32_t>(34u));
  ParamValues bad;
  bad.set("shift", 10);
  CHECK(c.configure(8, bad).status().is(ErrorCode::kBadParams));
}

TEST_CASE("DCT known-answer vectors of verif/vectors/dct (the spec's examples and real crops)",
          "[dct][kat]") {
  const std::string root = fmc_test::source_path("verif/vectors/dct");
  std::vector<std::string> cases;
  for (const auto& n : fmc_test::list_dir(root, ""))
    if (n[0] != '.') cases.push_back(n);
  REQUIRE(cases.size() >= 6);
  for (const auto& name : cases) {
    DYNAMIC_SECTION(name) {
      const std::string dir = root + "/" + name;
      const std::string params_txt = fmc_test::slurp(dir + "/params.json");
      REQUIRE(params_txt.find("\"codec\": \"dct\"") != std::string::npos);
      DctParams p;
      p.data_width = static_cast<unsigned>(fmc_test::json_int(params_txt, "data_width"));
      p.plane_w = static_cast<unsigned>(fmc_test::json_int(params_txt, "plane_w"));
      p.plane_h = static_cast<unsigned>(fmc_test::json_int(params_txt, "plane_h"));
      p.shift = static_cast<unsigned>(fmc_test::json_int(params_txt, "shift"));
      p.unsigned_range = fmc_test::json_int(params_txt, "unsigned") != 0;
      auto input = npy_read(dir + "/input.npy");
      REQUIRE(input.ok());
      auto output = npy_read(dir + "/output.npy");
      REQUIRE(output.ok());
      const auto words = input.value().values();
      REQUIRE(static_cast<long>(words.size()) == fmc_test::json_int(params_txt, "num_words"));
      auto tile = hex_read(dir + "/tile.hex", p.data_width);
      REQUIRE(tile.ok());
      REQUIRE(static_cast<long>(tile.value().size()) == fmc_test::json_int(params_txt, "tile_words"));
      CHECK(encode(p, words) == tile.value());
      CHECK(decode(p, tile.value(), words.size()) == output.value().values());
    }
  }
}

TEST_CASE("DCT `unsigned` defaults from the data when configure() gets it", "[dct][params]") {
  const Codec& c = dct_codec();
  const std::vector<std::int32_t> relu = {0, 3, 7, 0, 120, 1};
  const std::vector<std::int32_t> lin = {0, 3, -7, 0, 120, 1};
  const std::vector<std::uint64_t> shape = {1, 2, 3};
  const WordView vr(relu.data(), relu.size(), 8), vl(lin.data(), lin.size(), 8);
  CHECK(c.configure(8, {}, &shape, &vr).value().param("unsigned") == 1);
  CHECK(c.configure(8, {}, &shape, &vl).value().param("unsigned") == 0);
  CHECK(c.configure(8, {}, &shape).value().param("unsigned") == 0);  // no data: the fixed default
  ParamValues given;
  given.set("unsigned", 0);
  CHECK(c.configure(8, given, &shape, &vr).value().param("unsigned") == 0);  // given wins
  // Shape defaults still apply beside it.
  CHECK(c.configure(8, {}, &shape, &vr).value().param("plane_w") == 3);
}
