// SPDX-License-Identifier: Apache-2.0
/// @file fileio.hpp
/// Whole-file reads and all-or-nothing writes, with "-" for standard input / output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fmcodec/status.hpp"

namespace fmc {

/// Reads a whole file, or standard input for "-". kIo with the OS error on failure (also for a
/// directory).
Result<std::vector<std::uint8_t>> read_file(const std::string& path);

/// A file written all or nothing: bytes go to a temporary file next to `path`
/// ("<path>.tmp.<pid>"), and commit() renames it over `path` (after fsync). Destroying an
/// uncommitted OutputFile removes the temporary file, so an error never leaves a half-written or
/// new file behind. For path "-" the bytes go to standard output directly (no atomicity).
class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Opens the temporary file. kIo on failure.
  Status open(const std::string& path);
  /// Appends bytes. kIo on failure (the error is also remembered for commit()).
  Status write(const void* data, std::size_t size);
  Status write(const std::vector<std::uint8_t>& bytes) { return write(bytes.data(), bytes.size()); }
  /// Flushes, syncs and renames into place. kIo on failure (then nothing is left behind).
  Status commit();
  /// Removes the temporary file (also done by the destructor when not committed).
  void abort();
  /// The final path.
  const std::string& path() const { return path_; }

 private:
  std::string path_, tmp_;
  std::FILE* f_ = nullptr;
  bool to_stdout_ = false;
  Status error_;
};

/// Writes a whole file all or nothing (OutputFile). kIo on failure, with `path` left untouched.
Status write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace fmc
