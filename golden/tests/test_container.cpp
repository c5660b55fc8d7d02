// SPDX-License-Identifier: Apache-2.0
// The .fmc container (docs/fmc-format.md): CRC-32, layout, round trips, every parse error class,
// bad .npy inputs and the hex stream files.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "fmcodec/container.hpp"
#include "fmcodec/ebpc.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

using Bytes = std::vector<std::uint8_t>;

struct Config {
  DType dtype;
  unsigned width;
  unsigned block;
};

// Every legal (dtype, width, block) combination.
const std::vector<Config> kConfigs = {
    {DType::kInt8, 8, 8},    {DType::kUint8, 8, 8},   {DType::kInt16, 16, 8},
    {DType::kUint16, 16, 8}, {DType::kInt16, 16, 16}, {DType::kUint16, 16, 16},
};

// A ReLU-like tensor: about half zeros (with runs), the rest random over the whole dtype range
// including both extremes.
Tensor random_tensor(DType dtype, std::vector<std::uint64_t> shape, std::uint32_t seed) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  std::mt19937 rng(seed);
  const unsigned bits = dtype_bits(dtype);
  const std::int32_t lo = dtype_signed(dtype) ? -(1 << (bits - 1)) : 0;
  const std::int32_t hi = dtype_signed(dtype) ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  std::uniform_int_distribution<std::int32_t> val(lo, hi);
  const std::uint64_t n = t.element_count();
  for (std::uint64_t i = 0; i < n; ++i) {
    const unsigned r = rng() % 8;
    t.values.push_back(r < 4 ? 0 : r == 4 ? lo : r == 5 ? hi : val(rng));
  }
  return t;
}

FmcFile compress_ok(const Tensor& t, unsigned width, unsigned block) {
  auto r = fmc_compress(t, FmcCodecParams{CodecId::kEbpc, width, block});
  INFO(r.status().to_string());
  REQUIRE(r.ok());
  return r.value();
}

Bytes small_file() {
  return fmc_serialize(compress_ok(random_tensor(DType::kInt8, {3, 7}, 5), 8, 8));
}

void put_le(Bytes& b, std::size_t off, std::uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; ++i) b[off + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint64_t get_le(const Bytes& b, std::size_t off, unsigned n) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i) v |= std::uint64_t(b[off + i]) << (8 * i);
  return v;
}

// Recomputes the header CRC after a deliberate field change, so that the field check is reached.
// The CRC goes where the Header_Size field says, if that is inside the file (else nothing to fix:
// the parser rejects the size before it looks at the CRC).
void fix_header_crc(Bytes& b) {
  const std::size_t hs = static_cast<std::size_t>(get_le(b, 6, 2));
  if (hs >= 8 && hs <= b.size()) put_le(b, hs - 4, crc32(b.data(), hs - 4), 4);
}

ErrorCode parse_code(const Bytes& b) {
  return fmc_parse(b.data(), b.size()).status().code();
}

Bytes make_npy(const std::string& dict, const Bytes& data) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64) h.push_back(' ');
  h.push_back('\n');
  std::string s = "\x93NUMPY";
  s += {'\x01', '\x00', static_cast<char>(h.size() & 0xff), static_cast<char>(h.size() >> 8)};
  s += h;
  s.append(data.begin(), data.end());
  return Bytes(s.begin(), s.end());
}

ErrorCode npy_code(const Bytes& b) {
  return npy_parse(b.data(), b.size()).status().code();
}

}  // namespace

TEST_CASE("CRC-32: check value, known strings, chaining", "[container][crc]") {
  const std::string check = "123456789";
  CHECK(crc32(reinterpret_cast<const std::uint8_t*>(check.data()), check.size()) == 0xCBF43926u);
  const std::string fox = "The quick brown fox jumps over the lazy dog";
  const auto* f = reinterpret_cast<const std::uint8_t*>(fox.data());
  CHECK(crc32(f, fox.size()) == 0x414FA339u);
  CHECK(crc32(nullptr, 0) == 0u);
  for (std::size_t cut = 0; cut <= fox.size(); ++cut)
    CHECK(crc32(f + cut, fox.size() - cut, crc32(f, cut)) == 0x414FA339u);
  // tensor_crc32 is the CRC of the .npy data section.
  const Tensor t = random_tensor(DType::kInt16, {4, 1000}, 1);  // > 4096 bytes: several chunks
  const Bytes npy = npy_serialize(t);
  const std::size_t data_bytes = t.values.size() * 2;
  CHECK(tensor_crc32(t) == crc32(npy.data() + npy.size() - data_bytes, data_bytes));
}

