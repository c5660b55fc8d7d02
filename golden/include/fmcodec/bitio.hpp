// SPDX-License-Identifier: Apache-2.0
/// @file bitio.hpp
/// MSB-first bit packing into fixed-width stream words, shared by every codec of the library.
///
/// Convention (docs/ebpc-format.md §1): the first bit written is bit W-1 of the first word; the last
/// word is padded with zero bits; no word is added when the stream ends on a word boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fmc {

/// Packs bit fields MSB first into W-bit words (1 <= W <= 32).
///
/// It also tracks which words are *released*: a complete word is known not to be the last one as
/// soon as any further bit is written, and the last one only at finish(). A streaming consumer
/// (the co-simulation) may take words [0, released()) with their `last` flags.
class BitWriter {
 public:
  /// Precondition: 1 <= word_width <= 32.
  explicit BitWriter(unsigned word_width);

  /// Appends the `count` low bits of `bits`, most significant first.
  /// Preconditions: count <= 32, not finished(), `bits` has no bit set at or above `count`.
  inline void put(std::uint32_t bits, unsigned count) {
    acc_ = (acc_ << count) | bits;
    nacc_ += count;
    while (nacc_ >= width_) {
      nacc_ -= width_;
      words_.push_back(static_cast<std::uint32_t>(acc_ >> nacc_) & mask_);
    }
  }

  /// Pads the partial word with zeros and marks the last word. Idempotent.
  void finish();

  /// True after finish().
  bool finished() const { return finished_; }
  /// Number of words whose `last` flag is known (see class comment).
  std::size_t released() const;
  /// Total bits written (padding excluded).
  std::uint64_t bit_count() const { return words_.size() * std::uint64_t(width_) + nacc_; }
  /// The complete words so far (all of them after finish()).
  const std::vector<std::uint32_t>& words() const { return words_; }
  /// Moves the words out and resets the writer to empty, unfinished.
  std::vector<std::uint32_t> take();
  /// Resets to empty, unfinished.
  void clear();
  /// Word width W.
  unsigned width() const { return width_; }

 private:
  unsigned width_;
  std::uint32_t mask_;
  std::uint64_t acc_ = 0;
  unsigned nacc_ = 0;
  bool finished_ = false;
  std::vector<std::uint32_t> words_;
};

/// Reads bit fields MSB first from W-bit words. Never reads out of bounds: every read is checked
/// against available().
class BitReader {
 public:
  /// Reads from `words` (not owned; must outlive the reader; may grow between calls).
  /// Precondition: 1 <= word_width <= 32.
  BitReader(const std::vector<std::uint32_t>* words, unsigned word_width);

  /// Bits not yet consumed in the words present now.
  std::uint64_t available() const { return words_->size() * std::uint64_t(width_) - pos_; }
  /// Returns the next `count` bits (count <= 32) without consuming them.
  /// Precondition: count <= available().
  std::uint32_t peek(unsigned count) const;
  /// Returns and consumes the next `count` bits. Precondition: count <= available().
  std::uint32_t read(unsigned count) {
    std::uint32_t v = peek(count);
    pos_ += count;
    return v;
  }
  /// Bit position (0 = MSB of word 0).
  std::uint64_t position() const { return pos_; }
  /// Moves to bit `pos`. Precondition: pos <= words->size() * W.
  void seek(std::uint64_t pos) { pos_ = pos; }
  /// Word width W.
  unsigned width() const { return width_; }

 private:
  const std::vector<std::uint32_t>* words_;
  unsigned width_;
  unsigned log2_width_;  ///< log2(W) if W is a power of two (positions split by shifts), else 0
  std::uint64_t pos_ = 0;
};

}  // namespace fmc
