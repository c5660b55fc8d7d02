// SPDX-License-Identifier: Apache-2.0
// fmc_cosim's EBPC tool (common/codec_tool.hpp): fmaps, random, perf for the EBPC cores.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>

#include "common/codec_tool.hpp"
#include "ebpc/coverage.hpp"
#include "ebpc/ebpc_cosim.hpp"
#include "ebpc/stimulus.hpp"
#include "fmcodec/codecs/ebpc.hpp"

namespace fmc_verif {
namespace {

bool has(EbpcCore c, const std::string& n) {
  for (const auto& k : ebpc_configs(c))
    if (n == k.name) return true;
  return false;
}

class EbpcTool : public CodecTool {
 public:
  const char* codec() const override { return "ebpc"; }

  bool has_config(const std::string& name) const override {
    return has(EbpcCore::kEncoder, name) || has(EbpcCore::kDecoder, name);
  }

  // The default configuration of the tensor's width (w8_b8, w16_b16), or every co-simulated
  // configuration of that width, each core where it has it.
  std::vector<FmapRow> fmaps(const FmapRequest& q) const override {
    std::vector<std::string> names;
    if (q.all_configs) {
      for (EbpcCore c : {EbpcCore::kEncoder, EbpcCore::kDecoder})
        for (const auto& k : ebpc_configs(c))
          if (k.data_width == q.bits && std::find(names.begin(), names.end(), k.name) == names.end())
            names.push_back(k.name);
    } else {
      names.push_back(q.bits == 8 ? "w8_b8" : "w16_b16");
    }
    const std::vector<std::vector<std::int32_t>> tx = {*q.words};
    std::vector<FmapRow> rows;
    for (const auto& name : names) {
      const EbpcConfig* cfg = ebpc_config(name);
      FmapRow row;
      row.name = q.tensor;
      row.config = cfg->name;
      row.words = q.words->size();
      auto streams = fmc::ebpc_encode(cfg->params(), *q.words);
      row.s0 = streams.value().znz.size();
      row.s1 = streams.value().bpc.size();
      if (q.encoder && has(EbpcCore::kEncoder, name)) {
        CosimResult r = ebpc_cosim_report(EbpcCore::kEncoder, *cfg, tx, q.opt, q.trace_dir);
        row.enc_run = true;
        row.enc_cycles = r.cycles;
        if (!r.ok) {
          ++row.mismatches;
          std::cerr << "MISMATCH ebpc encoder " << row.name << ": " << r.error << "\n";
        }
      }
      if (q.decoder && has(EbpcCore::kDecoder, name)) {
        CosimResult r = ebpc_cosim_report(EbpcCore::kDecoder, *cfg, tx, q.opt, q.trace_dir);
        row.dec_run = true;
        row.dec_cycles = r.cycles;
        if (!r.ok) {
          ++row.mismatches;
          std::cerr << "MISMATCH ebpc decoder " << row.name << ": " << r.error << "\n";
        }
      }
      rows.push_back(row);
    }
    return rows;
  }

