// SPDX-License-Identifier: Apache-2.0
/// @file codec_cosim_impl.hpp
/// Templates of the shared co-simulation environment (codec_cosim.hpp), instantiated once per
/// verilated model (RTL or gate-level netlist) through the generated model lists.
///
/// Every core has the ports `clk_i`, `rst_ni`, `clear_i`, `idle_o`; an encoder `in_*` (valid,
/// ready, data, last) and one output stream per codec stream; a decoder `cmd_valid_i`,
/// `cmd_ready_o`, `cmd_num_words_i` and one length field per stream, one input stream per codec
/// stream, `out_*`, `err_o`, `err_code_o`. A codec binds its stream ports with a `Ports` struct:
///
///   struct MyPorts {
///     template <class M> static std::vector<StreamSink<InDataOf<M>>> enc_outputs(M&, ThrottleGen&);
///     template <class M> static std::vector<StreamSource<OutDataOf<M>>> dec_inputs(M&, ThrottleGen&);
///     template <class M> static std::vector<DescriptorSource::Setter> dec_lengths(M&);
///     /// Order in which the golden streaming decoder gets the streams (the order that lets it
///     /// release the longest prefix before an error).
///     static std::vector<unsigned> golden_order();
///     /// Quasi-static configuration inputs of a model (GRLC: the plane shape), set from the
///     /// golden configuration before reset and held for the whole run; PortsBase: none.
///     template <class M> static void configure(M&, const fmc::CodecConfig&);
///   };
///
/// A codec's Ports struct derives from PortsBase, which gives the members a codec may omit.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "common/codec_cosim.hpp"

