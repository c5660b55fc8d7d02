// SPDX-License-Identifier: Apache-2.0
/// @file tool_driver.hpp
/// What every codec's `fmc_cosim` tool (codec_tool.hpp) shares, written once:
///
///  - `random`: the request, its core check and simulation options, the seed's job generator,
///    the decoder's corrupt-stream jobs and their golden outcomes (the decoder coverage bins), the
///    rerun with an FST trace on a failure, and the printing of the result line, the replay
///    command and the "coverage" line (`make regress`, verif/regress.py, parses them);
///  - `perf`: the table of words/cycle per configuration, plane and stimulus class;
///  - `fmaps`: one tensor's row.
///
/// A codec whose cores run in the shared environment (codec_cosim.hpp: ZVC, GRLC) derives its
/// tool from `EnvCodecTool` and supplies only what is its own: the configuration list, the golden
/// configuration of a configuration (and of a plane shape: random, perf, a tensor's), how a job's
/// streams are corrupted, the perf columns, its extra coverage bins and the three runs. EBPC, with
/// its own environment (ebpc_cosim.hpp), uses the pieces directly.
#pragma once

#include <cctype>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/codec_cosim.hpp"
#include "common/codec_tool.hpp"
#include "common/ideal_core.hpp"
#include "ebpc/stimulus.hpp"

namespace fmc_verif {

using Transmissions = std::vector<std::vector<std::int32_t>>;

// ---------------------------------------------------------------------------------------------
// random

/// The arguments of one randomized run (CodecTool::random).
struct RandomRequest {
  std::string core;    ///< "encoder", "decoder" or "loopback"
  std::string config;  ///< configuration name of the cores table
  std::uint64_t seed = 1;
  int rand_reset = 0;     ///< Verilator +verilator+rand+reset value
  std::string trace_dir;  ///< FST trace there on a failure (empty: none)
  std::size_t max_len = 5000;
};

/// Whether `core` is one a random run takes (encoder, decoder, loopback); if not, says so on
/// stderr naming the codec ("ZVC runs encoder, decoder or loopback, not 'x'").
bool random_core_ok(const std::string& core, const std::string& codec_label);

/// The simulation options of a random run: its seed, random back-pressure on every port, the
/// request's rand_reset.
SimOptions random_sim_options(const RandomRequest& q);

/// The generator a run draws its plane shape and its corruptions from, in that order (derived
/// from the seed, apart from the transmissions' and the port throttles' generators).
std::mt19937_64 random_job_rng(std::uint64_t seed);

/// `<trace_dir>/<codec>_<core>_<config>_seed<seed>.fst`.
std::string random_trace_path(const RandomRequest& q, const std::string& codec);

/// Runs `run(opt)`; on a failure, with a trace folder, the same run again with an FST trace up to
/// 8 cycles past the failing one, named in the error (tracing every run would write gigabytes in
/// a regression). `run` returns a result with ok, error and fail_cycle (CosimRun, EBPC's
/// CosimResult).
template <class Run>
auto run_traced(const Run& run, const SimOptions& opt, const RandomRequest& q,
                const std::string& codec) {
  auto r = run(opt);
  if (!r.ok && !q.trace_dir.empty()) {
    SimOptions t = opt;
    t.trace_path = random_trace_path(q, codec);
    t.trace_stop = r.fail_cycle + 8;
    run(t);
    r.error += "\n  FST trace: " + t.trace_path;
  }
  return r;
}

/// The decoder's coverage bins: the outcome of every job, "good" or the name of the stream error
/// the golden decoder reports (every error of the codec is a bin, hit or not).
class DecoderOutcomes {
 public:
  explicit DecoderOutcomes(const fmc::Codec& golden);
  void add(const std::string& outcome) { ++count_[outcome]; }
  /// No bin for `outcome`: the configuration cannot produce it (e.g. a mode it does not build).
  void drop(const std::string& outcome) { count_.erase(outcome); }
  /// "dec_<outcome>=<count>,..." in name order.
  std::string bins() const;

