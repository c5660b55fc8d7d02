// SPDX-License-Identifier: Apache-2.0
// Baseline codecs for the comparison with EBPC. Definitions: baselines.hpp and docs/baselines.md.
#include "fmcodec/baselines.hpp"

#include <charls/charls.h>
#include <lz4.h>
#include <lzma.h>
#include <zstd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#include "fmcodec/bitio.hpp"
#include "codecs/ebpc_internal.hpp"

namespace fmc {
namespace {

using detail::fits_signed;
using detail::log2u;
using detail::sign_extend;

std::uint32_t low_bits(std::int32_t v, unsigned m) {
  return static_cast<std::uint32_t>(v) & ((1u << m) - 1u);
}

Status check_width(unsigned m) {
  if (m != 8 && m != 16)
    return {ErrorCode::kBadParams, "data width " + std::to_string(m) + " not supported (8 or 16)"};
  return {};
}

// Checks that every stream word fits in m bits.
Status check_words(const std::vector<std::uint32_t>& words, unsigned m, const char* name) {
  for (std::size_t i = 0; i < words.size(); ++i)
    if ((words[i] >> m) != 0)
      return {ErrorCode::kBadInput, std::string(name) + " word " + std::to_string(i) +
                                        " has bits above " + std::to_string(m)};
  return {};
}

// After the last symbol: the stream must end in the current word, with zero padding.
Status check_end(const BitReader& rd, const std::vector<std::uint32_t>& words, unsigned m,
                 EbpcError code, const char* name) {
  const std::uint64_t pos = rd.position();
  const std::uint64_t used = (pos + m - 1) / m;
  const unsigned pad = static_cast<unsigned>(used * m - pos);
  if (pad > 0 && (words[used - 1] & ((1u << pad) - 1u)) != 0)
    return {code,
            std::string(name) + " padding bits after bit " + std::to_string(pos) + " are not zero"};
  if (words.size() != used)
    return {code, std::string(name) + " stream has " + std::to_string(words.size()) +
                      " words, its symbols end in word " + std::to_string(used) + " - 1"};
  return {};
}

// Shared decoder of ZVC (max_run == 1, every zero is a bare `0`) and zero-RLE (max_run == 16, a
// zero run is `0` + 4 bits).
Result<std::vector<std::int32_t>> flag_stream_decode(const std::vector<std::uint32_t>& words,
                                                     unsigned m, std::uint64_t num_words, bool runs,
                                                     const char* name) {
  Status s = check_width(m);
  if (!s.ok()) return s;
  s = check_words(words, m, name);
  if (!s.ok()) return s;
  BitReader rd(&words, m);
  std::vector<std::int32_t> out;
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(num_words, words.size() * m)));
  auto truncated = [&]() {
    return Status(EbpcError::kZnzTruncated, std::string(name) + " stream (" +
                                                std::to_string(words.size()) +
                                                " words) ends after " + std::to_string(out.size()) +
                                                " of " + std::to_string(num_words) + " words");
  };
  while (out.size() < num_words) {
    if (rd.available() < 1) return truncated();
    const std::uint64_t at = rd.position();
    if (rd.read(1) == 1) {
      if (rd.available() < m) return truncated();
      const std::int32_t v = sign_extend(rd.read(m), m);
      if (v == 0)
        return Status(EbpcError::kZeroNonzero,
                      std::string(name) + " word " + std::to_string(out.size()) + " (bit " +
                          std::to_string(at) + ") is flagged non-zero but is 0");
      out.push_back(v);
    } else if (!runs) {
      out.push_back(0);
    } else {
      if (rd.available() < 4) return truncated();
      const std::uint64_t k = rd.read(4) + 1u;
      if (out.size() + k > num_words)
        return Status(EbpcError::kRunOverflow, std::string(name) + " zero run of " +
                                                   std::to_string(k) + " at bit " +
                                                   std::to_string(at) + " reaches past " +
                                                   std::to_string(num_words) + " words");
      out.insert(out.end(), static_cast<std::size_t>(k), 0);
    }
  }
  s = check_end(rd, words, m, EbpcError::kZnzTrailing, name);
  if (!s.ok()) return s;
  return out;
}

}  // namespace

