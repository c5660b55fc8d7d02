// SPDX-License-Identifier: Apache-2.0
/// @file zvc.hpp
/// ZVC (zero-value compression, as in NVIDIA's cDMA and NullHop): a bit mask of the non-zero
/// groups of words, and the words of those groups raw. The normative description is
/// docs/zvc-format.md; section numbers below refer to it.
///
/// Two streams (§1): 0 = mask (one bit per group of G words, MSB first, in m-bit words), 1 = values
/// (the m-bit words of every group whose bit is 1, in order). Parameter `group` = G, the mask
/// granularity: 1, 2, 4 or 8 words per mask bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// ZVC's container Codec_Id.
inline constexpr std::uint8_t kZvcCodecId = 5;

/// ZVC stream errors (docs/zvc-format.md §4). The values are the RTL decoder's `err_code_o`.
enum class ZvcError : std::uint8_t {
  kMaskTruncated = 1,   ///< the mask stream ended before every group had its bit
  kValueTruncated = 2,  ///< the value stream ended inside a group whose bit is 1
  kMaskTrailing = 3,    ///< mask padding bits not 0, or mask words after the one holding the last bit
  kValueTrailing = 4,   ///< value words after the last one a group needs
  kZeroGroup = 5,       ///< a group whose bit is 1 holds only zero words (never encoded)
};
/// "MaskTruncated", ...; "Unknown" outside the enum.
const char* zvc_error_name(ZvcError e);

template <>
struct StreamErrorTraits<ZvcError> {
  static constexpr std::uint8_t kCodecId = kZvcCodecId;
  static constexpr const char* kCodecName = "zvc";
  static const char* name(ZvcError e) { return zvc_error_name(e); }
};

/// ZVC parameters: data width m (8 or 16) and mask granularity G (1, 2, 4, 8).
struct ZvcParams {
  unsigned data_width = 8;
  unsigned group = 1;
  /// Ok for m in {8, 16} and G in {1, 2, 4, 8}; kBadParams otherwise.
  Status validate() const;
};

/// Whole-buffer encode (§2). Errors: kBadParams, kBadInput (a word does not fit in m signed bits).
Result<Streams> zvc_encode(const ZvcParams& p, WordView words);
/// Whole-buffer decode of `num_words` words (§3, §4). Errors: kBadParams, kBadInput (two streams
/// needed, a word with bits above m), the ZvcError of the first fault in decode order.
Result<std::vector<std::int32_t>> zvc_decode(const ZvcParams& p, const Streams& s,
                                             std::uint64_t num_words);

/// The ZVC codec of the registry (codec.hpp).
const Codec& zvc_codec();

}  // namespace fmc
