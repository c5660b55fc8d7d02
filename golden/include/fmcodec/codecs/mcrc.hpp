// SPDX-License-Identifier: Apache-2.0
/// @file mcrc.hpp
/// MCRC (magnitude-class range coder), the project's own codec: every value (or, in signed mode,
/// its residual against a plane-mean/above predictor) is split into its magnitude class (the bit
/// length of its magnitude, 0..m) and the bits below the leading one. The class is coded by an
/// adaptive multi-symbol range coder in the context of the classes of the left and the upper
/// neighbour; the remaining bits (and the sign) go raw into a second stream. Lossless, or with
/// `near` = k > 0 near-lossless: values rounded to a step of 2^k first (|error| <= 2^(k-1)).
/// The normative description is docs/mcrc-format.md; section numbers below refer to it.
///
/// Two streams (§1): 0 = `ac` (the range coder's bits), 1 = `raw` (mantissa and sign bits), both
/// MSB first in m-bit words. Parameters: `plane_w` (W) and `plane_h` (H), 1..65535, taken from the
/// tensor's last two axes when its shape is known; `unsigned` (1: values coded as unsigned m-bit
/// patterns without prediction, for non-negative tensors; 0: signed residuals of the predictor);
/// `near` (k: 0..7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// MCRC's container Codec_Id.
inline constexpr std::uint8_t kMcrcCodecId = 4;

/// MCRC stream errors (docs/mcrc-format.md §6). The values are the RTL decoder's `err_code_o`.
enum class McrcError : std::uint8_t {
  kAcTruncated = 1,    ///< the ac stream ends before a bit the range decoder reads
  kRawTruncated = 2,   ///< the raw stream ends before a bit a value needs
  kAcStart = 3,        ///< the first 13 bits of the ac stream are all ones (outside the interval)
  kAcCheck = 4,        ///< after the last value the decoder's offset is not 0 (corrupt ac stream)
  kAcTrailing = 5,     ///< ac padding bits not 0, or ac words after the one holding its last bit
  kRawTrailing = 6,    ///< raw padding bits not 0, or raw words after the one holding its last bit
  kResidualRange = 7,  ///< signed mode: a residual outside [-2^(m-1), 2^(m-1) - 1]
};
/// "AcTruncated", ...; "Unknown" outside the enum.
const char* mcrc_error_name(McrcError e);

template <>
struct StreamErrorTraits<McrcError> {
  static constexpr std::uint8_t kCodecId = kMcrcCodecId;
  static constexpr const char* kCodecName = "mcrc";
  static const char* name(McrcError e) { return mcrc_error_name(e); }
};

/// MCRC parameters.
struct McrcParams {
  unsigned data_width = 8;   ///< m: 8 or 16
  unsigned plane_w = 65535;  ///< W: 1..65535
  unsigned plane_h = 1;      ///< H: 1..65535
  bool is_unsigned = false;  ///< U: 1 = unsigned patterns, no predictor; 0 = signed residuals
  unsigned near = 0;         ///< k: 0..7, quantization step 2^k (0: lossless)
  /// Ok when every field is legal; kBadParams otherwise.
  Status validate() const;
};

/// The model and coder constants of §3.2 and §4 (fixed in version 4).
struct McrcConst {
  static constexpr unsigned kRangeBits = 13;   ///< R: the range register's width
  static constexpr unsigned kProbBits = 9;     ///< P: CDF precision
  static constexpr unsigned kRangeQBits = 4;   ///< Q: range bits in the products, q = rng >> (R - Q)
  static constexpr unsigned kRate = 5;         ///< adaptation shift
  static constexpr unsigned kEmaShift = 3;     ///< the predictor's plane mean: E += (16 q - E) >> 3
  static constexpr unsigned kEmaFrac = 4;      ///< fraction bits of the plane mean E
  static_assert(kProbBits + kRangeQBits == kRangeBits, "the products q (2^P - e) are not scaled");
};

/// Number of contexts (2m + 1) and symbols (m + 1) at data width m.
inline unsigned mcrc_contexts(unsigned m) { return 2 * m + 1; }
inline unsigned mcrc_symbols(unsigned m) { return m + 1; }

/// Whole-buffer encode (§5). Errors: kBadParams, kBadInput (a word does not fit in m signed bits).
Result<Streams> mcrc_encode(const McrcParams& p, WordView words);
/// Whole-buffer decode of `num_words` words (§5, §6). Errors: kBadParams, kBadInput (two streams
/// needed, a word with bits above m), the McrcError of the first fault in decode order.
Result<std::vector<std::int32_t>> mcrc_decode(const McrcParams& p, const Streams& s,
                                              std::uint64_t num_words);
/// The largest |x - decode(encode(x))|: 2^(k-1) for k >= 1, 0 for k = 0.
std::uint32_t mcrc_error_bound(const McrcParams& p);

/// The MCRC codec of the registry (codec.hpp).
const Codec& mcrc_codec();

}  // namespace fmc