TEST_CASE("Container layout: fixed fields at the documented offsets", "[container]") {
  Tensor t;
  t.dtype = DType::kUint16;
  t.shape = {2, 3};
  t.values = {0, 1, 65535, 0, 0, 32768};
  const FmcFile f = compress_ok(t, 16, 16);
  const Bytes b = fmc_serialize(f);
  const std::size_t hs = 32 + 8 * 2 + 8 * 2;
  REQUIRE(b.size() == hs + 2 * (f.streams[0].size() + f.streams[1].size()));
  CHECK(std::string(b.begin(), b.begin() + 4) == "FMC1");
  CHECK(get_le(b, 4, 2) == 1);   // version
  CHECK(get_le(b, 6, 2) == hs);  // header size
  CHECK(b[8] == 1);              // codec EBPC
  CHECK(b[9] == 16);             // data width
  CHECK(b[10] == 16);            // block size
  CHECK(b[11] == 3);             // dtype uint16
  CHECK(b[12] == 2);             // rank
  CHECK(b[13] == 2);             // stream count
  CHECK(get_le(b, 14, 2) == 0);  // reserved
  CHECK(get_le(b, 16, 8) == 6);  // N
  CHECK(get_le(b, 24, 8) == 2);  // shape[0]
  CHECK(get_le(b, 32, 8) == 3);  // shape[1]
  CHECK(get_le(b, 40, 8) == f.streams[0].size());
  CHECK(get_le(b, 48, 8) == f.streams[1].size());
  CHECK(get_le(b, 56, 4) == tensor_crc32(t));
  CHECK(get_le(b, 60, 4) == crc32(b.data(), 60));
  CHECK(get_le(b, hs, 2) == f.streams[0][0]);  // words little-endian, ZNZ first
  CHECK(get_le(b, hs + 2 * f.streams[0].size(), 2) == f.streams[1][0]);
}

TEST_CASE("Container worked example of docs/fmc-format.md", "[container][spec]") {
  // The 32-word example of docs/ebpc-format.md §4 as a raw int8 file; `fmcodec compress tiny.raw
  // --dtype int8 -o tiny.fmc` writes these 72 bytes (the hex dump printed in the document). The
  // CRCs were cross-checked with Python's zlib.crc32.
  Tensor t;
  t.dtype = DType::kInt8;
  t.shape = {32};
  t.values = {0, 0, 0, 22, 26, 0, 28, 32, 35, 8};
  t.values.insert(t.values.end(), 18, 0);
  t.values.insert(t.values.end(), {10, 12, 0, 7});
  const FmcFile f = compress_ok(t, 8, 8);
  CHECK(f.data_crc == 0x204BFD22u);
  const Bytes expect = {0x46, 0x4d, 0x43, 0x31, 0x01, 0x00, 0x38, 0x00, 0x01, 0x08, 0x08, 0x00,  //
                        0x01, 0x02, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
                        0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,  //
                        0x00, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
                        0x22, 0xfd, 0x4b, 0x20, 0x6c, 0xa8, 0x26, 0x8f, 0x16, 0x0f, 0x78, 0x70,  //
                        0x40, 0x16, 0x13, 0xa7, 0x00, 0x51, 0xc2, 0x41, 0xc6, 0x02, 0x8c, 0x16};
  CHECK(fmc_serialize(f) == expect);
  auto p = fmc_parse(expect.data(), expect.size());
  REQUIRE(p.ok());
  auto d = fmc_decompress(p.value());
  REQUIRE(d.ok());
  CHECK(d.value().values == t.values);
}

