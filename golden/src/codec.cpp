// SPDX-License-Identifier: Apache-2.0
// The codec-independent parts of codec.hpp.
#include "fmcodec/codec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <cstring>

namespace fmc {

WordView WordView::le_bytes(const std::uint8_t* bytes, std::size_t count, unsigned width) {
  WordView v;
  v.data_ = bytes;
  v.count_ = count;
  v.width_ = width;
  v.layout_ = width == 8 ? Layout::kLe8 : Layout::kLe16;
  return v;
}

std::int32_t WordView::operator[](std::size_t i) const {
  switch (layout_) {
    case Layout::kInt32: return static_cast<const std::int32_t*>(data_)[i];
    case Layout::kLe8: return static_cast<std::int8_t>(static_cast<const std::uint8_t*>(data_)[i]);
    case Layout::kLe16: {
      const std::uint8_t* b = static_cast<const std::uint8_t*>(data_) + 2 * i;
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(b[0] | (b[1] << 8)));
    }
  }
  return 0;
}

WordView WordView::slice(std::size_t first, std::size_t count) const {
  WordView v = *this;
  v.count_ = count;
  switch (layout_) {
    case Layout::kInt32: v.data_ = static_cast<const std::int32_t*>(data_) + first; break;
    case Layout::kLe8: v.data_ = static_cast<const std::uint8_t*>(data_) + first; break;
    case Layout::kLe16: v.data_ = static_cast<const std::uint8_t*>(data_) + 2 * first; break;
  }
  return v;
}

std::vector<std::int32_t> WordView::to_vector() const {
  std::vector<std::int32_t> out(count_);
  if (layout_ == Layout::kInt32) {
    if (count_ != 0) std::memcpy(out.data(), data_, count_ * sizeof(std::int32_t));
  } else {
    for (std::size_t i = 0; i < count_; ++i) out[i] = (*this)[i];
  }
  return out;
}

Status WordView::check_range() const {
  if (layout_ != Layout::kInt32) return {};
  const std::int64_t lo = -(std::int64_t(1) << (width_ - 1));
  const std::int64_t hi = (std::int64_t(1) << (width_ - 1)) - 1;
  const std::int32_t* w = static_cast<const std::int32_t*>(data_);
  for (std::size_t i = 0; i < count_; ++i)
    if (w[i] < lo || w[i] > hi)
      return {ErrorCode::kBadInput, "value " + std::to_string(w[i]) + " at word " +
                                        std::to_string(i) + " does not fit in " +
                                        std::to_string(width_) + " signed bits"};
  return {};
}

std::string ParamSpec::legal_text() const {
  if (legal.empty()) return std::to_string(min) + ".." + std::to_string(max);
  std::string s;
  for (std::size_t i = 0; i < legal.size(); ++i) s += (i ? "|" : "") + std::to_string(legal[i]);
  return s;
}

std::string ParamSpec::default_text() const {
  const std::string d = default_is_width ? "m, the data width" : std::to_string(fixed_default);
  if (default_nonnegative) return "1 if the tensor has no negative value, else 0 (without the data: " + d + ")";
  if (shape_axis == 0) return d;
  const std::string axis = shape_axis == 1 ? "last" : shape_axis == 2 ? "second-to-last"
                                                                      : std::to_string(shape_axis) + "th-to-last";
  return "the tensor's " + axis + " axis, else " + d;
}

bool ParamSpec::allows(std::int64_t v) const {
  if (legal.empty()) return v >= min && v <= max;
  for (std::int64_t l : legal)
    if (l == v) return true;
  return false;
}

void ParamValues::set(const std::string& name, std::int64_t value) {
  for (auto& kv : kv_)
    if (kv.first == name) {
      kv.second = value;
      return;
    }
  kv_.emplace_back(name, value);
}

bool ParamValues::has(const std::string& name) const {
  for (const auto& kv : kv_)
    if (kv.first == name) return true;
  return false;
}

std::int64_t ParamValues::get(const std::string& name) const {
  for (const auto& kv : kv_)
    if (kv.first == name) return kv.second;
  return 0;
}

std::uint64_t stream_words(const Streams& streams) {
  std::uint64_t n = 0;
  for (const auto& s : streams) n += s.size();
  return n;
}

std::uint64_t stream_bits(const Streams& streams, const std::vector<StreamInfo>& info) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < streams.size() && i < info.size(); ++i)
    n += std::uint64_t(streams[i].size()) * info[i].word_width;
  return n;
}

Status Codec::decode_bytes(const CodecConfig& cfg, const Streams& enc, std::uint64_t num_words,
                           std::vector<std::uint8_t>& out) const {
  auto r = decode(cfg, enc, num_words);
  if (!r.ok()) return r.status();
  const unsigned wb = (cfg.data_width + 7) / 8;
  out.resize(r.value().size() * wb);
  for (std::size_t i = 0; i < r.value().size(); ++i)
    for (unsigned b = 0; b < wb; ++b)
      out[i * wb + b] = static_cast<std::uint8_t>(static_cast<std::uint32_t>(r.value()[i]) >> (8 * b));
  return {};
}

