// SPDX-License-Identifier: Apache-2.0
// Writes the seed corpora of the fuzzers from the stored vectors:
//   fuzz_seeds <verif/vectors> <corpus root> [<directory of version-1 .fmc files>]
// creates <root>/fuzz_decode, <root>/fuzz_roundtrip and <root>/fuzz_container (if missing) and
// writes, in the input layouts documented at the top of each fuzzer:
//  - per known-answer case (kat/case_* and <codec>/* of every registered codec, its codec and configuration from params.json): a raw and
//    an encode-mode input of fuzz_decode, an input of fuzz_roundtrip, and its .fmc container as
//    is and in the CRC-fixing spelling of fuzz_container. Long cases are cut to their first
//    kSeedWords words (re-encoded through the registry codec) to keep the inputs small;
//  - per invalid transmission (errors/*): a raw input of fuzz_decode with its streams;
//  - per version-1 container of the optional third directory no larger than kMaxSeedBytes: both
//    spellings for fuzz_container.
// Existing files are overwritten with the same content, so running it before every fuzzing
// session is harmless.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/container.hpp"
#include "fmcodec/fileio.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "fuzz_common.hpp"

using namespace fmc;
using fmc_fuzz::choice_bytes;
using fmc_fuzz::put_be;
using fmc_fuzz::word_bytes;
using fmc_fuzz::word_mask;

namespace {

// Words kept of a known-answer case.
constexpr std::size_t kSeedWords = 256;
// Largest stored container taken as a seed: run_fuzz.sh's -max_len.
constexpr std::size_t kMaxSeedBytes = 1024;

// Parameter keys of the stored vectors that differ from the codec's schema name: their
// params.json files were written before the registry, with EBPC's `block` spelled `block_size`.
struct KeyAlias {
  const char* codec;
  const char* param;
  const char* key;
};
constexpr KeyAlias kKeyAliases[] = {{"ebpc", "block", "block_size"}};

// Entries of `dir` whose names contain `part`, sorted.
std::vector<std::string> list(const std::string& dir, const std::string& part) {
  std::vector<std::string> v;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n != "." && n != ".." && n.find(part) != std::string::npos) v.push_back(n);
    }
    closedir(d);
  }
  std::sort(v.begin(), v.end());
  return v;
}

std::string slurp(const std::string& path) {
  auto b = read_file(path);
  return b.ok() ? std::string(b.value().begin(), b.value().end()) : std::string();
}

// The value text after "key": in a flat JSON object (params.json), or "" if absent.
std::string json_value(const std::string& text, const std::string& key) {
  const std::size_t k = text.find("\"" + key + "\"");
  if (k == std::string::npos) return "";
  const std::size_t c = text.find(':', k);
  if (c == std::string::npos) return "";
  const std::size_t b = text.find_first_not_of(" \t\r\n", c + 1);
  if (b == std::string::npos) return "";
  if (text[b] == '"') {
    const std::size_t e = text.find('"', b + 1);
    return e == std::string::npos ? "" : text.substr(b + 1, e - b - 1);
  }
  return text.substr(b, text.find_first_of(",}\r\n", b) - b);
}

bool json_int(const std::string& text, const std::string& key, long long& out) {
  const std::string v = json_value(text, key);
  if (v.empty()) return false;
  char* end = nullptr;
  out = std::strtoll(v.c_str(), &end, 10);
  return end && *end == '\0';
}

// The codec and configuration a params.json names; parameters it lacks take their defaults.
Result<fmc_fuzz::Choice> read_params(const std::string& json) {
  auto codec = find_codec(json_value(json, "codec"));
  if (!codec.ok()) return codec.status();
  const Codec& c = *codec.value();
  long long m = 0;
  if (!json_int(json, "data_width", m) || m <= 0)
    return Status(ErrorCode::kBadFile, "params.json: no data_width");
  ParamValues pv;
  for (const auto& spec : c.param_specs()) {
    long long v = 0;
    bool found = json_int(json, spec.name, v);
    for (const auto& a : kKeyAliases)
      if (!found && c.name() == std::string(a.codec) && spec.name == a.param)
        found = json_int(json, a.key, v);
    if (found) pv.set(spec.name, v);
  }
  auto cfg = c.configure(static_cast<unsigned>(m), pv);
  if (!cfg.ok()) return cfg.status();
  return fmc_fuzz::Choice{&c, cfg.value()};
}

// Raw-mode input of fuzz_decode: mode 0, count, the sizes of all streams but the last, words.
std::vector<std::uint8_t> decode_seed(const fmc_fuzz::Choice& ch, const Streams& s,
                                      std::uint64_t n) {
  std::vector<std::uint8_t> b = choice_bytes(*ch.codec, ch.cfg);
  b.push_back(0);
  put_be(b, static_cast<std::uint32_t>(n), 3);
  for (std::size_t k = 0; k + 1 < s.size(); ++k)
    put_be(b, static_cast<std::uint32_t>(s[k].size()), 2);
  const auto info = ch.codec->streams(ch.cfg);
  for (std::size_t k = 0; k < s.size(); ++k)
    for (std::uint32_t w : s[k]) put_be(b, w, word_bytes(info[k].word_width));
  return b;
}

