// SPDX-License-Identifier: Apache-2.0
// Fixed-seed co-simulation of the DCT cores against the golden streaming codec (verif/dct/).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "dct/dct_cosim.hpp"
#include "fmcodec/codecs/dct.hpp"

using namespace fmc_verif;

namespace {

// N words of one of four kinds, so that every tile mode occurs: smooth ramps with noise
// (transform tiles), sparse spikes (spatial tiles), zeros with rare small values (empty tiles),
// and full-range noise (signed or not).
std::vector<std::int32_t> make_words(std::size_t n, unsigned m, int kind, std::mt19937_64& rng) {
  const std::int32_t mx = (1 << (m - 1)) - 1, mn = -(1 << (m - 1));
  std::vector<std::int32_t> w(n);
  const double scale = double(1 << (m - 8));
  std::normal_distribution<double> noise(0.0, 3.0 * scale);
  const double a = double(rng() % 9) - 4, b = double(rng() % 9) - 4, c0 = double(rng() % 200) - 100;
  for (std::size_t i = 0; i < n; ++i) {
    double v = 0;
    switch (kind) {
      case 0: v = (c0 + a * double(i % 16) + b * double((i / 16) % 16)) * scale + noise(rng); break;
      case 1: v = rng() % 8 == 0 ? double(std::int64_t(rng() % (2 * mx)) - mx) : 0.0; break;
      case 2: v = rng() % 40 == 0 ? double(std::int64_t(rng() % 7) - 3) * scale : 0.0; break;
      default: v = double(mn + std::int64_t(rng() % (std::uint64_t(mx) - mn + 1))); break;
    }
    w[i] = static_cast<std::int32_t>(std::clamp<double>(v, mn, mx));
  }
  return w;
}

// Plane shapes: one cell, the real maps' 7 and 14, one column past a tile, a short plane, the
// widest plane the cores take.
std::vector<std::pair<unsigned, unsigned>> shapes(const DctConfig& c) {
  return {{1, 1}, {7, 7}, {14, 14}, {5, 5}, {3, 2}, {c.max_plane_width, 2}};
}

std::vector<std::size_t> lengths(unsigned w, unsigned h, std::mt19937_64& rng) {
  const std::size_t p = std::size_t(w) * h;
  std::vector<std::size_t> v = {1, std::max<std::size_t>(1, w / 2), p, 2 * p, 2 * p + 1, p + w + 1};
  for (int i = 0; i < 2; ++i) v.push_back(1 + rng() % (3 * p));
  return v;
}

std::vector<std::vector<std::int32_t>> encoder_set(const DctConfig& c, unsigned w, unsigned h,
                                                   std::mt19937_64& rng) {
  std::vector<std::vector<std::int32_t>> txs;
  for (int kind = 0; kind < 4; ++kind)
    for (std::size_t n : lengths(w, h, rng)) txs.push_back(make_words(n, c.data_width, kind, rng));
  const std::int32_t mn = -(1 << (c.data_width - 1)), mx = (1 << (c.data_width - 1)) - 1;
  txs.push_back({mn, -1, 0, 1, mx});
  txs.push_back(std::vector<std::int32_t>(std::size_t(w) * h, mn));
  txs.push_back(std::vector<std::int32_t>(std::size_t(w) * h, mx));
  std::shuffle(txs.begin(), txs.end(), rng);
  return txs;
}

DctJob good_job(const CoreConfig& shape, const std::vector<std::int32_t>& w, const std::string& what) {
  DctJob j;
  j.num_words = w.size();
  j.streams = fmc::dct_codec().encode(shape.codec_cfg, fmc::WordView(w.data(), w.size(), shape.data_width)).value();
  j.what = what;
  return j;
}

const std::vector<std::string> kCorruptions = {"cut", "extra", "padding", "bit flip", "word zeroed"};

// A bad job of class `cls`, from random data chosen so that the corruption applies.
DctJob bad_job(const CoreConfig& shape, const std::string& cls, std::mt19937_64& rng) {
  const unsigned m = shape.data_width;
  for (;;) {
    DctJob j = good_job(shape, make_words(1 + rng() % 200, m, static_cast<int>(rng() % 4), rng), cls);
    auto& s = j.streams[0];
    if (s.empty()) continue;
    if (cls == "cut") {
      s.pop_back();
    } else if (cls == "extra") {
      s.push_back(static_cast<std::uint32_t>(rng()) & ((1u << m) - 1u));
    } else if (cls == "padding") {
      const std::uint32_t last = s.back();
      bool found = false;
      for (unsigned b = 0; b < m && !found; ++b) {
        s.back() = last | (1u << b);
        if (s.back() != last && !fmc::dct_codec().decode(shape.codec_cfg, j.streams, j.num_words).ok())
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

void require_ok(const DctResult& r) {
  INFO(r.error);
  REQUIRE(r.ok);
}

// The quality settings every shape runs with: (s, U).
const std::vector<std::pair<unsigned, bool>> kQualities = {{7, true}, {4, false}, {9, false}, {5, true}};

}  // namespace

TEST_CASE("DCT encoder: shapes, lengths, data kinds and qualities back to back, random back-pressure",
          "[dct][encoder]") {
  for (const auto& cfg : dct_configs()) {
    for (const auto& [w, h] : shapes(cfg)) {
      for (const auto& [s, u] : kQualities) {
        DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h << " s " << s << " U " << u) {
          const std::uint64_t seed = w * 131 + h + s * 7 + u;
          std::mt19937_64 rng(seed);
          SimOptions opt;
          opt.seed = seed;
          opt.backpressure = w != 7;  // 7 x 7: every port always valid/ready
          const auto r = dct_encoder_cosim(cfg, dct_core_config(cfg, w, h, s, u),
                                           encoder_set(cfg, w, h, rng), opt);
          require_ok(r);
          CHECK(r.beats_checked > 0);
          std::printf("dct encoder %s W %u H %u s %u U %d: checked %llu beats in %llu cycles, 0 mismatches\n",
                      cfg.name.c_str(), w, h, s, int(u), static_cast<unsigned long long>(r.beats_checked),
                      static_cast<unsigned long long>(r.cycles));
        }
      }
    }
  }
}

TEST_CASE("DCT encoder: recovery by clear_i mid-transmission", "[dct][clear]") {
  for (const auto& cfg : dct_configs()) {
    for (std::uint64_t seed : {4, 5}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed + 300);
        const unsigned w = seed == 4 ? 14 : cfg.max_plane_width, h = 5;
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        opt.clear_after = seed == 4 ? 37 : 150;
        require_ok(dct_encoder_cosim(cfg, dct_core_config(cfg, w, h, 6, false), encoder_set(cfg, w, h, rng), opt));
      }
    }
  }
}

TEST_CASE("DCT encoder and decoder throughput: whole planes, every port ready", "[dct][throughput]") {
  for (const auto& cfg : dct_configs()) {
    for (unsigned w : {7u, 14u, 112u}) {
      if (w > cfg.max_plane_width) continue;  // a plane the cores do not take
      for (int kind : {0, 1, 3}) {
        std::mt19937_64 rng(7);
        const unsigned h = w, planes = std::max(2u, 20000u / (w * h));
        const CoreConfig shape = dct_core_config(cfg, w, h, 7, false);
        const auto x = make_words(std::size_t(planes) * w * h, cfg.data_width, kind, rng);
        const auto enc = fmc::dct_codec().encode(shape.codec_cfg, fmc::WordView(x.data(), x.size(), cfg.data_width));
        REQUIRE(enc.ok());
        const double n = static_cast<double>(x.size());
        const double bound = n / std::max(n, double(enc.value()[0].size()));
        SimOptions opt;
        const auto re = dct_encoder_cosim(cfg, shape, {x}, opt);
        require_ok(re);
        const double we = n / re.active_cycles;
        std::printf("dct throughput %s W %u kind %d: bound %.4f, encoder %.4f (%.4f of bound) words/cycle\n",
                    cfg.name.c_str(), w, kind, bound, we, we / bound);
        CHECK(we >= 0.98 * bound);
        // The decoder on the golden encoding of the same words (its header: two items per
        // parse cycle, so a full tile is parsed in fewer cycles than its 16 words leave).
        const auto rd = dct_decoder_cosim(cfg, shape, {good_job(shape, x, "throughput")}, opt);
        require_ok(rd);
        const double wd = n / rd.active_cycles;
        std::printf("dct throughput %s W %u kind %d: bound %.4f, decoder %.4f (%.4f of bound) words/cycle\n",
                    cfg.name.c_str(), w, kind, bound, wd, wd / bound);
        CHECK(wd >= 0.98 * bound);
      }
    }
  }
}

TEST_CASE("DCT decoder: valid transmissions back to back, random back-pressure", "[dct][decoder]") {
  for (const auto& cfg : dct_configs()) {
    for (const auto& [w, h] : shapes(cfg)) {
      for (const auto& [s, u] : kQualities) {
        DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h << " s " << s << " U " << u) {
          const std::uint64_t seed = w * 131 + h + s * 7 + u + 100;
          std::mt19937_64 rng(seed);
          const CoreConfig shape = dct_core_config(cfg, w, h, s, u);
          std::vector<DctJob> jobs;
          for (const auto& x : encoder_set(cfg, w, h, rng)) jobs.push_back(good_job(shape, x, "good"));
          DctJob empty;
          empty.what = "N=0";
          jobs.insert(jobs.begin() + 3, empty);
          SimOptions opt;
          opt.seed = seed;
          opt.backpressure = w != 7;
          const auto r = dct_decoder_cosim(cfg, shape, jobs, opt);
          require_ok(r);
          CHECK(r.beats_checked > 0);
          std::printf("dct decoder %s W %u H %u s %u U %d: %zu jobs, checked %llu beats, 0 mismatches\n",
                      cfg.name.c_str(), w, h, s, int(u), jobs.size(),
                      static_cast<unsigned long long>(r.beats_checked));
        }
      }
    }
  }
}

