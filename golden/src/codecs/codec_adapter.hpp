// SPDX-License-Identifier: Apache-2.0
// What the registry adapters of the codecs whose configuration is a parameter struct share
// (docs/adding-a-codec.md): the struct's validate() as the combination check, the streaming
// classes built from it, and the whole-buffer encode as the streaming encoder run to the end.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fmcodec/codec.hpp"

namespace fmc {
namespace detail {

/// Feeds every word (`last` on the final one) and collects the released words of `streams`
/// streams. Precondition: the words are in range (WordView::check_range()).
inline Streams encode_all(StreamEncoder& enc, WordView words, unsigned streams) {
  for (std::size_t i = 0; i < words.size(); ++i) enc.push(words[i], i + 1 == words.size());
  Streams out(streams);
  for (unsigned k = 0; k < streams; ++k)
    while (auto b = enc.pop(k)) out[k].push_back(b->data);
  return out;
}

/// Whole-buffer encode with the streaming encoder `Enc(const Params&)`: the parameters and the
/// words' range are checked first (kBadParams, kBadInput).
template <typename Enc, typename Params>
Result<Streams> encode_whole(const Params& p, WordView words, unsigned streams) {
  Status s = p.validate();
  if (!s.ok()) return s;
  s = words.check_range();
  if (!s.ok()) return s;
  Enc enc(p);
  return encode_all(enc, words, streams);
}

/// Whole-buffer decode of `num_words` words with the streaming decoder `Dec(const Params&, n)`
/// (which has `finish()`, called when the streams end before it is done): the parameters and the
/// stream count are checked first (kBadParams, kBadInput); N = 0 succeeds exactly when every
/// stream is empty, else the `trailing` error of the first non-empty stream (one (error, stream
/// name) per stream, in stream order); otherwise every stream is pushed whole, in stream order
/// (the decoder consumes its words in decode order whatever the interleaving). No allocation of
/// num_words up front: the output grows only as the streams are decoded.
template <typename Dec, typename Params, typename Err>
Result<std::vector<std::int32_t>> decode_whole(const Params& p, const Streams& s,
                                               std::uint64_t num_words, const char* codec,
                                               const std::vector<std::pair<Err, const char*>>& trailing) {
  Status st = p.validate();
  if (!st.ok()) return st;
  if (s.size() != trailing.size())
    return Status(ErrorCode::kBadInput, std::string(codec) + ": expected " +
                                            std::to_string(trailing.size()) + " streams, got " +
                                            std::to_string(s.size()));
  if (num_words == 0) {
    for (std::size_t k = 0; k < s.size(); ++k)
      if (!s[k].empty())
        return Status(trailing[k].first, std::string("word count is 0 but the ") +
                                             trailing[k].second + " stream is not empty");
    return std::vector<std::int32_t>{};
  }
  Dec dec(p, num_words);
  for (unsigned k = 0; k < s.size(); ++k)
    for (std::size_t i = 0; i < s[k].size() && dec.status().ok(); ++i)
      dec.push(k, s[k][i], i + 1 == s[k].size());
  if (!dec.status().ok()) return dec.status();
  if (!dec.done()) return dec.finish();
  return dec.decoded();
}

/// A Codec whose configuration is `Params` (with `Status validate() const`), and whose streaming
/// classes are `Enc(const Params&)` and `Dec(const Params&, std::uint64_t n)`.
template <typename Params, typename Enc, typename Dec>
class ParamsCodec : public Codec {
 public:
  /// The parameter struct of a configuration.
  virtual Params params(const CodecConfig& cfg) const = 0;

  Status check_combination(const CodecConfig& cfg) const override {
    return params(cfg).validate();
  }
  std::unique_ptr<StreamEncoder> encoder(const CodecConfig& cfg) const override {
    return std::make_unique<Enc>(params(cfg));
  }
  std::unique_ptr<StreamDecoder> decoder(const CodecConfig& cfg, std::uint64_t n) const override {
    return std::make_unique<Dec>(params(cfg), n);
  }
};

}  // namespace detail
}  // namespace fmc
