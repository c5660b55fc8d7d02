// SPDX-License-Identifier: Apache-2.0
// The .fmc container (docs/fmc-format.md). Section references (§) are to that document.
#include "fmcodec/container.hpp"

#include <zlib.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

#include "fmcodec/codecs/ebpc.hpp"
#include "fmcodec/fileio.hpp"

namespace fmc {
namespace {

// §2: the magic number "FMC1" (the same in every version; Version says which layout follows).
constexpr std::uint8_t kMagic[4] = {'F', 'M', 'C', '1'};

// Version 1 (§8): fixed 32-byte part, then shape, stream counts, Data_CRC, Header_CRC.
namespace v1 {
constexpr std::size_t kFixed = 32;
constexpr std::size_t kMaxHeader = kFixed + 8 * kFmcMaxRank + 8 * 255;
}  // namespace v1

// Version 2 (§3): 24 fixed bytes, shape, stream table, parameter block, 12 trailing bytes.
namespace v2 {
constexpr std::size_t kFixed = 24;
constexpr std::size_t kTail = 12;  // Error_Bound, Data_CRC, Header_CRC
constexpr std::size_t kStreamEntry = 9;
constexpr std::uint8_t kTypeInt64 = 1;
constexpr std::uint8_t kFlagErrorBound = 1;
}  // namespace v2

Status bad(const std::string& what) { return {ErrorCode::kBadFile, ".fmc: " + what}; }

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

// Bytes used to store one stream word of `width` bits.
unsigned word_bytes(unsigned width) { return (width + 7) / 8; }

bool key_ok(const std::string& k) {
  if (k.empty() || k.size() > kFmcMaxKeyLength) return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// The version-2 header of `f`, Header_CRC included.
std::vector<std::uint8_t> header_v2(const FmcFile& f) {
  const auto info = f.codec->streams(f.config);
  std::vector<std::uint8_t> h;
  for (std::uint8_t b : kMagic) h.push_back(b);
  put_le(h, kFmcVersion, 2);
  put_le(h, 0, 2);  // Header_Size, filled in below
  put_le(h, f.codec->id(), 1);
  put_le(h, f.config.data_width, 1);
  put_le(h, static_cast<std::uint8_t>(f.dtype), 1);
  put_le(h, f.shape.size(), 1);
  put_le(h, f.streams.size(), 1);
  put_le(h, f.config.params.entries().size(), 1);
  put_le(h, f.error_bound ? v2::kFlagErrorBound : 0, 1);
  put_le(h, 0, 1);  // reserved
  put_le(h, f.num_words, 8);
  for (std::uint64_t d : f.shape) put_le(h, d, 8);
  for (std::size_t i = 0; i < f.streams.size(); ++i) {
    put_le(h, f.streams[i].size(), 8);
    put_le(h, info[i].word_width, 1);
  }
  for (const auto& kv : f.config.params.entries()) {
    put_le(h, kv.first.size(), 1);
    h.insert(h.end(), kv.first.begin(), kv.first.end());
    put_le(h, v2::kTypeInt64, 1);
    put_le(h, static_cast<std::uint64_t>(kv.second), 8);
  }
  put_le(h, f.error_bound.value_or(0), 4);
  put_le(h, f.data_crc, 4);
  const std::size_t size = h.size() + 4;
  h[6] = static_cast<std::uint8_t>(size);
  h[7] = static_cast<std::uint8_t>(size >> 8);
  put_le(h, crc32(h.data(), h.size()), 4);
  return h;
}

// Appends stream `s` (words of `width` bits) as little-endian words of word_bytes(width) bytes.
template <typename Sink>
void put_stream(const std::vector<std::uint32_t>& s, unsigned width, Sink&& sink) {
  const unsigned wb = word_bytes(width);
  std::uint8_t buf[1 << 14];
  std::size_t fill = 0;
  for (std::uint32_t w : s) {
    for (unsigned b = 0; b < wb; ++b) buf[fill++] = static_cast<std::uint8_t>(w >> (8 * b));
    if (fill + 4 > sizeof buf) {
      sink(buf, fill);
      fill = 0;
    }
  }
  if (fill) sink(buf, fill);
}

// Shape product without overflow: false if it overflows.
bool shape_product(const std::vector<std::uint64_t>& shape, std::uint64_t& product) {
  product = 1;
  for (std::uint64_t d : shape)
    if (d == 0) {
      product = 0;
      return true;
    }
  for (std::uint64_t d : shape) {
    if (product > UINT64_MAX / d) return false;
    product *= d;
  }
  return true;
}

// The stream table read from a header: word count and word width of each stream.
struct StreamEntry {
  std::uint64_t words;
  unsigned width;
};

// Both versions: the file holds the whole header, and the Header_CRC (its last 4 bytes) matches.
Status check_header(const std::uint8_t* data, std::size_t size, std::size_t header_size) {
  if (size < header_size)
    return bad("truncated: " + std::to_string(size) + " bytes, the header needs " +
               std::to_string(header_size));
  const std::uint32_t stored = static_cast<std::uint32_t>(get_le(data + header_size - 4, 4));
  const std::uint32_t hcrc = crc32(data, header_size - 4);
  if (hcrc != stored)
    return Status(ErrorCode::kChecksum, ".fmc: header CRC mismatch (stored " + hex32(stored) +
                                            ", computed " + hex32(hcrc) +
                                            "): the header is corrupted");
  return {};
}

// Reads the stream words that follow the header; checks sizes against the payload first.
Status read_streams(const std::uint8_t* data, std::size_t size, std::size_t header_size,
                    const std::vector<StreamEntry>& table, FmcFile& f) {
  const std::size_t payload = size - header_size;
  std::uint64_t used = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const unsigned wb = word_bytes(table[i].width);
    if (table[i].words > (payload - used) / wb)
      return bad("truncated: stream " + std::to_string(i) + " claims " +
                 std::to_string(table[i].words) + " words but only " + std::to_string(payload) +
                 " payload bytes follow the header");
    used += table[i].words * wb;
  }
  if (used != payload)
    return bad(std::to_string(payload - used) + " trailing bytes after the last stream");
  const std::uint8_t* p = data + header_size;
  f.streams.resize(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const unsigned wb = word_bytes(table[i].width);
    f.streams[i].resize(static_cast<std::size_t>(table[i].words));
    for (auto& word : f.streams[i]) {
      word = static_cast<std::uint32_t>(get_le(p, wb));
      p += wb;
    }
  }
  return {};
}

Result<FmcFile> parse_v1(const std::uint8_t* data, std::size_t size) {
  if (size < v1::kFixed)
    return bad("truncated: " + std::to_string(size) + " bytes, the fixed header needs 32");
  const std::size_t header_size = static_cast<std::size_t>(get_le(data + 6, 2));
  if (header_size < v1::kFixed || header_size > v1::kMaxHeader || header_size % 8 != 0)
    return bad("header size field " + std::to_string(header_size) + " is impossible");
  Status hs = check_header(data, size, header_size);
  if (!hs.ok()) return hs;
  const unsigned codec = data[8], width = data[9], block = data[10], dtype = data[11];
  const unsigned rank = data[12], nstreams = data[13];
  if (get_le(data + 14, 2) != 0) return bad("reserved field (bytes 14-15) is not 0");
  if (rank > kFmcMaxRank)
    return bad("rank " + std::to_string(rank) + " exceeds " + std::to_string(kFmcMaxRank));
  if (header_size != v1::kFixed + 8 * rank + 8 * nstreams)
    return bad("header size " + std::to_string(header_size) + " does not match rank " +
               std::to_string(rank) + " and " + std::to_string(nstreams) + " streams");
  if (codec >= 2 && codec <= 4)
    return Status(ErrorCode::kUnsupported, ".fmc: version-1 codec id " + std::to_string(codec) +
                                               " is reserved and has no version-1 format");
  if (codec != kEbpcCodecId) return bad("unknown codec id " + std::to_string(codec));
  if (!dtype_valid(static_cast<std::uint8_t>(dtype)))
    return bad("unknown dtype code " + std::to_string(dtype));
  FmcFile f;
  f.version = 1;
  f.codec = &ebpc_codec();
  f.dtype = static_cast<DType>(dtype);
  ParamValues pv;
  pv.set("block", block);
  auto cfg = f.codec->configure(width, pv);
  if (!cfg.ok()) return bad("illegal EBPC parameters: " + cfg.status().message());
  f.config = cfg.value();
  if (width != dtype_bits(f.dtype))
    return bad("data width " + std::to_string(width) + " does not match dtype " +
               dtype_name(f.dtype));
  if (nstreams != 2)
    return bad("EBPC needs 2 streams, the file has " + std::to_string(nstreams));
  f.num_words = get_le(data + 16, 8);
  for (unsigned i = 0; i < rank; ++i) f.shape.push_back(get_le(data + 24 + 8 * i, 8));
  const std::uint8_t* counts = data + 24 + 8 * rank;
  std::vector<StreamEntry> table;
  for (unsigned i = 0; i < nstreams; ++i) table.push_back({get_le(counts + 8 * i, 8), width});
  f.data_crc = static_cast<std::uint32_t>(get_le(counts + 8 * nstreams, 4));
  Status s = read_streams(data, size, header_size, table, f);
  if (!s.ok()) return s;
  s = fmc_validate(f);
  if (!s.ok()) return s;
  return f;
}

Result<FmcFile> parse_v2(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return bad("truncated: " + std::to_string(size) + " bytes, no room for the header size");
  const std::size_t header_size = static_cast<std::size_t>(get_le(data + 6, 2));
  if (header_size < v2::kFixed + v2::kTail)
    return bad("header size field " + std::to_string(header_size) + " is impossible");
  Status hs = check_header(data, size, header_size);
  if (!hs.ok()) return hs;
  const unsigned codec_id = data[8], width = data[9], dtype = data[10], rank = data[11];
  const unsigned nstreams = data[12], nparams = data[13], flags = data[14];
  if (data[15] != 0) return bad("reserved byte 15 is not 0");
  if ((flags & ~unsigned(v2::kFlagErrorBound)) != 0)
    return bad("reserved flag bits are set (flags " + std::to_string(flags) + ")");
  if (rank > kFmcMaxRank)
    return bad("rank " + std::to_string(rank) + " exceeds " + std::to_string(kFmcMaxRank));
  if (nstreams > kFmcMaxStreams || nparams > kFmcMaxParams)
    return bad(std::to_string(nstreams) + " streams / " + std::to_string(nparams) +
               " parameters exceed the limits 16 / 32");
  // Walk the variable part inside [24, header_size - 12).
  const std::size_t end = header_size - v2::kTail;
  std::size_t p = v2::kFixed;
  if (end < p + 8 * rank + v2::kStreamEntry * nstreams)
    return bad("header size " + std::to_string(header_size) + " is too small for rank " +
               std::to_string(rank) + " and " + std::to_string(nstreams) + " streams");
  FmcFile f;
  f.version = 2;
  f.num_words = get_le(data + 16, 8);
  for (unsigned i = 0; i < rank; ++i, p += 8) f.shape.push_back(get_le(data + p, 8));
  std::vector<StreamEntry> table;
  for (unsigned i = 0; i < nstreams; ++i, p += v2::kStreamEntry) {
    const unsigned w = data[p + 8];
    if (w < 1 || w > 32)
      return bad("stream " + std::to_string(i) + " word width " + std::to_string(w) +
                 " is not in 1..32");
    table.push_back({get_le(data + p, 8), w});
  }
  ParamValues pv;
  for (unsigned i = 0; i < nparams; ++i) {
    if (p >= end) return bad("parameter " + std::to_string(i) + " runs past the header");
    const unsigned klen = data[p];
    if (klen == 0 || klen > kFmcMaxKeyLength || end - p < 1 + klen + 1 + 8)
      return bad("parameter " + std::to_string(i) + " is malformed or runs past the header");
    const std::string key(reinterpret_cast<const char*>(data + p + 1), klen);
    if (!key_ok(key)) return bad("parameter key '" + key + "' has characters outside [a-z0-9_]");
    if (pv.has(key)) return bad("parameter '" + key + "' appears twice");
    if (data[p + 1 + klen] != v2::kTypeInt64)
      return bad("parameter '" + key + "' has unknown type " + std::to_string(data[p + 1 + klen]));
    pv.set(key, static_cast<std::int64_t>(get_le(data + p + 2 + klen, 8)));
    p += 2 + klen + 8;
  }
  if (p != end) return bad(std::to_string(end - p) + " unused bytes in the header");
  const std::uint32_t bound = static_cast<std::uint32_t>(get_le(data + end, 4));
  f.data_crc = static_cast<std::uint32_t>(get_le(data + end + 4, 4));
  if (flags & v2::kFlagErrorBound) {
    f.error_bound = bound;
  } else if (bound != 0) {
    return bad("Error_Bound is " + std::to_string(bound) + " but its flag is clear");
  }

  if (codec_id == 0) return bad("codec id 0 is invalid");
  f.codec = find_codec(static_cast<std::uint8_t>(codec_id));
  if (!f.codec)
    return Status(ErrorCode::kUnsupported, ".fmc: codec id " + std::to_string(codec_id) +
                                               " is not in this build (it has: " + codec_names() +
                                               ")");
  if (!dtype_valid(static_cast<std::uint8_t>(dtype)))
    return bad("unknown dtype code " + std::to_string(dtype));
  f.dtype = static_cast<DType>(dtype);
  if (width != dtype_bits(f.dtype))
    return bad("data width " + std::to_string(width) + " does not match dtype " +
               dtype_name(f.dtype));
  // Exactly the schema's parameters (configure() would fill missing ones with defaults).
  if (pv.entries().size() != f.codec->param_specs().size())
    return bad(std::string(f.codec->name()) + " has " +
               std::to_string(f.codec->param_specs().size()) + " parameters, the file " +
               std::to_string(pv.entries().size()));
  auto cfg = f.codec->configure(width, pv);
  if (!cfg.ok()) return bad(cfg.status().message());
  f.config = cfg.value();
  const auto info = f.codec->streams(f.config);
  if (info.size() != table.size())
    return bad(std::string(f.codec->name()) + " needs " + std::to_string(info.size()) +
               " streams, the file has " + std::to_string(table.size()));
  for (std::size_t i = 0; i < info.size(); ++i)
    if (info[i].word_width != table[i].width)
      return bad("stream " + std::to_string(i) + " (" + info[i].name + ") has word width " +
                 std::to_string(table[i].width) + ", the codec's is " +
                 std::to_string(info[i].word_width));
  Status s = read_streams(data, size, header_size, table, f);
  if (!s.ok()) return s;
  s = fmc_validate(f);
  if (!s.ok()) return s;
  return f;
}

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t seed) {
  // zlib's crc32() is this CRC; it takes at most UINT_MAX bytes per call.
  uLong c = seed;
  while (size > 0) {
    const uInt n = static_cast<uInt>(size < (1u << 30) ? size : (1u << 30));
    c = ::crc32(c, data, n);
    data += n;
    size -= n;
  }
  return static_cast<std::uint32_t>(c);
}

std::uint32_t tensor_crc32(const Tensor& t) { return crc32(t.data.data(), t.data.size()); }

Status fmc_validate(const FmcFile& f) {
  if (!f.codec) return bad("no codec");
  Status s = f.codec->validate(f.config);
  if (!s.ok()) return bad(s.message());
  if (f.config.data_width != dtype_bits(f.dtype))
    return bad("data width " + std::to_string(f.config.data_width) + " does not match dtype " +
               dtype_name(f.dtype));
  if (f.shape.size() > kFmcMaxRank)
    return bad("rank " + std::to_string(f.shape.size()) + " exceeds " +
               std::to_string(kFmcMaxRank));
  std::uint64_t product = 0;
  const bool fits = shape_product(f.shape, product);
  if (!fits || product != f.num_words)
    return bad("shape product " + (fits ? std::to_string(product) : std::string("overflows")) +
               " does not match the word count " + std::to_string(f.num_words));
  const auto info = f.codec->streams(f.config);
  if (info.size() != f.streams.size())
    return bad(std::string(f.codec->name()) + " needs " + std::to_string(info.size()) +
               " streams, the file has " + std::to_string(f.streams.size()));
  for (std::size_t i = 0; i < f.streams.size(); ++i) {
    const unsigned w = info[i].word_width;
    const std::uint32_t over = w >= 32 ? 0 : ~((std::uint32_t(1) << w) - 1);
    std::uint32_t any = 0;  // OR of all words first (vectorizes); the position only on failure
    for (std::uint32_t word : f.streams[i]) any |= word;
    if ((any & over) == 0) continue;
    for (std::size_t k = 0; k < f.streams[i].size(); ++k)
      if (f.streams[i][k] & over)
        return bad("stream " + std::to_string(i) + " word " + std::to_string(k) + " (" +
                   std::to_string(f.streams[i][k]) + ") does not fit in " + std::to_string(w) +
                   " bits");
  }
  if (f.error_bound && f.codec->lossless())
    return bad(std::string("an error bound is set but ") + f.codec->name() + " is lossless");
  const std::uint64_t max = f.codec->max_words(f.config, f.streams);
  if (f.num_words > max)
    return bad("word count " + std::to_string(f.num_words) + " is impossible for the stream sizes (" +
               f.codec->name() + " codes at most " + std::to_string(max) + ")");
  return {};
}

std::vector<std::uint8_t> fmc_serialize(const FmcFile& f) {
  std::vector<std::uint8_t> out = header_v2(f);
  const auto info = f.codec->streams(f.config);
  for (std::size_t i = 0; i < f.streams.size(); ++i)
    put_stream(f.streams[i], info[i].word_width,
               [&](const std::uint8_t* b, std::size_t n) { out.insert(out.end(), b, b + n); });
  return out;
}

Status fmc_write(const std::string& path, const FmcFile& f) {
  OutputFile out;
  Status s = out.open(path);
  if (s.ok()) s = out.write(header_v2(f));
  const auto info = f.codec->streams(f.config);
  for (std::size_t i = 0; s.ok() && i < f.streams.size(); ++i)
    put_stream(f.streams[i], info[i].word_width,
               [&](const std::uint8_t* b, std::size_t n) { out.write(b, n); });
  if (s.ok()) s = out.commit();
  return s;
}

Result<FmcFile> fmc_parse(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return bad("truncated: the file is empty");
  if (std::memcmp(data, kMagic, size < 4 ? size : 4) != 0)
    return bad("bad magic (not an .fmc file)");
  if (size < 6) return bad("truncated: " + std::to_string(size) + " bytes, no room for the version");
  const unsigned version = static_cast<unsigned>(get_le(data + 4, 2));
  if (version == 1) return parse_v1(data, size);
  if (version == 2) return parse_v2(data, size);
  return Status(ErrorCode::kUnsupported, ".fmc: format version " + std::to_string(version) +
                                             " is not supported (this build reads 1 and 2)");
}

Result<FmcFile> fmc_read(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return bytes.status();
  return fmc_parse(bytes.value().data(), bytes.value().size());
}

Result<FmcFile> fmc_compress(const Tensor& t, const Codec& codec, const ParamValues& params) {
  Status s = t.check();
  if (!s.ok()) return s;
  if (t.shape.size() > kFmcMaxRank)
    return Status(ErrorCode::kBadInput, "rank " + std::to_string(t.shape.size()) +
                                            " exceeds the container's maximum of 8");
  const WordView data = t.words();
  auto cfg = codec.configure(dtype_bits(t.dtype), params, &t.shape, &data);
  if (!cfg.ok()) return cfg.status();
  auto enc = codec.encode(cfg.value(), t.words());
  if (!enc.ok()) return enc.status();
  FmcFile f;
  f.codec = &codec;
  f.config = cfg.value();
  f.dtype = t.dtype;
  f.shape = t.shape;
  f.num_words = t.size();
  f.streams = std::move(enc.value());
  if (codec.lossless()) {
    f.data_crc = tensor_crc32(t);
  } else {
    // The reconstruction the decoder will produce: its CRC, and the bound checked on it.
    auto rec = codec.decode(f.config, f.streams, f.num_words);
    if (!rec.ok()) return rec.status().with_context("decoding the encoder's own streams");
    const Tensor r = tensor_from_words(t.dtype, t.shape, rec.value());
    f.data_crc = tensor_crc32(r);
    f.error_bound = codec.error_bound(f.config);
    if (f.error_bound) {
      const WordView a = t.words();
      for (std::size_t i = 0; i < a.size(); ++i) {
        const std::int64_t d = std::int64_t(a[i]) - rec.value()[i];
        if ((d < 0 ? -d : d) > *f.error_bound)
          return Status(ErrorCode::kBadInput,
                        std::string(codec.name()) + " broke its error bound " +
                            std::to_string(*f.error_bound) + " at element " + std::to_string(i));
      }
    }
  }
  s = fmc_validate(f);  // catches a shape whose product overflows (and so matched by accident)
  if (!s.ok()) return Status(ErrorCode::kBadInput, s.message());
  return f;
}

Result<Tensor> fmc_decompress(const FmcFile& f) {
  Status s = fmc_validate(f);
  if (!s.ok()) return s;
  Tensor t;
  t.dtype = f.dtype;
  t.shape = f.shape;
  s = f.codec->decode_bytes(f.config, f.streams, f.num_words, t.data);
  if (!s.ok()) return s;
  const std::uint32_t crc = tensor_crc32(t);
  if (crc != f.data_crc)
    return Status(ErrorCode::kChecksum, "data CRC mismatch: the container says " +
                                            hex32(f.data_crc) + ", the decoded tensor has " +
                                            hex32(crc));
  return t;
}

}  // namespace fmc
