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

BitReader::BitReader(const std::vector<std::uint32_t>* words, unsigned word_width)
    : words_(words), width_(word_width) {}

std::uint32_t BitReader::peek(unsigned count) const {
  std::uint64_t v = 0;
  std::uint64_t pos = pos_;
  unsigned need = count;
  while (need > 0) {
    std::size_t wi = static_cast<std::size_t>(pos / width_);
    unsigned off = static_cast<unsigned>(pos % width_);  // bits already used in this word
    unsigned left = width_ - off;
    unsigned take = left < need ? left : need;
    std::uint64_t word = (*words_)[wi];
    std::uint64_t bits = (word >> (left - take)) & ((std::uint64_t(1) << take) - 1);
    v = (v << take) | bits;
    need -= take;
    pos += take;
  }
  return static_cast<std::uint32_t>(v);
}

}  // namespace fmc
