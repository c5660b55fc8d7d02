// SPDX-License-Identifier: Apache-2.0
// Baseline codecs (baselines.hpp): hand-computed sizes on tiny inputs, round trips on random and
// real data, and the size functions against the encoders.
#include <catch2/catch.hpp>
#include <random>

#include "fmcodec/baselines.hpp"
#include "fmcodec/npy.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

using Words = std::vector<std::uint32_t>;
using Values = std::vector<std::int32_t>;

// `count` signed m-bit values, each zero with probability `zero_p`, else uniform non-zero
// (or small deltas from the previous value when `smooth`).
Values random_values(std::mt19937& rng, std::size_t count, unsigned m, double zero_p, bool smooth) {
  const int lo = -(1 << (m - 1));
  const int hi = (1 << (m - 1)) - 1;
  std::uniform_int_distribution<int> any(lo, hi);
  std::uniform_int_distribution<int> step(-3, 3);
  std::bernoulli_distribution zero(zero_p);
  Values v(count);
  int prev = 0;
  for (auto& x : v) {
    if (zero(rng)) {
      x = 0;
      continue;
    }
    int y = smooth ? std::min(hi, std::max(lo, prev + step(rng))) : any(rng);
    if (y == 0) y = 1;
    x = prev = y;
  }
  return v;
}

}  // namespace

TEST_CASE("ZVC: hand-computed stream", "[baselines]") {
  // 0 | 1 00000101 | 0 | 0 | 1 11111111 = 21 bits -> 3 words
  const Values v = {0, 5, 0, 0, -1};
  auto enc = zvc_encode(v.data(), v.size(), 8);
  REQUIRE(enc.ok());
  CHECK(enc.value() == Words{0x41, 0x4f, 0xf8});
  CHECK(zvc_bits(v.data(), v.size(), 8).value() == 24);
  // m = 16: 21 + 2 * 8 = 37 bits -> 3 words of 16
  CHECK(zvc_bits(v.data(), v.size(), 16).value() == 48);
  // 16 zeros: 16 flag bits = exactly one word, no padding word
  const Values z(16, 0);
  CHECK(zvc_encode(z.data(), z.size(), 8).value() == Words{0, 0});
  CHECK(zvc_encode(z.data(), z.size(), 16).value() == Words{0});
}

TEST_CASE("Zero-RLE: hand-computed stream", "[baselines]") {
  // 00000 | 1 00000101 | 00001 | 1 11111111 = 28 bits -> 4 words
  const Values v = {0, 5, 0, 0, -1};
  auto enc = zrle_encode(v.data(), v.size(), 8);
  REQUIRE(enc.ok());
  CHECK(enc.value() == Words{0x04, 0x14, 0x3f, 0xf0});
  CHECK(zrle_bits(v.data(), v.size(), 8).value() == 32);
  // 16 zeros: `01111` (emitted at the 16th zero), 5 bits -> 1 word
  const Values z16(16, 0);
  CHECK(zrle_encode(z16.data(), z16.size(), 8).value() == Words{0x78});
  // 17 zeros then 3: 01111 00000 1 00000011 = 19 bits -> 3 words
  Values z17(17, 0);
  z17.push_back(3);
  CHECK(zrle_encode(z17.data(), z17.size(), 8).value() == Words{0x78, 0x20, 0x60});
  CHECK(zrle_bits(z17.data(), z17.size(), 8).value() == 24);
}

TEST_CASE("Plain BPC: hand-computed stream", "[baselines]") {
  const EbpcParams p88{8, 8};
  // docs/ebpc-format.md §4: the worked block and the partial block [7] are exactly the BPC stream
  // of the full example (its non-zero words), 87 bits -> 11 words.
  const Values v = {22, 26, 28, 32, 35, 8, 10, 12, 7};
  auto enc = bpc_encode(p88, v.data(), v.size());
  REQUIRE(enc.ok());
  CHECK(enc.value() == Words{0x16, 0x13, 0xa7, 0x00, 0x51, 0xc2, 0x41, 0xc6, 0x02, 0x8c, 0x16});
  // An all-zero block: base 00000000 + zero run of 9 X (`001` + 7 in 3 bits) = 14 bits -> 2 words.
  const Values z(8, 0);
  CHECK(bpc_encode(p88, z.data(), z.size()).value() == Words{0x00, 0x3c});
  // 16/16: base (16) + `001` + 15 in 4 bits = 23 bits -> 2 words of 16.
  const Values z16(16, 0);
  CHECK(bpc_bits(EbpcParams{16, 16}, z16.data(), z16.size()).value() == 32);
  // Plain BPC codes the zeros: 3 zeros = one stuffed all-zero block.
  CHECK(bpc_bits(p88, z.data(), 3).value() == 16);
  CHECK(bpc_encode(p88, v.data(), 0).value().empty());
}

