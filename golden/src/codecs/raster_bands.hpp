// SPDX-License-Identifier: Apache-2.0
// What the codecs that code planes of H x W cells in bands of rows share (GRLC's grids, DCT's
// tiles; docs/grlc-format.md §2.1, docs/dct-format.md §2): the band geometry of a transmission,
// the release of decoded cells in raster order, and the end-of-stream check of a one-stream
// MSB-first bit string.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace fmc {
namespace detail {

/// A band: `rows` rows of a plane from row y0 (fewer than the band height at the plane's bottom),
/// its cells from index `first` (row 0, column 0) in the transmission.
struct Band {
  std::uint64_t first = 0;
  unsigned rows = 0;
  std::uint64_t plane = 0;
  unsigned y0 = 0;
};

/// Planes of `h` x `w` cells in raster order, cut into bands of `band_h` rows.
/// Preconditions: w, h, band_h >= 1.
inline Band band_at(unsigned w, unsigned h, unsigned band_h, std::uint64_t plane, unsigned y0) {
  const std::uint64_t hw = std::uint64_t(h) * w;
  return Band{plane * hw + std::uint64_t(y0) * w, std::min(band_h, h - y0), plane, y0};
}
/// The band after `b`: the next rows of its plane, or the first band of the next plane.
inline Band next_band(unsigned w, unsigned h, unsigned band_h, const Band& b) {
  if (b.y0 + band_h < h) return band_at(w, h, band_h, b.plane, b.y0 + band_h);
  return band_at(w, h, band_h, b.plane + 1, 0);
}

/// Appends to `out`, in raster order, the cells of band `b` from `released` (the band's cells
/// already appended) up to cell `upto` (exclusive, counted from the band's first cell), cut at
/// the transmission's `n` cells, and advances `released`. Precondition: band_vals holds at least
/// min(upto, n - b.first) cells.
inline void release_cells(const Band& b, std::uint64_t n, std::uint64_t upto,
                          const std::vector<std::int32_t>& band_vals,
                          std::vector<std::int32_t>& out, std::uint64_t& released) {
  const std::uint64_t end = std::min<std::uint64_t>(upto, n - b.first);
  if (end <= released) return;
  out.insert(out.end(), band_vals.begin() + static_cast<std::ptrdiff_t>(released),
             band_vals.begin() + static_cast<std::ptrdiff_t>(end));
  released = end;
}

/// Appends the rest of a decoded band to `out` in raster order (its rows of `w` cells from
/// `band_vals`, from cell `released` on, cut at the transmission's `n` cells); `released` is 0
/// again for the next band. Precondition: band_vals holds b.rows * w.
inline void release_band(const Band& b, unsigned w, std::uint64_t n,
                         const std::vector<std::int32_t>& band_vals,
                         std::vector<std::int32_t>& out, std::uint64_t& released) {
  release_cells(b, n, std::uint64_t(b.rows) * w, band_vals, out, released);
  released = 0;
}

/// The end of a one-stream bit string of m-bit words, MSB first, whose last used bit is bit
/// `bits` - 1: kBadPadding if the padding bits of the word holding it are not all 0,
/// kWordsAfter if words follow that word, else kOk (also when that word has not arrived yet).
enum class StreamEnd { kOk, kBadPadding, kWordsAfter };
inline StreamEnd check_stream_end(const std::vector<std::uint32_t>& words, std::uint64_t bits,
                                  unsigned m) {
  const std::uint64_t used = (bits + m - 1) / m;
  const unsigned pad = static_cast<unsigned>(used * m - bits);
  if (pad > 0 && used <= words.size() && (words[used - 1] & ((1u << pad) - 1u)) != 0)
    return StreamEnd::kBadPadding;
  if (words.size() > used) return StreamEnd::kWordsAfter;
  return StreamEnd::kOk;
}

}  // namespace detail
}  // namespace fmc
