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
#include "fmcodec/codecs/ebpc.hpp"
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
  std::mt19937 rng(seed);
  const unsigned bits = dtype_bits(dtype);
  const std::int32_t lo = dtype_signed(dtype) ? -(1 << (bits - 1)) : 0;
  const std::int32_t hi = dtype_signed(dtype) ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  std::uniform_int_distribution<std::int32_t> val(lo, hi);
  std::uint64_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<std::int32_t> v;
  for (std::uint64_t i = 0; i < n; ++i) {
    const unsigned r = rng() % 8;
    v.push_back(r < 4 ? 0 : r == 4 ? lo : r == 5 ? hi : val(rng));
  }
  auto t = tensor_from_values(dtype, std::move(shape), v);
  REQUIRE(t.ok());
  return t.value();
}

Tensor tensor_of(DType dtype, std::vector<std::uint64_t> shape, std::vector<std::int32_t> v) {
  auto t = tensor_from_values(dtype, std::move(shape), v);
  REQUIRE(t.ok());
  return t.value();
}

ParamValues block(unsigned n) {
  ParamValues p;
  p.set("block", n);
  return p;
}

FmcFile compress_ok(const Tensor& t, unsigned block_size, const Codec& codec = ebpc_codec()) {
  auto r = fmc_compress(t, codec, block(block_size));
  INFO(r.status().to_string());
  REQUIRE(r.ok());
  return r.value();
}

// docs/fmc-format.md §6: the worked example, 93 bytes.
const Bytes kWorkedExample = {
    0x46, 0x4d, 0x43, 0x31, 0x02, 0x00, 0x4d, 0x00, 0x01, 0x08, 0x00, 0x01,
    0x02, 0x01, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x08, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x08, 0x05, 0x62, 0x6c, 0x6f, 0x63, 0x6b, 0x01, 0x08, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x22, 0xfd, 0x4b,
    0x20, 0xf2, 0x39, 0x5a, 0x4f, 0x16, 0x0f, 0x78, 0x70, 0x40, 0x16, 0x13,
    0xa7, 0x00, 0x51, 0xc2, 0x41, 0xc6, 0x02, 0x8c, 0x16,
};

Bytes small_file() {
  return fmc_serialize(compress_ok(random_tensor(DType::kInt8, {3, 7}, 5), 8));
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
  const std::size_t data_bytes = t.size() * 2;
  CHECK(tensor_crc32(t) == crc32(npy.data() + npy.size() - data_bytes, data_bytes));
}

TEST_CASE("Container layout: version-2 fields at the documented offsets", "[container]") {
  const Tensor t = tensor_of(DType::kUint16, {2, 3}, {0, 1, 65535, 0, 0, 32768});
  const FmcFile f = compress_ok(t, 16);
  const Bytes b = fmc_serialize(f);
  // 24 fixed + 2 dims + 2 stream entries of 9 + one parameter ("block": 1 + 5 + 1 + 8) + 12.
  const std::size_t hs = 24 + 8 * 2 + 9 * 2 + 15 + 12;
  REQUIRE(b.size() == hs + 2 * (f.streams[0].size() + f.streams[1].size()));
  CHECK(std::string(b.begin(), b.begin() + 4) == "FMC1");
  CHECK(get_le(b, 4, 2) == 2);   // version
  CHECK(get_le(b, 6, 2) == hs);  // header size
  CHECK(b[8] == 1);              // codec EBPC
  CHECK(b[9] == 16);             // data width
  CHECK(b[10] == 3);             // dtype uint16
  CHECK(b[11] == 2);             // rank
  CHECK(b[12] == 2);             // stream count
  CHECK(b[13] == 1);             // parameter count
  CHECK(b[14] == 0);             // flags: no error bound (lossless)
  CHECK(b[15] == 0);             // reserved
  CHECK(get_le(b, 16, 8) == 6);  // N
  CHECK(get_le(b, 24, 8) == 2);  // shape[0]
  CHECK(get_le(b, 32, 8) == 3);  // shape[1]
  CHECK(get_le(b, 40, 8) == f.streams[0].size());
  CHECK(b[48] == 16);  // ZNZ word width
  CHECK(get_le(b, 49, 8) == f.streams[1].size());
  CHECK(b[57] == 16);  // BPC word width
  CHECK(b[58] == 5);   // key length
  CHECK(std::string(b.begin() + 59, b.begin() + 64) == "block");
  CHECK(b[64] == 1);                    // type: int64
  CHECK(get_le(b, 65, 8) == 16);        // value
  CHECK(get_le(b, 73, 4) == 0);         // Error_Bound
  CHECK(get_le(b, 77, 4) == tensor_crc32(t));
  CHECK(get_le(b, 81, 4) == crc32(b.data(), 81));
  CHECK(get_le(b, hs, 2) == f.streams[0][0]);  // words little-endian, ZNZ first
  CHECK(get_le(b, hs + 2 * f.streams[0].size(), 2) == f.streams[1][0]);
}

