// SPDX-License-Identifier: Apache-2.0
// Fixed-seed co-simulation of the MCRC cores against the golden streaming codec (verif/mcrc/): every
// beat of both streams compared, random back-pressure on every port, the decoder's fault contract.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <string>

#include "fmcodec/codecs/mcrc.hpp"
#include "fmcodec/npy.hpp"
#include "mcrc/mcrc_cosim.hpp"

using namespace fmc_verif;

namespace {

// N words; each is 0 with probability p_zero, else a non-zero value of at most `bits` bits
// (signed when `sign`), with a channel-like offset so that the predictor has something to do.
std::vector<std::int32_t> make_words(std::size_t n, unsigned m, double p_zero, bool sign,
                                     std::mt19937_64& rng) {
  std::bernoulli_distribution zero(p_zero);
  std::vector<std::int32_t> w(n);
  const unsigned bits = 1 + static_cast<unsigned>(rng() % m);
  const std::int32_t lo = sign ? -(1 << (bits - 1)) : 0;
  const std::int32_t hi = sign ? (1 << (bits - 1)) - 1 : (bits >= m ? (1 << (m - 1)) - 1 : (1 << bits) - 1);
  for (auto& x : w) x = zero(rng) ? 0 : std::uniform_int_distribution<std::int32_t>(lo, hi)(rng);
  return w;
}

// Plane shapes: one cell, one column (W = 1: the row above is the previous value), the real
// maps' 7 and 14, odd shapes, the widest plane the core takes.
std::vector<std::pair<unsigned, unsigned>> shapes(const McrcConfig& c) {
  return {{1, 1}, {1, 5}, {7, 7}, {14, 14}, {3, 5}, {c.max_plane_width, 2}};
}

std::vector<std::vector<std::int32_t>> encoder_set(const McrcConfig& c, unsigned w, unsigned h,
                                                   bool sign, std::mt19937_64& rng) {
  const std::size_t p = std::size_t(w) * h;
  std::vector<std::vector<std::int32_t>> txs;
  for (double pz : {0.0, 0.5, 0.9, 1.0})
    for (std::size_t n : {std::size_t(1), std::max<std::size_t>(1, w / 2), p, 2 * p + 1,
                          std::size_t(1 + rng() % (3 * p))})
      txs.push_back(make_words(n, c.data_width, pz, sign, rng));
  // Extremes: the most negative value, -1 and the largest value (every class, both signs).
  const std::int32_t mn = -(1 << (c.data_width - 1)), mx = (1 << (c.data_width - 1)) - 1;
  txs.push_back({mn, -1, 0, 1, mx, mn, mx});
  txs.push_back(std::vector<std::int32_t>(p, mx));
  std::shuffle(txs.begin(), txs.end(), rng);
  return txs;
}

McrcJob good_job(const CoreConfig& core, const std::vector<std::int32_t>& w, const std::string& what) {
  McrcJob j;
  j.num_words = w.size();
  j.streams =
      fmc::mcrc_codec().encode(core.codec_cfg, fmc::WordView(w.data(), w.size(), core.data_width)).value();
  j.what = what;
  return j;
}

const std::vector<std::string> kCorruptions = {"ac cut",     "raw cut",  "ac extra", "raw extra",
                                               "ac padding", "ac flip",  "raw flip", "ac zeroed"};

// A bad job of class `cls`, from random data chosen so that the corruption applies.
McrcJob bad_job(const CoreConfig& core, const std::string& cls, std::mt19937_64& rng) {
  const unsigned m = core.data_width;
  for (;;) {
    McrcJob j = good_job(core, make_words(1 + rng() % 200, m, 0.5, rng() % 2, rng), cls);
    auto& ac = j.streams[0];
    auto& raw = j.streams[1];
    const std::uint32_t mask = (1u << m) - 1u;
    if (cls == "ac cut") {
      ac.pop_back();
    } else if (cls == "raw cut") {
      if (raw.empty()) continue;
      raw.pop_back();
    } else if (cls == "ac extra") {
      ac.push_back(static_cast<std::uint32_t>(rng()) & mask);
    } else if (cls == "raw extra") {
      raw.push_back(static_cast<std::uint32_t>(rng()) & mask);
    } else if (cls == "ac padding") {
      const std::uint32_t last = ac.back();
      bool found = false;
      for (unsigned b = 0; b < m && !found; ++b) {
        ac.back() = last | (1u << b);
        if (ac.back() != last && !fmc::mcrc_codec().decode(core.codec_cfg, j.streams, j.num_words).ok())
          found = true;
      }
      if (!found) continue;
    } else if (cls == "ac flip") {
      const std::uint64_t bit = rng() % (ac.size() * m);
      ac[bit / m] ^= 1u << (bit % m);
    } else if (cls == "raw flip") {
      if (raw.empty()) continue;
      const std::uint64_t bit = rng() % (raw.size() * m);
      raw[bit / m] ^= 1u << (bit % m);
    } else {
      ac[rng() % ac.size()] = 0;
    }
    return j;
  }
}

void require_ok(const McrcResult& r) {
  INFO(r.error);
  REQUIRE(r.ok);
}

}  // namespace

