// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/status.hpp"

namespace fmc {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "Ok";
    case ErrorCode::kBadParams: return "BadParams";
    case ErrorCode::kZnzTruncated: return "ZnzTruncated";
    case ErrorCode::kBpcTruncated: return "BpcTruncated";
    case ErrorCode::kZnzTrailing: return "ZnzTrailing";
    case ErrorCode::kBpcTrailing: return "BpcTrailing";
    case ErrorCode::kRunOverflow: return "RunOverflow";
    case ErrorCode::kBadCode: return "BadCode";
    case ErrorCode::kZeroNonzero: return "ZeroNonzero";
    case ErrorCode::kValueRange: return "ValueRange";
    case ErrorCode::kBadInput: return "BadInput";
    case ErrorCode::kBadFile: return "BadFile";
    case ErrorCode::kIo: return "Io";
    case ErrorCode::kChecksum: return "Checksum";
    case ErrorCode::kUnsupported: return "Unsupported";
  }
  return "Unknown";
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  return std::string(error_code_name(code_)) + ": " + message_;
}

}  // namespace fmc