 private:
  std::map<std::string, int> count_;
};

/// "good", or the name of the stream error of the golden whole-buffer decode of `job`.
std::string golden_outcome(const CoreConfig& cfg, const DecodeJob& job);

/// How the decoder bench corrupts a job: one of the streams (drawn when there are several), then
/// one of four ways: its last word cut, a random word appended, one bit flipped, or a run of
/// words of one stream zeroed (a cut or a flip of an empty stream appends instead); with
/// `ones_words` > 0 a fifth: the first `ones_words` words of the zeroed stream set to all ones.
struct Corruption {
  /// Label of each stream in the job's `what` ("mask" gives "mask cut"; "" gives "cut").
  std::vector<std::string> streams = {""};
  unsigned zero_stream = 0;  ///< the stream whose words are zeroed
  std::size_t zero_run = 1;  ///< zeroed: one aligned run of this many words (ZVC: a coded group)
  std::string zero_what = "word zeroed";
  std::size_t ones_words = 0;  ///< the fifth way (0: none), e.g. a range coder's impossible start
  std::string ones_what = "start ones";
};

/// Applies one corruption of `c` to `job` (words of `data_width` bits), drawn from `rng`.
void corrupt_job(DecodeJob& job, unsigned data_width, const Corruption& c, std::mt19937_64& rng);

/// A job of `words` coded by the golden model of `cfg`.
template <class Job = DecodeJob>
Job encode_job(const CoreConfig& cfg, const std::vector<std::int32_t>& words,
               const std::string& what) {
  Job j;
  j.num_words = words.size();
  j.streams =
      cfg.codec->encode(cfg.codec_cfg, fmc::WordView(words.data(), words.size(), cfg.data_width))
          .value();
  j.what = what;
  return j;
}

/// The decoder bench of a random run: each transmission coded by the golden model, about a third
/// of them corrupted (`c`), each job's golden outcome counted in `outcomes`.
template <class Job>
std::vector<Job> random_decoder_jobs(const CoreConfig& cfg, const Transmissions& tx,
                                     const Corruption& c, std::mt19937_64& rng,
                                     DecoderOutcomes& outcomes) {
  std::vector<Job> jobs;
  for (const auto& t : tx) {
    Job j = encode_job<Job>(cfg, t, "good");
    if (rng() % 3 == 0) corrupt_job(j, cfg.data_width, c, rng);
    outcomes.add(golden_outcome(cfg, j));
    jobs.push_back(std::move(j));
  }
  return jobs;
}

/// What a random run reports.
struct RandomReport {
  std::string head;   ///< "zvc encoder", "ebpc_decoder": the result line's start
  std::string shape;  ///< after the seed, e.g. "W 7 H 3, " (GRLC's plane shape); may be empty
  std::size_t transmissions = 0;
  std::string desc;  ///< "class:length ..." of the transmissions
  bool ok = true;
  std::string error;
  std::uint64_t beats_checked = 0, cycles = 0;
  std::string coverage;  ///< "bin=count,..."; empty: no coverage line
};

/// Prints the result line, on a failure the error and the replay command, and the coverage line;
/// returns 0 (pass) or 1 (fail).
int finish_random(const RandomRequest& q, const RandomReport& r);
/// The same with the outcome of run `r` (ok, error, beats_checked, cycles: CosimRun, EBPC's
/// CosimResult).
template <class Run>
int finish_random(const RandomRequest& q, RandomReport rep, const Run& r) {
  rep.ok = r.ok;
  rep.error = r.error;
  rep.beats_checked = r.beats_checked;
  rep.cycles = r.cycles;
  return finish_random(q, rep);
}

// ---------------------------------------------------------------------------------------------
// perf and fmaps

/// One core's run as the tables show it.
struct CoreFigures {
  bool ok = true;
  std::string error;
  std::uint64_t cycles = 0;  ///< from the first input handshake to the last output beat
};
inline CoreFigures figures(const CosimRun& r) { return {r.ok, r.error, r.active_cycles}; }

/// The perf table's columns: config, class, the plane width if `plane`, words, one per stream,
/// ratio, bound, words/cycle and its share of the bound per core.
struct PerfLayout {
  std::string codec;                 ///< "zvc", for messages
  int config_width = 13;             ///< width of the config column
  bool plane = false;                ///< a "plane" column (square planes of that width)
  std::vector<std::string> streams;  ///< stream column names ("mask", "value")
};

/// Both cores on one stimulus: the words of each stream, each core's run and the ideal cores'.
struct PerfRuns {
  std::vector<std::size_t> stream_words;
  CoreFigures enc, dec;
  IdealCycles ideal;
};

/// One configuration (and plane) of the perf table.
struct PerfCase {
  std::string config;
  unsigned data_width = 8;
  unsigned plane = 0;
  /// Codes `words` (of class `cls`) and runs both cores on them.
  std::function<PerfRuns(const std::vector<std::int32_t>& words, const std::string& cls,
                         const SimOptions& opt)>
      run;
};

/// The words/cycle table: every case on `count` words of every stimulus class (the generator
/// seeded with `seed` for each), against the port bound words / max(words, stream words) and
/// against the ideal core (ideal_cycles); failures on stderr. Returns the number of failing
/// runs, or -1 (nothing printed) when there is no case.
int perf_table(const PerfLayout& layout, const std::vector<PerfCase>& cases, std::size_t count,
               std::uint64_t seed);

/// One tensor's row of `fmc_cosim fmaps` in `config` (stream words s0, s1): runs the encoder and
/// the decoder where requested and given (`enc`, `dec` may be empty), mismatches on stderr.
/// A lossy codec's row: the reconstruction error of the golden decode of `streams` against
/// `words`.
void add_loss(FmapRow& row, const CoreConfig& cc, const fmc::Streams& streams,
              const std::vector<std::int32_t>& words);

FmapRow fmap_row(const FmapRequest& q, const std::string& codec, const std::string& config,
                 std::uint64_t s0, std::uint64_t s1, const std::function<CoreFigures()>& enc,
                 const std::function<CoreFigures()>& dec);

// ---------------------------------------------------------------------------------------------
// The tool of a codec in the shared environment

/// `fmaps`, `random` and `perf` for a codec whose cores run in the shared environment
/// (codec_cosim.hpp). `Config` is the codec's verilated configuration (with `name` and
/// `data_width`), `Job` its decoder job (a DecodeJob). The derived tool supplies the hooks below
/// and codec() (the --codec name; upper-cased in messages).
template <class Config, class Job>
class EnvCodecTool : public CodecTool {
 public:
  bool has_config(const std::string& name) const override { return find(name) != nullptr; }