TEST_CASE("MCRC encoder: shapes, modes, shifts, lengths and sparsities back to back, random "
          "back-pressure",
          "[mcrc][encoder]") {
  for (const auto& cfg : mcrc_configs()) {
    for (const auto& [w, h] : shapes(cfg)) {
      for (bool u : {true, false}) {
        for (unsigned near : {0u, 2u}) {
          if (!mcrc_supports(cfg, u, near)) continue;  // a mode the configuration does not build
          DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h << " U " << u << " near " << near) {
            const std::uint64_t seed = w * 131 + h * 7 + (u ? 1 : 0) + near * 1000;
            std::mt19937_64 rng(seed);
            SimOptions opt;
            opt.seed = seed;
            opt.backpressure = w != 7;  // 7 x 7: every port always valid/ready
            // U = 1 also gets negative words (coded as large patterns), U = 0 non-negative ones.
            const auto r = mcrc_encoder_cosim(cfg, mcrc_core_config(cfg, w, h, u, near),
                                              encoder_set(cfg, w, h, rng() % 2, rng), opt);
            require_ok(r);
            CHECK(r.beats_checked > 0);
            std::printf("mcrc encoder %s W %u H %u U %d near %u: checked %llu beats in %llu "
                        "cycles, 0 mismatches\n",
                        cfg.name.c_str(), w, h, u, near,
                        static_cast<unsigned long long>(r.beats_checked),
                        static_cast<unsigned long long>(r.cycles));
          }
        }
      }
    }
  }
}

TEST_CASE("MCRC encoder: every known-answer vector of verif/vectors/mcrc", "[mcrc][encoder][kat]") {
  const std::string root = std::string(FMC_SOURCE_DIR) + "/verif/vectors/mcrc/";
  for (const auto& cfg : mcrc_configs()) {
    for (const char* name : {"spec_example_1", "spec_example_2", "spec_example_3", "relu_int8_14x14",
                             "linear_int8_14x14", "relu_int8_near2", "relu_int8_negative_u1",
                             "linear_int8_partial", "relu_int16_7x7", "linear_int16_7x7"}) {
      auto t = fmc::npy_read(root + name + "/input.npy");
      REQUIRE(t.ok());
      const unsigned m = fmc::dtype_bits(t.value().dtype);
      if (m != cfg.data_width) continue;
      DYNAMIC_SECTION(cfg.name << " " << name) {
        // The vector's own parameters: from its params.json through the golden configuration.
        const std::string txt = [&] {
          std::FILE* f = std::fopen((root + name + "/params.json").c_str(), "rb");
          REQUIRE(f);
          std::string s(4096, '\0');
          s.resize(std::fread(&s[0], 1, s.size(), f));
          std::fclose(f);
          return s;
        }();
        auto field = [&](const std::string& k) {
          const auto p = txt.find("\"" + k + "\": ");
          REQUIRE(p != std::string::npos);
          return static_cast<unsigned>(std::stoul(txt.substr(p + k.size() + 4)));
        };
        const unsigned w = field("plane_w");
        if (w > cfg.max_plane_width || !mcrc_supports(cfg, field("unsigned") != 0, field("near"))) continue;
        SimOptions opt;
        opt.seed = 5;
        opt.backpressure = true;
        const auto r = mcrc_encoder_cosim(
            cfg, mcrc_core_config(cfg, w, field("plane_h"), field("unsigned") != 0, field("near")),
            {t.value().values()}, opt);
        require_ok(r);
        CHECK(r.beats_checked == field("ac_words") + field("raw_words"));
      }
    }
  }
}

