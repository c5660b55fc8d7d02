// SPDX-License-Identifier: Apache-2.0
// `fmcodec bench`: encode and decode speed of every registry codec and of the byte baselines
// (zstd -3, lz4) on the same tensors in the same run, and each codec's speed as a multiple of
// zstd -3's. Definitions: docs/baselines.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
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

struct BenchOptions {
  std::vector<std::string> paths;
  std::string json, md;
  double seconds = 2.0;
  CodecOptions codec;
  CommonOptions common;
};

/// Best pass of `pass` (one run over the whole data set, false on a failure), repeated until
/// `seconds` of wall clock have elapsed (at least once). Seconds of the best pass; -1 on failure.
double best_pass(double seconds, const std::function<bool()>& pass, int& passes) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  double best = std::numeric_limits<double>::infinity();
  passes = 0;
  do {
    const auto t0 = clock::now();
    if (!pass()) return -1.0;
    best = std::min(best, std::chrono::duration<double>(clock::now() - t0).count());
    ++passes;
  } while (std::chrono::duration<double>(clock::now() - start).count() < seconds);
  return best;
}

/// One row of the table: a coder with an encode pass and a decode pass over every tensor.
struct Row {
  std::string name;
  std::function<bool()> encode, decode;
  std::uint64_t stored_bytes = 0;
  double enc_mbs = 0, dec_mbs = 0;
};

