// SPDX-License-Identifier: Apache-2.0
// Gate-level ZVC co-simulation: the Yosys netlists of the cores table's "gatelevel" configurations
// in the same shared environment (common/codec_cosim_impl.hpp) as the RTL.
#include "fmc_models_zvc_decoder_gl_includes.inc"
#include "fmc_models_zvc_encoder_gl_includes.inc"
#include "zvc/zvc_cosim_impl.hpp"

namespace fmc_verif {

std::vector<std::string> zvc_gl_configs() {
  std::vector<std::string> v;
#define FMC_MODEL(NAME, MODEL, PARAMS) v.push_back(#NAME);
#include "fmc_models_zvc_encoder_gl.inc"
#undef FMC_MODEL
  return v;
}

ZvcResult zvc_encoder_cosim_gl(const ZvcConfig& cfg,
                               const std::vector<std::vector<std::int32_t>>& txs,
                               const SimOptions& opt) {
#define FMC_MODEL FMC_ZVC_ENCODER_CASE
#include "fmc_models_zvc_encoder_gl.inc"
#undef FMC_MODEL
  ZvcResult r;
  r.ok = false;
  r.error = "no gate-level netlist of zvc_encoder " + cfg.name + " in this build";
  return r;
}

ZvcResult zvc_decoder_cosim_gl(const ZvcConfig& cfg, const std::vector<ZvcJob>& jobs,
                               const SimOptions& opt) {
#define FMC_MODEL FMC_ZVC_DECODER_CASE
#include "fmc_models_zvc_decoder_gl.inc"
#undef FMC_MODEL
  ZvcResult r;
  r.ok = false;
  r.error = "no gate-level netlist of zvc_decoder " + cfg.name + " in this build";
  return r;
}

}  // namespace fmc_verif
