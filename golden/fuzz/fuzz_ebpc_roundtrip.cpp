// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: EBPC encode -> decode round trip, whole-buffer and streaming.
//
// Input layout: byte 0 bits 0-1 configuration (8/8, 16/8, 16/16, 8/8), bits 2-3 value shaping
// (0 raw, 1 "byte < 0x80 is a zero" sparsity, 2 ReLU: negatives become 0, 3 zero runs: a byte
// 0x80 | k inserts k zero words), bits 4-7 interleaving bias of the streaming decoder. Then the
// values: m-bit words (1 byte at m = 8, 2 bytes big-endian at m = 16) taken as signed.
//
// Checked: decode(encode(x)) == x; the streaming encoder, fed one word at a time and popped as soon
// as words are released, gives exactly the whole-buffer streams with `last` only on each stream's
// final word; the streaming decoder in an input-driven interleaving gives x; the stream sizes obey
// the worst-case bounds of docs/ebpc-format.md §3.1 (ZNZ <= 5 bits per word; BPC block <= m + (m+1)
// * longest code = 80 bits at 8/8, 152 at 16/8, 288 at 16/16); count N-1 / N+1 either fail or show
// the one ambiguity of the format (a final `00000` run symbol that looks like zero padding).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_common.hpp"

using namespace fmc;
using namespace fmc_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const std::uint8_t b0 = in.u8();
  const EbpcParams p = config(b0 & 3);
  const unsigned m = p.data_width;
  const unsigned shaping = (b0 >> 2) & 3;
  const unsigned znz_percent = ((b0 >> 4) * 100u) / 15u;
  std::vector<std::int32_t> x;
  while (in.left() >= m / 8 && x.size() < 4096) {
    if (shaping == 3) {  // a byte with the top bit set is a zero run, else a value starts
      const std::uint8_t c = in.u8();
      if (c & 0x80) {
        x.insert(x.end(), c & 0x7f, 0);
        continue;
      }
      if (m == 16) {
        if (in.left() < 1) break;
        const std::uint32_t w = (std::uint32_t(c) << 8) | in.u8();
        x.push_back(static_cast<std::int32_t>(w));  // top bit 0: non-negative
      } else {
        x.push_back(c);
      }
      continue;
    }
    const std::uint32_t w = in.word(m);
    std::int32_t v = static_cast<std::int32_t>((w ^ (1u << (m - 1))) - (1u << (m - 1)));
    if (shaping == 1 && (w >> (m - 8)) < 0x80) v = 0;
    if (shaping == 2 && v < 0) v = 0;
    x.push_back(v);
  }
  if (x.empty()) return 0;
  const std::uint64_t n = x.size();

  auto enc = ebpc_encode(p, x);
  FMC_FUZZ_CHECK(enc.ok(), "encode failed: %s", enc.status().to_string().c_str());
  const EbpcStreams& s = enc.value();
  auto dec = ebpc_decode(p, s.znz, s.bpc, n);
  FMC_FUZZ_CHECK(dec.ok(), "decode failed: %s", dec.status().to_string().c_str());
  FMC_FUZZ_CHECK(dec.value() == x, "round trip differs");

  // Size bounds.
  std::size_t nnz = 0;
  for (auto v : x) nnz += v != 0;
  const std::size_t blocks = (nnz + p.block_size - 1) / p.block_size;
  const std::size_t worst = m == 8 ? 80 : (p.block_size == 8 ? 152 : 288);
  FMC_FUZZ_CHECK(s.znz.size() <= (5 * n + m - 1) / m, "ZNZ too long: %zu words", s.znz.size());
  FMC_FUZZ_CHECK(s.bpc.size() <= (blocks * worst + m - 1) / m, "BPC too long: %zu words",
                 s.bpc.size());
  // Shortest block: base + one run of m+1 zero planes (`001` + log2 m bits).
  const std::size_t best = m + 3 + (m == 8 ? 3 : 4);
  FMC_FUZZ_CHECK(s.bpc.size() >= (blocks * best + m - 1) / m, "BPC too short: %zu words",
                 s.bpc.size());
  FMC_FUZZ_CHECK((nnz == 0) == s.bpc.empty(), "BPC empty iff all words are zero");

  // Streaming encoder.
  EbpcEncoder e(p);
  std::vector<StreamBeat> zb, bb;
  for (std::size_t i = 0; i < x.size(); ++i) {
    FMC_FUZZ_CHECK(e.push(x[i], i + 1 == x.size()).ok(), "push failed");
    while (auto b = e.pop_znz()) zb.push_back(*b);
    while (auto b = e.pop_bpc()) bb.push_back(*b);
  }
  auto same = [](const std::vector<StreamBeat>& beats, const std::vector<std::uint32_t>& w) {
    if (beats.size() != w.size()) return false;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (beats[i].data != w[i] || beats[i].last != (i + 1 == w.size())) return false;
    return true;
  };
  FMC_FUZZ_CHECK(same(zb, s.znz), "streaming ZNZ beats differ from the whole-buffer stream");
  FMC_FUZZ_CHECK(same(bb, s.bpc), "streaming BPC beats differ from the whole-buffer stream");

  // Streaming decoder.
  std::uint64_t seed = 0;
  for (std::size_t i = 0; i < size; ++i) seed = seed * 131 + data[i];
  Rng rng(seed);
  const StreamOutcome so = stream_decode(p, s.znz, s.bpc, n, rng, znz_percent);
  FMC_FUZZ_CHECK(so.code == ErrorCode::kOk, "streaming decode failed: %s",
                 error_code_name(so.code));
  FMC_FUZZ_CHECK(so.words == x, "streaming decode differs");

  // Word count off by one.
  if (n > 1) {
    auto d = ebpc_decode(p, s.znz, s.bpc, n - 1);
    FMC_FUZZ_CHECK(!d.ok() || (x.back() == 0 &&
                               d.value() == std::vector<std::int32_t>(x.begin(), x.end() - 1)),
                   "count N-1 decodes to something else");
  }
  auto d = ebpc_decode(p, s.znz, s.bpc, n + 1);
  if (d.ok()) {
    std::vector<std::int32_t> plus = x;
    plus.push_back(0);
    FMC_FUZZ_CHECK(d.value() == plus, "count N+1 decodes to something else");
  }
  return 0;
}
