// SPDX-License-Identifier: Apache-2.0
// Fixed-seed co-simulation of the GRLC cores against the golden streaming codec (verif/grlc/).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "fmcodec/codecs/grlc.hpp"
#include "common/ideal_core.hpp"
#include "grlc/grlc_cosim.hpp"

using namespace fmc_verif;

namespace {

// N words; each is 0 with probability p_zero, else a non-zero value of at most `bits` bits
// (signed when `sign`), so that grids of every value width and both signs occur.
std::vector<std::int32_t> make_words(std::size_t n, unsigned m, double p_zero, std::mt19937_64& rng) {
  std::bernoulli_distribution zero(p_zero);
  std::vector<std::int32_t> w(n);
  const unsigned bits = 1 + static_cast<unsigned>(rng() % m);
  const bool sign = rng() % 2;
  for (auto& x : w) {
    if (zero(rng)) {
      x = 0;
      continue;
    }
    do {
      if (sign) {
        const std::int32_t lo = -(1 << (bits - 1)), hi = (1 << (bits - 1)) - 1;
        x = std::uniform_int_distribution<std::int32_t>(lo, hi)(rng);
      } else {
        const std::int32_t hi = bits >= m ? (1 << (m - 1)) - 1 : (1 << bits) - 1;
        x = std::uniform_int_distribution<std::int32_t>(0, hi)(rng);
      }
    } while (x == 0);
  }
  return w;
}

// Plane shapes that matter for the grid: one cell, one partial grid, the real maps' 7 and 14,
// one column past a grid, the widest plane the cores take.
std::vector<std::pair<unsigned, unsigned>> shapes(const GrlcConfig& c) {
  return {{1, 1}, {7, 7}, {14, 14}, {c.grid_w + 1, c.grid_h + 1}, {3, 5}, {c.max_plane_width, 2}};
}

// Lengths around a plane: 1, a partial row, a partial plane, whole planes, one past.
std::vector<std::size_t> lengths(unsigned w, unsigned h, std::mt19937_64& rng) {
  const std::size_t p = std::size_t(w) * h;
  std::vector<std::size_t> v = {1, std::max<std::size_t>(1, w / 2), p, 2 * p, 2 * p + 1,
                                p + w + 1};
  for (int i = 0; i < 3; ++i) v.push_back(1 + rng() % (3 * p));
  return v;
}

std::vector<std::vector<std::int32_t>> encoder_set(const GrlcConfig& c, unsigned w, unsigned h,
                                                   std::mt19937_64& rng) {
  std::vector<std::vector<std::int32_t>> txs;
  for (double p : {0.0, 0.5, 0.9, 1.0})
    for (std::size_t n : lengths(w, h, rng)) txs.push_back(make_words(n, c.data_width, p, rng));
  // Extremes: the most negative value, -1 and the largest value in one grid.
  const std::int32_t mn = -(1 << (c.data_width - 1)), mx = (1 << (c.data_width - 1)) - 1;
  txs.push_back({mn, -1, 0, 1, mx});
  txs.push_back(std::vector<std::int32_t>(std::size_t(w) * h, mx));
  std::shuffle(txs.begin(), txs.end(), rng);
  return txs;
}

GrlcJob good_job(const CoreConfig& shape, const std::vector<std::int32_t>& w,
                 const std::string& what) {
  GrlcJob j;
  j.num_words = w.size();
  j.streams = fmc::grlc_encode(fmc::GrlcParams{shape.data_width,
                                               unsigned(shape.codec_cfg.param("grid_h")),
                                               unsigned(shape.codec_cfg.param("grid_w")),
                                               unsigned(shape.codec_cfg.param("plane_w")),
                                               unsigned(shape.codec_cfg.param("plane_h"))},
                               fmc::WordView(w.data(), w.size(), shape.data_width))
                  .value();
  j.what = what;
  return j;
}

const std::vector<std::string> kCorruptions = {"cut", "extra", "padding", "bit flip", "word zeroed"};

// A bad job of class `cls`, from random data chosen so that the corruption applies.
GrlcJob bad_job(const CoreConfig& shape, const std::string& cls, std::mt19937_64& rng) {
  const unsigned m = shape.data_width;
  for (;;) {
    GrlcJob j = good_job(shape, make_words(1 + rng() % 200, m, 0.6, rng), cls);
    auto& s = j.streams[0];
    if (cls == "cut") {
      s.pop_back();
    } else if (cls == "extra") {
      s.push_back(static_cast<std::uint32_t>(rng()) & ((1u << m) - 1u));
    } else if (cls == "padding") {
      // A padding bit of the last word set: the golden decode tells whether there is one.
      const std::uint32_t last = s.back();
      bool found = false;
      for (unsigned b = 0; b < m && !found; ++b) {
        s.back() = last | (1u << b);
        if (s.back() != last &&
            !fmc::grlc_codec().decode(shape.codec_cfg, j.streams, j.num_words).ok())
          found = true;
      }
      if (!found) continue;
    } else if (cls == "bit flip") {
      const std::uint64_t bit = rng() % (s.size() * m);
      s[bit / m] ^= 1u << (bit % m);
    } else {
      s[rng() % s.size()] = 0;
    }
    return j;
  }
}

void require_ok(const GrlcResult& r) {
  INFO(r.error);
  REQUIRE(r.ok);
}

}  // namespace

