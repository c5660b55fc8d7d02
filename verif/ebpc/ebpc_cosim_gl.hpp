// SPDX-License-Identifier: Apache-2.0
/// @file ebpc_cosim_gl.hpp
/// Gate-level co-simulation: the Yosys netlists of the EBPC cores (generic cells of
/// synth/cells.lib, behavioural models in synth/cells_sim.v) in the same harness, against the same
/// golden model, as the RTL (ebpc_cosim.hpp).
#pragma once

#include "ebpc/ebpc_cosim.hpp"

namespace fmc_verif {

/// Configurations of `core` (encoder or decoder) with a netlist in this build (the cores table's
/// "gatelevel" configurations).
std::vector<std::string> ebpc_gl_configs(EbpcCore core);
/// Like ebpc_cosim() on the netlist of `config`; an error result if that netlist is not built.
CosimResult ebpc_cosim_gl(EbpcCore core, const EbpcConfig& config,
                          const std::vector<std::vector<std::int32_t>>& transmissions,
                          const SimOptions& opt);

}  // namespace fmc_verif
