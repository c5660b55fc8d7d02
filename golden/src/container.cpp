// SPDX-License-Identifier: Apache-2.0
// The .fmc container (docs/fmc-format.md). Section references (§) are to that document.
#include "fmcodec/container.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

#include "fmcodec/ebpc.hpp"

namespace fmc {
namespace {

// §1: the magic number "FMC1".
constexpr std::uint8_t kMagic[4] = {'F', 'M', 'C', '1'};
// Largest header a version-1 file can have: rank 8 and 255 streams.
constexpr std::size_t kMaxHeaderSize = kFmcFixedHeaderSize + 8 * kFmcMaxRank + 8 * 255;
// Field offsets of the fixed part (§2).
constexpr std::size_t kOffVersion = 4;
constexpr std::size_t kOffHeaderSize = 6;
constexpr std::size_t kOffCodec = 8;
constexpr std::size_t kOffWidth = 9;
constexpr std::size_t kOffBlock = 10;
constexpr std::size_t kOffDtype = 11;
constexpr std::size_t kOffRank = 12;
constexpr std::size_t kOffStreams = 13;
constexpr std::size_t kOffReserved = 14;
constexpr std::size_t kOffNumWords = 16;
constexpr std::size_t kOffShape = 24;

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

Status bad(const std::string& what) {
  return {ErrorCode::kBadFile, ".fmc: " + what};
}

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

std::uint64_t get_le(const std::uint8_t* p, unsigned bytes) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < bytes; ++i) v |= std::uint64_t(p[i]) << (8 * i);
  return v;
}

