// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the EBPC decoder on arbitrary and on corrupted-valid streams.
//
// Input layout (all fields read front to back, missing bytes read as 0):
//   byte 0   bits 0-1: configuration (8/8, 16/8, 16/16, 8/8); bit 2: mode; bits 3-7: interleaving
//            bias (share of ZNZ words when the streaming decoder picks the next stream word).
//   mode 0 "raw":     u16 num_words, u16 ZNZ word count (mod the words present), then stream words
//                     (1 byte each at m = 8, 2 bytes big-endian at m = 16): ZNZ first, then BPC.
//   mode 1 "mutate":  u8 op, u8 arg, u16 arg2, then input values (m-bit words as above, taken as
//                     signed); they are encoded, then op corrupts the streams or the word count.
//
// Checked for every input:
//  - ebpc_decode() never crashes, hangs or reads out of bounds (ASan/UBSan), and fails only with a
//    decoding ErrorCode (ZnzTruncated .. ValueRange);
//  - the streaming decoder, fed one word at a time in an interleaving drawn from the input, gives
//  the
//    same ErrorCode, or the same words;
//  - a successful decode has num_words values in m signed bits, and re-encoding them gives streams
//    that decode to the same values and are a fixed point of decode+encode;
//  - in mutate mode, the outcome the format fixes: no corruption decodes to the input, a stream cut
//    at a word boundary is Truncated, an appended word is Trailing.
//
// Canonical check, and why it is not "re-encode == input streams": the decoder accepts streams
// that the encoder would never emit but that still decode to one well-defined result (the format,
// like the authors' decoder, does not require the shortest code): e.g. a raw `1`+X symbol for an
// X that has a shorter code, a zero run split into two run symbols (`01 01` instead of `001 000`),
// or two ZNZ zero runs in a row shorter than 16. Rejecting them would need a re-encoder inside the
// RTL decoder for no gain. So canonicity is checked as: encode(decode(s)) is canonical, i.e.
// encode(decode(encode(decode(s)))) == encode(decode(s)), and in mutate mode with no corruption the
// input streams come back exactly.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_common.hpp"

using namespace fmc;
using namespace fmc_fuzz;