TEST_CASE("Container worked example of docs/fmc-format.md", "[container][spec]") {
  // The 32-word example of docs/ebpc-format.md §4 as a raw int8 file; `fmcodec compress tiny.raw
  // --dtype int8 -o tiny.fmc` writes these 93 bytes (the hex dump printed in the document). The
  // CRCs were cross-checked with Python's zlib.crc32.
  std::vector<std::int32_t> v = {0, 0, 0, 22, 26, 0, 28, 32, 35, 8};
  v.insert(v.end(), 18, 0);
  v.insert(v.end(), {10, 12, 0, 7});
  const Tensor t = tensor_of(DType::kInt8, {32}, v);
  const FmcFile f = compress_ok(t, 8);
  CHECK(f.data_crc == 0x204BFD22u);
  const Bytes image = fmc_serialize(f);
  CHECK(image == kWorkedExample);
  auto p = fmc_parse(kWorkedExample.data(), kWorkedExample.size());
  REQUIRE(p.ok());
  auto d = fmc_decompress(p.value());
  REQUIRE(d.ok());
  CHECK(d.value().values() == v);
}

TEST_CASE("Container round trip: every codec, width, parameter set and dtype", "[container]") {
  const std::vector<std::vector<std::uint64_t>> shapes = {
      {0}, {}, {1}, {1, 1, 1}, {3, 0, 5}, {17}, {3, 5, 7}, {2, 3, 4, 5, 1, 2, 1, 3}, {4097}};
  const DType dtypes[] = {DType::kInt8, DType::kUint8, DType::kInt16, DType::kUint16};
  std::uint32_t seed = 100;
  for (const Codec* codec : codecs()) {
    for (DType dt : dtypes) {
      const unsigned m = dtype_bits(dt);
      for (const auto& given : fmc_test::all_param_sets(*codec, m)) {
        for (const auto& shape : shapes) {
          const Tensor t = random_tensor(dt, shape, ++seed);
          auto r = fmc_compress(t, *codec, given);
          INFO(codec->name() << " " << dtype_name(dt) << " " << r.status().to_string() << " N="
                             << t.size() << " rank " << shape.size());
          REQUIRE(r.ok());
          const FmcFile& f = r.value();
          const Bytes b = fmc_serialize(f);
          auto p = fmc_parse(b.data(), b.size());
          INFO(p.status().to_string());
          REQUIRE(p.ok());
          CHECK(p.value().version == 2);
          CHECK(p.value().codec == codec);
          CHECK(p.value().config == f.config);
          CHECK(p.value().streams == f.streams);
          CHECK(p.value().shape == t.shape);
          CHECK(p.value().num_words == t.size());
          CHECK(p.value().data_crc == f.data_crc);
          auto d = fmc_decompress(p.value());
          INFO(d.status().to_string());
          REQUIRE(d.ok());
          CHECK(d.value().dtype == t.dtype);
          CHECK(d.value().shape == t.shape);
          if (codec->exact(f.config)) CHECK(npy_serialize(d.value()) == npy_serialize(t));
        }
      }
    }
  }
}

