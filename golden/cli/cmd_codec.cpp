// SPDX-License-Identifier: Apache-2.0
// `fmcodec compress`, `fmcodec decompress` and `fmcodec codecs`: each reads as load -> code ->
// write, one library call per step (tensor.hpp, container.hpp, hexfile.hpp).
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "fmcodec/container.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "fmcodec/tensor.hpp"

namespace fmc_cli {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string stream_summary(const fmc::FmcFile& f) {
  const auto info = f.codec->streams(f.config);
  std::string s;
  for (std::size_t i = 0; i < info.size(); ++i)
    s += (i ? " + " : "") + std::to_string(f.streams[i].size()) + " " + info[i].name;
  return s;
}

struct CompressOptions {
  std::string in, out, dtype, hex_dir;
  CodecOptions codec;
  CommonOptions common;
};

int compress(const CompressOptions& o) {
  if (o.in.empty()) fail("no input file given", "compress");
  std::string out = o.out;
  if (out.empty() && o.hex_dir.empty()) {
    if (o.in == "-") fail("reading standard input needs -o FILE (or -o - for standard output)", "-");
    out = o.in + ".fmc";
  }
  const fmc::Codec& codec = o.codec.chosen(o.in);
  const fmc::ParamValues params = o.codec.values(o.in);
  if (!out.empty()) check_output(out, {o.in}, o.common);

  fmc::TensorFormat fmt;
  if (!o.dtype.empty()) fmt.raw_dtype = unwrap(fmc::parse_dtype(o.dtype), o.in);
  fmc::FmcFile f;
  {
    const fmc::Tensor t = unwrap(fmc::load_tensor(o.in, fmt), o.in);
    f = unwrap(fmc::fmc_compress(t, codec, params), o.in);
  }  // the tensor is freed before the output is written
  if (!out.empty()) check(fmc::fmc_write(out, f), out);
  if (!o.hex_dir.empty()) {
    const fmc::Status s = fmc::hex_write_streams(o.hex_dir, codec, f.config, f.streams, f.num_words);
    if (!s.ok()) {
      if (!out.empty() && out != "-") std::remove(out.c_str());
      fail(s.message(), o.hex_dir);
    }
  }
  if (!o.common.quiet) {
    const std::uint64_t in_bits = f.num_words * f.config.data_width;
    const std::uint64_t coded = fmc::stream_bits(f.streams, codec.streams(f.config));
    // The summary goes to stderr when the data goes to stdout.
    std::ostream& os = out == "-" ? std::cerr : std::cout;
    os << "compressed " << o.in << ": " << f.num_words << " " << fmc::dtype_name(f.dtype)
       << " words " << shape_string(f.shape) << ", " << codec.name() << " "
       << codec.config_text(f.config) << " -> " << stream_summary(f) << " stream words, ratio "
       << (coded ? fixed(double(in_bits) / double(coded), 3) : std::string("-"));
    if (!out.empty()) os << "; " << out;
    if (!o.hex_dir.empty()) os << "; " << o.hex_dir << "/";
    os << "\n";
  }
  return 0;
}

struct DecompressOptions {
  std::string in, out, hex_dir, count, dtype, width;
  CodecOptions codec;
  CommonOptions common;
};

std::uint64_t parse_count(const std::string& text, const std::string& ctx) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
    fail("--count '" + text + "' is not a non-negative integer", ctx);
  return std::stoull(text);
}

fmc::Tensor decompress_hex(const DecompressOptions& o) {
  const std::string& dir = o.hex_dir;
  if (!o.in.empty()) fail("give either an input .fmc file or --hex DIR, not both", o.in);
  if (o.count.empty()) fail("--hex needs --count N (the number of words)", dir);
  const std::uint64_t count = parse_count(o.count, dir);
  if (o.dtype.empty() && o.width.empty()) fail("--hex needs --dtype (or --width 8|16)", dir);
  fmc::DType dtype;
  if (!o.dtype.empty()) {
    dtype = unwrap(fmc::parse_dtype(o.dtype), dir);
    if (!o.width.empty() && o.width != std::to_string(fmc::dtype_bits(dtype)))
      fail("--width " + o.width + " does not match --dtype " + o.dtype, dir);
  } else if (o.width == "8" || o.width == "16") {
    dtype = o.width == "8" ? fmc::DType::kInt8 : fmc::DType::kInt16;
  } else {
    fail("--width must be 8 or 16, not " + o.width, dir);
  }
  const fmc::Codec& codec = o.codec.chosen(dir);
  const fmc::CodecConfig cfg =
      unwrap(codec.configure(fmc::dtype_bits(dtype), o.codec.values(dir)), dir);
  const fmc::Streams streams = unwrap(fmc::hex_read_streams(dir, codec, cfg), dir);
  const auto words = unwrap(codec.decode(cfg, streams, count), dir);
  warn("hex streams carry no checksum: the output is not integrity-checked", dir);
  return fmc::tensor_from_words(dtype, {count}, words);
}

