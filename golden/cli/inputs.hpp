// SPDX-License-Identifier: Apache-2.0
// Input lists for `stat` and `bench`: files as given, folders searched for *.npy.
#pragma once

#include <string>
#include <vector>

#include "fmcodec/status.hpp"

namespace fmc_cli {

/// One input file: its path and the name shown in tables (path relative to the folder argument,
/// or the path as given for a file argument).
struct InputFile {
  std::string path;
  std::string name;
};

/// Expands PATH arguments: a file is taken as is; a folder is searched recursively for "*.npy"
/// regular files, sorted by path. kIo for a path that does not exist, kBadInput for a folder that
/// holds no .npy file.
fmc::Result<std::vector<InputFile>> collect_inputs(const std::vector<std::string>& paths);

/// Tensor kind from the file name: "relu6" if the layer name contains "_relu" (MobileNetV2's
/// conv + BN + ReLU6 outputs), else "linear" (projections, residual adds).
std::string kind_of(const std::string& name);

}  // namespace fmc_cli
