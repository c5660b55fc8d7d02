// SPDX-License-Identifier: Apache-2.0
// What the registry adapters of the codecs whose configuration is a parameter struct share
// (docs/adding-a-codec.md): the struct's validate() as the combination check, the streaming
// classes built from it, and the whole-buffer encode as the streaming encoder run to the end.
#pragma once

#include <cstddef>
#include <memory>

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