int decompress(const DecompressOptions& o) {
  const std::string src = o.hex_dir.empty() ? o.in : o.hex_dir;
  if (src.empty()) fail("no input: give IN.fmc or --hex DIR", "decompress");
  std::string out = o.out;
  if (out.empty()) {
    if (!o.hex_dir.empty() || o.in == "-" || !ends_with(o.in, ".fmc") || o.in.size() == 4)
      fail("no output: give -o OUT.npy (the name cannot be derived from the input)", src);
    out = o.in.substr(0, o.in.size() - 4);
  }
  if (o.hex_dir.empty() && (!o.count.empty() || !o.dtype.empty() || !o.width.empty() ||
                            !o.codec.params.empty()))
    fail("--count, --dtype, --width and codec parameters apply only with --hex (a .fmc file says "
         "them)",
         src);
  check_output(out, {o.in}, o.common);
  fmc::Tensor t;
  if (o.hex_dir.empty()) {
    const fmc::FmcFile f = unwrap(fmc::fmc_read(o.in), o.in);
    t = unwrap(fmc::fmc_decompress(f), o.in);
  } else {
    t = decompress_hex(o);
  }
  check(fmc::npy_write(out, t), out);
  if (!o.common.quiet) {
    std::ostream& os = out == "-" ? std::cerr : std::cout;
    os << "decompressed " << src << ": " << t.size() << " " << fmc::dtype_name(t.dtype)
       << " words " << shape_string(t.shape) << (o.hex_dir.empty() ? ", CRC-32 ok" : "") << "; "
       << out << "\n";
  }
  return 0;
}

int list_codecs() {
  for (const fmc::Codec* c : fmc::codecs()) {
    const auto cfg = c->configure(c->data_widths().front());
    const char* kind = c->lossless() ? "lossless"
                       : (cfg.ok() && c->exact(cfg.value())) ? "lossless by default, lossy by parameter"
                                                             : "lossy";
    std::cout << c->name() << " (id " << unsigned(c->id()) << ", " << kind << "): " << c->title()
              << "\n  widths:";
    for (unsigned w : c->data_widths()) std::cout << " " << w;
    std::cout << "\n";
    for (const auto& p : c->param_specs())
      std::cout << "  --" << p.name << " " << p.legal_text() << " (default " << p.default_text()
                << "): " << p.help << "\n";
    if (cfg.ok()) {
      std::cout << "  streams:";
      for (const auto& s : c->streams(cfg.value())) std::cout << " " << s.name;
      std::cout << "\n";
    }
    std::cout << "  stream errors:";
    for (const auto& e : c->stream_errors()) std::cout << " " << unsigned(e.first) << "=" << e.second;
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

void add_compress(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CompressOptions>();
  CLI::App* c = app.add_subcommand(
      "compress", "Compress a tensor (.npy, or raw with --dtype) into a .fmc container");
  c->add_option("input", o->in, "input .npy file, raw elements with --dtype, or - for stdin");
  c->add_option("-o,--output", o->out, "output .fmc file, - for stdout (default: INPUT.fmc)");
  add_codec_options(c, o->codec);
  c->add_option("--dtype", o->dtype, "raw input of int8|uint8|int16|uint16, shape (N,)");
  c->add_option("--hex", o->hex_dir,
                "also write DIR/<stream>.hex and DIR/params.json (the known-answer vector "
                "layout); with --hex alone no .fmc is written");
  add_common_options(c, o->common, true);
  c->callback([o, &exit_code] { exit_code = run([&] { return compress(*o); }); });
}

void add_decompress(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<DecompressOptions>();
  CLI::App* d = app.add_subcommand(
      "decompress", "Decompress a .fmc file (or hex stream files) to .npy; checks the CRCs");
  d->add_option("input", o->in, "input .fmc file, or - for stdin");
  d->add_option("-o,--output", o->out, "output .npy file, - for stdout (default: INPUT without .fmc)");
  d->add_option("--hex", o->hex_dir,
                "read DIR/<stream>.hex instead of a .fmc file. Hex files carry NO checksum: the "
                "result is not integrity-checked (a warning says so)");
  d->add_option("--count", o->count, "with --hex: number of words N");
  d->add_option("--dtype", o->dtype, "with --hex: output dtype int8|uint8|int16|uint16");
  d->add_option("--width", o->width, "with --hex: data width 8|16 (dtype int8/int16)");
  add_codec_options(d, o->codec);
  add_common_options(d, o->common, true);
  d->callback([o, &exit_code] { exit_code = run([&] { return decompress(*o); }); });
}

void add_codecs(CLI::App& app, int& exit_code) {
  CLI::App* c = app.add_subcommand("codecs", "List the codecs, their parameters and stream errors");
  c->callback([&exit_code] { exit_code = run(list_codecs); });
}

}  // namespace fmc_cli
