// SPDX-License-Identifier: Apache-2.0
// ZVC co-simulation (zvc_cosim.hpp): the shared environment's templates with ZvcPorts,
// instantiated once per verilated configuration of the cores table (the generated model lists).
#include "zvc/zvc_cosim.hpp"

#include "fmc_models_zvc_decoder_includes.inc"
#include "fmc_models_zvc_encoder_includes.inc"
#include "fmcodec/codecs/zvc.hpp"
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

CoreConfig zvc_core_config(const ZvcConfig& cfg) {
  fmc::ParamValues pv;
  pv.set("group", cfg.group);
  return {&fmc::zvc_codec(), cfg.name, cfg.data_width,
          fmc::zvc_codec().configure(cfg.data_width, pv).value()};
}

ZvcResult zvc_encoder_cosim(const ZvcConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                            const SimOptions& opt) {
#define FMC_MODEL FMC_ZVC_ENCODER_CASE
#include "fmc_models_zvc_encoder.inc"
#undef FMC_MODEL
  ZvcResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

ZvcResult zvc_decoder_cosim(const ZvcConfig& cfg, const std::vector<ZvcJob>& jobs,
                            const SimOptions& opt) {
#define FMC_MODEL FMC_ZVC_DECODER_CASE
#include "fmc_models_zvc_decoder.inc"
#undef FMC_MODEL
  ZvcResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}

namespace {
// Loopback of encoder model E with the decoder model of the same configuration name (only models
// of the same data width pair up, so the others are not instantiated).
template <typename E>
ZvcResult loopback_with(const ZvcConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                        const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS)                                                      \
  if constexpr (std::is_same_v<cosim::InDataOf<E>, cosim::OutDataOf<MODEL>>) {              \
    if (cfg.name == #NAME)                                                                  \
      return cosim::loopback_run<E, MODEL, ZvcPorts>(zvc_core_config(cfg), txs, opt);       \
  }
#include "fmc_models_zvc_decoder.inc"
#undef FMC_MODEL
  ZvcResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}
}  // namespace

ZvcResult zvc_loopback_cosim(const ZvcConfig& cfg,
                             const std::vector<std::vector<std::int32_t>>& txs,
                             const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return loopback_with<MODEL>(cfg, txs, opt);
#include "fmc_models_zvc_encoder.inc"
#undef FMC_MODEL
  ZvcResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

}  // namespace fmc_verif
