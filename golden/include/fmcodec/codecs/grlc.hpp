// SPDX-License-Identifier: Apache-2.0
/// @file grlc.hpp
/// GRLC (grid-based run-length compression, after Park et al., ISLPED 2020; a documented
/// reconstruction, the paper's bitstream is not public): the words of a transmission are planes
/// of H x W cells in raster order; each plane is cut into grids of GH x GW cells; an all-zero grid
/// costs one bit, a non-zero grid a short header (mode, sign, value width b) and either a
/// non-zero bitmap with the non-zero values in b bits, or every cell in b bits. The normative
/// description is docs/grlc-format.md; section numbers below refer to it.
///
/// One stream (§1): `grid`, m-bit words, MSB first. Parameters: `grid_h` (GH: 1, 2, 4),
/// `grid_w` (GW: 4, 8, 16), `plane_w` (W) and `plane_h` (H), both 1..65535 and taken from the
/// tensor's last two axes when the tensor's shape is known.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// GRLC's container Codec_Id.
inline constexpr std::uint8_t kGrlcCodecId = 2;

/// GRLC stream errors (docs/grlc-format.md §5). The values are the RTL decoder's `err_code_o`.
enum class GrlcError : std::uint8_t {
  kTruncated = 1,   ///< the stream ends inside a grid (or before the last grid)
  kTrailing = 2,    ///< padding bits after the last grid are not 0, or words follow its word
  kEmptyGrid = 3,   ///< a grid flagged non-zero whose cells are all 0 (never encoded)
  kZeroValue = 4,   ///< bitmap mode: a cell flagged non-zero whose value is 0
  kValueRange = 5,  ///< an unsigned value that does not fit in m signed bits
};
/// "Truncated", ...; "Unknown" outside the enum.
const char* grlc_error_name(GrlcError e);

template <>
struct StreamErrorTraits<GrlcError> {
  static constexpr std::uint8_t kCodecId = kGrlcCodecId;
  static constexpr const char* kCodecName = "grlc";
  static const char* name(GrlcError e) { return grlc_error_name(e); }
};

/// GRLC parameters.
struct GrlcParams {
  unsigned data_width = 8;  ///< m: 8 or 16
  unsigned grid_h = 2;      ///< GH: 1, 2 or 4
  unsigned grid_w = 8;      ///< GW: 4, 8 or 16
  unsigned plane_w = 65535; ///< W: 1..65535
  unsigned plane_h = 1;     ///< H: 1..65535
  /// Ok when every field is legal; kBadParams otherwise.
  Status validate() const;
};

/// Whole-buffer encode (§3). Errors: kBadParams, kBadInput (a word does not fit in m signed bits).
Result<Streams> grlc_encode(const GrlcParams& p, WordView words);
/// Whole-buffer decode of `num_words` words (§4, §5). Errors: kBadParams, kBadInput (one stream
/// needed, a word with bits above m), the GrlcError of the first fault in bit order.
Result<std::vector<std::int32_t>> grlc_decode(const GrlcParams& p, const Streams& s,
                                              std::uint64_t num_words);

/// The GRLC codec of the registry (codec.hpp).
const Codec& grlc_codec();

}  // namespace fmc