TEST_CASE("GRLC encoder: shapes, lengths and sparsities back to back, random back-pressure",
          "[grlc][encoder]") {
  for (const auto& cfg : grlc_configs()) {
    for (const auto& [w, h] : shapes(cfg)) {
      DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h) {
        const std::uint64_t seed = w * 131 + h;
        std::mt19937_64 rng(seed);
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = w != 7;  // 7 x 7: every port always valid/ready
        const auto r = grlc_encoder_cosim(cfg, grlc_core_config(cfg, w, h),
                                          encoder_set(cfg, w, h, rng), opt);
        require_ok(r);
        CHECK(r.beats_checked > 0);
        std::printf("grlc encoder %s W %u H %u: checked %llu beats in %llu cycles, 0 mismatches\n",
                    cfg.name.c_str(), w, h, static_cast<unsigned long long>(r.beats_checked),
                    static_cast<unsigned long long>(r.cycles));
      }
    }
  }
}

TEST_CASE("GRLC decoder: valid transmissions back to back, random back-pressure",
          "[grlc][decoder]") {
  for (const auto& cfg : grlc_configs()) {
    for (const auto& [w, h] : shapes(cfg)) {
      DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h) {
        const std::uint64_t seed = w * 131 + h + 100;
        std::mt19937_64 rng(seed);
        const CoreConfig shape = grlc_core_config(cfg, w, h);
        std::vector<GrlcJob> jobs;
        for (const auto& x : encoder_set(cfg, w, h, rng)) jobs.push_back(good_job(shape, x, "good"));
        GrlcJob empty;
        empty.what = "N=0";
        jobs.insert(jobs.begin() + 3, empty);
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = w != 7;
        const auto r = grlc_decoder_cosim(cfg, shape, jobs, opt);
        require_ok(r);
        CHECK(r.beats_checked > 0);
        std::printf("grlc decoder %s W %u H %u: %zu jobs, checked %llu beats, 0 mismatches\n",
                    cfg.name.c_str(), w, h, jobs.size(),
                    static_cast<unsigned long long>(r.beats_checked));
      }
    }
  }
}

