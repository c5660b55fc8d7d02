// SPDX-License-Identifier: Apache-2.0
// fmc_cosim's EBPC tool (common/codec_tool.hpp): fmaps, random, perf for the EBPC cores, with
// the shared driver's pieces (common/tool_driver.hpp) around EBPC's own environment.
#include <algorithm>

#include "common/tool_driver.hpp"
#include "ebpc/coverage.hpp"
#include "ebpc/ebpc_cosim.hpp"
#include "fmcodec/codecs/ebpc.hpp"

namespace fmc_verif {
namespace {

bool has(EbpcCore c, const std::string& n) {
  for (const auto& k : ebpc_configs(c))
    if (n == k.name) return true;
  return false;
}

CoreFigures ebpc_figures(const CosimResult& r) { return {r.ok, r.error, r.cycles}; }

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
    const Transmissions tx = {*q.words};
    std::vector<FmapRow> rows;
    for (const auto& name : names) {
      const EbpcConfig* cfg = ebpc_config(name);
      const auto streams = fmc::ebpc_encode(cfg->params(), *q.words).value();
      auto run = [&](EbpcCore core) -> std::function<CoreFigures()> {
        if (!has(core, name)) return nullptr;
        return [&, core] { return ebpc_figures(ebpc_cosim_report(core, *cfg, tx, q.opt, q.trace_dir)); };
      };
      rows.push_back(fmap_row(q, "ebpc", cfg->name, streams.znz.size(), streams.bpc.size(),
                              run(EbpcCore::kEncoder), run(EbpcCore::kDecoder)));
    }
    return rows;
  }

  // 1..6 back-to-back transmissions of random classes and lengths. Decoder: the fault bench,
  // about a third of the jobs corrupted (a class of ebpc_corruptions()), decoded back to back with
  // no clear_i; its coverage: the outcome of every job (good or the golden error), so every
  // EbpcError the RTL must raise is a bin. Encoder and loopback: the stimulus coverage bins.
  int random(const std::string& core_s, const std::string& cfg_s, std::uint64_t seed,
             int rand_reset, const std::string& trace_dir, std::size_t max_len) const override {
    const RandomRequest q{core_s, cfg_s, seed, rand_reset, trace_dir, max_len};
    if (!random_core_ok(core_s, "EBPC")) return 2;
    const EbpcCore core = core_s == "encoder"   ? EbpcCore::kEncoder
                          : core_s == "decoder" ? EbpcCore::kDecoder
                                                : EbpcCore::kLoopback;
    const EbpcConfig* cfg = ebpc_config(cfg_s);
    const bool built = core == EbpcCore::kLoopback
                           ? has(EbpcCore::kEncoder, cfg_s) && has(EbpcCore::kDecoder, cfg_s)
                           : has(core, cfg_s);
    if (!cfg || !built) {
      std::cerr << "fmc_cosim: error: no " << ebpc_core_name(core) << " in configuration '" << cfg_s
                << "'\n";
      return 2;
    }
    RandomReport rep;
    rep.head = ebpc_core_name(core);
    const Transmissions tx = random_transmissions(seed, cfg->data_width, max_len, &rep.desc);
    rep.transmissions = tx.size();
    const SimOptions opt = random_sim_options(q);
    CosimResult r;
    if (core == EbpcCore::kDecoder) {
      DecoderOutcomes outcomes(fmc::ebpc_codec());
      std::mt19937_64 rng = random_job_rng(seed);
      std::vector<DecoderJob> jobs;
      for (const auto& t : tx) {
        DecoderJob j = ebpc_job_from_words(*cfg, t);
        if (rng() % 3 == 0) {
          const auto& cls = ebpc_corruptions()[rng() % ebpc_corruptions().size()];
          if (!ebpc_corrupt(*cfg, cls, rng, &j)) ebpc_corrupt(*cfg, "znz extra", rng, &j);
        }
        outcomes.add(j.expect_error
                         ? fmc::ebpc_error_name(static_cast<fmc::EbpcError>(j.expect_error))
                         : "good");
        jobs.push_back(std::move(j));
      }
      r = run_traced([&](const SimOptions& o) { return ebpc_decoder_jobs(*cfg, jobs, o); }, opt, q,
                     "ebpc");
      rep.coverage = outcomes.bins();
    } else {
      r = ebpc_cosim_report(core, *cfg, tx, opt, trace_dir);
      Coverage cov = ebpc_coverage_bins(cfg->data_width, cfg->block_size);
      for (const auto& t : tx) ebpc_coverage_add(cov, t, cfg->data_width, cfg->block_size);
      rep.coverage = coverage_to_string(cov);
    }
    return finish_random(q, rep, r);
  }

  // Bound = words / max(words, ZNZ words, BPC words); the configurations both cores have.
  int perf(const std::string& cfg_s, std::size_t count, std::uint64_t seed) const override {
    std::vector<PerfCase> cases;
    for (const auto& c : ebpc_configs(EbpcCore::kLoopback)) {
      if (cfg_s != "all" && cfg_s != c.name) continue;
      cases.push_back({c.name, c.data_width, 0,
                       [cfg = &c](const std::vector<std::int32_t>& words, const std::string&,
                                  const SimOptions& opt) {
                         const auto s = fmc::ebpc_encode(cfg->params(), words).value();
                         PerfRuns p;
                         p.stream_words = {s.znz.size(), s.bpc.size()};
                         p.ideal = ideal_cycles(fmc::ebpc_codec(), cfg->codec_config(), words,
                                                {s.znz, s.bpc});
                         p.enc = ebpc_figures(ebpc_cosim(EbpcCore::kEncoder, *cfg, {words}, opt));
                         p.dec = ebpc_figures(ebpc_cosim(EbpcCore::kDecoder, *cfg, {words}, opt));
                         return p;
                       }});
    }
    return perf_table({"ebpc", 13, false, {"znz", "bpc"}}, cases, count, seed);
  }
};

}  // namespace

const CodecTool& ebpc_tool() {
  static const EbpcTool t;
  return t;
}

}  // namespace fmc_verif
