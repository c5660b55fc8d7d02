// SPDX-License-Identifier: Apache-2.0
// Gate-level MCRC co-simulation: the Yosys netlists of the cores table's "gatelevel" configurations
// in the same shared environment (common/codec_cosim_impl.hpp) as the RTL.
#include "fmc_models_mcrc_decoder_gl_includes.inc"
#include "fmc_models_mcrc_encoder_gl_includes.inc"
#include "mcrc/mcrc_cosim_impl.hpp"

namespace fmc_verif {

std::vector<std::string> mcrc_gl_configs() {
  std::vector<std::string> v;
#define FMC_MODEL(NAME, MODEL, PARAMS) v.push_back(#NAME);
#include "fmc_models_mcrc_encoder_gl.inc"
#undef FMC_MODEL
  return v;
}

McrcResult mcrc_encoder_cosim_gl(const McrcConfig& cfg, const CoreConfig& core,
                                 const std::vector<std::vector<std::int32_t>>& txs,
                                 const SimOptions& opt) {
#define FMC_MODEL FMC_MCRC_ENCODER_CASE
#include "fmc_models_mcrc_encoder_gl.inc"
#undef FMC_MODEL
  McrcResult r;
  r.ok = false;
  r.error = "no gate-level netlist of mcrc_encoder " + cfg.name + " in this build";
  return r;
}

McrcResult mcrc_decoder_cosim_gl(const McrcConfig& cfg, const CoreConfig& core,
                                 const std::vector<McrcJob>& jobs, const SimOptions& opt) {
#define FMC_MODEL FMC_MCRC_DECODER_CASE
#include "fmc_models_mcrc_decoder_gl.inc"
#undef FMC_MODEL
  McrcResult r;
  r.ok = false;
  r.error = "no gate-level netlist of mcrc_decoder " + cfg.name + " in this build";
  return r;
}

}  // namespace fmc_verif