// The encoder keeps the newest ac word that is not final and counts the all-ones words after it.
// A run still counted when the transmission ends leaves with the end: the stream's final word is
// all ones. That needs the last symbols to renormalize by 0 bits, as a long tail of all-ones words
// with U = 1 does; such streams are rare (random data hardly ever ends so), and rarer still at
// m = 16, so the search is for m = 8 only. The tails also give long runs of all-ones ac words.
TEST_CASE("MCRC encoder: ac streams ending in all-ones words, long runs of all-ones words",
          "[mcrc][encoder]") {
  for (const auto& cfg : mcrc_configs()) {
    DYNAMIC_SECTION(cfg.name) {
      const CoreConfig core = mcrc_core_config(cfg, 7, 7, true, 0);
      const std::uint32_t mask = (1u << cfg.data_width) - 1u;
      const std::size_t want = cfg.data_width == 8 ? 4 : 0;
      std::mt19937_64 rng(11);
      std::vector<std::vector<std::int32_t>> txs;
      for (unsigned tries = 0; tries < 200000 && txs.size() < want; ++tries) {
        auto x = make_words(1 + rng() % 60, cfg.data_width, 0.3, false, rng);
        x.resize(x.size() + 20 + rng() % 400, -1);
        const auto s = fmc::mcrc_codec().encode(core.codec_cfg,
                                                fmc::WordView(x.data(), x.size(), cfg.data_width));
        REQUIRE(s.ok());
        if (s.value()[0].back() == mask) txs.push_back(x);
      }
      REQUIRE(txs.size() == want);
      txs.push_back(std::vector<std::int32_t>(3000, -1));
      SimOptions opt;
      opt.seed = 11;
      const auto r = mcrc_encoder_cosim(cfg, core, txs, opt);
      require_ok(r);
      std::printf("mcrc encoder %s, %zu streams ending in an all-ones word + 3000 words of -1: "
                  "checked %llu beats, 0 mismatches\n",
                  cfg.name.c_str(), want, static_cast<unsigned long long>(r.beats_checked));
    }
  }
}

TEST_CASE("MCRC encoder throughput: whole planes, every port ready", "[mcrc][throughput]") {
  for (const auto& cfg : mcrc_configs()) {
    for (unsigned w : {7u, 14u, 112u}) {
      for (double p : {0.0, 0.5, 0.9}) {
        for (bool u : {true, false}) {
          std::mt19937_64 rng(7);
          const unsigned h = w, planes = std::max(2u, 20000u / (w * h));  // ~20k words
          const CoreConfig core = mcrc_core_config(cfg, w, h, u, 0);
          const auto x = make_words(std::size_t(planes) * w * h, cfg.data_width, p, !u, rng);
          const auto s = fmc::mcrc_codec().encode(core.codec_cfg,
                                                  fmc::WordView(x.data(), x.size(), cfg.data_width));
          REQUIRE(s.ok());
          const double n = static_cast<double>(x.size());
          const double out = double(std::max(s.value()[0].size(), s.value()[1].size()));
          const double bound = n / std::max(n, out);
          SimOptions opt;
          const auto re = mcrc_encoder_cosim(cfg, core, {x}, opt);
          require_ok(re);
          const auto rd = mcrc_decoder_cosim(cfg, core, {good_job(core, x, "good")}, opt);
          require_ok(rd);
          const double we = n / re.active_cycles, wd = n / rd.active_cycles;
          std::printf("mcrc throughput %s W %u p_zero %.2f U %d: bound %.4f, encoder %.4f (%.4f of "
                      "bound), decoder %.4f (%.4f of bound) words/cycle\n",
                      cfg.name.c_str(), w, p, int(core.codec_cfg.param("unsigned")), bound, we,
                      we / bound, wd, wd / bound);
          CHECK(we >= 0.98 * bound);
          CHECK(wd >= 0.98 * bound);
        }
      }
    }
  }
}

