// SPDX-License-Identifier: Apache-2.0
// fmc_cosim's DCT tool (common/codec_tool.hpp): fmaps, random, perf for the DCT cores, through the
// shared driver (common/tool_driver.hpp); here only what is DCT's: plane shapes and the quality
// parameters (shift s, range flag U).
#include "common/tool_driver.hpp"
#include "dct/dct_cosim.hpp"
#include "fmcodec/codecs/dct.hpp"

namespace fmc_verif {
namespace {

// The configuration of a random run: widths around the tile width and the real feature maps'
// (7, 14, 28, 56, 112), the core's largest, and random ones; heights around the tile height; s
// and U from the seed too.
struct RandomDct {
  unsigned w, h, s;
  bool u;
};
RandomDct random_dct(const DctConfig& c, std::mt19937_64& rng) {
  const unsigned mw = c.max_plane_width;
  const std::vector<unsigned> ws = {1, 2, 3, 4, 5, 8, 9, 7, 14, 28, 56, 112, mw, mw - 1};
  std::vector<unsigned> wl;
  for (unsigned w : ws)
    if (w >= 1 && w <= mw) wl.push_back(w);
  const unsigned w = (rng() % 4 == 0) ? 1 + static_cast<unsigned>(rng() % mw) : wl[rng() % wl.size()];
  const std::vector<unsigned> hs = {1, 2, 3, 4, 5, 7, 9, 14};
  const unsigned h = (rng() % 4 == 0) ? 1 + static_cast<unsigned>(rng() % 40) : hs[rng() % hs.size()];
  const unsigned s = 4 + static_cast<unsigned>(rng() % 6);
  const bool u = rng() % 2 == 0;
  return {w, h, s, u};
}

class DctTool : public EnvCodecTool<DctConfig, DctJob> {
 public:
  const char* codec() const override { return "dct"; }

 protected:
  const std::vector<DctConfig>& configs() const override { return dct_configs(); }
  // fmaps: the configurations that take the real maps' widest planes (112), not w8_p16.
  bool fmaps_default(const DctConfig& cfg) const override { return cfg.max_plane_width >= 128; }
  // The plane shape is the tensor's last two axes; s the default, U from the data (no negative
  // word: 1), as `fmcodec compress` chooses them.
  std::optional<CoreConfig> fmaps_config(const DctConfig& cfg, const FmapRequest& q) const override {
    const fmc::WordView data(q.words->data(), q.words->size(), cfg.data_width);
    const auto cc = fmc::dct_codec().configure(cfg.data_width, {}, q.shape, &data);
    if (!cc.ok()) {
      std::cerr << "fmc_cosim: dct " << cfg.name << " " << q.tensor << ": " << cc.status().message() << "\n";
      return std::nullopt;
    }
    const unsigned w = static_cast<unsigned>(cc.value().param("plane_w"));
    const unsigned h = static_cast<unsigned>(cc.value().param("plane_h"));
    if (w > cfg.max_plane_width) {
      std::cerr << "fmc_cosim: dct " << cfg.name << " " << q.tensor << ": skipped, plane width " << w
                << " > MaxPlaneWidth " << cfg.max_plane_width << "\n";
      return std::nullopt;
    }
    return dct_core_config(cfg, w, h, static_cast<unsigned>(cc.value().param("shift")),
                           cc.value().param("unsigned") != 0);
  }
  Shape random_config(const DctConfig& cfg, std::mt19937_64& rng) const override {
    const RandomDct r = random_dct(cfg, rng);
    return {dct_core_config(cfg, r.w, r.h, r.s, r.u),
            "W " + std::to_string(r.w) + " H " + std::to_string(r.h) + " s " + std::to_string(r.s) +
                " U " + std::to_string(int(r.u)) + ", ",
            r.w};
  }
  // Square planes of the real feature maps' widths, the default quality (s = 7, signed).
  std::vector<Shape> perf_configs(const DctConfig& cfg) const override {
    std::vector<Shape> v;
    for (unsigned w : {7u, 14u, 112u})
      if (w <= cfg.max_plane_width) v.push_back({dct_core_config(cfg, w, w, 7, false), "", w});
    return v;
  }
  // The tile stream cut by one word, a word appended, one bit flipped, or a word zeroed.
  Corruption corruption(const DctConfig&) const override { return {}; }
  // Bound = words / max(words, tile words).
  PerfLayout perf_layout() const override { return {"dct", 10, true, {"tile"}}; }

  CosimRun encoder(const DctConfig& cfg, const CoreConfig& cc, const Transmissions& tx,
                   const SimOptions& opt) const override {
    return dct_encoder_cosim(cfg, cc, tx, opt);
  }
  CosimRun decoder(const DctConfig& cfg, const CoreConfig& cc, const std::vector<DctJob>& jobs,
                   const SimOptions& opt) const override {
    return dct_decoder_cosim(cfg, cc, jobs, opt);
  }
  CosimRun loopback(const DctConfig& cfg, const CoreConfig& cc, const Transmissions& tx,
                    const SimOptions& opt) const override {
    return dct_loopback_cosim(cfg, cc, tx, opt);
  }
};

}  // namespace

const CodecTool& dct_tool() {
  static const DctTool t;
  return t;
}

}  // namespace fmc_verif
