// SPDX-License-Identifier: Apache-2.0
// The ideal core (ideal_core.hpp): the golden streaming models, one word per cycle on each port.
#include "common/ideal_core.hpp"

#include <algorithm>

namespace fmc_verif {

IdealCycles ideal_cycles(const fmc::Codec& codec, const fmc::CodecConfig& cfg,
                         const std::vector<std::int32_t>& words, const fmc::Streams& streams) {
  IdealCycles r;
  // t[k]: the cycle of stream k's latest word (-1: none yet); a word leaves at
  // max(its release cycle, the previous word's cycle + 1).
  std::vector<std::int64_t> t(streams.size(), -1);
  const auto enc = codec.encoder(cfg);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!enc->push(words[i], i + 1 == words.size()).ok()) return {};
    for (unsigned k = 0; k < streams.size(); ++k)
      while (enc->pop(k)) t[k] = std::max<std::int64_t>(static_cast<std::int64_t>(i), t[k] + 1);
  }
  r.enc = words.size();
  for (std::int64_t x : t)
    r.enc = std::max<std::uint64_t>(r.enc, static_cast<std::uint64_t>(x + 1));

  const auto dec = codec.decoder(cfg, words.size());
  std::size_t longest = 0;
  for (const auto& s : streams) longest = std::max(longest, s.size());
  std::int64_t out = -1;
  for (std::size_t j = 0; j < longest; ++j) {
    for (unsigned k = 0; k < streams.size(); ++k)
      if (j < streams[k].size()) dec->push(k, streams[k][j], j + 1 == streams[k].size());
    while (dec->pop()) out = std::max<std::int64_t>(static_cast<std::int64_t>(j), out + 1);
  }
  if (!dec->done()) return {};
  r.dec = std::max<std::uint64_t>(longest, static_cast<std::uint64_t>(out + 1));
  return r;
}

}  // namespace fmc_verif