Status baseline_check(const std::int32_t* values, std::size_t count, unsigned m) {
  Status s = check_width(m);
  if (!s.ok()) return s;
  for (std::size_t i = 0; i < count; ++i)
    if (!fits_signed(values[i], m))
      return {ErrorCode::kBadInput, "value " + std::to_string(values[i]) + " at word " +
                                        std::to_string(i) + " does not fit in " +
                                        std::to_string(m) + " signed bits"};
  return {};
}

// ---------------------------------------------------------------------------------------------
// ZVC
// ---------------------------------------------------------------------------------------------

Result<std::vector<std::uint32_t>> zvc_encode(const std::int32_t* values, std::size_t count,
                                              unsigned m) {
  Status s = baseline_check(values, count, m);
  if (!s.ok()) return s;
  BitWriter w(m);
  for (std::size_t i = 0; i < count; ++i) {
    if (values[i] == 0) {
      w.put(0, 1);
    } else {
      w.put(1, 1);
      w.put(low_bits(values[i], m), m);
    }
  }
  w.finish();
  return w.take();
}

Result<std::vector<std::int32_t>> zvc_decode(const std::vector<std::uint32_t>& words, unsigned m,
                                             std::uint64_t num_words) {
  return flag_stream_decode(words, m, num_words, /*runs=*/false, "ZVC");
}

Result<std::uint64_t> zvc_bits(const std::int32_t* values, std::size_t count, unsigned m) {
  Status s = baseline_check(values, count, m);
  if (!s.ok()) return s;
  std::uint64_t nonzeros = 0;
  for (std::size_t i = 0; i < count; ++i) nonzeros += values[i] != 0;
  const std::uint64_t bits = count + nonzeros * m;
  return (bits + m - 1) / m * m;
}

// ---------------------------------------------------------------------------------------------
// Zero-RLE
// ---------------------------------------------------------------------------------------------

Result<std::vector<std::uint32_t>> zrle_encode(const std::int32_t* values, std::size_t count,
                                               unsigned m) {
  Status s = baseline_check(values, count, m);
  if (!s.ok()) return s;
  BitWriter w(m);
  unsigned run = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (values[i] == 0) {
      if (++run == kEbpcMaxZeroRun) {
        w.put(run - 1, 5);  // '0' + (k-1) in 4 bits
        run = 0;
      }
    } else {
      if (run > 0) w.put(run - 1, 5);
      run = 0;
      w.put(1, 1);
      w.put(low_bits(values[i], m), m);
    }
  }
  if (run > 0) w.put(run - 1, 5);
  w.finish();
  return w.take();
}

Result<std::vector<std::int32_t>> zrle_decode(const std::vector<std::uint32_t>& words, unsigned m,
                                              std::uint64_t num_words) {
  return flag_stream_decode(words, m, num_words, /*runs=*/true, "zero-RLE");
}

Result<std::uint64_t> zrle_bits(const std::int32_t* values, std::size_t count, unsigned m) {
  Status s = baseline_check(values, count, m);
  if (!s.ok()) return s;
  std::uint64_t bits = 0;
  unsigned run = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (values[i] == 0) {
      if (++run == kEbpcMaxZeroRun) {
        bits += 5;
        run = 0;
      }
    } else {
      if (run > 0) bits += 5;
      run = 0;
      bits += 1 + m;
    }
  }
  if (run > 0) bits += 5;
  return (bits + m - 1) / m * m;
}

// ---------------------------------------------------------------------------------------------
// Plain BPC
// ---------------------------------------------------------------------------------------------

Result<std::vector<std::uint32_t>> bpc_encode(const EbpcParams& params, const std::int32_t* values,
                                              std::size_t count) {
  Status s = params.validate();
  if (!s.ok()) return s;
  s = baseline_check(values, count, params.data_width);
  if (!s.ok()) return s;
  const unsigned n = params.block_size;
  BitWriter w(params.data_width);
  std::size_t i = 0;
  for (; i + n <= count; i += n) ebpc_encode_block(params, values + i, w);
  if (i < count) {
    std::int32_t block[16] = {};  // §3 stuffing: zero words up to n
    std::copy(values + i, values + count, block);
    ebpc_encode_block(params, block, w);
  }
  w.finish();
  return w.take();
}

