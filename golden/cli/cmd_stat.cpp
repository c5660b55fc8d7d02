// SPDX-License-Identifier: Apache-2.0
// `fmcodec stat`: compression ratio of every registry codec and the baselines per tensor and per
// group (kind x dtype). Definitions of every figure: docs/baselines.md.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli.hpp"
#include "fmcodec/baselines.hpp"
#include "fmcodec/fileio.hpp"
#include "fmcodec/tensor.hpp"
#include "inputs.hpp"

namespace fmc_cli {
namespace {

namespace fs = std::filesystem;

/// One column of the table: a registry codec (at its configuration for the tensor's width) or a
/// baseline.
struct Column {
  std::string name;
  const fmc::Codec* codec = nullptr;        // registry codec, or
  const fmc::Baseline* baseline = nullptr;  // a baseline
};

/// The reconstruction error of a lossy codec on one tensor (fmc::Loss), or none.
struct Loss : fmc::Loss {
  bool lossy = false;
};

Loss loss_of(const fmc::WordView& x, const std::vector<std::int32_t>& y) {
  Loss l;
  const auto r = fmc::reconstruction_loss(x, y);
  if (!r.ok()) return l;  // an empty tensor: no loss to report
  static_cast<fmc::Loss&>(l) = r.value();
  l.lossy = true;
  return l;
}

/// Per-tensor figures.
struct TensorStat {
  std::string path, name, kind, dtype;
  unsigned m = 0;
  std::uint64_t words = 0, zeros = 0;
  double entropy = 0;               ///< order-0 entropy, bits per word
  std::vector<std::uint64_t> bits;  ///< stored size of each column, bits
  std::vector<Loss> loss;           ///< reconstruction error of each column (lossy codecs)

  std::uint64_t input_bits() const { return words * m; }
  double ratio(std::size_t c) const { return double(input_bits()) / double(bits[c]); }
  double bound() const {
    return entropy > 0 ? m / entropy : std::numeric_limits<double>::infinity();
  }
};

/// Aggregate of a set of tensors: arithmetic means of the per-tensor figures, and the
/// element-weighted figures (sum of input bits / sum of stored bits).
struct GroupStat {
  std::string label;
  std::size_t tensors = 0;
  std::uint64_t words = 0, zeros = 0, input_bits = 0;
  double sum_sparsity = 0, sum_entropy = 0, sum_bound = 0, weighted_entropy_bits = 0;
  std::vector<double> sum_ratio;
  std::vector<std::uint64_t> sum_bits;
  // Lossy columns: mean PSNR over the tensors not reconstructed exactly (their count), largest
  // error, mean of the per-tensor mean absolute errors and exact fractions.
  std::vector<double> sum_psnr, sum_mae, sum_exact;
  std::vector<std::size_t> psnr_n;
  std::vector<std::uint64_t> max_err;

