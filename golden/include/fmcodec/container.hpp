// SPDX-License-Identifier: Apache-2.0
/// @file container.hpp
/// The self-describing `.fmc` container: one compressed tensor (codec and its parameters, dtype,
/// shape, word counts and word width of every stream, CRC-32 of the tensor the decoder must
/// produce, the error bound of a lossy codec) followed by the coded streams. The normative
/// description, with offsets and worked hex dumps, is docs/fmc-format.md. This build writes
/// version 2 and reads versions 1 and 2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"
#include "fmcodec/tensor.hpp"

namespace fmc {

/// The container version this build writes.
inline constexpr std::uint16_t kFmcVersion = 2;
/// Maximum tensor rank the container stores.
inline constexpr unsigned kFmcMaxRank = 8;
/// Maximum stream count and parameter count of a version-2 header.
inline constexpr unsigned kFmcMaxStreams = 16;
inline constexpr unsigned kFmcMaxParams = 32;
/// Maximum length of a parameter key.
inline constexpr unsigned kFmcMaxKeyLength = 32;

/// Contents of one .fmc file (everything but the header CRC, which is derived).
struct FmcFile {
  std::uint16_t version = kFmcVersion;  ///< the version read (fmc_serialize writes kFmcVersion)
  const Codec* codec = nullptr;         ///< from the registry
  CodecConfig config;                   ///< data width (= the dtype's width) and parameters
  DType dtype = DType::kInt8;
  std::vector<std::uint64_t> shape;  ///< empty = scalar (1 element); at most kFmcMaxRank dims
  std::uint64_t num_words = 0;       ///< N = product of shape
  std::vector<std::vector<std::uint32_t>> streams;  ///< in the codec's stream order
  /// crc32() of the tensor bytes the decoder must produce: the original tensor for a lossless
  /// codec, the reconstruction for a lossy one.
  std::uint32_t data_crc = 0;
  /// Lossy codecs: the largest |original - reconstruction| the encoder promised (and checked).
  std::optional<std::uint32_t> error_bound;
};

/// CRC-32 (IEEE 802.3: polynomial 0x04C11DB7 reflected = 0xEDB88320, initial value and final XOR
/// 0xFFFFFFFF), as zlib's crc32(). `seed` is the CRC of the preceding bytes, so
/// crc32(b, nb, crc32(a, na)) == CRC of a followed by b; seed 0 starts a new CRC.
/// Check value: crc32("123456789", 9) == 0xCBF43926. Precondition: `data` valid for `size` bytes
/// (may be null when size == 0). Never fails.
std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t seed = 0);

/// CRC-32 of a tensor's element bytes (the .npy data section).
std::uint32_t tensor_crc32(const Tensor& t);

/// Checks that `f` is a consistent container: a codec, a valid configuration whose width is the
/// dtype's, rank <= 8, the codec's stream count, shape product == num_words, every stream word
/// within its width, a word count the streams can possibly hold, an error bound only for a lossy
/// codec. kBadFile with the reason otherwise.
Status fmc_validate(const FmcFile& f);

/// Serializes a container as version 2 (docs/fmc-format.md), computing the header CRC.
/// Precondition: fmc_validate(f).ok().
std::vector<std::uint8_t> fmc_serialize(const FmcFile& f);
/// Writes fmc_serialize(f) to `path` all or nothing ("-" = standard output), without building the
/// image in memory. kIo on failure.
Status fmc_write(const std::string& path, const FmcFile& f);

/// Parses a complete .fmc image of version 1 or 2. Never reads out of bounds and never allocates
/// more than `size` implies. Errors (docs/fmc-format.md §7 gives the order of the checks):
///  - kBadFile: bad magic, truncation anywhere, inconsistent header, trailing bytes, unknown dtype,
///    illegal parameters, wrong stream count or word width, shape product != N, N impossible for
///    the stream sizes, non-zero reserved bits;
///  - kUnsupported: a format version this build does not read, a codec id it does not have;
///  - kChecksum: the header CRC does not match the header bytes.
/// The data CRC is checked by fmc_decompress(), which needs the decoded tensor.
Result<FmcFile> fmc_parse(const std::uint8_t* data, std::size_t size);
/// Reads and parses a file ("-" = standard input); the caller names the file in its message.
Result<FmcFile> fmc_read(const std::string& path);

/// Compresses a tensor with `codec` and the given parameters (missing ones take the schema's
/// defaults; the data width is the dtype's). Lossy codecs: the reconstruction is decoded to fill
/// data_crc and to check the promised error bound. Errors: kBadInput (a malformed tensor, rank
/// > 8), kBadParams (unknown or illegal parameters, a width the codec does not support).
Result<FmcFile> fmc_compress(const Tensor& t, const Codec& codec, const ParamValues& params = {});

/// Decompresses a container and verifies the result. Errors: those of fmc_validate(), every
/// stream error of the codec, kChecksum when the CRC-32 of the decoded tensor differs from
/// data_crc.
Result<Tensor> fmc_decompress(const FmcFile& f);

}  // namespace fmc