TEST_CASE("GRLC decoder: good -> bad -> good for every corruption class, no clear",
          "[grlc][decoder][errors]") {
  for (const auto& cfg : grlc_configs()) {
    for (const auto& [w, h] : {std::pair<unsigned, unsigned>{7, 7}, {cfg.grid_w + 1, 3}}) {
      DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h) {
        std::mt19937_64 rng(w * 7 + h);
        const CoreConfig shape = grlc_core_config(cfg, w, h);
        std::vector<GrlcJob> jobs;
        std::vector<std::size_t> bad_idx;
        for (int rep = 0; rep < 8; ++rep) {
          for (const auto& cls : kCorruptions) {
            jobs.push_back(good_job(shape, make_words(1 + rng() % 150, cfg.data_width, 0.5, rng), "good"));
            bad_idx.push_back(jobs.size());
            jobs.push_back(bad_job(shape, cls, rng));
          }
        }
        jobs.push_back(good_job(shape, make_words(97, cfg.data_width, 0.5, rng), "good"));
        GrlcJob z;  // N = 0 with a non-empty stream
        z.what = "N=0 word";
        z.streams[0] = {0};
        bad_idx.push_back(jobs.size());
        jobs.push_back(z);
        jobs.push_back(good_job(shape, make_words(20, cfg.data_width, 0.5, rng), "good"));
        SimOptions opt;
        opt.seed = w + h;
        opt.backpressure = true;
        const auto r = grlc_decoder_cosim(cfg, shape, jobs, opt);
        require_ok(r);
        std::map<std::string, std::map<int, int>> seen;  // class -> code -> count
        int errors = 0;
        for (std::size_t k : bad_idx) {
          ++seen[jobs[k].what][r.err_codes[k]];
          errors += r.err_codes[k] != 0;
        }
        std::printf("grlc decoder errors %s W %u H %u: %zu jobs (%zu corrupt, %d rejected), checked "
                    "%llu beats, 0 mismatches; codes per class:",
                    cfg.name.c_str(), w, h, jobs.size(), bad_idx.size(), errors,
                    static_cast<unsigned long long>(r.beats_checked));
        for (const auto& [cls, codes] : seen) {
          std::printf(" [%s:", cls.c_str());
          for (const auto& [code, n] : codes) std::printf(" %d x%d", code, n);
          std::printf("]");
        }
        std::printf("\n");
        // A cut, an extra word, a set padding bit and words for N = 0 are always rejected.
        for (const auto& cls : {"cut", "extra", "padding", "N=0 word"}) CHECK(seen[cls].count(0) == 0);
      }
    }
  }
}

TEST_CASE("GRLC cores: recovery by clear_i mid-transmission", "[grlc][clear]") {
  for (const auto& cfg : grlc_configs()) {
    for (std::uint64_t seed : {4, 5}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed + 300);
        const unsigned w = seed == 4 ? 14 : cfg.max_plane_width, h = 3;
        const CoreConfig shape = grlc_core_config(cfg, w, h);
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        opt.clear_after = seed == 4 ? 37 : 150;
        const auto txs = encoder_set(cfg, w, h, rng);
        require_ok(grlc_encoder_cosim(cfg, shape, txs, opt));
        std::vector<GrlcJob> jobs;
        for (std::size_t i = 0; i < 8; ++i) jobs.push_back(good_job(shape, txs[i], "good"));
        jobs.insert(jobs.begin() + 2, bad_job(shape, "cut", rng));
        jobs.insert(jobs.begin() + 5, bad_job(shape, "bit flip", rng));
        require_ok(grlc_decoder_cosim(cfg, shape, jobs, opt));
      }
    }
  }
}

TEST_CASE("GRLC throughput: whole planes, every port ready", "[grlc][throughput]") {
  for (const auto& cfg : grlc_configs()) {
    for (unsigned w : {7u, 14u, 112u}) {
      for (double p : {0.0, 0.5, 0.9}) {
        std::mt19937_64 rng(7);
        const unsigned h = w, planes = std::max(2u, 20000u / (w * h));  // steady state: ~20k words
        const CoreConfig shape = grlc_core_config(cfg, w, h);
        const auto x = make_words(std::size_t(planes) * w * h, cfg.data_width, p, rng);
        const GrlcJob j = good_job(shape, x, "good");
        const double n = static_cast<double>(x.size());
        const double bound = n / std::max(n, double(j.streams[0].size()));
        SimOptions opt;
        const auto re = grlc_encoder_cosim(cfg, shape, {x}, opt);
        require_ok(re);
        const auto rd = grlc_decoder_cosim(cfg, shape, {j}, opt);
        require_ok(rd);
        const double we = n / re.active_cycles, wd = n / rd.active_cycles;
        std::printf("grlc throughput %s W %u p_zero %.2f: bound %.4f, encoder %.4f (%.4f of bound), "
                    "decoder %.4f (%.4f of bound) words/cycle\n",
                    cfg.name.c_str(), w, p, bound, we, we / bound, wd, wd / bound);
        CHECK(we >= 0.98 * bound);
        CHECK(wd >= 0.98 * bound);
      }
    }
  }
}