TEST_CASE("MCRC decoder: valid transmissions back to back, random back-pressure", "[mcrc][decoder]") {
  for (const auto& cfg : mcrc_configs()) {
    for (const auto& [w, h] : shapes(cfg)) {
      for (bool u : {true, false}) {
        for (unsigned near : {0u, 2u}) {
          if (!mcrc_supports(cfg, u, near)) continue;  // a mode the configuration does not build
          DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h << " U " << u << " near " << near) {
            const std::uint64_t seed = w * 131 + h * 7 + (u ? 1 : 0) + near * 1000 + 100;
            std::mt19937_64 rng(seed);
            const CoreConfig core = mcrc_core_config(cfg, w, h, u, near);
            std::vector<McrcJob> jobs;
            for (const auto& x : encoder_set(cfg, w, h, rng() % 2, rng)) jobs.push_back(good_job(core, x, "good"));
            McrcJob empty;
            empty.what = "N=0";
            jobs.insert(jobs.begin() + 3, empty);
            SimOptions opt;
            opt.seed = seed;
            opt.backpressure = w != 7;
            const auto r = mcrc_decoder_cosim(cfg, core, jobs, opt);
            require_ok(r);
            CHECK(r.beats_checked > 0);
            std::printf("mcrc decoder %s W %u H %u U %d near %u: %zu jobs, checked %llu beats, 0 "
                        "mismatches\n",
                        cfg.name.c_str(), w, h, u, near, jobs.size(),
                        static_cast<unsigned long long>(r.beats_checked));
          }
        }
      }
    }
  }
}

TEST_CASE("MCRC decoder: good -> bad -> good for every corruption class, no clear",
          "[mcrc][decoder][errors]") {
  for (const auto& cfg : mcrc_configs()) {
    for (const auto& [w, h] : {std::pair<unsigned, unsigned>{7, 7}, {3, 2}}) {
      for (bool u : {true, false}) {
        DYNAMIC_SECTION(cfg.name << " W " << w << " H " << h << " U " << u) {
          std::mt19937_64 rng(w * 7 + h + (u ? 50 : 0));
          const CoreConfig core = mcrc_core_config(cfg, w, h, u, 0);
          std::vector<McrcJob> jobs;
          std::vector<std::size_t> bad_idx;
          for (int rep = 0; rep < 6; ++rep) {
            for (const auto& cls : kCorruptions) {
              jobs.push_back(good_job(core, make_words(1 + rng() % 150, cfg.data_width, 0.5, !u, rng), "good"));
              bad_idx.push_back(jobs.size());
              jobs.push_back(bad_job(core, cls, rng));
            }
          }
          jobs.push_back(good_job(core, make_words(97, cfg.data_width, 0.5, !u, rng), "good"));
          McrcJob z;  // N = 0 with non-empty streams
          z.what = "N=0 word";
          z.streams[0] = {0};
          bad_idx.push_back(jobs.size());
          jobs.push_back(z);
          McrcJob s;  // AcStart
          s.what = "ac start";
          s.num_words = 4;
          s.streams[0] = std::vector<std::uint32_t>(4, (1u << cfg.data_width) - 1u);
          bad_idx.push_back(jobs.size());
          jobs.push_back(s);
          jobs.push_back(good_job(core, make_words(20, cfg.data_width, 0.5, !u, rng), "good"));
          SimOptions opt;
          opt.seed = w + h;
          opt.backpressure = true;
          const auto r = mcrc_decoder_cosim(cfg, core, jobs, opt);
          require_ok(r);
          std::map<std::string, std::map<int, int>> seen;  // class -> code -> count
          int errors = 0;
          for (std::size_t k : bad_idx) {
            ++seen[jobs[k].what][r.err_codes[k]];
            errors += r.err_codes[k] != 0;
          }
          std::printf("mcrc decoder errors %s W %u H %u U %d: %zu jobs (%zu corrupt, %d rejected), "
                      "checked %llu beats, 0 mismatches; codes per class:",
                      cfg.name.c_str(), w, h, int(core.codec_cfg.param("unsigned")), jobs.size(),
                      bad_idx.size(), errors,
                      static_cast<unsigned long long>(r.beats_checked));
          for (const auto& [cls, codes] : seen) {
            std::printf(" [%s:", cls.c_str());
            for (const auto& [code, n] : codes) std::printf(" %d x%d", code, n);
            std::printf("]");
          }
          std::printf("\n");
          // Cuts, extra words, a set padding bit, words for N = 0 and a 0xFFFF start are always
          // rejected (the decoder's code equals the golden one: checked per job by the run).
          for (const auto& cls : {"ac cut", "raw cut", "ac extra", "raw extra", "ac padding", "N=0 word", "ac start"})
            CHECK(seen[cls].count(0) == 0);
        }
      }
    }
  }
}