Result<std::vector<std::int32_t>> bpc_decode(const EbpcParams& params,
                                             const std::vector<std::uint32_t>& words,
                                             std::uint64_t num_words) {
  Status s = params.validate();
  if (!s.ok()) return s;
  const unsigned m = params.data_width;
  const unsigned n = params.block_size;
  const unsigned nb = n - 1;
  const std::uint32_t all_ones = (1u << nb) - 1u;
  const unsigned log2m = log2u(m);
  const unsigned log2n = log2u(n);
  s = check_words(words, m, "BPC");
  if (!s.ok()) return s;
  BitReader rd(&words, m);
  std::vector<std::int32_t> out;
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(num_words, words.size() * m)));

  while (out.size() < num_words) {
    const std::uint64_t block_no = out.size() / n;
    const std::uint64_t start = rd.position();
    auto where = [&]() {
      return "BPC block " + std::to_string(block_no) + " (bit " + std::to_string(start) + ")";
    };
    bool short_read = false;
    auto get = [&](unsigned bits) -> std::uint32_t {
      if (short_read || rd.available() < bits) {
        short_read = true;
        return 0;
      }
      return rd.read(bits);
    };
    const std::uint32_t base = get(m);
    std::uint32_t planes[17] = {};
    for (unsigned i = 0; i <= m && !short_read;) {
      const std::uint32_t prev = (i == 0) ? 0 : planes[i - 1];
      if (get(1) == 1) {  // '1' + X raw
        planes[i++] = prev ^ get(nb);
      } else if (get(1) == 1) {  // '01': one zero X
        planes[i++] = prev;
      } else if (get(1) == 1) {  // '001' + (k-2): k zero X
        const unsigned k = get(log2m) + 2;
        if (short_read) break;
        if (i + k > m + 1) return Status(EbpcError::kBadCode, where() + ": zero run too long");
        for (unsigned r = 0; r < k; ++r) planes[i++] = prev;
      } else {
        const std::uint32_t code = get(2);  // '000' + 2 bits
        if (code == 0) {                    // all ones
          planes[i++] = prev ^ all_ones;
        } else if (code == 1) {  // P_i = 0
          if (!short_read && prev == 0)
            return Status(EbpcError::kBadCode, where() + ": all-0 plane code after a zero plane");
          planes[i++] = 0;
        } else {
          const std::uint32_t pos = get(log2n);
          const bool two = code == 2;
          if (!short_read && pos > (two ? nb - 2 : nb - 1))
            return Status(EbpcError::kBadCode, where() + ": position out of range");
          planes[i++] = prev ^ (two ? (3u << (nb - 2 - pos)) : (1u << (nb - 1 - pos)));
        }
      }
    }
    if (short_read)
      return Status(EbpcError::kBpcTruncated, where() + ": the stream ends (" +
                                                  std::to_string(words.size()) +
                                                  " words) inside the block");
    std::int64_t v = sign_extend(base, m);
    for (unsigned k = 0; k < n; ++k) {
      if (k > 0) {
        std::uint32_t d = 0;
        for (unsigned b = 0; b <= m; ++b) d |= ((planes[b] >> (nb - k)) & 1u) << b;
        v += sign_extend(d, m + 1);
        if (!fits_signed(v, m))
          return Status(EbpcError::kValueRange, where() + ": value " + std::to_string(k) +
                                                    " does not fit in " + std::to_string(m) +
                                                    " bits");
      }
      if (out.size() < num_words) {
        out.push_back(static_cast<std::int32_t>(v));
      } else if (v != 0) {
        return Status(EbpcError::kZeroNonzero,
                      where() + ": stuffing value " + std::to_string(k) + " is not zero");
      }
    }
  }
  s = check_end(rd, words, m, EbpcError::kBpcTrailing, "BPC");
  if (!s.ok()) return s;
  return out;
}

Result<std::uint64_t> bpc_bits(const EbpcParams& params, const std::int32_t* values,
                               std::size_t count) {
  auto w = bpc_encode(params, values, count);
  if (!w.ok()) return w.status();
  return std::uint64_t(w.value().size()) * params.data_width;
}

// ---------------------------------------------------------------------------------------------
// EBPC, entropy, general-purpose compressors
// ---------------------------------------------------------------------------------------------

