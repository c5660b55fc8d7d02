// SPDX-License-Identifier: Apache-2.0
// `fmcodec compress` and `fmcodec decompress`: a thin layer over container.hpp.
//
// Every error prints one line "fmcodec: error: <what is wrong> (<file>)" on stderr and sets the
// exit code to 1. Outputs are computed completely in memory first and then written atomically
// (write_file_atomic), so an error never leaves a half-written or new output file behind.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "fmcodec/container.hpp"
#include "fmcodec/ebpc.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"

namespace fmc_cli {
namespace {

using fmc::DType;
using fmc::Result;
using fmc::Status;

// Thrown inside a command body, caught in its callback: one error line, exit code 1.
struct CliError {
  std::string what;
  std::string file;
};

[[noreturn]] void fail(std::string what, std::string file) {
  throw CliError{std::move(what), std::move(file)};
}

// Runs `body`, turning a CliError into the error line and exit code 1.
template <typename F>
void run(int& exit_code, F&& body) {
  try {
    body();
    exit_code = 0;
  } catch (const CliError& e) {
    std::cerr << "fmcodec: error: " << e.what << " (" << e.file << ")\n";
    exit_code = 1;
  }
}

template <typename T>
T unwrap(Result<T> r, const std::string& file) {
  if (!r.ok()) fail(r.status().message(), file);
  return std::move(r).value();
}

bool path_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

bool is_dir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::uint8_t> read_input(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    fail(std::string("cannot open: ") + std::strerror(errno), path);
  if (S_ISDIR(st.st_mode)) fail("is a directory, not a file", path);
  auto r = fmc::read_file(path);
  if (!r.ok()) fail(r.status().message(), path);
  return std::move(r).value();
}

// Strict decimal parse of the value of option `name`; `ctx` names the file for the message.
std::uint64_t parse_uint(const std::string& text, const std::string& name, const std::string& ctx) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
    fail(name + " '" + text + "' is not a non-negative integer", ctx);
  return std::stoull(text);
}

unsigned parse_width_or_block(const std::string& text, const std::string& name,
                              const std::string& ctx) {
  const std::uint64_t v = parse_uint(text, name, ctx);
  if (v != 8 && v != 16) fail(name + " must be 8 or 16, not " + text, ctx);
  return static_cast<unsigned>(v);
}

DType parse_dtype_opt(const std::string& text, const std::string& ctx) {
  auto r = fmc::parse_dtype(text);
  if (!r.ok()) fail("--dtype: " + r.status().message(), ctx);
  return r.value();
}

std::string shape_string(const std::vector<std::uint64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

std::string ratio_string(std::uint64_t words, std::uint64_t stream_words) {
  if (stream_words == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", double(words) / double(stream_words));
  return buf;
}

// A set of output files written all-or-nothing (as far as the file system allows): every file is
// written atomically; if one fails, the ones already written and a directory created for them are
// removed again.
class OutputSet {
 public:
  void add(std::string path, std::vector<std::uint8_t> bytes) {
    files_.emplace_back(std::move(path), std::move(bytes));
  }
  void add_dir(std::string dir) { dir_ = std::move(dir); }

  void commit() {
    bool made_dir = false;
    if (!dir_.empty() && !is_dir(dir_)) {
      if (path_exists(dir_)) fail("exists and is not a directory", dir_);
      if (::mkdir(dir_.c_str(), 0777) != 0)
        fail(std::string("cannot create directory: ") + std::strerror(errno), dir_);
      made_dir = true;
    }
    std::vector<std::string> written;
    for (const auto& [path, bytes] : files_) {
      const Status s = fmc::write_file_atomic(path, bytes);
      if (!s.ok()) {
        for (const auto& w : written) std::remove(w.c_str());
        if (made_dir) ::rmdir(dir_.c_str());
        fail(s.message(), path);
      }
      written.push_back(path);
    }
  }

 private:
  std::string dir_;
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> files_;
};

std::vector<std::uint8_t> text_bytes(const std::string& s) {
  return {s.begin(), s.end()};
}

// params.json in the layout of the known-answer vectors (verif/vectors/kat/*/params.json).
std::string params_json(const fmc::FmcFile& f) {
  return "{\n \"codec\": \"ebpc\",\n \"data_width\": " + std::to_string(f.params.data_width) +
         ",\n \"block_size\": " + std::to_string(f.params.block_size) +
         ",\n \"max_zero_run\": " + std::to_string(fmc::kEbpcMaxZeroRun) +
         ",\n \"num_words\": " + std::to_string(f.num_words) +
         ",\n \"znz_words\": " + std::to_string(f.streams[0].size()) +
         ",\n \"bpc_words\": " + std::to_string(f.streams[1].size()) + "\n}\n";
}

struct CompressOptions {
  std::string in, out, codec = "ebpc", width, block, dtype, hex_dir;
};

void compress(const CompressOptions& o) {
  if (o.out.empty() && o.hex_dir.empty()) fail("no output: give -o OUT.fmc and/or --hex DIR", o.in);
  if (o.codec != "ebpc")
    fail("unknown codec '" + o.codec + "' (this build implements: ebpc)", o.in);

  const std::vector<std::uint8_t> bytes = read_input(o.in);
  fmc::Tensor t;
  if (!o.dtype.empty()) {  // raw little-endian elements, shape (N,)
    t.dtype = parse_dtype_opt(o.dtype, o.in);
    if (bytes.size() >= 6 && std::memcmp(bytes.data(), "\x93NUMPY", 6) == 0)
      fail("--dtype means raw input, but this is a .npy file (omit --dtype)", o.in);
    const unsigned esize = fmc::dtype_bits(t.dtype) / 8;
    if (bytes.size() % esize != 0)
      fail("raw file size " + std::to_string(bytes.size()) + " is not a multiple of " +
               std::to_string(esize) + " bytes (" + fmc::dtype_name(t.dtype) + ")",
           o.in);
    t.shape = {bytes.size() / esize};
    t.values.resize(bytes.size() / esize);
    for (std::size_t i = 0; i < t.values.size(); ++i) {
      if (esize == 1) {
        t.values[i] = fmc::dtype_signed(t.dtype) ? std::int32_t(std::int8_t(bytes[i])) : bytes[i];
      } else {
        const std::uint16_t u = std::uint16_t(bytes[2 * i] | (bytes[2 * i + 1] << 8));
        t.values[i] = fmc::dtype_signed(t.dtype) ? std::int32_t(std::int16_t(u)) : u;
      }
    }
  } else {
    t = unwrap(fmc::npy_parse(bytes.data(), bytes.size()), o.in);
  }

  fmc::FmcCodecParams p;
  const unsigned dbits = fmc::dtype_bits(t.dtype);
  p.data_width = o.width.empty() ? dbits : parse_width_or_block(o.width, "--width", o.in);
  p.block_size = o.block.empty() ? 8 : parse_width_or_block(o.block, "--block", o.in);
  if (p.data_width != dbits)
    fail("--width " + std::to_string(p.data_width) + " does not match the " +
             fmc::dtype_name(t.dtype) + " input (" + std::to_string(dbits) +
             " bits); EBPC codes each element in its own width",
         o.in);
  const fmc::FmcFile f = unwrap(fmc::fmc_compress(t, p), o.in);

  OutputSet outs;
  std::uint64_t fmc_bytes = 0;
  if (!o.out.empty()) {
    std::vector<std::uint8_t> image = fmc::fmc_serialize(f);
    fmc_bytes = image.size();
    outs.add(o.out, std::move(image));
  }
  if (!o.hex_dir.empty()) {
    outs.add_dir(o.hex_dir);
    outs.add(o.hex_dir + "/znz.hex", text_bytes(fmc::hex_format(f.streams[0], p.data_width)));
    outs.add(o.hex_dir + "/bpc.hex", text_bytes(fmc::hex_format(f.streams[1], p.data_width)));
    outs.add(o.hex_dir + "/params.json", text_bytes(params_json(f)));
  }
  outs.commit();

  const std::uint64_t sw = f.streams[0].size() + f.streams[1].size();
  std::cout << "compressed " << o.in << ": " << f.num_words << " " << fmc::dtype_name(f.dtype)
            << " words " << shape_string(f.shape) << ", EBPC " << p.data_width << "/"
            << p.block_size << " -> " << f.streams[0].size() << " ZNZ + " << f.streams[1].size()
            << " BPC = " << sw << " stream words, ratio " << ratio_string(f.num_words, sw);
  if (!o.out.empty()) std::cout << "; " << o.out << " (" << fmc_bytes << " bytes)";
  if (!o.hex_dir.empty()) std::cout << "; " << o.hex_dir << "/{znz,bpc}.hex";
  std::cout << "\n";
}

struct DecompressOptions {
  std::string in, out, hex_dir, count, width, block, dtype;
};

fmc::Tensor decompress_fmc(const DecompressOptions& o) {
  if (!o.count.empty() || !o.width.empty() || !o.block.empty() || !o.dtype.empty())
    fail("--count, --width, --block and --dtype apply only with --hex (a .fmc file says them)",
         o.in);
  const std::vector<std::uint8_t> bytes = read_input(o.in);
  const fmc::FmcFile f = unwrap(fmc::fmc_parse(bytes.data(), bytes.size()), o.in);
  return unwrap(fmc::fmc_decompress(f), o.in);
}

fmc::Tensor decompress_hex(const DecompressOptions& o) {
  const std::string& dir = o.hex_dir;
  if (!o.in.empty()) fail("give either an input .fmc file or --hex DIR, not both", o.in);
  if (o.count.empty()) fail("--hex needs --count N (the number of words)", dir);
  const std::uint64_t count = parse_uint(o.count, "--count", dir);
  if (o.width.empty() && o.dtype.empty()) fail("--hex needs --width 8|16 (or --dtype)", dir);
  fmc::EbpcParams p;
  DType dtype;
  if (!o.dtype.empty()) {
    dtype = parse_dtype_opt(o.dtype, dir);
    p.data_width =
        o.width.empty() ? fmc::dtype_bits(dtype) : parse_width_or_block(o.width, "--width", dir);
    if (p.data_width != fmc::dtype_bits(dtype))
      fail("--width " + std::to_string(p.data_width) + " does not match --dtype " + o.dtype, dir);
  } else {
    p.data_width = parse_width_or_block(o.width, "--width", dir);
    dtype = p.data_width == 8 ? DType::kInt8 : DType::kInt16;
  }
  p.block_size = o.block.empty() ? 8 : parse_width_or_block(o.block, "--block", dir);
  const Status ps = p.validate();
  if (!ps.ok()) fail(ps.message(), dir);
  if (!is_dir(dir)) fail("not a directory", dir);

  const std::string znz_path = dir + "/znz.hex";
  const std::string bpc_path = dir + "/bpc.hex";
  read_input(znz_path);  // a clear "cannot open" message when it is missing
  const auto znz = unwrap(fmc::hex_read(znz_path, p.data_width), znz_path);
  std::vector<std::uint32_t> bpc;  // a missing bpc.hex is an empty stream (all-zero data)
  if (path_exists(bpc_path)) {
    read_input(bpc_path);
    bpc = unwrap(fmc::hex_read(bpc_path, p.data_width), bpc_path);
  }
  auto words = unwrap(fmc::ebpc_decode(p, znz, bpc, count), dir);
  fmc::Tensor t;
  t.dtype = dtype;
  t.shape = {count};
  t.values = std::move(words);
  for (auto& v : t.values) v = fmc::fmc_word_to_value(dtype, v);
  return t;
}

void decompress(const DecompressOptions& o) {
  const std::string src = o.hex_dir.empty() ? o.in : o.hex_dir;
  if (o.hex_dir.empty() && o.in.empty()) fail("no input: give IN.fmc or --hex DIR", "decompress");
  if (o.out.empty()) fail("no output: give -o OUT.npy", src);
  const fmc::Tensor t = o.hex_dir.empty() ? decompress_fmc(o) : decompress_hex(o);
  OutputSet outs;
  outs.add(o.out, fmc::npy_serialize(t));
  outs.commit();
  std::cout << "decompressed " << src << ": " << t.values.size() << " " << fmc::dtype_name(t.dtype)
            << " words " << shape_string(t.shape) << (o.hex_dir.empty() ? ", CRC-32 ok" : "")
            << "; " << o.out << "\n";
}

}  // namespace

void add_codec_commands(CLI::App& app, int& exit_code) {
  auto co = std::make_shared<CompressOptions>();
  CLI::App* c = app.add_subcommand("compress", "Compress a tensor (.npy, or raw with --dtype)");
  c->add_option("input", co->in, "Input .npy file (raw little-endian elements with --dtype)");
  c->add_option("-o,--output", co->out, "Output .fmc container");
  c->add_option("--codec", co->codec, "Codec (ebpc)");
  c->add_option("--width", co->width, "Data width m: 8|16 (default: the dtype's width)");
  c->add_option("--block", co->block, "Block size n: 8|16 (default 8)");
  c->add_option("--dtype", co->dtype, "Raw input of int8|uint8|int16|uint16, shape (N,)");
  c->add_option("--hex", co->hex_dir, "Also write DIR/znz.hex, DIR/bpc.hex, DIR/params.json");
  c->callback([co, &exit_code] {
    run(exit_code, [&] {
      if (co->in.empty()) fail("no input file given", "compress");
      compress(*co);
    });
  });

  auto dop = std::make_shared<DecompressOptions>();
  CLI::App* d = app.add_subcommand("decompress", "Decompress a .fmc file (or hex streams) to .npy");
  d->add_option("input", dop->in, "Input .fmc file");
  d->add_option("-o,--output", dop->out, "Output .npy file");
  d->add_option("--hex", dop->hex_dir, "Read DIR/znz.hex and DIR/bpc.hex instead of a .fmc file");
  d->add_option("--count", dop->count, "With --hex: number of words N");
  d->add_option("--width", dop->width, "With --hex: data width m, 8|16");
  d->add_option("--block", dop->block, "With --hex: block size n, 8|16 (default 8)");
  d->add_option("--dtype", dop->dtype, "With --hex: output dtype (default int8/int16 by width)");
  d->callback([dop, &exit_code] { run(exit_code, [&] { decompress(*dop); }); });
}

}  // namespace fmc_cli
