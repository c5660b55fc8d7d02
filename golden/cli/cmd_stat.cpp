// SPDX-License-Identifier: Apache-2.0
// `fmcodec stat`: compression ratio of EBPC and the baselines (baselines.hpp) per tensor and per
// group. `fmcodec bench`: speed of the golden EBPC codec, with zstd and lz4 for orientation.
// Definitions of every figure: docs/baselines.md.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "fmcodec/baselines.hpp"
#include "fmcodec/ebpc.hpp"
#include "fmcodec/npy.hpp"

namespace fmc_cli {
namespace {

namespace fs = std::filesystem;
using fmc::ErrorCode;
using fmc::Result;
using fmc::Status;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// One input file: its path and the name shown in tables (path relative to the folder argument,
/// or the path as given for a file argument).
struct InputFile {
  std::string path;
  std::string name;
};

/// Expands PATH arguments: a file is taken as is; a folder is searched recursively for "*.npy"
/// regular files, sorted by path. kIo for a path that does not exist, kBadInput for a folder that
/// holds no .npy file.
Result<std::vector<InputFile>> collect_inputs(const std::vector<std::string>& paths) {
  std::vector<InputFile> out;
  for (const auto& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) return Status(ErrorCode::kIo, "'" + p + "' does not exist");
    if (!fs::is_directory(st)) {
      out.push_back({p, p});
      continue;
    }
    std::vector<InputFile> found;
    fs::recursive_directory_iterator it(p, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".npy" && it->is_regular_file(ec))
        found.push_back({it->path().string(), it->path().lexically_relative(p).string()});
    }
    if (ec) return Status(ErrorCode::kIo, "cannot list '" + p + "': " + ec.message());
    if (found.empty()) return Status(ErrorCode::kBadInput, "no .npy file under '" + p + "'");
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

/// Tensor kind from the file name: "relu6" if the layer name contains "_relu" (MobileNetV2's
/// conv + BN + ReLU6 outputs), else "linear" (projections, residual adds).
const char* kind_of(const std::string& name) {
  const std::string file = fs::path(name).filename().string();
  return file.find("_relu") != std::string::npos ? "relu6" : "linear";
}

/// A tensor ready to be coded: signed values at the coding width and the EBPC parameters.
struct CodedInput {
  InputFile file;
  std::string kind;
  fmc::DType dtype = fmc::DType::kInt8;
  fmc::EbpcParams params;
  std::vector<std::int32_t> values;
};

/// Loads one tensor. The coding width m is `width` (0 = the dtype's width), the block size
/// `block` (0 = 8 for m = 8, 16 for m = 16). Unsigned dtypes are reinterpreted as two's complement
/// at their own width (the raw bits are kept). Errors: unreadable or malformed file, illegal
/// parameters, values that do not fit in m signed bits, an empty tensor (kBadInput).
Result<CodedInput> load_input(const InputFile& f, unsigned width, unsigned block) {
  auto t = fmc::npy_read(f.path);
  if (!t.ok()) return t.status();
  CodedInput in;
  in.file = f;
  in.kind = kind_of(f.name);
  in.dtype = t.value().dtype;
  in.values = std::move(t.value().values);
  if (in.values.empty()) return Status(ErrorCode::kBadInput, f.path + ": empty tensor");
  const unsigned bits = fmc::dtype_bits(in.dtype);
  if (!fmc::dtype_signed(in.dtype)) {
    const std::int32_t half = 1 << (bits - 1);
    for (auto& v : in.values)
      if (v >= half) v -= 2 * half;
  }
  in.params.data_width = width != 0 ? width : bits;
  in.params.block_size = block != 0 ? block : (in.params.data_width == 8 ? 8 : 16);
  Status s = in.params.validate();
  if (!s.ok()) return Status(s.code(), f.path + ": " + s.message());
  s = fmc::baseline_check(in.values.data(), in.values.size(), in.params.data_width);
  if (!s.ok()) return Status(s.code(), f.path + ": " + s.message());
  return in;
}

// ---------------------------------------------------------------------------------------------
// stat
// ---------------------------------------------------------------------------------------------

/// The codecs of the comparison, in column order.
enum Codec { kEbpc, kZvc, kZrle, kBpc, kZstd3, kZstd19, kLz4, kNumCodecs };
const char* const kCodecNames[kNumCodecs] = {"EBPC",  "ZVC",    "ZRLE", "BPC",
                                             "zstd3", "zstd19", "lz4"};
const char* const kCsvNames[kNumCodecs] = {"ebpc", "zvc", "zrle", "bpc", "zstd3", "zstd19", "lz4"};

/// Per-tensor figures.
struct TensorStat {
  std::string path, name, kind, dtype;
  unsigned m = 0, n = 0;
  std::uint64_t words = 0, zeros = 0;
  double entropy = 0;                   ///< order-0 entropy, bits per word
  std::uint64_t bits[kNumCodecs] = {};  ///< stored size of each codec, bits

