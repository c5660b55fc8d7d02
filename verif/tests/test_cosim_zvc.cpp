// SPDX-License-Identifier: Apache-2.0
// Fixed-seed co-simulation of the ZVC cores against the golden streaming codec (verif/zvc/).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>

#include "fmcodec/codecs/zvc.hpp"
#include "zvc/zvc_cosim.hpp"

using namespace fmc_verif;

namespace {

// N words; each is 0 with probability p_zero, else a uniform non-zero m-bit signed value.
std::vector<std::int32_t> make_words(std::size_t n, unsigned m, double p_zero, std::mt19937_64& rng) {
  const std::int32_t lo = -(1 << (m - 1)), hi = (1 << (m - 1)) - 1;
  std::uniform_int_distribution<std::int32_t> val(lo, hi);
  std::bernoulli_distribution zero(p_zero);
  std::vector<std::int32_t> w(n);
  for (auto& x : w) {
    if (zero(rng)) {
      x = 0;
    } else {
      do x = val(rng); while (x == 0);
    }
  }
  return w;
}

// Lengths that matter for G and m: 1, around G, around m*G (one mask word), and random ones.
std::vector<std::size_t> lengths(const ZvcConfig& c, std::mt19937_64& rng) {
  const std::size_t g = c.group, mg = c.group * c.data_width;
  std::vector<std::size_t> v = {1, 2, g + 1, mg - 1, mg, mg + 1, 2 * mg + 3};
  if (g > 1) v.push_back(g - 1), v.push_back(g);
  std::uniform_int_distribution<std::size_t> len(1, 300);
  for (int i = 0; i < 6; ++i) v.push_back(len(rng));
  return v;
}

std::vector<std::vector<std::int32_t>> encoder_set(const ZvcConfig& c, std::mt19937_64& rng) {
  std::vector<std::vector<std::int32_t>> txs;
  for (double p : {0.0, 0.5, 0.9, 1.0, std::pow(0.4, 1.0 / c.group)})
    for (std::size_t n : lengths(c, rng)) txs.push_back(make_words(n, c.data_width, p, rng));
  // Extremes: the most negative value and -1, single non-zero word at a group's end.
  const std::int32_t mn = -(1 << (c.data_width - 1));
  txs.push_back({mn, -1, 0, 1, (1 << (c.data_width - 1)) - 1});
  std::vector<std::int32_t> tail(c.group * 3, 0);
  tail.back() = 1;
  txs.push_back(tail);
  std::shuffle(txs.begin(), txs.end(), rng);
  return txs;
}

ZvcJob good_job(const ZvcConfig& c, const std::vector<std::int32_t>& w, const std::string& what) {
  ZvcJob j;
  j.num_words = w.size();
  j.streams = fmc::zvc_encode(fmc::ZvcParams{c.data_width, c.group},
                              fmc::WordView(w.data(), w.size(), c.data_width))
                  .value();
  j.what = what;
  return j;
}

const std::vector<std::string> kCorruptions = {
    "mask cut",       "value cut",        "mask extra",        "value extra",
    "mask padding",   "mask flip 0->1",   "mask flip 1->0",    "value count -1",
    "value count +1"};

// A bad job of class `cls`, from random data chosen so that the corruption applies.
ZvcJob bad_job(const ZvcConfig& c, const std::string& cls, std::mt19937_64& rng) {
  const unsigned m = c.data_width, g = c.group;
  const double p = std::pow(0.4, 1.0 / g);  // ~40 % zero groups
  std::uniform_int_distribution<std::size_t> len(1, 200);
  std::uniform_int_distribution<std::uint32_t> word(0, (1u << m) - 1u);
  for (;;) {
    std::size_t n = len(rng);
    if (cls == "mask padding") {
      const std::size_t groups = m * (n % 5) + 1 + n % (m - 1);  // not a multiple of m
      n = groups * g - (n % g);
    }
    ZvcJob j = good_job(c, make_words(n, m, p, rng), cls);
    auto& mk = j.streams[0];
    auto& vl = j.streams[1];
    const std::size_t groups = (n + g - 1) / g;
    if (cls == "mask cut") {
      mk.pop_back();
    } else if (cls == "value cut") {
      if (vl.empty()) continue;
      vl.pop_back();
    } else if (cls == "mask extra") {
      mk.push_back(word(rng));
    } else if (cls == "value extra") {
      vl.push_back(word(rng));
    } else if (cls == "mask padding") {
      if (groups % m == 0) continue;
      const unsigned pad = static_cast<unsigned>(m - groups % m);
      mk.back() |= 1u << std::uniform_int_distribution<unsigned>(0, pad - 1)(rng);
    } else if (cls == "mask flip 0->1" || cls == "mask flip 1->0") {
      const std::uint32_t want = cls == "mask flip 0->1" ? 0 : 1;
      std::vector<std::size_t> cand;
      for (std::size_t b = 0; b < groups; ++b)
        if (((mk[b / m] >> (m - 1 - b % m)) & 1u) == want) cand.push_back(b);
      if (cand.empty()) continue;
      const std::size_t b = cand[std::uniform_int_distribution<std::size_t>(0, cand.size() - 1)(rng)];
      mk[b / m] ^= 1u << (m - 1 - b % m);
    } else if (cls == "value count -1") {
      if (vl.empty()) continue;
      vl.erase(vl.begin() + std::uniform_int_distribution<std::size_t>(0, vl.size() - 1)(rng));
    } else if (cls == "value count +1") {
      vl.insert(vl.begin() + std::uniform_int_distribution<std::size_t>(0, vl.size())(rng), word(rng));
    }
    return j;
  }
}

void require_ok(const ZvcResult& r) {
  INFO(r.error);
  REQUIRE(r.ok);
}

}  // namespace

