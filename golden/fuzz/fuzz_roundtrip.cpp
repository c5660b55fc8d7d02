// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: every codec's encode -> decode round trip, whole-buffer and streaming.
// Codec-generic: the input chooses a codec of the registry, so a newly registered codec is fuzzed
// without a change here.
//
// Input layout (read front to back; missing bytes read as 0):
//   codec choice  read_choice() (fuzz_common.hpp): codec, data width m, every parameter;
//                 configurations that configure() rejects are skipped;
//   u8 flags      bits 0-1: value shaping (below); bits 2-3: the Schedule feeding the streaming
//                 decoder; bits 4-7: r, the streaming encoder is reset() after r - 1 words of a
//                 first transmission (0: no first transmission);
//   the words     at most kMaxWords; each read as ceil(m / 8) bytes big-endian, the low m bits
//                 taken as signed, then shaped:
//                   0 raw;
//                   1 sparse: a word whose first byte is below 0x80 becomes 0;
//                   2 ReLU: negative words become 0;
//                   3 zero runs: a byte 0x80 | k inserts k zero words, any other byte is the
//                     first byte of a word.
//
// Checked, for the words x (N of them):
//  - encode() succeeds with the codec's stream count, every stream word within its width, and
//    N <= max_words(); for m = 8 and 16 the tensor-byte layout (WordView::le_bytes) gives the same
//    streams; N = 0 gives empty streams that decode to nothing;
//  - decode() succeeds with N words in m signed bits: x exactly for a lossless codec, within
//    error_bound() of x for a lossy codec that promises one;
//  - the streaming encoder rejects an out-of-range word with kBadInput and no effect, survives a
//    reset() in the middle of a transmission, and then, fed x one word at a time and popped on
//    every stream after each push, releases exactly encode()'s streams with `last` only on each
//    stream's final word; once done it rejects a further word;
//  - the streaming decoder, in the input's schedule, finishes with decode()'s words.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "fuzz_common.hpp"

using namespace fmc;
using namespace fmc_fuzz;

