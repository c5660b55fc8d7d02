// SPDX-License-Identifier: Apache-2.0
// fmc_cosim's ZVC tool (common/codec_tool.hpp): fmaps, random, perf for the ZVC cores.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>

#include "common/codec_tool.hpp"
#include "ebpc/stimulus.hpp"
#include "fmcodec/codecs/zvc.hpp"
#include "zvc/zvc_cosim.hpp"

namespace fmc_verif {
namespace {

const ZvcConfig* find_config(const std::string& name) {
  for (const auto& c : zvc_configs())
    if (c.name == name) return &c;
  return nullptr;
}

ZvcJob job_of(const ZvcConfig& cfg, const std::vector<std::int32_t>& w, const std::string& what) {
  ZvcJob j;
  j.num_words = w.size();
  j.streams = fmc::zvc_encode(fmc::ZvcParams{cfg.data_width, cfg.group},
                              fmc::WordView(w.data(), w.size(), cfg.data_width))
                  .value();
  j.what = what;
  return j;
}

class ZvcTool : public CodecTool {
 public:
  const char* codec() const override { return "zvc"; }
  bool has_config(const std::string& name) const override { return find_config(name) != nullptr; }

  // G = 1 of the tensor's width, or every configuration of that width.
  std::vector<FmapRow> fmaps(const FmapRequest& q) const override {
    std::vector<FmapRow> rows;
    const std::vector<std::vector<std::int32_t>> tx = {*q.words};
    for (const auto& cfg : zvc_configs()) {
      if (cfg.data_width != q.bits || (!q.all_configs && cfg.group != 1)) continue;
      const ZvcJob job = job_of(cfg, *q.words, q.tensor);
      FmapRow z;
      z.name = q.tensor;
      z.config = cfg.name;
      z.words = q.words->size();
      z.s0 = job.streams[0].size();  // mask words
      z.s1 = job.streams[1].size();  // value words
      if (q.encoder) {
        const ZvcResult r = zvc_encoder_cosim(cfg, tx, q.opt);
        z.enc_run = true;
        z.enc_cycles = r.active_cycles;
        if (!r.ok) {
          ++z.mismatches;
          std::cerr << "MISMATCH zvc encoder " << z.name << ": " << r.error << "\n";
        }
      }
      if (q.decoder) {
        const ZvcResult r = zvc_decoder_cosim(cfg, {job}, q.opt);
        z.dec_run = true;
        z.dec_cycles = r.active_cycles;
        if (!r.ok) {
          ++z.mismatches;
          std::cerr << "MISMATCH zvc decoder " << z.name << ": " << r.error << "\n";
        }
      }
      rows.push_back(z);
    }
    return rows;
  }

