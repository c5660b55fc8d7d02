// SPDX-License-Identifier: Apache-2.0
/// @file dct.hpp
/// DCT: a lossy codec of 4 x 4 tiles (after the DCT feature-map compression of Shao et al. 2021,
/// arXiv 2110.06155, whose bitstream is not public; a documented format of our own, chosen by
/// measurement, docs/results/dct-design.md). The words of a transmission are planes of H x W cells in raster
/// order; each plane is cut into 4 x 4 tiles; a tile is empty (one bit), or coded with the HEVC
/// 4-point integer transform (quantized by a shift s with a dead zone, DC predicted from the
/// previous tile, significance bits and Rice codes), or in the spatial domain (transform skip: the
/// values rounded to the transform's step, Rice coded). The encoder picks the mode by an integer
/// rate-distortion cost. The normative description is docs/dct-format.md; section numbers below
/// refer to it.
///
/// One stream (§1): `tile`, m-bit words, MSB first. Parameters: `plane_w` (W) and `plane_h` (H),
/// both 1..65535 and taken from the tensor's last two axes when the tensor's shape is known;
/// `shift` (s, 4..9, default 7: the quality, a quantizer step of 2^(s + m - 8) / 16 in orthonormal
/// units); `unsigned` (0: the reconstruction is clamped to the signed m-bit range; 1: to
/// [0, 2^(m-1) - 1], no sign bits in spatial tiles).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// DCT's container Codec_Id.
inline constexpr std::uint8_t kDctCodecId = 3;

/// DCT stream errors (docs/dct-format.md §6). The values are an RTL decoder's `err_code_o`.
enum class DctError : std::uint8_t {
  kTruncated = 1,         ///< the stream ends inside a tile (or before the last tile)
  kTrailing = 2,          ///< padding bits after the last tile are not 0, or words follow its word
  kEmptyTile = 3,         ///< a tile coded non-empty whose coefficients or values are all 0
  kCoefficientRange = 4,  ///< a transform coefficient (DC or AC) outside +-2^(13 - s)
  kValueRange = 5,        ///< a spatial value outside +-2^(11 - s)
  kRiceEscape = 6,        ///< a Rice escape whose value the short code could have coded
};
/// "Truncated", ...; "Unknown" outside the enum.
const char* dct_error_name(DctError e);

template <>
struct StreamErrorTraits<DctError> {
  static constexpr std::uint8_t kCodecId = kDctCodecId;
  static constexpr const char* kCodecName = "dct";
  static const char* name(DctError e) { return dct_error_name(e); }
};

/// DCT parameters (§1).
struct DctParams {
  unsigned data_width = 8;      ///< m: 8 or 16
  unsigned plane_w = 65535;     ///< W: 1..65535
  unsigned plane_h = 1;         ///< H: 1..65535
  unsigned shift = 7;           ///< s: 4..9
  bool unsigned_range = false;  ///< the `unsigned` parameter: output range [0, 2^(m-1) - 1]
  /// Ok when every field is legal; kBadParams otherwise.
  Status validate() const;
};

/// Whole-buffer encode (§4). Errors: kBadParams, kBadInput (a word does not fit in m signed bits).
/// With `unsigned_range`, a negative word is coded as 0 (§4.1).
Result<Streams> dct_encode(const DctParams& p, WordView words);
/// Whole-buffer decode of `num_words` words (§5, §6): the reconstruction. Errors: kBadParams,
/// kBadInput (one stream needed, a word with bits above m), the DctError of the first fault in
/// bit order.
Result<std::vector<std::int32_t>> dct_decode(const DctParams& p, const Streams& s,
                                             std::uint64_t num_words);
/// The largest |x - reconstruction| the encoder of §4 guarantees for every input x (§4.5), or
/// nullopt with `unsigned_range` (a negative input is clamped to 0). Precondition: p valid.
std::optional<std::uint32_t> dct_error_bound(const DctParams& p);

/// The transform of §3.2, exposed for the worked examples and tests.
namespace dct {
/// The forward transform of a 4 x 4 tile x (row-major) into F (row-major, F[u][v], u the
/// vertical frequency). Precondition: |x| < 2^16.
void forward(const std::int32_t x[16], std::int32_t f[16]);
/// The inverse transform of dequantized coefficients f into y (not clamped to the output range);
/// `m` sets the clip of the first pass to m + 8 signed bits. Precondition: |f| < 2^24.
void inverse(const std::int32_t f[16], std::int32_t y[16], unsigned m);
/// The coefficient scan (§2.3): zig-zag position -> raster index in the tile.
extern const unsigned kScan[16];
}  // namespace dct

/// The DCT codec of the registry (codec.hpp).
const Codec& dct_codec();

}  // namespace fmc
