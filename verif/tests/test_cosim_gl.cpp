// SPDX-License-Identifier: Apache-2.0
// Gate-level co-simulation (Yosys netlists) against the golden model, fixed seeds.
#include <catch2/catch.hpp>

#include <random>
#include <tuple>

#include "ebpc/ebpc_cosim_gl.hpp"
#include "ebpc/stimulus.hpp"
#include "fmcodec/codecs/zvc.hpp"
#include "zvc/zvc_cosim.hpp"
#include "grlc/grlc_cosim.hpp"
#include "dct/dct_cosim.hpp"
#include "mcrc/mcrc_cosim.hpp"

using namespace fmc_verif;

namespace {

std::vector<std::vector<std::int32_t>> class_set(unsigned m, std::uint64_t seed, std::size_t len) {
  std::vector<std::vector<std::int32_t>> tx;
  std::mt19937_64 rng(seed);
  for (const auto& c : stimulus_classes()) tx.push_back(make_stimulus(c, len, m, rng));
  return tx;
}

// Transmissions of every stimulus class (lengths 1..max_len) and their decoder jobs for a codec
// of one stream: each coded by the golden model of `shape`, every other one followed by a corrupt
// copy (a word appended: Trailing, or the last word cut: Truncated).
template <class Job>
void class_jobs(const CoreConfig& shape, std::size_t max_len, std::mt19937_64& rng,
                std::vector<std::vector<std::int32_t>>& tx, std::vector<Job>& jobs) {
  for (const auto& cls : stimulus_classes()) {
    tx.push_back(make_stimulus(cls, 1 + rng() % max_len, shape.data_width, rng));
    Job j;
    j.num_words = tx.back().size();
    j.streams = shape.codec->encode(shape.codec_cfg, fmc::WordView(tx.back().data(), tx.back().size(),
                                                                   shape.data_width)).value();
    j.what = "good";
    jobs.push_back(j);
    if (jobs.size() % 2 == 0) {
      Job b = j;
      if (rng() % 2) {
        b.streams[0].pop_back();
        b.what = "cut";
      } else {
        b.streams[0].push_back(1);
        b.what = "extra";
      }
      jobs.push_back(b);
    }
  }
}

void run(EbpcCore core) {
  REQUIRE(!ebpc_gl_configs(core).empty());
  for (const auto& name : ebpc_gl_configs(core)) {
    const EbpcConfig& cfg = *ebpc_config(name);
    for (std::uint64_t seed : {1, 2}) {
      DYNAMIC_SECTION(name << " seed " << seed) {
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        opt.rand_reset = seed == 2 ? 2 : 0;
        auto r = ebpc_cosim_gl(core, cfg, class_set(cfg.data_width, seed, 300), opt);
        INFO(r.error);
        REQUIRE(r.ok);
        CHECK(r.beats_checked > 0);
      }
    }
  }
}

}  // namespace

TEST_CASE("Gate-level EBPC encoder netlist vs golden model, random back-pressure",
          "[gatesim][encoder]") {
  run(EbpcCore::kEncoder);
}

TEST_CASE("Gate-level EBPC decoder netlist vs golden model, random back-pressure",
          "[gatesim][decoder]") {
  run(EbpcCore::kDecoder);
}

TEST_CASE("Gate-level ZVC netlists vs golden model: encoder, and decoder good -> bad -> good",
          "[gatesim][zvc]") {
  REQUIRE(!zvc_gl_configs().empty());
  for (const auto& name : zvc_gl_configs()) {
    const ZvcConfig* cfg = nullptr;
    for (const auto& c : zvc_configs())
      if (c.name == name) cfg = &c;
    REQUIRE(cfg);
    DYNAMIC_SECTION(name) {
      SimOptions opt;
      opt.seed = 3;
      opt.backpressure = true;
      std::mt19937_64 rng(7);
      const fmc::ZvcParams p{cfg->data_width, cfg->group};
      std::vector<std::vector<std::int32_t>> tx;
      std::vector<ZvcJob> jobs;
      for (const auto& cls : stimulus_classes()) {
        tx.push_back(make_stimulus(cls, 1 + rng() % 300, cfg->data_width, rng));
        ZvcJob j;
        j.num_words = tx.back().size();
        j.streams = fmc::zvc_encode(p, fmc::WordView(tx.back().data(), tx.back().size(),
                                                     cfg->data_width)).value();
        j.what = "good";
        jobs.push_back(j);
        // Every other job corrupted: a mask word appended (MaskTrailing) or a value word cut.
        if (jobs.size() % 2 == 0) {
          ZvcJob b = j;
          if (!b.streams[1].empty() && rng() % 2) {
            b.streams[1].pop_back();
            b.what = "value cut";
          } else {
            b.streams[0].push_back(1);
            b.what = "mask extra";
          }
          jobs.push_back(b);
        }
      }
      auto e = zvc_encoder_cosim_gl(*cfg, tx, opt);
      INFO(e.error);
      REQUIRE(e.ok);
      auto d = zvc_decoder_cosim_gl(*cfg, jobs, opt);
      INFO(d.error);
      REQUIRE(d.ok);
      CHECK(d.beats_checked > 0);
    }
  }
}