  // The same random transmissions as EBPC's (stimulus.hpp). Decoder: each coded by the golden
  // model, about a third of them corrupted (a stream cut by one word, a word appended, one bit
  // flipped, or a coded group zeroed), all decoded back to back with their descriptors; coverage:
  // the outcome of every decoder job (good or the ZvcError the golden decoder reports).
  int random(const std::string& core_s, const std::string& cfg_s, std::uint64_t seed,
             int rand_reset, const std::string& trace_dir, std::size_t max_len) const override {
    if (core_s != "encoder" && core_s != "decoder" && core_s != "loopback") {
      std::cerr << "fmc_cosim: error: ZVC runs encoder, decoder or loopback, not '" << core_s
                << "'\n";
      return 2;
    }
    const ZvcConfig* cp = find_config(cfg_s);
    if (!cp) {
      std::cerr << "fmc_cosim: error: no ZVC configuration '" << cfg_s << "'\n";
      return 2;
    }
    const ZvcConfig& cfg = *cp;
    std::string desc;
    const auto tx = random_transmissions(seed, cfg.data_width, max_len, &desc);
    SimOptions opt;
    opt.seed = seed;
    opt.backpressure = true;
    opt.rand_reset = rand_reset;
    const fmc::ZvcParams p{cfg.data_width, cfg.group};
    std::map<std::string, int> outcome;
    for (const auto& e : fmc::zvc_codec().stream_errors()) outcome[e.second] = 0;
    outcome["good"] = 0;
    std::vector<ZvcJob> jobs;
    // One run; on a failure the same run again with an FST trace (tracing every run would write
    // gigabytes in a regression).
    auto run = [&](const SimOptions& o) {
      if (core_s == "encoder") return zvc_encoder_cosim(cfg, tx, o);
      if (core_s == "loopback") return zvc_loopback_cosim(cfg, tx, o);
      return zvc_decoder_cosim(cfg, jobs, o);
    };
    if (core_s == "decoder") {
      std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + 7);
      for (const auto& t : tx) {
        ZvcJob j = job_of(cfg, t, "good");
        if (rng() % 3 == 0) {
          const unsigned k = static_cast<unsigned>(rng() % 2);
          auto& st = j.streams[k];
          const unsigned how = static_cast<unsigned>(rng() % 4);
          if (how == 3 && !j.streams[1].empty()) {
            // Zero every word of one coded group (value words come in groups of G; only the
            // last may be shorter): a group flagged non-zero that holds only zeros.
            auto& v = j.streams[1];
            const std::size_t g = rng() % ((v.size() + cfg.group - 1) / cfg.group);
            for (std::size_t i = g * cfg.group; i < std::min(v.size(), (g + 1) * cfg.group); ++i)
              v[i] = 0;
            j.what = "group zeroed";
          } else if (how == 0 && !st.empty()) {
            st.pop_back();
            j.what = k ? "value cut" : "mask cut";
          } else if (how == 1 || st.empty()) {
            st.push_back(static_cast<std::uint32_t>(rng()) & ((1u << cfg.data_width) - 1u));
            j.what = k ? "value extra" : "mask extra";
          } else {
            const std::uint64_t bit = rng() % (st.size() * cfg.data_width);
            st[bit / cfg.data_width] ^= 1u << (bit % cfg.data_width);
            j.what = k ? "value bit flip" : "mask bit flip";
          }
        }
        auto g = fmc::zvc_decode(p, j.streams, j.num_words);
        ++outcome[g.ok() ? std::string("good") : std::string(g.status().error_name())];
        jobs.push_back(std::move(j));
      }
    }
    ZvcResult r = run(opt);
    if (!r.ok && !trace_dir.empty()) {
      SimOptions t = opt;
      t.trace_path =
          trace_dir + "/zvc_" + core_s + "_" + cfg.name + "_seed" + std::to_string(seed) + ".fst";
      t.trace_stop = r.fail_cycle + 8;
      run(t);
      r.error += "\n  FST trace: " + t.trace_path;
    }
    std::printf("zvc %s %s seed %llu: %zu transmissions [%s ], %llu beats checked, %llu cycles: %s\n",
                core_s.c_str(), cfg.name.c_str(), (unsigned long long)seed, tx.size(),
                desc.c_str(), (unsigned long long)r.beats_checked, (unsigned long long)r.cycles,
                r.ok ? "PASS" : "FAIL");
    if (!r.ok)
      std::printf("  %s\n  replay: fmc_cosim random --core %s --config %s --seed %llu "
                  "--rand-reset %d --max-len %zu\n",
                  r.error.c_str(), core_s.c_str(), cfg.name.c_str(), (unsigned long long)seed,
                  rand_reset, max_len);
    if (core_s == "decoder") {
      std::string cov;
      for (const auto& kv : outcome)
        cov += (cov.empty() ? "" : ",") + std::string("dec_") + kv.first + "=" +
               std::to_string(kv.second);
      std::printf("coverage %s\n", cov.c_str());
    }
    return r.ok ? 0 : 1;
  }

  // Bound = words / max(words, mask words, value words).
  int perf(const std::string& cfg_s, std::size_t count, std::uint64_t seed) const override {
    std::vector<const ZvcConfig*> cfgs;
    for (const auto& c : zvc_configs())
      if (cfg_s == "all" || cfg_s == c.name) cfgs.push_back(&c);
    if (cfgs.empty()) return -1;
    std::printf("%-13s %-13s %7s %6s %6s %6s %8s %8s %6s %8s %6s\n", "config", "class", "words",
                "mask", "value", "ratio", "bound", "enc_wpc", "enc/bd", "dec_wpc", "dec/bd");
    int fails = 0;
    for (const ZvcConfig* cfg : cfgs) {
      for (const auto& cls : stimulus_classes()) {
        std::mt19937_64 rng(seed);
        auto words = make_stimulus(cls, count, cfg->data_width, rng);
        const ZvcJob job = job_of(*cfg, words, cls);
        const std::size_t nm = job.streams[0].size(), nv = job.streams[1].size();
        const double bound = ratio(words.size(), std::max({words.size(), nm, nv}));
        SimOptions opt;
        opt.seed = seed;
        const ZvcResult e = zvc_encoder_cosim(*cfg, {words}, opt);
        const ZvcResult d = zvc_decoder_cosim(*cfg, {job}, opt);
        if (!e.ok) std::fprintf(stderr, "zvc encoder %s %s: %s\n", cfg->name.c_str(), cls.c_str(), e.error.c_str());
        if (!d.ok) std::fprintf(stderr, "zvc decoder %s %s: %s\n", cfg->name.c_str(), cls.c_str(), d.error.c_str());
        fails += !e.ok + !d.ok;
        const double ew = ratio(words.size(), e.active_cycles);
        const double dw = ratio(words.size(), d.active_cycles);
        std::printf("%-13s %-13s %7zu %6zu %6zu %6.3f %8.3f %8.3f %6.3f %8.3f %6.3f\n",
                    cfg->name.c_str(), cls.c_str(), words.size(), nm, nv,
                    ratio(words.size(), nm + nv), bound, ew, ew / bound, dw, dw / bound);
      }
    }
    return fails;
  }
};

}  // namespace

const CodecTool& zvc_tool() {
  static const ZvcTool t;
  return t;
}

}  // namespace fmc_verif
