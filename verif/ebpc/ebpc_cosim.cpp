// SPDX-License-Identifier: Apache-2.0
// Dispatch from configuration names to the verilated models of this build: the model lists are
// generated from the cores table (synth/configs.json) by verif/CMakeLists.txt.
#include "ebpc/ebpc_cosim.hpp"

#include "ebpc/ebpc_cosim_impl.hpp"
#include "ebpc/stimulus.hpp"
#include "fmc_models_ebpc_decoder_includes.inc"
#include "fmc_models_ebpc_encoder_includes.inc"

namespace fmc_verif {

namespace {
EbpcConfig make_config(const char* name, const char* params) {
  return {name, rtl_param(params, "DataWidth", 8), rtl_param(params, "BlockSize", 8)};
}
}  // namespace

const std::vector<EbpcConfig>& ebpc_configs(EbpcCore core) {
  static const std::vector<EbpcConfig> enc = [] {
    std::vector<EbpcConfig> v;
#define FMC_MODEL(NAME, MODEL, PARAMS) v.push_back(make_config(#NAME, PARAMS));
#include "fmc_models_ebpc_encoder.inc"
#undef FMC_MODEL
    return v;
  }();
  static const std::vector<EbpcConfig> dec = [] {
    std::vector<EbpcConfig> v;
#define FMC_MODEL(NAME, MODEL, PARAMS) v.push_back(make_config(#NAME, PARAMS));
#include "fmc_models_ebpc_decoder.inc"
#undef FMC_MODEL
    return v;
  }();
  // Loopback: the configuration names both cores have (each core with its own parameters).
  static const std::vector<EbpcConfig> loop = [] {
    std::vector<EbpcConfig> v;
    for (const auto& d : dec)
      for (const auto& e : enc)
        if (std::string(e.name) == d.name) v.push_back(d);
    return v;
  }();
  switch (core) {
    case EbpcCore::kEncoder: return enc;
    case EbpcCore::kDecoder: return dec;
    case EbpcCore::kLoopback: break;
  }
  return loop;
}

const EbpcConfig* ebpc_config(const std::string& name) {
  for (EbpcCore core : {EbpcCore::kEncoder, EbpcCore::kDecoder})
    for (const auto& c : ebpc_configs(core))
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
  return j;
}

void ebpc_job_expect(const EbpcConfig& config, DecoderJob* job) {
  auto whole = fmc::ebpc_decode(config.params(), job->znz, job->bpc, job->num_words);
  job->expect_error = whole.ok() ? 0 : whole.status().stream_error();
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
CosimResult no_model(EbpcCore core, const EbpcConfig& config) {
  CosimResult r;
  r.ok = false;
  r.error = std::string("no verilated ") + ebpc_core_name(core) + " in configuration " +
            config.name + " (cores table: synth/configs.json)";
  return r;
}

// Loopback of encoder model E with the decoder model of the same configuration name.
template <typename E>
CosimResult loopback_with(const EbpcConfig& config,
                          const std::vector<std::vector<std::int32_t>>& tx,
                          const SimOptions& opt) {
  const std::string n = config.name;
  // Only models of the same data width pair up (names match only then); the others are not
  // instantiated.
#define FMC_MODEL(NAME, MODEL, PARAMS)                                                 \
  if constexpr (std::is_same_v<cosim::InDataOf<E>, cosim::OutDataOf<MODEL>>) {         \
    if (n == #NAME) return detail::run_loopback<E, MODEL>(config, tx, opt);            \
  }
#include "fmc_models_ebpc_decoder.inc"
#undef FMC_MODEL
  return no_model(EbpcCore::kLoopback, config);
}
}  // namespace

CosimResult ebpc_decoder_jobs(const EbpcConfig& config, const std::vector<DecoderJob>& jobs,
                              const SimOptions& opt) {
  const std::string n = config.name;
#define FMC_MODEL FMC_EBPC_DECODER_CASE
#include "fmc_models_ebpc_decoder.inc"
#undef FMC_MODEL
  return no_model(EbpcCore::kDecoder, config);
}

CosimResult ebpc_cosim(EbpcCore core, const EbpcConfig& config,
                       const std::vector<std::vector<std::int32_t>>& tx, const SimOptions& opt) {
  const std::string n = config.name;
  if (core == EbpcCore::kDecoder) {
    std::vector<DecoderJob> jobs;
    for (const auto& t : tx) jobs.push_back(ebpc_job_from_words(config, t));
    return ebpc_decoder_jobs(config, jobs, opt);
  }
  if (core == EbpcCore::kEncoder) {
#define FMC_MODEL FMC_EBPC_ENCODER_CASE
#include "fmc_models_ebpc_encoder.inc"
#undef FMC_MODEL
  } else {
#define FMC_MODEL(NAME, MODEL, PARAMS) \
  if (n == #NAME) return loopback_with<MODEL>(config, tx, opt);
#include "fmc_models_ebpc_encoder.inc"
#undef FMC_MODEL
  }
  return no_model(core, config);
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
