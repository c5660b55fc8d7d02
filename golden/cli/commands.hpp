// SPDX-License-Identifier: Apache-2.0
// Subcommands of the fmcodec CLI. Each add_* registers one CLI11 subcommand whose callback sets
// the process exit code through `exit_code` (0 ok, 1 error); nothing here calls exit().
#pragma once

#include <CLI/CLI.hpp>

namespace fmc_cli {

/// `compress` and `decompress` (cmd_codec.cpp).
void add_codec_commands(CLI::App& app, int& exit_code);
/// `stat` and `bench` (cmd_stat.cpp).
void add_stat_commands(CLI::App& app, int& exit_code);

}  // namespace fmc_cli