// The words as fuzz_decode's encode mode and fuzz_roundtrip read them, after `head`.
std::vector<std::uint8_t> words_seed(std::vector<std::uint8_t> head, unsigned m,
                                     const std::vector<std::int32_t>& x) {
  for (std::int32_t v : x)
    put_be(head, static_cast<std::uint32_t>(v) & word_mask(m), word_bytes(m));
  return head;
}

class Writer {
 public:
  void put(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    if (write_file_atomic(path, bytes).ok()) {
      ++written_;
    } else {
      problem(path, "cannot be written");
    }
  }
  void problem(const std::string& what, const std::string& why) {
    std::fprintf(stderr, "fuzz_seeds: %s: %s\n", what.c_str(), why.c_str());
    ++problems_;
  }
  int written() const { return written_; }
  int problems() const { return problems_; }

 private:
  int written_ = 0;
  int problems_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: %s <verif/vectors dir> <corpus root> [fmc v1 dir]\n", argv[0]);
    return 2;
  }
  const std::string vec = argv[1], root = argv[2];
  const std::string dec_dir = root + "/fuzz_decode", rt_dir = root + "/fuzz_roundtrip",
                    fmc_dir = root + "/fuzz_container";
  for (const auto& d : {root, dec_dir, rt_dir, fmc_dir}) mkdir(d.c_str(), 0777);
  Writer out;
  auto put_container = [&](const std::string& name, std::vector<std::uint8_t> img) {
    out.put(fmc_dir + "/" + name, img);
    img.insert(img.begin(), 0);  // the CRC-fixing spelling
    out.put(fmc_dir + "/" + name + "_fixcrc", img);
  };

  // Known-answer vectors: the EBPC authors' (kat/case_*) and every codec's own (e.g. grlc/*).
  std::vector<std::pair<std::string, std::string>> kats;  // (seed name, directory)
  for (const auto& name : list(vec + "/kat", "case_")) kats.push_back({name, vec + "/kat/" + name});
  for (const Codec* c : codecs()) {  // verif/vectors/<codec>/<case>/, for every registered codec
    const std::string cdir = vec + "/" + c->name();
    for (const auto& name : list(cdir, "")) {
      struct stat st;
      const std::string dir = cdir + "/" + name;
      if (name[0] != '.' && stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        kats.push_back({std::string(c->name()) + "_" + name, dir});
    }
  }
  for (const auto& [name, dir] : kats) {
    auto ch = read_params(slurp(dir + "/params.json"));
    auto t = npy_read(dir + "/input.npy");
    if (!ch.ok() || !t.ok()) {
      out.problem(dir, (ch.ok() ? t.status() : ch.status()).to_string());
      continue;
    }
    const Codec& codec = *ch.value().codec;
    const CodecConfig& cfg = ch.value().cfg;
    Tensor small = t.value();
    if (small.size() > kSeedWords) {
      small.data.resize(kSeedWords * (dtype_bits(small.dtype) / 8));
      small.shape = {kSeedWords};
    }
    const std::vector<std::int32_t> x = small.words().to_vector();
    auto s = codec.encode(cfg, WordView(x.data(), x.size(), cfg.data_width));
    auto f = fmc_compress(small, codec, cfg.params);
    if (!s.ok() || !f.ok()) {
      out.problem(dir, (s.ok() ? f.status() : s.status()).to_string());
      continue;
    }
    std::vector<std::uint8_t> head = choice_bytes(codec, cfg);
    out.put(dec_dir + "/" + name, decode_seed(ch.value(), s.value(), x.size()));
    std::vector<std::uint8_t> enc_head = head;
    enc_head.insert(enc_head.end(), {1, 0, 0, 0, 0});  // encode mode, no corruption
    out.put(dec_dir + "/" + name + "_encode", words_seed(enc_head, cfg.data_width, x));
    head.push_back(0);  // raw words, random schedule, no reset
    out.put(rt_dir + "/" + name, words_seed(head, cfg.data_width, x));
    put_container(name, fmc_serialize(f.value()));
  }

  for (const auto& name : list(vec + "/errors", "")) {
    const std::string dir = vec + "/errors/" + name;
    struct stat st;
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;  // README.md
    const std::string json = slurp(dir + "/params.json");
    auto ch = read_params(json);
    long long n = 0;
    if (!ch.ok() || !json_int(json, "num_words", n) || n < 0) {
      out.problem(dir, ch.ok() ? "no num_words" : ch.status().to_string());
      continue;
    }
    auto s = hex_read_streams(dir, *ch.value().codec, ch.value().cfg);
    if (!s.ok()) {
      out.problem(dir, s.status().to_string());
      continue;
    }
    out.put(dec_dir + "/error_" + name,
            decode_seed(ch.value(), s.value(), static_cast<std::uint64_t>(n)));
  }

  if (argc == 4) {
    const std::string v1 = argv[3];
    for (const auto& name : list(v1, ".fmc")) {
      auto img = read_file(v1 + "/" + name);
      if (!img.ok()) {
        out.problem(v1 + "/" + name, img.status().to_string());
        continue;
      }
      if (img.value().size() <= kMaxSeedBytes)
        put_container("v1_" + name.substr(0, name.size() - 4), img.value());
    }
  }

  std::printf("fuzz_seeds: %d seed files written to %s (%d problems)\n", out.written(),
              root.c_str(), out.problems());
  return out.problems() == 0 && out.written() > 0 ? 0 : 1;
}
