// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/npy.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace fmc {
namespace {

Status bad(const std::string& what) { return {ErrorCode::kBadFile, ".npy: " + what}; }

std::string trim(const std::string& s) {
  std::size_t a = s.find_first_not_of(" \t");
  std::size_t b = s.find_last_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// Finds the value text of key `key` in a Python dict literal; empty on failure.
bool dict_value(const std::string& dict, const std::string& key, std::string* out) {
  std::size_t k = dict.find("'" + key + "'");
  if (k == std::string::npos) k = dict.find("\"" + key + "\"");
  if (k == std::string::npos) return false;
  std::size_t colon = dict.find(':', k + key.size() + 2);
  if (colon == std::string::npos) return false;
  std::size_t p = colon + 1;
  while (p < dict.size() && dict[p] == ' ') ++p;
  if (p >= dict.size()) return false;
  std::size_t end;
  if (dict[p] == '(') {
    end = dict.find(')', p);
    if (end == std::string::npos) return false;
    ++end;
  } else if (dict[p] == '\'' || dict[p] == '"') {
    end = dict.find(dict[p], p + 1);
    if (end == std::string::npos) return false;
    ++end;
  } else {
    end = dict.find_first_of(",}", p);
    if (end == std::string::npos) return false;
  }
  *out = trim(dict.substr(p, end - p));
  return true;
}

}  // namespace

unsigned dtype_bits(DType t) { return (t == DType::kInt8 || t == DType::kUint8) ? 8 : 16; }
bool dtype_signed(DType t) { return t == DType::kInt8 || t == DType::kInt16; }
const char* dtype_descr(DType t) {
  switch (t) {
    case DType::kInt8: return "|i1";
    case DType::kUint8: return "|u1";
    case DType::kInt16: return "<i2";
    case DType::kUint16: return "<u2";
  }
  return "?";
}
const char* dtype_name(DType t) {
  switch (t) {
    case DType::kInt8: return "int8";
    case DType::kUint8: return "uint8";
    case DType::kInt16: return "int16";
    case DType::kUint16: return "uint16";
  }
  return "?";
}
Result<DType> parse_dtype(const std::string& name) {
  if (name == "int8") return DType::kInt8;
  if (name == "uint8") return DType::kUint8;
  if (name == "int16") return DType::kInt16;
  if (name == "uint16") return DType::kUint16;
  return Status(ErrorCode::kBadInput,
                "unknown dtype '" + name + "' (int8, uint8, int16 or uint16)");
}

std::uint64_t Tensor::element_count() const {
  std::uint64_t n = 1;
  for (std::uint64_t d : shape) n *= d;
  return n;
}

Status tensor_check(const Tensor& t) {
  if (t.values.size() != t.element_count())
    return {ErrorCode::kBadInput, "tensor has " + std::to_string(t.values.size()) +
                                      " values but its shape holds " +
                                      std::to_string(t.element_count())};
  const unsigned bits = dtype_bits(t.dtype);
  const std::int64_t lo = dtype_signed(t.dtype) ? -(std::int64_t(1) << (bits - 1)) : 0;
  const std::int64_t hi = dtype_signed(t.dtype) ? (std::int64_t(1) << (bits - 1)) - 1
                                                : (std::int64_t(1) << bits) - 1;
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    if (t.values[i] < lo || t.values[i] > hi)
      return {ErrorCode::kBadInput, "value " + std::to_string(t.values[i]) + " at index " +
                                        std::to_string(i) + " is out of range for " +
                                        dtype_name(t.dtype)};
  }
  return {};
}

