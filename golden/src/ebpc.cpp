// SPDX-License-Identifier: Apache-2.0
// EBPC golden codec. Section numbers refer to docs/ebpc-format.md.
#include "fmcodec/ebpc.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "ebpc_internal.hpp"

namespace fmc {
namespace {

using detail::fits_signed;
using detail::log2u;
using detail::sign_extend;

// §3.1 symbol code prefixes (5 bits) and the zero-run codes.
constexpr std::uint32_t kCodeAllOnes = 0b00000;
constexpr std::uint32_t kCodePlaneZero = 0b00001;
constexpr std::uint32_t kCodeTwoOnes = 0b00010;
constexpr std::uint32_t kCodeOneOne = 0b00011;

// ---------------------------------------------------------------------------------------------
// Encoder internals. The streaming EbpcEncoder below is the plain reading of §2; the whole-buffer
// ebpc_encode() produces the same streams faster (bit-matrix transpose, table-driven codes, zero
// runs found by bit scans instead of a branch per word). test_ebpc_fast.cpp compares both, and the
// block coder with a literal transcription of §3, on random data.
// ---------------------------------------------------------------------------------------------

// Bit 8r+c of `x` moves to bit 8c+r: the transpose of an 8x8 bit matrix whose row r is byte r
// (Hacker's Delight, 2nd ed., fig. 7-6: swap 1x1, 2x2, then 4x4 sub-blocks across the diagonal).
inline std::uint64_t transpose8x8(std::uint64_t x) {
  std::uint64_t t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAull;
  x ^= t ^ (t << 7);
  t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCull;
  x ^= t ^ (t << 14);
  t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0ull;
  x ^= t ^ (t << 28);
  return x;
}

// §3: the M+1 delta bit-planes P_0..P_M of the block w[0..N-1]. Plane bit N-1-k is bit b of
// d_k = w_k - w_(k-1) in M+1 bits (k = 1..N-1), so the plane's MSB is d_1. Definition:
//   for b in 0..M:  P_b = OR over k = 1..N-1 of ((d_k >> b) & 1) << (N-1-k)
// Computed as a bit-matrix transpose (row r = d_(N-1-r), row N-1 = 0) in 8x8 tiles for the
// delta bits 0..M-1; the plane of bit M (the deltas' sign) is gathered bit by bit.
template <unsigned M, unsigned N>
inline void delta_planes(const std::int32_t* w, std::uint32_t* planes) {
  constexpr std::uint32_t kDeltaMask = (1u << (M + 1)) - 1u;
  std::uint32_t row[N];
#pragma GCC unroll 16
  for (unsigned r = 0; r + 1 < N; ++r)
    row[r] = static_cast<std::uint32_t>(w[N - 1 - r] - w[N - 2 - r]) & kDeltaMask;
  row[N - 1] = 0;
#pragma GCC unroll 2
  for (unsigned cg = 0; cg < M / 8; ++cg) {  // delta bits 8cg..8cg+7 = planes 8cg..8cg+7
    std::uint32_t acc[8] = {};
#pragma GCC unroll 2
    for (unsigned rg = 0; rg < N / 8; ++rg) {  // rows 8rg..8rg+7 = plane bits 8rg..8rg+7
      std::uint64_t tile = 0;
#pragma GCC unroll 8
      for (unsigned r = 0; r < 8; ++r)
        tile |= std::uint64_t((row[8 * rg + r] >> (8 * cg)) & 0xffu) << (8 * r);
      tile = transpose8x8(tile);
#pragma GCC unroll 8
      for (unsigned c = 0; c < 8; ++c)
        acc[c] |= static_cast<std::uint32_t>((tile >> (8 * c)) & 0xffu) << (8 * rg);
    }
#pragma GCC unroll 8
    for (unsigned c = 0; c < 8; ++c) planes[8 * cg + c] = acc[c];
  }
  std::uint32_t sign = 0;
#pragma GCC unroll 16
  for (unsigned r = 0; r + 1 < N; ++r) sign |= ((row[r] >> M) & 1u) << r;
  planes[M] = sign;
}

// A code word: `len` bits, the value `bits`, sent MSB first.
struct Code {
  std::uint32_t bits = 0;
  std::uint32_t len = 0;
};

// §3.1: the code of a non-zero X whose paired plane P is not 0 (P = 0 is handled by the caller),
// with the tests in the order of the format's table.
template <unsigned N>
constexpr Code symbol_code(std::uint32_t x) {
  constexpr unsigned kNb = N - 1;  // bits per delta plane
  constexpr std::uint32_t kAllOnes = (1u << kNb) - 1u;
  constexpr unsigned kLog2N = (N == 8) ? 3 : 4;
  const std::uint32_t pos = kNb - 1 - (31 - static_cast<unsigned>(__builtin_clz(x)));  // from MSB
  const std::uint32_t trimmed = x >> __builtin_ctz(x);  // X without its trailing zeros
  if (x == kAllOnes) return {kCodeAllOnes, 5};
  if (trimmed == 0b11) return {(kCodeTwoOnes << kLog2N) | pos, 5 + kLog2N};  // two adjacent ones
  if (trimmed == 0b1) return {(kCodeOneOne << kLog2N) | pos, 5 + kLog2N};    // one one
  return {(1u << kNb) | x, 1 + kNb};                                         // `1` + X raw
}

// §3.1: the code of a run of k zero X (0 <= k <= M+1; k = 0 is the empty code).
template <unsigned M>
constexpr Code zero_run_code(unsigned k) {
  constexpr unsigned kLog2M = (M == 8) ? 3 : 4;
  if (k == 0) return {0, 0};
  if (k == 1) return {0b01, 2};
  return {(0b001u << kLog2M) | (k - 2), 3 + kLog2M};
}

// Lookup tables of the two functions above: every 7-bit X (n = 8), every run length.
struct SymbolTable8 {
  Code code[128];
};
constexpr SymbolTable8 make_symbol_table8() {
  SymbolTable8 t;
  for (std::uint32_t x = 1; x < 128; ++x) t.code[x] = symbol_code<8>(x);
  return t;
}
constexpr SymbolTable8 kSymbolCodes8 = make_symbol_table8();

template <unsigned M>
struct ZeroRunTable {
  Code code[M + 2];
};
template <unsigned M>
constexpr ZeroRunTable<M> make_zero_run_table() {
  ZeroRunTable<M> t;
  for (unsigned k = 0; k <= M + 1; ++k) t.code[k] = zero_run_code<M>(k);
  return t;
}
template <unsigned M>
constexpr ZeroRunTable<M> kZeroRunCodes = make_zero_run_table<M>();

// §3: codes one block of N values into `out`: the base, then symbols 0..M (LSB plane first), each
// non-zero X preceded by the code of the zero X run before it. At most M + (M+1)*N bits.
template <unsigned M, unsigned N, typename Writer>
void encode_block(const std::int32_t* values, Writer& out) {
  constexpr std::uint32_t kAllOnes = (1u << (N - 1)) - 1u;
  out.put(static_cast<std::uint32_t>(values[0]) & ((1u << M) - 1u), M);  // base, raw

  std::uint32_t planes[M + 1];
  delta_planes<M, N>(values, planes);
  std::uint32_t x[M + 1];     // X_0 = P_0, X_i = P_(i-1) XOR P_i
  std::uint32_t nonzero = 0;  // bit i set: X_i != 0
#pragma GCC unroll 17
  for (unsigned i = 0; i <= M; ++i) {
    x[i] = (i == 0 ? 0u : planes[i - 1]) ^ planes[i];
    nonzero |= static_cast<std::uint32_t>(x[i] != 0) << i;
  }

  unsigned next = 0;  // first symbol not coded yet
  while (nonzero != 0) {
    const unsigned i = static_cast<unsigned>(__builtin_ctz(nonzero));
    nonzero &= nonzero - 1;
    Code c = (N == 8) ? kSymbolCodes8.code[x[i]] : symbol_code<N>(x[i]);
    if (planes[i] == 0 && x[i] != kAllOnes) c = {kCodePlaneZero, 5};  // all ones is tested first
    const Code run = kZeroRunCodes<M>.code[i - next];
    out.put((run.bits << c.len) | c.bits, run.len + c.len);
    next = i + 1;
  }
  const Code run = kZeroRunCodes<M>.code[M + 1 - next];
  out.put(run.bits, run.len);
}

// MSB-first packing into W-bit words with the same result as BitWriter (bitio.hpp), for the
// whole-buffer encoder. put() has no branch: it stores the top 32-bit chunk every time and keeps
// it only once complete; finish() expands the chunks into W-bit words in place. (BitWriter keeps
// W-bit words from the start, as the streaming encoder needs.)
template <unsigned W>
class WordPacker {
 public:
  explicit WordPacker(std::vector<std::uint32_t>& out) : out_(out) { out_.clear(); }

