// SPDX-License-Identifier: Apache-2.0
// GRLC: the worked examples and the error examples of docs/grlc-format.md, word for word. (The
// generic properties — streaming vs whole-buffer, round trips, corruption — are checked for every
// codec by test_codec_props.cpp.)
#include <catch2/catch.hpp>
#include <vector>

#include "fmcodec/codecs/grlc.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

using Words = std::vector<std::int32_t>;
using Stream = std::vector<std::uint32_t>;

Stream encode(const GrlcParams& p, const Words& w) {
  auto r = grlc_encode(p, WordView(w.data(), w.size(), p.data_width));
  REQUIRE(r.ok());
  REQUIRE(r.value().size() == 1);
  return r.value()[0];
}

Status decode_status(const GrlcParams& p, const Stream& s, std::uint64_t n) {
  return grlc_decode(p, Streams{s}, n).status();
}

// §6 example 1: m = 8, GH = 2, GW = 4, one 3 x 6 plane.
const GrlcParams kP1{8, 2, 4, 6, 3};
const Words kExample1 = {0, 0, 0, 0, 5, 0,  //
                         0, 0, 0, 0, 0, 3,  //
                         0, -2, 7, 0, 0, 0};
// §6 example 2: m = 8, GH = 1, GW = 4, one 1 x 4 plane, dense mode.
const GrlcParams kP2{8, 1, 4, 4, 1};
const Words kExample2 = {3, -1, 2, 1};
// §6 example 3: m = 16, GH = 2, GW = 4, planes of 2 x 3, N = 15 (the third plane partial).
const GrlcParams kP3{16, 2, 4, 3, 2};
const Words kExample3 = {0, 300, 0, -1, 0, 0,  //
                         0, 0, 0, 0, 0, 0,     //
                         1000, 0, 0};

}  // namespace

TEST_CASE("GRLC worked example 1 (m = 8, 2 x 4 grids, a 3 x 6 plane)", "[grlc][spec]") {
  const Stream s = encode(kP1, kExample1);
  CHECK(s == Stream{0x55, 0x35, 0xc6, 0xdc, 0xe0});
  CHECK(grlc_decode(kP1, Streams{s}, kExample1.size()).value() == kExample1);
}

TEST_CASE("GRLC worked example 2 (dense mode)", "[grlc][spec]") {
  const Stream s = encode(kP2, kExample2);
  CHECK(s == Stream{0xc9, 0xf4, 0x40});
  CHECK(grlc_decode(kP2, Streams{s}, kExample2.size()).value() == kExample2);
}

TEST_CASE("GRLC worked example 3 (m = 16, a partial last plane)", "[grlc][spec]") {
  const Stream s = encode(kP3, kExample3);
  CHECK(s == Stream{0x92a2, 0x59ff, 0xaccf, 0xa000});
  CHECK(grlc_decode(kP3, Streams{s}, kExample3.size()).value() == kExample3);
}

TEST_CASE("GRLC an all-zero transmission is one bit per grid, N = 0 an empty stream",
          "[grlc][spec]") {
  // 2 planes of 4 x 8 with 2 x 4 grids: 8 grids, 8 zero bits, one word.
  const Words zeros(64, 0);
  CHECK(encode(GrlcParams{8, 2, 4, 8, 4}, zeros) == Stream{0x00});
  CHECK(encode(kP1, {}).empty());
  CHECK(grlc_decode(kP1, Streams{Stream{}}, 0).ok());
  CHECK(decode_status(kP1, Stream{0x00}, 0).stream_error() ==
        std::uint8_t(GrlcError::kTrailing));
}