TEST_CASE("Container of a lossy codec: reconstruction CRC and error bound", "[container]") {
  // A test-only lossy codec (not registered): EBPC of the words with their lowest bit cleared.
  class DropLsb final : public Codec {
   public:
    const char* name() const override { return "droplsb"; }
    const char* title() const override { return "test"; }
    std::uint8_t id() const override { return ebpc_codec().id(); }
    bool lossless() const override { return false; }
    std::vector<unsigned> data_widths() const override { return {8, 16}; }
    const std::vector<ParamSpec>& param_specs() const override { return ebpc_codec().param_specs(); }
    std::vector<std::pair<std::uint8_t, const char*>> stream_errors() const override {
      return ebpc_codec().stream_errors();
    }
    std::vector<StreamInfo> streams(const CodecConfig& c) const override {
      return ebpc_codec().streams(c);
    }
    Result<Streams> encode(const CodecConfig& c, WordView w) const override {
      std::vector<std::int32_t> v = w.to_vector();
      for (auto& x : v) x &= ~1;
      return ebpc_codec().encode(c, WordView(v.data(), v.size(), c.data_width));
    }
    Result<std::vector<std::int32_t>> decode(const CodecConfig& c, const Streams& s,
                                             std::uint64_t n) const override {
      return ebpc_codec().decode(c, s, n);
    }
    std::unique_ptr<StreamEncoder> encoder(const CodecConfig& c) const override {
      return ebpc_codec().encoder(c);
    }
    std::unique_ptr<StreamDecoder> decoder(const CodecConfig& c, std::uint64_t n) const override {
      return ebpc_codec().decoder(c, n);
    }
    std::uint64_t max_words(const CodecConfig& c, const Streams& s) const override {
      return ebpc_codec().max_words(c, s);
    }
    std::optional<std::uint32_t> error_bound(const CodecConfig&) const override { return 1u; }
  };
  const DropLsb lossy;
  const Tensor t = tensor_of(DType::kInt8, {6}, {0, 1, 2, 3, -1, -128});
  auto r = fmc_compress(t, lossy);
  REQUIRE(r.ok());
  CHECK(r.value().error_bound == std::optional<std::uint32_t>(1u));
  const Tensor rec = tensor_of(DType::kInt8, {6}, {0, 0, 2, 2, -2, -128});
  CHECK(r.value().data_crc == tensor_crc32(rec));
  CHECK(r.value().data_crc != tensor_crc32(t));
  const Bytes b = fmc_serialize(r.value());
  const std::size_t hs = static_cast<std::size_t>(get_le(b, 6, 2));
  CHECK(b[14] == 1);                       // flag: Error_Bound present
  CHECK(get_le(b, hs - 12, 4) == 1);       // Error_Bound
  CHECK(get_le(b, hs - 8, 4) == tensor_crc32(rec));
  auto d = fmc_decompress(r.value());
  REQUIRE(d.ok());
  CHECK(d.value().values() == rec.values());
  // A lossless codec must not carry an error bound.
  FmcFile f = compress_ok(t, 8);
  f.error_bound = 3;
  CHECK(fmc_validate(f).is(ErrorCode::kBadFile));
}

TEST_CASE("Unsigned values are coded as the signed words of the same bits", "[container]") {
  for (const auto& [u, s, bits] : {std::tuple{DType::kUint8, DType::kInt8, 8u},
                                   std::tuple{DType::kUint16, DType::kInt16, 16u}}) {
    const std::int32_t top = 1 << bits;
    const Tensor tu = tensor_of(u, {6}, {0, 1, top / 2 - 1, top / 2, top - 2, top - 1});
    const Tensor ts = tensor_of(s, {6}, {0, 1, top / 2 - 1, -top / 2, -2, -1});
    CHECK(tu.data == ts.data);  // the same bits
    CHECK(tu.words().to_vector() == ts.values());
    const FmcFile fu = compress_ok(tu, 8);
    const FmcFile fs = compress_ok(ts, 8);
    CHECK(fu.streams == fs.streams);
    auto d = fmc_decompress(fu);
    REQUIRE(d.ok());
    CHECK(d.value().values() == tu.values());
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
    const auto n = static_cast<unsigned>(fmc_test::json_int(params, "block_size"));
    auto in = npy_read(dir + "/input.npy");
    REQUIRE(in.ok());
    REQUIRE(dtype_bits(in.value().dtype) == width);
    const FmcFile f = compress_ok(in.value(), n);
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
    CHECK(d.value().data == in.value().data);
  }
}