void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, unsigned bytes) {
  for (unsigned i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Bytes used to store one stream word of `width` bits (§3).
unsigned word_bytes(unsigned width) {
  return (width + 7) / 8;
}

// Number of streams the codec writes; 0 for a codec this build does not implement.
unsigned codec_stream_count(CodecId c) {
  return c == CodecId::kEbpc ? 2 : 0;
}

// Codec id, parameters, dtype and stream count (the checks that do not need the data).
Status check_codec(const FmcCodecParams& p, DType dtype, std::size_t stream_count) {
  const unsigned id = static_cast<unsigned>(p.codec);
  if (p.codec == CodecId::kGrlc || p.codec == CodecId::kDct || p.codec == CodecId::kOwn)
    return {ErrorCode::kUnsupported, ".fmc: codec id " + std::to_string(id) +
                                         " is reserved and not supported by this build"};
  if (p.codec != CodecId::kEbpc) return bad("unknown codec id " + std::to_string(id));
  if (static_cast<unsigned>(dtype) > static_cast<unsigned>(DType::kUint16))
    return bad("unknown dtype code " + std::to_string(static_cast<unsigned>(dtype)));
  const Status s = EbpcParams{p.data_width, p.block_size}.validate();
  if (!s.ok()) return bad("illegal EBPC parameters: " + s.message());
  if (p.data_width != dtype_bits(dtype))
    return bad("data width " + std::to_string(p.data_width) + " does not match dtype " +
               dtype_name(dtype));
  if (stream_count != codec_stream_count(p.codec))
    return bad("EBPC needs 2 streams, the file has " + std::to_string(stream_count));
  return {};
}

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t seed) {
  std::uint32_t c = ~seed;
  for (std::size_t i = 0; i < size; ++i) c = kCrcTable[(c ^ data[i]) & 0xff] ^ (c >> 8);
  return ~c;
}

std::uint32_t tensor_crc32(const Tensor& t) {
  const unsigned bytes = dtype_bits(t.dtype) / 8;
  std::uint8_t buf[4096];
  std::size_t fill = 0;
  std::uint32_t crc = 0;
  for (std::int32_t v : t.values) {
    buf[fill++] = static_cast<std::uint8_t>(v & 0xff);
    if (bytes == 2) buf[fill++] = static_cast<std::uint8_t>((v >> 8) & 0xff);
    if (fill == sizeof buf) {
      crc = crc32(buf, fill, crc);
      fill = 0;
    }
  }
  return crc32(buf, fill, crc);
}

std::int32_t fmc_value_to_word(DType t, std::int32_t v) {
  if (t == DType::kUint8) return v >= 0x80 ? v - 0x100 : v;
  if (t == DType::kUint16) return v >= 0x8000 ? v - 0x10000 : v;
  return v;
}

std::int32_t fmc_word_to_value(DType t, std::int32_t w) {
  if (t == DType::kUint8) return w & 0xff;
  if (t == DType::kUint16) return w & 0xffff;
  return w;
}

Status fmc_validate(const FmcFile& f) {
  Status s = check_codec(f.params, f.dtype, f.streams.size());
  if (!s.ok()) return s;
  if (f.shape.size() > kFmcMaxRank)
    return bad("rank " + std::to_string(f.shape.size()) + " exceeds " +
               std::to_string(kFmcMaxRank));
  // Shape product, overflow-safe: any zero dimension makes it 0 whatever the others are.
  std::uint64_t product = 1;
  bool overflow = false;
  for (std::uint64_t d : f.shape) {
    if (d == 0) {
      product = 0;
      overflow = false;
      break;
    }
    if (!overflow && product > UINT64_MAX / d) overflow = true;
    if (!overflow) product *= d;
  }
  if (overflow || product != f.num_words)
    return bad("shape product " + (overflow ? std::string("overflows") : std::to_string(product)) +
               " does not match the word count " + std::to_string(f.num_words));
  const unsigned w = f.params.data_width;
  for (std::size_t i = 0; i < f.streams.size(); ++i) {
    for (std::size_t k = 0; k < f.streams[i].size(); ++k) {
      if ((f.streams[i][k] >> w) != 0)
        return bad("stream " + std::to_string(i) + " word " + std::to_string(k) + " (" +
                   std::to_string(f.streams[i][k]) + ") does not fit in " + std::to_string(w) +
                   " bits");
    }
  }
  // A ZNZ symbol codes at most 16 words in 5 bits (docs/ebpc-format.md §2), so N <= 3.2 * bits;
  // 4 * bits is a safe bound that keeps memory proportional to the file size.
  const std::uint64_t znz_bits = std::uint64_t(f.streams[0].size()) * w;
  if (f.num_words > 4 * znz_bits)
    return bad("word count " + std::to_string(f.num_words) + " is impossible for " +
               std::to_string(f.streams[0].size()) + " ZNZ words (at most 3.2 words per bit)");
  return {};
}

std::vector<std::uint8_t> fmc_serialize(const FmcFile& f) {
  const std::size_t header_size = kFmcFixedHeaderSize + 8 * f.shape.size() + 8 * f.streams.size();
  const unsigned wb = word_bytes(f.params.data_width);
  std::size_t payload = 0;
  for (const auto& s : f.streams) payload += s.size() * wb;
  std::vector<std::uint8_t> out;
  out.reserve(header_size + payload);
  for (std::uint8_t b : kMagic) out.push_back(b);
  put_le(out, kFmcVersion, 2);
  put_le(out, header_size, 2);
  put_le(out, static_cast<std::uint8_t>(f.params.codec), 1);
  put_le(out, f.params.data_width, 1);
  put_le(out, f.params.block_size, 1);
  put_le(out, static_cast<std::uint8_t>(f.dtype), 1);
  put_le(out, f.shape.size(), 1);
  put_le(out, f.streams.size(), 1);
  put_le(out, 0, 2);  // reserved
  put_le(out, f.num_words, 8);
  for (std::uint64_t d : f.shape) put_le(out, d, 8);
  for (const auto& s : f.streams) put_le(out, s.size(), 8);
  put_le(out, f.data_crc, 4);
  put_le(out, crc32(out.data(), out.size()), 4);
  for (const auto& s : f.streams)
    for (std::uint32_t word : s) put_le(out, word, wb);
  return out;
}

Result<FmcFile> fmc_parse(const std::uint8_t* data, std::size_t size) {
  // §5 lists these checks in this order.
  if (size == 0) return bad("truncated: the file is empty");
  if (std::memcmp(data, kMagic, size < 4 ? size : 4) != 0)
    return bad("bad magic (not an .fmc file)");
  if (size < kOffHeaderSize)
    return bad("truncated: " + std::to_string(size) + " bytes, no room for the version");
  const unsigned version = static_cast<unsigned>(get_le(data + kOffVersion, 2));
  if (version != kFmcVersion)
    return Status(ErrorCode::kUnsupported, ".fmc: format version " + std::to_string(version) +
                                               " is not supported (this build reads version 1)");
  if (size < kFmcFixedHeaderSize)
    return bad("truncated: " + std::to_string(size) + " bytes, the fixed header needs 32");
  const std::size_t header_size = static_cast<std::size_t>(get_le(data + kOffHeaderSize, 2));
  if (header_size < kFmcFixedHeaderSize || header_size > kMaxHeaderSize || header_size % 8 != 0)
    return bad("header size field " + std::to_string(header_size) + " is impossible");
  if (size < header_size)
    return bad("truncated: " + std::to_string(size) + " bytes, the header needs " +
               std::to_string(header_size));
  const std::uint32_t stored_hcrc = static_cast<std::uint32_t>(get_le(data + header_size - 4, 4));
  const std::uint32_t hcrc = crc32(data, header_size - 4);
  if (hcrc != stored_hcrc)
    return Status(ErrorCode::kChecksum, ".fmc: header CRC mismatch (stored " + hex32(stored_hcrc) +
                                            ", computed " + hex32(hcrc) +
                                            "): the header is corrupted");

  FmcFile f;
  f.params.codec = static_cast<CodecId>(data[kOffCodec]);
  f.params.data_width = data[kOffWidth];
  f.params.block_size = data[kOffBlock];
  f.dtype = static_cast<DType>(data[kOffDtype]);
  const unsigned rank = data[kOffRank];
  const unsigned nstreams = data[kOffStreams];
  if (get_le(data + kOffReserved, 2) != 0) return bad("reserved field (bytes 14-15) is not 0");
  if (rank > kFmcMaxRank)
    return bad("rank " + std::to_string(rank) + " exceeds " + std::to_string(kFmcMaxRank));
  if (header_size != kFmcFixedHeaderSize + 8 * rank + 8 * nstreams)
    return bad("header size " + std::to_string(header_size) + " does not match rank " +
               std::to_string(rank) + " and " + std::to_string(nstreams) + " streams");
  Status s = check_codec(f.params, f.dtype, nstreams);
  if (!s.ok()) return s;

  f.num_words = get_le(data + kOffNumWords, 8);
  for (unsigned i = 0; i < rank; ++i) f.shape.push_back(get_le(data + kOffShape + 8 * i, 8));
  const std::uint8_t* counts = data + kOffShape + 8 * rank;
  f.data_crc = static_cast<std::uint32_t>(get_le(counts + 8 * nstreams, 4));

  // Stream sizes against the payload, without overflow: each count is bounded before summing.
  const unsigned wb = word_bytes(f.params.data_width);
  const std::size_t payload = size - header_size;
  const std::uint64_t max_words = payload / wb;
  std::uint64_t total = 0;
  std::vector<std::uint64_t> nwords(nstreams);
  for (unsigned i = 0; i < nstreams; ++i) {
    nwords[i] = get_le(counts + 8 * i, 8);
    if (nwords[i] > max_words - total)
      return bad("truncated: stream " + std::to_string(i) + " claims " + std::to_string(nwords[i]) +
                 " words but only " + std::to_string(payload) + " payload bytes follow the header");
    total += nwords[i];
  }
  if (total * wb != payload)
    return bad(std::to_string(payload - total * wb) + " trailing bytes after the last stream");

  const std::uint8_t* p = data + header_size;
  f.streams.resize(nstreams);
  for (unsigned i = 0; i < nstreams; ++i) {
    f.streams[i].resize(static_cast<std::size_t>(nwords[i]));
    for (auto& word : f.streams[i]) {
      word = static_cast<std::uint32_t>(get_le(p, wb));
      p += wb;
    }
  }
  s = fmc_validate(f);
  if (!s.ok()) return s;
  return f;
}

Result<FmcFile> fmc_compress(const Tensor& t, const FmcCodecParams& params) {
  Status s = tensor_check(t);
  if (!s.ok()) return s;
  if (params.codec != CodecId::kEbpc)
    return Status(ErrorCode::kUnsupported, "codec id " +
                                               std::to_string(static_cast<unsigned>(params.codec)) +
                                               " is not implemented (only EBPC = 1)");
  if (t.shape.size() > kFmcMaxRank)
    return Status(ErrorCode::kUnsupported, "rank " + std::to_string(t.shape.size()) +
                                               " exceeds the container's maximum of 8");
  const EbpcParams ep{params.data_width, params.block_size};
  s = ep.validate();
  if (!s.ok()) return s;
  if (params.data_width != dtype_bits(t.dtype))
    return Status(ErrorCode::kBadParams, "data width " + std::to_string(params.data_width) +
                                             " does not match dtype " + dtype_name(t.dtype) + " (" +
                                             std::to_string(dtype_bits(t.dtype)) + " bits)");
  std::vector<std::int32_t> words(t.values.size());
  for (std::size_t i = 0; i < words.size(); ++i) words[i] = fmc_value_to_word(t.dtype, t.values[i]);
  auto enc = ebpc_encode(ep, words);
  if (!enc.ok()) return enc.status();
  FmcFile f;
  f.params = params;
  f.dtype = t.dtype;
  f.shape = t.shape;
  f.num_words = t.values.size();
  f.streams = {std::move(enc.value().znz), std::move(enc.value().bpc)};
  f.data_crc = tensor_crc32(t);
  s = fmc_validate(f);  // catches a shape whose product overflows (and so matched by accident)
  if (!s.ok()) return Status(ErrorCode::kBadInput, s.message());
  return f;
}

Result<Tensor> fmc_decompress(const FmcFile& f) {
  Status s = fmc_validate(f);
  if (!s.ok()) return s;
  auto dec = ebpc_decode(EbpcParams{f.params.data_width, f.params.block_size}, f.streams[0],
                         f.streams[1], f.num_words);
  if (!dec.ok()) return dec.status();
  Tensor t;
  t.dtype = f.dtype;
  t.shape = f.shape;
  t.values = std::move(dec.value());
  for (auto& v : t.values) v = fmc_word_to_value(t.dtype, v);
  const std::uint32_t crc = tensor_crc32(t);
  if (crc != f.data_crc)
    return Status(ErrorCode::kChecksum, "data CRC mismatch: the container says " +
                                            hex32(f.data_crc) + ", the decoded tensor has " +
                                            hex32(crc));
  return t;
}

}  // namespace fmc
