// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/hexfile.hpp"

#include <cctype>

#include "fmcodec/npy.hpp"

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

}  // namespace fmc