TEST_CASE("Order-0 entropy", "[baselines]") {
  const Values a = {1, 1, 2, 2};
  const Values b = {1, 2, 3, 4};
  const Values c = {0, 0, 0, 1};
  const Values d = {7, 7, 7};
  CHECK(entropy_bits_per_word(a.data(), a.size()) == Approx(1.0));
  CHECK(entropy_bits_per_word(b.data(), b.size()) == Approx(2.0));
  CHECK(entropy_bits_per_word(c.data(), c.size()) == Approx(0.8112781245));
  CHECK(entropy_bits_per_word(d.data(), d.size()) == 0.0);
  CHECK(entropy_bits_per_word(d.data(), 0) == 0.0);
}

TEST_CASE("Raw bytes and zstd / lz4 round trips", "[baselines]") {
  const Values v16 = {-1, 2, -32768};
  CHECK(raw_bytes_le(v16.data(), v16.size(), 16).value() ==
        std::vector<std::uint8_t>{0xff, 0xff, 0x02, 0x00, 0x00, 0x80});
  const Values v8 = {-128, 127, -1};
  CHECK(raw_bytes_le(v8.data(), v8.size(), 8).value() ==
        std::vector<std::uint8_t>{0x80, 0x7f, 0xff});
  CHECK(raw_bytes_le(v16.data(), v16.size(), 8).status().is(ErrorCode::kBadInput));

  std::mt19937 rng(7);
  for (unsigned m : {8u, 16u}) {
    const Values v = random_values(rng, 5000, m, 0.5, true);
    auto bytes = raw_bytes_le(v.data(), v.size(), m).value();
    REQUIRE(bytes.size() == v.size() * m / 8);
    for (int level : {3, 19}) {
      auto z = zstd_compress_bytes(bytes, level);
      REQUIRE(z.ok());
      CHECK(zstd_bits(v.data(), v.size(), m, level).value() == 8 * z.value().size());
      auto back = zstd_decompress_bytes(z.value(), bytes.size());
      REQUIRE(back.ok());
      CHECK(back.value() == bytes);
      CHECK(zstd_decompress_bytes(z.value(), bytes.size() + 1).status().code() ==
            ErrorCode::kBadFile);
    }
    auto l = lz4_compress_bytes(bytes);
    REQUIRE(l.ok());
    CHECK(lz4_bits(v.data(), v.size(), m).value() == 8 * l.value().size());
    auto back = lz4_decompress_bytes(l.value(), bytes.size());
    REQUIRE(back.ok());
    CHECK(back.value() == bytes);
  }
  // They really compress: 64 KiB of zeros.
  const Values zeros(65536, 0);
  CHECK(zstd_bits(zeros.data(), zeros.size(), 8, 3).value() < 8 * 64);
  CHECK(lz4_bits(zeros.data(), zeros.size(), 8).value() < 8 * 512);
}

TEST_CASE("xz round trips, and the .xz stream really compresses", "[baselines]") {
  std::mt19937 rng(11);
  for (unsigned m : {8u, 16u}) {
    const Values v = random_values(rng, 5000, m, 0.5, true);
    auto bytes = raw_bytes_le(v.data(), v.size(), m).value();
    auto x = xz_compress_bytes(bytes, 9);
    REQUIRE(x.ok());
    // An .xz stream: magic FD 37 7A 58 5A 00 and footer magic 59 5A.
    REQUIRE(x.value().size() > 12);
    CHECK(x.value()[0] == 0xfd);
    CHECK(x.value()[1] == '7');
    CHECK(x.value()[x.value().size() - 1] == 'Z');
    CHECK(xz_bits(v.data(), v.size(), m, 9).value() == 8 * x.value().size());
    auto back = xz_decompress_bytes(x.value(), bytes.size());
    REQUIRE(back.ok());
    CHECK(back.value() == bytes);
    CHECK(xz_decompress_bytes(x.value(), bytes.size() + 1).status().code() == ErrorCode::kBadFile);
    auto bad = x.value();
    bad[bad.size() / 2] ^= 0x10;
    CHECK(xz_decompress_bytes(bad, bytes.size()).status().code() == ErrorCode::kBadFile);
  }
  CHECK(xz_compress_bytes({1, 2, 3}, 10).status().code() == ErrorCode::kBadParams);
  const Values zeros(65536, 0);
  CHECK(xz_bits(zeros.data(), zeros.size(), 8, 9).value() < 8 * 200);
}

