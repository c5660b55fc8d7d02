// SPDX-License-Identifier: Apache-2.0
// Dispatch from configuration names to the verilated models of this build.
#include "ebpc/ebpc_cosim.hpp"

#include "Vebpc_encoder_w16_b16.h"
#include "Vebpc_encoder_w16_b8.h"
#include "Vebpc_encoder_w8_b8.h"
#include "ebpc/ebpc_cosim_impl.hpp"
#include "ebpc/stimulus.hpp"
#if FMC_HAVE_EBPC_DECODER
#include "Vebpc_decoder_w16_b16.h"
#include "Vebpc_decoder_w16_b8.h"
#include "Vebpc_decoder_w8_b8.h"
#endif

namespace fmc_verif {

const std::vector<EbpcConfig>& ebpc_configs() {
  static const std::vector<EbpcConfig> k = {{"w8_b8", 8, 8}, {"w16_b8", 16, 8}, {"w16_b16", 16, 16}};
  return k;
}

const EbpcConfig* ebpc_config(const std::string& name) {
  for (const auto& c : ebpc_configs())
    if (name == c.name) return &c;
  return nullptr;
}

const char* ebpc_core_name(EbpcCore core) {
  switch (core) {
    case EbpcCore::kEncoder: return "ebpc_encoder";
    case EbpcCore::kDecoder: return "ebpc_decoder";
    case EbpcCore::kLoopback: return "ebpc_loopback";
  }
  return "?";
}

DecoderJob ebpc_job_from_words(const EbpcConfig& config, const std::vector<std::int32_t>& words) {
  DecoderJob j;
  auto s = fmc::ebpc_encode(config.params(), words);
  j.num_words = words.size();
  if (s.ok()) {
    j.znz = s.value().znz;
    j.bpc = s.value().bpc;
  }
  for (std::int32_t w : words) j.expect.push_back(detail::to_pattern(w, config.data_width));
  return j;
}

void ebpc_job_expect(const EbpcConfig& config, DecoderJob* job) {
  const fmc::EbpcParams p = config.params();
  auto whole = fmc::ebpc_decode(p, job->znz, job->bpc, job->num_words);
  job->expect_error = whole.ok() ? 0 : whole.status().stream_error();
  job->expect.clear();
  if (whole.ok()) {
    for (std::int32_t v : whole.value()) job->expect.push_back(detail::to_pattern(v, p.data_width));
    return;
  }
  fmc::EbpcDecoder d(p, job->num_words);
  for (std::size_t i = 0; i < job->bpc.size() && d.status().ok(); ++i)
    d.push_bpc(job->bpc[i], i + 1 == job->bpc.size());
  for (std::size_t i = 0; i < job->znz.size() && d.status().ok(); ++i)
    d.push_znz(job->znz[i], i + 1 == job->znz.size());
  for (std::int32_t v : d.decoded()) job->expect.push_back(detail::to_pattern(v, p.data_width));
}

const std::vector<std::string>& ebpc_corruptions() {
  static const std::vector<std::string> k = {
      "znz cut",      "bpc cut",      "znz extra",    "bpc extra",         "znz empty",
      "bpc empty",    "znz bit flip", "bpc bit flip", "leading flag flip", "count -1",
      "count +1",     "bpc with zero data"};
  return k;
}

bool ebpc_corrupt(const EbpcConfig& config, const std::string& cls, std::mt19937_64& rng,
                  DecoderJob* job) {
  const unsigned m = config.data_width;
  const std::uint32_t wmask = (1u << m) - 1u;
  DecoderJob& j = *job;
  auto flip = [&](std::vector<std::uint32_t>& st) {
    const std::uint64_t bit = rng() % (st.size() * m);
    st[bit / m] ^= 1u << (bit % m);
  };
  if (cls == "znz cut" && !j.znz.empty()) {
    j.znz.pop_back();
  } else if (cls == "bpc cut" && !j.bpc.empty()) {
    j.bpc.pop_back();
  } else if (cls == "znz extra") {
    j.znz.push_back(static_cast<std::uint32_t>(rng()) & wmask);
  } else if (cls == "bpc extra") {
    j.bpc.push_back(static_cast<std::uint32_t>(rng()) & wmask);
  } else if (cls == "znz empty" && !j.znz.empty()) {
    j.znz.clear();
  } else if (cls == "bpc empty" && !j.bpc.empty()) {
    j.bpc.clear();
  } else if (cls == "znz bit flip" && !j.znz.empty()) {
    flip(j.znz);
  } else if (cls == "bpc bit flip" && !j.bpc.empty()) {
    flip(j.bpc);
  } else if (cls == "leading flag flip" && !j.znz.empty()) {
    j.znz[0] ^= 1u << (m - 1);
  } else if (cls == "count -1" && j.num_words > 0) {
    j.num_words -= 1;
  } else if (cls == "count +1") {
    j.num_words += 1;
  } else if (cls == "bpc with zero data" && j.bpc.empty() && j.num_words > 0) {
    for (std::size_t k = 1 + rng() % 6; k > 0; --k)
      j.bpc.push_back(static_cast<std::uint32_t>(rng()) & wmask);
  } else {
    return false;
  }
  ebpc_job_expect(config, job);
  return true;
}

DecoderJob ebpc_corrupt_job(const EbpcConfig& config, const std::string& cls, std::mt19937_64& rng,
                            std::size_t max_len) {
  const auto& classes = stimulus_classes();
  for (;;) {
    const std::size_t n = 1 + rng() % max_len;
    const std::string data_cls =
        cls == "bpc with zero data" ? "zero" : classes[rng() % classes.size()];
    DecoderJob j =
        ebpc_job_from_words(config, make_stimulus(data_cls, n, config.data_width, rng));
    if (ebpc_corrupt(config, cls, rng, &j)) return j;
  }
}

namespace {
CosimResult no_decoder() {
  CosimResult r;
  r.ok = false;
  r.error = "the EBPC decoder RTL is not part of this build";
  return r;
}
}  // namespace

CosimResult ebpc_decoder_jobs(const EbpcConfig& config, const std::vector<DecoderJob>& jobs,
                              const SimOptions& opt) {
#if FMC_HAVE_EBPC_DECODER
  const std::string n = config.name;
  if (n == "w8_b8") return detail::run_decoder_jobs<Vebpc_decoder_w8_b8>(config, jobs, opt);
  if (n == "w16_b8") return detail::run_decoder_jobs<Vebpc_decoder_w16_b8>(config, jobs, opt);
  if (n == "w16_b16") return detail::run_decoder_jobs<Vebpc_decoder_w16_b16>(config, jobs, opt);
#else
  (void)config;
  (void)jobs;
  (void)opt;
#endif
  return no_decoder();
}

CosimResult ebpc_cosim(EbpcCore core, const EbpcConfig& config,
                       const std::vector<std::vector<std::int32_t>>& transmissions,
                       const SimOptions& opt) {
  const std::string n = config.name;
  if (core == EbpcCore::kEncoder) {
    if (n == "w8_b8") return detail::run_encoder<Vebpc_encoder_w8_b8>(config, transmissions, opt);
    if (n == "w16_b8") return detail::run_encoder<Vebpc_encoder_w16_b8>(config, transmissions, opt);
    if (n == "w16_b16")
      return detail::run_encoder<Vebpc_encoder_w16_b16>(config, transmissions, opt);
  }
  if (core == EbpcCore::kDecoder) {
    std::vector<DecoderJob> jobs;
    for (const auto& t : transmissions) jobs.push_back(ebpc_job_from_words(config, t));
    return ebpc_decoder_jobs(config, jobs, opt);
  }
#if FMC_HAVE_EBPC_DECODER
  if (core == EbpcCore::kLoopback) {
    if (n == "w8_b8")
      return detail::run_loopback<Vebpc_encoder_w8_b8, Vebpc_decoder_w8_b8>(config, transmissions,
                                                                            opt);
    if (n == "w16_b8")
      return detail::run_loopback<Vebpc_encoder_w16_b8, Vebpc_decoder_w16_b8>(config,
                                                                              transmissions, opt);
    if (n == "w16_b16")
      return detail::run_loopback<Vebpc_encoder_w16_b16, Vebpc_decoder_w16_b16>(
          config, transmissions, opt);
  }
#endif
  if (core == EbpcCore::kLoopback) return no_decoder();
  CosimResult r;
  r.ok = false;
  r.error = "unknown configuration " + n;
  return r;
}

CosimResult ebpc_cosim_report(EbpcCore core, const EbpcConfig& config,
                              const std::vector<std::vector<std::int32_t>>& transmissions,
                              const SimOptions& opt, const std::string& trace_dir) {
  CosimResult r = ebpc_cosim(core, config, transmissions, opt);
  if (r.ok) return r;
  std::string hint = "\n  seed " + std::to_string(opt.seed) + ", core " + ebpc_core_name(core) +
                     ", config " + config.name;
  if (!trace_dir.empty() && r.fail_cycle > 0) {
    SimOptions t = opt;
    t.trace_path = trace_dir + "/" + ebpc_core_name(core) + "_" + config.name + "_seed" +
                   std::to_string(opt.seed) + ".fst";
    t.trace_stop = r.fail_cycle + 8;
    (void)ebpc_cosim(core, config, transmissions, t);
    hint += "\n  FST trace: " + t.trace_path;
  }
  r.error += hint;
  return r;
}

}  // namespace fmc_verif
