// SPDX-License-Identifier: Apache-2.0
// fmc_cosim: runs the verilated cores against the golden models.
//   fmc_cosim fmaps [PATH...]      every .npy under PATH: ratio, cycles, words/cycle, mismatches
//   fmc_cosim random ...           one seeded random run (what `make regress` calls per seed)
//   fmc_cosim perf ...             words/cycle per stimulus class vs the port bound
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include "ebpc/coverage.hpp"
#include "ebpc/ebpc_cosim.hpp"
#include "ebpc/stimulus.hpp"
#include "fmcodec/codecs/ebpc.hpp"
#include "fmcodec/codecs/zvc.hpp"
#include "fmcodec/npy.hpp"
#include "zvc/zvc_cosim.hpp"

namespace fs = std::filesystem;
using namespace fmc_verif;

namespace {

std::vector<std::string> find_npy(const std::vector<std::string>& paths, std::string* err) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".npy")
          files.push_back(it->path().string());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      *err = "no such file or folder: " + p;
      return {};
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

// One core pair on one tensor: words, the two streams' sizes (EBPC: ZNZ, BPC; ZVC: mask, value),
// cycles and mismatches.
struct Row {
  std::string name;
  std::string config;
  std::uint64_t words = 0, znz = 0, bpc = 0;
  std::uint64_t enc_cycles = 0, dec_cycles = 0;
  int mismatches = 0;
  bool dec_run = false;
};

// Prints a row per tensor and the total; returns the mean of the per-tensor ratios.
double print_table(const std::vector<Row>& rows) {
  std::printf("%-44s %-7s %9s %6s %9s %6s %6s %9s %6s %4s\n", "tensor", "config", "words",
              "ratio", "enc_cyc", "enc_wpc", "bound", "dec_cyc", "dec_wpc", "mism");
  Row t;
  t.name = "TOTAL";
  t.dec_run = !rows.empty() && rows[0].dec_run;
  std::uint64_t tmax = 0;
  double ratio_sum = 0;
  auto line = [](const Row& r, std::uint64_t bound) {
    std::printf("%-44s %-7s %9llu %6.3f %9llu %6.3f %6.3f ", r.name.c_str(), r.config.c_str(),
                (unsigned long long)r.words, ratio(r.words, r.znz + r.bpc),
                (unsigned long long)r.enc_cycles, ratio(r.words, r.enc_cycles),
                ratio(r.words, bound));
    if (r.dec_run)
      std::printf("%9llu %6.3f", (unsigned long long)r.dec_cycles, ratio(r.words, r.dec_cycles));
    else
      std::printf("%9s %6s", "-", "-");
    std::printf(" %4d\n", r.mismatches);
  };
  for (const auto& r : rows) {
    const std::uint64_t bound = std::max({r.words, r.znz, r.bpc});
    line(r, bound);
    t.words += r.words;
    t.znz += r.znz;
    t.bpc += r.bpc;
    t.enc_cycles += r.enc_cycles;
    t.dec_cycles += r.dec_cycles;
    t.mismatches += r.mismatches;
    tmax += bound;
    ratio_sum += ratio(r.words, r.znz + r.bpc);
  }
  line(t, tmax);
  return rows.empty() ? 0.0 : ratio_sum / rows.size();
}