TEST_CASE("DCT decoder: good -> bad -> good for every corruption class, no clear",
          "[dct][decoder][errors]") {
  for (const auto& cfg : dct_configs()) {
    for (const auto& [w, h] : {std::pair<unsigned, unsigned>{7, 7}, {5, 3}}) {
      for (const auto& [s, u] : kQualities) {
        DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h << " s " << s << " U " << u) {
          std::mt19937_64 rng(w * 7 + h + s);
          const CoreConfig shape = dct_core_config(cfg, w, h, s, u);
          std::vector<DctJob> jobs;
          std::vector<std::size_t> bad_idx;
          for (int rep = 0; rep < 6; ++rep) {
            for (const auto& cls : kCorruptions) {
              jobs.push_back(good_job(shape, make_words(1 + rng() % 150, cfg.data_width, rep % 4, rng), "good"));
              bad_idx.push_back(jobs.size());
              jobs.push_back(bad_job(shape, cls, rng));
            }
          }
          jobs.push_back(good_job(shape, make_words(97, cfg.data_width, 0, rng), "good"));
          DctJob z;  // N = 0 with a non-empty stream
          z.what = "N=0 word";
          z.streams[0] = {0};
          bad_idx.push_back(jobs.size());
          jobs.push_back(z);
          jobs.push_back(good_job(shape, make_words(20, cfg.data_width, 1, rng), "good"));
          SimOptions opt;
          opt.seed = w + h + s;
          opt.backpressure = true;
          const auto r = dct_decoder_cosim(cfg, shape, jobs, opt);
          require_ok(r);
          std::map<std::string, std::map<int, int>> seen;  // class -> code -> count
          int errors = 0;
          for (std::size_t k : bad_idx) {
            ++seen[jobs[k].what][r.err_codes[k]];
            errors += r.err_codes[k] != 0;
          }
          std::printf("dct decoder errors %s W %u H %u s %u U %d: %zu jobs (%zu corrupt, %d rejected), "
                      "checked %llu beats, 0 mismatches; codes per class:",
                      cfg.name.c_str(), w, h, s, int(u), jobs.size(), bad_idx.size(), errors,
                      static_cast<unsigned long long>(r.beats_checked));
          for (const auto& [cls, codes] : seen) {
            std::printf(" [%s:", cls.c_str());
            for (const auto& [code, n] : codes) std::printf(" %d x%d", code, n);
            std::printf("]");
          }
          std::printf("\n");
          for (const auto& cls : {"cut", "extra", "padding", "N=0 word"}) CHECK(seen[cls].count(0) == 0);
        }
      }
    }
  }
}