std::optional<std::uint32_t> Codec::error_bound(const CodecConfig&) const {
  return std::nullopt;
}

bool Codec::exact(const CodecConfig& cfg) const {
  if (lossless()) return true;
  const auto b = error_bound(cfg);
  return b && *b == 0;
}

Status Codec::check_combination(const CodecConfig&) const { return {}; }

Result<CodecConfig> Codec::configure(unsigned data_width, const ParamValues& given,
                                     const std::vector<std::uint64_t>* shape,
                                     const WordView* data) const {
  const auto& specs = param_specs();
  for (const auto& kv : given.entries()) {
    bool known = false;
    for (const auto& p : specs) known = known || p.name == kv.first;
    if (!known) {
      std::string names;
      for (const auto& p : specs) names += (names.empty() ? "" : ", ") + p.name;
      return Status(ErrorCode::kBadParams, std::string(name()) + " has no parameter '" + kv.first +
                                               "' (its parameters: " +
                                               (names.empty() ? "none" : names) + ")");
    }
  }
  CodecConfig cfg;
  cfg.data_width = data_width;
  for (const auto& p : specs) {
    std::int64_t v = p.default_for(data_width);
    if (shape && p.shape_axis >= 1 && shape->size() >= p.shape_axis) {
      const std::uint64_t dim = (*shape)[shape->size() - p.shape_axis];
      if (dim <= std::uint64_t(INT64_MAX) && p.allows(static_cast<std::int64_t>(dim)))
        v = static_cast<std::int64_t>(dim);
    }
    if (data && p.default_nonnegative) {
      bool nonneg = true;
      for (std::size_t i = 0; i < data->size() && nonneg; ++i) nonneg = (*data)[i] >= 0;
      v = nonneg ? 1 : 0;
    }
    cfg.params.set(p.name, given.has(p.name) ? given.get(p.name) : v);
  }
  Status s = validate(cfg);
  if (!s.ok()) return s;
  return cfg;
}

Status Codec::validate(const CodecConfig& cfg) const {
  bool width_ok = false;
  std::string widths;
  for (unsigned w : data_widths()) {
    width_ok = width_ok || w == cfg.data_width;
    widths += (widths.empty() ? "" : "|") + std::to_string(w);
  }
  if (!width_ok)
    return {ErrorCode::kBadParams, std::string(name()) + ": data width " +
                                       std::to_string(cfg.data_width) + " is not supported (" +
                                       widths + ")"};
  const auto& specs = param_specs();
  if (cfg.params.entries().size() != specs.size())
    return {ErrorCode::kBadParams, std::string(name()) + ": expected " +
                                       std::to_string(specs.size()) + " parameters, got " +
                                       std::to_string(cfg.params.entries().size())};
  for (const auto& p : specs) {
    if (!cfg.params.has(p.name))
      return {ErrorCode::kBadParams, std::string(name()) + ": parameter '" + p.name + "' missing"};
    const std::int64_t v = cfg.params.get(p.name);
    if (!p.allows(v))
      return {ErrorCode::kBadParams, std::string(name()) + ": " + p.name + " " +
                                         std::to_string(v) + " is not legal (" + p.legal_text() +
                                         ")"};
  }
  return check_combination(cfg);
}

const char* Codec::stream_error_name(std::uint8_t code) const {
  for (const auto& e : stream_errors())
    if (e.first == code) return e.second;
  return "Unknown";
}

std::string Codec::config_text(const CodecConfig& cfg) const {
  std::string s = "m=" + std::to_string(cfg.data_width);
  for (const auto& kv : cfg.params.entries()) s += " " + kv.first + "=" + std::to_string(kv.second);
  return s;
}

Result<Loss> reconstruction_loss(const WordView& x, const std::vector<std::int32_t>& y) {
  if (x.size() == 0 || x.size() != y.size())
    return Status(ErrorCode::kBadInput, "reconstruction_loss: " + std::to_string(x.size()) +
                                            " words against a reconstruction of " +
                                            std::to_string(y.size()));
  Loss l;
  double se = 0, ae = 0;
  std::uint64_t exact = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::int64_t d = std::int64_t(x[i]) - std::int64_t(y[i]);
    const std::uint64_t a = static_cast<std::uint64_t>(d < 0 ? -d : d);
    se += double(d) * double(d);
    ae += double(a);
    l.max_err = std::max(l.max_err, a);
    exact += a == 0;
  }
  const double n = double(x.size()), q = double((1u << (x.width() - 1)) - 1u);
  l.psnr = se == 0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(q * q * n / se);
  l.mae = ae / n;
  l.exact = double(exact) / n;
  return l;
}

}  // namespace fmc
