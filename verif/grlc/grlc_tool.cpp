// SPDX-License-Identifier: Apache-2.0
// fmc_cosim's GRLC tool (common/codec_tool.hpp): fmaps, random, perf for the GRLC cores, through
// the shared driver (common/tool_driver.hpp); here only what is GRLC's: the plane shapes.
#include "common/tool_driver.hpp"
#include "fmcodec/codecs/grlc.hpp"
#include "grlc/grlc_cosim.hpp"

namespace fmc_verif {
namespace {

// The plane shape of a random run: widths around the grid width and the real feature maps' (7,
// 14, 28, 56, 112), the core's largest, and random ones; heights around the grid height.
std::pair<unsigned, unsigned> random_shape(const GrlcConfig& c, std::mt19937_64& rng) {
  const unsigned gw = c.grid_w, gh = c.grid_h, mw = c.max_plane_width;
  const std::vector<unsigned> ws = {1, 2, 3, gw - 1, gw, gw + 1, 2 * gw + 3, 7, 14, 28, 56, 112, mw, mw - 1};
  std::vector<unsigned> wl;
  for (unsigned w : ws)
    if (w >= 1 && w <= mw) wl.push_back(w);
  const unsigned w = (rng() % 4 == 0) ? 1 + static_cast<unsigned>(rng() % mw) : wl[rng() % wl.size()];
  const std::vector<unsigned> hs = {1, 2, 3, gh, gh + 1, 2 * gh + 1, 7, 14};
  const unsigned h = (rng() % 4 == 0) ? 1 + static_cast<unsigned>(rng() % 40) : hs[rng() % hs.size()];
  return {w, h};
}

class GrlcTool : public EnvCodecTool<GrlcConfig, GrlcJob> {
 public:
  const char* codec() const override { return "grlc"; }

 protected:
  const std::vector<GrlcConfig>& configs() const override { return grlc_configs(); }
  // fmaps: 2 x 8 grids of the tensor's width.
  bool fmaps_default(const GrlcConfig& cfg) const override {
    return cfg.grid_h == 2 && cfg.grid_w == 8;
  }
  // The plane shape is the tensor's last two axes.
  std::optional<CoreConfig> fmaps_config(const GrlcConfig& cfg,
                                         const FmapRequest& q) const override {
    fmc::ParamValues pv;
    pv.set("grid_h", cfg.grid_h);
    pv.set("grid_w", cfg.grid_w);
    const auto cc = fmc::grlc_codec().configure(cfg.data_width, pv, q.shape);
    if (!cc.ok()) {
      std::cerr << "fmc_cosim: grlc " << cfg.name << " " << q.tensor << ": "
                << cc.status().message() << "\n";
      return std::nullopt;
    }
    const unsigned w = static_cast<unsigned>(cc.value().param("plane_w"));
    const unsigned h = static_cast<unsigned>(cc.value().param("plane_h"));
    if (w > cfg.max_plane_width) {
      std::cerr << "fmc_cosim: grlc " << cfg.name << " " << q.tensor << ": skipped, plane width "
                << w << " > MaxPlaneWidth " << cfg.max_plane_width << "\n";
      return std::nullopt;
    }
    return grlc_core_config(cfg, w, h);
  }
  // A plane shape chosen from the seed (random_shape), so that transmissions end in partial
  // planes and rows.
  Shape random_config(const GrlcConfig& cfg, std::mt19937_64& rng) const override {
    const auto [w, h] = random_shape(cfg, rng);
    return {grlc_core_config(cfg, w, h),
            "W " + std::to_string(w) + " H " + std::to_string(h) + ", ", w};
  }
  // Square planes of the real feature maps' widths that the configuration takes.
  std::vector<Shape> perf_configs(const GrlcConfig& cfg) const override {
    std::vector<Shape> v;
    for (unsigned w : {7u, 14u, 112u})
      if (w <= cfg.max_plane_width) v.push_back({grlc_core_config(cfg, w, w), "", w});
    return v;
  }
  // The grid stream cut by one word, a word appended, one bit flipped, or a word zeroed.
  Corruption corruption(const GrlcConfig&) const override { return {}; }
  // Bound = words / max(words, grid words).
  PerfLayout perf_layout() const override { return {"grlc", 10, true, {"grid"}}; }

  CosimRun encoder(const GrlcConfig& cfg, const CoreConfig& cc, const Transmissions& tx,
                   const SimOptions& opt) const override {
    return grlc_encoder_cosim(cfg, cc, tx, opt);
  }
  CosimRun decoder(const GrlcConfig& cfg, const CoreConfig& cc, const std::vector<GrlcJob>& jobs,
                   const SimOptions& opt) const override {
    return grlc_decoder_cosim(cfg, cc, jobs, opt);
  }
  CosimRun loopback(const GrlcConfig& cfg, const CoreConfig& cc, const Transmissions& tx,
                    const SimOptions& opt) const override {
    return grlc_loopback_cosim(cfg, cc, tx, opt);
  }
};

}  // namespace

const CodecTool& grlc_tool() {
  static const GrlcTool t;
  return t;
}

}  // namespace fmc_verif
