// SPDX-License-Identifier: Apache-2.0
/// @file container.hpp
/// The self-describing `.fmc` container: one compressed tensor (codec, parameters, dtype, shape,
/// word counts, CRC-32 of the original data) followed by the coded streams. The normative
/// description, with offsets and a worked hex dump, is docs/fmc-format.md.
///
/// Value mapping (lossless): the EBPC format codes signed m-bit words. int8/int16 elements are
/// coded as they are; uint8/uint16 elements are reinterpreted as the signed two's-complement value
/// of the same bit pattern (e.g. uint8 200 -> -56) and mapped back on decode (-56 -> 200). Both
/// maps are bijections between the m-bit patterns, so the round trip is exact for every value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fmcodec/npy.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// Codec identifiers stored in the container (byte 8). Only kEbpc is implemented; the others are
/// reserved so that files of later codecs are reported as kUnsupported, not as malformed.
enum class CodecId : std::uint8_t {
  kEbpc = 1,  ///< EBPC, 2 streams: [0] = ZNZ, [1] = BPC
  kGrlc = 2,  ///< reserved
  kDct = 3,   ///< reserved
  kOwn = 4,   ///< reserved
};

/// Current (and only) container format version.
inline constexpr std::uint16_t kFmcVersion = 1;
/// Maximum tensor rank the container stores.
inline constexpr unsigned kFmcMaxRank = 8;
/// Size of the fixed part of the header; the full header is 32 + 8 * rank + 8 * stream_count.
inline constexpr std::size_t kFmcFixedHeaderSize = 32;

/// Codec choice and parameters for fmc_compress().
struct FmcCodecParams {
  CodecId codec = CodecId::kEbpc;
  unsigned data_width = 8;  ///< m: must equal the dtype's width
  unsigned block_size = 8;  ///< n
};

/// Contents of one .fmc file (everything but the header CRC, which is derived).
struct FmcFile {
  FmcCodecParams params;
  DType dtype = DType::kInt8;
  std::vector<std::uint64_t> shape;  ///< empty = scalar (1 element); at most kFmcMaxRank dims
  std::uint64_t num_words = 0;       ///< N = product of shape
  std::vector<std::vector<std::uint32_t>> streams;  ///< EBPC: {ZNZ, BPC}, words < 2^data_width
  std::uint32_t data_crc = 0;  ///< crc32() of the tensor bytes as in a .npy data section
};

/// CRC-32 (IEEE 802.3: polynomial 0x04C11DB7 reflected = 0xEDB88320, initial value and final XOR
/// 0xFFFFFFFF), as zlib's crc32(). `seed` is the CRC of the preceding bytes, so
/// crc32(b, nb, crc32(a, na)) == CRC of a followed by b; seed 0 starts a new CRC.
/// Check value: crc32("123456789", 9) == 0xCBF43926. Precondition: `data` valid for `size` bytes
/// (may be null when size == 0). Never fails.
std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t seed = 0);

/// CRC-32 of a tensor's elements as stored in a .npy data section (C order, little-endian, 1 or 2
/// bytes per element). Precondition: each value is in the dtype's range (tensor_check()).
std::uint32_t tensor_crc32(const Tensor& t);

/// Checks that `f` is a consistent container: known codec (kUnsupported for a reserved one),
/// legal parameters and data width == dtype width, rank <= 8, the codec's stream count,
/// shape product == num_words, every stream word < 2^data_width, and a word count the streams
/// can possibly hold. kBadFile (or kUnsupported) with the reason otherwise.
Status fmc_validate(const FmcFile& f);

/// Serializes a container (docs/fmc-format.md), computing the header CRC.
/// Precondition: fmc_validate(f).ok(). (Fields of a file that violates it are written truncated to
/// their sizes; fmc_parse() then rejects the result, it never crashes on it.)
std::vector<std::uint8_t> fmc_serialize(const FmcFile& f);

/// Parses a complete .fmc image. Never reads out of bounds and never allocates more than `size`
/// implies. Errors:
///  - kBadFile: bad magic, truncation anywhere, header size field inconsistent, trailing bytes,
///    stream word counts that do not match the file size, unknown dtype, rank > 8, wrong stream
///    count, illegal parameters, shape product != N, N impossible for the stream sizes,
///    non-zero reserved field;
///  - kUnsupported: a format version other than 1, or a reserved codec id;
///  - kChecksum: the header CRC does not match the header bytes.
/// The data CRC is checked by fmc_decompress(), which needs the decoded tensor.
Result<FmcFile> fmc_parse(const std::uint8_t* data, std::size_t size);

/// Compresses a tensor. Errors: kBadInput (tensor_check() fails), kBadParams (illegal parameters,
/// or data_width != the dtype's width), kUnsupported (a codec other than EBPC, rank > 8).
Result<FmcFile> fmc_compress(const Tensor& t, const FmcCodecParams& params);

/// Decompresses a container and verifies the result. Errors: those of fmc_validate(), every
/// stream error of ebpc_decode() (kZnzTruncated, kBpcTrailing, ...), kChecksum when the CRC-32 of
/// the decoded tensor differs from data_crc.
Result<Tensor> fmc_decompress(const FmcFile& f);

/// Maps a tensor element to the signed EBPC word of the same width (see the file comment).
/// Precondition: `v` is in the range of `t`.
std::int32_t fmc_value_to_word(DType t, std::int32_t v);
/// Inverse of fmc_value_to_word(). Precondition: `w` fits in dtype_bits(t) signed bits.
std::int32_t fmc_word_to_value(DType t, std::int32_t w);

}  // namespace fmc