  // The default configurations of the tensor's width, or every one of that width; each with the
  // golden configuration of the tensor (fmaps_config), skipped where there is none.
  std::vector<FmapRow> fmaps(const FmapRequest& q) const override {
    std::vector<FmapRow> rows;
    const Transmissions tx = {*q.words};
    for (const Config& cfg : configs()) {
      if (cfg.data_width != q.bits || (!q.all_configs && !fmaps_default(cfg))) continue;
      const std::optional<CoreConfig> cc = fmaps_config(cfg, q);
      if (!cc) continue;
      const Job job = encode_job<Job>(*cc, *q.words, q.tensor);
      rows.push_back(fmap_row(
          q, codec(), cfg.name, stream_size(job, 0), stream_size(job, 1),
          [&] { return figures(encoder(cfg, *cc, tx, q.opt)); },
          [&] { return figures(decoder(cfg, *cc, {job}, q.opt)); }));
      if (!cc->codec->lossless()) add_loss(rows.back(), *cc, job.streams, *q.words);
    }
    return rows;
  }

  // The random transmissions every codec's runs share (stimulus.hpp) in the golden configuration
  // random_config draws. Decoder: each coded by the golden model, about a third of them corrupted
  // (corruption()), all decoded back to back with their descriptors; coverage: the outcome of
  // every decoder job, and the codec's stimulus_coverage bins.
  int random(const std::string& core, const std::string& config, std::uint64_t seed,
             int rand_reset, const std::string& trace_dir, std::size_t max_len) const override {
    const RandomRequest q{core, config, seed, rand_reset, trace_dir, max_len};
    if (!random_core_ok(core, label())) return 2;
    const Config* cfg = find(config);
    if (!cfg) {
      std::cerr << "fmc_cosim: error: no " << label() << " configuration '" << config << "'\n";
      return 2;
    }
    RandomReport rep;
    rep.head = std::string(codec()) + " " + core;
    const Transmissions tx = random_transmissions(seed, cfg->data_width, max_len, &rep.desc);
    rep.transmissions = tx.size();
    std::mt19937_64 rng = random_job_rng(seed);
    const Shape shape = random_config(*cfg, rng);
    rep.shape = shape.text;
    std::vector<Job> jobs;
    if (core == "decoder") {
      DecoderOutcomes outcomes(*shape.core.codec);
      for (const std::string& o : unreachable_outcomes(*cfg)) outcomes.drop(o);
      jobs = random_decoder_jobs<Job>(shape.core, tx, corruption(*cfg), rng, outcomes);
      rep.coverage = outcomes.bins();
    }
    const std::string extra = stimulus_coverage(*cfg, core, tx);
    if (!extra.empty()) rep.coverage += (rep.coverage.empty() ? "" : ",") + extra;
    const CosimRun r = run_traced(
        [&](const SimOptions& o) {
          if (core == "encoder") return encoder(*cfg, shape.core, tx, o);
          if (core == "loopback") return loopback(*cfg, shape.core, tx, o);
          return decoder(*cfg, shape.core, jobs, o);
        },
        random_sim_options(q), q, codec());
    return finish_random(q, rep, r);
  }

