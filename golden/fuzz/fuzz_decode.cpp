// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: every codec's decoders (whole-buffer decode() and the streaming decoder) on
// arbitrary streams and on corrupted valid ones. Codec-generic: the input chooses a codec of the
// registry, so a newly registered codec is fuzzed without a change here.
//
// Input layout (read front to back; missing bytes read as 0; words big-endian, word_bytes(w) =
// ceil(w / 8) bytes, masked to w bits):
//   codec choice      read_choice() (fuzz_common.hpp): codec, data width m, every parameter;
//                     configurations that configure() rejects are skipped;
//   u8 mode           bit 0: 0 "raw", 1 "encode"; bits 1-2: the Schedule feeding the streaming
//                     decoder (random, wanted stream first, stream order, reverse stream order);
//                     bit 3 (raw only): "stray": one stream word gets a bit above its width.
//   raw:     u24 count c, then one u16 word count per stream but the last, then (stray) u16 index,
//            then the stream words: stream k takes min(its count, what is left) words of its word
//            width (Codec::streams()), the last stream every whole word left. The word count is
//            N = c % (max_words(streams) + 2): up to one more than the codec's bound, so memory
//            stays in proportion to the input and the bound itself is checked.
//   encode:  u8 op, u8 stream, u16 arg, then input words (m bits, taken as signed; at most
//            kMaxWords): they are encoded, then `op` changes the streams or N (see Corrupt).
//
// Checked for every input:
//  - decode() never crashes, hangs or touches memory it must not (ASan, UBSan), fails only with
//    host kBadInput or a stream error of this codec (its id, a value in stream_errors()), and on
//    success gives N words within m signed bits, with N <= max_words(); N = 0 decodes iff every
//    stream is empty; a wrong stream count is kBadInput;
//  - the streaming decoder (N >= 1), fed one word at a time in the input's schedule, reports the
//    same first error as decode() (code and stream error), or the same words; a decoder left
//    waiting after every word is pushed can only wait on an empty stream (it cannot know that
//    stream ended), and decode() must then report a stream error; with a stray word both fail;
//  - the streaming decoder's own contracts (run_decoder() in fuzz_common.hpp): push() returns
//    status(), errors are sticky, the popped words are the front of decoded(), at most N words;
//  - encode mode: the uncorrupted streams decode (to the input exactly for a lossless codec), and
//    a stream with a word appended never decodes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_common.hpp"

using namespace fmc;
using namespace fmc_fuzz;

