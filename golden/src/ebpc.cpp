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
