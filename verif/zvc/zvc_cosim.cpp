// SPDX-License-Identifier: Apache-2.0
// ZVC co-simulation (zvc_cosim.hpp): the templates of zvc_cosim_impl.hpp, instantiated once per
// verilated configuration of the cores table (the generated model lists).
#include "zvc/zvc_cosim.hpp"

#include "fmc_models_zvc_decoder_includes.inc"
#include "fmc_models_zvc_encoder_includes.inc"
#include "zvc/zvc_cosim_impl.hpp"

namespace fmc_verif {

const std::vector<ZvcConfig>& zvc_configs() {
  static const std::vector<ZvcConfig> c = [] {
    std::vector<ZvcConfig> v;
#define FMC_MODEL(NAME, MODEL, PARAMS) \
  v.push_back({#NAME, rtl_param(PARAMS, "DataWidth", 8), rtl_param(PARAMS, "Group", 1)});
#include "fmc_models_zvc_encoder.inc"
#undef FMC_MODEL
    return v;
  }();
  return c;
}

ZvcResult zvc_encoder_cosim(const ZvcConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                            const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS)                                                       \
  if (cfg.name == #NAME)                                                                     \
    return zvc_detail::encoder_run<MODEL, zvc_detail::InDataOf<MODEL>>(cfg, txs, opt);
#include "fmc_models_zvc_encoder.inc"
#undef FMC_MODEL
  ZvcResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

ZvcResult zvc_decoder_cosim(const ZvcConfig& cfg, const std::vector<ZvcJob>& jobs,
                            const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS)                                                       \
  if (cfg.name == #NAME)                                                                     \
    return zvc_detail::decoder_run<MODEL, zvc_detail::OutDataOf<MODEL>>(cfg, jobs, opt);
#include "fmc_models_zvc_decoder.inc"
#undef FMC_MODEL
  ZvcResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}

}  // namespace fmc_verif