namespace {

// The words of the input after the flags byte, shaped (header comment).
std::vector<std::int32_t> read_words(Bytes& in, unsigned m, unsigned shaping) {
  std::vector<std::int32_t> x;
  const unsigned nb = word_bytes(m);
  while (in.has_word(m) && x.size() < kMaxWords) {
    if (shaping == 3) {
      const std::uint8_t c = in.u8();
      if (c & 0x80) {
        x.resize(std::min(kMaxWords, x.size() + (c & 0x7f)), 0);
        continue;
      }
      if (in.left() < nb - 1) break;
      const std::uint32_t w = std::uint32_t(c) << (8 * (nb - 1)) | in.be(nb - 1);
      x.push_back(sign_extend(w, m));
      continue;
    }
    const std::uint32_t w = in.be(nb);
    std::int32_t v = sign_extend(w, m);
    if (shaping == 1 && (w >> (8 * (nb - 1))) < 0x80) v = 0;
    if (shaping == 2 && v < 0) v = 0;
    x.push_back(v);
  }
  return x;
}

// The streaming encoder's beats for `x`, after an out-of-range push and, if reset_after > 0, a
// first transmission of reset_after - 1 words that reset() abandons.
std::vector<std::vector<StreamBeat>> stream_encode(const Codec& codec, const CodecConfig& cfg,
                                                   const std::vector<std::int32_t>& x,
                                                   unsigned reset_after) {
  const unsigned m = cfg.data_width;
  const std::size_t ns = codec.streams(cfg).size();
  auto enc = codec.encoder(cfg);
  if (m < 32) {
    const std::int32_t too_big = static_cast<std::int32_t>(std::uint32_t(1) << (m - 1));
    FMC_FUZZ_CHECK(enc->push(too_big, false).is(ErrorCode::kBadInput),
                   "%s: the streaming encoder takes %d at m = %u", codec.name(), too_big, m);
    FMC_FUZZ_CHECK(!enc->done(), "%s: a rejected word ends the transmission", codec.name());
  }
  if (reset_after > 0) {
    for (std::size_t i = 0; i + 1 < reset_after && i < x.size(); ++i)
      FMC_FUZZ_CHECK(enc->push(x[x.size() - 1 - i], false).ok(), "%s: push failed", codec.name());
    enc->reset();
    FMC_FUZZ_CHECK(!enc->done(), "%s: done() after reset()", codec.name());
    for (unsigned k = 0; k < ns; ++k)
      FMC_FUZZ_CHECK(!enc->pop(k).has_value(), "%s: stream %u has a beat after reset()",
                     codec.name(), k);
  }
  std::vector<std::vector<StreamBeat>> beats(ns);
  for (std::size_t i = 0; i < x.size(); ++i) {
    FMC_FUZZ_CHECK(!enc->done(), "%s: done() after %zu of %zu words", codec.name(), i, x.size());
    const Status st = enc->push(x[i], i + 1 == x.size());
    FMC_FUZZ_CHECK(st.ok(), "%s: push of word %zu fails: %s", codec.name(), i,
                   st.to_string().c_str());
    for (unsigned k = 0; k < ns; ++k)
      while (auto b = enc->pop(k)) beats[k].push_back(*b);
  }
  FMC_FUZZ_CHECK(enc->done(), "%s: not done() after the last word", codec.name());
  FMC_FUZZ_CHECK(enc->push(0, true).is(ErrorCode::kBadInput),
                 "%s: a word after the end of the transmission is taken", codec.name());
  for (unsigned k = 0; k < ns; ++k)
    FMC_FUZZ_CHECK(!enc->pop(k).has_value(), "%s: stream %u releases a beat after the end",
                   codec.name(), k);
  return beats;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const auto choice = read_choice(in);
  if (!choice) return 0;
  const Codec& codec = *choice->codec;
  const CodecConfig& cfg = choice->cfg;
  const unsigned m = cfg.data_width;
  const std::uint8_t flags = in.u8();
  const auto schedule = static_cast<Schedule>((flags >> 2) & 3);
  const unsigned reset_after = flags >> 4;
  const std::vector<std::int32_t> x = read_words(in, m, flags & 3);
  const std::uint64_t n = x.size();
  const char* name = codec.name();
  const std::string text = codec.config_text(cfg);

  auto enc = codec.encode(cfg, WordView(x.data(), x.size(), m));
  FMC_FUZZ_CHECK(enc.ok(), "%s %s: encode() fails: %s", name, text.c_str(),
                 enc.status().to_string().c_str());
  const Streams& s = enc.value();
  const auto info = codec.streams(cfg);
  FMC_FUZZ_CHECK(s.size() == info.size(), "%s: encode() gives %zu streams, streams() %zu", name,
                 s.size(), info.size());
  for (std::size_t k = 0; k < s.size(); ++k)
    for (std::uint32_t w : s[k])
      FMC_FUZZ_CHECK((w & ~word_mask(info[k].word_width)) == 0,
                     "%s: stream %zu word 0x%x exceeds %u bits", name, k, w, info[k].word_width);
  FMC_FUZZ_CHECK(n <= codec.max_words(cfg, s), "%s %s: N = %llu above max_words() = %llu", name,
                 text.c_str(), static_cast<unsigned long long>(n),
                 static_cast<unsigned long long>(codec.max_words(cfg, s)));
  if (m == 8 || m == 16) {
    std::vector<std::uint8_t> bytes;
    for (std::int32_t v : x) {
      bytes.push_back(static_cast<std::uint8_t>(v));
      if (m == 16) bytes.push_back(static_cast<std::uint8_t>(v >> 8));
    }
    auto enc2 = codec.encode(cfg, WordView::le_bytes(bytes.data(), x.size(), m));
    FMC_FUZZ_CHECK(enc2.ok() && enc2.value() == s, "%s %s: tensor bytes encode differently", name,
                   text.c_str());
  }

  auto dec = codec.decode(cfg, s, n);
  FMC_FUZZ_CHECK(dec.ok(), "%s %s: decode(encode(x)) fails: %s", name, text.c_str(),
                 dec.status().to_string().c_str());
  const std::vector<std::int32_t>& y = dec.value();
  FMC_FUZZ_CHECK(y.size() == n, "%s: %zu words decoded for N = %llu", name, y.size(),
                 static_cast<unsigned long long>(n));
  if (codec.exact(cfg)) {
    FMC_FUZZ_CHECK(y == x, "%s %s: the round trip changes the words", name, text.c_str());
  } else {
    const auto bound = codec.error_bound(cfg);
    for (std::size_t i = 0; i < n; ++i) {
      FMC_FUZZ_CHECK(sign_extend(static_cast<std::uint32_t>(y[i]), m) == y[i],
                     "%s: decoded value %d does not fit in %u bits", name, y[i], m);
      if (bound)
        FMC_FUZZ_CHECK(std::llabs(std::int64_t(x[i]) - y[i]) <= *bound,
                       "%s %s: word %zu: %d decodes to %d, error bound %u", name, text.c_str(), i,
                       x[i], y[i], *bound);
    }
  }
  if (n == 0) {
    for (const auto& str : s) FMC_FUZZ_CHECK(str.empty(), "%s: N = 0 gives stream words", name);
    return 0;  // the streaming coders need N >= 1
  }

  const auto beats = stream_encode(codec, cfg, x, reset_after);
  for (std::size_t k = 0; k < s.size(); ++k) {
    FMC_FUZZ_CHECK(beats[k].size() == s[k].size(),
                   "%s %s: the streaming encoder releases %zu words of stream %zu, encode() %zu",
                   name, text.c_str(), beats[k].size(), k, s[k].size());
    for (std::size_t i = 0; i < s[k].size(); ++i)
      FMC_FUZZ_CHECK(beats[k][i].data == s[k][i] && beats[k][i].last == (i + 1 == s[k].size()),
                     "%s %s: streaming beat %zu of stream %zu differs from encode()", name,
                     text.c_str(), i, k);
  }

  Rng rng(input_hash(data, size));
  const StreamRun run = run_decoder(codec, cfg, s, n, schedule, rng);
  FMC_FUZZ_CHECK(run.status.ok() && run.done, "%s %s: the streaming decoder %s", name, text.c_str(),
                 run.status.ok() ? "does not finish" : run.status.to_string().c_str());
  FMC_FUZZ_CHECK(run.popped == y, "%s %s: the streaming decoder gives other words", name,
                 text.c_str());
  return 0;
}