  // Per configuration matching `config` ("all" or a name) and plane (perf_configs), per stimulus
  // class: both cores on words the golden model codes.
  int perf(const std::string& config, std::size_t count, std::uint64_t seed) const override {
    std::vector<PerfCase> cases;
    for (const Config& cfg : configs()) {
      if (config != "all" && config != cfg.name) continue;
      for (const Shape& s : perf_configs(cfg))
        cases.push_back({cfg.name, cfg.data_width, s.plane,
                         [this, &cfg, cc = s.core](const std::vector<std::int32_t>& words,
                                                   const std::string& cls, const SimOptions& opt) {
                           const Job job = encode_job<Job>(cc, words, cls);
                           PerfRuns p;
                           for (const auto& st : job.streams) p.stream_words.push_back(st.size());
                           p.ideal = ideal_cycles(*cc.codec, cc.codec_cfg, words, job.streams);
                           p.enc = figures(encoder(cfg, cc, {words}, opt));
                           p.dec = figures(decoder(cfg, cc, {job}, opt));
                           return p;
                         }});
    }
    return perf_table(perf_layout(), cases, count, seed);
  }

 protected:
  /// A golden configuration of a Config (GRLC: with a plane shape) and how the outputs name it.
  struct Shape {
    CoreConfig core;
    std::string text;    ///< in the random result line after the seed ("W 7 H 3, "), or ""
    unsigned plane = 0;  ///< perf's plane column (with PerfLayout::plane)
  };

  /// The verilated configurations (the cores table's, with cosim).
  virtual const std::vector<Config>& configs() const = 0;
  /// Whether `fmaps` runs `cfg` without --all-configs.
  virtual bool fmaps_default(const Config& cfg) const = 0;
  /// The golden configuration of `cfg` for the tensor of `q` (its shape); none (after a message
  /// on stderr) to skip the tensor in `cfg`.
  virtual std::optional<CoreConfig> fmaps_config(const Config& cfg,
                                                 const FmapRequest& q) const = 0;
  /// The golden configuration of a random run, drawn from `rng` (first, before the corruptions).
  virtual Shape random_config(const Config& cfg, std::mt19937_64& rng) const = 0;
  /// The golden configurations `perf` runs `cfg` in, in row order.
  virtual std::vector<Shape> perf_configs(const Config& cfg) const = 0;
  /// How the decoder bench corrupts the streams of `cfg`.
  virtual Corruption corruption(const Config& cfg) const = 0;
  /// The perf table's columns.
  virtual PerfLayout perf_layout() const = 0;
  /// Coverage bins of a random run's stimulus ("bin=count,..."), beside the decoder outcomes;
  /// none by default.
  virtual std::string stimulus_coverage(const Config&, const std::string& /*core*/,
                                        const Transmissions&) const {
    return {};
  }
  /// Golden decoder outcomes `cfg` cannot produce (no coverage bin for them); none by default.
  virtual std::vector<std::string> unreachable_outcomes(const Config&) const { return {}; }
  /// The runs (codec_cosim.hpp), in the golden configuration `cc` of `cfg`.
  virtual CosimRun encoder(const Config& cfg, const CoreConfig& cc, const Transmissions& tx,
                           const SimOptions& opt) const = 0;
  virtual CosimRun decoder(const Config& cfg, const CoreConfig& cc, const std::vector<Job>& jobs,
                           const SimOptions& opt) const = 0;
  virtual CosimRun loopback(const Config& cfg, const CoreConfig& cc, const Transmissions& tx,
                            const SimOptions& opt) const = 0;

 private:
  const Config* find(const std::string& name) const {
    for (const Config& c : configs())
      if (c.name == name) return &c;
    return nullptr;
  }
  std::string label() const {
    std::string s = codec();
    for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
  }
  static std::uint64_t stream_size(const Job& j, std::size_t k) {
    return k < j.streams.size() ? j.streams[k].size() : 0;
  }
};

}  // namespace fmc_verif
