// SPDX-License-Identifier: Apache-2.0
// MCRC co-simulation (mcrc_cosim.hpp): the shared environment's templates with McrcPorts,
// instantiated once per verilated configuration of the cores table (the generated model lists).
#include "mcrc/mcrc_cosim.hpp"

#include "fmc_models_mcrc_decoder_includes.inc"
#include "fmc_models_mcrc_encoder_includes.inc"
#include "fmcodec/codecs/mcrc.hpp"
#include "mcrc/mcrc_cosim_impl.hpp"

namespace fmc_verif {

const std::vector<McrcConfig>& mcrc_configs() {
  static const std::vector<McrcConfig> c = [] {
    std::vector<McrcConfig> v;
    // Both cores have the same configurations (a core left out by FMC_SKIP_CORES has none).
    auto add = [&](const char* name, const std::string& params) {
      for (const auto& c : v)
        if (c.name == name) return;
      v.push_back({name, rtl_param(params, "DataWidth", 8), rtl_param(params, "MaxPlaneWidth", 128),
                   rtl_param(params, "SignedMode", 1) != 0, rtl_param(params, "NearLossless", 1) != 0});
    };
    (void)add;  // the list may be empty (FMC_SKIP_CORES)
#define FMC_MODEL(NAME, MODEL, PARAMS) add(#NAME, PARAMS);
#include "fmc_models_mcrc_encoder.inc"
#include "fmc_models_mcrc_decoder.inc"
#undef FMC_MODEL
    return v;
  }();
  return c;
}

bool mcrc_supports(const McrcConfig& cfg, bool is_unsigned, unsigned near) {
  return (is_unsigned || cfg.signed_mode) && (near == 0 || cfg.near_lossless);
}

CoreConfig mcrc_core_config(const McrcConfig& cfg, unsigned plane_w, unsigned plane_h,
                            bool is_unsigned, unsigned near) {
  fmc::ParamValues pv;
  pv.set("plane_w", plane_w);
  pv.set("plane_h", plane_h);
  pv.set("unsigned", (is_unsigned || !cfg.signed_mode) ? 1 : 0);
  pv.set("near", cfg.near_lossless ? near : 0);
  return {&fmc::mcrc_codec(), cfg.name, cfg.data_width,
          fmc::mcrc_codec().configure(cfg.data_width, pv).value()};
}

McrcResult mcrc_encoder_cosim(const McrcConfig& cfg, const CoreConfig& core,
                              const std::vector<std::vector<std::int32_t>>& txs,
                              const SimOptions& opt) {
#define FMC_MODEL FMC_MCRC_ENCODER_CASE
#include "fmc_models_mcrc_encoder.inc"
#undef FMC_MODEL
  McrcResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

McrcResult mcrc_decoder_cosim(const McrcConfig& cfg, const CoreConfig& core,
                              const std::vector<McrcJob>& jobs, const SimOptions& opt) {
#define FMC_MODEL FMC_MCRC_DECODER_CASE
#include "fmc_models_mcrc_decoder.inc"
#undef FMC_MODEL
  McrcResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}

namespace {
// Loopback of encoder model E with the decoder model of the same configuration name (only models
// of the same data width pair up, so the others are not instantiated).
template <typename E>
McrcResult loopback_with(const McrcConfig& cfg, const CoreConfig& core,
                         const std::vector<std::vector<std::int32_t>>& txs,
                         const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS)                                                    \
  if constexpr (std::is_same_v<cosim::InDataOf<E>, cosim::OutDataOf<MODEL>>) {            \
    if (cfg.name == #NAME) return cosim::loopback_run<E, MODEL, McrcPorts>(core, txs, opt); \
  }
#include "fmc_models_mcrc_decoder.inc"
#undef FMC_MODEL
  McrcResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}
}  // namespace

McrcResult mcrc_loopback_cosim(const McrcConfig& cfg, const CoreConfig& core,
                               const std::vector<std::vector<std::int32_t>>& txs,
                               const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return loopback_with<MODEL>(cfg, core, txs, opt);
#include "fmc_models_mcrc_encoder.inc"
#undef FMC_MODEL
  McrcResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

}  // namespace fmc_verif
