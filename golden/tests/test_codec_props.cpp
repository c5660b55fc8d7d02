// SPDX-License-Identifier: Apache-2.0
// Properties every codec of the registry must have (codec.hpp's contracts), checked on every
// codec, data width and legal parameter set. A new codec is covered here without any change.
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

using Words = std::vector<std::int32_t>;

// Random words of m bits: `zero_pct` percent zeros (in runs), the rest small or full-range.
Words random_words(std::mt19937& rng, unsigned m, std::size_t n, unsigned zero_pct) {
  Words v(n);
  const std::int32_t lo = -(1 << (m - 1)), hi = (1 << (m - 1)) - 1;
  std::uniform_int_distribution<std::int32_t> full(lo, hi), small(-8, 8);
  for (std::size_t i = 0; i < n;) {
    if (rng() % 100 < zero_pct) {
      const std::size_t run = std::min<std::size_t>(n - i, 1 + rng() % 40);
      for (std::size_t k = 0; k < run; ++k) v[i++] = 0;
    } else {
      const unsigned r = rng() % 10;
      v[i++] = r == 0 ? lo : r == 1 ? hi : r < 5 ? full(rng) : small(rng);
    }
  }
  return v;
}

// Every (width, configuration) of a codec.
std::vector<CodecConfig> all_configs(const Codec& c) {
  std::vector<CodecConfig> out;
  for (unsigned m : c.data_widths())
    for (const auto& p : fmc_test::all_param_sets(c, m)) out.push_back(c.configure(m, p).value());
  return out;
}

// The streaming encoder's output for `w`: every released beat, in order, per stream.
std::vector<std::vector<StreamBeat>> stream_encode(const Codec& c, const CodecConfig& cfg,
                                                   const Words& w) {
  auto enc = c.encoder(cfg);
  const std::size_t ns = c.streams(cfg).size();
  std::vector<std::vector<StreamBeat>> out(ns);
  for (std::size_t i = 0; i < w.size(); ++i) {
    REQUIRE(enc->push(w[i], i + 1 == w.size()).ok());
    for (unsigned s = 0; s < ns; ++s)
      while (auto b = enc->pop(s)) out[s].push_back(*b);
  }
  CHECK(enc->done());
  return out;
}

// Streaming decode in a random interleaving; the first error (a decoder left waiting: nullopt).
Status stream_decode(const Codec& c, const CodecConfig& cfg, const Streams& s, std::uint64_t n,
                     std::mt19937& rng, Words& out) {
  auto dec = c.decoder(cfg, n);
  std::vector<std::size_t> pos(s.size(), 0);
  for (;;) {
    std::vector<unsigned> open;
    for (unsigned k = 0; k < s.size(); ++k)
      if (pos[k] < s[k].size()) open.push_back(k);
    if (open.empty() || !dec->status().ok()) break;
    const unsigned k = open[rng() % open.size()];
    dec->push(k, s[k][pos[k]], pos[k] + 1 == s[k].size());
    ++pos[k];
    while (auto v = dec->pop()) out.push_back(*v);
  }
  return dec->status();
}

}  // namespace

TEST_CASE("Registry: unique ids and names, valid schemas and stream-error tables", "[codec]") {
  std::set<unsigned> ids;
  std::set<std::string> names;
  REQUIRE(!codecs().empty());
  for (const Codec* c : codecs()) {
    INFO(c->name());
    CHECK(c->id() != 0);
    CHECK(ids.insert(c->id()).second);
    CHECK(names.insert(c->name()).second);
    CHECK(find_codec(std::string(c->name())).value() == c);
    CHECK(find_codec(c->id()) == c);
    for (unsigned m : c->data_widths()) {
      auto cfg = c->configure(m);  // the defaults are legal at every width
      INFO("m=" << m << " " << cfg.status().to_string());
      CHECK(cfg.ok());
    }
    std::set<unsigned> errs;
    for (const auto& e : c->stream_errors()) {
      CHECK(e.first >= 1);
      CHECK(e.first <= 15);  // fits the RTL's 4-bit err_code_o
      CHECK(errs.insert(e.first).second);
      CHECK(std::string(c->stream_error_name(e.first)) == e.second);
    }
    CHECK(!all_configs(*c).empty());
  }
  CHECK(find_codec(std::string("no-such-codec")).status().is(ErrorCode::kBadParams));
}

