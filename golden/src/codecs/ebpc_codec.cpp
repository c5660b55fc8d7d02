// SPDX-License-Identifier: Apache-2.0
// EBPC in the codec registry: the schema (parameter `block`), the streams (ZNZ, BPC), and adapters
// of EbpcEncoder / EbpcDecoder to the codec-independent streaming interfaces.
#include <memory>

#include "ebpc_internal.hpp"
#include "fmcodec/codecs/ebpc.hpp"

namespace fmc {

const char* ebpc_error_name(EbpcError e) {
  switch (e) {
    case EbpcError::kZnzTruncated: return "ZnzTruncated";
    case EbpcError::kBpcTruncated: return "BpcTruncated";
    case EbpcError::kZnzTrailing: return "ZnzTrailing";
    case EbpcError::kBpcTrailing: return "BpcTrailing";
    case EbpcError::kRunOverflow: return "RunOverflow";
    case EbpcError::kBadCode: return "BadCode";
    case EbpcError::kZeroNonzero: return "ZeroNonzero";
    case EbpcError::kValueRange: return "ValueRange";
  }
  return "Unknown";
}

namespace {

EbpcParams params_of(const CodecConfig& cfg) {
  return EbpcParams{cfg.data_width, static_cast<unsigned>(cfg.param("block"))};
}

class EbpcStreamEncoder final : public StreamEncoder {
 public:
  explicit EbpcStreamEncoder(const EbpcParams& p) : enc_(p) {}
  Status push(std::int32_t word, bool last) override { return enc_.push(word, last); }
  std::optional<StreamBeat> pop(unsigned stream) override {
    return stream == 0 ? enc_.pop_znz() : stream == 1 ? enc_.pop_bpc() : std::nullopt;
  }
  bool done() const override { return enc_.done(); }
  void reset() override { enc_.reset(); }

 private:
  EbpcEncoder enc_;
};

class EbpcStreamDecoder final : public StreamDecoder {
 public:
  EbpcStreamDecoder(const EbpcParams& p, std::uint64_t n) : dec_(p, n) {}
  Status push(unsigned stream, std::uint32_t word, bool last) override {
    return stream == 0 ? dec_.push_znz(word, last) : dec_.push_bpc(word, last);
  }
  std::optional<std::int32_t> pop() override { return dec_.pop(); }
  const Status& status() const override { return dec_.status(); }
  bool done() const override { return dec_.done(); }
  bool wants(unsigned stream) const override {
    return stream == 0 ? dec_.wants_znz() : dec_.wants_bpc();
  }
  const std::vector<std::int32_t>& decoded() const override { return dec_.decoded(); }

 private:
  EbpcDecoder dec_;
};

class EbpcCodec final : public Codec {
 public:
  const char* name() const override { return "ebpc"; }
  const char* title() const override {
    return "EBPC: zero runs + bit-plane coding of blocks (Cavigelli et al. 2019), lossless";
  }
  std::uint8_t id() const override { return kEbpcCodecId; }
  bool lossless() const override { return true; }
  std::vector<unsigned> data_widths() const override { return {8, 16}; }
  const std::vector<ParamSpec>& param_specs() const override {
    static const std::vector<ParamSpec> specs = {
        {"block", "block size n of the bit-plane coder (n <= m)", {8, 16}, 0, 0, 0, true}};
    return specs;
  }
  std::vector<std::pair<std::uint8_t, const char*>> stream_errors() const override {
    return stream_error_table<EbpcError>(8);
  }
  Status check_combination(const CodecConfig& cfg) const override {
    return params_of(cfg).validate();
  }
  std::vector<StreamInfo> streams(const CodecConfig& cfg) const override {
    return {{"znz", cfg.data_width}, {"bpc", cfg.data_width}};
  }
  Result<Streams> encode(const CodecConfig& cfg, WordView words) const override {
    auto r = ebpc_encode(params_of(cfg), words);
    if (!r.ok()) return r.status();
    Streams e;
    e.push_back(std::move(r.value().znz));
    e.push_back(std::move(r.value().bpc));
    return e;
  }
  Result<std::vector<std::int32_t>> decode(const CodecConfig& cfg, const Streams& enc,
                                           std::uint64_t num_words) const override {
    if (enc.size() != 2)
      return Status(ErrorCode::kBadInput, "ebpc: expected 2 streams, got " +
                                              std::to_string(enc.size()));
    return ebpc_decode(params_of(cfg), enc[0], enc[1], num_words);
  }
  Status decode_bytes(const CodecConfig& cfg, const Streams& enc, std::uint64_t num_words,
                      std::vector<std::uint8_t>& out) const override {
    if (enc.size() == 2 && num_words > 0 &&
        detail::ebpc_decode_fast_bytes(params_of(cfg), enc[0], enc[1], num_words, out))
      return {};
    out.clear();
    out.shrink_to_fit();
    return Codec::decode_bytes(cfg, enc, num_words, out);  // the exact error (or N = 0)
  }
  std::unique_ptr<StreamEncoder> encoder(const CodecConfig& cfg) const override {
    return std::make_unique<EbpcStreamEncoder>(params_of(cfg));
  }
  std::unique_ptr<StreamDecoder> decoder(const CodecConfig& cfg,
                                         std::uint64_t num_words) const override {
    return std::make_unique<EbpcStreamDecoder>(params_of(cfg), num_words);
  }
  std::uint64_t max_words(const CodecConfig& cfg, const Streams& enc) const override {
    // A ZNZ symbol codes at most 16 words in 5 bits (docs/ebpc-format.md §2): N <= 3.2 * bits.
    const std::uint64_t znz_bits =
        enc.empty() ? 0 : std::uint64_t(enc[0].size()) * cfg.data_width;
    return znz_bits / 5 * 16 + 16;
  }
};

}  // namespace

const Codec& ebpc_codec() {
  static const EbpcCodec codec;
  return codec;
}

}  // namespace fmc