namespace {

bool is_decode_error(ErrorCode c) {
  return c >= ErrorCode::kZnzTruncated && c <= ErrorCode::kValueRange;
}

// The generic checks; returns the decode result for mode-specific checks.
Result<std::vector<std::int32_t>> check_decode(const EbpcParams& p,
                                               const std::vector<std::uint32_t>& znz,
                                               const std::vector<std::uint32_t>& bpc,
                                               std::uint64_t n, Rng& rng, unsigned znz_percent) {
  auto r = ebpc_decode(p, znz, bpc, n);
  const ErrorCode code = r.ok() ? ErrorCode::kOk : r.status().code();
  FMC_FUZZ_CHECK(r.ok() || is_decode_error(code), "unexpected error %s",
                 r.status().to_string().c_str());
  if (n > 0) {
    const StreamOutcome s = stream_decode(p, znz, bpc, n, rng, znz_percent);
    FMC_FUZZ_CHECK(s.code == code, "streaming decoder says %s, ebpc_decode %s",
                   error_code_name(s.code), error_code_name(code));
    if (r.ok()) FMC_FUZZ_CHECK(s.words == r.value(), "streaming decoder gives other words");
  }
  if (!r.ok()) return r;
  const auto& v = r.value();
  FMC_FUZZ_CHECK(v.size() == n, "%zu words decoded for %llu", v.size(),
                 static_cast<unsigned long long>(n));
  const std::int32_t lim = 1 << (p.data_width - 1);
  for (std::int32_t x : v) FMC_FUZZ_CHECK(x >= -lim && x < lim, "value %d out of range", x);
  auto e = ebpc_encode(p, v);
  FMC_FUZZ_CHECK(e.ok(), "re-encode failed: %s", e.status().to_string().c_str());
  auto d2 = ebpc_decode(p, e.value().znz, e.value().bpc, n);
  FMC_FUZZ_CHECK(d2.ok() && d2.value() == v, "re-encoded streams do not decode back");
  auto e2 = ebpc_encode(p, d2.value());
  FMC_FUZZ_CHECK(e2.ok() && e2.value().znz == e.value().znz && e2.value().bpc == e.value().bpc,
                 "encode(decode()) is not a fixed point");
  return r;
}

std::vector<std::uint32_t> truncate(std::vector<std::uint32_t> v, std::size_t k) {
  v.resize(k);
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const std::uint8_t b0 = in.u8();
  const EbpcParams p = config(b0 & 3);
  const unsigned m = p.data_width;
  const std::uint32_t mask = (1u << m) - 1u;
  const unsigned znz_percent = ((b0 >> 3) * 100u) / 31u;
  std::uint64_t seed = 0;
  for (std::size_t i = 0; i < size; ++i) seed = seed * 131 + data[i];
  Rng rng(seed);

  if ((b0 & 4) == 0) {  // raw streams
    const std::uint64_t n = in.u16();
    const std::size_t nz_field = in.u16();
    std::vector<std::uint32_t> words;
    while (in.left() >= m / 8) words.push_back(in.word(m));
    const std::size_t nz = nz_field % (words.size() + 1);
    const std::vector<std::uint32_t> znz(words.begin(), words.begin() + nz);
    const std::vector<std::uint32_t> bpc(words.begin() + nz, words.end());
    check_decode(p, znz, bpc, n, rng, znz_percent);
    return 0;
  }

  // mutate: encode the values, corrupt, decode
  const unsigned op = in.u8() % 8;
  const std::uint8_t arg = in.u8();
  const std::uint16_t arg2 = in.u16();
  std::vector<std::int32_t> values;
  while (in.left() >= m / 8) {
    const std::uint32_t w = in.word(m);
    values.push_back(static_cast<std::int32_t>((w ^ (1u << (m - 1))) - (1u << (m - 1))));
  }
  if (values.empty()) return 0;
  auto enc = ebpc_encode(p, values);
  FMC_FUZZ_CHECK(enc.ok(), "encode failed: %s", enc.status().to_string().c_str());
  EbpcStreams s = enc.value();
  std::uint64_t n = values.size();
  ErrorCode expected = ErrorCode::kOk;  // kOk here = "any outcome"
  bool exact = false;
  switch (op) {
    case 0:  // no corruption
      exact = true;
      break;
    case 1:  // ZNZ cut at a word boundary
      s.znz = truncate(s.znz, arg2 % s.znz.size());
      expected = ErrorCode::kZnzTruncated;
      break;
    case 2:  // BPC cut at a word boundary
      if (s.bpc.empty()) return 0;
      s.bpc = truncate(s.bpc, arg2 % s.bpc.size());
      expected = ErrorCode::kBpcTruncated;
      break;
    case 3:  // one more ZNZ word
      s.znz.push_back(arg2 & mask);
      expected = ErrorCode::kZnzTrailing;
      break;
    case 4:  // one more BPC word
      s.bpc.push_back(arg2 & mask);
      expected = ErrorCode::kBpcTrailing;
      break;
    case 5: {  // flip one bit (arg bit 0 picks the stream)
      auto& w = (arg & 1) && !s.bpc.empty() ? s.bpc : s.znz;
      const std::size_t bit = arg2 % (w.size() * m);
      w[bit / m] ^= 1u << (m - 1 - bit % m);
      break;
    }
    case 6:  // wrong word count
      n = static_cast<std::uint64_t>(static_cast<std::int64_t>(n) + static_cast<std::int8_t>(arg));
      if (static_cast<std::int64_t>(n) < 0 || n > values.size() + 128) return 0;
      break;
    case 7: {  // overwrite one word
      auto& w = (arg & 1) && !s.bpc.empty() ? s.bpc : s.znz;
      w[arg2 % w.size()] = (arg2 >> 3 ^ arg) & mask;
      break;
    }
  }
  auto r = check_decode(p, s.znz, s.bpc, n, rng, znz_percent);
  if (exact) {
    FMC_FUZZ_CHECK(r.ok() && r.value() == values, "valid streams do not decode to their input");
  } else if (expected != ErrorCode::kOk) {
    FMC_FUZZ_CHECK(!r.ok() && r.status().code() == expected, "op %u: expected %s, got %s", op,
                   error_code_name(expected), r.status().to_string().c_str());
  }
  // Other corruptions may decode, even to the input itself: ZNZ `00001` (run of 2) with its last
  // bit flipped reads `00000` + padding `00000`, two runs of 1, a non-canonical spelling of the
  // same two zeros. Only the generic checks above apply to them.
  return 0;
}
