// SPDX-License-Identifier: Apache-2.0
// Templates behind zvc_cosim.hpp, instantiated once per verilated model (RTL and gate-level).
#pragma once

#include <deque>
#include <functional>
#include <iomanip>
#include <random>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "fmcodec/codecs/zvc.hpp"
#include "zvc/zvc_cosim.hpp"

namespace fmc_verif {
namespace zvc_detail {

inline std::string hex(std::uint32_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

inline fmc::CodecConfig codec_config(const ZvcConfig& cfg) {
  fmc::ParamValues pv;
  pv.set("group", cfg.group);
  return fmc::zvc_codec().configure(cfg.data_width, pv).value();
}

// Records the first failure with seed and cycle.
struct Failer {
  ZvcResult* r;
  std::uint64_t seed;
  bool operator()(std::uint64_t cycle, const std::string& what) const {
    if (!r->ok) return false;
    r->ok = false;
    r->error = "seed " + std::to_string(seed) + " cycle " + std::to_string(cycle) + ": " + what;
    return false;
  }
};

inline Throttle make_throttle(const SimOptions& opt, std::mt19937_64& rng) {
  return opt.backpressure ? Throttle::random(rng) : Throttle();
}

// ------------------------------------------------------------------------------------------------
// Encoder
// ------------------------------------------------------------------------------------------------
template <typename M, typename D>
ZvcResult encoder_run(const ZvcConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                      const SimOptions& opt) {
  ZvcResult r;
  Failer fail{&r, opt.seed};
  Harness<M> h(opt);
  M& d = h.dut();
  std::mt19937_64 rng(opt.seed * 0x9e3779b97f4a7c15ull + 1);
  StreamSource<D> in("in", &d.in_valid_i, &d.in_ready_o, &d.in_data_i, &d.in_last_i,
                     make_throttle(opt, rng));
  StreamSink<D> mask("mask", &d.mask_valid_o, &d.mask_ready_i, &d.mask_data_o, &d.mask_last_o,
                     make_throttle(opt, rng));
  StreamSink<D> value("value", &d.value_valid_o, &d.value_ready_i, &d.value_data_o,
                      &d.value_last_o, make_throttle(opt, rng));
  StreamSink<D>* sinks[2] = {&mask, &value};
  d.clear_i = 0;
  d.in_valid_i = 0;
  d.mask_ready_i = 0;
  d.value_ready_i = 0;
  h.reset();

  const std::uint32_t wmask = (1u << cfg.data_width) - 1u;
  if (opt.clear_after != 0) {
    // Aborted transmission: outputs ignored (handshakes still checked), then clear_i.
    std::mt19937_64 arng(opt.seed + 77);
    for (int i = 0; i < 300; ++i)
      in.push({(arng() % 3 == 0) ? static_cast<std::uint32_t>(arng()) & wmask : 0u, i == 299});
    for (std::uint64_t c = 0; c < opt.clear_after && r.ok; ++c) {
      in.drive();
      mask.drive();
      value.drive();
      h.settle();
      std::string err;
      in.sample();
      mask.sample(&err);
      value.sample(&err);
      if (!err.empty()) fail(h.cycle(), "before clear: " + err);
      h.rise();
    }
    in.clear();
    mask.clear();
    value.clear();
    d.clear_i = 1;
    d.mask_ready_i = 0;
    d.value_ready_i = 0;
    h.settle();
    h.rise();
    d.clear_i = 0;
    h.settle();
    if (!d.idle_o) fail(h.cycle(), "idle_o not set after clear_i");
  }
  for (const auto& tx : txs)
    for (std::size_t i = 0; i < tx.size(); ++i)
      in.push({static_cast<std::uint32_t>(tx[i]) & wmask, i + 1 == tx.size()});

  auto enc = fmc::zvc_codec().encoder(codec_config(cfg));
  std::deque<fmc::StreamBeat> exp[2];
  std::size_t tx_idx = 0, word_idx = 0;
  std::uint64_t idle = 0, first_in = ~0ull, last_out = 0;
  auto all_done = [&] { return tx_idx == txs.size() && exp[0].empty() && exp[1].empty(); };

  while (r.ok && !all_done()) {
    in.drive();
    mask.drive();
    value.drive();
    h.settle();
    bool any = false;
    const std::uint64_t cyc = h.cycle();
    if (auto b = in.sample()) {
      any = true;
      if (first_in == ~0ull) first_in = cyc;
      const std::int32_t w = txs[tx_idx][word_idx];
      fmc::Status st = enc->push(w, b->last);
      if (!st.ok()) fail(cyc, "golden encoder rejected input: " + st.message());
      for (unsigned k = 0; k < 2; ++k)
        while (auto e = enc->pop(k)) exp[k].push_back(*e);
      if (b->last) {
        enc->reset();
        ++tx_idx;
        word_idx = 0;
      } else {
        ++word_idx;
      }
    }
    for (unsigned k = 0; k < 2; ++k) {
      std::string err;
      auto b = sinks[k]->sample(&err);
      if (!err.empty()) fail(cyc, err);
      if (!b) continue;
      any = true;
      last_out = cyc;
      if (exp[k].empty()) {
        fail(cyc, sinks[k]->name() + ": beat " + hex(b->data) + " last " + std::to_string(b->last) +
                      " before the golden encoder released it (tx " + std::to_string(tx_idx) + ")");
        break;
      }
      const fmc::StreamBeat e = exp[k].front();
      exp[k].pop_front();
      ++r.beats_checked;
      if (e.data != b->data || e.last != b->last)
        fail(cyc, sinks[k]->name() + " beat " + std::to_string(sinks[k]->beats() - 1) +
                      ": expected " + hex(e.data) + " last " + std::to_string(e.last) + ", got " +
                      hex(b->data) + " last " + std::to_string(b->last));
    }
    if (h.rtl_error()) fail(cyc, "RTL assertion failed");
    h.rise();
    idle = any ? 0 : idle + 1;
    if (idle > opt.max_idle) fail(h.cycle(), "hang: no handshake for " + std::to_string(idle) + " cycles");
  }
  // Drained: no extra beat, idle within a few cycles.
  for (int i = 0; i < 16 && r.ok; ++i) {
    in.drive();
    mask.drive();
    value.drive();
    h.settle();
    std::string err;
    for (auto* s : sinks)
      if (auto b = s->sample(&err)) fail(h.cycle(), s->name() + ": extra beat " + hex(b->data));
    if (!err.empty()) fail(h.cycle(), err);
    if (i >= 8 && !d.idle_o) fail(h.cycle(), "idle_o not set after the last beat");
    h.rise();
  }
  r.cycles = h.cycle();
  r.active_cycles = first_in == ~0ull ? 0 : last_out - first_in + 1;
  return r;
}

// ------------------------------------------------------------------------------------------------
// Decoder
// ------------------------------------------------------------------------------------------------
struct JobExpect {
  std::vector<std::int32_t> decoded;  // golden streaming decoder's decoded() after every word
  std::uint8_t code = 0;              // golden zvc_decode error (0 = ok)
  std::string message;                // its message
};

inline JobExpect expect_of(const ZvcConfig& cfg, const ZvcJob& j) {
  JobExpect e;
  fmc::ZvcParams p{cfg.data_width, cfg.group};
  auto res = fmc::zvc_decode(p, j.streams, j.num_words);
  if (!res.ok()) {
    e.code = res.status().stream_error();
    e.message = res.status().message();
    if (e.code == 0) throw std::runtime_error("job '" + j.what + "': not a stream error: " + res.status().message());
  }
  if (j.num_words == 0) return e;
  auto dec = fmc::zvc_codec().decoder(codec_config(cfg), j.num_words);
  for (unsigned k = 0; k < 2; ++k)
    for (std::size_t i = 0; i < j.streams[k].size() && dec->status().ok(); ++i)
      dec->push(k, j.streams[k][i], i + 1 == j.streams[k].size());
  e.decoded = dec->decoded();
  return e;
}

template <typename M, typename D>
ZvcResult decoder_run(const ZvcConfig& cfg, const std::vector<ZvcJob>& jobs, const SimOptions& opt) {
  ZvcResult r;
  Failer fail{&r, opt.seed};
  std::vector<JobExpect> exp;
  for (const auto& j : jobs) exp.push_back(expect_of(cfg, j));

  Harness<M> h(opt);
  M& d = h.dut();
  std::mt19937_64 rng(opt.seed * 0x9e3779b97f4a7c15ull + 2);
  DescriptorSource cmd(&d.cmd_valid_i, &d.cmd_ready_o,
                       {DescriptorSource::field(&d.cmd_num_words_i),
                        DescriptorSource::field(&d.cmd_mask_words_i),
                        DescriptorSource::field(&d.cmd_value_words_i)},
                       make_throttle(opt, rng));
  StreamSource<D> msrc("mask", &d.mask_valid_i, &d.mask_ready_o, &d.mask_data_i, &d.mask_last_i,
                       make_throttle(opt, rng));
  StreamSource<D> vsrc("value", &d.value_valid_i, &d.value_ready_o, &d.value_data_i,
                       &d.value_last_i, make_throttle(opt, rng));
  StreamSink<D> out("out", &d.out_valid_o, &d.out_ready_i, &d.out_data_o, &d.out_last_o,
                    make_throttle(opt, rng));
  d.clear_i = 0;
  d.cmd_valid_i = 0;
  d.mask_valid_i = 0;
  d.value_valid_i = 0;
  d.out_ready_i = 0;
  h.reset();

  if (opt.clear_after != 0) {
    // Aborted good transmission of 300 words: outputs ignored (handshakes checked), then clear_i.
    std::mt19937_64 arng(opt.seed + 77);
    std::vector<std::int32_t> w(300);
    for (auto& x : w) x = (arng() % 3 == 0) ? static_cast<std::int32_t>(arng() % 100) + 1 : 0;
    auto st = fmc::zvc_encode(fmc::ZvcParams{cfg.data_width, cfg.group},
                              fmc::WordView(w.data(), w.size(), cfg.data_width))
                  .value();
    cmd.push({300, st[0].size(), st[1].size()});
    for (std::size_t i = 0; i < st[0].size(); ++i) msrc.push({st[0][i], i + 1 == st[0].size()});
    for (std::size_t i = 0; i < st[1].size(); ++i) vsrc.push({st[1][i], i + 1 == st[1].size()});
    for (std::uint64_t c = 0; c < opt.clear_after && r.ok; ++c) {
      cmd.drive();
      msrc.drive();
      vsrc.drive();
      out.drive();
      h.settle();
      std::string err;
      cmd.sample();
      msrc.sample();
      vsrc.sample();
      out.sample(&err);
      if (!err.empty()) fail(h.cycle(), "before clear: " + err);
      h.rise();
    }
    cmd.clear();
    d.cmd_valid_i = 0;
    msrc.clear();
    vsrc.clear();
    out.clear();
    d.out_ready_i = 0;
    d.clear_i = 1;
    h.settle();
    h.rise();
    d.clear_i = 0;
    h.settle();
    if (!d.idle_o || d.err_o) fail(h.cycle(), "idle_o not set / err_o set after clear_i");
  }
  const std::uint64_t m0 = msrc.accepted(), v0 = vsrc.accepted();
  std::vector<std::uint64_t> cum_m(jobs.size() + 1, m0), cum_v(jobs.size() + 1, v0);
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    const auto& j = jobs[k];
    cmd.push({j.num_words, j.streams[0].size(), j.streams[1].size()});
    for (std::size_t i = 0; i < j.streams[0].size(); ++i)
      msrc.push({j.streams[0][i], i + 1 == j.streams[0].size()});
    for (std::size_t i = 0; i < j.streams[1].size(); ++i)
      vsrc.push({j.streams[1][i], i + 1 == j.streams[1].size()});
    cum_m[k + 1] = cum_m[k] + j.streams[0].size();
    cum_v[k + 1] = cum_v[k] + j.streams[1].size();
  }

  const std::uint32_t wmask = (1u << cfg.data_width) - 1u;
  std::size_t fired = 0;  // descriptors accepted
  std::vector<std::uint64_t> emitted(jobs.size(), 0);
  bool pending = false;
  std::size_t pending_tag = 0, last_tag = 0;
  std::uint64_t idle = 0, first_in = ~0ull, last_out = 0;
  r.err_codes.assign(jobs.size(), 0xff);

  auto check_job_end = [&](std::size_t k, std::uint64_t cyc) {
    r.err_codes[k] = d.err_o ? d.err_code_o : 0;
    if ((d.err_o != 0) != (exp[k].code != 0) || (d.err_o && d.err_code_o != exp[k].code))
      fail(cyc, "job " + std::to_string(k) + " (" + jobs[k].what + "): err_o " +
                    std::to_string(d.err_o) + " err_code_o " + std::to_string(d.err_code_o) +
                    ", golden error " + std::to_string(exp[k].code) + " (N " +
                    std::to_string(jobs[k].num_words) + ", " + std::to_string(jobs[k].streams[0].size()) +
                    " mask / " + std::to_string(jobs[k].streams[1].size()) + " value words: " +
                    exp[k].message + ")");
    if (msrc.accepted() != cum_m[k + 1] || vsrc.accepted() != cum_v[k + 1])
      fail(cyc, "job " + std::to_string(k) + " (" + jobs[k].what + "): took " +
                    std::to_string(msrc.accepted()) + " mask / " + std::to_string(vsrc.accepted()) +
                    " value words in all, expected " + std::to_string(cum_m[k + 1]) + " / " +
                    std::to_string(cum_v[k + 1]));
  };

  while (r.ok) {
    cmd.drive();
    msrc.drive();
    vsrc.drive();
    out.drive();
    h.settle();
    const std::uint64_t cyc = h.cycle();
    if (fired == jobs.size() && d.idle_o && msrc.pending() == 0 && vsrc.pending() == 0 &&
        !d.out_valid_o)
      break;
    bool any = false;
    // A beat first visible in this cycle was loaded in the previous one: it belongs to the job of
    // the last descriptor accepted before this cycle.
    if (d.out_valid_o && !pending) {
      pending = true;
      if (fired == 0) {
        fail(cyc, "out: word before any descriptor");
        break;
      }
      pending_tag = fired - 1;
      if (pending_tag < last_tag) fail(cyc, "out: word of an earlier job after a later one");
      last_tag = pending_tag;
    }
    if (cmd.sample()) {
      any = true;
      if (first_in == ~0ull) first_in = cyc;
      if (fired > 0) check_job_end(fired - 1, cyc);
      else if (msrc.accepted() != m0 || vsrc.accepted() != v0)
        fail(cyc, "stream words taken before the first descriptor");
      ++fired;
    }
    if (msrc.sample()) any = true;
    if (vsrc.sample()) any = true;
    std::string err;
    auto b = out.sample(&err);
    if (!err.empty()) fail(cyc, err);
    if (b) {
      any = true;
      last_out = cyc;
      pending = false;
      const std::size_t k = pending_tag;
      const std::uint64_t i = emitted[k]++;
      const auto& ex = exp[k];
      ++r.beats_checked;
      const bool good = ex.code == 0;
      if (i >= ex.decoded.size()) {
        fail(cyc, "job " + std::to_string(k) + " (" + jobs[k].what + "): output word " +
                      std::to_string(i) + " " + hex(b->data) + " beyond golden decoded() (" +
                      std::to_string(ex.decoded.size()) + " words)");
      } else {
        const std::uint32_t e = static_cast<std::uint32_t>(ex.decoded[i]) & wmask;
        const bool el = good && i + 1 == jobs[k].num_words;
        if (e != b->data || el != b->last)
          fail(cyc, "job " + std::to_string(k) + " (" + jobs[k].what + "): output word " +
                        std::to_string(i) + ": expected " + hex(e) + " last " + std::to_string(el) +
                        ", got " + hex(b->data) + " last " + std::to_string(b->last));
      }
    }
    if (h.rtl_error()) fail(cyc, "RTL assertion failed");
    h.rise();
    idle = any ? 0 : idle + 1;
    if (idle > opt.max_idle)
      fail(h.cycle(), "hang: no handshake for " + std::to_string(idle) + " cycles (descriptors " +
                          std::to_string(fired) + " of " + std::to_string(jobs.size()) + ")");
  }
  if (r.ok && !jobs.empty()) check_job_end(jobs.size() - 1, h.cycle());
  for (std::size_t k = 0; k < jobs.size() && r.ok; ++k)
    if (exp[k].code == 0 && emitted[k] != jobs[k].num_words)
      fail(h.cycle(), "job " + std::to_string(k) + " (" + jobs[k].what + "): " +
                          std::to_string(emitted[k]) + " words out, expected " +
                          std::to_string(jobs[k].num_words));
  r.cycles = h.cycle();
  r.active_cycles = first_in == ~0ull ? 0 : last_out - first_in + 1;
  return r;
}

/// The data type of a model's `in_data_i` / `out_data_o` port (CData, SData).
template <typename M>
using InDataOf = std::remove_reference_t<decltype(std::declval<M&>().in_data_i)>;
template <typename M>
using OutDataOf = std::remove_reference_t<decltype(std::declval<M&>().out_data_o)>;

}  // namespace zvc_detail
}  // namespace fmc_verif