TEST_CASE("Container round trip: every dtype and configuration, empty to large", "[container]") {
  const std::vector<std::vector<std::uint64_t>> shapes = {
      {0}, {}, {1}, {1, 1, 1}, {3, 0, 5}, {17}, {3, 5, 7}, {2, 3, 4, 5, 1, 2, 1, 3}, {4097}};
  std::uint32_t seed = 100;
  for (const Config& c : kConfigs) {
    for (const auto& shape : shapes) {
      const Tensor t = random_tensor(c.dtype, shape, ++seed);
      INFO(dtype_name(c.dtype) << " " << c.width << "/" << c.block << " N=" << t.values.size()
                               << " rank " << shape.size());
      const FmcFile f = compress_ok(t, c.width, c.block);
      const Bytes b = fmc_serialize(f);
      CHECK(b.size() == 32 + 8 * shape.size() + 16 +
                            (c.width / 8) * (f.streams[0].size() + f.streams[1].size()));
      auto p = fmc_parse(b.data(), b.size());
      INFO(p.status().to_string());
      REQUIRE(p.ok());
      CHECK(p.value().streams == f.streams);
      CHECK(p.value().shape == t.shape);
      CHECK(p.value().num_words == t.values.size());
      CHECK(p.value().data_crc == f.data_crc);
      CHECK(p.value().params.block_size == c.block);
      auto d = fmc_decompress(p.value());
      INFO(d.status().to_string());
      REQUIRE(d.ok());
      CHECK(d.value().dtype == t.dtype);
      CHECK(d.value().shape == t.shape);
      CHECK(d.value().values == t.values);
      CHECK(npy_serialize(d.value()) == npy_serialize(t));
    }
  }
}

TEST_CASE("Unsigned values are coded as the signed words of the same bits", "[container]") {
  for (const auto& [u, s, bits] : {std::tuple{DType::kUint8, DType::kInt8, 8u},
                                   std::tuple{DType::kUint16, DType::kInt16, 16u}}) {
    const std::int32_t top = 1 << bits;
    Tensor tu{u, {6}, {0, 1, top / 2 - 1, top / 2, top - 2, top - 1}};
    Tensor ts{s, {6}, {0, 1, top / 2 - 1, -top / 2, -2, -1}};
    const FmcFile fu = compress_ok(tu, bits, 8);
    const FmcFile fs = compress_ok(ts, bits, 8);
    CHECK(fu.streams == fs.streams);
    for (std::size_t i = 0; i < tu.values.size(); ++i) {
      CHECK(fmc_value_to_word(u, tu.values[i]) == ts.values[i]);
      CHECK(fmc_word_to_value(u, ts.values[i]) == tu.values[i]);
    }
    auto d = fmc_decompress(fu);
    REQUIRE(d.ok());
    CHECK(d.value().values == tu.values);
  }
}

TEST_CASE("Container streams equal the known-answer vectors", "[container][kat]") {
  const std::string root = fmc_test::source_path("verif/vectors/kat");
  const auto cases = fmc_test::list_dir(root, "case_");
  REQUIRE(cases.size() == 77);
  for (const auto& name : cases) {
    INFO(name);
    const std::string dir = root + "/" + name;
    const std::string params = fmc_test::slurp(dir + "/params.json");
    const auto width = static_cast<unsigned>(fmc_test::json_int(params, "data_width"));
    const auto block = static_cast<unsigned>(fmc_test::json_int(params, "block_size"));
    auto in = npy_read(dir + "/input.npy");
    REQUIRE(in.ok());
    const FmcFile f = compress_ok(in.value(), width, block);
    auto znz = hex_read(dir + "/znz.hex", width);
    auto bpc = hex_read(dir + "/bpc.hex", width);
    REQUIRE(znz.ok());
    REQUIRE(bpc.ok());
    CHECK(f.streams[0] == znz.value());
    CHECK(f.streams[1] == bpc.value());
    const Bytes b = fmc_serialize(f);
    auto p = fmc_parse(b.data(), b.size());
    REQUIRE(p.ok());
    auto d = fmc_decompress(p.value());
    REQUIRE(d.ok());
    CHECK(d.value().values == in.value().values);
  }
}

