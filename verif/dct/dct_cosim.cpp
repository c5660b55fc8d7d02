// SPDX-License-Identifier: Apache-2.0
// DCT co-simulation (dct_cosim.hpp): the shared environment's templates with DctPorts,
// instantiated once per verilated configuration of the cores table (the generated model lists).
#include "dct/dct_cosim.hpp"

#include "fmc_models_dct_decoder_includes.inc"
#include "fmc_models_dct_encoder_includes.inc"
#include "fmcodec/codecs/dct.hpp"
#include "dct/dct_cosim_impl.hpp"

namespace fmc_verif {

const std::vector<DctConfig>& dct_configs() {
  static const std::vector<DctConfig> c = [] {
    std::vector<DctConfig> v;
    // Both cores have the same configurations (a core left out by FMC_SKIP_CORES has none).
    auto add = [&](const char* name, const std::string& params) {
      for (const auto& c : v)
        if (c.name == name) return;
      v.push_back({name, rtl_param(params, "DataWidth", 8), rtl_param(params, "MaxPlaneWidth", 128)});
    };
    (void)add;  // both lists may be empty (FMC_SKIP_CORES)
#define FMC_MODEL(NAME, MODEL, PARAMS) add(#NAME, PARAMS);
#include "fmc_models_dct_encoder.inc"
#include "fmc_models_dct_decoder.inc"
#undef FMC_MODEL
    return v;
  }();
  return c;
}

CoreConfig dct_core_config(const DctConfig& cfg, unsigned plane_w, unsigned plane_h,
                           unsigned shift, bool unsigned_range) {
  fmc::ParamValues pv;
  pv.set("plane_w", plane_w);
  pv.set("plane_h", plane_h);
  pv.set("shift", shift);
  pv.set("unsigned", unsigned_range ? 1 : 0);
  return {&fmc::dct_codec(), cfg.name, cfg.data_width,
          fmc::dct_codec().configure(cfg.data_width, pv).value()};
}

DctResult dct_encoder_cosim(const DctConfig& cfg, const CoreConfig& shape,
                              const std::vector<std::vector<std::int32_t>>& txs,
                              const SimOptions& opt) {
#define FMC_MODEL FMC_DCT_ENCODER_CASE
#include "fmc_models_dct_encoder.inc"
#undef FMC_MODEL
  DctResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

DctResult dct_decoder_cosim(const DctConfig& cfg, const CoreConfig& shape,
                              const std::vector<DctJob>& jobs, const SimOptions& opt) {
#define FMC_MODEL FMC_DCT_DECODER_CASE
#include "fmc_models_dct_decoder.inc"
#undef FMC_MODEL
  DctResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}

namespace {
// Loopback of encoder model E with the decoder model of the same configuration name (only models
// of the same data width pair up, so the others are not instantiated).
template <typename E>
DctResult loopback_with(const DctConfig& cfg, const CoreConfig& shape,
                         const std::vector<std::vector<std::int32_t>>& txs,
                         const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS)                                                 \
  if constexpr (std::is_same_v<cosim::InDataOf<E>, cosim::OutDataOf<MODEL>>) {         \
    if (cfg.name == #NAME) return cosim::loopback_run<E, MODEL, DctPorts>(shape, txs, opt); \
  }
#include "fmc_models_dct_decoder.inc"
#undef FMC_MODEL
  DctResult r;
  r.ok = false;
  r.error = "no verilated decoder for " + cfg.name;
  return r;
}
}  // namespace

DctResult dct_loopback_cosim(const DctConfig& cfg, const CoreConfig& shape,
                               const std::vector<std::vector<std::int32_t>>& txs,
                               const SimOptions& opt) {
#define FMC_MODEL(NAME, MODEL, PARAMS) \
  if (cfg.name == #NAME) return loopback_with<MODEL>(cfg, shape, txs, opt);
#include "fmc_models_dct_encoder.inc"
#undef FMC_MODEL
  DctResult r;
  r.ok = false;
  r.error = "no verilated encoder for " + cfg.name;
  return r;
}

}  // namespace fmc_verif
