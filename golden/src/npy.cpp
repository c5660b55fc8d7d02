// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/npy.hpp"

#include <cstring>

namespace fmc {
namespace {

Status bad(const std::string& what) { return {ErrorCode::kBadFile, ".npy: " + what}; }

// The header dictionary, parsed strictly: a Python dict literal of string keys whose values are a
// string, True/False, or a tuple of non-negative integers.
struct NpyHeader {
  std::string descr, shape_text;
  bool have_descr = false, have_fortran = false, have_shape = false;
  bool fortran = false;
  std::vector<std::uint64_t> shape;
};

class DictParser {
 public:
  explicit DictParser(const std::string& s) : s_(s) {}

  Status parse(NpyHeader& h) {
    skip();
    if (!eat('{')) return bad("header is not a dictionary");
    for (;;) {
      skip();
      if (eat('}')) break;
      std::string key;
      if (!string_lit(key)) return bad("header: expected a quoted key at offset " + pos());
      skip();
      if (!eat(':')) return bad("header: expected ':' after '" + key + "'");
      skip();
      Status st;
      if (key == "descr") {
        if (h.have_descr) return bad("header repeats the key 'descr'");
        h.have_descr = true;
        if (!string_lit(h.descr)) return bad("header: 'descr' is not a string");
      } else if (key == "fortran_order") {
        if (h.have_fortran) return bad("header repeats the key 'fortran_order'");
        h.have_fortran = true;
        if (s_.compare(i_, 4, "True") == 0) {
          h.fortran = true;
          i_ += 4;
        } else if (s_.compare(i_, 5, "False") == 0) {
          i_ += 5;
        } else {
          return bad("header: malformed fortran_order");
        }
      } else if (key == "shape") {
        if (h.have_shape) return bad("header repeats the key 'shape'");
        h.have_shape = true;
        st = tuple(h);
        if (!st.ok()) return st;
      } else {
        return bad("header has an unknown key '" + key + "'");
      }
      skip();
      if (eat(',')) continue;
      skip();
      if (eat('}')) break;
      return bad("header: expected ',' or '}' at offset " + pos());
    }
    skip();
    if (i_ != s_.size()) return bad("header: text after the dictionary");
    if (!h.have_descr) return bad("header has no 'descr'");
    if (!h.have_fortran) return bad("header has no 'fortran_order'");
    if (!h.have_shape) return bad("header has no 'shape'");
    return {};
  }

 private:
  std::string pos() const { return std::to_string(i_); }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n')) ++i_;
  }
  bool eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool string_lit(std::string& out) {
    if (i_ >= s_.size() || (s_[i_] != '\'' && s_[i_] != '"')) return false;
    const char q = s_[i_++];
    const std::size_t end = s_.find(q, i_);
    if (end == std::string::npos) return false;
    out = s_.substr(i_, end - i_);
    if (out.find('\\') != std::string::npos) return false;
    i_ = end + 1;
    return true;
  }
  Status tuple(NpyHeader& h) {
    const std::size_t start = i_;
    if (!eat('(')) return bad("header: 'shape' is not a tuple");
    std::uint64_t count = 1;
    for (;;) {
      skip();
      if (eat(')')) break;
      std::size_t j = i_;
      while (j < s_.size() && s_[j] >= '0' && s_[j] <= '9') ++j;
      if (j == i_ || j - i_ > 18) return bad("header: malformed shape dimension at offset " + pos());
      const std::uint64_t d = std::stoull(s_.substr(i_, j - i_));
      i_ = j;
      h.shape.push_back(d);
      if (d != 0 && count > (std::uint64_t(1) << 40) / d) return bad("shape is too large");
      count *= d;
      skip();
      if (eat(',')) continue;
      skip();
      if (eat(')')) break;
      return bad("header: malformed shape");
    }
    h.shape_text = s_.substr(start, i_ - start);
    return {};
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

// Parses the header of `data`; sets the tensor's dtype and shape and the data offset.
Status parse_header(const std::uint8_t* data, std::size_t size, Tensor& t, std::size_t& data_start) {
  static const std::uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (size < 10) return bad("file too short for a header (" + std::to_string(size) + " bytes)");
  if (std::memcmp(data, kMagic, 6) != 0) return bad("bad magic (not a NumPy .npy file)");
  const unsigned major = data[6];
  std::size_t header_len, header_start;
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
  NpyHeader h;
  Status s = DictParser(dict).parse(h);
  if (!s.ok()) return s;

  const std::string& d = h.descr;
  if (d == "|i1" || d == "<i1" || d == "i1" || d == "=i1") {
    t.dtype = DType::kInt8;
  } else if (d == "|u1" || d == "<u1" || d == "u1" || d == "=u1") {
    t.dtype = DType::kUint8;
  } else if (d == "<i2") {
    t.dtype = DType::kInt16;
  } else if (d == "<u2") {
    t.dtype = DType::kUint16;
  } else if (d == ">i2" || d == ">u2") {
    return Status(ErrorCode::kUnsupported,
                  ".npy: big-endian dtype '" + d + "' is not supported (use little-endian)");
  } else {
    return Status(ErrorCode::kUnsupported,
                  ".npy: dtype '" + d + "' is not supported (int8, uint8, int16, uint16)");
  }
  if (h.fortran)
    return Status(ErrorCode::kUnsupported, ".npy: Fortran order is not supported (C order only)");
  t.shape = h.shape;
  data_start = header_start + header_len;
  const std::uint64_t need = t.element_count() * (dtype_bits(t.dtype) / 8);
  if (size - data_start != need)
    return bad("data is " + std::to_string(size - data_start) + " bytes but shape " +
               h.shape_text + " of " + dtype_name(t.dtype) + " needs " + std::to_string(need));
  return {};
}

}  // namespace

Result<Tensor> npy_parse(const std::uint8_t* data, std::size_t size) {
  Tensor t;
  std::size_t start = 0;
  Status s = parse_header(data, size, t, start);
  if (!s.ok()) return s;
  t.data.assign(data + start, data + size);
  return t;
}

Result<Tensor> npy_parse(std::vector<std::uint8_t>&& bytes) {
  Tensor t;
  std::size_t start = 0;
  Status s = parse_header(bytes.data(), bytes.size(), t, start);
  if (!s.ok()) return s;
  bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(start));
  t.data = std::move(bytes);
  return t;
}

Result<Tensor> npy_read(const std::string& path) { return load_tensor(path); }

std::vector<std::uint8_t> npy_header(const Tensor& t) {
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
  return out;
}

std::vector<std::uint8_t> npy_serialize(const Tensor& t) {
  std::vector<std::uint8_t> out = npy_header(t);
  out.insert(out.end(), t.data.begin(), t.data.end());
  return out;
}

Status npy_write(const std::string& path, const Tensor& t) {
  OutputFile f;
  Status s = f.open(path);
  if (s.ok()) s = f.write(npy_header(t));
  if (s.ok()) s = f.write(t.data);
  if (s.ok()) s = f.commit();
  return s;
}

}  // namespace fmc
