// SPDX-License-Identifier: Apache-2.0
#include "ebpc/stimulus.hpp"

#include <algorithm>

namespace fmc_verif {
namespace {

std::int32_t rand_nonzero(std::mt19937_64& rng, unsigned m) {
  std::uniform_int_distribution<std::int32_t> d(-(1 << (m - 1)), (1 << (m - 1)) - 1);
  std::int32_t v;
  do v = d(rng);
  while (v == 0);
  return v;
}

// Number of (zero X run → non-zero X) transitions in the 8-word block (the authors' encoder
// stalls once per such transition).
int zrun_transitions(const std::int32_t* w, unsigned m, unsigned n) {
  std::uint32_t planes[17] = {};
  for (unsigned k = 1; k < n; ++k) {
    const std::uint32_t d = static_cast<std::uint32_t>(w[k] - w[k - 1]) & ((1u << (m + 1)) - 1);
    for (unsigned b = 0; b <= m; ++b) planes[b] |= ((d >> b) & 1u) << (n - 1 - k);
  }
  int t = 0;
  bool in_run = false;
  for (unsigned i = 0; i <= m; ++i) {
    const std::uint32_t x = i == 0 ? planes[0] : planes[i - 1] ^ planes[i];
    if (x == 0) {
      in_run = true;
    } else {
      if (in_run) ++t;
      in_run = false;
    }
  }
  return t;
}

}  // namespace

const std::vector<std::string>& stimulus_classes() {
  static const std::vector<std::string> k = {"zero",   "dense",    "sparse50", "sparse90",
                                             "sparse99", "relu",   "smooth",   "extremes",
                                             "runs16", "runs17",   "zrun_symbols", "mixed",
                                             "flat"};
  return k;
}

std::vector<std::int32_t> make_stimulus(const std::string& cls, std::size_t count, unsigned m,
                                        std::mt19937_64& rng) {
  std::vector<std::int32_t> v;
  v.reserve(count);
  const std::int32_t lo = -(1 << (m - 1)), hi = (1 << (m - 1)) - 1;
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto bern = [&](double p_zero) {
    for (std::size_t i = 0; i < count; ++i) v.push_back(u(rng) < p_zero ? 0 : rand_nonzero(rng, m));
  };
  if (cls == "zero") {
    v.assign(count, 0);
  } else if (cls == "dense") {
    bern(0.0);
  } else if (cls == "sparse50") {
    bern(0.5);
  } else if (cls == "sparse90") {
    bern(0.9);
  } else if (cls == "sparse99") {
    bern(0.99);
  } else if (cls == "relu") {
    // Half-normal magnitudes, ~48 % zeros, spatially correlated like activations.
    std::normal_distribution<double> g(0.0, hi / 4.0);
    double s = 0;
    for (std::size_t i = 0; i < count; ++i) {
      s = 0.8 * s + 0.6 * g(rng);
      const double x = s < 0 ? 0 : std::min<double>(s, hi);
      v.push_back(static_cast<std::int32_t>(x));
    }
  } else if (cls == "smooth") {
    std::int32_t x = rand_nonzero(rng, m) / 2;
    std::uniform_int_distribution<int> step(-3, 3);
    for (std::size_t i = 0; i < count; ++i) {
      x = std::clamp(x + step(rng), lo, hi);
      v.push_back(x);
    }
  } else if (cls == "extremes") {
    std::uniform_int_distribution<int> pick(0, 4);
    const std::int32_t vals[5] = {lo, hi, lo + 1, hi - 1, 0};
    for (std::size_t i = 0; i < count; ++i) v.push_back(vals[pick(rng)]);
  } else if (cls == "runs16" || cls == "runs17") {
    const std::size_t run = cls == "runs16" ? 16 : 17;
    while (v.size() < count) {
      for (std::size_t k = 0; k < run && v.size() < count; ++k) v.push_back(0);
      if (v.size() < count) v.push_back(rand_nonzero(rng, m));
    }
  } else if (cls == "zrun_symbols") {
    const unsigned n = 8;
    while (v.size() < count) {
      std::int32_t best[8] = {};
      int best_t = -1;
      for (int tries = 0; tries < 64; ++tries) {
        std::int32_t w[8];
        std::uniform_int_distribution<int> bits(1, static_cast<int>(m) - 1);
        const std::int32_t span = 1 << bits(rng);
        std::uniform_int_distribution<std::int32_t> dv(-span / 2, span / 2 - 1);
        const std::int32_t base = rand_nonzero(rng, m) / 2;
        for (unsigned k = 0; k < n; ++k) {
          std::int32_t x = std::clamp(base + dv(rng), lo, hi);
          if (x == 0) x = 1;
          w[k] = x;
        }
        const int t = zrun_transitions(w, m, n);
        if (t > best_t) {
          best_t = t;
          std::copy(w, w + n, best);
        }
      }
      for (unsigned k = 0; k < n && v.size() < count; ++k) v.push_back(best[k]);
    }
  } else if (cls == "flat") {
    // Constant stretches and -1 ramps: all delta planes equal, so BPC zero runs of m and m+1.
    std::uniform_int_distribution<std::size_t> len(4, 40);
    while (v.size() < count) {
      std::int32_t x = rand_nonzero(rng, m);
      const bool ramp = rng() & 1;
      const std::size_t l = len(rng);
      for (std::size_t k = 0; k < l && v.size() < count; ++k) {
        v.push_back(x);
        if (ramp && x - 1 != 0 && x - 1 >= lo) --x;
      }
    }
  } else if (cls == "mixed") {
    std::uniform_int_distribution<std::size_t> len(50, 800);
    bool dense = true;
    while (v.size() < count) {
      const std::size_t l = len(rng);
      for (std::size_t k = 0; k < l && v.size() < count; ++k) v.push_back(dense ? rand_nonzero(rng, m) : 0);
      dense = !dense;
    }
  }
  return v;
}

std::vector<std::vector<std::int32_t>> random_transmissions(std::uint64_t seed, unsigned m,
                                                            std::size_t max_len,
                                                            std::string* desc) {
  std::mt19937_64 rng(seed);
  const auto& classes = stimulus_classes();
  std::uniform_int_distribution<std::size_t> ntx(1, 6), pick(0, classes.size() - 1);
  std::uniform_int_distribution<std::size_t> len_small(1, 40), len_big(1, max_len);
  std::vector<std::vector<std::int32_t>> tx(ntx(rng));
  for (auto& t : tx) {
    const std::string& c = classes[pick(rng)];
    const std::size_t n = (rng() & 1) ? len_small(rng) : len_big(rng);
    t = make_stimulus(c, n, m, rng);
    if (desc) *desc += (desc->empty() ? "" : " ") + c + ":" + std::to_string(n);
  }
  return tx;
}

}  // namespace fmc_verif
