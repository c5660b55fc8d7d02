// SPDX-License-Identifier: Apache-2.0
/// @file baselines.hpp
/// Reference compressors that the hardware codecs are compared against (`fmcodec stat`,
/// `fmcodec bench`, docs/baselines.md). They are **not** codecs of the registry (codec.hpp): no RTL,
/// no container support; `baselines()` is their separate list.
///
/// Every function takes a transmission of `count` signed m-bit values (m = 8 or 16, the same
/// convention as EBPC: each value in [-2^(m-1), 2^(m-1)-1]) and reports the *stored* size in bits,
/// padding included, so that every ratio is "input bits / stored bits" with input bits = count * m:
///
/// | codec      | stored size                                                                   |
/// |------------|-------------------------------------------------------------------------------|
/// | ZVC        | one stream of m-bit words: per input word `0` (zero) or `1` + the m raw bits  |
/// | zero-RLE   | one stream of m-bit words: EBPC's ZNZ symbols (§2: zero runs of 1..16 as `0` + |
/// |            | 4 bits, emitted at the 16th zero) with each non-zero word's m raw bits right    |
/// |            | after its `1` flag                                                             |
/// | plain BPC  | one stream of m-bit words: `ebpc_encode_block()` on *all* words (zeros too) in  |
/// |            | blocks of n, the last block stuffed with zero words                            |
/// | entropy    | not a codec: order-0 (memoryless) entropy H of the value histogram, bits/word; |
/// |            | m/H bounds the ratio of any coder of independent identically distributed words |
/// | zstd-L     | `ZSTD_compress(level L)` of the raw bytes, 8 bits per output byte              |
/// | lz4        | `LZ4_compress_default()` of the raw bytes, 8 bits per output byte              |
/// | xz-9       | liblzma `lzma_easy_buffer_encode(9, CRC64)` of the raw bytes: an .xz file as   |
/// |            | `xz -9` writes it, 8 bits per output byte                                      |
/// | JPEG-LS    | CharLS, lossless (NEAR 0): the values as a grey image of `width` columns (the  |
/// |            | tensor's last axis; (C, H, W) -> C*H rows), m bits per sample, offset by       |
/// |            | 2^(m-1) when any value is negative; 8 bits per output byte                     |
///
/// The bit streams are packed MSB first into m-bit words like EBPC's (bitio.hpp,
/// docs/ebpc-format.md §1): the last word is zero-padded and counts in full. "Raw bytes" are the
/// values' low m bits, little-endian (1 byte per value for m = 8, 2 for m = 16), i.e. the .npy
/// payload of an int8/int16 tensor. ZVC, zero-RLE and plain BPC have decoders so their definitions
/// are round-trip tested.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "fmcodec/codecs/ebpc.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// One entry of the baseline list.
struct Baseline {
  const char* name;   ///< column / CLI name ("zstd3")
  const char* title;  ///< one line
  bool slow;          ///< not run by `stat` unless asked for (--baselines)
  /// Stored size in bits of `count` signed m-bit values whose rows are `width` values long (the
  /// tensor's last axis; only the image coder uses it). Errors: those of the coder.
  std::function<Result<std::uint64_t>(const std::int32_t* values, std::size_t count, unsigned m,
                                      std::size_t width)>
      bits;
  /// Byte compressors only (zstd, lz4), for `bench`: compress raw little-endian bytes, and
  /// decompress into exactly `size` bytes. Empty for bit-level baselines.
  std::function<Result<std::vector<std::uint8_t>>(const std::vector<std::uint8_t>&)> compress;
  std::function<Result<std::vector<std::uint8_t>>(const std::vector<std::uint8_t>&, std::size_t)>
      decompress;
};

/// Every baseline, in table order: zrle, bpc, zstd3, zstd19 (slow), lz4, xz9 (slow), jpegls. Plain
/// BPC uses block size
/// n = m. (ZVC is a codec of the registry, codecs/zvc.hpp; the one-stream zvc_* functions below are
/// kept as the historical single-stream variant and are not in this list.)
const std::vector<Baseline>& baselines();

/// Checks that m is 8 or 16 (kBadParams otherwise) and that every value fits in m signed bits
/// (kBadInput naming the first offender otherwise).
Status baseline_check(const std::int32_t* values, std::size_t count, unsigned m);

// ---------------------------------------------------------------------------------------------
// ZVC: zero-value compression
// ---------------------------------------------------------------------------------------------

