// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"

namespace fmc_cli {
void add_stat_commands(CLI::App& /*app*/, int& /*exit_code*/) {}
}  // namespace fmc_cli