TEST_CASE("fmc_compress rejects bad tensors and parameters", "[container][errors]") {
  Tensor t = random_tensor(DType::kInt8, {10}, 7);
  auto code = [&](unsigned w, unsigned b, CodecId c = CodecId::kEbpc) {
    return fmc_compress(t, FmcCodecParams{c, w, b}).status().code();
  };
  CHECK(code(16, 8) == ErrorCode::kBadParams);  // width != dtype width
  CHECK(code(8, 16) == ErrorCode::kBadParams);  // n > m
  CHECK(code(12, 8) == ErrorCode::kBadParams);
  CHECK(code(8, 8, CodecId::kGrlc) == ErrorCode::kUnsupported);
  t.values[3] = 128;  // out of int8 range
  CHECK(code(8, 8) == ErrorCode::kBadInput);
  t.values[3] = 0;
  t.values.pop_back();  // 9 values for shape (10,)
  CHECK(code(8, 8) == ErrorCode::kBadInput);
  Tensor big = random_tensor(DType::kInt8, {1, 1, 1, 1, 1, 1, 1, 1, 1}, 8);  // rank 9
  CHECK(fmc_compress(big, FmcCodecParams{}).status().code() == ErrorCode::kUnsupported);
  // A shape whose product wraps to the value count must not be accepted: 2^32 * 2^32 = 2^64 == 0.
  Tensor wrap{DType::kInt8, {std::uint64_t(1) << 32, std::uint64_t(1) << 32}, {}};
  CHECK(fmc_compress(wrap, FmcCodecParams{}).status().code() == ErrorCode::kBadInput);
}

TEST_CASE("fmc_parse: every truncation is an error", "[container][errors]") {
  const Bytes b = small_file();
  REQUIRE(fmc_parse(b.data(), b.size()).ok());
  for (std::size_t n = 0; n < b.size(); ++n) {
    INFO("truncated to " << n << " of " << b.size() << " bytes");
    const Bytes cut(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
    CHECK(parse_code(cut) == ErrorCode::kBadFile);
  }
}

TEST_CASE("fmc_parse: every single-bit flip of the header is an error", "[container][errors]") {
  const Bytes b = small_file();
  const std::size_t hs = static_cast<std::size_t>(get_le(b, 6, 2));
  for (std::size_t i = 0; i < hs; ++i) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      Bytes c = b;
      c[i] ^= static_cast<std::uint8_t>(1u << bit);
      INFO("byte " << i << " bit " << bit);
      const ErrorCode e = parse_code(c);
      // Magic -> BadFile, version -> Unsupported, header size -> BadFile, the rest -> Checksum.
      const ErrorCode expect = i < 4   ? ErrorCode::kBadFile
                               : i < 6 ? ErrorCode::kUnsupported
                               : i < 8 ? (e == ErrorCode::kBadFile ? e : ErrorCode::kChecksum)
                                       : ErrorCode::kChecksum;
      CHECK(e == expect);
    }
  }
}

TEST_CASE("fmc_decompress: payload corruption and a wrong data CRC are reported",
          "[container][errors]") {
  const FmcFile f = compress_ok(random_tensor(DType::kInt16, {40}, 9), 16, 16);
  FmcFile bad_crc = f;
  bad_crc.data_crc ^= 0x80000000u;
  const Bytes b = fmc_serialize(bad_crc);
  auto p = fmc_parse(b.data(), b.size());
  REQUIRE(p.ok());  // the header is consistent; only the data check can find it
  CHECK(fmc_decompress(p.value()).status().code() == ErrorCode::kChecksum);

  const Bytes good = fmc_serialize(f);
  const std::size_t hs = static_cast<std::size_t>(get_le(good, 6, 2));
  for (std::size_t i = hs; i < good.size(); ++i) {
    Bytes c = good;
    c[i] ^= 0x10;
    INFO("payload byte " << i - hs);
    auto q = fmc_parse(c.data(), c.size());
    REQUIRE(q.ok());
    CHECK_FALSE(fmc_decompress(q.value()).ok());
  }
}

