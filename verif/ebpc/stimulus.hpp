// SPDX-License-Identifier: Apache-2.0
/// @file stimulus.hpp
/// Seeded stimulus classes for the co-simulation (values as signed m-bit integers).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace fmc_verif {

/// Names of the stimulus classes: "zero", "dense", "sparse50", "sparse90", "sparse99", "relu",
/// "smooth", "extremes", "runs16", "runs17", "zrun_symbols" (blocks chosen to maximise BPC zero
/// runs followed by non-zero symbols), "mixed" (long dense and long empty stretches), "flat"
/// (constant stretches and -1 ramps: BPC zero runs of m and m+1 symbols).
const std::vector<std::string>& stimulus_classes();

/// `count` words of class `cls` for data width `m` (8 or 16), deterministic for the rng state.
/// Unknown class names give an empty vector.
std::vector<std::int32_t> make_stimulus(const std::string& cls, std::size_t count, unsigned m,
                                        std::mt19937_64& rng);

/// The randomized regression's stimulus for one seed: 1..6 back-to-back transmissions, each of a
/// random class, half of them 1..40 words long and half 1..max_len. `desc` (if not null) gets
/// "class:length ..." for the log.
std::vector<std::vector<std::int32_t>> random_transmissions(std::uint64_t seed, unsigned m,
                                                            std::size_t max_len,
                                                            std::string* desc = nullptr);

}  // namespace fmc_verif
