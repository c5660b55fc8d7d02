// SPDX-License-Identifier: Apache-2.0
/// @file npy.hpp
/// NumPy .npy (format 1.0/2.0/3.0) reader and writer for the integer tensors the codecs handle:
/// int8, uint8, int16, uint16, little-endian, C order, any shape.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fmcodec/status.hpp"

namespace fmc {

/// Element types a tensor can have.
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

/// An integer tensor. `values` holds the elements in C order, widened to int32 (uint8/uint16 keep
/// their unsigned value).
struct Tensor {
  DType dtype = DType::kInt8;
  std::vector<std::uint64_t> shape;  ///< empty shape = scalar (1 element)
  std::vector<std::int32_t> values;

  /// Product of the shape (1 for a scalar).
  std::uint64_t element_count() const;
};

/// Parses a complete .npy image. Accepts descriptors '|i1' '<i1' 'i1' '|u1' '<u1' 'u1' '<i2' '<u2'
/// (and '|b1'-style bytes are rejected), fortran_order False only.
/// Errors (kBadFile / kUnsupported) name what is wrong: bad magic, unknown version, truncated
/// header, malformed dictionary, big-endian or unsupported dtype, Fortran order, data size that does
/// not match the shape. Never reads out of bounds.
Result<Tensor> npy_parse(const std::uint8_t* data, std::size_t size);
/// Reads and parses a file (kIo if it cannot be read).
Result<Tensor> npy_read(const std::string& path);
/// Serializes a tensor as .npy version 1.0 (header padded to 64 bytes, as NumPy does).
/// Precondition: values.size() == element_count() and each value is in the dtype's range.
std::vector<std::uint8_t> npy_serialize(const Tensor& t);
/// Checks the tensor's values against its dtype and shape: kBadInput with the first offender.
Status tensor_check(const Tensor& t);

/// Reads a whole file. kIo with the OS error on failure.
Result<std::vector<std::uint8_t>> read_file(const std::string& path);
/// Writes a whole file atomically: to "path.tmp.<pid>" then rename(). kIo on failure (the
/// temporary file is removed; an existing `path` is left untouched).
Status write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace fmc