TEST_CASE("fmc_parse: bad fields behind a valid header CRC", "[container][errors]") {
  const Bytes b = small_file();  // int8, rank 2, 8/8
  auto patched = [&](std::size_t off, std::uint64_t v, unsigned n) {
    Bytes c = b;
    put_le(c, off, v, n);
    fix_header_crc(c);
    return parse_code(c);
  };
  SECTION("magic and version") {
    Bytes c = b;
    c[0] = 'X';
    CHECK(parse_code(c) == ErrorCode::kBadFile);
    CHECK(patched(4, 2, 2) == ErrorCode::kUnsupported);
    CHECK(patched(4, 0, 2) == ErrorCode::kUnsupported);
  }
  SECTION("header size") {
    CHECK(patched(6, 16, 2) == ErrorCode::kBadFile);
    CHECK(patched(6, 65528, 2) == ErrorCode::kBadFile);
  }
  SECTION("codec, parameters, dtype") {
    CHECK(patched(8, 0, 1) == ErrorCode::kBadFile);      // unknown codec
    CHECK(patched(8, 200, 1) == ErrorCode::kBadFile);    // unknown codec
    CHECK(patched(8, 2, 1) == ErrorCode::kUnsupported);  // reserved: GRLC
    CHECK(patched(8, 4, 1) == ErrorCode::kUnsupported);  // reserved: own codec
    CHECK(patched(9, 12, 1) == ErrorCode::kBadFile);     // width 12
    CHECK(patched(10, 16, 1) == ErrorCode::kBadFile);    // block 16 > width 8
    CHECK(patched(9, 16, 1) == ErrorCode::kBadFile);     // width 16 but dtype int8
    CHECK(patched(11, 4, 1) == ErrorCode::kBadFile);     // unknown dtype
    CHECK(patched(11, 1, 1) == ErrorCode::kOk);          // int8 -> uint8 is legal
    CHECK(patched(14, 1, 2) == ErrorCode::kBadFile);     // reserved field
  }
  SECTION("rank and stream count") {
    CHECK(patched(12, 3, 1) == ErrorCode::kBadFile);  // header size no longer matches
    CHECK(patched(13, 1, 1) == ErrorCode::kBadFile);
    // Consistent header size, but rank 9 / 3 streams.
    Bytes c = b;
    c[12] = 9;
    put_le(c, 6, 32 + 8 * 9 + 16, 2);
    c.insert(c.begin() + 24, 56, 0);
    fix_header_crc(c);
    CHECK(parse_code(c) == ErrorCode::kBadFile);
    Bytes d = b;
    d[13] = 3;
    put_le(d, 6, 32 + 16 + 24, 2);
    d.insert(d.begin() + 56, 8, 0);
    fix_header_crc(d);
    CHECK(parse_code(d) == ErrorCode::kBadFile);
  }
  SECTION("word counts: N, shape, stream sizes") {
    CHECK(patched(16, 20, 8) == ErrorCode::kBadFile);  // N != 3 * 7
    CHECK(patched(24, 4, 8) == ErrorCode::kBadFile);   // shape 4 x 7 != N
    CHECK(patched(40, 0, 8) == ErrorCode::kBadFile);   // ZNZ count smaller: trailing bytes
    CHECK(patched(48, get_le(b, 48, 8) + 1, 8) == ErrorCode::kBadFile);  // truncated
    // Absurd counts: no overflow, no huge allocation.
    CHECK(patched(40, ~std::uint64_t(0), 8) == ErrorCode::kBadFile);
    CHECK(patched(48, ~std::uint64_t(0) - 3, 8) == ErrorCode::kBadFile);
    CHECK(patched(40, std::uint64_t(1) << 62, 8) == ErrorCode::kBadFile);
    // N and shape consistent but far more words than the ZNZ stream can code.
    Bytes c = b;
    put_le(c, 16, std::uint64_t(1) << 40, 8);
    put_le(c, 24, std::uint64_t(1) << 20, 8);
    put_le(c, 32, std::uint64_t(1) << 20, 8);
    fix_header_crc(c);
    CHECK(parse_code(c) == ErrorCode::kBadFile);
    // Shape whose product overflows to N.
    Bytes d = b;
    put_le(d, 16, 0, 8);
    put_le(d, 24, std::uint64_t(1) << 32, 8);
    put_le(d, 32, std::uint64_t(1) << 32, 8);
    fix_header_crc(d);
    CHECK(parse_code(d) == ErrorCode::kBadFile);
  }
  SECTION("trailing bytes") {
    for (std::size_t extra : {1, 2, 9}) {
      Bytes c = b;
      c.insert(c.end(), extra, 0);
      CHECK(parse_code(c) == ErrorCode::kBadFile);
    }
  }
}