TEST_CASE("JPEG-LS (CharLS) round trips, offset for signed data, 65535-row images", "[baselines]") {
  std::mt19937 rng(12);
  for (unsigned m : {8u, 16u}) {
    for (bool with_sign : {false, true}) {
      for (std::size_t width : {std::size_t(1), std::size_t(7), std::size_t(112)}) {
        const std::size_t rows = width == 1 ? 70000 : 40;  // width 1: two images
        Values v = random_values(rng, rows * width, m, 0.5, true);
        for (auto& x : v)
          if (!with_sign && x < 0) x = -(x + 1);  // non-negative, as a ReLU map
        if (with_sign) v[0] = -1;  // at least one negative value: the offset is used
        bool offset = false;
        auto im = jpegls_encode_images(v.data(), v.size(), m, width, &offset);
        REQUIRE(im.ok());
        CHECK(offset == with_sign);
        CHECK(im.value().size() == (rows + 65534) / 65535);
        std::uint64_t bytes = 0;
        for (const auto& i : im.value()) {
          REQUIRE(i.size() > 4);
          CHECK(i[0] == 0xff);  // SOI marker FF D8
          CHECK(i[1] == 0xd8);
          bytes += i.size();
        }
        CHECK(jpegls_bits(v.data(), v.size(), m, width).value() == 8 * bytes);
        auto back = jpegls_decode_images(im.value(), v.size(), m, width, offset);
        REQUIRE(back.ok());
        CHECK(back.value() == v);
      }
    }
  }
  // Shape errors, and the width fallback of jpegls_bits (a divisor of N).
  const Values v(30, 3);
  CHECK(jpegls_encode_images(v.data(), v.size(), 8, 7).status().code() == ErrorCode::kBadInput);
  CHECK(jpegls_encode_images(v.data(), v.size(), 8, 0).status().code() == ErrorCode::kBadInput);
  CHECK(jpegls_bits(v.data(), v.size(), 8, 7).value() ==
        jpegls_bits(v.data(), v.size(), 8, 30).value());
  CHECK(jpegls_bits(v.data(), 0, 8, 7).value() == 0);
  const Values big(3, 300);
  CHECK(jpegls_encode_images(big.data(), big.size(), 8, 3).status().code() == ErrorCode::kBadInput);
  // A smooth image compresses far below its raw size.
  Values ramp(64 * 64);
  for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<std::int32_t>((i % 64) + (i / 64)) / 2;
  CHECK(jpegls_bits(ramp.data(), ramp.size(), 8, 64).value() < 8 * ramp.size() / 4);
  // A corrupt file is rejected, not decoded into invented data.
  auto im = jpegls_encode_images(ramp.data(), ramp.size(), 8, 64).value();
  im[0].resize(im[0].size() / 2);
  CHECK(!jpegls_decode_images(im, ramp.size(), 8, 64, false).ok());
}

TEST_CASE("Baselines round-trip random data, and size functions match the encoders", "[baselines]") {
  std::mt19937 rng(20240501);
  const EbpcParams configs[] = {{8, 8}, {16, 8}, {16, 16}};
  for (const auto& p : configs) {
    const unsigned m = p.data_width;
    for (double zero_p : {0.0, 0.3, 0.7, 0.97, 1.0}) {
      for (bool smooth : {false, true}) {
        for (std::size_t count : {std::size_t(0), std::size_t(1), std::size_t(7), std::size_t(16),
                                  std::size_t(17), std::size_t(100), std::size_t(3001)}) {
          const Values v = random_values(rng, count, m, zero_p, smooth);
          INFO("m=" << m << " n=" << p.block_size << " zero_p=" << zero_p << " smooth=" << smooth
                    << " count=" << count);
          auto zvc = zvc_encode(v.data(), v.size(), m);
          REQUIRE(zvc.ok());
          CHECK(zvc_bits(v.data(), v.size(), m).value() == zvc.value().size() * m);
          auto zvc_back = zvc_decode(zvc.value(), m, count);
          INFO(zvc_back.status().to_string());
          REQUIRE(zvc_back.ok());
          CHECK(zvc_back.value() == v);

          auto rle = zrle_encode(v.data(), v.size(), m);
          REQUIRE(rle.ok());
          CHECK(zrle_bits(v.data(), v.size(), m).value() == rle.value().size() * m);
          auto rle_back = zrle_decode(rle.value(), m, count);
          INFO(rle_back.status().to_string());
          REQUIRE(rle_back.ok());
          CHECK(rle_back.value() == v);

          auto bpc = bpc_encode(p, v.data(), v.size());
          REQUIRE(bpc.ok());
          auto bpc_back = bpc_decode(p, bpc.value(), count);
          INFO(bpc_back.status().to_string());
          REQUIRE(bpc_back.ok());
          CHECK(bpc_back.value() == v);

          // With no zero in the input, EBPC's BPC stream is plain BPC.
          if (zero_p == 0.0 && count > 0) {
            auto e = ebpc_encode(p, v);
            REQUIRE(e.ok());
            CHECK(e.value().bpc == bpc.value());
            CHECK(ebpc_bits(p, v.data(), v.size()).value() ==
                  (e.value().znz.size() + e.value().bpc.size()) * m);
          }
        }
      }
    }
  }
}

