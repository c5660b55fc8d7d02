// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/tensor.hpp"

#include <cstring>

#include "fmcodec/fileio.hpp"
#include "fmcodec/npy.hpp"

namespace fmc {

unsigned dtype_bits(DType t) { return (t == DType::kInt8 || t == DType::kUint8) ? 8 : 16; }
bool dtype_signed(DType t) { return t == DType::kInt8 || t == DType::kInt16; }
bool dtype_valid(std::uint8_t code) { return code <= 3; }
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
  for (std::uint64_t d : shape) {
    if (d == 0) return 0;
    if (n > UINT64_MAX / d) return UINT64_MAX;
    n *= d;
  }
  return n;
}

std::int32_t Tensor::value(std::size_t i) const {
  switch (dtype) {
    case DType::kInt8: return static_cast<std::int8_t>(data[i]);
    case DType::kUint8: return data[i];
    case DType::kInt16:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(data[2 * i] | (data[2 * i + 1] << 8)));
    case DType::kUint16: return data[2 * i] | (data[2 * i + 1] << 8);
  }
  return 0;
}

std::vector<std::int32_t> Tensor::values() const {
  std::vector<std::int32_t> v(size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = value(i);
  return v;
}

Status Tensor::check() const {
  const std::uint64_t bytes = dtype_bits(dtype) / 8;
  const std::uint64_t n = element_count();
  if (n == UINT64_MAX || data.size() % bytes != 0 || data.size() / bytes != n)
    return {ErrorCode::kBadInput, "tensor has " + std::to_string(data.size() / bytes) +
                                      " elements but its shape holds " + std::to_string(n)};
  return {};
}

Result<Tensor> tensor_from_values(DType dtype, std::vector<std::uint64_t> shape,
                                  const std::vector<std::int32_t>& values) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  const unsigned bits = dtype_bits(dtype);
  const std::int64_t lo = dtype_signed(dtype) ? -(std::int64_t(1) << (bits - 1)) : 0;
  const std::int64_t hi = dtype_signed(dtype) ? (std::int64_t(1) << (bits - 1)) - 1
                                              : (std::int64_t(1) << bits) - 1;
  t.data.reserve(values.size() * bits / 8);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::int32_t v = values[i];
    if (v < lo || v > hi)
      return Status(ErrorCode::kBadInput, "value " + std::to_string(v) + " at index " +
                                              std::to_string(i) + " is out of range for " +
                                              dtype_name(dtype));
    t.data.push_back(static_cast<std::uint8_t>(v & 0xff));
    if (bits == 16) t.data.push_back(static_cast<std::uint8_t>((v >> 8) & 0xff));
  }
  Status s = t.check();
  if (!s.ok()) return s;
  return t;
}

Tensor tensor_from_words(DType dtype, std::vector<std::uint64_t> shape,
                         const std::vector<std::int32_t>& words) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  if (dtype_bits(dtype) == 8) {
    t.data.resize(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) t.data[i] = static_cast<std::uint8_t>(words[i]);
  } else {
    t.data.resize(2 * words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
      t.data[2 * i] = static_cast<std::uint8_t>(words[i]);
      t.data[2 * i + 1] = static_cast<std::uint8_t>(words[i] >> 8);
    }
  }
  return t;
}

Result<Tensor> load_tensor(const std::string& path, const TensorFormat& format) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return bytes.status();
  std::vector<std::uint8_t>& b = bytes.value();
  if (!format.raw_dtype) {
    return npy_parse(std::move(b));
  }
  static const std::uint8_t kNpyMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (b.size() >= 6 && std::memcmp(b.data(), kNpyMagic, 6) == 0)
    return Status(ErrorCode::kBadFile,
                  "a raw dtype was given, but this is a .npy file (omit --dtype)");
  Tensor t;
  t.dtype = *format.raw_dtype;
  const std::size_t esize = dtype_bits(t.dtype) / 8;
  if (b.size() % esize != 0)
    return Status(ErrorCode::kBadFile, "raw file size " + std::to_string(b.size()) +
                                           " is not a multiple of " + std::to_string(esize) +
                                           " bytes (" + dtype_name(t.dtype) + ")");
  t.shape = {b.size() / esize};
  t.data = std::move(b);
  return t;
}

}  // namespace fmc