namespace fmc_verif {

/// Defaults of a codec's Ports struct (see above).
struct PortsBase {
  template <typename M>
  static void configure(M&, const fmc::CodecConfig&) {}
};

namespace cosim {

/// The data type of a model's `in_data_i` / `out_data_o` port (CData, SData).
template <typename M>
using InDataOf = std::remove_reference_t<decltype(std::declval<M&>().in_data_i)>;
template <typename M>
using OutDataOf = std::remove_reference_t<decltype(std::declval<M&>().out_data_o)>;

inline std::string hex(std::uint32_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

/// Seeded per-port throttles: always on, or random per port.
class ThrottleGen {
 public:
  ThrottleGen(const SimOptions& opt, std::uint64_t salt)
      : rng_(opt.seed * 0x9e3779b97f4a7c15ull + salt), bp_(opt.backpressure) {}
  Throttle operator()() { return bp_ ? Throttle::random(rng_) : Throttle(); }

 private:
  std::mt19937_64 rng_;
  bool bp_;
};

/// Records the first failure with seed and cycle.
struct Failer {
  CosimRun* r;
  std::uint64_t seed;
  void operator()(std::uint64_t cycle, const std::string& what) const {
    if (!r->ok) return;
    r->ok = false;
    r->fail_cycle = cycle;
    r->error = "seed " + std::to_string(seed) + " cycle " + std::to_string(cycle) + ": " + what;
  }
};

/// The golden expectation of a decoder job: the whole-buffer decode's stream error (0 = valid)
/// and the words the streaming decoder releases before it (all N when valid).
struct JobExpect {
  std::vector<std::int32_t> decoded;
  std::uint8_t code = 0;
  std::string message;
};

inline JobExpect job_expect(const CoreConfig& cfg, const DecodeJob& j,
                            const std::vector<unsigned>& order) {
  JobExpect e;
  auto res = cfg.codec->decode(cfg.codec_cfg, j.streams, j.num_words);
  if (!res.ok()) {
    e.code = res.status().stream_error();
    e.message = res.status().message();
    if (e.code == 0)
      throw std::runtime_error("job '" + j.what + "': not a stream error: " + res.status().message());
  } else {
    e.decoded = res.value();
    return e;
  }
  if (j.num_words == 0) return e;
  auto dec = cfg.codec->decoder(cfg.codec_cfg, j.num_words);
  for (unsigned k : order)
    for (std::size_t i = 0; i < j.streams[k].size() && dec->status().ok(); ++i)
      dec->push(k, j.streams[k][i], i + 1 == j.streams[k].size());
  e.decoded = dec->decoded();  // what it decoded before the error (pop() stops at an error)
  return e;
}

/// The golden streaming encoder fed with the words the RTL encoder accepted: the beats it has
/// released, per stream and in order, are what the RTL encoder may emit next (no earlier).
class EncoderScoreboard {
 public:
  EncoderScoreboard(const CoreConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                    std::size_t streams)
      : txs_(txs), enc_(cfg.codec->encoder(cfg.codec_cfg)), exp_(streams) {}

  /// A word was accepted on `in`; an error text if the golden model rejects it.
  std::string input(bool last) {
    fmc::Status st = enc_->push(txs_[tx_][word_], last);
    for (unsigned k = 0; k < exp_.size(); ++k)
      while (auto x = enc_->pop(k)) exp_[k].push_back(*x);
    if (last) {
      enc_->reset();
      ++tx_;
      word_ = 0;
    } else {
      ++word_;
    }
    return st.ok() ? std::string() : "golden encoder rejected input: " + st.message();
  }
  /// Beat number `index` left on stream `k` (port `port`); an error text on a mismatch or a beat
  /// the golden model has not released yet.
  std::string output(unsigned k, const Beat& b, const std::string& port, std::uint64_t index) {
    if (exp_[k].empty())
      return port + ": beat " + hex(b.data) + " last " + std::to_string(b.last) +
             " before the golden encoder released it (transmission " + std::to_string(tx_) + ")";
    const fmc::StreamBeat x = exp_[k].front();
    exp_[k].pop_front();
    if (x.data != b.data || x.last != b.last)
      return port + " beat " + std::to_string(index) + ": expected " + hex(x.data) + " last " +
             std::to_string(x.last) + ", got " + hex(b.data) + " last " + std::to_string(b.last);
    return {};
  }
  /// Every transmission fed and every released beat seen.
  bool done() const {
    if (tx_ != txs_.size()) return false;
    for (const auto& q : exp_)
      if (!q.empty()) return false;
    return true;
  }
  std::size_t fed() const { return tx_; }

 private:
  const std::vector<std::vector<std::int32_t>>& txs_;
  std::unique_ptr<fmc::StreamEncoder> enc_;
  std::vector<std::deque<fmc::StreamBeat>> exp_;
  std::size_t tx_ = 0, word_ = 0;
};

// ------------------------------------------------------------------------------------------------
// Encoder
// ------------------------------------------------------------------------------------------------
template <typename M, typename Ports>
CosimRun encoder_run(const CoreConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                     const SimOptions& opt) {
  using D = InDataOf<M>;
  CosimRun r;
  Failer fail{&r, opt.seed};
  Harness<M> h(opt);
  M& d = h.dut();
  ThrottleGen thr(opt, 1);
  StreamSource<D> in("in", &d.in_valid_i, &d.in_ready_o, &d.in_data_i, &d.in_last_i, thr());
  auto sinks = Ports::enc_outputs(d, thr);
  const std::size_t ns = sinks.size();
  auto stop_all = [&] {
    for (auto& s : sinks) s.stop();
  };
  d.clear_i = 0;
  d.in_valid_i = 0;
  stop_all();
  Ports::configure(d, cfg.codec_cfg);
  h.reset();

  const std::uint32_t wmask = (1u << cfg.data_width) - 1u;
  if (opt.clear_after != 0) {
    // Aborted transmission: outputs ignored (handshakes still checked), then clear_i.
    std::mt19937_64 arng(opt.seed + 77);
    for (int i = 0; i < 3000; ++i)
      in.push({(arng() % 3 == 0) ? static_cast<std::uint32_t>(arng()) & wmask : 0u, i % 997 == 996});
    for (std::uint64_t c = 0; c < opt.clear_after && r.ok; ++c) {
      in.drive();
      for (auto& s : sinks) s.drive();
      h.settle();
      std::string err;
      in.sample();
      for (auto& s : sinks) s.sample(&err);
      if (!err.empty()) fail(h.cycle(), "before clear: " + err);
      h.rise();
    }
    in.clear();
    for (auto& s : sinks) s.clear();
    stop_all();
    d.clear_i = 1;
    h.settle();
    h.rise();
    d.clear_i = 0;
    h.settle();
    if (!d.idle_o) fail(h.cycle(), "idle_o not set after clear_i");
  }
  for (const auto& tx : txs)
    for (std::size_t i = 0; i < tx.size(); ++i)
      in.push({static_cast<std::uint32_t>(tx[i]) & wmask, i + 1 == tx.size()});

  EncoderScoreboard sb(cfg, txs, ns);
  r.stream_words.assign(ns, 0);
  std::uint64_t idle = 0, first_in = ~0ull, last_out = 0;

  while (r.ok && !sb.done()) {
    in.drive();
    for (auto& s : sinks) s.drive();
    h.settle();
    bool any = false;
    const std::uint64_t cyc = h.cycle();
    if (auto b = in.sample()) {
      any = true;
      ++r.words;
      if (first_in == ~0ull) first_in = cyc;
      const std::string err = sb.input(b->last);
      if (!err.empty()) fail(cyc, err);
    }
    for (unsigned k = 0; k < ns && r.ok; ++k) {
      std::string err;
      auto b = sinks[k].sample(&err);
      if (!err.empty()) fail(cyc, err);
      if (!b) continue;
      any = true;
      last_out = cyc;
      ++r.stream_words[k];
      ++r.beats_checked;
      err = sb.output(k, *b, sinks[k].name(), sinks[k].beats() - 1);
      if (!err.empty()) fail(cyc, err);
    }
    if (h.rtl_error()) fail(cyc, "RTL assertion failed (see the message above)");
    h.rise();
    idle = any ? 0 : idle + 1;
    if (idle > opt.max_idle)
      fail(h.cycle(), "hang: no handshake for " + std::to_string(idle) + " cycles; " +
                          std::to_string(sb.fed()) + " of " + std::to_string(txs.size()) +
                          " transmissions fed");
  }
  // Drained: no extra beat, idle within a few cycles.
  for (int i = 0; i < 16 && r.ok; ++i) {
    in.drive();
    for (auto& s : sinks) s.drive();
    h.settle();
    std::string err;
    for (auto& s : sinks)
      if (auto b = s.sample(&err)) fail(h.cycle(), s.name() + ": extra beat " + hex(b->data));
    if (!err.empty()) fail(h.cycle(), err);
    if (i >= 8 && !d.idle_o) fail(h.cycle(), "idle_o not set after the last beat");
    h.rise();
  }
  r.cycles = h.cycle();
  r.active_cycles = first_in == ~0ull || last_out < first_in ? 0 : last_out - first_in + 1;
  return r;
}

// ------------------------------------------------------------------------------------------------
// Decoder
// ------------------------------------------------------------------------------------------------
template <typename M, typename Ports>
CosimRun decoder_run(const CoreConfig& cfg, const std::vector<DecodeJob>& jobs,
                     const SimOptions& opt) {
  CosimRun r;
  Failer fail{&r, opt.seed};
  std::vector<JobExpect> exp;
  for (const auto& j : jobs) exp.push_back(job_expect(cfg, j, Ports::golden_order()));

  Harness<M> h(opt);
  M& d = h.dut();
  ThrottleGen thr(opt, 2);
  std::vector<DescriptorSource::Setter> fields = {DescriptorSource::field(&d.cmd_num_words_i)};
  for (auto& f : Ports::dec_lengths(d)) fields.push_back(f);
  DescriptorSource cmd(&d.cmd_valid_i, &d.cmd_ready_o, fields, thr());
  auto srcs = Ports::dec_inputs(d, thr);
  const std::size_t ns = srcs.size();
  StreamSink<OutDataOf<M>> out("out", &d.out_valid_o, &d.out_ready_i, &d.out_data_o,
                               &d.out_last_o, thr());
  auto push_job = [&](const DecodeJob& j) {
    DescriptorSource::Fields f = {j.num_words};
    for (unsigned k = 0; k < ns; ++k) {
      f.push_back(j.streams[k].size());
      for (std::size_t i = 0; i < j.streams[k].size(); ++i)
        srcs[k].push({j.streams[k][i], i + 1 == j.streams[k].size()});
    }
    cmd.push(f);
  };
  d.clear_i = 0;
  cmd.clear();
  for (auto& s : srcs) s.clear();
  out.stop();
  Ports::configure(d, cfg.codec_cfg);
  h.reset();

  if (opt.clear_after != 0) {
    // Aborted good transmission of 2000 words: outputs ignored (handshakes checked), then clear_i.
    std::mt19937_64 arng(opt.seed + 77);
    std::vector<std::int32_t> w(2000);
    for (auto& x : w) x = (arng() % 2) ? static_cast<std::int32_t>(arng() % 100) - 50 : 0;
    DecodeJob ab;
    ab.num_words = w.size();
    ab.streams =
        cfg.codec->encode(cfg.codec_cfg, fmc::WordView(w.data(), w.size(), cfg.data_width)).value();
    push_job(ab);
    for (std::uint64_t c = 0; c < opt.clear_after && r.ok; ++c) {
      cmd.drive();
      for (auto& s : srcs) s.drive();
      out.drive();
      h.settle();
      std::string err;
      cmd.sample();
      for (auto& s : srcs) s.sample();
      out.sample(&err);
      if (!err.empty()) fail(h.cycle(), "before clear: " + err);
      h.rise();
    }
    cmd.clear();
    for (auto& s : srcs) s.clear();
    out.clear();
    out.stop();
    d.clear_i = 1;
    h.settle();
    h.rise();
    d.clear_i = 0;
    h.settle();
    if (!d.idle_o || d.err_o) fail(h.cycle(), "idle_o not set / err_o set after clear_i");
  }
  // Words of each stream taken once job k is over: exactly those of jobs 0..k.
  std::vector<std::vector<std::uint64_t>> cum(ns, std::vector<std::uint64_t>(jobs.size() + 1));
  for (unsigned k = 0; k < ns; ++k) {
    cum[k][0] = srcs[k].accepted();
    for (std::size_t j = 0; j < jobs.size(); ++j)
      cum[k][j + 1] = cum[k][j] + jobs[j].streams[k].size();
  }
  for (const auto& j : jobs) push_job(j);

  const std::uint32_t wmask = (1u << cfg.data_width) - 1u;
  std::size_t fired = 0;  // descriptors accepted
  std::vector<std::uint64_t> emitted(jobs.size(), 0);
  bool pending = false;
  std::size_t pending_tag = 0, last_tag = 0;
  std::uint64_t idle = 0, first_in = ~0ull, last_out = 0;
  r.err_codes.assign(jobs.size(), 0xff);
  r.stream_words.assign(ns, 0);
  for (const auto& j : jobs)
    for (unsigned k = 0; k < ns; ++k) r.stream_words[k] += j.streams[k].size();

  auto sizes = [&](const DecodeJob& j) {
    std::string s;
    for (unsigned k = 0; k < ns; ++k)
      s += (k ? " / " : "") + std::to_string(j.streams[k].size()) + " " + srcs[k].name();
    return s;
  };
  auto check_job_end = [&](std::size_t k, std::uint64_t cyc) {
    r.err_codes[k] = d.err_o ? d.err_code_o : 0;
    if ((d.err_o != 0) != (exp[k].code != 0) || (d.err_o && d.err_code_o != exp[k].code))
      fail(cyc, "job " + std::to_string(k) + " (" + jobs[k].what + "): err_o " +
                    std::to_string(d.err_o) + " err_code_o " + std::to_string(d.err_code_o) +
                    ", golden error " + std::to_string(exp[k].code) + " (N " +
                    std::to_string(jobs[k].num_words) + ", " + sizes(jobs[k]) + " words: " +
                    exp[k].message + ")");
    for (unsigned s = 0; s < ns; ++s)
      if (srcs[s].accepted() != cum[s][k + 1])
        fail(cyc, "job " + std::to_string(k) + " (" + jobs[k].what + "): " + srcs[s].name() +
                      " words taken in all " + std::to_string(srcs[s].accepted()) + ", expected " +
                      std::to_string(cum[s][k + 1]) + " (the descriptor lengths)");
  };
  auto pending_inputs = [&] {
    std::size_t n = 0;
    for (const auto& s : srcs) n += s.pending();
    return n;
  };

  while (r.ok) {
    cmd.drive();
    for (auto& s : srcs) s.drive();
    out.drive();
    h.settle();
    const std::uint64_t cyc = h.cycle();
    if (fired == jobs.size() && d.idle_o && pending_inputs() == 0 && !d.out_valid_o) break;
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
      if (fired > 0) {
        check_job_end(fired - 1, cyc);
      } else {
        for (unsigned s = 0; s < ns; ++s)
          if (srcs[s].accepted() != cum[s][0])
            fail(cyc, srcs[s].name() + " words taken before the first descriptor");
      }
      ++fired;
    }
    for (auto& s : srcs)
      if (s.sample()) any = true;
    std::string err;
    auto b = out.sample(&err);
    if (!err.empty()) fail(cyc, err);
    if (b) {
      any = true;
      last_out = cyc;
      pending = false;
      ++r.words;
      const std::size_t k = pending_tag;
      const std::uint64_t i = emitted[k]++;
      const auto& ex = exp[k];
      ++r.beats_checked;
      const bool good = ex.code == 0;
      if (i >= ex.decoded.size()) {
        fail(cyc, "job " + std::to_string(k) + " (" + jobs[k].what + "): output word " +
                      std::to_string(i) + " " + hex(b->data) + " beyond the golden decoded() (" +
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
    if (h.rtl_error()) fail(cyc, "RTL assertion failed (see the message above)");
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
  r.active_cycles = first_in == ~0ull || last_out < first_in ? 0 : last_out - first_in + 1;
  return r;
}

// ------------------------------------------------------------------------------------------------
// Encoder -> decoder loopback: the encoder's output streams pass through channels (random
// throttles on both sides) into the decoder; every encoder beat is checked against the golden
// streaming encoder, every decoded word against the input. The decoder's descriptors carry the
// stream lengths as a DMA engine would after the encoder wrote them (from the golden encoder).
// Both models share one Verilator context; only the encoder's harness advances time.
// ------------------------------------------------------------------------------------------------
template <typename E, typename Dm, typename Ports>
CosimRun loopback_run(const CoreConfig& cfg, const std::vector<std::vector<std::int32_t>>& txs,
                      const SimOptions& opt) {
  using D = InDataOf<E>;
  CosimRun r;
  Failer fail{&r, opt.seed};
  SimOptions eo = opt, dopt = opt;
  if (!opt.trace_path.empty()) {
    eo.trace_path = opt.trace_path + ".enc.fst";
    dopt.trace_path = opt.trace_path + ".dec.fst";
  }
  Harness<E> he(eo);
  Harness<Dm> hd(dopt, he.context());
  E& e = he.dut();
  Dm& d = hd.dut();
  ThrottleGen thr(opt, 3);
  StreamSource<D> in("in", &e.in_valid_i, &e.in_ready_o, &e.in_data_i, &e.in_last_i, thr());
  auto esinks = Ports::enc_outputs(e, thr);
  const std::size_t ns = esinks.size();
  std::vector<DescriptorSource::Setter> fields = {DescriptorSource::field(&d.cmd_num_words_i)};
  for (auto& f : Ports::dec_lengths(d)) fields.push_back(f);
  DescriptorSource cmd(&d.cmd_valid_i, &d.cmd_ready_o, fields, thr());
  auto dsrcs = Ports::dec_inputs(d, thr);
  StreamSink<OutDataOf<Dm>> out("out", &d.out_valid_o, &d.out_ready_i, &d.out_data_o,
                                &d.out_last_o, thr());
  const std::uint32_t wmask = (1u << cfg.data_width) - 1u;
  std::vector<std::uint32_t> expect;
  std::vector<bool> expect_last;
  for (const auto& t : txs) {
    auto st = cfg.codec->encode(cfg.codec_cfg, fmc::WordView(t.data(), t.size(), cfg.data_width));
    if (!st.ok()) throw std::runtime_error("golden encoder: " + st.status().message());
    DescriptorSource::Fields f = {t.size()};
    for (const auto& s : st.value()) f.push_back(s.size());
    cmd.push(f);
    // The decoder gives back the input (lossless codecs) or the golden reconstruction (lossy).
    std::vector<std::int32_t> rec;
    if (!cfg.codec->lossless()) {
      auto dec = cfg.codec->decode(cfg.codec_cfg, st.value(), t.size());
      if (!dec.ok()) throw std::runtime_error("golden decoder: " + dec.status().message());
      rec = std::move(dec.value());
    }
    const std::vector<std::int32_t>& want = cfg.codec->lossless() ? t : rec;
    for (std::size_t i = 0; i < t.size(); ++i) {
      in.push({static_cast<std::uint32_t>(t[i]) & wmask, i + 1 == t.size()});
      expect.push_back(static_cast<std::uint32_t>(want[i]) & wmask);
      expect_last.push_back(i + 1 == t.size());
    }
  }
  e.clear_i = 0;
  d.clear_i = 0;
  e.in_valid_i = 0;
  d.cmd_valid_i = 0;  // the queued descriptors stay queued
  for (auto& s : esinks) s.stop();
  for (auto& s : dsrcs) s.clear();  // empty until the encoder's beats arrive
  out.stop();
  Ports::configure(e, cfg.codec_cfg);
  Ports::configure(d, cfg.codec_cfg);
  he.reset();
  hd.reset();

  EncoderScoreboard sb(cfg, txs, ns);
  r.stream_words.assign(ns, 0);
  std::size_t outw = 0;
  std::uint64_t idle = 0, first_in = ~0ull, last_out = 0, drain = 0;
  while (r.ok) {
    in.drive();
    for (auto& s : esinks) s.drive();
    cmd.drive();
    for (auto& s : dsrcs) s.drive();
    out.drive();
    he.settle();
    hd.settle();
    const std::uint64_t cyc = he.cycle();
    if (he.rtl_error() || hd.rtl_error()) fail(cyc, "RTL assertion failed (see the message above)");
    bool any = false;
    if (auto b = in.sample()) {
      any = true;
      if (first_in == ~0ull) first_in = cyc;
      const std::string err = sb.input(b->last);
      if (!err.empty()) fail(cyc, err);
    }
    for (unsigned k = 0; k < ns && r.ok; ++k) {
      std::string err;
      auto b = esinks[k].sample(&err);
      if (!err.empty()) fail(cyc, "enc." + err);
      if (!b) continue;
      any = true;
      ++r.stream_words[k];
      ++r.beats_checked;
      err = sb.output(k, *b, "enc." + esinks[k].name(), esinks[k].beats() - 1);
      if (!err.empty()) fail(cyc, err);
      dsrcs[k].push(*b);  // the channel into the decoder
    }
    if (cmd.sample()) any = true;
    for (auto& s : dsrcs)
      if (s.sample()) any = true;
    std::string err;
    if (auto b = out.sample(&err)) {
      any = true;
      last_out = cyc;
      ++r.words;
      ++r.beats_checked;
      if (err.empty() && outw >= expect.size()) {
        err = "dec.out: extra word " + hex(b->data) + " after the last transmission";
      } else if (err.empty()) {
        if (b->data != expect[outw] || b->last != expect_last[outw])
          err = "dec.out: word " + std::to_string(outw) + ": expected " + hex(expect[outw]) +
                " last " + std::to_string(expect_last[outw]) + ", got " + hex(b->data) + " last " +
                std::to_string(b->last);
        ++outw;
      }
    }
    if (!err.empty()) fail(cyc, err);
    if (d.err_o) fail(cyc, "decoder err_o raised (code " + std::to_string(d.err_code_o) + ")");
    he.rise();
    hd.rise();
    idle = any ? 0 : idle + 1;
    if (r.ok && idle > opt.max_idle)
      fail(cyc, "hang: no handshake for " + std::to_string(idle) + " cycles");
    if (sb.done() && outw == expect.size() && ++drain > 32) break;
  }
  r.cycles = he.cycle();
  r.active_cycles = first_in == ~0ull || last_out < first_in ? 0 : last_out - first_in + 1;
  return r;
}

}  // namespace cosim
}  // namespace fmc_verif
