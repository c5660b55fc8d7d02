// SPDX-License-Identifier: Apache-2.0
// EBPC against the authors' known-answer vectors and the worked examples of docs/ebpc-format.md.
#include <catch2/catch.hpp>

#include "fmcodec/codecs/ebpc.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

std::vector<std::uint32_t> bits_to_words(const std::string& bits, unsigned m) {
  std::vector<std::uint32_t> words;
  std::string b;
  for (char c : bits)
    if (c == '0' || c == '1') b.push_back(c);
  while (b.size() % m) b.push_back('0');
  for (std::size_t i = 0; i < b.size(); i += m) words.push_back(std::stoul(b.substr(i, m), nullptr, 2));
  return words;
}

}  // namespace

TEST_CASE("EBPC known-answer vectors from the authors' model", "[ebpc][kat]") {
  const std::string root = fmc_test::source_path("verif/vectors/kat");
  const auto cases = fmc_test::list_dir(root, "case_");
  REQUIRE(cases.size() == 77);
  for (const auto& name : cases) {
    DYNAMIC_SECTION(name) {
      const std::string dir = root + "/" + name;
      const std::string params_txt = fmc_test::slurp(dir + "/params.json");
      EbpcParams p;
      p.data_width = static_cast<unsigned>(fmc_test::json_int(params_txt, "data_width"));
      p.block_size = static_cast<unsigned>(fmc_test::json_int(params_txt, "block_size"));
      REQUIRE(fmc_test::json_int(params_txt, "max_zero_run") == 16);
      auto input = npy_read(dir + "/input.npy");
      REQUIRE(input.ok());
      const auto& words = input.value().values();
      REQUIRE(static_cast<long>(words.size()) == fmc_test::json_int(params_txt, "num_words"));
      auto znz = hex_read(dir + "/znz.hex", p.data_width);
      auto bpc = hex_read(dir + "/bpc.hex", p.data_width);
      REQUIRE(znz.ok());
      REQUIRE(bpc.ok());
      REQUIRE(static_cast<long>(znz.value().size()) == fmc_test::json_int(params_txt, "znz_words"));
      REQUIRE(static_cast<long>(bpc.value().size()) == fmc_test::json_int(params_txt, "bpc_words"));

      auto enc = ebpc_encode(p, words);
      REQUIRE(enc.ok());
      CHECK(enc.value().znz == znz.value());
      CHECK(enc.value().bpc == bpc.value());

      auto dec = ebpc_decode(p, znz.value(), bpc.value(), words.size());
      INFO(dec.status().to_string());
      REQUIRE(dec.ok());
      CHECK(dec.value() == words);
    }
  }
}

TEST_CASE("Worked example 4: one 8/8 block", "[ebpc][spec]") {
  const EbpcParams p{8, 8};
  const std::vector<std::int32_t> block = {22, 26, 28, 32, 35, 8, 10, 12};
  BitWriter w(8);
  ebpc_encode_block(p, block.data(), w);
  CHECK(w.bit_count() == 50);
  w.finish();
  CHECK(w.words() == bits_to_words("00010110 00010011 10100111 00000 00001 01 00011100 001001", 8));
  CHECK(w.words() == std::vector<std::uint32_t>{0x16, 0x13, 0xa7, 0x00, 0x51, 0xc2, 0x40});
  auto enc = ebpc_encode(p, block);
  REQUIRE(enc.ok());
  CHECK(enc.value().znz == std::vector<std::uint32_t>{0xff});
}

TEST_CASE("Worked example 4: full 32-word transmission", "[ebpc][spec]") {
  const EbpcParams p{8, 8};
  std::vector<std::int32_t> in = {0, 0, 0, 22, 26, 0, 28, 32, 35, 8};
  in.insert(in.end(), 18, 0);
  in.insert(in.end(), {10, 12, 0, 7});
  REQUIRE(in.size() == 32);
  auto enc = ebpc_encode(p, in);
  REQUIRE(enc.ok());
  CHECK(enc.value().znz ==
        bits_to_words("00010 1 1 00000 1111 01111 00001 11 00000 1", 8));
  CHECK(enc.value().znz == bits_to_words("00010110 00001111 01111000 01110000 01000000", 8));
  CHECK(enc.value().bpc ==
        bits_to_words("00010110 00010011 10100111 00000000 01010001 11000010 01000001 11000110 "
                      "00000010 10001100 00010110",
                      8));
  CHECK(enc.value().znz.size() + enc.value().bpc.size() == 16);  // 2.0x
  auto dec = ebpc_decode(p, enc.value().znz, enc.value().bpc, in.size());
  REQUIRE(dec.ok());
  CHECK(dec.value() == in);
}

TEST_CASE("ZNZ zero runs: 16 emitted at once, 17 split, all-zero has an empty BPC stream",
          "[ebpc][spec]") {
  const EbpcParams p{8, 8};
  auto e16 = ebpc_encode(p, std::vector<std::int32_t>(16, 0));
  REQUIRE(e16.ok());
  CHECK(e16.value().znz == bits_to_words("01111", 8));
  CHECK(e16.value().bpc.empty());
  auto e17 = ebpc_encode(p, std::vector<std::int32_t>(17, 0));
  REQUIRE(e17.ok());
  CHECK(e17.value().znz == bits_to_words("01111 00000", 8));
  auto d17 = ebpc_decode(p, e17.value().znz, e17.value().bpc, 17);
  REQUIRE(d17.ok());
  CHECK(d17.value() == std::vector<std::int32_t>(17, 0));
}

TEST_CASE("Parameter validation", "[ebpc][params]") {
  CHECK(EbpcParams{8, 8}.validate().ok());
  CHECK(EbpcParams{16, 8}.validate().ok());
  CHECK(EbpcParams{16, 16}.validate().ok());
  CHECK(EbpcParams{8, 16}.validate().is(ErrorCode::kBadParams));
  CHECK(EbpcParams{12, 8}.validate().is(ErrorCode::kBadParams));
  CHECK(EbpcParams{8, 4}.validate().is(ErrorCode::kBadParams));
  CHECK(!EbpcEncoder::create(EbpcParams{8, 16}).ok());
  auto r = ebpc_encode(EbpcParams{8, 8}, std::vector<std::int32_t>{1, 128});
  CHECK(r.status().is(ErrorCode::kBadInput));
}