Result<Tensor> npy_parse(const std::uint8_t* data, std::size_t size) {
  static const std::uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (size < 10) return bad("file too short for a header (" + std::to_string(size) + " bytes)");
  if (std::memcmp(data, kMagic, 6) != 0) return bad("bad magic (not a NumPy .npy file)");
  const unsigned major = data[6];
  std::size_t header_len;
  std::size_t header_start;
  if (major == 1) {
    header_len = data[8] | (std::size_t(data[9]) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12) return bad("file too short for a version 2 header");
    header_len = data[8] | (std::size_t(data[9]) << 8) | (std::size_t(data[10]) << 16) |
                 (std::size_t(data[11]) << 24);
    header_start = 12;
  } else {
    return Status(ErrorCode::kUnsupported,
                  ".npy: format version " + std::to_string(major) + " is not supported");
  }
  if (header_len > size - header_start)
    return bad("header length " + std::to_string(header_len) + " runs past the end of the file");
  const std::string dict(reinterpret_cast<const char*>(data + header_start), header_len);
  if (dict.find('{') == std::string::npos || dict.find('}') == std::string::npos)
    return bad("header is not a dictionary");

  std::string descr, fortran, shape_txt;
  if (!dict_value(dict, "descr", &descr)) return bad("header has no 'descr'");
  if (!dict_value(dict, "fortran_order", &fortran)) return bad("header has no 'fortran_order'");
  if (!dict_value(dict, "shape", &shape_txt)) return bad("header has no 'shape'");

  if (descr.size() < 2) return bad("malformed descr " + descr);
  descr = descr.substr(1, descr.size() - 2);
  Tensor t;
  if (descr == "|i1" || descr == "<i1" || descr == "i1" || descr == "=i1") {
    t.dtype = DType::kInt8;
  } else if (descr == "|u1" || descr == "<u1" || descr == "u1" || descr == "=u1") {
    t.dtype = DType::kUint8;
  } else if (descr == "<i2") {
    t.dtype = DType::kInt16;
  } else if (descr == "<u2") {
    t.dtype = DType::kUint16;
  } else if (descr == ">i2" || descr == ">u2") {
    return Status(ErrorCode::kUnsupported,
                  ".npy: big-endian dtype '" + descr + "' is not supported (use little-endian)");
  } else {
    return Status(ErrorCode::kUnsupported, ".npy: dtype '" + descr +
                                               "' is not supported (int8, uint8, int16, uint16)");
  }
  if (fortran == "True")
    return Status(ErrorCode::kUnsupported, ".npy: Fortran order is not supported (C order only)");
  if (fortran != "False") return bad("malformed fortran_order '" + fortran + "'");

  if (shape_txt.size() < 2 || shape_txt.front() != '(' || shape_txt.back() != ')')
    return bad("malformed shape '" + shape_txt + "'");
  const std::string inner = shape_txt.substr(1, shape_txt.size() - 2);
  std::size_t p = 0;
  std::uint64_t count = 1;
  while (p < inner.size()) {
    std::size_t comma = inner.find(',', p);
    std::string item = trim(inner.substr(p, comma == std::string::npos ? std::string::npos
                                                                       : comma - p));
    if (!item.empty()) {
      if (item.size() > 18 || item.find_first_not_of("0123456789") != std::string::npos)
        return bad("malformed shape dimension '" + item + "'");
      const std::uint64_t d = std::stoull(item);
      t.shape.push_back(d);
      if (d != 0 && count > (std::uint64_t(1) << 40) / d)
        return bad("shape " + shape_txt + " is too large");
      count *= d;
    }
    if (comma == std::string::npos) break;
    p = comma + 1;
  }
  const std::size_t esize = dtype_bits(t.dtype) / 8;
  const std::size_t data_start = header_start + header_len;
  const std::uint64_t need = count * esize;
  if (size - data_start != need)
    return bad("data is " + std::to_string(size - data_start) + " bytes but shape " + shape_txt +
               " of " + dtype_name(t.dtype) + " needs " + std::to_string(need));
  t.values.resize(static_cast<std::size_t>(count));
  const std::uint8_t* d = data + data_start;
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    switch (t.dtype) {
      case DType::kInt8: t.values[i] = static_cast<std::int8_t>(d[i]); break;
      case DType::kUint8: t.values[i] = d[i]; break;
      case DType::kInt16:
        t.values[i] = static_cast<std::int16_t>(d[2 * i] | (d[2 * i + 1] << 8));
        break;
      case DType::kUint16: t.values[i] = d[2 * i] | (d[2 * i + 1] << 8); break;
    }
  }
  return t;
}

std::vector<std::uint8_t> npy_serialize(const Tensor& t) {
  std::string shape = "(";
  for (std::size_t i = 0; i < t.shape.size(); ++i) {
    shape += std::to_string(t.shape[i]);
    if (t.shape.size() == 1 || i + 1 < t.shape.size()) shape += ",";
    if (i + 1 < t.shape.size()) shape += " ";
  }
  shape += ")";
  std::string dict = std::string("{'descr': '") + dtype_descr(t.dtype) +
                     "', 'fortran_order': False, 'shape': " + shape + ", }";
  std::size_t total = 10 + dict.size() + 1;
  std::size_t pad = (64 - total % 64) % 64;
  dict.append(pad, ' ');
  dict.push_back('\n');
  std::vector<std::uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.push_back(static_cast<std::uint8_t>(dict.size() & 0xff));
  out.push_back(static_cast<std::uint8_t>(dict.size() >> 8));
  out.insert(out.end(), dict.begin(), dict.end());
  const unsigned bytes = dtype_bits(t.dtype) / 8;
  out.reserve(out.size() + t.values.size() * bytes);
  for (std::int32_t v : t.values) {
    out.push_back(static_cast<std::uint8_t>(v & 0xff));
    if (bytes == 2) out.push_back(static_cast<std::uint8_t>((v >> 8) & 0xff));
  }
  return out;
}

Result<std::vector<std::uint8_t>> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status(ErrorCode::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(f)),
                                  std::istreambuf_iterator<char>());
  if (f.bad()) return Status(ErrorCode::kIo, "error reading '" + path + "'");
  return bytes;
}

Result<Tensor> npy_read(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return bytes.status();
  auto t = npy_parse(bytes.value().data(), bytes.value().size());
  if (!t.ok()) return Status(t.status().code(), path + ": " + t.status().message());
  return t;
}

Status write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return {ErrorCode::kIo, "cannot create '" + tmp + "': " + std::strerror(errno)};
  bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (::fsync(::fileno(f)) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    return {ErrorCode::kIo, "cannot write '" + tmp + "': " + std::strerror(errno)};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(tmp.c_str());
    return {ErrorCode::kIo, "cannot rename '" + tmp + "' to '" + path + "': " + std::strerror(e)};
  }
  return {};
}

}  // namespace fmc
