// SPDX-License-Identifier: Apache-2.0
#include "ebpc/ebpc_cosim_gl.hpp"

#include "Vebpc_encoder_gl_w16_b16.h"
#include "Vebpc_encoder_gl_w8_b8.h"
#include "ebpc/ebpc_cosim_impl.hpp"
#if FMC_HAVE_EBPC_DECODER_GL
#include "Vebpc_decoder_gl_w16_b16.h"
#include "Vebpc_decoder_gl_w8_b8.h"
#endif

namespace fmc_verif {

std::vector<std::string> ebpc_gl_configs() { return {"w8_b8", "w16_b16"}; }

CosimResult ebpc_cosim_gl(EbpcCore core, const EbpcConfig& config,
                          const std::vector<std::vector<std::int32_t>>& tx,
                          const SimOptions& opt) {
  const std::string n = config.name;
  if (core == EbpcCore::kEncoder) {
    if (n == "w8_b8") return detail::run_encoder<Vebpc_encoder_gl_w8_b8>(config, tx, opt);
    if (n == "w16_b16") return detail::run_encoder<Vebpc_encoder_gl_w16_b16>(config, tx, opt);
  }
#if FMC_HAVE_EBPC_DECODER_GL
  if (core == EbpcCore::kDecoder) {
    std::vector<DecoderJob> jobs;
    for (const auto& t : tx) jobs.push_back(ebpc_job_from_words(config, t));
    if (n == "w8_b8") return detail::run_decoder_jobs<Vebpc_decoder_gl_w8_b8>(config, jobs, opt);
    if (n == "w16_b16")
      return detail::run_decoder_jobs<Vebpc_decoder_gl_w16_b16>(config, jobs, opt);
  }
  if (core == EbpcCore::kLoopback) {
    if (n == "w8_b8")
      return detail::run_loopback<Vebpc_encoder_gl_w8_b8, Vebpc_decoder_gl_w8_b8>(config, tx, opt);
    if (n == "w16_b16")
      return detail::run_loopback<Vebpc_encoder_gl_w16_b16, Vebpc_decoder_gl_w16_b16>(config, tx,
                                                                                      opt);
  }
#endif
  CosimResult r;
  r.ok = false;
  r.error = std::string("no gate-level netlist of ") + ebpc_core_name(core) + " " + n +
            " in this build";
  return r;
}

}  // namespace fmc_verif
