// SPDX-License-Identifier: Apache-2.0
// Gate-level co-simulation (Yosys netlists) against the golden model, fixed seeds.
#include <catch2/catch.hpp>

#include <random>

#include "ebpc/ebpc_cosim_gl.hpp"
#include "ebpc/stimulus.hpp"

using namespace fmc_verif;

namespace {

std::vector<std::vector<std::int32_t>> class_set(unsigned m, std::uint64_t seed, std::size_t len) {
  std::vector<std::vector<std::int32_t>> tx;
  std::mt19937_64 rng(seed);
  for (const auto& c : stimulus_classes()) tx.push_back(make_stimulus(c, len, m, rng));
  return tx;
}

void run(EbpcCore core) {
  for (const auto& name : ebpc_gl_configs()) {
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

#if FMC_HAVE_EBPC_DECODER_GL
TEST_CASE("Gate-level EBPC decoder netlist vs golden model, random back-pressure",
          "[gatesim][decoder]") {
  run(EbpcCore::kDecoder);
}
#endif