TEST_CASE("DCT decoder: recovery by clear_i mid-transmission", "[dct][clear]") {
  for (const auto& cfg : dct_configs()) {
    for (std::uint64_t seed : {4, 5}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed + 400);
        const unsigned w = seed == 4 ? 14 : cfg.max_plane_width, h = 5;
        const CoreConfig shape = dct_core_config(cfg, w, h, 6, false);
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        opt.clear_after = seed == 4 ? 37 : 150;
        std::vector<DctJob> jobs;
        for (const auto& x : encoder_set(cfg, w, h, rng)) jobs.push_back(good_job(shape, x, "good"));
        jobs.resize(8);
        jobs.insert(jobs.begin() + 2, bad_job(shape, "cut", rng));
        jobs.insert(jobs.begin() + 5, bad_job(shape, "bit flip", rng));
        require_ok(dct_decoder_cosim(cfg, shape, jobs, opt));
      }
    }
  }
}

TEST_CASE("DCT encoder -> decoder loopback, lengths 1..80, random back-pressure", "[dct][loopback]") {
  for (const auto& cfg : dct_configs()) {
    DYNAMIC_SECTION(cfg.name) {
      std::mt19937_64 rng(31);
      std::vector<std::vector<std::int32_t>> tx;
      for (std::size_t n = 1; n <= 80; ++n) tx.push_back(make_words(n, cfg.data_width, static_cast<int>(n % 4), rng));
      SimOptions opt;
      opt.seed = 9;
      opt.backpressure = true;
      const auto r = dct_loopback_cosim(cfg, dct_core_config(cfg, 9, 2, 7, false), tx, opt);
      require_ok(r);
      CHECK(r.words == 80 * 81 / 2);
    }
  }
}