  // 1..6 back-to-back transmissions of random classes and lengths. Decoder: the fault bench,
  // about a third of the jobs corrupted (a class of ebpc_corruptions()), decoded back to back with
  // no clear_i; its coverage: the outcome of every job (good or the golden error), so every
  // EbpcError the RTL must raise is a bin. Encoder and loopback: the stimulus coverage bins.
  int random(const std::string& core_s, const std::string& cfg_s, std::uint64_t seed,
             int rand_reset, const std::string& trace_dir, std::size_t max_len) const override {
    EbpcCore core;
    if (core_s == "encoder") core = EbpcCore::kEncoder;
    else if (core_s == "decoder") core = EbpcCore::kDecoder;
    else if (core_s == "loopback") core = EbpcCore::kLoopback;
    else {
      std::cerr << "fmc_cosim: error: EBPC runs encoder, decoder or loopback, not '" << core_s
                << "'\n";
      return 2;
    }
    const EbpcConfig* cfg = ebpc_config(cfg_s);
    const bool built = core == EbpcCore::kLoopback
                           ? has(EbpcCore::kEncoder, cfg_s) && has(EbpcCore::kDecoder, cfg_s)
                           : has(core, cfg_s);
    if (!cfg || !built) {
      std::cerr << "fmc_cosim: error: no " << ebpc_core_name(core) << " in configuration '" << cfg_s
                << "'\n";
      return 2;
    }
    std::string desc;
    const auto tx = random_transmissions(seed, cfg->data_width, max_len, &desc);
    SimOptions opt;
    opt.seed = seed;
    opt.backpressure = true;
    opt.rand_reset = rand_reset;
    CosimResult r;
    std::map<std::string, int> outcome;
    if (core == EbpcCore::kDecoder) {
      for (const auto& e : fmc::ebpc_codec().stream_errors()) outcome[e.second] = 0;
      outcome["good"] = 0;
      std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + 7);
      std::vector<DecoderJob> jobs;
      for (const auto& t : tx) {
        DecoderJob j = ebpc_job_from_words(*cfg, t);
        if (rng() % 3 == 0) {
          const auto& cls = ebpc_corruptions()[rng() % ebpc_corruptions().size()];
          if (!ebpc_corrupt(*cfg, cls, rng, &j)) ebpc_corrupt(*cfg, "znz extra", rng, &j);
        }
        ++outcome[j.expect_error
                      ? fmc::ebpc_error_name(static_cast<fmc::EbpcError>(j.expect_error))
                      : "good"];
        jobs.push_back(std::move(j));
      }
      r = ebpc_decoder_jobs(*cfg, jobs, opt);
      if (!r.ok && !trace_dir.empty()) {
        SimOptions t = opt;
        t.trace_path =
            trace_dir + "/ebpc_decoder_" + cfg->name + "_seed" + std::to_string(seed) + ".fst";
        t.trace_stop = r.fail_cycle + 8;
        ebpc_decoder_jobs(*cfg, jobs, t);
        r.error += "\n  FST trace: " + t.trace_path;
      }
    } else {
      r = ebpc_cosim_report(core, *cfg, tx, opt, trace_dir);
    }
    std::printf("%s %s seed %llu: %zu transmissions [%s ], %llu beats checked, %llu cycles: %s\n",
                ebpc_core_name(core), cfg->name, (unsigned long long)seed, tx.size(), desc.c_str(),
                (unsigned long long)r.beats_checked, (unsigned long long)r.cycles,
                r.ok ? "PASS" : "FAIL");
    if (!r.ok)
      std::printf("  %s\n  replay: fmc_cosim random --core %s --config %s --seed %llu "
                  "--rand-reset %d --max-len %zu\n",
                  r.error.c_str(), core_s.c_str(), cfg_s.c_str(), (unsigned long long)seed,
                  rand_reset, max_len);
    if (core == EbpcCore::kDecoder) {
      std::string cov;
      for (const auto& kv : outcome)
        cov += (cov.empty() ? "" : ",") + std::string("dec_") + kv.first + "=" +
               std::to_string(kv.second);
      std::printf("coverage %s\n", cov.c_str());
    } else {
      Coverage cov = ebpc_coverage_bins(cfg->data_width, cfg->block_size);
      for (const auto& t : tx) ebpc_coverage_add(cov, t, cfg->data_width, cfg->block_size);
      std::printf("coverage %s\n", coverage_to_string(cov).c_str());
    }
    return r.ok ? 0 : 1;
  }

  // Bound = words / max(words, ZNZ words, BPC words); the configurations both cores have.
  int perf(const std::string& cfg_s, std::size_t count, std::uint64_t seed) const override {
    std::vector<const EbpcConfig*> cfgs;
    for (const auto& c : ebpc_configs(EbpcCore::kLoopback))
      if (cfg_s == "all" || cfg_s == c.name) cfgs.push_back(&c);
    if (cfgs.empty()) return -1;
    std::printf("%-13s %-13s %7s %6s %6s %6s %8s %8s %6s %8s %6s\n", "config", "class", "words",
                "znz", "bpc", "ratio", "bound", "enc_wpc", "enc/bd", "dec_wpc", "dec/bd");
    int fails = 0;
    for (const EbpcConfig* cfg : cfgs) {
      for (const auto& cls : stimulus_classes()) {
        std::mt19937_64 rng(seed);
        auto words = make_stimulus(cls, count, cfg->data_width, rng);
        auto s = fmc::ebpc_encode(cfg->params(), words).value();
        const double bound =
            ratio(words.size(), std::max({words.size(), s.znz.size(), s.bpc.size()}));
        SimOptions opt;
        opt.seed = seed;
        CosimResult e = ebpc_cosim(EbpcCore::kEncoder, *cfg, {words}, opt);
        CosimResult d = ebpc_cosim(EbpcCore::kDecoder, *cfg, {words}, opt);
        if (!e.ok) std::fprintf(stderr, "ebpc encoder %s %s: %s\n", cfg->name, cls.c_str(), e.error.c_str());
        if (!d.ok) std::fprintf(stderr, "ebpc decoder %s %s: %s\n", cfg->name, cls.c_str(), d.error.c_str());
        fails += !e.ok + !d.ok;
        const double ew = ratio(words.size(), e.cycles), dw = ratio(words.size(), d.cycles);
        std::printf("%-13s %-13s %7zu %6zu %6zu %6.3f %8.3f %8.3f %6.3f %8.3f %6.3f\n", cfg->name,
                    cls.c_str(), words.size(), s.znz.size(), s.bpc.size(),
                    ratio(words.size(), s.znz.size() + s.bpc.size()), bound, ew, ew / bound, dw,
                    dw / bound);
      }
    }
    return fails;
  }
};

}  // namespace

const CodecTool& ebpc_tool() {
  static const EbpcTool t;
  return t;
}

}  // namespace fmc_verif
