// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/hexfile.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "fmcodec/fileio.hpp"

namespace fmc {

std::string hex_format(const std::vector<std::uint32_t>& words, unsigned width) {
  static const char kDigits[] = "0123456789abcdef";
  const unsigned digits = (width + 3) / 4;
  std::string out;
  out.reserve(words.size() * (digits + 1));
  for (std::uint32_t w : words) {
    for (unsigned d = digits; d-- > 0;) out.push_back(kDigits[(w >> (4 * d)) & 0xf]);
    out.push_back('\n');
  }
  return out;
}

Result<std::vector<std::uint32_t>> hex_parse(const std::string& text, unsigned width) {
  std::vector<std::uint32_t> words;
  std::size_t line_no = 0;
  std::size_t p = 0;
  while (p < text.size()) {
    std::size_t e = text.find('\n', p);
    if (e == std::string::npos) e = text.size();
    std::string line = text.substr(p, e - p);
    p = e + 1;
    ++line_no;
    const std::size_t c = line.find("//");
    if (c != std::string::npos) line.resize(c);
    std::size_t a = 0;
    while (a < line.size()) {
      while (a < line.size() && std::isspace(static_cast<unsigned char>(line[a]))) ++a;
      if (a >= line.size()) break;
      std::size_t b = a;
      while (b < line.size() && !std::isspace(static_cast<unsigned char>(line[b]))) ++b;
      const std::string tok = line.substr(a, b - a);
      a = b;
      if (tok.size() > 8 || tok.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return Status(ErrorCode::kBadFile,
                      "hex line " + std::to_string(line_no) + ": '" + tok + "' is not a hex word");
      const std::uint64_t v = std::stoull(tok, nullptr, 16);
      if (width < 32 && (v >> width) != 0)
        return Status(ErrorCode::kBadFile, "hex line " + std::to_string(line_no) + ": " + tok +
                                               " does not fit in " + std::to_string(width) +
                                               " bits");
      words.push_back(static_cast<std::uint32_t>(v));
    }
  }
  return words;
}

Result<std::vector<std::uint32_t>> hex_read(const std::string& path, unsigned width) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return bytes.status();
  auto r = hex_parse(std::string(bytes.value().begin(), bytes.value().end()), width);
  if (!r.ok()) return Status(r.status().code(), path + ": " + r.status().message());
  return r;
}

Status hex_write(const std::string& path, const std::vector<std::uint32_t>& words,
                 unsigned width) {
  const std::string s = hex_format(words, width);
  return write_file_atomic(path, std::vector<std::uint8_t>(s.begin(), s.end()));
}

Status hex_write_streams(const std::string& dir, const Codec& codec, const CodecConfig& cfg,
                         const Streams& streams, std::uint64_t num_words) {
  struct stat st;
  bool made_dir = false;
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return {ErrorCode::kIo, "'" + dir + "' exists and is not a directory"};
  } else {
    if (::mkdir(dir.c_str(), 0777) != 0)
      return {ErrorCode::kIo, "cannot create directory '" + dir + "': " + std::strerror(errno)};
    made_dir = true;
  }
  const auto info = codec.streams(cfg);
  std::string json = "{\n \"codec\": \"" + std::string(codec.name()) + "\",\n \"data_width\": " +
                     std::to_string(cfg.data_width);
  for (const auto& kv : cfg.params.entries())
    json += ",\n \"" + kv.first + "\": " + std::to_string(kv.second);
  json += ",\n \"num_words\": " + std::to_string(num_words);
  for (std::size_t i = 0; i < info.size(); ++i)
    json += ",\n \"" + info[i].name + "_words\": " + std::to_string(streams[i].size());
  json += "\n}\n";
  std::vector<std::string> written;
  auto undo = [&](const Status& s) {
    for (const auto& w : written) std::remove(w.c_str());
    if (made_dir) ::rmdir(dir.c_str());
    return s;
  };
  for (std::size_t i = 0; i < info.size(); ++i) {
    const std::string path = dir + "/" + info[i].name + ".hex";
    Status s = hex_write(path, streams[i], info[i].word_width);
    if (!s.ok()) return undo(s);
    written.push_back(path);
  }
  Status s = write_file_atomic(dir + "/params.json", std::vector<std::uint8_t>(json.begin(), json.end()));
  if (!s.ok()) return undo(s);
  return {};
}

Result<Streams> hex_read_streams(const std::string& dir, const Codec& codec,
                                 const CodecConfig& cfg) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Status(ErrorCode::kIo, "'" + dir + "' is not a directory");
  const auto info = codec.streams(cfg);
  Streams out(info.size());
  bool any = false;
  for (std::size_t i = 0; i < info.size(); ++i) {
    const std::string path = dir + "/" + info[i].name + ".hex";
    if (::stat(path.c_str(), &st) != 0) continue;  // a missing stream file is an empty stream
    any = true;
    auto r = hex_read(path, info[i].word_width);
    if (!r.ok()) return r.status();
    out[i] = std::move(r.value());
  }
  if (!any) {
    std::string names;
    for (const auto& s : info) names += (names.empty() ? "" : ", ") + s.name + ".hex";
    return Status(ErrorCode::kIo, "cannot open any stream file of " + std::string(codec.name()) +
                                      " (" + names + ") in '" + dir + "'");
  }
  return out;
}

}  // namespace fmc