  // Makes room for `bits` more bits: required before put() calls that write them.
  void reserve(std::size_t bits) {
    const std::size_t need = chunks_ + bits / 32 + 2;  // + the partial and the speculative chunk
    if (out_.size() < need) out_.resize(std::max(need, 2 * out_.size()));
    data_ = out_.data();
  }
  // Appends the `count` (<= 32) low bits of `bits`; no bit of `bits` is set at or above `count`.
  void put(std::uint32_t bits, unsigned count) {
    acc_ = (acc_ << count) | bits;
    nacc_ += count;
    const std::uint64_t full = nacc_ >= 32;
    nacc_ -= 32 * full;
    data_[chunks_] = static_cast<std::uint32_t>(acc_ >> nacc_);
    chunks_ += full;
  }
  // Pads the last word with zero bits and leaves exactly the W-bit words in `out`.
  void finish() {
    constexpr unsigned kPerChunk = 32 / W;
    std::size_t n = chunks_;
    std::size_t words = chunks_ * kPerChunk;
    if (nacc_ > 0) {
      reserve(32);
      data_[n++] = static_cast<std::uint32_t>(acc_ << (32 - nacc_));
      words += static_cast<std::size_t>((nacc_ + W - 1) / W);
    }
    out_.resize(std::max(out_.size(), n * kPerChunk));
    std::uint32_t* d = out_.data();
    for (std::size_t i = n; i-- > 0;) {  // backwards: word i*kPerChunk+k >= chunk i
      const std::uint32_t chunk = d[i];
      for (unsigned k = 0; k < kPerChunk; ++k)
        d[i * kPerChunk + k] = (chunk >> (32 - W * (k + 1))) & ((1u << W) - 1u);
    }
    out_.resize(words);
  }

