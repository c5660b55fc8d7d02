// SPDX-License-Identifier: Apache-2.0
// Fixed-seed co-simulation of the EBPC cores (the randomized regression is `make regress`).
#include <catch2/catch.hpp>

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "ebpc/ebpc_cosim.hpp"
#include "ebpc/stimulus.hpp"
#include "fmcodec/hexfile.hpp"
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

// Every stimulus class back to back, seeds 1..3, random back-pressure; the seed equal to
// `rand_reset_seed` (0: none) also starts from a random state.
void run_class_sets(EbpcCore core, std::uint64_t rand_reset_seed) {
  for (const auto& cfg : ebpc_configs(core)) {
    for (std::uint64_t seed : {1, 2, 3}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = true;
        opt.rand_reset = seed == rand_reset_seed ? 2 : 0;
        auto r = ebpc_cosim_report(core, cfg, class_set(cfg.data_width, seed, 700), opt, kTraceDir);
        require_ok(r);
        CHECK(r.beats_checked > 0);
      }
    }
  }
}

}  // namespace

TEST_CASE("EBPC encoder: every stimulus class back to back, random back-pressure", "[ebpc][encoder]") {
  run_class_sets(EbpcCore::kEncoder, 0);
}

TEST_CASE("EBPC encoder: lengths 1..80 and every residue mod 16, back to back", "[ebpc][encoder]") {
  for (const auto& cfg : ebpc_configs(EbpcCore::kEncoder)) {
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
  const std::vector<std::int32_t> all = t.value().values();
  const std::vector<std::int32_t> words(all.begin(), all.begin() + 20000);
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

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string json_str(const std::string& t, const std::string& key) {
  const auto k = t.find("\"" + key + "\"");
  if (k == std::string::npos) return {};
  const auto a = t.find('"', t.find(':', k) + 1);
  return t.substr(a + 1, t.find('"', a + 1) - a - 1);
}
long json_int(const std::string& t, const std::string& key) {
  const auto k = t.find("\"" + key + "\"");
  return k == std::string::npos ? -1 : std::stol(t.substr(t.find(':', k) + 1));
}

}  // namespace

TEST_CASE("EBPC decoder: every stimulus class back to back, random back-pressure", "[ebpc][decoder]") {
  run_class_sets(EbpcCore::kDecoder, 3);
}

TEST_CASE("EBPC encoder -> decoder loopback, lengths 1..80, random back-pressure", "[ebpc][loopback]") {
  for (const auto& cfg : ebpc_configs(EbpcCore::kLoopback)) {
    DYNAMIC_SECTION(cfg.name) {
      std::mt19937_64 rng(21);
      std::vector<std::vector<std::int32_t>> tx;
      const auto& classes = stimulus_classes();
      for (std::size_t n = 1; n <= 80; ++n)
        tx.push_back(make_stimulus(classes[(n * 7) % classes.size()], n, cfg.data_width, rng));
      SimOptions opt;
      opt.seed = 9;
      opt.backpressure = true;
      require_ok(ebpc_cosim_report(EbpcCore::kLoopback, cfg, tx, opt, kTraceDir));
    }
  }
}

TEST_CASE("EBPC decoder: named corrupt streams raise the golden error and recover",
          "[ebpc][decoder][errors]") {
  const std::string root = std::string(FMC_SOURCE_DIR) + "/verif/vectors/errors";
  std::vector<std::string> names;
  if (DIR* d = opendir(root.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.' && std::string(e->d_name) != "README.md") names.push_back(e->d_name);
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 15);
  int run = 0;
  for (const auto& name : names) {
    ++run;
    DYNAMIC_SECTION(name) {
      const std::string dir = root + "/" + name;
      const std::string pj = slurp(dir + "/params.json");
      const unsigned m = static_cast<unsigned>(json_int(pj, "data_width"));
      const unsigned n = static_cast<unsigned>(json_int(pj, "block_size"));
      const EbpcConfig* cfg = nullptr;
      for (const auto& c : ebpc_configs(EbpcCore::kDecoder))
        if (c.data_width == m && c.block_size == n) cfg = &c;
      REQUIRE(cfg);
      DecoderJob bad;
      bad.num_words = static_cast<std::uint64_t>(json_int(pj, "num_words"));
      bad.znz = fmc::hex_read(dir + "/znz.hex", m).value();
      bad.bpc = fmc::hex_read(dir + "/bpc.hex", m).value();
      const std::string code = json_str(pj, "expected_error");
      std::uint8_t want = 0;
      for (const auto& e : fmc::ebpc_codec().stream_errors())
        if (code == e.second) want = e.first;
      REQUIRE(want != 0);
      ebpc_job_expect(*cfg, &bad);
      REQUIRE(bad.expect_error == want);
      // A valid transmission after the corrupt one: the decoder must recover by itself.
      std::mt19937_64 rng(3);
      DecoderJob good = ebpc_job_from_words(*cfg, make_stimulus("relu", 77, m, rng));
      for (std::uint64_t seed : {1, 2}) {
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = seed == 2;
        auto r = ebpc_decoder_jobs(*cfg, {good, bad, good}, opt);
        INFO("seed " << seed << ": " << r.error);
        REQUIRE(r.ok);
        CHECK(r.errors_seen == 1);
      }
    }
  }
  CHECK(run >= 15);
}

// The fault contract (docs/integration.md): good -> bad -> good with no clear_i, every corruption
// class, every configuration. Each bad job must raise the golden error code, emit only a prefix of
// the golden output, take exactly its own stream words (the descriptor lengths), and the next job
// must decode exactly. The long randomized version is `make regress` (fmc_cosim random --core
// decoder: a third of the jobs corrupted).
TEST_CASE("EBPC decoder fault bench: good -> bad -> good, every corruption class, no clear",
          "[ebpc][decoder][errors]") {
  for (const auto& cfg : ebpc_configs(EbpcCore::kDecoder)) {
    for (std::uint64_t seed : {1, 2}) {
      DYNAMIC_SECTION(cfg.name << " seed " << seed) {
        std::mt19937_64 rng(seed + 500);
        std::vector<DecoderJob> jobs;
        std::map<std::string, std::map<int, int>> seen;  // class -> golden code -> count
        const auto& classes = stimulus_classes();
        for (int rep = 0; rep < 3; ++rep) {
          for (const auto& cls : ebpc_corruptions()) {
            jobs.push_back(ebpc_job_from_words(
                cfg, make_stimulus(classes[rng() % classes.size()], 1 + rng() % 120,
                                   cfg.data_width, rng)));
            jobs.push_back(ebpc_corrupt_job(cfg, cls, rng, 200));
            ++seen[cls][jobs.back().expect_error];
          }
        }
        // N = 0: valid with empty streams, an error with a ZNZ or a BPC word.
        for (const auto& zs : {std::pair<std::size_t, std::size_t>{0, 0}, {1, 0}, {0, 1}}) {
          DecoderJob z;
          z.znz.assign(zs.first, 0);
          z.bpc.assign(zs.second, 0x5);
          ebpc_job_expect(cfg, &z);
          jobs.push_back(z);
          ++seen[zs.first ? "N=0 znz word" : zs.second ? "N=0 bpc word" : "N=0 empty"][z.expect_error];
        }
        jobs.push_back(ebpc_job_from_words(cfg, make_stimulus("relu", 97, cfg.data_width, rng)));
        SimOptions opt;
        opt.seed = seed;
        opt.backpressure = seed == 2;
        auto r = ebpc_decoder_jobs(cfg, jobs, opt);
        require_ok(r);
        std::size_t bad = 0;
        for (const auto& j : jobs) bad += j.expect_error != 0;
        CHECK(r.errors_seen == bad);
        std::printf("ebpc decoder fault bench %s seed %llu: %zu jobs (%zu corrupt), %llu words "
                    "checked, 0 mismatches; golden codes per class:",
                    cfg.name, static_cast<unsigned long long>(seed), jobs.size(), bad,
                    static_cast<unsigned long long>(r.beats_checked));
        for (const auto& [cls, codes] : seen) {
          std::printf(" [%s:", cls.c_str());
          for (const auto& [code, n] : codes) std::printf(" %d x%d", code, n);
          std::printf("]");
        }
        std::printf("\n");
        // Classes that can never leave a valid stream are rejected every time.
        for (const auto& cls : {"znz cut", "bpc cut", "znz extra", "bpc extra", "znz empty",
                                "bpc empty", "bpc with zero data", "N=0 znz word",
                                "N=0 bpc word"})
          CHECK(seen[cls].count(0) == 0);
      }
    }
  }
}

TEST_CASE("Randomized regression, fixed seeds 1..8 per core and configuration", "[ebpc][regress]") {
  const std::vector<EbpcCore> cores = {EbpcCore::kEncoder, EbpcCore::kDecoder,
                                       EbpcCore::kLoopback};
  for (EbpcCore core : cores) {
    for (const auto& cfg : ebpc_configs(core)) {
      for (std::uint64_t seed = 1; seed <= 8; ++seed) {
        DYNAMIC_SECTION(ebpc_core_name(core) << " " << cfg.name << " seed " << seed) {
          SimOptions opt;
          opt.seed = seed;
          opt.backpressure = true;
          opt.rand_reset = seed % 4 == 0 ? 2 : 0;
          auto r = ebpc_cosim_report(core, cfg, random_transmissions(seed, cfg.data_width, 3000),
                                     opt, kTraceDir);
          require_ok(r);
        }
      }
    }
  }
}

TEST_CASE("Every embedded feature map through encoder and decoder: zero mismatches",
          "[ebpc][fmaps]") {
  const std::string dir = std::string(FMC_SOURCE_DIR) + "/data/fmaps/mobilenet_v2/astronaut";
  std::vector<std::string> files;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > 4 && n.substr(n.size() - 4) == ".npy") files.push_back(n);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 52);
  const EbpcConfig& cfg = *ebpc_config("w8_b8");
  std::uint64_t words = 0;
  for (const auto& f : files) {
    auto t = fmc::npy_read(dir + "/" + f);
    REQUIRE(t.ok());
    SimOptions opt;
    for (EbpcCore core : {EbpcCore::kEncoder, EbpcCore::kDecoder}) {
      auto r = ebpc_cosim(core, cfg, {t.value().values()}, opt);
      INFO(f << " " << ebpc_core_name(core) << ": " << r.error);
      REQUIRE(r.ok);
    }
    words += t.value().values().size();
  }
  CHECK(words == 6678112);
}

TEST_CASE("Synchronous clear in the middle of a transmission, then normal operation",
          "[ebpc][clear]") {
  const std::vector<EbpcCore> cores = {EbpcCore::kEncoder, EbpcCore::kDecoder};
  for (EbpcCore core : cores) {
    for (const auto& cfg : ebpc_configs(core)) {
      for (std::uint64_t after : {3, 40, 333}) {
        DYNAMIC_SECTION(ebpc_core_name(core) << " " << cfg.name << " clear after " << after) {
          SimOptions opt;
          opt.seed = after;
          opt.backpressure = true;
          opt.clear_after = after;
          auto r = ebpc_cosim_report(core, cfg, class_set(cfg.data_width, after, 200), opt,
                                     kTraceDir);
          require_ok(r);
          CHECK(r.beats_checked > 0);
        }
      }
    }
  }
}