  std::uint64_t input_bits() const { return words * m; }
  double ratio(int c) const { return double(input_bits()) / double(bits[c]); }
  double bound() const {
    return entropy > 0 ? m / entropy : std::numeric_limits<double>::infinity();
  }
};

/// Codes one tensor with every codec. Errors: those of the codecs (not expected after load_input).
Result<TensorStat> measure(const CodedInput& in) {
  TensorStat t;
  t.path = in.file.path;
  t.name = in.file.name;
  t.kind = in.kind;
  t.dtype = fmc::dtype_name(in.dtype);
  t.m = in.params.data_width;
  t.n = in.params.block_size;
  const std::int32_t* v = in.values.data();
  const std::size_t count = in.values.size();
  t.words = count;
  t.zeros = static_cast<std::uint64_t>(std::count(in.values.begin(), in.values.end(), 0));
  t.entropy = fmc::entropy_bits_per_word(v, count);
  const Result<std::uint64_t> sizes[kNumCodecs] = {
      fmc::ebpc_bits(in.params, v, count), fmc::zvc_bits(v, count, t.m),
      fmc::zrle_bits(v, count, t.m),       fmc::bpc_bits(in.params, v, count),
      fmc::zstd_bits(v, count, t.m, 3),    fmc::zstd_bits(v, count, t.m, 19),
      fmc::lz4_bits(v, count, t.m)};
  for (int c = 0; c < kNumCodecs; ++c) {
    if (!sizes[c].ok())
      return Status(sizes[c].status().code(),
                    in.file.path + ": " + kCodecNames[c] + ": " + sizes[c].status().message());
    t.bits[c] = sizes[c].value();
  }
  return t;
}

/// Aggregate of a set of tensors: arithmetic means of the per-tensor figures, and the
/// element-weighted figures (sum of input bits / sum of stored bits).
struct GroupStat {
  std::string label;
  std::size_t tensors = 0;
  std::uint64_t words = 0, zeros = 0, input_bits = 0;
  double sum_sparsity = 0, sum_entropy = 0, sum_bound = 0, weighted_entropy_bits = 0;
  double sum_ratio[kNumCodecs] = {};
  std::uint64_t sum_bits[kNumCodecs] = {};

