// SPDX-License-Identifier: Apache-2.0
// Fixed-seed co-simulation of the EBPC cores (the randomized regression is `make regress`).
#include <catch2/catch.hpp>

#include <random>

#include "ebpc/ebpc_cosim.hpp"
#include "ebpc/stimulus.hpp"
#include "fmcodec/npy.hpp"

using namespace fmc_verif;

namespace {

const std::string kTraceDir = ".";

void require_ok(const CosimResult& r) {
  INFO(r.error);
  REQUIRE(r.ok);
}

std::vector<std::vector<std::int32_t>> class_set(unsigned m, std::uint64_t seed, std::size_t len) {
  std::vector<std::vector<std::int32_t>> tx;
  std::mt19937_64 rng(seed);
  for (const auto& c : stimulus_classes()) tx.push_back(make_stimulus(c, len, m, rng));
  return tx;
}

}  // namespace

TEST_CASE("EBPC encoder: every stimulus class back to back, random back-pressure", "[ebpc][encoder]") {
  for (const auto& cfg : ebpc_configs()) {
    for (std::uint64_t seed : {1, 2, 3}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        auto r = ebpc_cosim_report(EbpcCore::kEncoder, cfg, class_set(cfg.data_width, seed, 700),
                                   opt, kTraceDir);
        require_ok(r);
        CHECK(r.beats_checked > 0);
      }
    }
  }
}

TEST_CASE("EBPC encoder: lengths 1..80 and every residue mod 16, back to back", "[ebpc][encoder]") {
  for (const auto& cfg : ebpc_configs()) {
    DYNAMIC_SECTION(cfg.name) {
      std::mt19937_64 rng(11);
      std::vector<std::vector<std::int32_t>> tx;
      const auto& classes = stimulus_classes();
      for (std::size_t n = 1; n <= 80; ++n)
        tx.push_back(make_stimulus(classes[n % classes.size()], n, cfg.data_width, rng));
      SimOptions opt;
      opt.seed = 5;
      opt.backpressure = true;
      require_ok(ebpc_cosim_report(EbpcCore::kEncoder, cfg, tx, opt, kTraceDir));
    }
  }
}

TEST_CASE("EBPC encoder: random initial state (+verilator+rand+reset+2)", "[ebpc][encoder]") {
  const EbpcConfig& cfg = *ebpc_config("w8_b8");
  SimOptions opt;
  opt.seed = 77;
  opt.backpressure = true;
  opt.rand_reset = 2;
  require_ok(ebpc_cosim_report(EbpcCore::kEncoder, cfg, class_set(8, 77, 300), opt, kTraceDir));
}

TEST_CASE("EBPC encoder: real feature-map slices, full throughput", "[ebpc][encoder][fmaps]") {
  auto t = fmc::npy_read(std::string(FMC_SOURCE_DIR) +
                         "/data/fmaps/mobilenet_v2/astronaut/004_block_1_depthwise_relu_int8.npy");
  REQUIRE(t.ok());
  std::vector<std::int32_t> words(t.value().values.begin(), t.value().values.begin() + 20000);
  SimOptions opt;
  auto r = ebpc_cosim_report(EbpcCore::kEncoder, *ebpc_config("w8_b8"), {words}, opt, kTraceDir);
  require_ok(r);
  const auto s = fmc::ebpc_encode(fmc::EbpcParams{8, 8}, words).value();
  const double bound = static_cast<double>(words.size()) /
                       std::max({words.size(), s.znz.size(), s.bpc.size()});
  const double wpc = static_cast<double>(words.size()) / r.cycles;
  INFO("words/cycle " << wpc << ", bound " << bound);
  CHECK(wpc >= 0.98 * bound);
}