Result<std::uint64_t> ebpc_bits(const EbpcParams& params, const std::int32_t* values,
                                std::size_t count) {
  auto enc = ebpc_encode(params, values, count);
  if (!enc.ok()) return enc.status();
  return std::uint64_t(enc.value().znz.size() + enc.value().bpc.size()) * params.data_width;
}

double entropy_bits_per_word(const std::int32_t* values, std::size_t count) {
  if (count == 0) return 0.0;
  std::unordered_map<std::int32_t, std::uint64_t> hist;
  for (std::size_t i = 0; i < count; ++i) ++hist[values[i]];
  double h = 0.0;
  const double total = static_cast<double>(count);
  for (const auto& kv : hist) {
    const double p = static_cast<double>(kv.second) / total;
    h -= p * std::log2(p);
  }
  return h > 0.0 ? h : 0.0;  // -0.0 for a constant input
}

Result<std::vector<std::uint8_t>> raw_bytes_le(const std::int32_t* values, std::size_t count,
                                               unsigned m) {
  Status s = baseline_check(values, count, m);
  if (!s.ok()) return s;
  std::vector<std::uint8_t> bytes;
  bytes.reserve(count * (m / 8));
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t u = low_bits(values[i], m);
    bytes.push_back(static_cast<std::uint8_t>(u & 0xffu));
    if (m == 16) bytes.push_back(static_cast<std::uint8_t>(u >> 8));
  }
  return bytes;
}

Result<std::vector<std::uint8_t>> zstd_compress_bytes(const std::vector<std::uint8_t>& bytes,
                                                      int level) {
  std::vector<std::uint8_t> out(ZSTD_compressBound(bytes.size()));
  const std::size_t r = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), level);
  if (ZSTD_isError(r))
    return Status(ErrorCode::kBadInput, std::string("zstd: ") + ZSTD_getErrorName(r));
  out.resize(r);
  return out;
}

Result<std::vector<std::uint8_t>> zstd_decompress_bytes(const std::vector<std::uint8_t>& frame,
                                                        std::size_t size) {
  std::vector<std::uint8_t> out(size);
  const std::size_t r = ZSTD_decompress(out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(r))
    return Status(ErrorCode::kBadFile, std::string("zstd: ") + ZSTD_getErrorName(r));
  if (r != size)
    return Status(ErrorCode::kBadFile, "zstd: frame holds " + std::to_string(r) +
                                           " bytes, expected " + std::to_string(size));
  return out;
}

Result<std::vector<std::uint8_t>> lz4_compress_bytes(const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() > static_cast<std::size_t>(LZ4_MAX_INPUT_SIZE))
    return Status(ErrorCode::kBadInput, "lz4: input of " + std::to_string(bytes.size()) +
                                            " bytes is larger than LZ4_MAX_INPUT_SIZE");
  const int src_size = static_cast<int>(bytes.size());
  std::vector<std::uint8_t> out(static_cast<std::size_t>(LZ4_compressBound(src_size)));
  const int r = LZ4_compress_default(reinterpret_cast<const char*>(bytes.data()),
                                     reinterpret_cast<char*>(out.data()), src_size,
                                     static_cast<int>(out.size()));
  if (r <= 0 && src_size > 0) return Status(ErrorCode::kBadInput, "lz4: compression failed");
  out.resize(static_cast<std::size_t>(r));
  return out;
}

Result<std::vector<std::uint8_t>> lz4_decompress_bytes(const std::vector<std::uint8_t>& block,
                                                       std::size_t size) {
  if (size > static_cast<std::size_t>(LZ4_MAX_INPUT_SIZE) ||
      block.size() > static_cast<std::size_t>(LZ4_compressBound(LZ4_MAX_INPUT_SIZE)))
    return Status(ErrorCode::kBadFile, "lz4: block or size too large");
  std::vector<std::uint8_t> out(size);
  const int r = LZ4_decompress_safe(reinterpret_cast<const char*>(block.data()),
                                    reinterpret_cast<char*>(out.data()),
                                    static_cast<int>(block.size()), static_cast<int>(size));
  if (r < 0) return Status(ErrorCode::kBadFile, "lz4: malformed block");
  if (static_cast<std::size_t>(r) != size)
    return Status(ErrorCode::kBadFile, "lz4: block holds " + std::to_string(r) +
                                           " bytes, expected " + std::to_string(size));
  return out;
}

