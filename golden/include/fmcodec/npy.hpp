// SPDX-License-Identifier: Apache-2.0
/// @file npy.hpp
/// NumPy .npy (format 1.0/2.0/3.0) reader and writer for the integer tensors the codecs handle:
/// int8, uint8, int16, uint16, little-endian, C order, any shape.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fmcodec/fileio.hpp"
#include "fmcodec/status.hpp"
#include "fmcodec/tensor.hpp"

namespace fmc {

/// Parses a complete .npy image. Accepts descriptors '|i1' '<i1' 'i1' '=i1' (and the same for u1),
/// '<i2', '<u2'; fortran_order False only. The header must be a dictionary of exactly the keys
/// 'descr', 'fortran_order' and 'shape', each once (NumPy would read a repeated key as its last
/// value; we refuse it). Errors (kBadFile / kUnsupported) name what is wrong: bad magic, unknown
/// version, truncated header, malformed dictionary, duplicate or unknown key, big-endian or
/// unsupported dtype, Fortran order, data size that does not match the shape. Never reads out of
/// bounds.
Result<Tensor> npy_parse(const std::uint8_t* data, std::size_t size);
/// The same on a file image that is moved in: the data section is kept in place (no copy).
Result<Tensor> npy_parse(std::vector<std::uint8_t>&& bytes);
/// Reads and parses a file ("-" = standard input); the same as load_tensor(path).
Result<Tensor> npy_read(const std::string& path);
/// The .npy version 1.0 header of `t` (padded to a multiple of 64 bytes, as NumPy does).
std::vector<std::uint8_t> npy_header(const Tensor& t);
/// Header and data in one buffer. Precondition: t.check().ok().
std::vector<std::uint8_t> npy_serialize(const Tensor& t);
/// Writes `t` as .npy all or nothing ("-" = standard output). kIo on failure.
Status npy_write(const std::string& path, const Tensor& t);

}  // namespace fmc
