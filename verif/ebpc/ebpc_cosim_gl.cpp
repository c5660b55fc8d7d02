// SPDX-License-Identifier: Apache-2.0
// Gate-level EBPC co-simulation: the netlists of the cores table's "gatelevel" configurations, in
// the same templates (ebpc_cosim_impl.hpp) as the RTL.
#include "ebpc/ebpc_cosim_gl.hpp"

#include "ebpc/ebpc_cosim_impl.hpp"
#include "fmc_models_ebpc_decoder_gl_includes.inc"
#include "fmc_models_ebpc_encoder_gl_includes.inc"

namespace fmc_verif {

std::vector<std::string> ebpc_gl_configs(EbpcCore core) {
  std::vector<std::string> v;
#define FMC_MODEL(NAME, MODEL, PARAMS) v.push_back(#NAME);
  if (core == EbpcCore::kEncoder) {
#include "fmc_models_ebpc_encoder_gl.inc"
  } else {
#include "fmc_models_ebpc_decoder_gl.inc"
  }
#undef FMC_MODEL
  return v;
}

CosimResult ebpc_cosim_gl(EbpcCore core, const EbpcConfig& config,
                          const std::vector<std::vector<std::int32_t>>& tx,
                          const SimOptions& opt) {
  const std::string n = config.name;
  if (core == EbpcCore::kEncoder) {
#define FMC_MODEL FMC_EBPC_ENCODER_CASE
#include "fmc_models_ebpc_encoder_gl.inc"
#undef FMC_MODEL
  }
  if (core == EbpcCore::kDecoder) {
    std::vector<DecoderJob> jobs;
    for (const auto& t : tx) jobs.push_back(ebpc_job_from_words(config, t));
#define FMC_MODEL FMC_EBPC_DECODER_CASE
#include "fmc_models_ebpc_decoder_gl.inc"
#undef FMC_MODEL
  }
  CosimResult r;
  r.ok = false;
  r.error = std::string("no gate-level netlist of ") + ebpc_core_name(core) + " " + n +
            " in this build";
  return r;
}

}  // namespace fmc_verif