TEST_CASE("Every codec: whole-buffer and streaming agree, lossless round trip", "[codec][props]") {
  std::mt19937 rng(2024);
  const std::size_t sizes[] = {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 200, 1000, 4099};
  for (const Codec* c : codecs()) {
    for (const CodecConfig& cfg : all_configs(*c)) {
      const auto info = c->streams(cfg);
      for (std::size_t n : sizes) {
        for (unsigned zero_pct : {0u, 50u, 90u, 100u}) {
          const Words w = random_words(rng, cfg.data_width, n, zero_pct);
          INFO(c->name() << " " << c->config_text(cfg) << " N=" << n << " zeros " << zero_pct
                         << "%");
          auto enc = c->encode(cfg, WordView(w.data(), w.size(), cfg.data_width));
          REQUIRE(enc.ok());
          const Streams& s = enc.value();
          REQUIRE(s.size() == info.size());
          // Stream words fit their width; the streaming encoder releases the same words, `last`
          // exactly on each stream's final word.
          const auto beats = stream_encode(*c, cfg, w);
          for (std::size_t k = 0; k < s.size(); ++k) {
            REQUIRE(beats[k].size() == s[k].size());
            for (std::size_t i = 0; i < s[k].size(); ++i) {
              CHECK(beats[k][i].data == s[k][i]);
              CHECK(beats[k][i].last == (i + 1 == s[k].size()));
              if (info[k].word_width < 32) CHECK((s[k][i] >> info[k].word_width) == 0);
            }
          }
          CHECK(n <= c->max_words(cfg, s));
          auto dec = c->decode(cfg, s, n);
          INFO(dec.status().to_string());
          REQUIRE(dec.ok());
          if (c->exact(cfg)) CHECK(dec.value() == w);
          Words streamed;
          const Status st = stream_decode(*c, cfg, s, n, rng, streamed);
          CHECK(st.ok());
          CHECK(streamed == dec.value());
          // decode_bytes(): the same words as little-endian bytes.
          std::vector<std::uint8_t> bytes;
          REQUIRE(c->decode_bytes(cfg, s, n, bytes).ok());
          const unsigned wb = (cfg.data_width + 7) / 8;
          REQUIRE(bytes.size() == n * wb);
          for (std::size_t i = 0; i < n; ++i) {
            std::uint32_t u = 0;
            for (unsigned b = 0; b < wb; ++b) u |= std::uint32_t(bytes[i * wb + b]) << (8 * b);
            const std::uint32_t mask = cfg.data_width >= 32 ? ~0u : (1u << (8 * wb)) - 1u;
            CHECK(u == (static_cast<std::uint32_t>(dec.value()[i]) & mask));
          }
          // Also from the tensor-byte layout (8/16-bit words).
          if (cfg.data_width == 8 || cfg.data_width == 16) {
            std::vector<std::uint8_t> bytes;
            for (std::int32_t x : w) {
              bytes.push_back(static_cast<std::uint8_t>(x));
              if (cfg.data_width == 16) bytes.push_back(static_cast<std::uint8_t>(x >> 8));
            }
            auto enc2 = c->encode(cfg, WordView::le_bytes(bytes.data(), n, cfg.data_width));
            REQUIRE(enc2.ok());
            CHECK(enc2.value() == s);
          }
        }
      }
    }
  }
}

TEST_CASE("Every codec: corrupt and truncated streams give that codec's errors", "[codec][errors]") {
  std::mt19937 rng(77);
  for (const Codec* c : codecs()) {
    std::set<unsigned> legal;
    for (const auto& e : c->stream_errors()) legal.insert(e.first);
    for (const CodecConfig& cfg : all_configs(*c)) {
      const auto info = c->streams(cfg);
      for (int trial = 0; trial < 40; ++trial) {
        const std::size_t n = 1 + rng() % 300;
        const Words w = random_words(rng, cfg.data_width, n, rng() % 100);
        const Streams s = c->encode(cfg, WordView(w.data(), n, cfg.data_width)).value();
        INFO(c->name() << " " << c->config_text(cfg) << " trial " << trial);
        auto same_error = [&](const Streams& bad, std::uint64_t count) {
          auto r = c->decode(cfg, bad, count);
          std::vector<std::uint8_t> bytes;
          const Status sb = c->decode_bytes(cfg, bad, count, bytes);
          CHECK(sb.ok() == r.ok());
          CHECK(sb.error_name() == std::string(r.status().error_name()));
          Words streamed;
          const Status st = stream_decode(*c, cfg, bad, count, rng, streamed);
          if (r.ok()) {
            // A corruption that still decodes (e.g. inside raw bits): same words streaming, if
            // the streaming decoder finished.
            if (st.ok() && streamed.size() == count) CHECK(streamed == r.value());
            return;
          }
          INFO(r.status().to_string());
          CHECK(r.status().is_stream_error());
          CHECK(r.status().codec_id() == c->id());
          CHECK(legal.count(r.status().stream_error()) == 1);
          // The streaming decoder reports the same error when it saw one.
          if (!st.ok()) {
            CHECK(st.stream_error() == r.status().stream_error());
          }
        };
        // Each stream cut short by one word, extended by one word, one bit flipped.
        for (std::size_t k = 0; k < s.size(); ++k) {
          if (!s[k].empty()) {
            Streams cut = s;
            cut[k].pop_back();
            same_error(cut, n);
            Streams flip = s;
            const std::size_t bit = rng() % (s[k].size() * info[k].word_width);
            flip[k][bit / info[k].word_width] ^= 1u << (bit % info[k].word_width);
            same_error(flip, n);
          }
          Streams extra = s;
          extra[k].push_back(0);
          auto r = c->decode(cfg, extra, n);
          CHECK(!r.ok());  // a word after the end is always an error, never ignored
          same_error(extra, n);
        }
        // A wrong word count is not always detectable (EBPC's padding can decode as a zero run,
        // docs/ebpc-format.md): only that it gives an error of the codec or exactly the count.
        for (std::uint64_t count : {std::uint64_t(n - 1), std::uint64_t(n + 1)}) {
          if (count == 0) continue;
          auto r = c->decode(cfg, s, count);
          if (r.ok()) CHECK(r.value().size() == count);
          else CHECK((r.status().is_stream_error() && r.status().codec_id() == c->id()));
        }
      }
    }
  }
}
