// SPDX-License-Identifier: Apache-2.0
/// @file coverage.hpp
/// Functional coverage of EBPC stimulus, derived from the input words independently of the
/// golden encoder: which symbol codes, ZNZ zero-run lengths and BPC zero-run lengths occurred,
/// partial last blocks, empty BPC streams.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fmc_verif {

/// Named coverage bins and their hit counts ("znz_run_16": 3, "bpc_code_two_adjacent": 40, ...).
using Coverage = std::map<std::string, std::uint64_t>;

/// Every bin that should be hit for data width m and block size n (all with count 0).
Coverage ebpc_coverage_bins(unsigned m, unsigned n);
/// Adds the bins hit by one transmission (values as signed m-bit integers).
void ebpc_coverage_add(Coverage& cov, const std::vector<std::int32_t>& words, unsigned m,
                       unsigned n);
/// "bin=count,bin=count" (stable order), for logs.
std::string coverage_to_string(const Coverage& cov);

}  // namespace fmc_verif
