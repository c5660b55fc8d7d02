// SPDX-License-Identifier: Apache-2.0
// fmc_cosim's ZVC tool (common/codec_tool.hpp): fmaps, random, perf for the ZVC cores, through
// the shared driver (common/tool_driver.hpp); here only what is ZVC's.
#include "common/tool_driver.hpp"
#include "zvc/zvc_cosim.hpp"

namespace fmc_verif {
namespace {

class ZvcTool : public EnvCodecTool<ZvcConfig, ZvcJob> {
 public:
  const char* codec() const override { return "zvc"; }

 protected:
  const std::vector<ZvcConfig>& configs() const override { return zvc_configs(); }
  // fmaps: G = 1 of the tensor's width.
  bool fmaps_default(const ZvcConfig& cfg) const override { return cfg.group == 1; }
  std::optional<CoreConfig> fmaps_config(const ZvcConfig& cfg, const FmapRequest&) const override {
    return zvc_core_config(cfg);
  }
  Shape random_config(const ZvcConfig& cfg, std::mt19937_64&) const override {
    return {zvc_core_config(cfg), "", 0};
  }
  std::vector<Shape> perf_configs(const ZvcConfig& cfg) const override {
    return {{zvc_core_config(cfg), "", 0}};
  }
  // The mask or the value stream cut by one word, a word appended, one bit flipped, or a coded
  // group zeroed (value words come in groups of G; only the last may be shorter): a group flagged
  // non-zero that holds only zeros.
  Corruption corruption(const ZvcConfig& cfg) const override {
    return {{"mask", "value"}, 1, cfg.group, "group zeroed"};
  }
  // Bound = words / max(words, mask words, value words).
  PerfLayout perf_layout() const override { return {"zvc", 13, false, {"mask", "value"}}; }

  CosimRun encoder(const ZvcConfig& cfg, const CoreConfig&, const Transmissions& tx,
                   const SimOptions& opt) const override {
    return zvc_encoder_cosim(cfg, tx, opt);
  }
  CosimRun decoder(const ZvcConfig& cfg, const CoreConfig&, const std::vector<ZvcJob>& jobs,
                   const SimOptions& opt) const override {
    return zvc_decoder_cosim(cfg, jobs, opt);
  }
  CosimRun loopback(const ZvcConfig& cfg, const CoreConfig&, const Transmissions& tx,
                    const SimOptions& opt) const override {
    return zvc_loopback_cosim(cfg, tx, opt);
  }
};

}  // namespace

const CodecTool& zvc_tool() {
  static const ZvcTool t;
  return t;
}

}  // namespace fmc_verif
