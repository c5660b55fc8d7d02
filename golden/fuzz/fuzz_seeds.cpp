// SPDX-License-Identifier: Apache-2.0
// Writes the seed corpora of the fuzzers from the stored vectors:
//   fuzz_seeds <verif/vectors> <corpus root>
// creates <root>/fuzz_ebpc_decode, <root>/fuzz_ebpc_roundtrip and <root>/fuzz_container (if
// missing) and writes one seed per known-answer case (kat/case_*) and per invalid stream
// (errors/*), in the input layouts documented at the top of each fuzzer. Long cases are cut to
// their first kMaxWords words (re-encoded) to keep the inputs small. Existing files are overwritten
// with the same content, so running it before every fuzzing session is harmless.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "fmcodec/container.hpp"
#include "fmcodec/ebpc.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "fuzz_common.hpp"

using namespace fmc;
using fmc_fuzz::config_byte;
using fmc_fuzz::put_u16;
using fmc_fuzz::put_word;

namespace {

constexpr std::size_t kMaxWords = 256;

std::vector<std::string> list(const std::string& dir) {
  std::vector<std::string> v;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n != "." && n != ".." && n.find('.') == std::string::npos) v.push_back(n);
    }
    closedir(d);
  }
  std::sort(v.begin(), v.end());
  return v;
}

long json_int(const std::string& text, const std::string& key) {
  const std::size_t k = text.find("\"" + key + "\"");
  if (k == std::string::npos) return -1;
  return std::stol(text.substr(text.find(':', k) + 1));
}

std::string slurp(const std::string& path) {
  auto b = read_file(path);
  return b.ok() ? std::string(b.value().begin(), b.value().end()) : std::string();
}

bool write(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  return write_file_atomic(path, bytes).ok();
}

// Raw-mode input of fuzz_ebpc_decode.
std::vector<std::uint8_t> decode_seed(const EbpcParams& p, const EbpcStreams& s, std::uint64_t n) {
  std::vector<std::uint8_t> b = {static_cast<std::uint8_t>(config_byte(p) | 0x80)};
  put_u16(b, static_cast<std::uint32_t>(n));
  put_u16(b, static_cast<std::uint32_t>(s.znz.size()));
  for (auto w : s.znz) put_word(b, w, p.data_width);
  for (auto w : s.bpc) put_word(b, w, p.data_width);
  return b;
}

// Mutate-mode input of fuzz_ebpc_decode (op 0) / input of fuzz_ebpc_roundtrip (shaping 0).
std::vector<std::uint8_t> values_seed(std::uint8_t head, bool mutate_header, unsigned m,
                                      const std::vector<std::int32_t>& v) {
  std::vector<std::uint8_t> b = {head};
  if (mutate_header) b.insert(b.end(), {0, 0, 0, 0});
  for (auto x : v) put_word(b, static_cast<std::uint32_t>(x) & ((1u << m) - 1u), m);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <verif/vectors dir> <corpus root>\n", argv[0]);
    return 2;
  }
  const std::string vec = argv[1], root = argv[2];
  const std::string dec_dir = root + "/fuzz_ebpc_decode", rt_dir = root + "/fuzz_ebpc_roundtrip",
                    fmc_dir = root + "/fuzz_container";
  for (const auto& d : {root, dec_dir, rt_dir, fmc_dir}) mkdir(d.c_str(), 0777);
  int written = 0, failed = 0;
  auto put = [&](const std::string& path, const std::vector<std::uint8_t>& bytes) {
    if (write(path, bytes))
      ++written;
    else
      ++failed;
  };

  for (const auto& name : list(vec + "/kat")) {
    const std::string dir = vec + "/kat/" + name;
    const std::string params = slurp(dir + "/params.json");
    const EbpcParams p{static_cast<unsigned>(json_int(params, "data_width")),
                       static_cast<unsigned>(json_int(params, "block_size"))};
    auto t = npy_read(dir + "/input.npy");
    if (!p.validate().ok() || !t.ok()) {
      std::fprintf(stderr, "fuzz_seeds: skipping %s (unreadable)\n", dir.c_str());
      ++failed;
      continue;
    }
    std::vector<std::int32_t> v = t.value().values;
    if (v.size() > kMaxWords) v.resize(kMaxWords);
    auto s = ebpc_encode(p, v);
    if (!s.ok()) {
      ++failed;
      continue;
    }
    const std::uint8_t cfg = config_byte(p);
    put(dec_dir + "/" + name, decode_seed(p, s.value(), v.size()));
    put(dec_dir + "/" + name + "_mutate", values_seed(cfg | 4 | 0x80, true, p.data_width, v));
    put(rt_dir + "/" + name, values_seed(cfg | 0x80, false, p.data_width, v));
    Tensor small = t.value();
    small.values = v;
    small.shape = {v.size()};
    auto f = fmc_compress(small, FmcCodecParams{CodecId::kEbpc, p.data_width, p.block_size});
    if (f.ok()) {
      std::vector<std::uint8_t> img = fmc_serialize(f.value());
      put(fmc_dir + "/" + name, img);
      img.insert(img.begin(), 0);  // CRC-fixing spelling
      put(fmc_dir + "/" + name + "_fixcrc", img);
    } else {
      ++failed;
    }
  }

  for (const auto& name : list(vec + "/errors")) {
    const std::string dir = vec + "/errors/" + name;
    const std::string params = slurp(dir + "/params.json");
    const EbpcParams p{static_cast<unsigned>(json_int(params, "data_width")),
                       static_cast<unsigned>(json_int(params, "block_size"))};
    if (!p.validate().ok()) {
      ++failed;
      continue;
    }
    auto znz = hex_read(dir + "/znz.hex", p.data_width);
    auto bpc = hex_read(dir + "/bpc.hex", p.data_width);
    if (!znz.ok() || !bpc.ok()) {
      ++failed;
      continue;
    }
    put(dec_dir + "/error_" + name,
        decode_seed(p, EbpcStreams{znz.value(), bpc.value()},
                    static_cast<std::uint64_t>(json_int(params, "num_words"))));
  }
  std::printf("fuzz_seeds: %d seed files written to %s (%d problems)\n", written, root.c_str(),
              failed);
  return failed == 0 && written > 0 ? 0 : 1;
}