TEST_CASE("Version-1 files still decompress", "[container][v1]") {
  const std::string root = fmc_test::source_path("golden/tests/vectors/fmc_v1");
  const auto files = fmc_test::list_dir(root, "");
  std::size_t n = 0;
  for (const auto& name : files) {
    if (name.size() < 4 || name.substr(name.size() - 4) != ".fmc") continue;
    ++n;
    INFO(name);
    auto f = fmc_read(root + "/" + name);
    INFO(f.status().to_string());
    REQUIRE(f.ok());
    CHECK(f.value().version == 1);
    CHECK(f.value().codec == &ebpc_codec());
    auto d = fmc_decompress(f.value());
    REQUIRE(d.ok());
    auto ref = npy_read(root + "/" + name.substr(0, name.size() - 4) + ".npy");
    REQUIRE(ref.ok());
    CHECK(d.value().dtype == ref.value().dtype);
    CHECK(d.value().shape == ref.value().shape);
    CHECK(d.value().data == ref.value().data);
    // Re-written as version 2, the streams are the same.
    auto again = fmc_compress(ref.value(), ebpc_codec(), f.value().config.params);
    REQUIRE(again.ok());
    CHECK(again.value().streams == f.value().streams);
    CHECK(again.value().data_crc == f.value().data_crc);
  }
  CHECK(n == 5);
  // Version-1 errors: truncation, a changed header byte, a reserved codec id.
  auto img = fmc_test::slurp(root + "/w16_b8_sparse.fmc");
  const Bytes b(img.begin(), img.end());
  for (std::size_t cut = 0; cut < b.size(); ++cut)
    CHECK(fmc_parse(b.data(), cut).status().is(ErrorCode::kBadFile));
  Bytes c = b;
  c[16] ^= 1;  // Num_Words
  CHECK(fmc_parse(c.data(), c.size()).status().is(ErrorCode::kChecksum));
  Bytes r = b;
  r[8] = 2;  // codec id 2 was reserved in version 1
  fix_header_crc(r);
  CHECK(fmc_parse(r.data(), r.size()).status().is(ErrorCode::kUnsupported));
  r[8] = 9;
  fix_header_crc(r);
  CHECK(fmc_parse(r.data(), r.size()).status().is(ErrorCode::kBadFile));
}

