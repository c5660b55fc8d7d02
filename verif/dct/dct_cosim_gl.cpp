// SPDX-License-Identifier: Apache-2.0
// Gate-level DCT co-simulation: the Yosys netlists of the cores table's "gatelevel" configurations
// in the same shared environment (common/codec_cosim_impl.hpp) as the RTL.
#include "fmc_models_dct_decoder_gl_includes.inc"
#include "fmc_models_dct_encoder_gl_includes.inc"
#include "dct/dct_cosim_impl.hpp"

namespace fmc_verif {

std::vector<std::string> dct_gl_configs() {
  std::vector<std::string> v;
#define FMC_MODEL(NAME, MODEL, PARAMS) v.push_back(#NAME);
#include "fmc_models_dct_encoder_gl.inc"
#undef FMC_MODEL
  return v;
}

DctResult dct_encoder_cosim_gl(const DctConfig& cfg, const CoreConfig& shape,
                                 const std::vector<std::vector<std::int32_t>>& txs,
                                 const SimOptions& opt) {
#define FMC_MODEL FMC_DCT_ENCODER_CASE
#include "fmc_models_dct_encoder_gl.inc"
#undef FMC_MODEL
  DctResult r;
  r.ok = false;
  r.error = "no gate-level netlist of dct_encoder " + cfg.name + " in this build";
  return r;
}

DctResult dct_decoder_cosim_gl(const DctConfig& cfg, const CoreConfig& shape,
                                 const std::vector<DctJob>& jobs, const SimOptions& opt) {
#define FMC_MODEL FMC_DCT_DECODER_CASE
#include "fmc_models_dct_decoder_gl.inc"
#undef FMC_MODEL
  DctResult r;
  r.ok = false;
  r.error = "no gate-level netlist of dct_decoder " + cfg.name + " in this build";
  return r;
}

}  // namespace fmc_verif