TEST_CASE("DCT decoder: the error examples of docs/dct-format.md §7, each with its error code",
          "[dct][decoder][errors]") {
  for (const auto& cfg : dct_configs()) {
    if (cfg.data_width != 8) continue;
    DYNAMIC_SECTION(cfg.name) {
      // m = 8, W = 4, H = 1, s = 7, U = 0, N = 4; between them good jobs of the same shape.
      const CoreConfig shape = dct_core_config(cfg, 4, 1, 7, false);
      const std::vector<std::pair<std::vector<std::uint32_t>, int>> bad = {
          {{0xa0, 0x00}, 3},                          // EmptyTile (transform)
          {{0xc0, 0x00}, 3},                          // EmptyTile (spatial)
          {{0x80, 0x00}, 4},                          // CoefficientRange (DC prefix)
          {{0x81, 0x0c, 0x00}, 4},                    // CoefficientRange (|q[0]| > Q)
          {{0xb0, 0x8f, 0xff, 0x00, 0x40, 0x00}, 4},  // CoefficientRange (escape value 64)
          {{0xe6, 0x00}, 5},                          // ValueRange
          {{0xb0, 0x8f, 0xff, 0x00, 0x05, 0x00}, 6},  // RiceEscape
      };
      std::mt19937_64 rng(77);
      std::vector<DctJob> jobs;
      std::vector<std::pair<std::size_t, int>> expect;
      for (const auto& [words, code] : bad) {
        jobs.push_back(good_job(shape, make_words(4, 8, 0, rng), "good"));
        DctJob j;
        j.num_words = 4;
        j.streams[0] = words;
        j.what = "spec example";
        expect.push_back({jobs.size(), code});
        jobs.push_back(j);
      }
      jobs.push_back(good_job(shape, make_words(4, 8, 1, rng), "good"));
      SimOptions opt;
      opt.seed = 3;
      opt.backpressure = true;
      const auto r = dct_decoder_cosim(cfg, shape, jobs, opt);
      require_ok(r);
      for (const auto& [k, code] : expect) CHECK(int(r.err_codes[k]) == code);
    }
  }
}