Result<std::uint64_t> zstd_bits(const std::int32_t* values, std::size_t count, unsigned m,
                                int level) {
  auto bytes = raw_bytes_le(values, count, m);
  if (!bytes.ok()) return bytes.status();
  auto c = zstd_compress_bytes(bytes.value(), level);
  if (!c.ok()) return c.status();
  return std::uint64_t(c.value().size()) * 8;
}

Result<std::uint64_t> lz4_bits(const std::int32_t* values, std::size_t count, unsigned m) {
  auto bytes = raw_bytes_le(values, count, m);
  if (!bytes.ok()) return bytes.status();
  auto c = lz4_compress_bytes(bytes.value());
  if (!c.ok()) return c.status();
  return std::uint64_t(c.value().size()) * 8;
}

Result<std::vector<std::uint8_t>> xz_compress_bytes(const std::vector<std::uint8_t>& bytes,
                                                    unsigned preset) {
  if (preset > 9) return Status(ErrorCode::kBadParams, "xz: preset " + std::to_string(preset));
  std::vector<std::uint8_t> out(lzma_stream_buffer_bound(bytes.size()));
  std::size_t pos = 0;
  const lzma_ret r = lzma_easy_buffer_encode(preset, LZMA_CHECK_CRC64, nullptr, bytes.data(),
                                             bytes.size(), out.data(), &pos, out.size());
  if (r != LZMA_OK) return Status(ErrorCode::kBadInput, "xz: liblzma error " + std::to_string(r));
  out.resize(pos);
  return out;
}

Result<std::vector<std::uint8_t>> xz_decompress_bytes(const std::vector<std::uint8_t>& stream,
                                                      std::size_t size) {
  std::vector<std::uint8_t> out(size);
  std::uint64_t memlimit = UINT64_MAX;
  std::size_t in_pos = 0, out_pos = 0;
  const lzma_ret r = lzma_stream_buffer_decode(&memlimit, 0, nullptr, stream.data(), &in_pos,
                                               stream.size(), out.data(), &out_pos, out.size());
  if (r != LZMA_OK) return Status(ErrorCode::kBadFile, "xz: liblzma error " + std::to_string(r));
  if (out_pos != size || in_pos != stream.size())
    return Status(ErrorCode::kBadFile, "xz: stream holds " + std::to_string(out_pos) +
                                           " bytes, expected " + std::to_string(size));
  return out;
}

Result<std::uint64_t> xz_bits(const std::int32_t* values, std::size_t count, unsigned m,
                              unsigned preset) {
  auto bytes = raw_bytes_le(values, count, m);
  if (!bytes.ok()) return bytes.status();
  auto c = xz_compress_bytes(bytes.value(), preset);
  if (!c.ok()) return c.status();
  return std::uint64_t(c.value().size()) * 8;
}

namespace {

// JPEG-LS's largest image dimension.
constexpr std::size_t kJlsMaxDim = 65535;

Status jls_error(const char* what, charls_jpegls_errc e, ErrorCode code) {
  return Status(code, std::string("JPEG-LS: ") + what + ": " + charls_get_error_message(e));
}
bool jls_ok(charls_jpegls_errc e) { return static_cast<int>(e) == 0; }

// Deleters of the CharLS handles (the C API returns error codes instead of throwing).
struct JlsEncoderFree {
  void operator()(charls_jpegls_encoder* p) const { charls_jpegls_encoder_destroy(p); }
};
struct JlsDecoderFree {
  void operator()(charls_jpegls_decoder* p) const { charls_jpegls_decoder_destroy(p); }
};

Status jls_shape(std::size_t count, std::size_t width) {
  if (width < 1 || width > kJlsMaxDim || count % width != 0)
    return Status(ErrorCode::kBadInput, "JPEG-LS: " + std::to_string(count) +
                                            " values do not form rows of " +
                                            std::to_string(width) + " (1..65535)");
  return {};
}

}  // namespace

