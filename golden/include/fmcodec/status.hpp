// SPDX-License-Identifier: Apache-2.0
/// @file status.hpp
/// Error reporting for the fmcodec golden library: every fallible function returns a `Status` or a
/// `Result<T>`; nothing in the library calls `exit()` or throws for bad *data* (only `std::bad_alloc`
/// can escape).
///
/// Two kinds of error, kept apart:
///  - **host errors** (`ErrorCode`): bad parameters or arguments, malformed files, I/O, checksums,
///    unsupported versions. They are the same for every codec.
///  - **stream errors** (`ErrorCode::kStream`): a coded stream is corrupt or truncated. Each codec
///    has its own enum of stream errors (e.g. `EbpcError` in codecs/ebpc.hpp); the Status records
///    which codec (its id and name) and which of its errors. The RTL decoder of a codec reports the
///    same numbers on its `err_code_o` port, so the values of a codec's enum are part of its format
///    specification.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace fmc {

/// Host error classes (not stream errors). Stable numeric values.
enum class ErrorCode : std::uint8_t {
  kOk = 0,
  kBadParams = 1,    ///< illegal codec parameters (unknown name, illegal value or combination)
  kBadInput = 2,     ///< an input value or argument is out of range (e.g. >= 2^width)
  kBadFile = 3,      ///< malformed file (.npy, .fmc, hex)
  kIo = 4,           ///< the operating system refused a read or write
  kChecksum = 5,     ///< a CRC does not match
  kUnsupported = 6,  ///< valid but unsupported (format version, dtype, codec id of a later build)
  kStream = 7,       ///< a codec's stream error: see Status::codec_name() and Status::stream_error()
};

/// Short stable name of a host error code ("BadFile", ...; "Stream" for kStream).
/// Contract: total function, never fails; unknown values give "Unknown".
const char* error_code_name(ErrorCode code);

/// Declares a codec's stream-error enum to the library. Every codec specializes it in its own header:
///
///     template <> struct StreamErrorTraits<EbpcError> {
///       static constexpr std::uint8_t kCodecId = 1;       // the codec's id (registry, container)
///       static constexpr const char* kCodecName = "ebpc"; // the codec's registry name
///       static const char* name(EbpcError e);             // "ZnzTruncated", ...
///     };
///
/// Enum values must be 1..15 (0 is "no error"; the RTL port is 4 bits wide).
template <typename E>
struct StreamErrorTraits;

/// Outcome of an operation: ok, a host error, or a codec's stream error, with a human-readable
/// message that says what and where (stream, word index, bit offset).
class Status {
 public:
  /// An ok status. Cheap: no allocation.
  Status() = default;
  /// A host error. Precondition: `code` is neither kOk nor kStream.
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  /// A stream error of the codec that owns enum `E` (see StreamErrorTraits).
  /// Precondition: 1 <= value of `e` <= 15.
  template <typename E, typename = decltype(StreamErrorTraits<E>::kCodecId)>
  Status(E e, std::string message)
      : code_(ErrorCode::kStream),
        codec_id_(StreamErrorTraits<E>::kCodecId),
        stream_error_(static_cast<std::uint8_t>(e)),
        codec_name_(StreamErrorTraits<E>::kCodecName),
        error_name_(StreamErrorTraits<E>::name(e)),
        message_(std::move(message)) {}

  /// True when no error occurred.
  bool ok() const { return code_ == ErrorCode::kOk; }
  /// The host error code; kStream for a stream error; kOk when ok().
  ErrorCode code() const { return code_; }
  /// True for a stream error (of any codec).
  bool is_stream_error() const { return code_ == ErrorCode::kStream; }
  /// Id of the codec whose stream error this is; 0 for ok and host errors.
  std::uint8_t codec_id() const { return codec_id_; }
  /// The codec's stream-error value (1..15, the RTL's err_code_o); 0 for ok and host errors.
  std::uint8_t stream_error() const { return stream_error_; }
  /// Registry name of the codec of a stream error ("ebpc"); "" otherwise.
  const char* codec_name() const { return codec_name_; }
  /// Name of the error: the stream error's name ("ZnzTruncated") or error_code_name(code()).
  const char* error_name() const {
    return code_ == ErrorCode::kStream ? error_name_ : error_code_name(code_);
  }
  /// True when this is exactly host error `c`.
  bool is(ErrorCode c) const { return code_ == c; }
  /// True when this is exactly stream error `e` of its codec.
  template <typename E, typename = decltype(StreamErrorTraits<E>::kCodecId)>
  bool is(E e) const {
    return code_ == ErrorCode::kStream && codec_id_ == StreamErrorTraits<E>::kCodecId &&
           stream_error_ == static_cast<std::uint8_t>(e);
  }
  /// The message (empty when ok()).
  const std::string& message() const { return message_; }
  /// "ok", "BadFile: message" or "ebpc ZnzTruncated: message".
  std::string to_string() const;
  /// The same error with `prefix` put before the message (e.g. a file name). Ok stays ok.
  Status with_context(const std::string& prefix) const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::uint8_t codec_id_ = 0;
  std::uint8_t stream_error_ = 0;
  const char* codec_name_ = "";
  const char* error_name_ = "";
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
