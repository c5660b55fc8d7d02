// SPDX-License-Identifier: Apache-2.0
// EBPC golden codec. Section numbers refer to docs/ebpc-format.md.
#include "fmcodec/codecs/ebpc.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>

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
// ebpc_encode() produces the same streams faster: 64 words at a time, a mask of the non-zero
// words drives a table-driven ZNZ coder with no branch per run, and the non-zero words are
// gathered into blocks; the block coder uses a bit-matrix transpose and code tables. For int8
// data (M = N = 8, the common case) everything works on bytes packed in 64-bit words (SWAR):
// masks, the gather, the deltas and planes of a whole block. test_ebpc_fast.cpp compares
// ebpc_encode() with the streaming encoder, and the block coder with a literal transcription of
// §3, on random data.
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

#if defined(__GNUC__)
#define FMC_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define FMC_ALWAYS_INLINE inline
#endif

// Storage type of a decoded m-bit word: the two's-complement bytes of a tensor element.
template <unsigned M>
using Val = std::conditional_t<M == 8, std::int8_t, std::int16_t>;

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

// Little-endian 64-bit load (p[0] in bits 7..0) and big-endian 64-bit store (bits 63..56 to
// p[0]).
inline std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}
inline void store_le64(std::uint8_t* p, std::uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  std::memcpy(p, &v, sizeof v);
}
inline void store_be64(std::uint8_t* p, std::uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  std::memcpy(p, &v, sizeof v);
}

// out[i] = b[i] for i < n. The fixed-length inner loop and the restrict pointers (a byte pointer
// may alias anything) let the compiler vectorize it at -O2.
inline void widen_bytes(const std::uint8_t* __restrict b, std::uint32_t* __restrict out,
                        std::size_t n) {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (unsigned k = 0; k < 16; ++k) out[i + k] = b[i + k];
  for (; i < n; ++i) out[i] = b[i];
}

// MSB-first bit packing for the whole-buffer encoder, with the same stream as BitWriter
// (bitio.hpp) once finish() cuts it into M-bit words. The bits go to a byte buffer: add() shifts
// them into a 64-bit accumulator, flush() writes its whole bytes with one 8-byte big-endian store
// and keeps the < 8 bits left; neither has a branch. A caller that knows how many bits it adds
// can flush once for several add() calls. (BitWriter keeps M-bit words from the start, as the
// streaming encoder needs.)
// The byte stores may alias any object whose address escapes, a packer's own fields included:
// the packers of the hot loops are locals, passed by reference only to functions inlined into
// the loop, so that the compiler keeps them in registers instead of reloading them after every
// store.
class BytePacker {
 public:
  // `buf` has room for every byte of the stream plus 9 (flush() stores 8 bytes; finish() 9).
  explicit BytePacker(std::uint8_t* buf) : start_(buf), p_(buf) {}

  // Appends the `count` low bits of `bits`; no bit of `bits` is set at or above `count`. At most
  // 63 bits may be held (flush() shifts by 63 - n_): after a flush(), at most 56 bits of add()
  // before the next one.
  void add(std::uint32_t bits, unsigned count) {
    acc_ = (acc_ << count) | bits;
    n_ += count;
  }
  void flush() {
    store_be64(p_, (acc_ << 1) << (63 - n_));  // the n_ bits held, MSB aligned (n_ = 0: 0)
    p_ += n_ >> 3;
    n_ &= 7;
  }
  // add() and flush(): any count <= 32 after a flush().
  void put(std::uint32_t bits, unsigned count) {
    add(bits, count);
    flush();
  }

  // Cuts the stream of `s` into M-bit words (M = 8 or 16), the last one padded with zero bits.
  // (Static, `s` by value: the caller's packer never has its address taken.)
  template <unsigned M>
  static void finish(BytePacker s, std::vector<std::uint32_t>& out) {
    // The second flush() stores the < 8 bits left in p_[0] and zeros in p_[1..7] (the first may
    // have advanced p_ to the end of its 8-byte store): the padding of the last word.
    s.flush();
    s.flush();
    const std::uint8_t* b = s.start_;
    const std::size_t bits = 8 * static_cast<std::size_t>(s.p_ - b) + s.n_;
    const std::size_t words = (bits + M - 1) / M;
    out.resize(words);
    if (M == 8) {
      widen_bytes(b, out.data(), words);
    } else {
      for (std::size_t i = 0; i < words; ++i)
        out[i] = (std::uint32_t(b[2 * i]) << 8) | b[2 * i + 1];
    }
  }