  void add(const TensorStat& t) {
    sum_ratio.resize(t.bits.size());
    sum_bits.resize(t.bits.size());
    sum_psnr.resize(t.bits.size());
    sum_mae.resize(t.bits.size());
    sum_exact.resize(t.bits.size());
    psnr_n.resize(t.bits.size());
    max_err.resize(t.bits.size());
    for (std::size_t c = 0; c < t.loss.size(); ++c) {
      if (!t.loss[c].lossy) continue;
      if (!std::isinf(t.loss[c].psnr)) {
        sum_psnr[c] += t.loss[c].psnr;
        ++psnr_n[c];
      }
      sum_mae[c] += t.loss[c].mae;
      sum_exact[c] += t.loss[c].exact;
      max_err[c] = std::max(max_err[c], t.loss[c].max_err);
    }
    ++tensors;
    words += t.words;
    zeros += t.zeros;
    input_bits += t.input_bits();
    sum_sparsity += double(t.zeros) / double(t.words);
    sum_entropy += t.entropy;
    sum_bound += t.bound();
    weighted_entropy_bits += t.entropy * double(t.words);
    for (std::size_t c = 0; c < t.bits.size(); ++c) {
      sum_ratio[c] += t.ratio(c);
      sum_bits[c] += t.bits[c];
    }
  }
};

std::string ratio_str(double r) { return std::isinf(r) ? "inf" : fixed(r, 2); }

/// The lossy columns (registry codecs that are not lossless).
std::vector<std::size_t> lossy_columns(const std::vector<struct Column>& cols);

/// Mean PSNR of a group's tensors that are not reconstructed exactly, or "exact".
std::string group_psnr(const GroupStat& g, std::size_t c) {
  return g.psnr_n[c] ? fixed(g.sum_psnr[c] / double(g.psnr_n[c]), 2) : std::string("exact");
}

std::vector<std::size_t> lossy_columns(const std::vector<Column>& cols) {
  std::vector<std::size_t> v;
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (cols[c].codec && !cols[c].codec->lossless()) v.push_back(c);
  return v;
}

struct StatOptions {
  std::vector<std::string> paths;
  std::string csv, json, md, baselines = "default";
  std::vector<std::string> codecs;
  CodecOptions codec;
  CommonOptions common;
};

/// The columns: the chosen registry codecs, then the chosen baselines.
std::vector<Column> columns(const StatOptions& o) {
  std::vector<Column> cols;
  if (o.codecs.empty()) {
    for (const fmc::Codec* c : fmc::codecs()) cols.push_back({c->name(), c, nullptr});
  } else {
    for (const auto& n : o.codecs) {
      auto c = fmc::find_codec(n);
      if (!c.ok()) fail(c.status().message(), "stat");
      cols.push_back({n, c.value(), nullptr});
    }
  }
  if (o.baselines == "none") return cols;
  for (const fmc::Baseline& b : fmc::baselines()) {
    bool take = o.baselines == "all" || (o.baselines == "default" && !b.slow);
    if (!take && o.baselines != "default") {
      std::string list = "," + o.baselines + ",";
      take = list.find("," + std::string(b.name) + ",") != std::string::npos;
    }
    if (take) cols.push_back({b.name, nullptr, &b});
  }
  return cols;
}

/// Codes one tensor with every column. Progress per column for large tensors.
fmc::Result<TensorStat> measure(const InputFile& f, const std::vector<Column>& cols,
                                const StatOptions& o) {
  auto tr = fmc::load_tensor(f.path);
  if (!tr.ok()) return tr.status();
  const fmc::Tensor& t = tr.value();
  if (t.size() == 0) return fmc::Status(fmc::ErrorCode::kBadInput, "empty tensor");
  TensorStat s;
  s.path = f.path;
  s.name = f.name;
  s.kind = kind_of(f.name);
  s.dtype = fmc::dtype_name(t.dtype);
  s.m = fmc::dtype_bits(t.dtype);
  const std::vector<std::int32_t> words = t.words().to_vector();
  s.words = words.size();
  s.zeros = static_cast<std::uint64_t>(std::count(words.begin(), words.end(), 0));
  s.entropy = fmc::entropy_bits_per_word(words.data(), words.size());
  const bool progress = show_progress(o.common) && words.size() >= (std::size_t(1) << 23);
  const fmc::ParamValues given = o.codec.values("stat");
  for (const Column& c : cols) {
    if (progress) std::fprintf(stderr, "  %s: %s...\n", f.name.c_str(), c.name.c_str());
    if (c.codec) {
      // Each codec takes the parameters of its own schema from the command line.
      fmc::ParamValues mine;
      for (const auto& kv : given.entries())
        for (const auto& p : c.codec->param_specs())
          if (p.name == kv.first) mine.set(kv.first, kv.second);
      const fmc::WordView data = t.words();
      auto cfg = c.codec->configure(s.m, mine, &t.shape, &data);
      if (!cfg.ok()) return cfg.status().with_context(c.name);
      auto enc = c.codec->encode(cfg.value(), t.words());
      if (!enc.ok()) return enc.status().with_context(c.name);
      s.bits.push_back(fmc::stream_bits(enc.value(), c.codec->streams(cfg.value())));
      Loss l;
      if (!c.codec->lossless()) {
        auto dec = c.codec->decode(cfg.value(), enc.value(), words.size());
        if (!dec.ok()) return dec.status().with_context(c.name);
        l = loss_of(t.words(), dec.value());
      }
      s.loss.push_back(l);
    } else {
      // Rows of the image coder: the tensor's last axis (a 1-D or scalar tensor is one row).
      const std::size_t width = t.shape.empty() ? words.size() : std::size_t(t.shape.back());
      auto b = c.baseline->bits(words.data(), words.size(), s.m, width);
      if (!b.ok()) return b.status().with_context(c.name);
      s.bits.push_back(b.value());
      s.loss.push_back(Loss{});
    }
  }
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

std::string csv_text(const std::vector<Column>& cols, const std::vector<TensorStat>& rows) {
  std::string s = "path,name,kind,dtype,m,words,zeros,sparsity,entropy_bits,entropy_bound";
  for (const auto& c : cols) {
    s += "," + c.name + "_bits," + c.name + "_ratio";
    if (c.codec && !c.codec->lossless())
      s += "," + c.name + "_psnr," + c.name + "_max_err," + c.name + "_mae," + c.name + "_exact";
  }
  s += "\n";
  for (const auto& t : rows) {
    s += csv_field(t.path) + "," + csv_field(t.name) + "," + t.kind + "," + t.dtype + "," +
         std::to_string(t.m) + "," + std::to_string(t.words) + "," + std::to_string(t.zeros) +
         "," + fixed(double(t.zeros) / double(t.words), 6) + "," + fixed(t.entropy, 6) + "," +
         (std::isinf(t.bound()) ? "inf" : fixed(t.bound(), 6));
    for (std::size_t c = 0; c < cols.size(); ++c) {
      s += "," + std::to_string(t.bits[c]) + "," + fixed(t.ratio(c), 6);
      if (cols[c].codec && !cols[c].codec->lossless()) {
        const Loss& l = t.loss[c];
        s += "," + (std::isinf(l.psnr) ? std::string("inf") : fixed(l.psnr, 4)) + "," +
             std::to_string(l.max_err) + "," + fixed(l.mae, 6) + "," + fixed(l.exact, 6);
      }
    }
    s += "\n";
  }
  return s;
}

std::string json_text(const std::vector<Column>& cols, const std::vector<GroupStat>& groups,
                      const std::string& command) {
  std::string s = "{\n  \"command\": \"" + command + "\",\n  \"columns\": [";
  for (std::size_t c = 0; c < cols.size(); ++c)
    s += std::string(c ? ", " : "") + "\"" + cols[c].name + "\"";
  s += "],\n  \"groups\": [\n";
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const GroupStat& gr = groups[g];
    s += "    {\"group\": \"" + gr.label + "\", \"tensors\": " + std::to_string(gr.tensors) +
         ", \"words\": " + std::to_string(gr.words) + ", \"mean_ratio\": {";
    for (std::size_t c = 0; c < cols.size(); ++c)
      s += std::string(c ? ", " : "") + "\"" + cols[c].name +
           "\": " + fixed(gr.sum_ratio[c] / double(gr.tensors), 4);
    s += "}, \"weighted_ratio\": {";
    for (std::size_t c = 0; c < cols.size(); ++c)
      s += std::string(c ? ", " : "") + "\"" + cols[c].name +
           "\": " + fixed(double(gr.input_bits) / double(gr.sum_bits[c]), 4);
    s += "}";
    const auto lossy = lossy_columns(cols);
    if (!lossy.empty()) {
      s += ", \"loss\": {";
      for (std::size_t i = 0; i < lossy.size(); ++i) {
        const std::size_t c = lossy[i];
        const double n = double(gr.tensors);
        s += std::string(i ? ", " : "") + "\"" + cols[c].name + "\": {\"mean_psnr_db\": " +
             (gr.psnr_n[c] ? fixed(gr.sum_psnr[c] / double(gr.psnr_n[c]), 4) : std::string("null")) +
             ", \"max_abs_err\": " + std::to_string(gr.max_err[c]) +
             ", \"mean_abs_err\": " + fixed(gr.sum_mae[c] / n, 6) +
             ", \"exact_fraction\": " + fixed(gr.sum_exact[c] / n, 6) + "}";
      }
      s += "}";
    }
    s += "}" + std::string(g + 1 < groups.size() ? "," : "") + "\n";
  }
  return s + "  ]\n}\n";
}

// The group summary as a Markdown document (generated results: docs/results/).
std::string md_text(const std::vector<Column>& cols, const std::vector<GroupStat>& groups,
                    const std::string& command) {
  std::string s = "# Compression ratios\n\nGenerated by `" + command +
                  "` (do not edit). Ratio = input bits / stored bits; mean of the per-tensor "
                  "ratios, and in parentheses the weighted ratio (sum of input bits / sum of "
                  "stored bits). m/H: order-0 entropy bound. Definitions: docs/baselines.md.\n\n"
                  "| group | tensors | words | zeros % | m/H |";
  for (const auto& c : cols) s += " " + c.name + " |";
  s += "\n|---|---:|---:|---:|---:|";
  for (std::size_t c = 0; c < cols.size(); ++c) s += "---:|";
  s += "\n";
  for (const auto& g : groups) {
    const double n = double(g.tensors);
    s += "| " + g.label + " | " + std::to_string(g.tensors) + " | " + std::to_string(g.words) +
         " | " + fixed(100.0 * g.sum_sparsity / n, 1) + " | " + ratio_str(g.sum_bound / n) + " |";
    for (std::size_t c = 0; c < cols.size(); ++c)
      s += " " + fixed(g.sum_ratio[c] / n, 2) + " (" +
           fixed(double(g.input_bits) / double(g.sum_bits[c]), 2) + ") |";
    s += "\n";
  }
  const auto lossy = lossy_columns(cols);
  if (!lossy.empty()) {
    s += "\n## Loss of the lossy codecs\n\nPSNR = 10 log10(Q^2 / MSE) with Q = 2^(m-1) - 1 (127 "
         "for int8), mean over the tensors not reconstructed exactly; max |err| over the group; "
         "mean absolute error and fraction of exact values, means of the per-tensor figures.\n\n"
         "| group | codec | PSNR dB | max abs err | mean abs err | exact % |\n"
         "|---|---|---:|---:|---:|---:|\n";
    for (const auto& g : groups)
      for (std::size_t c : lossy)
        s += "| " + g.label + " | " + cols[c].name + " | " + group_psnr(g, c) + " | " +
             std::to_string(g.max_err[c]) + " | " + fixed(g.sum_mae[c] / double(g.tensors), 3) +
             " | " + fixed(100.0 * g.sum_exact[c] / double(g.tensors), 1) + " |\n";
  }
  return s;
}

void print_tables(const std::vector<Column>& cols, const std::vector<TensorStat>& rows,
                  const std::vector<GroupStat>& groups) {
  std::size_t w = 6;
  for (const auto& t : rows) w = std::max(w, t.name.size());
  std::printf("%-*s %-6s %-6s %9s %6s %6s %6s", int(w), "tensor", "kind", "dtype", "words",
              "zeros%", "H", "m/H");
  for (const auto& c : cols) std::printf(" %6s", c.name.c_str());
  std::printf("\n");
  for (const auto& t : rows) {
    std::printf("%-*s %-6s %-6s %9llu %6.1f %6.3f %6s", int(w), t.name.c_str(), t.kind.c_str(),
                t.dtype.c_str(), (unsigned long long)t.words,
                100.0 * double(t.zeros) / double(t.words), t.entropy, ratio_str(t.bound()).c_str());
    for (std::size_t c = 0; c < cols.size(); ++c) std::printf(" %6.2f", t.ratio(c));
    std::printf("\n");
  }
  std::printf(
      "\nSummary: ratio = input bits / stored bits. \"mean\" = arithmetic mean of the "
      "per-tensor ratios; \"weighted\" = sum of input bits / sum of stored bits.\n");
  std::printf("%-22s %7s %10s %6s %6s %6s", "group", "tensors", "words", "zeros%", "H", "m/H");
  for (const auto& c : cols) std::printf(" %6s", c.name.c_str());
  std::printf("\n");
  for (const auto& g : groups) {
    for (bool mean : {true, false}) {
      const std::string label = g.label + (mean ? " mean" : " weighted");
      const double n = double(g.tensors);
      const double zeros = mean ? g.sum_sparsity / n : double(g.zeros) / double(g.words);
      const double h = mean ? g.sum_entropy / n : g.weighted_entropy_bits / double(g.words);
      const double bound =
          mean ? g.sum_bound / n
               : (g.weighted_entropy_bits > 0 ? double(g.input_bits) / g.weighted_entropy_bits
                                              : std::numeric_limits<double>::infinity());
      std::printf("%-22s %7zu %10llu %6.1f %6.3f %6s", label.c_str(), g.tensors,
                  (unsigned long long)g.words, 100.0 * zeros, h, ratio_str(bound).c_str());
      for (std::size_t c = 0; c < cols.size(); ++c)
        std::printf(" %6.2f",
                    mean ? g.sum_ratio[c] / n : double(g.input_bits) / double(g.sum_bits[c]));
      std::printf("\n");
    }
  }
  const auto lossy = lossy_columns(cols);
  if (lossy.empty()) return;
  std::printf("\nLoss of the lossy codecs: PSNR = 10 log10(Q^2/MSE), Q = 2^(m-1)-1, mean over the "
              "tensors not reconstructed exactly; max |err|; mean |err|; exact values.\n");
  std::printf("%-22s %-8s %8s %8s %8s %7s\n", "group", "codec", "PSNR dB", "max err", "mean err",
              "exact%");
  for (const auto& g : groups)
    for (std::size_t c : lossy)
      std::printf("%-22s %-8s %8s %8llu %8.3f %7.1f\n", g.label.c_str(), cols[c].name.c_str(),
                  group_psnr(g, c).c_str(), (unsigned long long)g.max_err[c],
                  g.sum_mae[c] / double(g.tensors), 100.0 * g.sum_exact[c] / double(g.tensors));
}

int run_stat(const StatOptions& o, const std::string& command) {
  const auto files = unwrap(collect_inputs(o.paths), "stat");
  const std::vector<Column> cols = columns(o);
  std::vector<TensorStat> rows;
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const InputFile& f = files[i];
    if (!o.common.quiet)
      std::fprintf(stderr, "[%zu/%zu] %s\n", i + 1, files.size(),
                   fs::path(f.path).filename().string().c_str());
    auto t = measure(f, cols, o);
    if (!t.ok()) {
      warn(t.status().message() + "; skipped", f.path);
      ++skipped;
      continue;
    }
    rows.push_back(std::move(t.value()));
  }
  // Groups in a fixed order (relu6 int8, linear int8, relu6 int16, linear int16), others after.
  std::vector<std::string> labels = {"relu6 int8", "linear int8", "relu6 int16", "linear int16"};
  std::map<std::string, GroupStat> by_label;
  GroupStat total;
  total.label = "all";
  for (const auto& t : rows) {
    const std::string label = t.kind + " " + t.dtype;
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
    by_label[label].label = label;
    by_label[label].add(t);
    total.add(t);
  }
  std::vector<GroupStat> groups;
  for (const auto& l : labels)
    if (by_label.count(l)) groups.push_back(by_label[l]);
  if (!rows.empty()) groups.push_back(total);
  print_tables(cols, rows, groups);
  std::fflush(stdout);
  if (!o.csv.empty()) {
    const std::string text = csv_text(cols, rows);
    check(fmc::write_file_atomic(o.csv, std::vector<std::uint8_t>(text.begin(), text.end())), o.csv);
  }
  if (!o.json.empty()) {
    const std::string text = json_text(cols, groups, command);
    check(fmc::write_file_atomic(o.json, std::vector<std::uint8_t>(text.begin(), text.end())),
          o.json);
  }
  if (!o.md.empty()) {
    const std::string text = md_text(cols, groups, command);
    check(fmc::write_file_atomic(o.md, std::vector<std::uint8_t>(text.begin(), text.end())), o.md);
  }
  if (skipped) {
    std::fprintf(stderr, "fmcodec: error: %zu of %zu files skipped (stat)\n", skipped, files.size());
    return 1;
  }
  return 0;
}

}  // namespace

