// SPDX-License-Identifier: Apache-2.0
#include "inputs.hpp"

#include <algorithm>
#include <filesystem>

namespace fmc_cli {

namespace fs = std::filesystem;
using fmc::ErrorCode;
using fmc::Status;

fmc::Result<std::vector<InputFile>> collect_inputs(const std::vector<std::string>& paths) {
  std::vector<InputFile> out;
  for (const auto& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) return Status(ErrorCode::kIo, "'" + p + "' does not exist");
    if (!fs::is_directory(st)) {
      out.push_back({p, p});
      continue;
    }
    std::vector<InputFile> found;
    fs::recursive_directory_iterator it(p, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".npy" && it->is_regular_file(ec))
        found.push_back({it->path().string(), it->path().lexically_relative(p).string()});
    }
    if (ec) return Status(ErrorCode::kIo, "cannot list '" + p + "': " + ec.message());
    if (found.empty()) return Status(ErrorCode::kBadInput, "no .npy file under '" + p + "'");
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::string kind_of(const std::string& name) {
  const std::string file = fs::path(name).filename().string();
  return file.find("_relu") != std::string::npos ? "relu6" : "linear";
}

}  // namespace fmc_cli