Result<std::vector<std::vector<std::uint8_t>>> jpegls_encode_images(const std::int32_t* values,
                                                                    std::size_t count, unsigned m,
                                                                    std::size_t width,
                                                                    bool* offset) {
  Status s = baseline_check(values, count, m);
  if (!s.ok()) return s;
  s = jls_shape(count, width);
  if (!s.ok()) return s;
  const bool neg = std::any_of(values, values + count, [](std::int32_t v) { return v < 0; });
  if (offset) *offset = neg;
  const std::int32_t add = neg ? (1 << (m - 1)) : 0;
  const std::size_t rows = count / width, bps = m / 8;
  std::vector<std::vector<std::uint8_t>> images;
  for (std::size_t r0 = 0; r0 < rows; r0 += kJlsMaxDim) {
    const std::size_t h = std::min(kJlsMaxDim, rows - r0);
    std::vector<std::uint8_t> px(h * width * bps);
    for (std::size_t i = 0; i < h * width; ++i) {
      const std::uint32_t u = static_cast<std::uint32_t>(values[r0 * width + i] + add);
      if (bps == 1) {
        px[i] = static_cast<std::uint8_t>(u);
      } else {
        const std::uint16_t w16 = static_cast<std::uint16_t>(u);
        std::memcpy(&px[2 * i], &w16, 2);  // native order, as CharLS reads 16-bit samples
      }
    }
    std::unique_ptr<charls_jpegls_encoder, JlsEncoderFree> enc(charls_jpegls_encoder_create());
    if (!enc) return Status(ErrorCode::kBadInput, "JPEG-LS: cannot create an encoder");
    charls_frame_info fi{};
    fi.width = static_cast<std::uint32_t>(width);
    fi.height = static_cast<std::uint32_t>(h);
    fi.bits_per_sample = static_cast<std::int32_t>(m);
    fi.component_count = 1;
    charls_jpegls_errc e = charls_jpegls_encoder_set_frame_info(enc.get(), &fi);
    if (!jls_ok(e)) return jls_error("frame", e, ErrorCode::kBadInput);
    std::size_t cap = 0;
    e = charls_jpegls_encoder_get_estimated_destination_size(enc.get(), &cap);
    if (!jls_ok(e)) return jls_error("size", e, ErrorCode::kBadInput);
    std::vector<std::uint8_t> out(cap);
    e = charls_jpegls_encoder_set_destination_buffer(enc.get(), out.data(), out.size());
    if (!jls_ok(e)) return jls_error("buffer", e, ErrorCode::kBadInput);
    e = charls_jpegls_encoder_encode_from_buffer(enc.get(), px.data(), px.size(), 0);
    if (!jls_ok(e)) return jls_error("encode", e, ErrorCode::kBadInput);
    std::size_t n = 0;
    e = charls_jpegls_encoder_get_bytes_written(enc.get(), &n);
    if (!jls_ok(e)) return jls_error("encode", e, ErrorCode::kBadInput);
    out.resize(n);
    images.push_back(std::move(out));
  }
  return images;
}