TEST_CASE("Gate-level GRLC netlists vs golden model: encoder, and decoder good -> bad -> good",
          "[gatesim][grlc]") {
  REQUIRE(!grlc_gl_configs().empty());
  for (const auto& name : grlc_gl_configs()) {
    const GrlcConfig* cfg = nullptr;
    for (const auto& c : grlc_configs())
      if (c.name == name) cfg = &c;
    REQUIRE(cfg);
    // Planes of 14 x 3 (a partial grid at the right edge, a band of one row at the bottom) and
    // the widest plane the cores take.
    for (unsigned w : {14u, cfg->max_plane_width}) {
      DYNAMIC_SECTION(name << " W " << w) {
        SimOptions opt;
        opt.seed = 5;
        opt.backpressure = true;
        std::mt19937_64 rng(9);
        const CoreConfig shape = grlc_core_config(*cfg, w, 3);
        std::vector<std::vector<std::int32_t>> tx;
        std::vector<GrlcJob> jobs;
        class_jobs(shape, 400, rng, tx, jobs);
        // The RTL on the same stimulus first: a failure below is then the netlist's.
        SimOptions ro = opt;
        ro.rand_reset = 2;
        auto er = grlc_encoder_cosim(*cfg, shape, tx, ro);
        INFO(er.error);
        REQUIRE(er.ok);
        auto e = grlc_encoder_cosim_gl(*cfg, shape, tx, opt);
        INFO(e.error);
        REQUIRE(e.ok);
        auto d = grlc_decoder_cosim_gl(*cfg, shape, jobs, opt);
        INFO(d.error);
        REQUIRE(d.ok);
        CHECK(d.beats_checked > 0);
      }
    }
  }
}

TEST_CASE("Gate-level DCT netlists vs golden model: encoder, and decoder good -> bad -> good",
          "[gatesim][dct]") {
  REQUIRE(!dct_gl_configs().empty());
  for (const auto& name : dct_gl_configs()) {
    const DctConfig* cfg = nullptr;
    for (const auto& c : dct_configs())
      if (c.name == name) cfg = &c;
    REQUIRE(cfg);
    // Planes of 14 x 6 (partial tiles at the right and bottom edges) at two qualities, signed
    // and unsigned range, and the widest plane the cores take.
    for (const auto& [w, s, u] : {std::tuple<unsigned, unsigned, bool>{14u, 7u, true}, {14u, 4u, false},
                                  {cfg->max_plane_width, 6u, false}}) {
      DYNAMIC_SECTION(name << " W " << w << " s " << s << " U " << u) {
        SimOptions opt;
        opt.seed = 5;
        opt.backpressure = true;
        std::mt19937_64 rng(9);
        const CoreConfig shape = dct_core_config(*cfg, w, 6, s, u);
        std::vector<std::vector<std::int32_t>> tx;
        std::vector<DctJob> jobs;
        class_jobs(shape, 400, rng, tx, jobs);
        // The RTL on the same stimulus first: a failure below is then the netlist's.
        SimOptions ro = opt;
        ro.rand_reset = 2;
        auto er = dct_encoder_cosim(*cfg, shape, tx, ro);
        INFO(er.error);
        REQUIRE(er.ok);
        auto dr = dct_decoder_cosim(*cfg, shape, jobs, ro);
        INFO(dr.error);
        REQUIRE(dr.ok);
        auto e = dct_encoder_cosim_gl(*cfg, shape, tx, opt);
        INFO(e.error);
        REQUIRE(e.ok);
        auto d = dct_decoder_cosim_gl(*cfg, shape, jobs, opt);
        INFO(d.error);
        REQUIRE(d.ok);
        CHECK(d.beats_checked > 0);
      }
    }
  }
}

TEST_CASE("Gate-level MCRC netlists vs golden model: encoder, and decoder good -> bad -> good",
          "[gatesim][mcrc]") {
  REQUIRE(!mcrc_gl_configs().empty());
  for (const auto& name : mcrc_gl_configs()) {
    const McrcConfig* cfg = nullptr;
    for (const auto& c : mcrc_configs())
      if (c.name == name) cfg = &c;
    REQUIRE(cfg);
    // Both modes, lossless and near-lossless, a plane of 14 x 6, one column, the widest plane.
    for (const auto& [w, u, near] : {std::tuple<unsigned, bool, unsigned>{14u, true, 0u}, {14u, false, 0u},
                                     {1u, false, 2u}, {cfg->max_plane_width, true, 1u}}) {
      DYNAMIC_SECTION(name << " W " << w << " U " << u << " near " << near) {
        SimOptions opt;
        opt.seed = 5;
        opt.backpressure = true;
        std::mt19937_64 rng(9);
        const CoreConfig core = mcrc_core_config(*cfg, w, 6, u, near);
        std::vector<std::vector<std::int32_t>> tx;
        std::vector<McrcJob> jobs;
        class_jobs(core, 400, rng, tx, jobs);
        // The RTL on the same stimulus first: a failure below is then the netlist's.
        SimOptions ro = opt;
        ro.rand_reset = 2;
        auto er = mcrc_encoder_cosim(*cfg, core, tx, ro);
        INFO(er.error);
        REQUIRE(er.ok);
        auto dr = mcrc_decoder_cosim(*cfg, core, jobs, ro);
        INFO(dr.error);
        REQUIRE(dr.ok);
        auto e = mcrc_encoder_cosim_gl(*cfg, core, tx, opt);
        INFO(e.error);
        REQUIRE(e.ok);
        auto d = mcrc_decoder_cosim_gl(*cfg, core, jobs, opt);
        INFO(d.error);
        REQUIRE(d.ok);
        CHECK(d.beats_checked > 0);
      }
    }
  }
}