int run_bench(const BenchOptions& o) {
  if (!(o.seconds > 0)) fail("--seconds must be positive", "bench");
  const auto files = unwrap(collect_inputs(o.paths), "bench");
  std::vector<fmc::Tensor> tensors;
  std::uint64_t input_bytes = 0;
  for (const auto& f : files) {
    tensors.push_back(unwrap(fmc::load_tensor(f.path), f.path));
    input_bytes += tensors.back().data.size();
  }
  const fmc::ParamValues given = o.codec.values("bench");
  std::uint64_t sink = 0;  // keeps the results observable
  std::vector<Row> rows;

  // Registry codecs: encode from the tensor bytes, decode into tensor bytes; one checked round trip
  // first.
  for (const fmc::Codec* c : fmc::codecs()) {
    fmc::ParamValues mine;
    for (const auto& kv : given.entries())
      for (const auto& p : c->param_specs())
        if (p.name == kv.first) mine.set(kv.first, kv.second);
    auto cfgs = std::make_shared<std::vector<fmc::CodecConfig>>();
    auto coded = std::make_shared<std::vector<fmc::Streams>>();
    Row r;
    r.name = c->name();
    for (const auto& t : tensors) {
      const fmc::WordView words_view = t.words();
      cfgs->push_back(unwrap(c->configure(fmc::dtype_bits(t.dtype), mine, &t.shape, &words_view), r.name));
      coded->push_back(unwrap(c->encode(cfgs->back(), t.words()), r.name));
      const auto back = unwrap(c->decode(cfgs->back(), coded->back(), t.size()), r.name);
      if (c->exact(cfgs->back()) && back != t.words().to_vector()) fail("round trip failed", r.name);
      r.stored_bytes += fmc::stream_bits(coded->back(), c->streams(cfgs->back())) / 8;
    }
    r.encode = [&, c, cfgs] {
      for (std::size_t i = 0; i < tensors.size(); ++i) {
        auto e = c->encode((*cfgs)[i], tensors[i].words());
        if (!e.ok()) return false;
        sink += e.value()[0].size();
      }
      return true;
    };
    r.decode = [&, c, cfgs, coded] {
      std::vector<std::uint8_t> bytes;  // decode_bytes(): the path of `fmcodec decompress`
      for (std::size_t i = 0; i < tensors.size(); ++i) {
        if (!c->decode_bytes((*cfgs)[i], (*coded)[i], tensors[i].size(), bytes).ok()) return false;
        sink += bytes.size();
      }
      return true;
    };
    rows.push_back(std::move(r));
  }
  // Byte baselines (zstd -3, lz4) on the tensor bytes.
  for (const fmc::Baseline& b : fmc::baselines()) {
    if (!b.compress || b.slow) continue;
    auto frames = std::make_shared<std::vector<std::vector<std::uint8_t>>>();
    Row r;
    r.name = b.name;
    for (const auto& t : tensors) {
      frames->push_back(unwrap(b.compress(t.data), r.name));
      if (unwrap(b.decompress(frames->back(), t.data.size()), r.name) != t.data)
        fail("round trip failed", r.name);
      r.stored_bytes += frames->back().size();
    }
    const fmc::Baseline* bp = &b;
    r.encode = [&, bp] {
      for (const auto& t : tensors) {
        auto e = bp->compress(t.data);
        if (!e.ok()) return false;
        sink += e.value().size();
      }
      return true;
    };
    r.decode = [&, bp, frames] {
      for (std::size_t i = 0; i < tensors.size(); ++i) {
        auto d = bp->decompress((*frames)[i], tensors[i].data.size());
        if (!d.ok()) return false;
        sink += d.value()[0];
      }
      return true;
    };
    rows.push_back(std::move(r));
  }

  std::printf(
      "%zu tensors, %.2f MB input (1 MB = 10^6 bytes at the element width); best pass of "
      "repeated passes over %.1f s, one thread\n",
      tensors.size(), double(input_bytes) / 1e6, o.seconds);
  std::printf("%-8s %12s %7s %12s %7s %7s\n", "codec", "encode MB/s", "passes", "decode MB/s",
              "passes", "ratio");
  for (auto& r : rows) {
    int pe = 0, pd = 0;
    const double te = best_pass(o.seconds, r.encode, pe);
    const double td = best_pass(o.seconds, r.decode, pd);
    if (te < 0 || td < 0) fail("failed during the timing", r.name);
    r.enc_mbs = double(input_bytes) / te / 1e6;
    r.dec_mbs = double(input_bytes) / td / 1e6;
    std::printf("%-8s %12.1f %7d %12.1f %7d %7.3f\n", r.name.c_str(), r.enc_mbs, pe, r.dec_mbs, pd,
                double(input_bytes) / double(r.stored_bytes));
    std::fflush(stdout);
  }
  const Row* z = nullptr;
  for (const auto& r : rows)
    if (r.name == "zstd3") z = &r;
  if (z) {
    std::printf("\nspeed as a multiple of zstd -3 in this run (encode, decode):\n");
    for (const auto& r : rows)
      std::printf("  %-8s %6.2fx %6.2fx\n", r.name.c_str(), r.enc_mbs / z->enc_mbs,
                  r.dec_mbs / z->dec_mbs);
  }
  std::string command = "fmcodec bench";
  for (const auto& p : o.paths) command += " " + p;
  command += " --seconds " + fixed(o.seconds, 1);
  if (!o.json.empty()) {
    std::string s = "{\n  \"command\": \"" + command + "\",\n  \"tensors\": " +
         std::to_string(tensors.size()) + ",\n  \"input_bytes\": " + std::to_string(input_bytes) +
         ",\n  \"rows\": [\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      s += "    {\"codec\": \"" + r.name + "\", \"encode_mb_s\": " + fixed(r.enc_mbs, 1) +
           ", \"decode_mb_s\": " + fixed(r.dec_mbs, 1) +
           ", \"ratio\": " + fixed(double(input_bytes) / double(r.stored_bytes), 4);
      if (z)
        s += ", \"encode_vs_zstd3\": " + fixed(r.enc_mbs / z->enc_mbs, 3) +
             ", \"decode_vs_zstd3\": " + fixed(r.dec_mbs / z->dec_mbs, 3);
      s += std::string("}") + (i + 1 < rows.size() ? "," : "") + "\n";
    }
    s += "  ]\n}\n";
    check(fmc::write_file_atomic(o.json, std::vector<std::uint8_t>(s.begin(), s.end())), o.json);
  }
  if (!o.md.empty()) {
    std::string s = "# Golden codec speed\n\nGenerated by `" + command +
                    "` (do not edit): " + std::to_string(tensors.size()) + " tensors, " +
                    fixed(double(input_bytes) / 1e6, 2) +
                    " MB; one thread, best of repeated passes; MB/s of input (10^6 bytes at the "
                    "element width). The multiples of zstd -3 come from the same run. Definitions: "
                    "docs/baselines.md.\n\n| codec | encode MB/s | decode MB/s | ratio | encode "
                    "vs zstd3 | decode vs zstd3 |\n|---|---:|---:|---:|---:|---:|\n";
    for (const auto& r : rows)
      s += "| " + r.name + " | " + fixed(r.enc_mbs, 1) + " | " + fixed(r.dec_mbs, 1) + " | " +
           fixed(double(input_bytes) / double(r.stored_bytes), 3) + " | " +
           (z ? fixed(r.enc_mbs / z->enc_mbs, 2) + "x" : std::string("-")) + " | " +
           (z ? fixed(r.dec_mbs / z->dec_mbs, 2) + "x" : std::string("-")) + " |\n";
    check(fmc::write_file_atomic(o.md, std::vector<std::uint8_t>(s.begin(), s.end())), o.md);
  }
  if (sink == 0) std::printf("\n");  // never true on real data; makes `sink` observable
  return 0;
}

}  // namespace

void add_bench(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* bench = app.add_subcommand(
      "bench",
      "Speed (MB/s of input) of every codec's golden encoder and decoder, zstd -3 and lz4, on the "
      "same data in the same run; prints each as a multiple of zstd -3");
  bench->add_option("paths", o->paths, ".npy files or folders (default: data/fmaps)");
  bench->add_option("--seconds", o->seconds, "time per measurement; the best pass is reported")
      ->capture_default_str();
  bench->add_option("--json", o->json, "write the results to this JSON file");
  bench->add_option("--md", o->md, "write the results as a Markdown table to this file");
  add_codec_options(bench, o->codec, false);
  add_common_options(bench, o->common, false);
  bench->callback([o, &exit_code] {
    if (o->paths.empty()) o->paths = {"data/fmaps"};
    exit_code = run([&] { return run_bench(*o); });
  });
}

}  // namespace fmc_cli