TEST_CASE("ZVC encoder: lengths and sparsities back to back, random back-pressure", "[zvc][encoder]") {
  for (const auto& cfg : zvc_configs()) {
    for (std::uint64_t seed : {1, 2, 3}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed);
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = seed != 3;  // seed 3: every port always valid/ready
        const auto r = zvc_encoder_cosim(cfg, encoder_set(cfg, rng), opt);
        require_ok(r);
        CHECK(r.beats_checked > 0);
        std::printf("zvc encoder %s seed %llu: checked %llu beats in %llu cycles, 0 mismatches\n",
                    cfg.name.c_str(), static_cast<unsigned long long>(seed),
                    static_cast<unsigned long long>(r.beats_checked),
                    static_cast<unsigned long long>(r.cycles));
      }
    }
  }
}

TEST_CASE("ZVC encoder: format worked examples", "[zvc][encoder]") {
  // docs/zvc-format.md examples 1 and 2 (checked against the golden model beat by beat).
  SimOptions opt;
  require_ok(zvc_encoder_cosim(zvc_configs()[0], {{0, 5, 0, 0, -3, 0, 0, 0, 0, 7}}, opt));
  require_ok(zvc_encoder_cosim(zvc_configs()[2], {{0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 9}}, opt));
}

TEST_CASE("ZVC decoder: valid transmissions back to back, random back-pressure", "[zvc][decoder]") {
  for (const auto& cfg : zvc_configs()) {
    for (std::uint64_t seed : {1, 2, 3}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed + 100);
        std::vector<ZvcJob> jobs;
        for (const auto& w : encoder_set(cfg, rng)) jobs.push_back(good_job(cfg, w, "good"));
        ZvcJob empty;
        empty.what = "N=0";
        jobs.insert(jobs.begin() + 3, empty);
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = seed != 3;
        const auto r = zvc_decoder_cosim(cfg, jobs, opt);
        require_ok(r);
        CHECK(r.beats_checked > 0);
        std::printf("zvc decoder %s seed %llu: %zu jobs, checked %llu beats, 0 mismatches\n",
                    cfg.name.c_str(), static_cast<unsigned long long>(seed), jobs.size(),
                    static_cast<unsigned long long>(r.beats_checked));
      }
    }
  }
}

TEST_CASE("ZVC decoder: good -> bad -> good for every corruption class, no clear", "[zvc][decoder][errors]") {
  for (const auto& cfg : zvc_configs()) {
    for (std::uint64_t seed : {1, 2}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed + 200);
        std::vector<ZvcJob> jobs;
        std::vector<std::size_t> bad_idx;
        for (int rep = 0; rep < 6; ++rep) {
          for (const auto& cls : kCorruptions) {
            jobs.push_back(good_job(cfg, make_words(1 + rng() % 150, cfg.data_width, 0.5, rng), "good"));
            bad_idx.push_back(jobs.size());
            jobs.push_back(bad_job(cfg, cls, rng));
          }
        }
        jobs.push_back(good_job(cfg, make_words(97, cfg.data_width, 0.5, rng), "good"));
        // N = 0 with non-empty streams.
        ZvcJob z1, z2;
        z1.what = "N=0 mask word";
        z1.streams[0] = {0};
        z2.what = "N=0 value word";
        z2.streams[1] = {5};
        for (const auto* z : {&z1, &z2}) {
          bad_idx.push_back(jobs.size());
          jobs.push_back(*z);
          jobs.push_back(good_job(cfg, make_words(20, cfg.data_width, 0.5, rng), "good"));
        }
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        const auto r = zvc_decoder_cosim(cfg, jobs, opt);
        require_ok(r);
        std::map<std::string, std::map<int, int>> seen;  // class -> code -> count
        int errors = 0;
        for (std::size_t k : bad_idx) {
          ++seen[jobs[k].what][r.err_codes[k]];
          errors += r.err_codes[k] != 0;
        }
        std::printf("zvc decoder errors %s seed %llu: %zu jobs (%zu corrupt, %d rejected), checked "
                    "%llu beats, 0 mismatches; codes per class:",
                    cfg.name.c_str(), static_cast<unsigned long long>(seed), jobs.size(),
                    bad_idx.size(), errors, static_cast<unsigned long long>(r.beats_checked));
        for (const auto& [cls, codes] : seen) {
          std::printf(" [%s:", cls.c_str());
          for (const auto& [code, n] : codes) std::printf(" %d x%d", code, n);
          std::printf("]");
        }
        std::printf("\n");
        // Every class except the value-count ones (a shifted stream may still be rejected only
        // by one class) must be rejected every time.
        for (const auto& cls : {"mask cut", "value cut", "mask extra", "value extra", "mask padding",
                                "mask flip 0->1", "N=0 mask word", "N=0 value word"})
          CHECK(seen[cls].count(0) == 0);
      }
    }
  }
}

