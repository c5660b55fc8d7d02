// SPDX-License-Identifier: Apache-2.0
// GRLC co-simulation (grlc_cosim.hpp): the shared environment's templates with GrlcPorts,
// instantiated once per verilated configuration of the cores table (the generated model lists).
#include "grlc/grlc_cosim.hpp"

#include "fmc_models_grlc_decoder_includes.inc"
#include "fmc_models_grlc_encoder_includes.inc"
#include "fmcodec/codecs/grlc.hpp"
#include "grlc/grlc_cosim_impl.hpp"

namespace fmc_verif {

const std::vector<GrlcConfig>& grlc_configs() {
  static const std::vector<GrlcConfig> c = [] {
    std::vector<GrlcConfig> v;
    // Both cores have the same configurations (a core left out by FMC_SKIP_CORES has none).
    auto add = [&](const char* name, const std::string& params) {
      for (const auto& c : v)
        if (c.name == name) return;
      v.push_back({name, rtl_param(params, "DataWidth", 8), rtl_param(params, "GridH", 2),
                   rtl_param(params, "GridW", 8), rtl_param(params, "MaxPlaneWidth", 128)});
    };
    (void)add;  // both lists may be empty (FMC_SKIP_CORES)
#define FMC_MODEL(NAME, MODEL, PARAMS) add(#NAME, PARAMS);
#include "fmc_models_grlc_encoder.inc"
#include "fmc_models_grlc_decoder.inc"
#undef FMC_MODEL
    return v;
  }();
  return c;
}

CoreConfig grlc_core_config(const GrlcConfig& cfg, unsigned plane_w, unsigned plane_h) {
  fmc::ParamValues pv;
  pv.set("grid_h", cfg.grid_h);
  pv.set("grid_w", cfg.grid_w);
  pv.set("plane_w", plane_w);
  pv.set("plane_h", plane_h);
  return {&fmc::grlc_codec(), cfg.name, cfg.data_width,
          fmc::grlc_codec().configure(cfg.data_width, pv).value()};
}

GrlcResult grlc_encoder_cosim(const GrlcConfig& cfg, const CoreConfig& shape,
                              const std::vector<std::vector<std::int32_t>>& txs,
                              const SimOptions& opt) {
#define FMC_MODEL FMC_GRLC_ENCODER_CASE
#include "fmc_models_grlc_encoder.inc"
#undef FMC_MODEL
  GrlcResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

GrlcResult grlc_decoder_cosim(const GrlcConfig& cfg, const CoreConfig& shape,
                              const std::vector<GrlcJob>& jobs, const SimOptions& opt) {
#define FMC_MODEL FMC_GRLC_DECODER_CASE
#include "fmc_models_grlc_decoder.inc"
#undef FMC_MODEL
  GrlcResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}

namespace {
// Loopback of encoder model E with the decoder model of the same configuration name (only models
// of the same data width pair up, so the others are not instantiated).
template <typename E>
GrlcResult loopback_with(const GrlcConfig& cfg, const CoreConfig& shape,
                         const std::vector<std::vector<std::int32_t>>& txs,
                         const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS)                                                 \
  if constexpr (std::is_same_v<cosim::InDataOf<E>, cosim::OutDataOf<MODEL>>) {         \
    if (cfg.name == #NAME) return cosim::loopback_run<E, MODEL, GrlcPorts>(shape, txs, opt); \
  }
#include "fmc_models_grlc_decoder.inc"
#undef FMC_MODEL
  GrlcResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}
}  // namespace

GrlcResult grlc_loopback_cosim(const GrlcConfig& cfg, const CoreConfig& shape,
                               const std::vector<std::vector<std::int32_t>>& txs,
                               const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return loopback_with<MODEL>(cfg, shape, txs, opt);
#include "fmc_models_grlc_encoder.inc"
#undef FMC_MODEL
  GrlcResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

}  // namespace fmc_verif