TEST_CASE("fmc_compress rejects bad tensors and parameters", "[container][errors]") {
  const Tensor t = random_tensor(DType::kInt8, {10}, 7);
  CHECK(fmc_compress(t, ebpc_codec(), block(16)).status().is(ErrorCode::kBadParams));  // n > m
  CHECK(fmc_compress(t, ebpc_codec(), block(12)).status().is(ErrorCode::kBadParams));
  ParamValues unknown;
  unknown.set("blocks", 8);
  auto u = fmc_compress(t, ebpc_codec(), unknown);
  CHECK(u.status().is(ErrorCode::kBadParams));
  CHECK(u.status().message().find("no parameter 'blocks'") != std::string::npos);
  Tensor short_data = t;
  short_data.data.pop_back();  // 9 values for shape (10,)
  CHECK(fmc_compress(short_data, ebpc_codec()).status().is(ErrorCode::kBadInput));
  const Tensor big = random_tensor(DType::kInt8, {1, 1, 1, 1, 1, 1, 1, 1, 1}, 8);  // rank 9
  CHECK(fmc_compress(big, ebpc_codec()).status().is(ErrorCode::kBadInput));
  // A shape whose product wraps to the value count must not be accepted: 2^32 * 2^32 = 2^64 == 0.
  Tensor wrap;
  wrap.shape = {std::uint64_t(1) << 32, std::uint64_t(1) << 32};
  CHECK(fmc_compress(wrap, ebpc_codec()).status().is(ErrorCode::kBadInput));
  CHECK(tensor_from_values(DType::kInt8, {2}, {0, 128}).status().is(ErrorCode::kBadInput));
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
  const FmcFile f = compress_ok(random_tensor(DType::kInt16, {40}, 9), 16);
  FmcFile bad_crc = f;
  bad_crc.data_crc ^= 0x80000000u;
  const Bytes b = fmc_serialize(bad_crc);
  auto p = fmc_parse(b.data(), b.size());
  REQUIRE(p.ok());  // the header is consistent; only the data check can find it
  CHECK(fmc_decompress(p.value()).status().is(ErrorCode::kChecksum));

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
  // small_file(): int8, rank 2 (3 x 7), EBPC block 8. Offsets: shape 24, 32; ZNZ entry 40 (count)
  // and 48 (width); BPC entry 49, 57; parameter "block" at 58 (key length), 59 (key), 64 (type),
  // 65 (value); Error_Bound 73; Data_CRC 77; Header_CRC 81; H = 85.
  const Bytes b = small_file();
  REQUIRE(get_le(b, 6, 2) == 85);
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
    CHECK(patched(4, 3, 2) == ErrorCode::kUnsupported);
    CHECK(patched(4, 0, 2) == ErrorCode::kUnsupported);
  }
  SECTION("header size") {
    CHECK(patched(6, 16, 2) == ErrorCode::kBadFile);
    CHECK(patched(6, 65528, 2) == ErrorCode::kBadFile);
  }
  SECTION("codec, width, dtype, flags") {
    CHECK(patched(8, 0, 1) == ErrorCode::kBadFile);        // codec id 0
    CHECK(patched(8, 200, 1) == ErrorCode::kUnsupported);  // not in this build
    CHECK(patched(9, 12, 1) == ErrorCode::kBadFile);       // width 12 != dtype width
    CHECK(patched(9, 16, 1) == ErrorCode::kBadFile);       // width 16 but dtype int8
    CHECK(patched(10, 4, 1) == ErrorCode::kBadFile);       // unknown dtype
    CHECK(patched(10, 1, 1) == ErrorCode::kOk);            // int8 -> uint8 is legal
    CHECK(patched(14, 1, 1) == ErrorCode::kBadFile);       // error bound flag on a lossless codec
    CHECK(patched(14, 2, 1) == ErrorCode::kBadFile);       // reserved flag bit
    CHECK(patched(15, 1, 1) == ErrorCode::kBadFile);       // reserved byte
    CHECK(patched(73, 1, 4) == ErrorCode::kBadFile);       // Error_Bound without its flag
  }
  SECTION("counts that no longer match the header size") {
    CHECK(patched(11, 3, 1) == ErrorCode::kBadFile);  // rank 3
    CHECK(patched(11, 9, 1) == ErrorCode::kBadFile);  // rank 9
    CHECK(patched(12, 1, 1) == ErrorCode::kBadFile);  // 1 stream
    CHECK(patched(12, 3, 1) == ErrorCode::kBadFile);  // 3 streams
    CHECK(patched(12, 17, 1) == ErrorCode::kBadFile);
    CHECK(patched(13, 0, 1) == ErrorCode::kBadFile);  // no parameter
    CHECK(patched(13, 2, 1) == ErrorCode::kBadFile);
  }
  SECTION("stream table and parameters") {
    CHECK(patched(48, 16, 1) == ErrorCode::kBadFile);  // ZNZ word width 16 != the codec's 8
    CHECK(patched(57, 0, 1) == ErrorCode::kBadFile);   // width 0
    CHECK(patched(57, 33, 1) == ErrorCode::kBadFile);  // width 33
    CHECK(patched(58, 6, 1) == ErrorCode::kBadFile);   // key length runs into the type
    CHECK(patched(58, 0, 1) == ErrorCode::kBadFile);   // empty key
    CHECK(patched(59, 'B', 1) == ErrorCode::kBadFile); // key "Block": not [a-z0-9_]
    CHECK(patched(59, 'c', 1) == ErrorCode::kBadFile); // key "clock": not a parameter of EBPC
    CHECK(patched(64, 2, 1) == ErrorCode::kBadFile);   // unknown type
    CHECK(patched(65, 16, 8) == ErrorCode::kBadFile);  // block 16 > width 8
    CHECK(patched(65, 4, 8) == ErrorCode::kBadFile);   // block 4
  }
  SECTION("word counts: N, shape, stream sizes") {
    CHECK(patched(16, 20, 8) == ErrorCode::kBadFile);  // N != 3 * 7
    CHECK(patched(24, 4, 8) == ErrorCode::kBadFile);   // shape 4 x 7 != N
    CHECK(patched(40, 0, 8) == ErrorCode::kBadFile);   // ZNZ count smaller: trailing bytes
    CHECK(patched(49, get_le(b, 49, 8) + 1, 8) == ErrorCode::kBadFile);  // truncated
    // Absurd counts: no overflow, no huge allocation.
    CHECK(patched(40, ~std::uint64_t(0), 8) == ErrorCode::kBadFile);
    CHECK(patched(49, ~std::uint64_t(0) - 3, 8) == ErrorCode::kBadFile);
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
  FmcFile f = compress_ok(random_tensor(DType::kInt8, {30}, 11), 8);
  REQUIRE(fmc_validate(f).ok());
  f.streams[1][0] = 0x100;
  CHECK(fmc_validate(f).is(ErrorCode::kBadFile));
  CHECK(fmc_decompress(f).status().is(ErrorCode::kBadFile));
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
  CHECK(npy_code(make_npy("{'descr': '|i1', 'fortran_order': False, 'shape': (3,), 'descr': '<i2', }",
                          {1, 2, 3})) == ErrorCode::kBadFile);  // duplicate key
  CHECK(npy_code(make_npy("{'descr': '|i1', 'fortran_order': False, 'shape': (3,), 'x': 1, }",
                          {1, 2, 3})) == ErrorCode::kBadFile);  // unknown key
  CHECK(npy_code(make_npy("{'descr': '|i1', 'fortran_order': False, 'shape': (3,)} junk",
                          {1, 2, 3})) == ErrorCode::kBadFile);  // text after the dict
  CHECK(npy_code(make_npy("{\"descr\": \"|i1\", \"fortran_order\": False, \"shape\": (3,)}",
                          {1, 2, 3})) == ErrorCode::kOk);  // double quotes, no trailing comma
  Bytes hdr = make_npy(dict8, {1, 2, 3});
  hdr.resize(40);  // truncated inside the header
  CHECK(npy_code(hdr) == ErrorCode::kBadFile);
}

