// SPDX-License-Identifier: Apache-2.0
/// @file ebpc_internal.hpp
/// Internal to the golden library (not installed, not part of the API): the two halves of the
/// whole-buffer `ebpc_decode()`, declared here so that golden/tests/test_ebpc_decode_fast.cpp can
/// test each one alone.
///
/// `ebpc_decode()` = `ebpc_decode_fast()`, and `ebpc_decode_reference()` when the fast path
/// rejects the streams. The fast path only decides "valid, here are the words" or "invalid"; the
/// exact error (code and message) of an invalid transmission always comes from the reference, the
/// streaming EbpcDecoder, so the whole-buffer and the streaming API cannot disagree on errors.
#pragma once

#include <cstdint>
#include <vector>

#include "fmcodec/codecs/ebpc.hpp"

namespace fmc {
namespace detail {

/// Smallest r with 2^r >= v (v >= 1).
inline unsigned log2u(unsigned v) {
  unsigned r = 0;
  while ((1u << r) < v) ++r;
  return r;
}

/// The low `bits` bits of v as a two's-complement value (1 <= bits <= 31).
inline std::int32_t sign_extend(std::uint32_t v, unsigned bits) {
  const std::uint32_t sign = 1u << (bits - 1);
  return static_cast<std::int32_t>((v ^ sign) - sign);
}

/// True when v is in [-2^(bits-1), 2^(bits-1)).
inline bool fits_signed(std::int64_t v, unsigned bits) {
  return v >= -(std::int64_t(1) << (bits - 1)) && v < (std::int64_t(1) << (bits - 1));
}

/// The fast whole-buffer decoder (docs/ebpc-format.md §2, §3 with every check of EbpcDecoder).
/// Returns true, with `out` = the `num_words` decoded words, exactly when the streams are a valid
/// transmission of `num_words` words, i.e. when ebpc_decode_reference() succeeds (and then with
/// the same words). Returns false, with `out` unspecified, on any error. Never reads out of
/// bounds; memory use is bounded by the stream sizes (a `num_words` that the ZNZ stream cannot
/// possibly code is rejected before any allocation).
/// Preconditions: `params.validate().ok()`, num_words >= 1.
bool ebpc_decode_fast(const EbpcParams& params, const std::vector<std::uint32_t>& znz,
                      const std::vector<std::uint32_t>& bpc, std::uint64_t num_words,
                      std::vector<std::int32_t>& out);

/// ebpc_decode_fast() into the little-endian bytes of the words (1 or 2 per word, the element
/// bytes of a tensor of the data width): `out` ends with num_words * m / 8 bytes on success.
bool ebpc_decode_fast_bytes(const EbpcParams& params, const std::vector<std::uint32_t>& znz,
                            const std::vector<std::uint32_t>& bpc, std::uint64_t num_words,
                            std::vector<std::uint8_t>& out);

/// The reference whole-buffer decoder: the streaming EbpcDecoder fed every BPC word, then every
/// ZNZ word (the original ebpc_decode()). Preconditions: `params.validate().ok()`,
/// num_words >= 1.
Result<std::vector<std::int32_t>> ebpc_decode_reference(const EbpcParams& params,
                                                        const std::vector<std::uint32_t>& znz,
                                                        const std::vector<std::uint32_t>& bpc,
                                                        std::uint64_t num_words);

}  // namespace detail
}  // namespace fmc
