// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/status.hpp"

namespace fmc {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "Ok";
    case ErrorCode::kBadParams: return "BadParams";
    case ErrorCode::kBadInput: return "BadInput";
    case ErrorCode::kBadFile: return "BadFile";
    case ErrorCode::kIo: return "Io";
    case ErrorCode::kChecksum: return "Checksum";
    case ErrorCode::kUnsupported: return "Unsupported";
    case ErrorCode::kStream: return "Stream";
  }
  return "Unknown";
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  std::string s = is_stream_error() ? std::string(codec_name_) + " " : std::string();
  return s + error_name() + ": " + message_;
}

Status Status::with_context(const std::string& prefix) const {
  if (ok()) return *this;
  Status s = *this;
  s.message_ = prefix + ": " + message_;
  return s;
}

}  // namespace fmc
