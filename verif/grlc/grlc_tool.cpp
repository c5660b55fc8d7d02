// SPDX-License-Identifier: Apache-2.0
// fmc_cosim's GRLC tool (common/codec_tool.hpp): fmaps, random, perf for the GRLC cores.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>

#include "common/codec_tool.hpp"
#include "ebpc/stimulus.hpp"
#include "fmcodec/codecs/grlc.hpp"
#include "grlc/grlc_cosim.hpp"

namespace fmc_verif {
namespace {

const GrlcConfig* find_config(const std::string& name) {
  for (const auto& c : grlc_configs())
    if (c.name == name) return &c;
  return nullptr;
}

GrlcJob job_of(const CoreConfig& shape, const std::vector<std::int32_t>& w, const std::string& what) {
  GrlcJob j;
  j.num_words = w.size();
  j.streams = shape.codec->encode(shape.codec_cfg, fmc::WordView(w.data(), w.size(), shape.data_width))
                  .value();
  j.what = what;
  return j;
}

// The plane shape of a random run: widths around the grid width and the real feature maps' (7,
// 14, 28, 56, 112), the core's largest, and random ones; heights around the grid height.
std::pair<unsigned, unsigned> random_shape(const GrlcConfig& c, std::mt19937_64& rng) {
  const unsigned gw = c.grid_w, gh = c.grid_h, mw = c.max_plane_width;
  const std::vector<unsigned> ws = {1, 2, 3, gw - 1, gw, gw + 1, 2 * gw + 3, 7, 14, 28, 56, 112, mw, mw - 1};
  std::vector<unsigned> wl;
  for (unsigned w : ws)
    if (w >= 1 && w <= mw) wl.push_back(w);
  const unsigned w = (rng() % 4 == 0) ? 1 + static_cast<unsigned>(rng() % mw) : wl[rng() % wl.size()];
  const std::vector<unsigned> hs = {1, 2, 3, gh, gh + 1, 2 * gh + 1, 7, 14};
  const unsigned h = (rng() % 4 == 0) ? 1 + static_cast<unsigned>(rng() % 40) : hs[rng() % hs.size()];
  return {w, h};
}

class GrlcTool : public CodecTool {
 public:
  const char* codec() const override { return "grlc"; }
  bool has_config(const std::string& name) const override { return find_config(name) != nullptr; }

  // The default configuration of the tensor's width (2 x 8 grids), or every one of that width;
  // the plane shape is the tensor's last two axes.
  std::vector<FmapRow> fmaps(const FmapRequest& q) const override {
    std::vector<FmapRow> rows;
    const std::vector<std::vector<std::int32_t>> tx = {*q.words};
    for (const auto& cfg : grlc_configs()) {
      if (cfg.data_width != q.bits || (!q.all_configs && (cfg.grid_h != 2 || cfg.grid_w != 8)))
        continue;
      fmc::ParamValues pv;
      pv.set("grid_h", cfg.grid_h);
      pv.set("grid_w", cfg.grid_w);
      const auto cc = fmc::grlc_codec().configure(cfg.data_width, pv, q.shape);
      if (!cc.ok()) {
        std::cerr << "fmc_cosim: grlc " << cfg.name << " " << q.tensor << ": "
                  << cc.status().message() << "\n";
        continue;
      }
      const unsigned w = static_cast<unsigned>(cc.value().param("plane_w"));
      const unsigned h = static_cast<unsigned>(cc.value().param("plane_h"));
      if (w > cfg.max_plane_width) {
        std::cerr << "fmc_cosim: grlc " << cfg.name << " " << q.tensor << ": skipped, plane width "
                  << w << " > MaxPlaneWidth " << cfg.max_plane_width << "\n";
        continue;
      }
      const CoreConfig shape = grlc_core_config(cfg, w, h);
      const GrlcJob job = job_of(shape, *q.words, q.tensor);
      FmapRow z;
      z.name = q.tensor;
      z.config = cfg.name;
      z.words = q.words->size();
      z.s0 = job.streams[0].size();  // grid words
      if (q.encoder) {
        const GrlcResult r = grlc_encoder_cosim(cfg, shape, tx, q.opt);
        z.enc_run = true;
        z.enc_cycles = r.active_cycles;
        if (!r.ok) {
          ++z.mismatches;
          std::cerr << "MISMATCH grlc encoder " << z.name << ": " << r.error << "\n";
        }
      }
      if (q.decoder) {
        const GrlcResult r = grlc_decoder_cosim(cfg, shape, {job}, q.opt);
        z.dec_run = true;
        z.dec_cycles = r.active_cycles;
        if (!r.ok) {
          ++z.mismatches;
          std::cerr << "MISMATCH grlc decoder " << z.name << ": " << r.error << "\n";
        }
      }
      rows.push_back(z);
    }
    return rows;
  }