TEST_CASE("MCRC configurations without a mode flag its use (simulation assertion ModeSupported)",
          "[mcrc][modes]") {
  int checked = 0;
  for (const auto& cfg : mcrc_configs()) {
    for (const auto& [u, near] : {std::pair<bool, unsigned>{false, 0}, {true, 3}}) {
      if (mcrc_supports(cfg, u, near)) continue;
      DYNAMIC_SECTION(cfg.name << " U " << u << " near " << near) {
        // The configuration as if it had every mode: the cores get the U and s asked for.
        McrcConfig all = cfg;
        all.signed_mode = all.near_lossless = true;
        const CoreConfig core = mcrc_core_config(all, 7, 3, u, near);
        std::mt19937_64 rng(17);
        const auto x = make_words(60, cfg.data_width, 0.5, !u, rng);
        SimOptions opt;
        opt.seed = 3;
        const auto re = mcrc_encoder_cosim(cfg, core, {x}, opt);
        CHECK(!re.ok);
        CHECK(re.error.find("RTL assertion failed") != std::string::npos);
        const auto rd = mcrc_decoder_cosim(cfg, core, {good_job(core, x, "good")}, opt);
        CHECK(!rd.ok);
        CHECK(rd.error.find("RTL assertion failed") != std::string::npos);
        std::printf("mcrc modes %s U %d near %u: encoder and decoder flag it (%s)\n", cfg.name.c_str(), u,
                    near, re.error.c_str());
      }
      ++checked;
    }
  }
  // The cores table has a configuration without the signed and the near-lossless mode (unless
  // the MCRC cores are left out of the build).
  if (!mcrc_configs().empty()) CHECK(checked >= 2);
}

TEST_CASE("MCRC cores: recovery by clear_i mid-transmission", "[mcrc][clear]") {
  for (const auto& cfg : mcrc_configs()) {
    for (std::uint64_t seed : {4, 5}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed + 300);
        const unsigned w = seed == 4 ? 14 : cfg.max_plane_width, h = 3;
        const CoreConfig core = mcrc_core_config(cfg, w, h, seed == 4, 0);
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        opt.clear_after = seed == 4 ? 37 : 150;
        const auto txs = encoder_set(cfg, w, h, seed == 5, rng);
        require_ok(mcrc_encoder_cosim(cfg, core, txs, opt));
        std::vector<McrcJob> jobs;
        for (std::size_t i = 0; i < 8; ++i) jobs.push_back(good_job(core, txs[i], "good"));
        jobs.insert(jobs.begin() + 2, bad_job(core, "ac cut", rng));
        jobs.insert(jobs.begin() + 5, bad_job(core, "ac flip", rng));
        require_ok(mcrc_decoder_cosim(cfg, core, jobs, opt));
      }
    }
  }
}

TEST_CASE("MCRC encoder -> decoder loopback, lengths 1..80, random back-pressure", "[mcrc][loopback]") {
  for (const auto& cfg : mcrc_configs()) {
    for (bool u : {true, false}) {
      DYNAMIC_SECTION(cfg.name << " U " << u) {
        std::mt19937_64 rng(31);
        std::vector<std::vector<std::int32_t>> tx;
        for (std::size_t n = 1; n <= 80; ++n)
          tx.push_back(make_words(n, cfg.data_width, 0.3 + 0.6 * static_cast<double>(n % 3) / 2, !u, rng));
        SimOptions opt;
        opt.seed = 9;
        opt.backpressure = true;
        const auto r = mcrc_loopback_cosim(cfg, mcrc_core_config(cfg, 9, 2, u, u ? 0 : 1), tx, opt);
        require_ok(r);
        CHECK(r.words == 80 * 81 / 2);
      }
    }
  }
}