int cmd_fmaps(const std::vector<std::string>& paths, const std::string& csv_path,
              const std::string& codec, const std::string& cores, const SimOptions& base,
              const std::string& trace_dir, bool quiet) {
  const bool do_ebpc = codec == "all" || codec == "ebpc";
  const bool do_zvc = codec == "all" || codec == "zvc";
  if (!do_ebpc && !do_zvc) {
    std::cerr << "fmc_cosim: error: unknown codec '" << codec << "' (ebpc, zvc, all)\n";
    return 2;
  }
  std::string err;
  const auto files = find_npy(paths, &err);
  if (!err.empty()) {
    std::cerr << "fmc_cosim: error: " << err << "\n";
    return 1;
  }
  if (files.empty()) {
    std::cerr << "fmc_cosim: error: no .npy files found\n";
    return 1;
  }
  const bool do_enc = cores.find("enc") != std::string::npos;
  const bool do_dec = cores.find("dec") != std::string::npos;
  std::vector<Row> rows;
  std::vector<Row> zrows;
  int failures = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto t = fmc::npy_read(files[i]);
    if (!t.ok()) {
      std::cerr << "fmc_cosim: error: " << t.status().message() << "\n";
      return 1;
    }
    const fmc::Tensor& ten = t.value();
    const unsigned bits = fmc::dtype_bits(ten.dtype);
    const EbpcConfig* cfg = ebpc_config(bits == 8 ? "w8_b8" : "w16_b16");
    const std::vector<std::int32_t> words = ten.words().to_vector();  // the one value mapping
    Row row;
    row.name = fs::path(files[i]).filename().string();
    row.config = cfg->name;
    row.words = words.size();
    if (!quiet)
      std::cerr << "[" << (i + 1) << "/" << files.size() << "] " << row.name << " (" << words.size()
                << " words, " << cfg->name << ")\n";
    if (words.empty()) continue;
    const std::vector<std::vector<std::int32_t>> tx = {words};
    auto streams = fmc::ebpc_encode(cfg->params(), words);
    row.znz = streams.value().znz.size();
    row.bpc = streams.value().bpc.size();
    SimOptions opt = base;
    opt.seed = base.seed + i;
    if (do_ebpc && do_enc) {
      CosimResult r = ebpc_cosim_report(EbpcCore::kEncoder, *cfg, tx, opt, trace_dir);
      row.enc_cycles = r.cycles;
      if (!r.ok) {
        ++row.mismatches;
        std::cerr << "MISMATCH encoder " << row.name << ": " << r.error << "\n";
      }
    }
    if (do_ebpc && do_dec) {
      CosimResult r = ebpc_cosim_report(EbpcCore::kDecoder, *cfg, tx, opt, trace_dir);
      row.dec_run = true;
      row.dec_cycles = r.cycles;
      if (!r.ok) {
        ++row.mismatches;
        std::cerr << "MISMATCH decoder " << row.name << ": " << r.error << "\n";
      }
    }
    failures += row.mismatches;
    if (do_ebpc) rows.push_back(row);
    if (do_zvc) {
      const std::string zname = bits == 8 ? "w8_g1" : "w16_g1";
      const ZvcConfig* zc = nullptr;
      for (const auto& c : zvc_configs())
        if (c.name == zname) zc = &c;
      const fmc::ZvcParams zp{zc->data_width, zc->group};
      const fmc::Streams zs =
          fmc::zvc_encode(zp, fmc::WordView(words.data(), words.size(), bits)).value();
      Row z;
      z.name = row.name;
      z.config = zname;
      z.words = words.size();
      z.znz = zs[0].size();  // mask words
      z.bpc = zs[1].size();  // value words
      if (do_enc) {
        const ZvcResult r = zvc_encoder_cosim(*zc, tx, opt);
        z.enc_cycles = r.active_cycles;
        if (!r.ok) {
          ++z.mismatches;
          std::cerr << "MISMATCH zvc encoder " << z.name << ": " << r.error << "\n";
        }
      }
      if (do_dec) {
        ZvcJob job;
        job.num_words = words.size();
        job.streams = zs;
        job.what = z.name;
        const ZvcResult r = zvc_decoder_cosim(*zc, {job}, opt);
        z.dec_run = true;
        z.dec_cycles = r.active_cycles;
        if (!r.ok) {
          ++z.mismatches;
          std::cerr << "MISMATCH zvc decoder " << z.name << ": " << r.error << "\n";
        }
      }
      failures += z.mismatches;
      zrows.push_back(z);
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  if (!rows.empty()) {
    const double mean_ratio = print_table(rows);
    std::printf("EBPC: %zu tensors, mean ratio %.3f, %.1f s; ratio = words/(ZNZ+BPC words), wpc = "
                "words per cycle, bound = words/max(words, ZNZ, BPC)\n",
                rows.size(), mean_ratio, secs);
  }
  if (!zrows.empty()) {
    std::printf("\nZVC (G = 1): ratio = words/(mask+value words), wpc = words per cycle from the "
                "first input to the last output beat, bound = words/max(words, mask, value)\n");
    print_table(zrows);
  }
  if (!csv_path.empty()) {
    std::ofstream f(csv_path);
    // One row per tensor and codec; stream_0/1_words in the codec's stream order (EBPC: ZNZ,
    // BPC; ZVC: mask, value).
    f << "tensor,codec,config,words,stream_0_words,stream_1_words,ratio,enc_cycles,"
         "enc_words_per_cycle,bound_words_per_cycle,dec_cycles,dec_words_per_cycle,mismatches\n";
    auto put = [&f](const Row& r, const char* codec) {
      const std::uint64_t bound = std::max({r.words, r.znz, r.bpc});
      f << r.name << "," << codec << "," << r.config << "," << r.words << "," << r.znz << ","
        << r.bpc << "," << ratio(r.words, r.znz + r.bpc) << "," << r.enc_cycles << ","
        << ratio(r.words, r.enc_cycles) << "," << ratio(r.words, bound) << ","
        << (r.dec_run ? std::to_string(r.dec_cycles) : "") << ","
        << (r.dec_run ? std::to_string(ratio(r.words, r.dec_cycles)) : "") << "," << r.mismatches
        << "\n";
    };
    for (const auto& r : rows) put(r, "ebpc");
    for (const auto& r : zrows) put(r, "zvc");
    if (!f) {
      std::cerr << "fmc_cosim: error: cannot write " << csv_path << "\n";
      return 1;
    }
    std::printf("CSV: %s\n", csv_path.c_str());
  }
  if (failures) std::printf("FAILED: %d mismatching runs\n", failures);
  return failures ? 1 : 0;
}

EbpcCore parse_core(const std::string& s, bool* ok) {
  *ok = true;
  if (s == "encoder") return EbpcCore::kEncoder;
  if (s == "decoder") return EbpcCore::kDecoder;
  if (s == "loopback") return EbpcCore::kLoopback;
  *ok = false;
  return EbpcCore::kEncoder;
}

// One randomized run: a random number of back-to-back transmissions of random classes/lengths.
// One randomized ZVC run: the same random transmissions as EBPC's (stimulus.hpp). Encoder: fed
// back to back. Decoder: each coded by the golden model, about a third of them corrupted (a
// stream cut by one word, a word appended, one bit flipped, or a coded group zeroed), all decoded
// back to back with their descriptors; the expected error of each is the golden decoder's. Coverage: the outcome of
// every decoder job (good or the ZvcError the golden decoder reports).
int cmd_random_zvc(const ZvcConfig& cfg, const std::string& core_s, std::uint64_t seed,
                   int rand_reset, const std::string& trace_dir, std::size_t max_len) {
  if (core_s != "encoder" && core_s != "decoder" && core_s != "loopback") {
    std::cerr << "fmc_cosim: error: ZVC runs encoder, decoder or loopback, not '" << core_s << "'\n";
    return 2;
  }
  std::string desc;
  const auto tx = random_transmissions(seed, cfg.data_width, max_len, &desc);
  SimOptions opt;
  opt.seed = seed;
  opt.backpressure = true;
  opt.rand_reset = rand_reset;
  const fmc::ZvcParams p{cfg.data_width, cfg.group};
  ZvcResult r;
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
      ZvcJob j;
      j.num_words = t.size();
      j.streams = fmc::zvc_encode(p, fmc::WordView(t.data(), t.size(), cfg.data_width)).value();
      j.what = "good";
      if (rng() % 3 == 0) {
        const unsigned k = static_cast<unsigned>(rng() % 2);
        auto& st = j.streams[k];
        const unsigned how = static_cast<unsigned>(rng() % 4);
        if (how == 3 && !j.streams[1].empty()) {
          // Zero every word of one coded group (value words come in groups of G; only the last
          // may be shorter): a group flagged non-zero that holds only zeros.
          auto& v = j.streams[1];
          const std::size_t g = rng() % ((v.size() + cfg.group - 1) / cfg.group);
          for (std::size_t i = g * cfg.group; i < std::min(v.size(), (g + 1) * cfg.group); ++i) v[i] = 0;
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
  r = run(opt);
  if (!r.ok && !trace_dir.empty()) {
    SimOptions t = opt;
    t.trace_path = trace_dir + "/zvc_" + core_s + "_" + cfg.name + "_seed" + std::to_string(seed) + ".fst";
    t.trace_stop = r.fail_cycle + 8;
    run(t);
    r.error += "\n  FST trace: " + t.trace_path;
  }
  std::printf("zvc %s %s seed %llu: %zu transmissions [%s ], %llu beats checked, %llu cycles: %s\n",
              core_s.c_str(), cfg.name.c_str(), (unsigned long long)seed, tx.size(), desc.c_str(),
              (unsigned long long)r.beats_checked, (unsigned long long)r.cycles,
              r.ok ? "PASS" : "FAIL");
  if (!r.ok)
    std::printf("  %s\n  replay: fmc_cosim random --core %s --config %s --seed %llu --rand-reset %d "
                "--max-len %zu\n",
                r.error.c_str(), core_s.c_str(), cfg.name.c_str(), (unsigned long long)seed,
                rand_reset, max_len);
  if (core_s == "decoder") {
    std::string cov;
    for (const auto& kv : outcome)
      cov += (cov.empty() ? "" : ",") + std::string("dec_") + kv.first + "=" + std::to_string(kv.second);
    std::printf("coverage %s\n", cov.c_str());
  }
  return r.ok ? 0 : 1;
}

int cmd_random(const std::string& core_s, const std::string& cfg_s, std::uint64_t seed,
               int rand_reset, const std::string& trace_dir, std::size_t max_len) {
  for (const auto& zc : zvc_configs())
    if (zc.name == cfg_s) return cmd_random_zvc(zc, core_s, seed, rand_reset, trace_dir, max_len);
  bool ok;
  const EbpcCore core = parse_core(core_s, &ok);
  const EbpcConfig* cfg = ebpc_config(cfg_s);
  if (!ok || !cfg) {
    std::cerr << "fmc_cosim: error: unknown core '" << core_s << "' or config '" << cfg_s << "'\n";
    return 2;
  }
  std::string desc;
  const auto tx = random_transmissions(seed, cfg->data_width, max_len, &desc);
  SimOptions opt;
  opt.seed = seed;
  opt.backpressure = true;
  opt.rand_reset = rand_reset;
  CosimResult r;
  // Decoder: the fault bench. About a third of the jobs corrupted (a class of ebpc_corruptions()),
  // all decoded back to back with no clear_i; coverage: the outcome of every job (good or the
  // golden error), so every EbpcError the RTL must raise is a bin.
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
      ++outcome[j.expect_error ? fmc::ebpc_error_name(static_cast<fmc::EbpcError>(j.expect_error))
                               : "good"];
      jobs.push_back(std::move(j));
    }
    r = ebpc_decoder_jobs(*cfg, jobs, opt);
    if (!r.ok && !trace_dir.empty()) {
      SimOptions t = opt;
      t.trace_path = trace_dir + "/ebpc_decoder_" + cfg->name + "_seed" + std::to_string(seed) + ".fst";
      ebpc_decoder_jobs(*cfg, jobs, t);
      r.error += "\n  trace: " + t.trace_path;
    }
  } else {
    r = ebpc_cosim_report(core, *cfg, tx, opt, trace_dir);
  }
  std::printf("%s %s seed %llu: %zu transmissions [%s ], %llu beats checked, %llu cycles: %s\n",
              ebpc_core_name(core), cfg->name, (unsigned long long)seed, tx.size(), desc.c_str(),
              (unsigned long long)r.beats_checked, (unsigned long long)r.cycles,
              r.ok ? "PASS" : "FAIL");
  if (!r.ok) {
    std::printf("  %s\n  replay: fmc_cosim random --core %s --config %s --seed %llu --rand-reset %d "
                "--max-len %zu\n",
                r.error.c_str(), core_s.c_str(), cfg_s.c_str(), (unsigned long long)seed,
                rand_reset, max_len);
  }
  if (core == EbpcCore::kDecoder) {
    std::string cov;
    for (const auto& kv : outcome)
      cov += (cov.empty() ? "" : ",") + std::string("dec_") + kv.first + "=" + std::to_string(kv.second);
    std::printf("coverage %s\n", cov.c_str());
  } else {
    Coverage cov = ebpc_coverage_bins(cfg->data_width, cfg->block_size);
    for (const auto& t : tx) ebpc_coverage_add(cov, t, cfg->data_width, cfg->block_size);
    std::printf("coverage %s\n", coverage_to_string(cov).c_str());
  }
  return r.ok ? 0 : 1;
}

// Words/cycle per stimulus class, outputs always ready, input always valid.
int perf_ebpc(const std::vector<const EbpcConfig*>& cfgs, std::size_t count, std::uint64_t seed);
int perf_zvc(const std::vector<const ZvcConfig*>& cfgs, std::size_t count, std::uint64_t seed);

int cmd_perf(const std::string& codec, const std::string& cfg_s, std::size_t count,
             std::uint64_t seed) {
  std::vector<const EbpcConfig*> cfgs;
  std::vector<const ZvcConfig*> zcfgs;
  if (codec == "all" || codec == "ebpc")
    for (const auto& c : ebpc_configs(EbpcCore::kLoopback))
      if (cfg_s == "all" || cfg_s == c.name) cfgs.push_back(&c);
  if (codec == "all" || codec == "zvc")
    for (const auto& c : zvc_configs())
      if (cfg_s == "all" || cfg_s == c.name) zcfgs.push_back(&c);
  if (cfgs.empty() && zcfgs.empty()) {
    std::cerr << "fmc_cosim: error: no configuration '" << cfg_s << "' of codec '" << codec
              << "'\n";
    return 2;
  }
  int fails = 0;
  if (!cfgs.empty()) fails += perf_ebpc(cfgs, count, seed);
  if (!zcfgs.empty()) fails += perf_zvc(zcfgs, count, seed);
  return fails ? 1 : 0;
}

// ZVC: the same classes; bound = words / max(words, mask words, value words).
int perf_zvc(const std::vector<const ZvcConfig*>& cfgs, std::size_t count, std::uint64_t seed) {
  std::printf("\n%-8s %-13s %7s %6s %6s %6s %8s %8s %6s %8s %6s\n", "config", "class", "words",
              "mask", "value", "ratio", "bound", "enc_wpc", "enc/bd", "dec_wpc", "dec/bd");
  int fails = 0;
  for (const ZvcConfig* cfg : cfgs) {
    const fmc::ZvcParams p{cfg->data_width, cfg->group};
    for (const auto& cls : stimulus_classes()) {
      std::mt19937_64 rng(seed);
      auto words = make_stimulus(cls, count, cfg->data_width, rng);
      ZvcJob job;
      job.num_words = words.size();
      job.streams =
          fmc::zvc_encode(p, fmc::WordView(words.data(), words.size(), cfg->data_width)).value();
      job.what = cls;
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
      std::printf("%-8s %-13s %7zu %6zu %6zu %6.3f %8.3f %8.3f %6.3f %8.3f %6.3f\n",
                  cfg->name.c_str(), cls.c_str(), words.size(), nm, nv,
                  ratio(words.size(), nm + nv), bound, ew, ew / bound, dw, dw / bound);
    }
  }
  return fails;
}

// EBPC: bound = words / max(words, ZNZ words, BPC words).
int perf_ebpc(const std::vector<const EbpcConfig*>& cfgs, std::size_t count, std::uint64_t seed) {
  std::printf("%-8s %-13s %7s %6s %6s %6s %8s %8s %6s %8s %6s\n", "config", "class", "words", "znz",
              "bpc", "ratio", "bound", "enc_wpc", "enc/bd", "dec_wpc", "dec/bd");
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
      const bool dec = true;
      if (!e.ok) std::fprintf(stderr, "encoder %s %s: %s\n", cfg->name, cls.c_str(), e.error.c_str());
      if (dec && !d.ok)
        std::fprintf(stderr, "decoder %s %s: %s\n", cfg->name, cls.c_str(), d.error.c_str());
      fails += !e.ok + (dec && !d.ok);
      const double ew = ratio(words.size(), e.cycles), dw = ratio(words.size(), d.cycles);
      std::printf("%-8s %-13s %7zu %6zu %6zu %6.3f %8.3f %8.3f %6.3f ", cfg->name, cls.c_str(),
                  words.size(), s.znz.size(), s.bpc.size(),
                  ratio(words.size(), s.znz.size() + s.bpc.size()), bound, ew, ew / bound);
      if (dec)
        std::printf("%8.3f %6.3f\n", dw, dw / bound);
      else
        std::printf("%8s %6s\n", "-", "-");
    }
  }
  return fails;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fmc_cosim: co-simulation of the fmcodec cores against the golden models"};
  app.require_subcommand(1);
  int rc = 0;

  auto* fm = app.add_subcommand("fmaps", "co-simulate every .npy tensor under the given paths");
  std::vector<std::string> paths;
  std::string csv, cores = "encoder,decoder", trace_dir, fcodec = "all";
  std::uint64_t seed = 1;
  bool backpressure = false, quiet = false;
  fm->add_option("paths", paths, "files or folders (searched recursively)")->required();
  fm->add_option("--csv", csv, "also write the table as CSV");
  fm->add_option("--cores", cores, "encoder,decoder");
  fm->add_option("--codec", fcodec, "ebpc | zvc | all");
  fm->add_option("--seed", seed, "base seed (tensor i uses seed+i)");
  fm->add_flag("--backpressure", backpressure, "random valid/ready on every port");
  fm->add_option("--trace-dir", trace_dir, "write an FST trace here on a mismatch");
  fm->add_flag("--quiet", quiet, "no progress lines");
  fm->callback([&] {
    SimOptions o;
    o.seed = seed;
    o.backpressure = backpressure;
    rc = cmd_fmaps(paths, csv, fcodec, cores, o, trace_dir, quiet);
  });

  auto* rnd = app.add_subcommand("random", "one randomized run (random transmissions, back-pressure)");
  std::string core = "encoder", cfg = "w8_b8";
  int rand_reset = 0;
  std::size_t max_len = 5000;
  rnd->add_option("--core", core, "encoder | decoder | loopback");
  rnd->add_option("--config", cfg, "a co-simulated configuration of the cores table (synth/configs.json), e.g. w8_b8, w8_g1");
  rnd->add_option("--seed", seed, "seed (replays exactly)");
  rnd->add_option("--rand-reset", rand_reset, "Verilator +verilator+rand+reset value (0, 1, 2)");
  rnd->add_option("--max-len", max_len, "longest transmission");
  rnd->add_option("--trace-dir", trace_dir, "write an FST trace here on a mismatch");
  rnd->callback([&] { rc = cmd_random(core, cfg, seed, rand_reset, trace_dir, max_len); });

  auto* perf = app.add_subcommand("perf", "words/cycle per stimulus class vs the port bound");
  std::size_t count = 20000;
  std::string pcfg = "all";
  std::string pcodec = "all";
  perf->add_option("--codec", pcodec, "ebpc | zvc | all");
  perf->add_option("--config", pcfg, "a configuration of the cores table, or all");
  perf->add_option("--count", count, "words per class");
  perf->add_option("--seed", seed, "seed");
  perf->callback([&] { rc = cmd_perf(pcodec, pcfg, count, seed); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return rc;
}