  // The same random transmissions as the other codecs' (stimulus.hpp), with a plane shape chosen
  // from the seed (random_shape), so that transmissions end in partial planes and rows. Decoder:
  // each coded by the golden model, about a third of them corrupted (the stream cut by one word,
  // a word appended, one bit flipped, or a word zeroed), all decoded back to back with their
  // descriptors; coverage: the outcome of every decoder job (good or the GrlcError the golden
  // decoder reports).
  int random(const std::string& core_s, const std::string& cfg_s, std::uint64_t seed,
             int rand_reset, const std::string& trace_dir, std::size_t max_len) const override {
    if (core_s != "encoder" && core_s != "decoder" && core_s != "loopback") {
      std::cerr << "fmc_cosim: error: GRLC runs encoder, decoder or loopback, not '" << core_s
                << "'\n";
      return 2;
    }
    const GrlcConfig* cp = find_config(cfg_s);
    if (!cp) {
      std::cerr << "fmc_cosim: error: no GRLC configuration '" << cfg_s << "'\n";
      return 2;
    }
    const GrlcConfig& cfg = *cp;
    std::string desc;
    const auto tx = random_transmissions(seed, cfg.data_width, max_len, &desc);
    std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + 7);
    const auto [pw, ph] = random_shape(cfg, rng);
    const CoreConfig shape = grlc_core_config(cfg, pw, ph);
    SimOptions opt;
    opt.seed = seed;
    opt.backpressure = true;
    opt.rand_reset = rand_reset;
    std::map<std::string, int> outcome;
    for (const auto& e : fmc::grlc_codec().stream_errors()) outcome[e.second] = 0;
    outcome["good"] = 0;
    std::vector<GrlcJob> jobs;
    // One run; on a failure the same run again with an FST trace.
    auto run = [&](const SimOptions& o) {
      if (core_s == "encoder") return grlc_encoder_cosim(cfg, shape, tx, o);
      if (core_s == "loopback") return grlc_loopback_cosim(cfg, shape, tx, o);
      return grlc_decoder_cosim(cfg, shape, jobs, o);
    };
    if (core_s == "decoder") {
      const std::uint32_t wmask = (1u << cfg.data_width) - 1u;
      for (const auto& t : tx) {
        GrlcJob j = job_of(shape, t, "good");
        if (rng() % 3 == 0) {
          auto& st = j.streams[0];
          const unsigned how = static_cast<unsigned>(rng() % 4);
          if (how == 0 && !st.empty()) {
            st.pop_back();
            j.what = "cut";
          } else if (how == 1 || st.empty()) {
            st.push_back(static_cast<std::uint32_t>(rng()) & wmask);
            j.what = "extra";
          } else if (how == 2) {
            const std::uint64_t bit = rng() % (st.size() * cfg.data_width);
            st[bit / cfg.data_width] ^= 1u << (bit % cfg.data_width);
            j.what = "bit flip";
          } else {
            st[rng() % st.size()] = 0;
            j.what = "word zeroed";
          }
        }
        auto g = shape.codec->decode(shape.codec_cfg, j.streams, j.num_words);
        ++outcome[g.ok() ? std::string("good") : std::string(g.status().error_name())];
        jobs.push_back(std::move(j));
      }
    }
    GrlcResult r = run(opt);
    if (!r.ok && !trace_dir.empty()) {
      SimOptions t = opt;
      t.trace_path =
          trace_dir + "/grlc_" + core_s + "_" + cfg.name + "_seed" + std::to_string(seed) + ".fst";
      t.trace_stop = r.fail_cycle + 8;
      run(t);
      r.error += "\n  FST trace: " + t.trace_path;
    }
    std::printf("grlc %s %s seed %llu: W %u H %u, %zu transmissions [%s ], %llu beats checked, "
                "%llu cycles: %s\n",
                core_s.c_str(), cfg.name.c_str(), (unsigned long long)seed, pw, ph, tx.size(),
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

  // Bound = words / max(words, grid words), per stimulus class and plane shape (square planes of
  // the real feature maps' widths that the configuration takes).
  int perf(const std::string& cfg_s, std::size_t count, std::uint64_t seed) const override {
    std::vector<const GrlcConfig*> cfgs;
    for (const auto& c : grlc_configs())
      if (cfg_s == "all" || cfg_s == c.name) cfgs.push_back(&c);
    if (cfgs.empty()) return -1;
    std::printf("%-10s %-13s %5s %7s %6s %6s %8s %8s %6s %8s %6s\n", "config", "class", "plane",
                "words", "grid", "ratio", "bound", "enc_wpc", "enc/bd", "dec_wpc", "dec/bd");
    int fails = 0;
    for (const GrlcConfig* cfg : cfgs) {
      for (unsigned w : {7u, 14u, 112u}) {
        if (w > cfg->max_plane_width) continue;
        const CoreConfig shape = grlc_core_config(*cfg, w, w);
        for (const auto& cls : stimulus_classes()) {
          std::mt19937_64 rng(seed);
          auto words = make_stimulus(cls, count, cfg->data_width, rng);
          const GrlcJob job = job_of(shape, words, cls);
          const std::size_t ng = job.streams[0].size();
          const double bound = ratio(words.size(), std::max(words.size(), ng));
          SimOptions opt;
          opt.seed = seed;
          const GrlcResult e = grlc_encoder_cosim(*cfg, shape, {words}, opt);
          const GrlcResult d = grlc_decoder_cosim(*cfg, shape, {job}, opt);
          if (!e.ok)
            std::fprintf(stderr, "grlc encoder %s %s W %u: %s\n", cfg->name.c_str(), cls.c_str(), w,
                         e.error.c_str());
          if (!d.ok)
            std::fprintf(stderr, "grlc decoder %s %s W %u: %s\n", cfg->name.c_str(), cls.c_str(), w,
                         d.error.c_str());
          fails += !e.ok + !d.ok;
          const double ew = ratio(words.size(), e.active_cycles);
          const double dw = ratio(words.size(), d.active_cycles);
          std::printf("%-10s %-13s %5u %7zu %6zu %6.3f %8.3f %8.3f %6.3f %8.3f %6.3f\n",
                      cfg->name.c_str(), cls.c_str(), w, words.size(), ng,
                      ratio(words.size(), ng), bound, ew, ew / bound, dw, dw / bound);
        }
      }
    }
    return fails;
  }
};

}  // namespace

const CodecTool& grlc_tool() {
  static const GrlcTool t;
  return t;
}

}  // namespace fmc_verif