TEST_CASE("Baselines round-trip a real feature map", "[baselines]") {
  auto t = npy_read(
      fmc_test::source_path("data/fmaps/mobilenet_v2/astronaut/003_block_1_expand_relu_int8.npy"));
  REQUIRE(t.ok());
  const Values& v = t.value().values();
  REQUIRE(v.size() == 96u * 112 * 112);
  const EbpcParams p{8, 8};
  auto zvc = zvc_encode(v.data(), v.size(), 8).value();
  CHECK(zvc_decode(zvc, 8, v.size()).value() == v);
  auto rle = zrle_encode(v.data(), v.size(), 8).value();
  CHECK(zrle_decode(rle, 8, v.size()).value() == v);
  auto bpc = bpc_encode(p, v.data(), v.size()).value();
  CHECK(bpc_decode(p, bpc, v.size()).value() == v);
}

TEST_CASE("Baseline decoders report corrupt streams", "[baselines]") {
  const Values v = {0, 5, 0, 0, -1, 9, 9, 9, 9, 9, 9, 9, 9};
  const EbpcParams p{8, 8};
  const Words zvc = zvc_encode(v.data(), v.size(), 8).value();
  const Words rle = zrle_encode(v.data(), v.size(), 8).value();
  const Words bpc = bpc_encode(p, v.data(), v.size()).value();

  Words cut = zvc;
  cut.pop_back();
  CHECK(zvc_decode(cut, 8, v.size()).status().is(EbpcError::kZnzTruncated));
  Words extra = zvc;
  extra.push_back(0);
  CHECK(zvc_decode(extra, 8, v.size()).status().is(EbpcError::kZnzTrailing));
  CHECK(zvc_decode(zvc, 8, v.size() - 1).status().is(EbpcError::kZnzTrailing));
  // `1` + 00000000: a flagged zero.
  CHECK(zvc_decode(Words{0x80, 0x00}, 8, 1).status().is(EbpcError::kZeroNonzero));
  CHECK(zvc_decode(Words{0x100}, 8, 1).status().is(ErrorCode::kBadInput));

  CHECK(zrle_decode(rle, 8, 1).status().is(EbpcError::kZnzTrailing));  // `00000` then more
  Words rle_cut = rle;
  rle_cut.pop_back();
  CHECK(zrle_decode(rle_cut, 8, v.size()).status().is(EbpcError::kZnzTruncated));
  CHECK(zrle_decode(Words{0x78}, 8, 15).status().is(EbpcError::kRunOverflow));

  Words bpc_cut = bpc;
  bpc_cut.pop_back();
  CHECK(bpc_decode(p, bpc_cut, v.size()).status().is(EbpcError::kBpcTruncated));
  Words bpc_extra = bpc;
  bpc_extra.push_back(0);
  CHECK(bpc_decode(p, bpc_extra, v.size()).status().is(EbpcError::kBpcTrailing));
  // Two blocks coded, 12 words claimed: value 12 (= 9) is then non-zero stuffing.
  CHECK(bpc_decode(p, bpc, 12).status().is(EbpcError::kZeroNonzero));
  // Base 0, `01` (one zero X), `001 111` (9 more): 10 symbols, past the block's m + 1 = 9.
  CHECK(bpc_decode(p, Words{0x00, 0x4f}, 8).status().is(EbpcError::kBadCode));
}