Result<std::vector<std::int32_t>> jpegls_decode_images(
    const std::vector<std::vector<std::uint8_t>>& images, std::size_t count, unsigned m,
    std::size_t width, bool offset) {
  Status s = check_width(m);
  if (!s.ok()) return s;
  s = jls_shape(count, width);
  if (!s.ok()) return s;
  const std::size_t rows = count / width, bps = m / 8;
  const std::int32_t add = offset ? (1 << (m - 1)) : 0;
  if (images.size() != (rows + kJlsMaxDim - 1) / kJlsMaxDim)
    return Status(ErrorCode::kBadFile, "JPEG-LS: " + std::to_string(images.size()) +
                                           " images for " + std::to_string(rows) + " rows");
  std::vector<std::int32_t> out;
  out.reserve(count);
  for (std::size_t k = 0; k < images.size(); ++k) {
    const std::size_t h = std::min(kJlsMaxDim, rows - k * kJlsMaxDim);
    std::unique_ptr<charls_jpegls_decoder, JlsDecoderFree> dec(charls_jpegls_decoder_create());
    if (!dec) return Status(ErrorCode::kBadFile, "JPEG-LS: cannot create a decoder");
    charls_jpegls_errc e =
        charls_jpegls_decoder_set_source_buffer(dec.get(), images[k].data(), images[k].size());
    if (jls_ok(e)) e = charls_jpegls_decoder_read_header(dec.get());
    if (!jls_ok(e)) return jls_error("header", e, ErrorCode::kBadFile);
    charls_frame_info fi{};
    e = charls_jpegls_decoder_get_frame_info(dec.get(), &fi);
    if (!jls_ok(e)) return jls_error("header", e, ErrorCode::kBadFile);
    if (fi.width != width || fi.height != h || fi.bits_per_sample != static_cast<std::int32_t>(m) ||
        fi.component_count != 1)
      return Status(ErrorCode::kBadFile, "JPEG-LS: image " + std::to_string(k) +
                                             " has an unexpected geometry");
    std::vector<std::uint8_t> px(h * width * bps);
    e = charls_jpegls_decoder_decode_to_buffer(dec.get(), px.data(), px.size(), 0);
    if (!jls_ok(e)) return jls_error("decode", e, ErrorCode::kBadFile);
    for (std::size_t i = 0; i < h * width; ++i) {
      std::int32_t u;
      if (bps == 1) {
        u = px[i];
      } else {
        std::uint16_t w16;
        std::memcpy(&w16, &px[2 * i], 2);
        u = w16;
      }
      out.push_back(sign_extend(static_cast<std::uint32_t>(u - add) & ((1u << m) - 1u), m));
    }
  }
  return out;
}

Result<std::uint64_t> jpegls_bits(const std::int32_t* values, std::size_t count, unsigned m,
                                  std::size_t width) {
  if (count == 0) return std::uint64_t(0);
  if (width < 1 || width > kJlsMaxDim || count % width != 0) {
    // No usable row width: the largest divisor of count up to 65535 (1 at worst).
    width = std::min(count, kJlsMaxDim);
    while (count % width != 0) --width;
  }
  auto im = jpegls_encode_images(values, count, m, width);
  if (!im.ok()) return im.status();
  std::uint64_t bytes = 0;
  for (const auto& i : im.value()) bytes += i.size();
  return bytes * 8;
}

const std::vector<Baseline>& baselines() {
  static const std::vector<Baseline> list = {
      {"zrle", "zero-RLE: EBPC's zero runs with non-zero words inline", false,
       [](const std::int32_t* v, std::size_t n, unsigned m, std::size_t) {
         return zrle_bits(v, n, m);
       },
       {}, {}},
      {"bpc", "plain BPC: EBPC's block coder on every word (n = m)", false,
       [](const std::int32_t* v, std::size_t n, unsigned m, std::size_t) {
         return bpc_bits(EbpcParams{m, m}, v, n);
       },
       {}, {}},
      {"zstd3", "zstd level 3 on the raw bytes", false,
       [](const std::int32_t* v, std::size_t n, unsigned m, std::size_t) {
         return zstd_bits(v, n, m, 3);
       },
       [](const std::vector<std::uint8_t>& b) { return zstd_compress_bytes(b, 3); },
       zstd_decompress_bytes},
      {"zstd19", "zstd level 19 on the raw bytes (slow)", true,
       [](const std::int32_t* v, std::size_t n, unsigned m, std::size_t) {
         return zstd_bits(v, n, m, 19);
       },
       [](const std::vector<std::uint8_t>& b) { return zstd_compress_bytes(b, 19); },
       zstd_decompress_bytes},
      {"lz4", "LZ4 (default) on the raw bytes", false,
       [](const std::int32_t* v, std::size_t n, unsigned m, std::size_t) {
         return lz4_bits(v, n, m);
       },
       lz4_compress_bytes, lz4_decompress_bytes},
      {"xz9", "xz -9 (liblzma preset 9, CRC64) on the raw bytes (slow)", true,
       [](const std::int32_t* v, std::size_t n, unsigned m, std::size_t) {
         return xz_bits(v, n, m, 9);
       },
       [](const std::vector<std::uint8_t>& b) { return xz_compress_bytes(b, 9); },
       xz_decompress_bytes},
      {"jpegls", "JPEG-LS lossless (CharLS): the tensor as a grey image of C*H rows x W", false,
       jpegls_bits, {}, {}},
  };
  return list;
}

}  // namespace fmc
