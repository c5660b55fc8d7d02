// SPDX-License-Identifier: Apache-2.0
// EBPC golden codec. Section numbers refer to docs/ebpc-format.md.
#include "fmcodec/ebpc.hpp"

#include <algorithm>
#include <string>

namespace fmc {
namespace {

unsigned log2u(unsigned v) {
  unsigned r = 0;
  while ((1u << r) < v) ++r;
  return r;
}

std::int32_t sign_extend(std::uint32_t v, unsigned bits) {
  const std::uint32_t sign = 1u << (bits - 1);
  return static_cast<std::int32_t>((v ^ sign) - sign);
}

bool fits_signed(std::int64_t v, unsigned bits) {
  return v >= -(std::int64_t(1) << (bits - 1)) && v < (std::int64_t(1) << (bits - 1));
}

// §3.1 symbol code prefixes (5 bits) and the zero-run codes.
constexpr std::uint32_t kCodeAllOnes = 0b00000;
constexpr std::uint32_t kCodePlaneZero = 0b00001;
constexpr std::uint32_t kCodeTwoOnes = 0b00010;
constexpr std::uint32_t kCodeOneOne = 0b00011;

// §3: transposes the n-1 deltas into m+1 delta bit-planes P_0..P_m. Plane bit (n-2) is d_1.
void delta_planes(const std::int32_t* w, unsigned m, unsigned n, std::uint32_t* planes) {
  for (unsigned b = 0; b <= m; ++b) planes[b] = 0;
  const std::uint32_t dmask = (1u << (m + 1)) - 1u;
  for (unsigned k = 1; k < n; ++k) {
    std::uint32_t d = static_cast<std::uint32_t>(w[k] - w[k - 1]) & dmask;
    const unsigned bitpos = n - 1 - k;
    while (d != 0) {
      const unsigned b = static_cast<unsigned>(__builtin_ctz(d));
      planes[b] |= 1u << bitpos;
      d &= d - 1;
    }
  }
}

}  // namespace

Status EbpcParams::validate() const {
  if (data_width != 8 && data_width != 16)
    return {ErrorCode::kBadParams,
            "data width " + std::to_string(data_width) + " not supported (8 or 16)"};
  if (block_size != 8 && block_size != 16)
    return {ErrorCode::kBadParams,
            "block size " + std::to_string(block_size) + " not supported (8 or 16)"};
  if (block_size > data_width)
    return {ErrorCode::kBadParams, "block size " + std::to_string(block_size) +
                                       " larger than data width " + std::to_string(data_width) +
                                       " (the format needs n <= m)"};
  return {};
}

// ---------------------------------------------------------------------------------------------
// §3 block coder
// ---------------------------------------------------------------------------------------------

void ebpc_encode_block(const EbpcParams& params, const std::int32_t* values, BitWriter& out) {
  const unsigned m = params.data_width;
  const unsigned n = params.block_size;
  const unsigned nb = n - 1;  // bits per delta plane
  const std::uint32_t all_ones = (1u << nb) - 1u;
  const unsigned log2m = log2u(m);
  const unsigned log2n = log2u(n);

  out.put(static_cast<std::uint32_t>(values[0]) & ((1u << m) - 1u), m);  // base, raw

  std::uint32_t planes[17];
  delta_planes(values, m, n, planes);

  unsigned run = 0;
  auto flush_run = [&]() {
    if (run == 1) {
      out.put(0b01, 2);
    } else if (run >= 2) {
      out.put(0b001, 3);
      out.put(run - 2, log2m);
    }
    run = 0;
  };

  for (unsigned i = 0; i <= m; ++i) {
    const std::uint32_t p = planes[i];
    const std::uint32_t x = (i == 0) ? p : (planes[i - 1] ^ p);
    if (x == 0) {
      ++run;
      continue;
    }
    flush_run();
    const int ones = __builtin_popcount(x);
    const unsigned pos = nb - 1 - (31 - static_cast<unsigned>(__builtin_clz(x)));  // from MSB
    if (x == all_ones) {
      out.put(kCodeAllOnes, 5);
    } else if (p == 0) {
      out.put(kCodePlaneZero, 5);
    } else if (ones == 2 && (x & (x >> 1)) != 0) {
      out.put(kCodeTwoOnes, 5);
      out.put(pos, log2n);
    } else if (ones == 1) {
      out.put(kCodeOneOne, 5);
      out.put(pos, log2n);
    } else {
      out.put(1, 1);
      out.put(x, nb);
    }
  }
  flush_run();
}

// ---------------------------------------------------------------------------------------------
// Streaming encoder
// ---------------------------------------------------------------------------------------------

EbpcEncoder::EbpcEncoder(const EbpcParams& params)
    : p_(params), znz_(params.data_width), bpc_(params.data_width) {}

Result<EbpcEncoder> EbpcEncoder::create(const EbpcParams& params) {
  Status s = params.validate();
  if (!s.ok()) return s;
  return EbpcEncoder(params);
}

void EbpcEncoder::reset() {
  znz_.clear();
  bpc_.clear();
  block_fill_ = 0;
  zero_run_ = 0;
  words_in_ = 0;
  znz_popped_ = 0;
  bpc_popped_ = 0;
  done_ = false;
}

void EbpcEncoder::flush_zero_run() {
  if (zero_run_ > 0) {
    znz_.put(zero_run_ - 1, 5);  // '0' then k-1 in 4 bits (§2)
    zero_run_ = 0;
  }
}

void EbpcEncoder::emit_block() {
  for (unsigned i = block_fill_; i < p_.block_size; ++i) block_[i] = 0;  // §3 stuffing
  ebpc_encode_block(p_, block_, bpc_);
  block_fill_ = 0;
}

Status EbpcEncoder::push(std::int32_t value, bool last) {
  if (done_) return {ErrorCode::kBadInput, "push after the last word of the transmission"};
  if (!fits_signed(value, p_.data_width))
    return {ErrorCode::kBadInput, "value " + std::to_string(value) + " at word " +
                                      std::to_string(words_in_) + " does not fit in " +
                                      std::to_string(p_.data_width) + " signed bits"};
  ++words_in_;
  if (value == 0) {
    if (++zero_run_ == kEbpcMaxZeroRun) flush_zero_run();  // §2: emitted at its 16th zero
  } else {
    flush_zero_run();
    znz_.put(1, 1);
    block_[block_fill_++] = value;
    if (block_fill_ == p_.block_size) emit_block();
  }
  if (last) {
    flush_zero_run();
    if (block_fill_ > 0) emit_block();
    znz_.finish();
    bpc_.finish();
    done_ = true;
  }
  return {};
}

std::optional<StreamBeat> EbpcEncoder::pop_znz() {
  if (znz_popped_ >= znz_.released()) return std::nullopt;
  const std::size_t i = znz_popped_++;
  return StreamBeat{znz_.words()[i], znz_.finished() && i + 1 == znz_.words().size()};
}

std::optional<StreamBeat> EbpcEncoder::pop_bpc() {
  if (bpc_popped_ >= bpc_.released()) return std::nullopt;
  const std::size_t i = bpc_popped_++;
  return StreamBeat{bpc_.words()[i], bpc_.finished() && i + 1 == bpc_.words().size()};
}

Result<EbpcStreams> ebpc_encode(const EbpcParams& params, const std::int32_t* words,
                                std::size_t count) {
  Status s = params.validate();
  if (!s.ok()) return s;
  EbpcEncoder enc(params);
  for (std::size_t i = 0; i < count; ++i) {
    s = enc.push(words[i], i + 1 == count);
    if (!s.ok()) return s;
  }
  if (count == 0) return EbpcStreams{};
  return enc.streams();
}

// ---------------------------------------------------------------------------------------------
// Streaming decoder
// ---------------------------------------------------------------------------------------------

EbpcDecoder::EbpcDecoder(const EbpcParams& params, std::uint64_t num_words)
    : p_(params),
      num_words_(num_words),
      znz_rd_(&znz_words_, params.data_width),
      bpc_rd_(&bpc_words_, params.data_width),
      block_pos_(params.block_size) {}

Result<EbpcDecoder> EbpcDecoder::create(const EbpcParams& params, std::uint64_t num_words) {
  Status s = params.validate();
  if (!s.ok()) return s;
  if (num_words == 0) return Status(ErrorCode::kBadInput, "word count must be at least 1");
  return EbpcDecoder(params, num_words);
}

void EbpcDecoder::fail(ErrorCode code, std::string message) {
  if (status_.ok()) status_ = Status(code, std::move(message));
}

Status EbpcDecoder::push_znz(std::uint32_t word, bool last) {
  if (!status_.ok()) return status_;
  if ((word >> p_.data_width) != 0) {
    fail(ErrorCode::kBadInput, "ZNZ word " + std::to_string(znz_words_.size()) + " has bits above " +
                                   std::to_string(p_.data_width));
    return status_;
  }
  if (znz_end_ || done_) {
    fail(ErrorCode::kZnzTrailing, "ZNZ word " + std::to_string(znz_words_.size()) +
                                      " arrives after the end of the ZNZ stream");
    return status_;
  }
  znz_words_.push_back(word);
  znz_end_ = last;
  step();
  return status_;
}

Status EbpcDecoder::push_bpc(std::uint32_t word, bool last) {
  if (!status_.ok()) return status_;
  if ((word >> p_.data_width) != 0) {
    fail(ErrorCode::kBadInput, "BPC word " + std::to_string(bpc_words_.size()) + " has bits above " +
                                   std::to_string(p_.data_width));
    return status_;
  }
  if (bpc_end_ || done_) {
    fail(ErrorCode::kBpcTrailing, "BPC word " + std::to_string(bpc_words_.size()) +
                                      " arrives after the end of the BPC stream");
    return status_;
  }
  bpc_words_.push_back(word);
  bpc_end_ = last;
  step();
  return status_;
}

std::optional<std::int32_t> EbpcDecoder::pop() {
  if (popped_ >= out_.size()) return std::nullopt;
  return out_[popped_++];
}

bool EbpcDecoder::wants_znz() const { return status_.ok() && !done_ && blocked_on_znz_; }
bool EbpcDecoder::wants_bpc() const { return status_.ok() && !done_ && blocked_on_bpc_; }

// §3: decodes the next block from the BPC stream into block_. On kNeedMore nothing is consumed.
EbpcDecoder::BlockTry EbpcDecoder::try_decode_block() {
  const unsigned m = p_.data_width;
  const unsigned n = p_.block_size;
  const unsigned nb = n - 1;
  const std::uint32_t all_ones = (1u << nb) - 1u;
  const unsigned log2m = log2u(m);
  const unsigned log2n = log2u(n);
  const std::uint64_t start = bpc_rd_.position();
  const std::uint64_t block_no = blocks_;

  bool short_read = false;
  auto get = [&](unsigned count) -> std::uint32_t {
    if (short_read || bpc_rd_.available() < count) {
      short_read = true;
      return 0;
    }
    return bpc_rd_.read(count);
  };
  auto where = [&]() {
    return "BPC block " + std::to_string(block_no) + " (starting at bit " + std::to_string(start) +
           ")";
  };

  const std::uint32_t base = get(m);
  std::uint32_t planes[17] = {};
  unsigned i = 0;
  while (i <= m && !short_read) {
    const std::uint64_t sym_at = bpc_rd_.position();
    std::uint32_t x = 0;
    bool plane_zero = false;
    unsigned repeat = 1;  // number of symbols this code covers (zero runs)
    if (get(1) == 1) {
      x = get(nb);  // '1' + X raw
    } else if (get(1) == 1) {
      x = 0;  // '01': run of one zero X
    } else if (get(1) == 1) {
      repeat = get(log2m) + 2;  // '001' + (k-2)
      if (!short_read && i + repeat > m + 1) {
        fail(ErrorCode::kBadCode, where() + ": zero run of " + std::to_string(repeat) +
                                      " at symbol " + std::to_string(i) + " (bit " +
                                      std::to_string(sym_at) + ") goes past the block's " +
                                      std::to_string(m + 1) + " symbols");
        return BlockTry::kError;
      }
    } else {
      const std::uint32_t code = get(2);  // '000' + 2 bits
      if (code == (kCodeAllOnes & 3)) {
        x = all_ones;
      } else if (code == (kCodePlaneZero & 3)) {
        if (!short_read && (i == 0 || planes[i - 1] == 0)) {
          fail(ErrorCode::kBadCode, where() + ": 'all-0 plane' code at symbol " +
                                        std::to_string(i) + " (bit " + std::to_string(sym_at) +
                                        ") where the previous plane is already 0");
          return BlockTry::kError;
        }
        plane_zero = true;
      } else {
        const std::uint32_t pos = get(log2n);
        const bool two = code == (kCodeTwoOnes & 3);
        const std::uint32_t max_pos = two ? nb - 2 : nb - 1;
        if (!short_read && pos > max_pos) {
          fail(ErrorCode::kBadCode, where() + ": position " + std::to_string(pos) + " at symbol " +
                                        std::to_string(i) + " (bit " + std::to_string(sym_at) +
                                        ") is out of range (max " + std::to_string(max_pos) + ")");
          return BlockTry::kError;
        }
        x = two ? (3u << (nb - 2 - pos)) : (1u << (nb - 1 - pos));
      }
    }
    if (short_read) break;
    for (unsigned r = 0; r < repeat; ++r, ++i) {
      const std::uint32_t prev = (i == 0) ? 0 : planes[i - 1];
      planes[i] = plane_zero ? 0 : (prev ^ x);
    }
  }

  if (short_read) {
    bpc_rd_.seek(start);
    if (bpc_end_) {
      fail(ErrorCode::kBpcTruncated, where() + ": the BPC stream ends (" +
                                         std::to_string(bpc_words_.size()) +
                                         " words) before the block is complete");
      return BlockTry::kError;
    }
    return BlockTry::kNeedMore;
  }

  // Rebuild the values from the base and the deltas (planes are (n-1)-bit, bit n-2 = d_1).
  std::int64_t v = sign_extend(base, m);
  block_[0] = static_cast<std::int32_t>(v);
  for (unsigned k = 1; k < n; ++k) {
    std::uint32_t d = 0;
    for (unsigned b = 0; b <= m; ++b) d |= ((planes[b] >> (n - 1 - k)) & 1u) << b;
    v += sign_extend(d, m + 1);
    if (!fits_signed(v, m)) {
      fail(ErrorCode::kValueRange, where() + ": value " + std::to_string(k) + " of the block (" +
                                       std::to_string(v) + ") does not fit in " +
                                       std::to_string(m) + " bits");
      return BlockTry::kError;
    }
    block_[k] = static_cast<std::int32_t>(v);
  }
  block_pos_ = 0;
  have_block_ = true;
  ++blocks_;
  return BlockTry::kOk;
}

void EbpcDecoder::step() {
  blocked_on_znz_ = false;
  blocked_on_bpc_ = false;
  while (status_.ok() && out_.size() < num_words_) {
    if (pending_zeros_ > 0) {
      out_.insert(out_.end(), pending_zeros_, 0);
      pending_zeros_ = 0;
      continue;
    }
    const std::uint64_t at = znz_rd_.position();
    const std::uint64_t avail = znz_rd_.available();
    if (avail == 0 || (znz_rd_.peek(1) == 0 && avail < 5)) {
      if (znz_end_) {
        fail(ErrorCode::kZnzTruncated,
             "ZNZ stream ends (" + std::to_string(znz_words_.size()) + " words, bit " +
                 std::to_string(at) + ") after " + std::to_string(out_.size()) + " of " +
                 std::to_string(num_words_) + " words");
      } else {
        blocked_on_znz_ = true;
      }
      return;
    }
    if (znz_rd_.peek(1) == 1) {  // non-zero word: next value of the current BPC block
      if (block_pos_ >= p_.block_size) {
        const BlockTry t = try_decode_block();
        if (t == BlockTry::kNeedMore) {
          blocked_on_bpc_ = true;
          return;
        }
        if (t == BlockTry::kError) return;
      }
      const std::int32_t v = block_[block_pos_++];
      if (v == 0) {
        fail(ErrorCode::kZeroNonzero, "word " + std::to_string(out_.size()) +
                                          " is flagged non-zero in ZNZ (bit " + std::to_string(at) +
                                          ") but its BPC value is 0");
        return;
      }
      znz_rd_.read(1);
      out_.push_back(v);
    } else {  // zero run: '0' + (k-1) in 4 bits
      const std::uint64_t k = (znz_rd_.peek(5) & 0xfu) + 1;
      if (out_.size() + k > num_words_) {
        fail(ErrorCode::kRunOverflow, "ZNZ zero run of " + std::to_string(k) + " at bit " +
                                          std::to_string(at) + " reaches past the word count (" +
                                          std::to_string(out_.size()) + " + " + std::to_string(k) +
                                          " > " + std::to_string(num_words_) + ")");
        return;
      }
      znz_rd_.read(5);
      pending_zeros_ = k;
    }
  }
  if (status_.ok() && out_.size() == num_words_ && !done_) final_checks();
}

void EbpcDecoder::check_padding(const BitReader& rd, const std::vector<std::uint32_t>& words,
                                bool ended, ErrorCode code, const char* name) {
  const unsigned m = p_.data_width;
  const std::uint64_t pos = rd.position();
  const std::uint64_t used_words = (pos + m - 1) / m;
  const unsigned pad = static_cast<unsigned>(used_words * m - pos);
  if (pad > 0 && (words[used_words - 1] & ((1u << pad) - 1u)) != 0) {
    fail(code, std::string(name) + " padding bits after bit " + std::to_string(pos) +
                   " are not zero");
    return;
  }
  if (!ended || words.size() != used_words) {
    fail(code, std::string(name) + " stream goes on after its last symbol (word " +
                   std::to_string(used_words - 1) + " is not marked last)");
  }
}

void EbpcDecoder::final_checks() {
  check_padding(znz_rd_, znz_words_, znz_end_, ErrorCode::kZnzTrailing, "ZNZ");
  if (!status_.ok()) return;
  if (blocks_ == 0) {
    if (!bpc_words_.empty())
      fail(ErrorCode::kBpcTrailing, "all words are zero but the BPC stream is not empty");
  } else {
    for (unsigned i = block_pos_; i < p_.block_size; ++i) {
      if (block_[i] != 0) {
        fail(ErrorCode::kZeroNonzero, "stuffing value " + std::to_string(i) +
                                          " of the last BPC block is not zero");
        return;
      }
    }
    check_padding(bpc_rd_, bpc_words_, bpc_end_, ErrorCode::kBpcTrailing, "BPC");
  }
  if (status_.ok()) done_ = true;
}

Result<std::vector<std::int32_t>> ebpc_decode(const EbpcParams& params,
                                              const std::vector<std::uint32_t>& znz,
                                              const std::vector<std::uint32_t>& bpc,
                                              std::uint64_t num_words) {
  Status s = params.validate();
  if (!s.ok()) return s;
  if (num_words == 0) {
    if (!znz.empty() || !bpc.empty())
      return Status(ErrorCode::kZnzTrailing, "word count is 0 but the streams are not empty");
    return std::vector<std::int32_t>{};
  }
  EbpcDecoder dec(params, num_words);
  // Feed BPC first: the decoder then never waits on it and each block is parsed once.
  for (std::size_t i = 0; i < bpc.size(); ++i) {
    s = dec.push_bpc(bpc[i], i + 1 == bpc.size());
    if (!s.ok()) return s;
  }
  for (std::size_t i = 0; i < znz.size(); ++i) {
    s = dec.push_znz(znz[i], i + 1 == znz.size());
    if (!s.ok()) return s;
  }
  if (!dec.done()) {
    if (znz.empty() || dec.wants_znz())
      return Status(ErrorCode::kZnzTruncated,
                    "ZNZ stream (" + std::to_string(znz.size()) + " words) ends after " +
                        std::to_string(dec.words_decoded()) + " of " + std::to_string(num_words) +
                        " words");
    return Status(ErrorCode::kBpcTruncated,
                  "BPC stream (" + std::to_string(bpc.size()) + " words) ends after " +
                      std::to_string(dec.words_decoded()) + " of " + std::to_string(num_words) +
                      " words");
  }
  std::vector<std::int32_t> out;
  out.reserve(static_cast<std::size_t>(dec.words_decoded()));
  while (auto v = dec.pop()) out.push_back(*v);
  return out;
}

}  // namespace fmc