void add_stat(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<StatOptions>();
  CLI::App* stat = app.add_subcommand(
      "stat",
      "Compression ratio of every codec and the baselines (zrle, bpc, zstd3, lz4, jpegls; zstd19 "
      "and xz9 on request) per tensor and per group; a bad file is skipped with a warning (exit 1 "
      "at the end)");
  stat->add_option("paths", o->paths, ".npy files or folders (searched recursively)")->required();
  stat->add_option("--codecs", o->codecs, "registry codecs to measure (default: all)")
      ->delimiter(',');
  stat->add_option("--baselines", o->baselines,
                   "default (all but the slow zstd19 and xz9), all, none, or a comma list of names");
  add_codec_options(stat, o->codec, false);
  stat->add_option("--csv", o->csv, "write one row per tensor to this CSV file");
  stat->add_option("--json", o->json, "write the group summary to this JSON file");
  stat->add_option("--md", o->md, "write the group summary as a Markdown table to this file");
  add_common_options(stat, o->common, false);
  stat->callback([o, &exit_code] {
    std::string cmd = "fmcodec stat";
    for (const auto& p : o->paths) cmd += " " + p;
    if (o->baselines != "default") cmd += " --baselines " + o->baselines;
    exit_code = run([&] { return run_stat(*o, cmd); });
  });
}

}  // namespace fmc_cli