TEST_CASE("GRLC encoder -> decoder loopback, lengths 1..80, random back-pressure",
          "[grlc][loopback]") {
  for (const auto& cfg : grlc_configs()) {
    DYNAMIC_SECTION(cfg.name) {
      std::mt19937_64 rng(31);
      std::vector<std::vector<std::int32_t>> tx;
      for (std::size_t n = 1; n <= 80; ++n)
        tx.push_back(make_words(n, cfg.data_width, 0.3 + 0.6 * static_cast<double>(n % 3) / 2, rng));
      SimOptions opt;
      opt.seed = 9;
      opt.backpressure = true;
      const auto r = grlc_loopback_cosim(cfg, grlc_core_config(cfg, 9, 2), tx, opt);
      require_ok(r);
      CHECK(r.words == 80 * 81 / 2);
    }
  }
}

// The ideal core of the perf table (common/ideal_core.hpp), by hand: m = 8, 2 x 4 grids, every value
// -100 (b = 8, dense): a grid codes into 6 + 64 = 70 bits.
TEST_CASE("ideal core cycles of GRLC, hand-computed", "[grlc][perf]") {
  auto cfg = [](unsigned w, unsigned h) {
    fmc::ParamValues pv;
    pv.set("grid_h", 2);
    pv.set("grid_w", 4);
    pv.set("plane_w", w);
    pv.set("plane_h", h);
    return fmc::grlc_codec().configure(8, pv).value();
  };
  // The stream words of `words` in a W x H plane and the ideal core's cycles on them.
  auto ideal = [&](const std::vector<std::int32_t>& words, unsigned w, unsigned h,
                   std::size_t& stream_words) {
    const auto c = cfg(w, h);
    const auto s = fmc::grlc_codec().encode(c, fmc::WordView(words.data(), words.size(), 8));
    REQUIRE(s.ok());
    stream_words = s.value()[0].size();
    return ideal_cycles(fmc::grlc_codec(), c, words, s.value());
  };
  std::size_t l = 0;
  SECTION("one grid: everything waits for its last cell, then 9 words") {
    // Encoder: the grid is known in cycle 7 (its last cell), its 9 words leave in cycles 7..15.
    // Decoder: the grid's last bit (69) is in word 8 (cycle 8); 8 cells leave in cycles 8..15.
    const IdealCycles id = ideal(std::vector<std::int32_t>(8, -100), 4, 2, l);
    REQUIRE(l == 9);
    CHECK(id.enc == 16);
    CHECK(id.dec == 16);
  }
  SECTION("two grids side by side: the first row leaves grid by grid") {
    // 140 bits, 18 words. Encoder: grid 0 is known in cycle 11 (cell (1, 3)): words 0..7 (bits
    // 0..63) leave in cycles 11..18; word 8 holds bits of grid 1 (known in cycle 15): words 8..17
    // in cycles 19..28. Decoder: grid 0 ends in word 8 (cycle 8): cells (0, 0..3) in cycles
    // 8..11; grid 1 ends in word 17 (cycle 17): cells (0, 4..7) in 17..20, row 1 in 21..28 (a
    // decoder releasing the band only after its last grid would need 33 cycles).
    const IdealCycles id = ideal(std::vector<std::int32_t>(16, -100), 8, 2, l);
    REQUIRE(l == 18);
    CHECK(id.enc == 29);
    CHECK(id.dec == 29);
  }
  SECTION("never below the port bound") {
    std::mt19937_64 rng(7);
    for (int t = 0; t < 20; ++t) {
      const unsigned w = 1 + static_cast<unsigned>(rng() % 20);
      const unsigned h = 1 + static_cast<unsigned>(rng() % 9);
      const auto words = make_words(1 + rng() % 400, 8, 0.5, rng);
      const IdealCycles id = ideal(words, w, h, l);
      const std::uint64_t bound = std::max<std::uint64_t>(words.size(), l);
      CHECK(id.enc >= bound);
      CHECK(id.dec >= bound);
    }
  }
}