  void add(const TensorStat& t) {
    ++tensors;
    words += t.words;
    zeros += t.zeros;
    input_bits += t.input_bits();
    sum_sparsity += double(t.zeros) / double(t.words);
    sum_entropy += t.entropy;
    sum_bound += t.bound();
    weighted_entropy_bits += t.entropy * double(t.words);
    for (int c = 0; c < kNumCodecs; ++c) {
      sum_ratio[c] += t.ratio(c);
      sum_bits[c] += t.bits[c];
    }
  }
};

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string ratio_str(double r) {
  return std::isinf(r) ? "inf" : fmt("%.2f", r);
}

/// CSV field: quoted when it holds a comma, quote or newline.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csv_text(const std::vector<TensorStat>& rows) {
  std::string s =
      "path,name,kind,dtype,width,block,words,zeros,sparsity,entropy_bits_per_word,"
      "entropy_ratio_bound";
  for (const char* c : kCsvNames) s += std::string(",") + c + "_bits," + c + "_ratio";
  s += "\n";
  for (const auto& t : rows) {
    s += csv_field(t.path) + "," + csv_field(t.name) + "," + t.kind + "," + t.dtype + "," +
         std::to_string(t.m) + "," + std::to_string(t.n) + "," + std::to_string(t.words) + "," +
         std::to_string(t.zeros) + "," + fmt("%.6f", double(t.zeros) / double(t.words)) + "," +
         fmt("%.6f", t.entropy) + "," + (std::isinf(t.bound()) ? "inf" : fmt("%.6f", t.bound()));
    for (int c = 0; c < kNumCodecs; ++c)
      s += "," + std::to_string(t.bits[c]) + "," + fmt("%.6f", t.ratio(c));
    s += "\n";
  }
  return s;
}

void print_tensor_table(const std::vector<TensorStat>& rows) {
  std::size_t w = 6;
  for (const auto& t : rows) w = std::max(w, t.name.size());
  std::printf("%-*s %-6s %-5s %5s %9s %6s %6s %6s", int(w), "tensor", "kind", "dtype", "m/n",
              "words", "zeros%", "H", "m/H");
  for (const char* c : kCodecNames) std::printf(" %6s", c);
  std::printf("\n");
  for (const auto& t : rows) {
    const std::string mn = std::to_string(t.m) + "/" + std::to_string(t.n);
    std::printf("%-*s %-6s %-5s %5s %9llu %6.1f %6.3f %6s", int(w), t.name.c_str(), t.kind.c_str(),
                t.dtype.c_str(), mn.c_str(), (unsigned long long)t.words,
                100.0 * double(t.zeros) / double(t.words), t.entropy, ratio_str(t.bound()).c_str());
    for (int c = 0; c < kNumCodecs; ++c) std::printf(" %6.2f", t.ratio(c));
    std::printf("\n");
  }
}

void print_summary(const std::vector<GroupStat>& groups, const GroupStat& total) {
  std::printf(
      "\nSummary: ratio = input bits / stored bits. \"mean\" = arithmetic mean of the "
      "per-tensor ratios; \"weighted\" = sum of input bits / sum of stored bits.\n");
  std::printf("%-22s %7s %10s %6s %6s %6s", "group", "tensors", "words", "zeros%", "H", "m/H");
  for (const char* c : kCodecNames) std::printf(" %6s", c);
  std::printf("\n");
  auto row = [](const GroupStat& g, bool mean) {
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
    for (int c = 0; c < kNumCodecs; ++c)
      std::printf(" %6.2f",
                  mean ? g.sum_ratio[c] / n : double(g.input_bits) / double(g.sum_bits[c]));
    std::printf("\n");
  };
  for (const auto& g : groups) {
    row(g, true);
    row(g, false);
  }
  row(total, true);
  row(total, false);
}

struct StatOptions {
  std::vector<std::string> paths;
  std::string csv;
  unsigned width = 0;
  unsigned block = 0;
  bool quiet = false;
};

/// Runs `stat`; returns the process exit code (errors printed on stderr).
int run_stat(const StatOptions& o) {
  auto files = collect_inputs(o.paths);
  if (!files.ok()) {
    std::fprintf(stderr, "fmcodec stat: %s\n", files.status().message().c_str());
    return 1;
  }
  std::vector<TensorStat> rows;
  const std::size_t total_files = files.value().size();
  for (std::size_t i = 0; i < total_files; ++i) {
    const InputFile& f = files.value()[i];
    if (!o.quiet)
      std::fprintf(stderr, "[%zu/%zu] %s\n", i + 1, total_files,
                   fs::path(f.path).filename().string().c_str());
    auto in = load_input(f, o.width, o.block);
    if (!in.ok()) {
      std::fprintf(stderr, "fmcodec stat: %s\n", in.status().message().c_str());
      return 1;
    }
    auto t = measure(in.value());
    if (!t.ok()) {
      std::fprintf(stderr, "fmcodec stat: %s\n", t.status().message().c_str());
      return 1;
    }
    rows.push_back(std::move(t.value()));
  }

  // Groups in a fixed order (relu6 int8, linear int8, relu6 int16, linear int16), others after.
  const std::vector<std::string> order = {"relu6 int8", "linear int8", "relu6 int16",
                                          "linear int16"};
  std::map<std::string, GroupStat> by_label;
  std::vector<std::string> labels = order;
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

  print_tensor_table(rows);
  print_summary(groups, total);
  std::fflush(stdout);

  if (!o.csv.empty()) {
    const std::string text = csv_text(rows);
    Status s = fmc::write_file_atomic(o.csv, std::vector<std::uint8_t>(text.begin(), text.end()));
    if (!s.ok()) {
      std::fprintf(stderr, "fmcodec stat: %s\n", s.message().c_str());
      return 1;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// bench
// ---------------------------------------------------------------------------------------------

struct BenchOptions {
  std::vector<std::string> paths;
  double seconds = 2.0;
  unsigned width = 0;
  unsigned block = 0;
};

/// Best pass of `pass` (one run over the whole data set, returns false on a failure), repeated
/// until `seconds` of wall clock have elapsed (at least once). Returns the best pass in seconds,
/// or a negative value on failure; `passes` receives the number of passes.
template <typename F>
double best_pass(double seconds, F&& pass, int& passes) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  double best = std::numeric_limits<double>::infinity();
  passes = 0;
  do {
    const auto t0 = clock::now();
    if (!pass()) return -1.0;
    const auto t1 = clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
    ++passes;
  } while (std::chrono::duration<double>(clock::now() - start).count() < seconds);
  return best;
}

/// Runs `bench`; returns the process exit code (errors printed on stderr).
int run_bench(const BenchOptions& o) {
  if (!(o.seconds > 0)) {
    std::fprintf(stderr, "fmcodec bench: --seconds must be positive\n");
    return 1;
  }
  auto files = collect_inputs(o.paths);
  if (!files.ok()) {
    std::fprintf(stderr, "fmcodec bench: %s\n", files.status().message().c_str());
    return 1;
  }
  struct Item {
    CodedInput in;
    std::vector<std::uint8_t> raw;  // raw little-endian bytes, for zstd / lz4
    fmc::EbpcStreams ebpc;
    std::vector<std::uint8_t> zstd, lz4;
  };
  std::vector<Item> items;
  std::uint64_t input_bytes = 0;
  std::string configs;
  for (const auto& f : files.value()) {
    auto in = load_input(f, o.width, o.block);
    if (!in.ok()) {
      std::fprintf(stderr, "fmcodec bench: %s\n", in.status().message().c_str());
      return 1;
    }
    Item it;
    it.in = std::move(in.value());
    const unsigned m = it.in.params.data_width;
    const std::string cfg = std::to_string(m) + "/" + std::to_string(it.in.params.block_size);
    if (configs.find(cfg) == std::string::npos) configs += (configs.empty() ? "" : ",") + cfg;
    it.raw = fmc::raw_bytes_le(it.in.values.data(), it.in.values.size(), m).value();
    input_bytes += it.raw.size();
    items.push_back(std::move(it));
  }

  // One untimed run of every codec: fills the compressed data the decoders need, and checks
  // every round trip.
  std::uint64_t stored[3] = {};
  for (auto& it : items) {
    const auto& v = it.in.values;
    auto e = fmc::ebpc_encode(it.in.params, v);
    auto z = fmc::zstd_compress_bytes(it.raw, 3);
    auto l = fmc::lz4_compress_bytes(it.raw);
    Status s = !e.ok() ? e.status() : !z.ok() ? z.status() : l.status();
    if (!s.ok()) {
      std::fprintf(stderr, "fmcodec bench: %s: %s\n", it.in.file.path.c_str(), s.message().c_str());
      return 1;
    }
    it.ebpc = std::move(e.value());
    it.zstd = std::move(z.value());
    it.lz4 = std::move(l.value());
    auto d = fmc::ebpc_decode(it.in.params, it.ebpc.znz, it.ebpc.bpc, v.size());
    auto zd = fmc::zstd_decompress_bytes(it.zstd, it.raw.size());
    auto ld = fmc::lz4_decompress_bytes(it.lz4, it.raw.size());
    if (!d.ok() || d.value() != v || !zd.ok() || zd.value() != it.raw || !ld.ok() ||
        ld.value() != it.raw) {
      std::fprintf(stderr, "fmcodec bench: %s: round trip failed\n", it.in.file.path.c_str());
      return 1;
    }
    stored[0] += (it.ebpc.znz.size() + it.ebpc.bpc.size()) * it.in.params.data_width / 8;
    stored[1] += it.zstd.size();
    stored[2] += it.lz4.size();
  }

  std::uint64_t sink = 0;  // keeps the results observable
  auto ebpc_enc = [&]() {
    for (const auto& it : items) {
      auto e = fmc::ebpc_encode(it.in.params, it.in.values);
      if (!e.ok()) return false;
      sink += e.value().bpc.size();
    }
    return true;
  };
  auto ebpc_dec = [&]() {
    for (const auto& it : items) {
      auto d = fmc::ebpc_decode(it.in.params, it.ebpc.znz, it.ebpc.bpc, it.in.values.size());
      if (!d.ok()) return false;
      sink += d.value().size();
    }
    return true;
  };
  auto zstd_enc = [&]() {
    for (const auto& it : items) {
      auto z = fmc::zstd_compress_bytes(it.raw, 3);
      if (!z.ok()) return false;
      sink += z.value().size();
    }
    return true;
  };
  auto zstd_dec = [&]() {
    for (const auto& it : items) {
      auto z = fmc::zstd_decompress_bytes(it.zstd, it.raw.size());
      if (!z.ok()) return false;
      sink += z.value()[0];
    }
    return true;
  };
  auto lz4_enc = [&]() {
    for (const auto& it : items) {
      auto l = fmc::lz4_compress_bytes(it.raw);
      if (!l.ok()) return false;
      sink += l.value().size();
    }
    return true;
  };
  auto lz4_dec = [&]() {
    for (const auto& it : items) {
      auto l = fmc::lz4_decompress_bytes(it.lz4, it.raw.size());
      if (!l.ok()) return false;
      sink += l.value()[0];
    }
    return true;
  };

  std::printf(
      "%zu tensors, %.2f MB input (1 MB = 10^6 bytes at the coding width), EBPC %s; "
      "best pass of repeated passes over %.1f s, one thread\n",
      items.size(), double(input_bytes) / 1e6, configs.c_str(), o.seconds);
  std::printf("%-8s %12s %7s %12s %7s %7s\n", "codec", "encode MB/s", "passes", "decode MB/s",
              "passes", "ratio");
  struct Row {
    const char* name;
    std::function<bool()> enc, dec;
    std::uint64_t stored;
  };
  const Row table[] = {{"EBPC", ebpc_enc, ebpc_dec, stored[0]},
                       {"zstd-3", zstd_enc, zstd_dec, stored[1]},
                       {"lz4", lz4_enc, lz4_dec, stored[2]}};
  for (const auto& r : table) {
    int pe = 0, pd = 0;
    const double te = best_pass(o.seconds, r.enc, pe);
    const double td = best_pass(o.seconds, r.dec, pd);
    if (te < 0 || td < 0) {
      std::fprintf(stderr, "fmcodec bench: %s failed during the timing\n", r.name);
      return 1;
    }
    std::printf("%-8s %12.1f %7d %12.1f %7d %7.2f\n", r.name, double(input_bytes) / te / 1e6, pe,
                double(input_bytes) / td / 1e6, pd, double(input_bytes) / double(r.stored));
    std::fflush(stdout);
  }
  if (sink == 0) std::printf("\n");  // never true on real data; makes `sink` observable
  return 0;
}

}  // namespace

void add_stat_commands(CLI::App& app, int& exit_code) {
  auto so = std::make_shared<StatOptions>();
  CLI::App* stat = app.add_subcommand(
      "stat",
      "Compression ratio of EBPC and the baselines (ZVC, zero-RLE, plain BPC, order-0 "
      "entropy, zstd -3/-19, lz4) per tensor and per group");
  stat->add_option("paths", so->paths, ".npy files or folders (searched recursively)")->required();
  stat->add_option("--csv", so->csv, "write one row per tensor to this CSV file");
  stat->add_option("--width", so->width, "coding width m: 8 or 16 (default: the tensor's width)");
  stat->add_option("--block", so->block,
                   "EBPC block size n: 8 or 16 (default: 8 at m=8, 16 at m=16)");
  stat->add_flag("--quiet", so->quiet, "no progress lines on stderr");
  stat->callback([so, &exit_code]() { exit_code = run_stat(*so); });

  auto bo = std::make_shared<BenchOptions>();
  CLI::App* bench = app.add_subcommand(
      "bench", "Speed (MB/s of input) of the golden EBPC encoder and decoder, zstd -3 and lz4");
  bench->add_option("paths", bo->paths, ".npy files or folders (default: data/fmaps)");
  bench->add_option("--seconds", bo->seconds, "time per measurement; the best pass is reported")
      ->capture_default_str();
  bench->add_option("--width", bo->width, "coding width m: 8 or 16 (default: the tensor's width)");
  bench->add_option("--block", bo->block,
                    "EBPC block size n: 8 or 16 (default: 8 at m=8, 16 at m=16)");
  bench->callback([bo, &exit_code]() {
    if (bo->paths.empty()) bo->paths = {"data/fmaps"};
    exit_code = run_bench(*bo);
  });
}

}  // namespace fmc_cli