TEST_CASE("Hex stream files round-trip and decode to the tensor", "[container][hex]") {
  char tmpl[] = "/tmp/fmc_test_hex_XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  const std::string dir = std::string(tmpl) + "/streams";  // created by hex_write_streams
  for (const Codec* codec : codecs()) {
    for (DType dt : {DType::kInt8, DType::kUint16}) {
      const unsigned m = dtype_bits(dt);
      for (const auto& given : fmc_test::all_param_sets(*codec, m)) {
        const Tensor t = random_tensor(dt, {257}, 12);
        auto r = fmc_compress(t, *codec, given);
        REQUIRE(r.ok());
        const FmcFile& f = r.value();
        INFO(codec->name() << " " << codec->config_text(f.config));
        REQUIRE(hex_write_streams(dir, *codec, f.config, f.streams, f.num_words).ok());
        auto back = hex_read_streams(dir, *codec, f.config);
        REQUIRE(back.ok());
        CHECK(back.value() == f.streams);
        const auto info = codec->streams(f.config);
        // One line per word, zero-padded to the width.
        const std::string text = fmc_test::slurp(dir + "/" + info[0].name + ".hex");
        CHECK(text.size() == f.streams[0].size() * ((info[0].word_width + 3) / 4 + 1));
        const std::string json = fmc_test::slurp(dir + "/params.json");
        CHECK(fmc_test::json_int(json, "num_words") == 257);
        CHECK(fmc_test::json_int(json, "data_width") == long(m));
        auto dec = codec->decode(f.config, back.value(), 257);
        REQUIRE(dec.ok());
        if (codec->exact(f.config)) CHECK(tensor_from_words(dt, {257}, dec.value()).data == t.data);
        for (const auto& s : info) std::remove((dir + "/" + s.name + ".hex").c_str());
        std::remove((dir + "/params.json").c_str());
        ::rmdir(dir.c_str());
      }
    }
  }
  ::rmdir(tmpl);
}
