// SPDX-License-Identifier: Apache-2.0
// Gate-level GRLC co-simulation: the Yosys netlists of the cores table's "gatelevel" configurations
// in the same shared environment (common/codec_cosim_impl.hpp) as the RTL.
#include "fmc_models_grlc_decoder_gl_includes.inc"
#include "fmc_models_grlc_encoder_gl_includes.inc"
#include "grlc/grlc_cosim_impl.hpp"

namespace fmc_verif {

std::vector<std::string> grlc_gl_configs() {
  std::vector<std::string> v;
#define FMC_MODEL(NAME, MODEL, PARAMS) v.push_back(#NAME);
#include "fmc_models_grlc_encoder_gl.inc"
#undef FMC_MODEL
  return v;
}

GrlcResult grlc_encoder_cosim_gl(const GrlcConfig& cfg, const CoreConfig& shape,
                                 const std::vector<std::vector<std::int32_t>>& txs,
                                 const SimOptions& opt) {
#define FMC_MODEL FMC_GRLC_ENCODER_CASE
#include "fmc_models_grlc_encoder_gl.inc"
#undef FMC_MODEL
  GrlcResult r;
  r.ok = false;
  r.error = "no gate-level netlist of grlc_encoder " + cfg.name + " in this build";
  return r;
}

GrlcResult grlc_decoder_cosim_gl(const GrlcConfig& cfg, const CoreConfig& shape,
                                 const std::vector<GrlcJob>& jobs, const SimOptions& opt) {
#define FMC_MODEL FMC_GRLC_DECODER_CASE
#include "fmc_models_grlc_decoder_gl.inc"
#undef FMC_MODEL
  GrlcResult r;
  r.ok = false;
  r.error = "no gate-level netlist of grlc_decoder " + cfg.name + " in this build";
  return r;
}

}  // namespace fmc_verif