TEST_CASE("GRLC decoder errors of §5, each on its example", "[grlc][errors]") {
  const GrlcParams p4{8, 1, 4, 4, 1};  // one grid of 4 cells
  SECTION("Truncated: the stream ends inside a grid") {
    CHECK(decode_status(kP1, Stream{0x55, 0x35, 0xc6, 0xdc}, 18).stream_error() ==
          std::uint8_t(GrlcError::kTruncated));
    CHECK(decode_status(kP1, Stream{}, 18).stream_error() ==
          std::uint8_t(GrlcError::kTruncated));
  }
  SECTION("Trailing: a word after the last grid's word, or padding bits not 0") {
    CHECK(decode_status(kP1, Stream{0x55, 0x35, 0xc6, 0xdc, 0xe0, 0x00}, 18).stream_error() ==
          std::uint8_t(GrlcError::kTrailing));
    CHECK(decode_status(kP1, Stream{0x55, 0x35, 0xc6, 0xdc, 0xe1}, 18).stream_error() ==
          std::uint8_t(GrlcError::kTrailing));
  }
  SECTION("EmptyGrid: flagged non-zero with an all-zero bitmap, or dense with all cells 0") {
    // 1 0 1 000 | 0000: bitmap mode, U = 1, b = 1, no cell flagged.
    CHECK(decode_status(p4, Stream{0xa0, 0x00}, 4).stream_error() ==
          std::uint8_t(GrlcError::kEmptyGrid));
    // 1 1 1 000 | 0 0 0 0: dense mode, b = 1, every cell 0.
    CHECK(decode_status(p4, Stream{0xe0, 0x00}, 4).stream_error() ==
          std::uint8_t(GrlcError::kEmptyGrid));
  }
  SECTION("ZeroValue: bitmap mode, a flagged cell whose value is 0") {
    // 1 0 1 000 | 1000 | 0: b = 1, cell 0 flagged, its value 0.
    CHECK(decode_status(p4, Stream{0xa2, 0x00}, 4).stream_error() ==
          std::uint8_t(GrlcError::kZeroValue));
  }
  SECTION("ValueRange: an unsigned value of m bits at or above 2^(m-1)") {
    // 1 1 1 111 | 11111111 00000001 00000001 00000001: dense, U = 1, b = 8, first cell 255.
    CHECK(decode_status(p4, Stream{0xff, 0xfc, 0x04, 0x04, 0x04}, 4).stream_error() ==
          std::uint8_t(GrlcError::kValueRange));
  }
}

TEST_CASE("GRLC parameters come from the tensor's last two axes", "[grlc]") {
  const Codec& c = grlc_codec();
  const std::vector<std::uint64_t> shape = {3, 14, 28};
  auto cfg = c.configure(8, {}, &shape);
  REQUIRE(cfg.ok());
  CHECK(cfg.value().param("plane_w") == 28);
  CHECK(cfg.value().param("plane_h") == 14);
  ParamValues given;
  given.set("plane_w", 7);
  auto cfg2 = c.configure(8, given, &shape);
  REQUIRE(cfg2.ok());
  CHECK(cfg2.value().param("plane_w") == 7);  // an explicit value wins
  CHECK(c.configure(8).value().param("plane_w") == 65535);  // no shape: one long row
}

TEST_CASE("GRLC known-answer vectors of verif/vectors/grlc (the spec's examples and real crops)",
          "[grlc][kat]") {
  const std::string root = fmc_test::source_path("verif/vectors/grlc");
  std::vector<std::string> cases;
  for (const auto& n : fmc_test::list_dir(root, ""))
    if (n[0] != '.') cases.push_back(n);
  REQUIRE(cases.size() == 7);
  for (const auto& name : cases) {
    DYNAMIC_SECTION(name) {
      const std::string dir = root + "/" + name;
      const std::string params_txt = fmc_test::slurp(dir + "/params.json");
      REQUIRE(params_txt.find("\"codec\": \"grlc\"") != std::string::npos);
      GrlcParams p;
      p.data_width = static_cast<unsigned>(fmc_test::json_int(params_txt, "data_width"));
      p.grid_h = static_cast<unsigned>(fmc_test::json_int(params_txt, "grid_h"));
      p.grid_w = static_cast<unsigned>(fmc_test::json_int(params_txt, "grid_w"));
      p.plane_w = static_cast<unsigned>(fmc_test::json_int(params_txt, "plane_w"));
      p.plane_h = static_cast<unsigned>(fmc_test::json_int(params_txt, "plane_h"));
      auto input = npy_read(dir + "/input.npy");
      REQUIRE(input.ok());
      const auto words = input.value().values();
      REQUIRE(static_cast<long>(words.size()) == fmc_test::json_int(params_txt, "num_words"));
      auto grid = hex_read(dir + "/grid.hex", p.data_width);
      REQUIRE(grid.ok());
      REQUIRE(static_cast<long>(grid.value().size()) == fmc_test::json_int(params_txt, "grid_words"));
      CHECK(encode(p, words) == grid.value());
      auto dec = grlc_decode(p, Streams{grid.value()}, words.size());
      INFO(dec.status().to_string());
      REQUIRE(dec.ok());
      CHECK(dec.value() == words);
    }
  }
}