 private:
  std::uint8_t* start_;
  std::uint8_t* p_;        // next byte with no complete bit
  std::uint64_t acc_ = 0;  // the n_ low bits are the bits not stored yet
  unsigned n_ = 0;
};

// §2 for `len` (<= 64) words whose non-zero ones are the set bits of `mask` (bit j = word j):
// runs of non-zero words give runs of `1`; zeros extend the open run `run`, emitted as `01111`
// at its 16th zero. At most 6 bits per word.
FMC_ALWAYS_INLINE void znz_code_words(std::uint64_t mask, unsigned len, unsigned& run,
                                      BytePacker& znz) {
  unsigned j = 0;
  while (j < len) {
    const std::uint64_t rest = mask >> j;
    if (rest & 1u) {
      if (run > 0) znz.add(run - 1, 5);  // '0' + (k-1) in 4 bits
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

// §2 for 64 words, 8 at a time, with no data-dependent branch (the run lengths of real data are
// short and irregular: a branch per run is often mispredicted). For the mask byte m of 8 words,
// kZnzBytes.e[m] has:
//  - t (bits 28..25): the zero words before the first non-zero one (8 if m = 0), which extend
//    the open run;
//  - the code of the words from the first non-zero one to the last one (bits 19..0, length in
//    24..20): '1' per word, '0' + (k-1) per zero run inside (k <= 6: never the 16th zero);
//  - the zero words after the last non-zero one (bits 31..29), the run left open (m != 0).
// Same output as znz_code_words(mask, 64, run, znz).
struct ZnzBytes {
  std::uint32_t e[256];
};
constexpr ZnzBytes make_znz_bytes() {
  ZnzBytes t{};
  t.e[0] = 8u << 25;
  for (unsigned m = 1; m < 256; ++m) {
    unsigned lo = 0, hi = 7;
    while (((m >> lo) & 1u) == 0) ++lo;
    while (((m >> hi) & 1u) == 0) --hi;
    std::uint32_t bits = 0, len = 0, zeros = 0;
    for (unsigned k = lo; k <= hi; ++k) {
      if ((m >> k) & 1u) {
        if (zeros > 0) {
          bits = (bits << 5) | (zeros - 1);
          len += 5;
          zeros = 0;
        }
        bits = (bits << 1) | 1u;
        len += 1;
      } else {
        ++zeros;
      }
    }
    t.e[m] = bits | (len << 20) | (lo << 25) | ((7 - hi) << 29);
  }
  return t;
}
constexpr ZnzBytes kZnzBytes = make_znz_bytes();

FMC_ALWAYS_INLINE void znz_code_64(std::uint64_t mask, unsigned& run, BytePacker& znz) {
  unsigned r = run;
#pragma GCC unroll 8
  for (unsigned g = 0; g < 8; ++g) {
    const unsigned m = static_cast<unsigned>(mask >> (8 * g)) & 0xffu;
    const std::uint32_t e = kZnzBytes.e[m];
    r += (e >> 25) & 15u;                            // r <= 15 + 8
    const std::uint32_t full = r >> 4;               // 1: the run reached 16 zeros: '01111'
    r &= 15u;                                        // r - 16 * full
    const std::uint32_t close = (m != 0) & (r != 0);  // a non-zero word ends the run: '0'+(r-1)
    znz.add(((15u & (0u - full)) << (5 * close)) | ((r - 1) & (0u - close)), 5 * (full + close));
    znz.add(e & 0xfffffu, (e >> 20) & 31u);          // at most 7 + 10 + 20 bits held
    znz.flush();
    r = (e >> 29) | (r & (0u - static_cast<std::uint32_t>(m == 0)));  // m = 0: the run goes on
  }
  run = r;
}

// ---------------------------------------------------------------------------------------------
// M = N = 8 (int8 data), the common case: a block is 8 bytes in one uint64_t and the block coder
// works on the whole block at once (SWAR: one byte per value in a 64-bit word).
// ---------------------------------------------------------------------------------------------

constexpr std::uint64_t kByteHigh = 0x8080808080808080ull;  // bit 7 of every byte
constexpr std::uint64_t kByteLow7 = 0x7f7f7f7f7f7f7f7full;

// Bit 7 of byte k set iff byte k of `v` is not 0 (other bits 0). Adding 0x7f to the low 7 bits
// carries into bit 7 iff they are not 0, and the OR adds bit 7 itself; no carry leaves a byte.
inline std::uint64_t nonzero_bytes(std::uint64_t v) {
  return (((v & kByteLow7) + kByteLow7) | v) & kByteHigh;
}

// Bit 7 of byte k of `h` (its only bits) to bit k of the result. The product puts a copy of
// bit 8k at bit 8k + 7j + 7 for j = 0..7; for j = 7 - k that is bit 56 + k, and no two copies
// share a bit (no carries).
inline unsigned byte_msbs(std::uint64_t h) {
  return static_cast<unsigned>(((h >> 7) * 0x0102040810204080ull) >> 56);
}

// Bit 7 of byte k of `h` (its only bits) to the number of such bits.
inline unsigned count_byte_msbs(std::uint64_t h) {
  return static_cast<unsigned>(((h >> 7) * 0x0101010101010101ull) >> 56);
}

// Byte compaction, Hacker's Delight (2nd ed., 7-4 "compress") on byte lanes: the non-zero bytes
// of `v` moved to its low bytes, in order. A byte moves down by its distance, the number of zero
// bytes below it, in three steps of 1, 2 and 4 lanes (the set bits of the distance, low first);
// no byte then lands on one still in place (the zero bytes hold 0 and are overwritten freely).
// kCompress.step[m] has the bytes that move at each step for the non-zero byte mask m; checked
// for every m by compress_masks_ok() at compile time.
struct CompressMasks {
  std::uint64_t step[256][3];
};
constexpr CompressMasks make_compress_masks() {
  CompressMasks t{};
  for (unsigned m = 0; m < 256; ++m) {
    unsigned zeros = 0;  // zero bytes below byte j
    for (unsigned j = 0; j < 8; ++j) {
      if (((m >> j) & 1u) == 0) {
        ++zeros;
        continue;
      }
      unsigned pos = j;  // where byte j is before step s
      for (unsigned s = 0; s < 3; ++s) {
        if ((zeros >> s) & 1u) {
          t.step[m][s] |= std::uint64_t(0xff) << (8 * pos);
          pos -= 1u << s;
        }
      }
    }
  }
  return t;
}
constexpr CompressMasks kCompress = make_compress_masks();

constexpr std::uint64_t compress_bytes(std::uint64_t v, unsigned m) {
  for (unsigned s = 0; s < 3; ++s) {
    const std::uint64_t moving = v & kCompress.step[m][s];
    v = (v ^ moving) | (moving >> (8u << s));
  }
  return v;
}

constexpr bool compress_masks_ok() {
  for (unsigned m = 0; m < 256; ++m) {
    std::uint64_t v = 0, want = 0;
    unsigned kept = 0;
    for (unsigned j = 0; j < 8; ++j) {
      if ((m >> j) & 1u) {
        v |= std::uint64_t(0x11 * (j + 1)) << (8 * j);
        want |= std::uint64_t(0x11 * (j + 1)) << (8 * kept++);
      }
    }
    if (compress_bytes(v, m) != want) return false;
  }
  return true;
}
static_assert(compress_masks_ok(), "byte compaction masks");

// Code of a run of k zero X then the symbol of X (as encode_block), as one table entry: bits in
// 15..0, length in 31..16, at e[129 * k + X] for k = 0..8 and X = 1..127, or X = kPlaneZeroIdx
// for the 'all-0 plane' code. X = 0 (no symbol: the zero X joins the next run) has no bits. In
// kBlockTail8, for the last symbol X_8, X = 0 has the code of the run that ends the block.
constexpr unsigned kPlaneZeroIdx = 128;
constexpr unsigned kRow = 129;
struct BlockCodes8 {
  std::uint32_t e[9 * kRow];
};
constexpr std::uint32_t pack_code(Code run, Code sym) {
  return (((run.bits << sym.len) | sym.bits) & 0xffffu) | ((run.len + sym.len) << 16);
}
constexpr BlockCodes8 make_block_codes8(bool tail) {
  BlockCodes8 t{};
  for (unsigned k = 0; k <= 8; ++k) {
    const Code run = kZeroRunCodes<8>.code[k];
    std::uint32_t* row = t.e + kRow * k;
    row[0] = tail ? pack_code(kZeroRunCodes<8>.code[k + 1], Code{}) : 0;
    for (unsigned x = 1; x < 128; ++x) row[x] = pack_code(run, kSymbolCodes8.code[x]);
    row[kPlaneZeroIdx] = pack_code(run, Code{kCodePlaneZero, 5});
  }
  return t;
}
constexpr BlockCodes8 kBlockCodes8 = make_block_codes8(false);
constexpr BlockCodes8 kBlockTail8 = make_block_codes8(true);

// The row of symbol i in the tables above, for the non-zero X among X_0..X_7 (bit i of the
// index): row[i] = kRow * the number of zero X just before X_i, i = 0..8.
struct RunRows {
  std::uint16_t row[256][9];
};
constexpr RunRows make_run_rows() {
  RunRows t{};
  for (unsigned nz = 0; nz < 256; ++nz) {
    unsigned next = 0;  // first symbol after the last non-zero X
    for (unsigned i = 0; i <= 8; ++i) {
      t.row[nz][i] = static_cast<std::uint16_t>(kRow * (i - next));
      if (i < 8 && ((nz >> i) & 1u)) next = i + 1;
    }
  }
  return t;
}
constexpr RunRows kRunRows = make_run_rows();

// §3 for M = N = 8, the block w_0..w_7 in bytes 0..7 of `v`; the same bits as encode_block<8, 8>.
//  - Deltas: with u_k = w_k + 128 (flip bit 7: unsigned bytes in the order of the values),
//    d_k = u_k - u_(k-1). Its low 8 bits are the byte-wise difference of u and u shifted by one
//    byte, and its sign (bit 8 of the 9-bit delta) the borrow out of that byte: u_k < u_(k-1).
//  - Planes 0..7: byte r of the tile = d_(7-r) (byte swap; byte 0 of the difference, no delta,
//    is cleared: row 7 of delta_planes()), so the 8x8 transpose has P_b in byte b. The sign plane
//    P_8 (bit 7-k = sign of d_k) is gathered by a multiplication, as in byte_msbs().
//  - X_i = P_(i-1) ^ P_i for i = 0..7 at once, and a table index per X (kPlaneZeroIdx where
//    P_i = 0 and X_i is neither 0 nor all ones, which §3.1 tests first).
//  - The 9 symbols in a fixed, unrolled sequence with no branch: each looks up the code of the run
//    of zero X before it and its own (nothing for a zero X), the run length from a table indexed
//    by the non-zero X. Data-dependent branches here would be mispredicted about once per block.
// Flushes twice. A code is at most 8 bits ('1' + X) plus the code of the zero run before it
// (at most 6 bits), and a run inside a group of codes replaces at least one code: g codes have at
// most 8g + 6 bits. So at most 7 (held) + 8 (base) + 8 * 4 + 6 bits before the flush after X_3,
// and 7 + 8 * 5 + 6 bits for X_4..X_8: within the 63 that the accumulator may hold.
FMC_ALWAYS_INLINE void encode_block_8x8(std::uint64_t v, BytePacker& out) {
  out.add(static_cast<std::uint32_t>(v & 0xffu), 8);  // base, raw
  const std::uint64_t u = v ^ kByteHigh;
  const std::uint64_t prev = u << 8;  // byte k = u_(k-1)
  const std::uint64_t d = ((u | kByteHigh) - (prev & ~kByteHigh)) ^ ((u ^ ~prev) & kByteHigh);
  const std::uint64_t borrow = ((~u & prev) | (~(u ^ prev) & d)) & kByteHigh & ~0xffull;
  const std::uint64_t planes = transpose8x8(__builtin_bswap64(d & ~0xffull));  // byte b = P_b
  const std::uint32_t sign =
      static_cast<std::uint32_t>(((borrow >> 7) * 0x8040201008040201ull) >> 56);  // P_8
  const std::uint64_t x = planes ^ (planes << 8);  // byte i = X_i, i = 0..7 (7 bits each)
  // Byte i of idx: X_i, or kPlaneZeroIdx (0x80) where P_i = 0 and X_i is neither 0 nor 0x7f.
  const std::uint64_t plane_zero =
      ~nonzero_bytes(planes) & nonzero_bytes(x) & nonzero_bytes(x ^ kByteLow7);  // bit 7 of byte i
  const std::uint64_t idx = (x & ~((plane_zero >> 7) * 0xffu)) | plane_zero;

  const std::uint16_t* row = kRunRows.row[byte_msbs(nonzero_bytes(x))];
#pragma GCC unroll 8
  for (unsigned i = 0; i < 8; ++i) {
    const std::uint32_t e = kBlockCodes8.e[row[i] + ((idx >> (8 * i)) & 0xffu)];
    out.add(e & 0xffffu, e >> 16);
    if (i == 3) out.flush();
  }
  // X_8 = P_7 ^ P_8, with the zero run before it, or the run to the end when X_8 = 0. Its index
  // as above, with a mask rather than a condition (which the compiler could make a branch).
  const std::uint32_t x8 = static_cast<std::uint32_t>(planes >> 56) ^ sign;
  const std::uint32_t plane_zero8 =
      0u - static_cast<std::uint32_t>((sign == 0) & (x8 != 0) & (x8 != 0x7fu));
  const std::uint32_t idx8 = (x8 & ~plane_zero8) | (kPlaneZeroIdx & plane_zero8);
  const std::uint32_t e = kBlockTail8.e[row[8] + idx8];
  out.add(e & 0xffffu, e >> 16);
  out.flush();
}

// Readers of the three WordView layouts: load(p, i) = word i as int32. kFits: every word the
// layout can hold fits in M signed bits, so no range check is needed.
struct LoadInt32 {
  template <unsigned M>
  static constexpr bool kFits = false;
  static std::int32_t load(const void* p, std::size_t i) {
    return static_cast<const std::int32_t*>(p)[i];
  }
};
struct LoadLe8 {
  template <unsigned M>
  static constexpr bool kFits = true;  // M >= 8
  static std::int32_t load(const void* p, std::size_t i) {
    return static_cast<std::int8_t>(static_cast<const std::uint8_t*>(p)[i]);
  }
};
struct LoadLe16 {
  template <unsigned M>
  static constexpr bool kFits = M >= 16;
  static std::int32_t load(const void* p, std::size_t i) {
    const std::uint8_t* b = static_cast<const std::uint8_t*>(p) + 2 * i;
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(b[0] | (b[1] << 8)));
  }
};

// Room for the streams of `count` words, blocks of N: at most 6 ZNZ bits per word (and the last
// run), at most M + (M+1)*N bits per block, plus the packer's slack.
constexpr std::size_t kPackerSlack = 16;
inline std::size_t znz_bytes_max(std::size_t count) { return count * 6 / 8 + 1 + kPackerSlack; }
template <unsigned M, unsigned N>
std::size_t bpc_bytes_max(std::size_t count) {
  return (count / N + 1) * ((M + (M + 1) * N + 7) / 8) + kPackerSlack;
}

// §2 + §3 for a whole transmission at M = N = 8: the ZNZ stream goes to `znz_words`, the blocks
// of non-zero words to `bpc_words`. 64 words (bytes) at a time: a mask of the non-zero bytes
// drives the ZNZ coder, the non-zero bytes are gathered, and each 8 of them are one block. Input
// bytes (kLe8) are read in place; int32 words are first checked (false, with the streams
// incomplete, if one does not fit in 8 signed bits) and narrowed to bytes.
template <typename Load>
bool encode_transmission_8x8(const void* words, std::size_t count,
                             std::vector<std::uint32_t>& znz_words,
                             std::vector<std::uint32_t>& bpc_words) {
  RawArray<std::uint8_t> znz_buf(znz_bytes_max(count));
  RawArray<std::uint8_t> bpc_buf(bpc_bytes_max<8, 8>(count));
  BytePacker znz(znz_buf.data());
  BytePacker bpc(bpc_buf.data());
  std::uint8_t pending[64 + 8 + 8];  // non-zero words not coded yet (< 8 between chunks)
  unsigned npend = 0;
  unsigned run = 0;  // open ZNZ zero run
  for (std::size_t i = 0; i < count; i += 64) {
    const unsigned len = static_cast<unsigned>(std::min<std::size_t>(64, count - i));
    std::uint8_t local[64];
    const std::uint8_t* b = local;
    if (std::is_same<Load, LoadLe8>::value && len == 64) {
      b = static_cast<const std::uint8_t*>(words) + i;
    } else {
      std::uint32_t range = 0;  // OR of v + 128: below 256 iff every v fits in 8 signed bits
      for (unsigned j = 0; j < len; ++j) {
        const std::int32_t v = Load::load(words, i + j);
        range |= static_cast<std::uint32_t>(v) + 128u;
        local[j] = static_cast<std::uint8_t>(v);
      }
      if ((range >> 8) != 0) return false;
      std::fill(local + len, local + 64, 0);  // zero words past the end: no mask bits
    }
    std::uint64_t mask = 0;  // bit j: word j is not 0
    for (unsigned g = 0; g < 8; ++g) {  // 8 words at a time: the mask, then their non-zero ones
      const std::uint64_t v = load_le64(b + 8 * g);
      const std::uint64_t nonzero = nonzero_bytes(v);
      const unsigned m = byte_msbs(nonzero);
      mask |= std::uint64_t(m) << (8 * g);
      store_le64(pending + npend, compress_bytes(v, m));
      npend += count_byte_msbs(nonzero);
    }
    if (len == 64) {
      znz_code_64(mask, run, znz);
    } else {
      znz_code_words(mask, len, run, znz);  // the last, partial chunk
    }
    unsigned k = 0;
    for (; k + 8 <= npend; k += 8) encode_block_8x8(load_le64(pending + k), bpc);
    if (k > 0) std::memcpy(pending, pending + k, 8);  // keep the < 8 left over
    npend -= k;
  }
  if (run > 0) znz.put(run - 1, 5);  // the run still open at the last word
  if (npend > 0) {
    std::fill(pending + npend, pending + 8, 0);  // §3 stuffing
    encode_block_8x8(load_le64(pending), bpc);
  }
  BytePacker::finish<8>(znz, znz_words);
  BytePacker::finish<8>(bpc, bpc_words);
  return true;
}

// The same for M = 16 (N = 8 or 16), with the word-at-a-time block coder encode_block().
template <unsigned M, unsigned N, typename Load>
bool encode_transmission(const void* words, std::size_t count,
                         std::vector<std::uint32_t>& znz_words,
                         std::vector<std::uint32_t>& bpc_words) {
  RawArray<std::uint8_t> znz_buf(znz_bytes_max(count));
  RawArray<std::uint8_t> bpc_buf(bpc_bytes_max<M, N>(count));
  BytePacker znz(znz_buf.data());
  BytePacker bpc(bpc_buf.data());
  std::int32_t pending[64 + N];  // non-zero words not coded yet (< N between chunks)
  unsigned npend = 0;
  unsigned run = 0;  // open ZNZ zero run
  for (std::size_t i = 0; i < count; i += 64) {
    const unsigned len = static_cast<unsigned>(std::min<std::size_t>(64, count - i));
    std::int32_t w[64];
    for (unsigned j = 0; j < len; ++j) w[j] = Load::load(words, i + j);
    std::uint64_t mask = 0;
    std::uint32_t range = 0;  // OR of v + 2^(M-1): below 2^M iff every v fits in M signed bits
    for (unsigned j = 0; j < len; ++j) {
      mask |= std::uint64_t(w[j] != 0) << j;
      range |= static_cast<std::uint32_t>(w[j]) + (1u << (M - 1));
    }
    if (!Load::template kFits<M> && (range >> M) != 0) return false;
    if (len == 64) {
      znz_code_64(mask, run, znz);
    } else {
      znz_code_words(mask, len, run, znz);  // the last, partial chunk
    }
    for (unsigned j = 0; j < len; ++j) {
      pending[npend] = w[j];  // kept only when non-zero: npend advances past it
      npend += (w[j] != 0);
    }
    unsigned k = 0;
    for (; k + N <= npend; k += N) encode_block<M, N>(pending + k, bpc);
    if (k > 0) std::copy(pending + k, pending + npend, pending);  // keep the < N left over
    npend -= k;
  }
  if (run > 0) znz.put(run - 1, 5);  // the run still open at the last word
  if (npend > 0) {
    std::fill(pending + npend, pending + N, 0);  // §3 stuffing
    encode_block<M, N>(pending, bpc);
  }
  BytePacker::finish<M>(znz, znz_words);
  BytePacker::finish<M>(bpc, bpc_words);
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

namespace {

template <typename Load>
bool encode_any(const EbpcParams& params, const void* words, std::size_t count, EbpcStreams& out) {
  if (params.data_width == 8) return encode_transmission_8x8<Load>(words, count, out.znz, out.bpc);
  if (params.block_size == 8)
    return encode_transmission<16, 8, Load>(words, count, out.znz, out.bpc);
  return encode_transmission<16, 16, Load>(words, count, out.znz, out.bpc);
}

}  // namespace

Result<EbpcStreams> ebpc_encode(const EbpcParams& params, WordView words) {
  Status s = params.validate();
  if (!s.ok()) return s;
  if (words.width() != params.data_width)
    return Status(ErrorCode::kBadInput, "word width " + std::to_string(words.width()) +
                                            " does not match the data width " +
                                            std::to_string(params.data_width));
  EbpcStreams out;
  bool fits = true;
  switch (words.layout()) {
    case WordView::Layout::kInt32:
      fits = encode_any<LoadInt32>(params, words.data(), words.size(), out);
      break;
    case WordView::Layout::kLe8:
      fits = encode_any<LoadLe8>(params, words.data(), words.size(), out);
      break;
    case WordView::Layout::kLe16:
      fits = encode_any<LoadLe16>(params, words.data(), words.size(), out);
      break;
  }
  if (!fits) return words.check_range();
  return out;
}

Result<EbpcStreams> ebpc_encode(const EbpcParams& params, const std::int32_t* words,
                                std::size_t count) {
  return ebpc_encode(params, WordView(words, count, params.data_width));
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

void EbpcDecoder::fail(EbpcError code, std::string message) {
  if (status_.ok()) status_ = Status(code, std::move(message));
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
    fail(EbpcError::kZnzTrailing, "ZNZ word " + std::to_string(znz_words_.size()) +
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
    fail(EbpcError::kBpcTrailing, "BPC word " + std::to_string(bpc_words_.size()) +
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
        fail(EbpcError::kBadCode, where() + ": zero run of " + std::to_string(repeat) +
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
          fail(EbpcError::kBadCode, where() + ": 'all-0 plane' code at symbol " +
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
          fail(EbpcError::kBadCode, where() + ": position " + std::to_string(pos) + " at symbol " +
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
      fail(EbpcError::kBpcTruncated, where() + ": the BPC stream ends (" +
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
      fail(EbpcError::kValueRange, where() + ": value " + std::to_string(k) + " of the block (" +
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
        fail(EbpcError::kZnzTruncated,
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
        fail(EbpcError::kZeroNonzero, "word " + std::to_string(out_.size()) +
                                          " is flagged non-zero in ZNZ (bit " + std::to_string(at) +
                                          ") but its BPC value is 0");
        return;
      }
      znz_rd_.read(1);
      out_.push_back(v);
    } else {  // zero run: '0' + (k-1) in 4 bits
      const std::uint64_t k = (znz_rd_.peek(5) & 0xfu) + 1;
      if (out_.size() + k > num_words_) {
        fail(EbpcError::kRunOverflow, "ZNZ zero run of " + std::to_string(k) + " at bit " +
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
                                bool ended, EbpcError code, const char* name) {
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
  check_padding(znz_rd_, znz_words_, znz_end_, EbpcError::kZnzTrailing, "ZNZ");
  if (!status_.ok()) return;
  if (blocks_ == 0) {
    if (!bpc_words_.empty())
      fail(EbpcError::kBpcTrailing, "all words are zero but the BPC stream is not empty");
  } else {
    for (unsigned i = block_pos_; i < p_.block_size; ++i) {
      if (block_[i] != 0) {
        fail(EbpcError::kZeroNonzero, "stuffing value " + std::to_string(i) +
                                          " of the last BPC block is not zero");
        return;
      }
    }
    check_padding(bpc_rd_, bpc_words_, bpc_end_, EbpcError::kBpcTrailing, "BPC");
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
inline bool decode_block_fast(const std::uint8_t* buf, std::uint64_t& pos, Val<M>* vals,
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
  vals[0] = static_cast<Val<M>>(v);
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
    vals[k] = static_cast<Val<M>>(v);  // exact when the range check below passes
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
BlockScan decode_blocks(const std::uint8_t* buf, std::uint64_t total, Val<M>* vals) {
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

template <typename V>
constexpr V kZeroWords[16] = {};

// Pass B: the ZNZ stream (`total` bits in `buf`) until `num_words` words: each step copies 16
// words, from vals[vi] for a run of k <= 16 '1' symbols, from kZeroWords for a zero-run symbol,
// and keeps the first k (or the run length). `out` has room for num_words + 15 words, `vals` for
// nvals + 16 (zeros after nvals). Returns false if the stream, the values or the word count are
// overrun; else `end` is the bit after the last symbol and `used_vals` the number of '1's.
template <typename V>
inline bool expand_znz(const std::uint8_t* buf, std::uint64_t total, std::uint64_t num_words,
                       const V* vals, std::uint64_t nvals, V* out, std::uint64_t& end,
                       std::uint64_t& used_vals) {
  std::uint64_t pos = 0, o = 0, vi = 0;
  while (o < num_words) {
    if (pos > total || vi > nvals) return false;
    const std::uint64_t w = window_at(buf, pos);
    const bool one = (w >> 63) != 0;
    const unsigned ones = static_cast<unsigned>(__builtin_clzll(~w | 1u));
    const unsigned k = ones < 16 ? ones : 16;
    const unsigned run = static_cast<unsigned>((w >> 59) & 15u) + 1;
    std::memcpy(out + o, one ? vals + vi : kZeroWords<V>, sizeof kZeroWords<V>);
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

// `out` must have room for num_words + 16 values (expand_znz writes 16 at a time); it may be the
// element bytes of a tensor (Val<M> is the word's two's-complement storage type).
template <unsigned M, unsigned N>
bool decode_transmission(const std::vector<std::uint32_t>& znz,
                         const std::vector<std::uint32_t>& bpc, std::uint64_t num_words,
                         Val<M>* out) {
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
  RawArray<Val<M>> vals(static_cast<std::size_t>((bpc_bits / kMinBlockBits<M> + 1) * N + 16));
  const BlockScan s = decode_blocks<M, N>(bpc_bytes.data(), bpc_bits, vals.data());
  if (s.failed) return false;
  const std::uint64_t nvals = s.blocks * N;
  std::fill(vals.data() + nvals, vals.data() + nvals + 16, 0);  // read by expand_znz

  // Pass B.
  std::uint64_t znz_end = 0, flagged = 0;
  if (!expand_znz<Val<M>>(znz_bytes.data(), znz_bits, num_words, vals.data(), nvals, out, znz_end,
                          flagged))
    return false;

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

namespace {

// decode_transmission() of the configuration into `out` (room for num_words + 16 values of the
// data width's storage type).
bool decode_any(const EbpcParams& params, const std::vector<std::uint32_t>& znz,
                const std::vector<std::uint32_t>& bpc, std::uint64_t num_words, void* out) {
  if (params.data_width == 8)
    return decode_transmission<8, 8>(znz, bpc, num_words, static_cast<Val<8>*>(out));
  if (params.block_size == 8)
    return decode_transmission<16, 8>(znz, bpc, num_words, static_cast<Val<16>*>(out));
  return decode_transmission<16, 16>(znz, bpc, num_words, static_cast<Val<16>*>(out));
}

}  // namespace

bool ebpc_decode_fast(const EbpcParams& params, const std::vector<std::uint32_t>& znz,
                      const std::vector<std::uint32_t>& bpc, std::uint64_t num_words,
                      std::vector<std::int32_t>& out) {
  std::vector<std::uint8_t> bytes;
  if (!ebpc_decode_fast_bytes(params, znz, bpc, num_words, bytes)) return false;
  out.resize(static_cast<std::size_t>(num_words));
  if (params.data_width == 8) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::int8_t>(bytes[i]);
  } else {
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = static_cast<std::int16_t>(
          static_cast<std::uint16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8)));
  }
  return true;
}

bool ebpc_decode_fast_bytes(const EbpcParams& params, const std::vector<std::uint32_t>& znz,
                            const std::vector<std::uint32_t>& bpc, std::uint64_t num_words,
                            std::vector<std::uint8_t>& out) {
  const std::size_t wb = params.data_width / 8;
  // Checked before sizing the buffer: a count the ZNZ stream cannot code is invalid anyway.
  if (num_words > znz.size() * std::uint64_t(params.data_width) / 5 * 16 + 4) return false;
  out.resize((static_cast<std::size_t>(num_words) + 16) * wb);
  const bool ok = decode_any(params, znz, bpc, num_words, out.data());
  out.resize(static_cast<std::size_t>(num_words) * wb);
#if !(defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
  if (wb == 2)  // the int16 values were stored in host order: make them little-endian
    for (std::size_t i = 0; i + 1 < out.size(); i += 2) std::swap(out[i], out[i + 1]);
#endif
  return ok;
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
      return Status(EbpcError::kZnzTruncated,
                    "ZNZ stream (" + std::to_string(znz.size()) + " words) ends after " +
                        std::to_string(dec.words_decoded()) + " of " + std::to_string(num_words) +
                        " words");
    return Status(EbpcError::kBpcTruncated,
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
      return Status(EbpcError::kZnzTrailing, "word count is 0 but the ZNZ stream is not empty");
    if (!bpc.empty())
      return Status(EbpcError::kBpcTrailing, "word count is 0 but the BPC stream is not empty");
    return std::vector<std::int32_t>{};
  }
  std::vector<std::int32_t> out;
  if (detail::ebpc_decode_fast(params, znz, bpc, num_words, out)) return out;
  return detail::ebpc_decode_reference(params, znz, bpc, num_words);
}

}  // namespace fmc