 private:
  std::vector<std::uint32_t>& out_;  // complete 32-bit chunks until finish()
  std::uint32_t* data_ = nullptr;
  std::size_t chunks_ = 0;
  std::uint64_t acc_ = 0;   // bits not in a complete chunk yet: the nacc_ low bits
  std::uint64_t nacc_ = 0;  // < 32 between calls
};

// §2 for `len` (<= 64) words whose non-zero ones are the set bits of `mask` (bit j = word j):
// runs of non-zero words give runs of `1`; zeros extend the open run `run`, emitted as `01111`
// at its 16th zero. At most 6 bits per word.
template <unsigned W>
void znz_code_words(std::uint64_t mask, unsigned len, unsigned& run, WordPacker<W>& znz) {
  unsigned j = 0;
  while (j < len) {
    const std::uint64_t rest = mask >> j;
    if (rest & 1u) {
      if (run > 0) znz.put(run - 1, 5);  // '0' + (k-1) in 4 bits
      run = 0;
      const std::uint64_t inv = ~rest;
      unsigned ones =
          std::min(inv == 0 ? 64 - j : static_cast<unsigned>(__builtin_ctzll(inv)), len - j);
      j += ones;
      for (; ones >= 32; ones -= 32) znz.put(0xffffffffu, 32);
      znz.put((1u << ones) - 1u, ones);
    } else {
      const unsigned zeros =
          std::min(rest == 0 ? len - j : static_cast<unsigned>(__builtin_ctzll(rest)), len - j);
      j += zeros;
      for (run += zeros; run >= kEbpcMaxZeroRun; run -= kEbpcMaxZeroRun)
        znz.put(kEbpcMaxZeroRun - 1, 5);
    }
  }
}

// §2 + §3 for a whole transmission: the ZNZ stream goes to `znz_words`, the blocks of non-zero
// words to `bpc_words`. 64 words at a time: a mask of the non-zero words drives the ZNZ coder,
// and they are gathered for the block coder. Returns false, with the streams incomplete, if a
// value does not fit in M signed bits (the data is read once: the check is in the same pass).
template <unsigned M, unsigned N>
bool encode_transmission(const std::int32_t* words, std::size_t count,
                         std::vector<std::uint32_t>& znz_words,
                         std::vector<std::uint32_t>& bpc_words) {
  constexpr std::size_t kMaxBlockBits = M + (M + 1) * N;
  WordPacker<M> znz(znz_words);
  WordPacker<M> bpc(bpc_words);
  std::int32_t pending[64 + N];  // non-zero words not coded yet (< N between chunks)
  unsigned npend = 0;
  unsigned run = 0;  // open ZNZ zero run
  for (std::size_t i = 0; i < count; i += 64) {
    const unsigned len = static_cast<unsigned>(std::min<std::size_t>(64, count - i));
    const std::int32_t* w = words + i;
    std::uint64_t mask = 0;
    std::uint32_t range = 0;  // OR of v + 2^(M-1): below 2^M iff every v fits in M signed bits
    for (unsigned j = 0; j < len; ++j) {
      mask |= std::uint64_t(w[j] != 0) << j;
      range |= static_cast<std::uint32_t>(w[j]) + (1u << (M - 1));
    }
    if ((range >> M) != 0) return false;
    znz.reserve(6 * 64);
    znz_code_words(mask, len, run, znz);
    for (unsigned j = 0; j < len; ++j) {
      pending[npend] = w[j];  // kept only when non-zero: npend advances past it
      npend += (w[j] != 0);
    }
    unsigned k = 0;
    for (; k + N <= npend; k += N) {
      bpc.reserve(kMaxBlockBits);
      encode_block<M, N>(pending + k, bpc);
    }
    if (k > 0) std::copy(pending + k, pending + npend, pending);  // keep the < N left over
    npend -= k;
  }
  znz.reserve(5);
  if (run > 0) znz.put(run - 1, 5);  // the run still open at the last word
  if (npend > 0) {
    std::fill(pending + npend, pending + N, 0);  // §3 stuffing
    bpc.reserve(kMaxBlockBits);
    encode_block<M, N>(pending, bpc);
  }
  znz.finish();
  bpc.finish();
  return true;
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
  if (params.data_width == 8) {
    encode_block<8, 8>(values, out);
  } else if (params.block_size == 8) {
    encode_block<16, 8>(values, out);
  } else {
    encode_block<16, 16>(values, out);
  }
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
  const unsigned m = params.data_width;
  EbpcStreams out;
  bool fits = true;
  if (m == 8) {
    fits = encode_transmission<8, 8>(words, count, out.znz, out.bpc);
  } else if (params.block_size == 8) {
    fits = encode_transmission<16, 8>(words, count, out.znz, out.bpc);
  } else {
    fits = encode_transmission<16, 16>(words, count, out.znz, out.bpc);
  }
  if (!fits) {
    std::size_t i = 0;
    while (fits_signed(words[i], m)) ++i;
    return Status(ErrorCode::kBadInput, "value " + std::to_string(words[i]) + " at word " +
                                            std::to_string(i) + " does not fit in " +
                                            std::to_string(m) + " signed bits");
  }
  return out;
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
  if (!status_.ok() || popped_ >= out_.size()) return std::nullopt;  // nothing after an error
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

// ---------------------------------------------------------------------------------------------
// Whole-buffer decoder
//
// ebpc_decode() first tries decode_transmission() below, which only answers "valid, here are the
// words" or "invalid"; for an invalid transmission it runs the reference (the streaming
// EbpcDecoder, fed every BPC word then every ZNZ word, as ebpc_decode() always did), which finds
// the exact error. So the errors, codes and messages, are those of EbpcDecoder by construction,
// and the fast path must only be exact on valid streams: it accepts a transmission exactly when
// EbpcDecoder does, with the same words. test_ebpc_decode_fast.cpp compares both halves.
//
// The fast path works in two passes over packed byte copies of the streams:
//  A. decode_blocks(): every block of the BPC stream, front to back, into an array of values
//     (table-driven symbols, planes kept as 8x8 bit tiles and transposed into deltas: the inverse
//     of the encoder's delta_planes()); it stops at the first block that fails or when less than
//     one whole word is left;
//  B. expand_znz(): the ZNZ stream, each step a run of up to 16 '1' symbols (copied from the
//     values) or one zero-run symbol, with no data-dependent branch;
// then checks what EbpcDecoder checks at the end (stream ends, padding, stuffing, zero values).
// ---------------------------------------------------------------------------------------------

namespace {

// Big-endian 64-bit load: bytes p[0..7], p[0] in bits 63..56.
inline std::uint64_t load_be64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

// The stream bits from bit `pos` on, MSB aligned; the top 57 bits are valid (the lowest pos % 8
// bits are 0). Reads bytes [pos/8, pos/8 + 8) of `buf`.
inline std::uint64_t window_at(const std::uint8_t* buf, std::uint64_t pos) {
  return load_be64(buf + (pos >> 3)) << (pos & 7);
}
constexpr unsigned kWindowBits = 57;

// Zero bytes after a packed stream: a block read starting before the stream's end stays inside
// (a block has at most 16 + 17 * 16 = 288 bits), and window_at(pos) for pos <= the end too.
constexpr std::size_t kPackPad = 64;

// A heap array that is not initialized (std::vector would zero it first).
template <typename T>
class RawArray {
 public:
  explicit RawArray(std::size_t n) : p_(new T[n]) {}
  T* data() { return p_.get(); }
  T& operator[](std::size_t i) { return p_[i]; }

 private:
  std::unique_ptr<T[]> p_;
};

// The m-bit stream words as big-endian bytes (m / 8 per word), then kPackPad zero bytes. False if
// a word has bits at or above m.
template <unsigned M>
bool pack_stream(const std::vector<std::uint32_t>& words, RawArray<std::uint8_t>& bytes) {
  constexpr unsigned kBytes = M / 8;
  const std::size_t n = words.size();
  std::uint8_t* b = bytes.data();
  const std::uint32_t* w = words.data();
  std::uint32_t over = 0;
  for (std::size_t i = 0; i < n; ++i) {
    over |= w[i];
    if (kBytes == 1) {
      b[i] = static_cast<std::uint8_t>(w[i]);
    } else {
      b[2 * i] = static_cast<std::uint8_t>(w[i] >> 8);
      b[2 * i + 1] = static_cast<std::uint8_t>(w[i]);
    }
  }
  std::memset(b + n * kBytes, 0, kPackPad);
  return (over >> M) == 0;
}

// §3.1 read side: what the next code of a block means, looked up by its first kIdx bits (all the
// bits of every code, except the X of a 16/16 raw code).
struct SymEntry {
  std::uint16_t x;     // X of the code (0 for zero runs and the 'all-0 plane' code)
  std::uint16_t raw;   // 16/16 raw code: mask of X in the 16 bits starting at the code; else 0
  std::uint16_t keep;  // P_i = (P_(i-1) ^ X) & keep: 0 for 'all-0 plane', else all ones
  std::uint8_t len;    // code length in bits
  std::uint8_t info;   // bits 0-5: symbols covered (kInvalid: too many); kPlaneZero
};
constexpr std::uint8_t kRepMask = 63;
constexpr std::uint8_t kInvalid = 32;    // position out of range: "covers 32 symbols"
constexpr std::uint8_t kPlaneZero = 64;  // 'all-0 plane': invalid when P_(i-1) = 0

template <unsigned M, unsigned N>
struct SymTable {
  static constexpr unsigned kIdx = (N == 16) ? 9 : 8;
  SymEntry e[1u << kIdx];
};

template <unsigned M, unsigned N>
constexpr SymTable<M, N> make_sym_table() {
  constexpr unsigned kIdx = SymTable<M, N>::kIdx;
  constexpr unsigned kNb = N - 1;
  constexpr unsigned kLog2M = (M == 8) ? 3 : 4;
  constexpr unsigned kLog2N = (N == 8) ? 3 : 4;
  SymTable<M, N> t{};
  for (unsigned v = 0; v < (1u << kIdx); ++v) {
    // field(from, count): bits from..from+count-1 of the code, counted from its first bit
    auto field = [v](unsigned from, unsigned count) {
      return (v >> (kIdx - from - count)) & ((1u << count) - 1u);
    };
    SymEntry s{0, 0, 0xffff, 0, 1};
    if (field(0, 1) == 1) {  // '1' + X raw
      s.len = 1 + kNb;
      if (N == 8) {
        s.x = static_cast<std::uint16_t>(field(1, kNb));
      } else {
        s.raw = static_cast<std::uint16_t>((1u << kNb) - 1u);
      }
    } else if (field(1, 1) == 1) {  // '01': run of one zero X
      s.len = 2;
    } else if (field(2, 1) == 1) {  // '001' + (k-2)
      s.len = 3 + kLog2M;
      s.info = static_cast<std::uint8_t>(field(3, kLog2M) + 2);
    } else {
      const unsigned code = field(3, 2);  // '000' + 2 bits
      if (code == (kCodeAllOnes & 3)) {
        s.len = 5;
        s.x = static_cast<std::uint16_t>((1u << kNb) - 1u);
      } else if (code == (kCodePlaneZero & 3)) {
        s.len = 5;
        s.keep = 0;
        s.info |= kPlaneZero;
      } else {
        const unsigned pos = field(5, kLog2N);
        const bool two = code == (kCodeTwoOnes & 3);
        s.len = 5 + kLog2N;
        if (pos > (two ? kNb - 2 : kNb - 1)) {
          s.info = kInvalid;
        } else {
          s.x = static_cast<std::uint16_t>(two ? (3u << (kNb - 2 - pos)) : (1u << (kNb - 1 - pos)));
        }
      }
    }
    t.e[v] = s;
  }
  return t;
}
template <unsigned M, unsigned N>
constexpr SymTable<M, N> kSymTable = make_sym_table<M, N>();

// kFillMask[j + 8]: the bytes of a tile from byte j on (all for j <= 0, none for j >= 8).
struct FillMasks {
  std::uint64_t m[25];
};
constexpr FillMasks make_fill_masks() {
  FillMasks f{};
  for (int j = -8; j <= 16; ++j)
    f.m[j + 8] = j <= 0 ? ~std::uint64_t(0) : (j >= 8 ? 0 : ~std::uint64_t(0) << (8 * j));
  return f;
}
constexpr FillMasks kFillMask = make_fill_masks();

// Shortest possible block: the base and one zero run over all M+1 symbols.
template <unsigned M>
constexpr unsigned kMinBlockBits = M + 3 + ((M == 8) ? 3 : 4);

// §3: decodes the block at bit `pos` of `buf` into vals[0..N-1] and advances `pos` past it.
// Returns false for an impossible symbol (as EbpcDecoder: zero run past the block, position out
// of range, 'all-0 plane' after a zero plane or as symbol 0) or a value outside M signed bits;
// the caller checks that the block ends inside the stream. Bit k of `zeros`: value k is 0.
// Reads at most M + (M+1)*N bits + 64 from `pos` on.
//
// The planes are kept as 8x8 bit tiles, tile[g][h] byte r = byte h of P_(8g+r): each symbol
// writes its plane P_i to planes i..M (a zero run's planes are all equal, and the next symbol
// overwrites from its own i on), so the last symbol leaves P_M, the sign plane, in `p`. The
// transpose of tile[g][h] has in byte c the bits 8g..8g+7 of d_(N-1-8h-c) (§3: plane bit N-1-k
// is bit b of d_k), the inverse of delta_planes().
template <unsigned M, unsigned N>
inline bool decode_block_fast(const std::uint8_t* buf, std::uint64_t& pos, std::int32_t* vals,
                              std::uint32_t& zeros) {
  constexpr unsigned kG = M / 8;  // tiles per plane byte: planes 0..7, 8..15
  constexpr unsigned kH = N / 8;  // bytes per plane
  constexpr unsigned kIdx = SymTable<M, N>::kIdx;
  constexpr unsigned kMaxLen = (N == 16) ? 16 : 8;  // longest code
  const SymEntry* table = kSymTable<M, N>.e;

  std::uint64_t w = window_at(buf, pos);
  unsigned used = M;  // bits of w consumed
  const std::uint32_t base = static_cast<std::uint32_t>(w >> (64 - M));
  std::uint64_t tile[kG][kH] = {};
  std::uint32_t p = 0;    // P_(i-1), then P_i
  std::uint32_t bad = 0;  // kPlaneZero: an 'all-0 plane' code where P_(i-1) = 0
  unsigned i = 0;         // next symbol
  while (i <= M) {
    if (used > kWindowBits - kMaxLen) {
      pos += used;
      w = window_at(buf, pos);
      used = 0;
    }
    const std::uint64_t cur = w << used;  // the bits from this code on
    const SymEntry e = table[cur >> (64 - kIdx)];
    std::uint32_t x = e.x;
    if (N == 16) x |= static_cast<std::uint32_t>(cur >> (64 - N)) & e.raw;
    bad |= p == 0 ? (e.info & kPlaneZero) : 0u;
    p = (p ^ x) & e.keep;
#pragma GCC unroll 2
    for (unsigned g = 0; g < kG; ++g) {
      const std::uint64_t fill = kFillMask.m[i + 8 - 8 * g];
#pragma GCC unroll 2
      for (unsigned h = 0; h < kH; ++h) {
        const std::uint64_t b = ((p >> (8 * h)) & 0xffu) * 0x0101010101010101ull;
        tile[g][h] ^= (tile[g][h] ^ b) & fill;
      }
    }
    i += e.info & kRepMask;
    used += e.len;
  }
  pos += used;
  if (bad != 0 || i != M + 1) return false;  // i > M + 1: zero run past the end, or kInvalid

  std::uint64_t tt[kG][kH];
#pragma GCC unroll 2
  for (unsigned g = 0; g < kG; ++g)
#pragma GCC unroll 2
    for (unsigned h = 0; h < kH; ++h) tt[g][h] = transpose8x8(tile[g][h]);
  std::int32_t v = sign_extend(base, M);
  vals[0] = v;
  std::uint32_t range = 0;  // OR of v + 2^(M-1): below 2^M iff every value fits in M bits
  std::uint32_t z = (v == 0);
#pragma GCC unroll 16
  for (unsigned k = 1; k < N; ++k) {
    const unsigned j = N - 1 - k;  // plane bit of d_k
    std::uint32_t d = ((p >> j) & 1u) << M;
#pragma GCC unroll 2
    for (unsigned g = 0; g < kG; ++g)
      d |= static_cast<std::uint32_t>((tt[g][j / 8] >> (8 * (j % 8))) & 0xffu) << (8 * g);
    v += sign_extend(d, M + 1);
    vals[k] = v;
    range |= static_cast<std::uint32_t>(v) + (1u << (M - 1));
    z |= static_cast<std::uint32_t>(v == 0) << k;
  }
  zeros = z;
  return (range >> M) == 0;
}

// Pass A: the blocks of the BPC stream (`total` bits in `buf`) front to back into vals, while at
// least one whole word is left after the previous block. vals needs room for the values of
// total / kMinBlockBits + 1 blocks.
struct BlockScan {
  std::uint64_t blocks = 0;      // blocks decoded, values vals[0 .. blocks*N)
  std::uint64_t end = 0;         // bit position after the last one
  std::uint64_t first_zero = 0;  // index of the first value 0 (blocks*N if none)
  bool failed = false;           // stopped at a block that fails or ends past the stream
};

template <unsigned M, unsigned N>
BlockScan decode_blocks(const std::uint8_t* buf, std::uint64_t total, std::int32_t* vals) {
  BlockScan s;
  s.first_zero = ~std::uint64_t(0);
  std::uint64_t pos = 0;
  while (total - pos >= M) {
    std::uint64_t next = pos;
    std::uint32_t zeros = 0;
    if (!decode_block_fast<M, N>(buf, next, vals + s.blocks * N, zeros) || next > total) {
      s.failed = true;
      break;
    }
    if (zeros != 0 && s.first_zero == ~std::uint64_t(0))
      s.first_zero = s.blocks * N + static_cast<unsigned>(__builtin_ctz(zeros));
    pos = next;
    ++s.blocks;
  }
  s.end = pos;
  if (s.first_zero == ~std::uint64_t(0)) s.first_zero = s.blocks * N;
  return s;
}

const std::int32_t kZeroWords[16] = {};

// Pass B: the ZNZ stream (`total` bits in `buf`) until `num_words` words: each step copies 16
// words, from vals[vi] for a run of k <= 16 '1' symbols, from kZeroWords for a zero-run symbol,
// and keeps the first k (or the run length). `out` has room for num_words + 15 words, `vals` for
// nvals + 16 (zeros after nvals). Returns false if the stream, the values or the word count are
// overrun; else `end` is the bit after the last symbol and `used_vals` the number of '1's.
inline bool expand_znz(const std::uint8_t* buf, std::uint64_t total, std::uint64_t num_words,
                       const std::int32_t* vals, std::uint64_t nvals, std::int32_t* out,
                       std::uint64_t& end, std::uint64_t& used_vals) {
  std::uint64_t pos = 0, o = 0, vi = 0;
  while (o < num_words) {
    if (pos > total || vi > nvals) return false;
    const std::uint64_t w = window_at(buf, pos);
    const bool one = (w >> 63) != 0;
    const unsigned ones = static_cast<unsigned>(__builtin_clzll(~w | 1u));
    const unsigned k = ones < 16 ? ones : 16;
    const unsigned run = static_cast<unsigned>((w >> 59) & 15u) + 1;
    std::memcpy(out + o, one ? vals + vi : kZeroWords, sizeof kZeroWords);
    o += one ? k : run;
    vi += one ? k : 0;
    pos += one ? k : 5;
  }
  end = pos;
  used_vals = vi;
  return o == num_words && pos <= total && vi <= nvals;
}

// True when the bits of stream `words` after bit `end` are all 0 and `end` is in its last word.
template <unsigned M>
bool ends_at(const std::vector<std::uint32_t>& words, std::uint64_t end) {
  const std::uint64_t used = (end + M - 1) / M;
  if (used != words.size()) return false;
  const unsigned pad = static_cast<unsigned>(used * M - end);
  return pad == 0 || (words[used - 1] & ((1u << pad) - 1u)) == 0;
}

template <unsigned M, unsigned N>
bool decode_transmission(const std::vector<std::uint32_t>& znz,
                         const std::vector<std::uint32_t>& bpc, std::uint64_t num_words,
                         std::vector<std::int32_t>& out) {
  const std::uint64_t znz_bits = std::uint64_t(znz.size()) * M;
  const std::uint64_t bpc_bits = std::uint64_t(bpc.size()) * M;
  // A ZNZ symbol codes at most 16 words in 5 bits: more words cannot be there (EbpcDecoder then
  // fails with some error). Bounds the output buffer by the stream size.
  if (num_words > znz_bits / 5 * 16 + 4) return false;
  RawArray<std::uint8_t> znz_bytes(znz.size() * (M / 8) + kPackPad);
  RawArray<std::uint8_t> bpc_bytes(bpc.size() * (M / 8) + kPackPad);
  if (!pack_stream<M>(bpc, bpc_bytes) || !pack_stream<M>(znz, znz_bytes)) return false;

  // Pass A. A failed block means an invalid transmission: either it is needed, or it starts with a
  // whole word left after the blocks that are needed (EbpcDecoder: kBpcTrailing). vals: room for
  // as many blocks as the stream can hold (only the pages written are touched).
  RawArray<std::int32_t> vals(static_cast<std::size_t>((bpc_bits / kMinBlockBits<M> + 1) * N + 16));
  const BlockScan s = decode_blocks<M, N>(bpc_bytes.data(), bpc_bits, vals.data());
  if (s.failed) return false;
  const std::uint64_t nvals = s.blocks * N;
  std::fill(vals.data() + nvals, vals.data() + nvals + 16, 0);  // read by expand_znz

  // Pass B.
  out.resize(static_cast<std::size_t>(num_words) + 16);
  std::uint64_t znz_end = 0, flagged = 0;
  if (!expand_znz(znz_bytes.data(), znz_bits, num_words, vals.data(), nvals, out.data(), znz_end,
                  flagged))
    return false;
  out.resize(static_cast<std::size_t>(num_words));

  // EbpcDecoder::final_checks(), and its per-word check that a flagged value is not 0.
  if (!ends_at<M>(znz, znz_end)) return false;
  if ((flagged + N - 1) / N != s.blocks) return false;  // the blocks the words need, all of them
  if (s.first_zero < flagged) return false;             // a word flagged non-zero decodes to 0
  for (std::uint64_t k = flagged; k < nvals; ++k)       // stuffing
    if (vals[k] != 0) return false;
  return s.blocks == 0 || ends_at<M>(bpc, s.end);  // no blocks: bpc_bits < M, i.e. no word
}

}  // namespace

namespace detail {

bool ebpc_decode_fast(const EbpcParams& params, const std::vector<std::uint32_t>& znz,
                      const std::vector<std::uint32_t>& bpc, std::uint64_t num_words,
                      std::vector<std::int32_t>& out) {
  if (params.data_width == 8) return decode_transmission<8, 8>(znz, bpc, num_words, out);
  if (params.block_size == 8) return decode_transmission<16, 8>(znz, bpc, num_words, out);
  return decode_transmission<16, 16>(znz, bpc, num_words, out);
}

Result<std::vector<std::int32_t>> ebpc_decode_reference(const EbpcParams& params,
                                                        const std::vector<std::uint32_t>& znz,
                                                        const std::vector<std::uint32_t>& bpc,
                                                        std::uint64_t num_words) {
  EbpcDecoder dec(params, num_words);
  // Feed BPC first: the decoder then never waits on it and each block is parsed once.
  for (std::size_t i = 0; i < bpc.size(); ++i) {
    Status s = dec.push_bpc(bpc[i], i + 1 == bpc.size());
    if (!s.ok()) return s;
  }
  for (std::size_t i = 0; i < znz.size(); ++i) {
    Status s = dec.push_znz(znz[i], i + 1 == znz.size());
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

}  // namespace detail

Result<std::vector<std::int32_t>> ebpc_decode(const EbpcParams& params,
                                              const std::vector<std::uint32_t>& znz,
                                              const std::vector<std::uint32_t>& bpc,
                                              std::uint64_t num_words) {
  Status s = params.validate();
  if (!s.ok()) return s;
  if (num_words == 0) {
    if (!znz.empty())
      return Status(ErrorCode::kZnzTrailing, "word count is 0 but the ZNZ stream is not empty");
    if (!bpc.empty())
      return Status(ErrorCode::kBpcTrailing, "word count is 0 but the BPC stream is not empty");
    return std::vector<std::int32_t>{};
  }
  std::vector<std::int32_t> out;
  if (detail::ebpc_decode_fast(params, znz, bpc, num_words, out)) return out;
  return detail::ebpc_decode_reference(params, znz, bpc, num_words);
}

}  // namespace fmc
