// SPDX-License-Identifier: Apache-2.0
// fmc_cosim's MCRC tool (common/codec_tool.hpp): fmaps, random, perf for the MCRC cores, through
// the shared driver (common/tool_driver.hpp); here only what is MCRC's: plane shapes, the mode U
// and the quantization shift s (`near`).
#include "common/tool_driver.hpp"
#include "fmcodec/codecs/mcrc.hpp"
#include "mcrc/mcrc_cosim.hpp"

namespace fmc_verif {
namespace {

// The configuration of a random run: widths 1, 2 (the line buffer's forwarding cases), the real
// feature maps' (7, 14, 28, 56, 112), the core's largest and random ones; heights 1..40; U and s
// from the seed too (s = 0, lossless, half of the time).
struct RandomMcrc {
  unsigned w, h, near;
  bool u;
};
RandomMcrc random_mcrc(const McrcConfig& c, std::mt19937_64& rng) {
  const unsigned mw = c.max_plane_width;
  const std::vector<unsigned> ws = {1, 2, 3, 4, 5, 7, 14, 28, 56, 112, mw, mw - 1};
  std::vector<unsigned> wl;
  for (unsigned w : ws)
    if (w >= 1 && w <= mw) wl.push_back(w);
  const unsigned w = (rng() % 4 == 0) ? 1 + static_cast<unsigned>(rng() % mw) : wl[rng() % wl.size()];
  const std::vector<unsigned> hs = {1, 2, 3, 5, 7, 14};
  const unsigned h = (rng() % 4 == 0) ? 1 + static_cast<unsigned>(rng() % 40) : hs[rng() % hs.size()];
  const unsigned near = (rng() % 2 == 0) ? 0 : 1 + static_cast<unsigned>(rng() % 7);
  const bool u = rng() % 2 == 0;
  return {w, h, near, u};
}

class McrcTool : public EnvCodecTool<McrcConfig, McrcJob> {
 public:
  const char* codec() const override { return "mcrc"; }

 protected:
  const std::vector<McrcConfig>& configs() const override { return mcrc_configs(); }
  // fmaps: every configuration (one per data width).
  bool fmaps_default(const McrcConfig&) const override { return true; }
  // The plane shape is the tensor's last two axes; U from the data (no negative word: 1), s = 0
  // (lossless), as `fmcodec compress` chooses them.
  std::optional<CoreConfig> fmaps_config(const McrcConfig& cfg, const FmapRequest& q) const override {
    const fmc::WordView data(q.words->data(), q.words->size(), cfg.data_width);
    const auto cc = fmc::mcrc_codec().configure(cfg.data_width, {}, q.shape, &data);
    if (!cc.ok()) {
      std::cerr << "fmc_cosim: mcrc " << cfg.name << " " << q.tensor << ": " << cc.status().message() << "\n";
      return std::nullopt;
    }
    const unsigned w = static_cast<unsigned>(cc.value().param("plane_w"));
    const unsigned h = static_cast<unsigned>(cc.value().param("plane_h"));
    if (w > cfg.max_plane_width) {
      std::cerr << "fmc_cosim: mcrc " << cfg.name << " " << q.tensor << ": skipped, plane width " << w
                << " > MaxPlaneWidth " << cfg.max_plane_width << "\n";
      return std::nullopt;
    }
    return mcrc_core_config(cfg, w, h, cc.value().param("unsigned") != 0,
                            static_cast<unsigned>(cc.value().param("near")));
  }
  Shape random_config(const McrcConfig& cfg, std::mt19937_64& rng) const override {
    const RandomMcrc r = random_mcrc(cfg, rng);
    return {mcrc_core_config(cfg, r.w, r.h, r.u, r.near),
            "W " + std::to_string(r.w) + " H " + std::to_string(r.h) + " U " + std::to_string(int(r.u)) +
                " near " + std::to_string(r.near) + ", ",
            r.w};
  }
  // Square planes of the real feature maps' widths, lossless, signed residuals (U = 0).
  std::vector<Shape> perf_configs(const McrcConfig& cfg) const override {
    std::vector<Shape> v;
    for (unsigned w : {7u, 14u, 112u})
      if (w <= cfg.max_plane_width) v.push_back({mcrc_core_config(cfg, w, w, false, 0), "", w});
    return v;
  }
  // The ac or the raw stream cut by one word, a word appended, one bit flipped, an ac word
  // zeroed, or the first 16 ac bits set to ones (AcStart).
  Corruption corruption(const McrcConfig& cfg) const override {
    return {{"ac", "raw"}, 0, 1, "ac word zeroed", (16 + cfg.data_width - 1) / cfg.data_width, "ac start ones"};
  }
  // Without the signed mode every run codes with U = 1, where no residual is out of range.
  std::vector<std::string> unreachable_outcomes(const McrcConfig& cfg) const override {
    if (cfg.signed_mode) return {};
    return {"ResidualRange"};
  }
  // Bound = words / max(words, ac words, raw words).
  PerfLayout perf_layout() const override { return {"mcrc", 10, true, {"ac", "raw"}}; }

  CosimRun encoder(const McrcConfig& cfg, const CoreConfig& cc, const Transmissions& tx,
                   const SimOptions& opt) const override {
    return mcrc_encoder_cosim(cfg, cc, tx, opt);
  }
  CosimRun decoder(const McrcConfig& cfg, const CoreConfig& cc, const std::vector<McrcJob>& jobs,
                   const SimOptions& opt) const override {
    return mcrc_decoder_cosim(cfg, cc, jobs, opt);
  }
  CosimRun loopback(const McrcConfig& cfg, const CoreConfig& cc, const Transmissions& tx,
                    const SimOptions& opt) const override {
    return mcrc_loopback_cosim(cfg, cc, tx, opt);
  }
};

}  // namespace

const CodecTool& mcrc_tool() {
  static const McrcTool t;
  return t;
}

}  // namespace fmc_verif