TEST_CASE("ZVC cores: recovery by clear_i mid-transmission", "[zvc][clear]") {
  for (const auto& cfg : zvc_configs()) {
    for (std::uint64_t seed : {4, 5}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed + 300);
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        opt.clear_after = seed == 4 ? 37 : 150;
        const auto txs = encoder_set(cfg, rng);
        require_ok(zvc_encoder_cosim(cfg, txs, opt));
        std::vector<ZvcJob> jobs;
        for (std::size_t i = 0; i < 8; ++i) jobs.push_back(good_job(cfg, txs[i], "good"));
        jobs.insert(jobs.begin() + 2, bad_job(cfg, "value cut", rng));
        jobs.insert(jobs.begin() + 5, bad_job(cfg, "mask flip 0->1", rng));
        require_ok(zvc_decoder_cosim(cfg, jobs, opt));
      }
    }
  }
}

TEST_CASE("ZVC throughput: long transmissions, every port ready", "[zvc][throughput]") {
  for (const auto& cfg : zvc_configs()) {
    for (double p : {0.0, 0.5, 0.9}) {
      const double pg = p == 0.5 ? std::pow(0.5, 1.0 / cfg.group) : p;  // 50 % zero groups
      std::mt19937_64 rng(7);
      const auto w = make_words(4000, cfg.data_width, pg, rng);
      const ZvcJob j = good_job(cfg, w, "good");
      const double n = static_cast<double>(w.size());
      const double bound = n / std::max({n, double(j.streams[0].size()), double(j.streams[1].size())});
      SimOptions opt;
      const auto re = zvc_encoder_cosim(cfg, {w}, opt);
      require_ok(re);
      const auto rd = zvc_decoder_cosim(cfg, {j}, opt);
      require_ok(rd);
      const double we = n / re.active_cycles, wd = n / rd.active_cycles;
      std::printf("zvc throughput %s p_zero %.2f: bound %.4f, encoder %.4f (%.4f of bound), decoder "
                  "%.4f (%.4f of bound) words/cycle\n",
                  cfg.name.c_str(), pg, bound, we, we / bound, wd, wd / bound);
      CHECK(we >= 0.98 * bound);
      CHECK(wd >= 0.98 * bound);
    }
    // Informational: 8 transmissions of 500 words (50 % zero groups) back to back.
    std::mt19937_64 rng(8);
    std::vector<std::vector<std::int32_t>> txs;
    std::vector<ZvcJob> jobs;
    for (int i = 0; i < 8; ++i) {
      txs.push_back(make_words(500, cfg.data_width, std::pow(0.5, 1.0 / cfg.group), rng));
      jobs.push_back(good_job(cfg, txs.back(), "good"));
    }
    SimOptions opt;
    const auto re = zvc_encoder_cosim(cfg, txs, opt);
    const auto rd = zvc_decoder_cosim(cfg, jobs, opt);
    require_ok(re);
    require_ok(rd);
    std::printf("zvc throughput %s 8 x 500 words back to back: encoder %.4f, decoder %.4f words/cycle\n",
                cfg.name.c_str(), 4000.0 / re.active_cycles, 4000.0 / rd.active_cycles);
  }
}

TEST_CASE("ZVC encoder -> decoder loopback, lengths 1..80, random back-pressure", "[zvc][loopback]") {
  for (const auto& cfg : zvc_configs()) {
    DYNAMIC_SECTION(cfg.name) {
      std::mt19937_64 rng(31);
      std::vector<std::vector<std::int32_t>> tx;
      for (std::size_t n = 1; n <= 80; ++n)
        tx.push_back(make_words(n, cfg.data_width, 0.3 + 0.6 * static_cast<double>(n % 3) / 2, rng));
      SimOptions opt;
      opt.seed = 9;
      opt.backpressure = true;
      const auto r = zvc_loopback_cosim(cfg, tx, opt);
      require_ok(r);
      CHECK(r.words == 80 * 81 / 2);
    }
  }
}