TEST_CASE("fmc_validate: stream words must fit the width", "[container][errors]") {
  FmcFile f = compress_ok(random_tensor(DType::kInt8, {30}, 11), 8, 8);
  REQUIRE(fmc_validate(f).ok());
  f.streams[1][0] = 0x100;
  CHECK(fmc_validate(f).code() == ErrorCode::kBadFile);
  CHECK(fmc_decompress(f).status().code() == ErrorCode::kBadFile);
}

TEST_CASE("Bad .npy files give the right error code", "[container][npy]") {
  const std::string dict8 = "{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }";
  REQUIRE(npy_code(make_npy(dict8, {1, 2, 3})) == ErrorCode::kOk);
  Bytes magic = make_npy(dict8, {1, 2, 3});
  magic[1] = 'X';
  CHECK(npy_code(magic) == ErrorCode::kBadFile);
  CHECK(npy_code(make_npy("{'descr': '>i2', 'fortran_order': False, 'shape': (3,), }",
                          {0, 1, 0, 2, 0, 3})) == ErrorCode::kUnsupported);
  CHECK(npy_code(make_npy("{'descr': '|i1', 'fortran_order': True, 'shape': (3,), }", {1, 2, 3})) ==
        ErrorCode::kUnsupported);
  CHECK(npy_code(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
                          {0, 0, 0x80, 0x3f})) == ErrorCode::kUnsupported);
  CHECK(npy_code(make_npy(dict8, {1, 2})) == ErrorCode::kBadFile);        // truncated data
  CHECK(npy_code(make_npy(dict8, {1, 2, 3, 4})) == ErrorCode::kBadFile);  // shape mismatch
  CHECK(npy_code(make_npy("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }",
                          {1, 0, 2, 0, 3, 0})) == ErrorCode::kBadFile);  // shape mismatch
  CHECK(npy_code(make_npy("'descr': '|i1', 'fortran_order': False, 'shape': (3,)", {1, 2, 3})) ==
        ErrorCode::kBadFile);  // not a dict
  CHECK(npy_code(make_npy("{'descr': '|i1', 'fortran_order': False, 'shape': (3,x), }",
                          {1, 2, 3})) == ErrorCode::kBadFile);  // malformed shape
  CHECK(npy_code(make_npy("{'descr': '|i1', 'shape': (3,), }", {1, 2, 3})) ==
        ErrorCode::kBadFile);  // no fortran_order
  Bytes hdr = make_npy(dict8, {1, 2, 3});
  hdr.resize(40);  // truncated inside the header
  CHECK(npy_code(hdr) == ErrorCode::kBadFile);
}

TEST_CASE("Hex stream files round-trip and decode to the tensor", "[container][hex]") {
  char tmpl[] = "/tmp/fmc_test_hex_XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  const std::string dir = tmpl;
  for (const Config& c : kConfigs) {
    INFO(dtype_name(c.dtype) << " " << c.width << "/" << c.block);
    const Tensor t = random_tensor(c.dtype, {257}, 12);
    const FmcFile f = compress_ok(t, c.width, c.block);
    REQUIRE(hex_write(dir + "/znz.hex", f.streams[0], c.width).ok());
    REQUIRE(hex_write(dir + "/bpc.hex", f.streams[1], c.width).ok());
    auto znz = hex_read(dir + "/znz.hex", c.width);
    auto bpc = hex_read(dir + "/bpc.hex", c.width);
    REQUIRE(znz.ok());
    REQUIRE(bpc.ok());
    CHECK(znz.value() == f.streams[0]);
    CHECK(bpc.value() == f.streams[1]);
    // One line per word, zero-padded to the width.
    const std::string text = fmc_test::slurp(dir + "/znz.hex");
    CHECK(text.size() == f.streams[0].size() * (c.width / 4 + 1));
    auto dec = ebpc_decode(EbpcParams{c.width, c.block}, znz.value(), bpc.value(), 257);
    REQUIRE(dec.ok());
    for (std::size_t i = 0; i < t.values.size(); ++i)
      REQUIRE(fmc_word_to_value(c.dtype, dec.value()[i]) == t.values[i]);
  }
  std::remove((dir + "/znz.hex").c_str());
  std::remove((dir + "/bpc.hex").c_str());
  ::rmdir(dir.c_str());
}