namespace {

// The changes of encode mode (op % kCorruptions).
enum class Corrupt : unsigned {
  kNone = 0,    // as encoded
  kCut = 1,     // stream cut to arg % size words
  kAppend = 2,  // one more word (arg) at the end of the stream
  kFlip = 3,    // bit arg % (size * width) flipped
  kSet = 4,     // word arg % size overwritten with arg >> 4
  kDrop = 5,    // word arg % size removed
  kCount = 6,   // N changed by (int8) arg
};
constexpr unsigned kCorruptions = 7;

// The checks of the header comment on (streams, n); `stray`: a word has a bit above its width.
// Returns decode()'s result.
Result<std::vector<std::int32_t>> check_decode(const Codec& codec, const CodecConfig& cfg,
                                               const Streams& streams, std::uint64_t n,
                                               Schedule schedule, bool stray, Rng& rng) {
  const unsigned m = cfg.data_width;
  auto r = codec.decode(cfg, streams, n);
  FMC_FUZZ_CHECK(r.ok() || codec_error(codec, r.status()), "%s %s: decode() fails with %s",
                 codec.name(), codec.config_text(cfg).c_str(), r.status().to_string().c_str());
  if (stray) FMC_FUZZ_CHECK(!r.ok(), "%s: a word wider than its stream decodes", codec.name());
  bool all_empty = true;
  for (const auto& s : streams) all_empty = all_empty && s.empty();
  if (n == 0)
    FMC_FUZZ_CHECK(r.ok() == all_empty, "%s: N = 0 decodes iff no stream word", codec.name());
  if (r.ok()) {
    const auto& v = r.value();
    FMC_FUZZ_CHECK(v.size() == n, "%s: %zu words decoded for N = %llu", codec.name(), v.size(),
                   static_cast<unsigned long long>(n));
    FMC_FUZZ_CHECK(n <= codec.max_words(cfg, streams), "%s: N = %llu decodes above max_words()",
                   codec.name(), static_cast<unsigned long long>(n));
    for (std::int32_t x : v)
      FMC_FUZZ_CHECK(sign_extend(static_cast<std::uint32_t>(x), m) == x,
                     "%s: decoded value %d does not fit in %u bits", codec.name(), x, m);
  }

  // A stream more or less than the configuration has.
  Streams extra = streams;
  extra.emplace_back();
  FMC_FUZZ_CHECK(codec.decode(cfg, extra, n).status().is(ErrorCode::kBadInput),
                 "%s: a stream too many is not kBadInput", codec.name());
  if (!streams.empty()) {
    Streams fewer(streams.begin(), streams.end() - 1);
    FMC_FUZZ_CHECK(codec.decode(cfg, fewer, n).status().is(ErrorCode::kBadInput),
                   "%s: a stream too few is not kBadInput", codec.name());
  }

  if (n == 0) return r;  // the streaming decoder codes N >= 1 words
  const StreamRun run = run_decoder(codec, cfg, streams, n, schedule, rng);
  FMC_FUZZ_CHECK(run.status.ok() || codec_error(codec, run.status),
                 "%s: the streaming decoder fails with %s", codec.name(),
                 run.status.to_string().c_str());
  if (stray) {
    FMC_FUZZ_CHECK(!run.status.ok(), "%s: the streaming decoder takes a too wide word",
                   codec.name());
    return r;  // which error comes first depends on the order the words arrive in
  }
  if (!run.status.ok()) {
    FMC_FUZZ_CHECK(!r.ok() && same_error(run.status, r.status()),
                   "%s %s: streaming decoder fails with %s, decode() says %s", codec.name(),
                   codec.config_text(cfg).c_str(), run.status.to_string().c_str(),
                   r.status().to_string().c_str());
  } else if (run.done) {
    FMC_FUZZ_CHECK(r.ok(), "%s %s: streaming decoder succeeds, decode() says %s", codec.name(),
                   codec.config_text(cfg).c_str(), r.status().to_string().c_str());
    FMC_FUZZ_CHECK(run.popped == r.value(), "%s: streaming decoder gives other words",
                   codec.name());
  } else {
    // Left waiting: only an empty stream can still be open (the others got their last word).
    bool some_empty = false;
    for (const auto& s : streams) some_empty = some_empty || s.empty();
    FMC_FUZZ_CHECK(some_empty, "%s: streaming decoder waits although every stream ended",
                   codec.name());
    FMC_FUZZ_CHECK(!r.ok() && r.status().is_stream_error(),
                   "%s %s: streaming decoder waits for more, decode() says %s", codec.name(),
                   codec.config_text(cfg).c_str(), r.status().to_string().c_str());
  }
  return r;
}

int raw_mode(const Codec& codec, const CodecConfig& cfg, Bytes& in, Schedule schedule, bool stray,
             Rng& rng) {
  const auto info = codec.streams(cfg);
  const std::size_t ns = info.size();
  const std::uint32_t count = in.be(3);
  std::vector<std::size_t> sizes(ns, 0);
  for (std::size_t k = 0; k + 1 < ns; ++k) sizes[k] = in.be(2);
  const std::uint32_t stray_index = stray ? in.be(2) : 0;
  Streams streams(ns);
  for (std::size_t k = 0; k < ns; ++k) {
    const unsigned w = info[k].word_width;
    while ((k + 1 == ns || streams[k].size() < sizes[k]) && in.has_word(w))
      streams[k].push_back(in.word(w));
  }
  std::size_t total = 0;
  for (const auto& s : streams) total += s.size();
  bool widened = false;
  if (stray && total > 0) {
    std::size_t i = stray_index % total;
    for (std::size_t k = 0; k < ns; ++k) {
      if (i >= streams[k].size()) {
        i -= streams[k].size();
        continue;
      }
      if (info[k].word_width < 32) {
        streams[k][i] |= std::uint32_t(1) << info[k].word_width;
        widened = true;
      }
      break;
    }
  }
  const std::uint64_t n = count % (codec.max_words(cfg, streams) + 2);
  check_decode(codec, cfg, streams, n, schedule, widened, rng);
  return 0;
}

int encode_mode(const Codec& codec, const CodecConfig& cfg, Bytes& in, Schedule schedule,
                Rng& rng) {
  const unsigned m = cfg.data_width;
  const auto op = static_cast<Corrupt>(in.u8() % kCorruptions);
  const std::uint8_t stream_byte = in.u8();
  const std::uint16_t arg = static_cast<std::uint16_t>(in.be(2));
  std::vector<std::int32_t> x;
  while (in.has_word(m) && x.size() < kMaxWords) x.push_back(sign_extend(in.word(m), m));
  auto enc = codec.encode(cfg, WordView(x.data(), x.size(), m));
  FMC_FUZZ_CHECK(enc.ok(), "%s %s: encode() fails: %s", codec.name(),
                 codec.config_text(cfg).c_str(), enc.status().to_string().c_str());
  Streams s = std::move(enc.value());
  std::uint64_t n = x.size();
  const auto info = codec.streams(cfg);
  FMC_FUZZ_CHECK(s.size() == info.size(), "%s: encode() gives %zu streams, streams() %zu",
                 codec.name(), s.size(), info.size());
  if (s.empty()) return 0;
  const std::size_t k = stream_byte % s.size();
  auto& str = s[k];
  const unsigned w = info[k].word_width;
  switch (op) {
    case Corrupt::kNone: break;
    case Corrupt::kCut:
      if (str.empty()) return 0;
      str.resize(arg % str.size());
      break;
    case Corrupt::kAppend: str.push_back(arg & word_mask(w)); break;
    case Corrupt::kFlip: {
      if (str.empty()) return 0;
      const std::size_t bit = arg % (str.size() * w);
      str[bit / w] ^= std::uint32_t(1) << (bit % w);
      break;
    }
    case Corrupt::kSet:
      if (str.empty()) return 0;
      str[arg % str.size()] = (std::uint32_t(arg) >> 4) & word_mask(w);
      break;
    case Corrupt::kDrop:
      if (str.empty()) return 0;
      str.erase(str.begin() + static_cast<std::ptrdiff_t>(arg % str.size()));
      break;
    case Corrupt::kCount: {
      const std::int64_t c = static_cast<std::int64_t>(n) + static_cast<std::int8_t>(arg);
      if (c < 0 || static_cast<std::uint64_t>(c) > codec.max_words(cfg, s) + 1) return 0;
      n = static_cast<std::uint64_t>(c);
      break;
    }
  }
  auto r = check_decode(codec, cfg, s, n, schedule, false, rng);
  if (op == Corrupt::kNone) {
    FMC_FUZZ_CHECK(r.ok(), "%s %s: its own streams do not decode: %s", codec.name(),
                   codec.config_text(cfg).c_str(), r.status().to_string().c_str());
    if (codec.exact(cfg))
      FMC_FUZZ_CHECK(r.value() == x, "%s %s: its own streams decode to other words", codec.name(),
                     codec.config_text(cfg).c_str());
  } else if (op == Corrupt::kAppend) {
    FMC_FUZZ_CHECK(!r.ok(), "%s %s: a word after the end of stream %zu is ignored", codec.name(),
                   codec.config_text(cfg).c_str(), k);
  }
  // Other changes may still decode (e.g. a flipped bit inside raw value bits); the generic checks
  // of check_decode() apply to them.
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const auto choice = read_choice(in);
  if (!choice) return 0;
  const std::uint8_t mode = in.u8();
  const auto schedule = static_cast<Schedule>((mode >> 1) & 3);
  Rng rng(input_hash(data, size));
  if (mode & 1) return encode_mode(*choice->codec, choice->cfg, in, schedule, rng);
  return raw_mode(*choice->codec, choice->cfg, in, schedule, (mode & 8) != 0, rng);
}
