// SPDX-License-Identifier: Apache-2.0
// What every codec's fmc_cosim tool shares (tool_driver.hpp): random runs, the perf table, the
// fmaps row.
#include "common/tool_driver.hpp"

#include <algorithm>
#include <cstdio>

namespace fmc_verif {

bool random_core_ok(const std::string& core, const std::string& codec_label) {
  if (core == "encoder" || core == "decoder" || core == "loopback") return true;
  std::cerr << "fmc_cosim: error: " << codec_label << " runs encoder, decoder or loopback, not '"
            << core << "'\n";
  return false;
}

SimOptions random_sim_options(const RandomRequest& q) {
  SimOptions opt;
  opt.seed = q.seed;
  opt.backpressure = true;
  opt.rand_reset = q.rand_reset;
  return opt;
}

std::mt19937_64 random_job_rng(std::uint64_t seed) {
  return std::mt19937_64(seed * 0x9e3779b97f4a7c15ull + 7);
}

std::string random_trace_path(const RandomRequest& q, const std::string& codec) {
  return q.trace_dir + "/" + codec + "_" + q.core + "_" + q.config + "_seed" +
         std::to_string(q.seed) + ".fst";
}

DecoderOutcomes::DecoderOutcomes(const fmc::Codec& golden) {
  for (const auto& e : golden.stream_errors()) count_[e.second] = 0;
  count_["good"] = 0;
}

std::string DecoderOutcomes::bins() const {
  std::string s;
  for (const auto& [name, n] : count_)
    s += (s.empty() ? "" : ",") + std::string("dec_") + name + "=" + std::to_string(n);
  return s;
}

std::string golden_outcome(const CoreConfig& cfg, const DecodeJob& job) {
  const auto g = cfg.codec->decode(cfg.codec_cfg, job.streams, job.num_words);
  return g.ok() ? std::string("good") : std::string(g.status().error_name());
}

void corrupt_job(DecodeJob& j, unsigned data_width, const Corruption& c, std::mt19937_64& rng) {
  const std::size_t n = c.streams.size();
  const std::size_t k = n > 1 ? static_cast<std::size_t>(rng() % n) : 0;
  auto& st = j.streams[k];
  auto& z = j.streams[c.zero_stream];
  const std::string prefix = c.streams[k].empty() ? "" : c.streams[k] + " ";
  const unsigned how = static_cast<unsigned>(rng() % (c.ones_words > 0 ? 5 : 4));
  if (how == 4 && !z.empty()) {
    for (std::size_t i = 0; i < std::min(z.size(), c.ones_words); ++i) z[i] = (1u << data_width) - 1u;
    j.what = c.ones_what;
  } else if (how == 3 && !z.empty()) {
    // One aligned run of words zeroed (ZVC: a coded group, of which only the last may be shorter).
    const std::size_t r = c.zero_run;
    const std::size_t g = rng() % ((z.size() + r - 1) / r);
    for (std::size_t i = g * r; i < std::min(z.size(), (g + 1) * r); ++i) z[i] = 0;
    j.what = c.zero_what;
  } else if (how == 0 && !st.empty()) {
    st.pop_back();
    j.what = prefix + "cut";
  } else if (how == 1 || st.empty()) {
    st.push_back(static_cast<std::uint32_t>(rng()) & ((1u << data_width) - 1u));
    j.what = prefix + "extra";
  } else {
    const std::uint64_t bit = rng() % (st.size() * data_width);
    st[bit / data_width] ^= 1u << (bit % data_width);
    j.what = prefix + "bit flip";
  }
}

int finish_random(const RandomRequest& q, const RandomReport& r) {
  std::printf("%s %s seed %llu: %s%zu transmissions [%s ], %llu beats checked, %llu cycles: %s\n",
              r.head.c_str(), q.config.c_str(), (unsigned long long)q.seed, r.shape.c_str(),
              r.transmissions, r.desc.c_str(), (unsigned long long)r.beats_checked,
              (unsigned long long)r.cycles, r.ok ? "PASS" : "FAIL");
  if (!r.ok)
    std::printf("  %s\n  replay: fmc_cosim random --core %s --config %s --seed %llu "
                "--rand-reset %d --max-len %zu\n",
                r.error.c_str(), q.core.c_str(), q.config.c_str(), (unsigned long long)q.seed,
                q.rand_reset, q.max_len);
  if (!r.coverage.empty()) std::printf("coverage %s\n", r.coverage.c_str());
  return r.ok ? 0 : 1;
}

int perf_table(const PerfLayout& layout, const std::vector<PerfCase>& cases, std::size_t count,
               std::uint64_t seed) {
  if (cases.empty()) return -1;
  const int cw = layout.config_width;
  std::printf("%-*s %-13s", cw, "config", "class");
  if (layout.plane) std::printf(" %5s", "plane");
  std::printf(" %7s", "words");
  for (const auto& s : layout.streams) std::printf(" %6s", s.c_str());
  std::printf(" %6s %8s %8s %6s %6s %8s %6s %6s\n", "ratio", "bound", "enc_wpc", "enc/bd",
              "enc/id", "dec_wpc", "dec/bd", "dec/id");
  int fails = 0;
  for (const PerfCase& c : cases) {
    const std::string where = layout.plane ? " W " + std::to_string(c.plane) : std::string();
    for (const auto& cls : stimulus_classes()) {
      std::mt19937_64 rng(seed);
      const auto words = make_stimulus(cls, count, c.data_width, rng);
      SimOptions opt;
      opt.seed = seed;
      const PerfRuns p = c.run(words, cls, opt);
      std::size_t coded = 0, longest = words.size();
      for (std::size_t n : p.stream_words) {
        coded += n;
        longest = std::max(longest, n);
      }
      const double bound = ratio(words.size(), longest);
      const CoreFigures* core[2] = {&p.enc, &p.dec};
      const char* name[2] = {"encoder", "decoder"};
      for (int k = 0; k < 2; ++k) {
        if (core[k]->ok) continue;
        std::fprintf(stderr, "%s %s %s %s%s: %s\n", layout.codec.c_str(), name[k],
                     c.config.c_str(), cls.c_str(), where.c_str(), core[k]->error.c_str());
        ++fails;
      }
      const double ew = ratio(words.size(), p.enc.cycles);
      const double dw = ratio(words.size(), p.dec.cycles);
      std::printf("%-*s %-13s", cw, c.config.c_str(), cls.c_str());
      if (layout.plane) std::printf(" %5u", c.plane);
      std::printf(" %7zu", words.size());
      for (std::size_t n : p.stream_words) std::printf(" %6zu", n);
      // Against the ideal core: its cycles over the core's (0 when the golden model failed).
      const double ei = ratio(p.ideal.enc, p.enc.cycles), di = ratio(p.ideal.dec, p.dec.cycles);
      std::printf(" %6.3f %8.3f %8.3f %6.3f %6.3f %8.3f %6.3f %6.3f\n", ratio(words.size(), coded),
                  bound, ew, ew / bound, ei, dw, dw / bound, di);
    }
  }
  return fails;
}

FmapRow fmap_row(const FmapRequest& q, const std::string& codec, const std::string& config,
                 std::uint64_t s0, std::uint64_t s1, const std::function<CoreFigures()>& enc,
                 const std::function<CoreFigures()>& dec) {
  FmapRow row;
  row.name = q.tensor;
  row.config = config;
  row.words = q.words->size();
  row.s0 = s0;
  row.s1 = s1;
  const bool want[2] = {q.encoder && enc, q.decoder && dec};
  const std::function<CoreFigures()>* run[2] = {&enc, &dec};
  const char* name[2] = {"encoder", "decoder"};
  for (int k = 0; k < 2; ++k) {
    if (!want[k]) continue;
    const CoreFigures r = (*run[k])();
    (k ? row.dec_run : row.enc_run) = true;
    (k ? row.dec_cycles : row.enc_cycles) = r.cycles;
    if (!r.ok) {
      ++row.mismatches;
      std::cerr << "MISMATCH " << codec << " " << name[k] << " " << row.name << ": " << r.error
                << "\n";
    }
  }
  return row;
}

void add_loss(FmapRow& row, const CoreConfig& cc, const fmc::Streams& streams,
              const std::vector<std::int32_t>& words) {
  const auto rec = cc.codec->decode(cc.codec_cfg, streams, words.size());
  if (!rec.ok()) return;  // the decoder run reports the failure
  const auto l = fmc::reconstruction_loss(fmc::WordView(words.data(), words.size(), cc.data_width),
                                          rec.value());
  if (!l.ok()) return;
  row.lossy = true;
  row.psnr = l.value().psnr;
  row.max_err = l.value().max_err;
}

}  // namespace fmc_verif