/// ZVC stream: for each value in order, `0` if it is zero, else `1` followed by its m low bits
/// (MSB first); packed MSB first into m-bit words, last word zero-padded. Empty for count == 0.
/// Errors: those of baseline_check().
Result<std::vector<std::uint32_t>> zvc_encode(const std::int32_t* values, std::size_t count,
                                              unsigned m);
/// Inverse of zvc_encode() for `num_words` values. Errors: kBadParams (m), kBadInput (a word
/// >= 2^m), kZnzTruncated (stream too short), kZeroNonzero (a `1` flag followed by the value 0),
/// kZnzTrailing (words left over or non-zero padding).
Result<std::vector<std::int32_t>> zvc_decode(const std::vector<std::uint32_t>& words, unsigned m,
                                             std::uint64_t num_words);
/// Stored size of zvc_encode() in bits (words * m) without building the stream:
/// ceil((count + nonzeros * m) / m) * m. Errors: those of baseline_check().
Result<std::uint64_t> zvc_bits(const std::int32_t* values, std::size_t count, unsigned m);

// ---------------------------------------------------------------------------------------------
// Zero-RLE: EBPC's ZNZ coding with the non-zero words inline
// ---------------------------------------------------------------------------------------------

/// Zero-RLE stream: a run of k zero words (1 <= k <= 16) is `0` + (k-1) in 4 bits, emitted as soon
/// as the 16th zero arrives, or when a non-zero word or the end follows; a non-zero word is `1`
/// followed by its m low bits. Packed MSB first into m-bit words, last word zero-padded.
/// Errors: those of baseline_check().
Result<std::vector<std::uint32_t>> zrle_encode(const std::int32_t* values, std::size_t count,
                                               unsigned m);
/// Inverse of zrle_encode() for `num_words` values. Errors: kBadParams, kBadInput (a word >= 2^m),
/// kZnzTruncated, kRunOverflow (a run reaches past num_words), kZeroNonzero, kZnzTrailing.
Result<std::vector<std::int32_t>> zrle_decode(const std::vector<std::uint32_t>& words, unsigned m,
                                              std::uint64_t num_words);
/// Stored size of zrle_encode() in bits (words * m) without building the stream.
/// Errors: those of baseline_check().
Result<std::uint64_t> zrle_bits(const std::int32_t* values, std::size_t count, unsigned m);

// ---------------------------------------------------------------------------------------------
// Plain BPC: EBPC's block coder on every word, without zero-run coding
// ---------------------------------------------------------------------------------------------

/// Plain BPC stream: the values (zeros included) cut into blocks of n = params.block_size, the last
/// partial block stuffed with zero words, each block coded by ebpc_encode_block() (§3) back to
/// back; packed MSB first into m-bit words (m = params.data_width), last word zero-padded.
/// Errors: kBadParams (params.validate()), kBadInput (a value does not fit).
Result<std::vector<std::uint32_t>> bpc_encode(const EbpcParams& params, const std::int32_t* values,
                                              std::size_t count);
/// Inverse of bpc_encode() for `num_words` values. Errors: kBadParams, kBadInput (a word >= 2^m),
/// kBpcTruncated, kBadCode (impossible symbol), kValueRange (a value outside m bits),
/// kZeroNonzero (a non-zero stuffing value), kBpcTrailing (words left over or non-zero padding).
Result<std::vector<std::int32_t>> bpc_decode(const EbpcParams& params,
                                             const std::vector<std::uint32_t>& words,
                                             std::uint64_t num_words);
/// Stored size of bpc_encode() in bits (words * m). Errors: those of bpc_encode().
Result<std::uint64_t> bpc_bits(const EbpcParams& params, const std::int32_t* values,
                               std::size_t count);

// ---------------------------------------------------------------------------------------------
// EBPC, entropy, general-purpose compressors
// ---------------------------------------------------------------------------------------------

/// Stored size of ebpc_encode() in bits: (ZNZ words + BPC words) * m. Errors: those of
/// ebpc_encode().
Result<std::uint64_t> ebpc_bits(const EbpcParams& params, const std::int32_t* values,
                                std::size_t count);

/// Order-0 entropy of the values in bits per word: H = -sum_v p(v) log2 p(v) over the histogram of
/// the values (p(v) = occurrences / count). 0 for count == 0 or a constant input. Total function.
double entropy_bits_per_word(const std::int32_t* values, std::size_t count);

/// The values' low m bits as little-endian bytes (1 byte per value for m = 8, 2 for m = 16).
/// Errors: those of baseline_check().
Result<std::vector<std::uint8_t>> raw_bytes_le(const std::int32_t* values, std::size_t count,
                                               unsigned m);

