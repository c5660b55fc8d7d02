// SPDX-License-Identifier: Apache-2.0
/// @file status.hpp
/// Error reporting for the fmcodec golden library: every fallible function returns a `Status` or a
/// `Result<T>`; nothing in the library calls `exit()` or throws for bad *data* (only `std::bad_alloc`
/// can escape).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace fmc {

/// What went wrong. Stable numeric values: the RTL decoders report the same codes on `err_code_o`
/// (see docs/integration.md), and the co-simulation compares them.
enum class ErrorCode : std::uint8_t {
  kOk = 0,
  kBadParams = 1,        ///< illegal parameter combination (width, block size, ...)
  kZnzTruncated = 2,     ///< the ZNZ stream ended before all words were decoded
  kBpcTruncated = 3,     ///< the BPC stream ended inside a block (or is empty but data needs it)
  kZnzTrailing = 4,      ///< the ZNZ stream goes on after the last word (extra words / padding not 0)
  kBpcTrailing = 5,      ///< the BPC stream goes on after the last block (extra words / padding not 0)
  kRunOverflow = 6,      ///< a ZNZ zero run reaches past the word count
  kBadCode = 7,          ///< impossible BPC symbol (run past block end, position out of range, ...)
  kZeroNonzero = 8,      ///< ZNZ says "non-zero" but the BPC value decodes to 0, or stuffing not 0
  kValueRange = 9,       ///< a reconstructed value does not fit in the data width
  kBadInput = 10,        ///< an input value or argument is out of range (e.g. >= 2^width)
  kBadFile = 11,         ///< malformed file (.npy, .fmc, hex)
  kIo = 12,              ///< the operating system refused a read or write
  kChecksum = 13,        ///< the container's CRC does not match the decoded data
  kUnsupported = 14,     ///< valid but unsupported (format version, dtype, ...)
};

/// Short stable name of an error code ("ZnzTruncated", ...).
/// Contract: total function, never fails; unknown values give "Unknown".
const char* error_code_name(ErrorCode code);

/// Outcome of an operation: ok, or an error code with a human-readable message that says what
/// and where (stream, word index, bit offset).
class Status {
 public:
  /// An ok status. Cheap: no allocation.
  Status() = default;
  /// An error. Precondition: `code != ErrorCode::kOk`.
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  /// True when no error occurred.
  bool ok() const { return code_ == ErrorCode::kOk; }
  /// The error code (kOk when ok()).
  ErrorCode code() const { return code_; }
  /// The message (empty when ok()).
  const std::string& message() const { return message_; }
  /// "Name: message", or "ok".
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

/// A value or an error, like C++23 `std::expected<T, Status>`.
template <typename T>
class Result {
 public:
  /// Success with a value.
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  /// Failure. Precondition: `!status.ok()`.
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  /// True when a value is held.
  bool ok() const { return v_.index() == 0; }
  /// The value. Precondition: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  /// The error (an ok Status when a value is held).
  Status status() const { return ok() ? Status() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace fmc
