// SPDX-License-Identifier: Apache-2.0
// The ideal core of the perf table (tool_driver.hpp): the cycles no core of a codec can beat.
#pragma once

#include <cstdint>
#include <vector>

#include "fmcodec/codec.hpp"

namespace fmc_verif {

/// Cycles of an ideal core on one transmission: unbounded buffers, no latency, one word per cycle
/// on every port, each output word leaving at the earliest in the cycle in which the golden
/// streaming model releases it (encoder: input word i arrives in cycle i; decoder: word j of
/// every stream arrives in cycle j). At least max(words, every stream's words); more where the
/// format makes a word wait for later input (a GRLC grid for its band's last row, a `last` flag
/// for the next bit) while the other port idles. A lower bound for any core of the codec where
/// its golden model releases each word as soon as the format determines it (each streaming
/// model's comment says when it releases; GRLC's and DCT's decoders: a band's first row grid by
/// grid, verif/tests/test_cosim_grlc.cpp).
struct IdealCycles {
  std::uint64_t enc = 0, dec = 0;
};
IdealCycles ideal_cycles(const fmc::Codec& codec, const fmc::CodecConfig& cfg,
                         const std::vector<std::int32_t>& words, const fmc::Streams& streams);

}  // namespace fmc_verif
