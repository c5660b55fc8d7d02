// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/bitio.hpp"

namespace fmc {

BitWriter::BitWriter(unsigned word_width)
    : width_(word_width),
      mask_(word_width >= 32 ? 0xffffffffu : ((1u << word_width) - 1u)) {}

void BitWriter::finish() {
  if (finished_) return;
  if (nacc_ > 0) {
    words_.push_back(static_cast<std::uint32_t>(acc_ << (width_ - nacc_)) & mask_);
    nacc_ = 0;
  }
  acc_ = 0;
  finished_ = true;
}

std::size_t BitWriter::released() const {
  if (finished_ || nacc_ > 0) return words_.size();
  return words_.empty() ? 0 : words_.size() - 1;
}

std::vector<std::uint32_t> BitWriter::take() {
  std::vector<std::uint32_t> w;
  w.swap(words_);
  clear();
  return w;
}

void BitWriter::clear() {
  words_.clear();
  acc_ = 0;
  nacc_ = 0;
  finished_ = false;
}

namespace {
// log2(w) for a power of two w > 1, else 0 (w = 1 needs no shift either: log2(1) = 0).
unsigned log2_if_power_of_two(unsigned w) {
  if ((w & (w - 1)) != 0) return 0;
  unsigned r = 0;
  while ((1u << r) < w) ++r;
  return r;
}
}  // namespace

BitReader::BitReader(const std::vector<std::uint32_t>* words, unsigned word_width)
    : words_(words), width_(word_width), log2_width_(log2_if_power_of_two(word_width)) {}

std::uint32_t BitReader::peek(unsigned count) const {
  // Word index and bits already used in it: shifts for the usual 8/16-bit words, else a divide
  // (once per call; the following words start at offset 0).
  const bool pow2 = (width_ & (width_ - 1)) == 0;
  std::size_t wi = static_cast<std::size_t>(pow2 ? pos_ >> log2_width_ : pos_ / width_);
  unsigned off = static_cast<unsigned>(pow2 ? pos_ & (width_ - 1) : pos_ % width_);
  std::uint64_t v = 0;
  unsigned need = count;
  while (need > 0) {
    const unsigned left = width_ - off;
    const unsigned take = left < need ? left : need;
    const std::uint64_t word = (*words_)[wi];
    const std::uint64_t bits = (word >> (left - take)) & ((std::uint64_t(1) << take) - 1);
    v = (v << take) | bits;
    need -= take;
    ++wi;
    off = 0;
  }
  return static_cast<std::uint32_t>(v);
}

}  // namespace fmc
