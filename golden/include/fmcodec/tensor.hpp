// SPDX-License-Identifier: Apache-2.0
/// @file tensor.hpp
/// Integer tensors (int8, uint8, int16, uint16; C order) and how they become codec input words.
///
/// A tensor keeps its elements as the little-endian bytes of a `.npy` data section (1 or 2 bytes
/// per element), so that a 100 MB file takes 100 MB in memory. **The one value mapping** of the
/// project: a tensor element is coded as the signed m-bit word with the same bits (m = the dtype's
/// width). int8/int16 elements are their own word; uint8/uint16 elements are reinterpreted as two's
/// complement (uint8 200 -> word -56), and mapped back on decode (-56 -> 200). Both maps are
/// bijections of the m-bit patterns, so the round trip is exact for every value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// Element types a tensor can have. Values are the container's Dtype codes.
enum class DType : std::uint8_t { kInt8 = 0, kUint8 = 1, kInt16 = 2, kUint16 = 3 };

/// Bits per element (8 or 16).
unsigned dtype_bits(DType t);
/// True for the signed types.
bool dtype_signed(DType t);
/// NumPy descriptor as written by us: "|i1", "|u1", "<i2", "<u2".
const char* dtype_descr(DType t);
/// Parses "int8", "uint8", "int16", "uint16" (CLI spelling). kBadInput otherwise.
Result<DType> parse_dtype(const std::string& name);
/// "int8", ... (CLI spelling).
const char* dtype_name(DType t);
/// True for the four codes 0..3.
bool dtype_valid(std::uint8_t code);

/// An integer tensor: dtype, shape and the element bytes (C order, little-endian).
struct Tensor {
  DType dtype = DType::kInt8;
  std::vector<std::uint64_t> shape;  ///< empty shape = scalar (1 element)
  std::vector<std::uint8_t> data;    ///< element_count() * dtype_bits / 8 bytes

  /// Product of the shape (1 for a scalar). Saturates at UINT64_MAX on overflow.
  std::uint64_t element_count() const;
  /// Number of elements held in `data`.
  std::size_t size() const { return data.size() / (dtype_bits(dtype) / 8); }
  /// Element i with its dtype's value (uint8 200 stays 200). Precondition: i < size().
  std::int32_t value(std::size_t i) const;
  /// All elements' values.
  std::vector<std::int32_t> values() const;
  /// The codec input words: a view of `data` as signed words of dtype_bits(dtype) bits.
  WordView words() const { return WordView::le_bytes(data.data(), size(), dtype_bits(dtype)); }
  /// Ok when data.size() matches the shape; kBadInput otherwise.
  Status check() const;
};

/// A tensor from element values. kBadInput if a value is outside the dtype's range or the count
/// does not match the shape.
Result<Tensor> tensor_from_values(DType dtype, std::vector<std::uint64_t> shape,
                                  const std::vector<std::int32_t>& values);
/// A tensor from decoded codec words (each a signed value of dtype_bits(dtype) bits; only the low
/// bits are kept, which is the inverse of Tensor::words()). Precondition: words.size() matches
/// the shape.
Tensor tensor_from_words(DType dtype, std::vector<std::uint64_t> shape,
                         const std::vector<std::int32_t>& words);

/// How to read a tensor file.
struct TensorFormat {
  /// Set: the file is raw little-endian elements of this dtype, shape (N,). Unset: a .npy file.
  std::optional<DType> raw_dtype;
};

/// Reads a tensor: `path` is a file or "-" for standard input. Errors: kIo (unreadable), kBadFile
/// / kUnsupported (a malformed or unsupported .npy file, a raw file whose size is not a multiple
/// of the element size, a .npy file given as raw); the caller names the file in its message.
/// Memory: the file's size once.
Result<Tensor> load_tensor(const std::string& path, const TensorFormat& format = {});

}  // namespace fmc