/// ZSTD_compress(bytes, level) into a buffer of ZSTD_compressBound(). kBadInput on a zstd error
/// (its message included).
Result<std::vector<std::uint8_t>> zstd_compress_bytes(const std::vector<std::uint8_t>& bytes,
                                                      int level);
/// ZSTD_decompress() of a frame made by zstd_compress_bytes() into exactly `size` bytes.
/// kBadFile if zstd reports an error or the frame does not hold exactly `size` bytes.
Result<std::vector<std::uint8_t>> zstd_decompress_bytes(const std::vector<std::uint8_t>& frame,
                                                        std::size_t size);
/// LZ4_compress_default(bytes) into a buffer of LZ4_compressBound(). kBadInput if the input is
/// larger than LZ4_MAX_INPUT_SIZE or LZ4 fails.
Result<std::vector<std::uint8_t>> lz4_compress_bytes(const std::vector<std::uint8_t>& bytes);
/// LZ4_decompress_safe() of a block made by lz4_compress_bytes() into exactly `size` bytes.
/// kBadFile if LZ4 reports an error or the block does not hold exactly `size` bytes.
Result<std::vector<std::uint8_t>> lz4_decompress_bytes(const std::vector<std::uint8_t>& block,
                                                       std::size_t size);

/// Stored size in bits of zstd at `level` on raw_bytes_le(values, m): 8 * compressed bytes.
/// Errors: those of raw_bytes_le() and zstd_compress_bytes().
Result<std::uint64_t> zstd_bits(const std::int32_t* values, std::size_t count, unsigned m,
                                int level);
/// Stored size in bits of lz4 on raw_bytes_le(values, m): 8 * compressed bytes.
/// Errors: those of raw_bytes_le() and lz4_compress_bytes().
Result<std::uint64_t> lz4_bits(const std::int32_t* values, std::size_t count, unsigned m);

/// liblzma lzma_easy_buffer_encode(preset, LZMA_CHECK_CRC64) of `bytes`: a complete .xz stream, as
/// `xz -<preset>` writes it. kBadParams for a preset outside 0..9, kBadInput on an liblzma error.
Result<std::vector<std::uint8_t>> xz_compress_bytes(const std::vector<std::uint8_t>& bytes,
                                                    unsigned preset);
/// lzma_stream_buffer_decode() of an .xz stream into exactly `size` bytes. kBadFile if liblzma
/// reports an error or the stream does not hold exactly `size` bytes.
Result<std::vector<std::uint8_t>> xz_decompress_bytes(const std::vector<std::uint8_t>& stream,
                                                      std::size_t size);
/// Stored size in bits of xz at `preset` on raw_bytes_le(values, m): 8 * compressed bytes.
/// Errors: those of raw_bytes_le() and xz_compress_bytes().
Result<std::uint64_t> xz_bits(const std::int32_t* values, std::size_t count, unsigned m,
                              unsigned preset);

/// JPEG-LS (CharLS) lossless coding of the values as grey images of `width` columns and m-bit
/// samples: rows of `width` values, cut into images of at most 65535 rows (JPEG-LS's limit), each
/// a complete JPEG-LS file; the samples are the values, plus 2^(m-1) when any value is negative
/// (the offset is a property of the whole input, so the decoder needs it: `offset` out).
/// Preconditions checked: 1 <= width <= 65535, count a multiple of width. Errors: those of
/// baseline_check(), kBadInput for the shape, kBadInput on a CharLS error (its message).
Result<std::vector<std::vector<std::uint8_t>>> jpegls_encode_images(const std::int32_t* values,
                                                                    std::size_t count, unsigned m,
                                                                    std::size_t width,
                                                                    bool* offset = nullptr);
/// Inverse of jpegls_encode_images() for `count` values of m bits with the given offset.
/// kBadFile if CharLS rejects an image or the images do not hold exactly `count` samples of the
/// expected geometry.
Result<std::vector<std::int32_t>> jpegls_decode_images(
    const std::vector<std::vector<std::uint8_t>>& images, std::size_t count, unsigned m,
    std::size_t width, bool offset);
/// Stored size in bits of jpegls_encode_images(): 8 * the bytes of all its images; 0 for count 0.
/// A `width` outside 1..65535 or that does not divide count is replaced by the largest divisor of
/// count up to 65535 (so any input is measured). Errors: those of jpegls_encode_images().
Result<std::uint64_t> jpegls_bits(const std::int32_t* values, std::size_t count, unsigned m,
                                  std::size_t width);

}  // namespace fmc
