// SPDX-License-Identifier: Apache-2.0
// Templates behind ebpc_cosim.hpp, instantiated once per verilated configuration.
#pragma once

#include <iomanip>
#include <random>
#include <sstream>
#include <type_traits>

#include "common/codec_cosim_impl.hpp"
#include "ebpc/ebpc_cosim.hpp"

namespace fmc_verif {
namespace detail {

inline std::int32_t to_signed(std::uint32_t v, unsigned m) {
  const std::uint32_t sign = 1u << (m - 1);
  return static_cast<std::int32_t>((v ^ sign) - sign);
}
inline std::uint32_t to_pattern(std::int32_t v, unsigned m) {
  return static_cast<std::uint32_t>(v) & ((1u << m) - 1u);
}

inline std::string hex(std::uint32_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

/// Port throttles for one run: always-on, or random per port from the seed.
class Throttles {
 public:
  Throttles(const SimOptions& opt) : rng_(opt.seed * 0x9E3779B97F4A7C15ull + 7), bp_(opt.backpressure) {}
  Throttle next() { return bp_ ? Throttle::random(rng_) : Throttle(); }

 private:
  std::mt19937_64 rng_;
  bool bp_;
};

/// Checks encoder output beats against the golden encoders of the transmissions, in order.
class EncoderChecker {
 public:
  EncoderChecker(const EbpcConfig& cfg, std::size_t transmissions)
      : cfg_(cfg), gold_(transmissions, fmc::EbpcEncoder(cfg.params())) {}

  /// An input word was accepted by the DUT.
  void input(std::uint32_t data, bool last) {
    gold_[fed_].push(to_signed(data, cfg_.data_width), last);
    if (last) ++fed_;
  }
  /// A ZNZ beat left the DUT; returns an error text on mismatch.
  std::string znz(const Beat& got) { return check(got, true, &znz_t_, "znz"); }
  /// A BPC beat left the DUT.
  std::string bpc(const Beat& got) { return check(got, false, &bpc_t_, "bpc"); }
  /// Every transmission fed and every expected beat seen.
  bool complete() {
    skip_empty_bpc();
    return fed_ == gold_.size() && znz_t_ == gold_.size() && bpc_t_ == gold_.size();
  }
  std::size_t fed() const { return fed_; }

 private:
  void skip_empty_bpc() {
    // A finished transmission whose BPC stream has no (more) beats: the BPC port moves on.
    while (bpc_t_ < fed_) {
      fmc::EbpcEncoder& g = gold_[bpc_t_];
      if (!g.done() || !g.streams().bpc.empty()) break;
      ++bpc_t_;
    }
  }
  std::string check(const Beat& got, bool is_znz, std::size_t* t, const char* port) {
    if (!is_znz) skip_empty_bpc();
    if (*t >= gold_.size())
      return std::string(port) + ": extra beat " + hex(got.data) + " after the last transmission";
    fmc::EbpcEncoder& g = gold_[*t];
    auto exp = is_znz ? g.pop_znz() : g.pop_bpc();
    if (!exp)
      return std::string(port) + ": beat " + hex(got.data) + " (last " + std::to_string(got.last) +
             ") of transmission " + std::to_string(*t) +
             " that the golden model has not produced (extra or premature word)";
    if (exp->data != got.data || exp->last != got.last)
      return std::string(port) + ": transmission " + std::to_string(*t) + ": expected " +
             hex(exp->data) + " last " + std::to_string(exp->last) + ", got " + hex(got.data) +
             " last " + std::to_string(got.last);
    if (got.last) ++*t;
    return {};
  }

  EbpcConfig cfg_;
  std::vector<fmc::EbpcEncoder> gold_;
  std::size_t fed_ = 0, znz_t_ = 0, bpc_t_ = 0;
};

/// Collects the beats the encoder emitted for one stream (loopback channel).
struct Channel {
  std::deque<Beat> beats;
};

template <typename M>
using DataOf = std::remove_reference_t<decltype(std::declval<M&>().in_data_i)>;
template <typename M>
using OutDataOf = std::remove_reference_t<decltype(std::declval<M&>().out_data_o)>;
/// The decoder's descriptor port: N, ZNZ length, BPC length (docs/integration.md fault contract).
template <typename M>
DescriptorSource descriptor_source(M& d, Throttle t) {
  return DescriptorSource(&d.cmd_valid_i, &d.cmd_ready_o,
                          {DescriptorSource::field(&d.cmd_num_words_i),
                           DescriptorSource::field(&d.cmd_znz_words_i),
                           DescriptorSource::field(&d.cmd_bpc_words_i)},
                          t);
}
inline DescriptorSource::Fields descriptor_of(const DecoderJob& j) {
  return {j.num_words, j.znz.size(), j.bpc.size()};
}

inline void fail(CosimResult* r, std::uint64_t cycle, const std::string& what) {
  if (!r->ok) return;
  r->ok = false;
  r->fail_cycle = cycle;
  r->error = "cycle " + std::to_string(cycle) + ": " + what;
}

// ------------------------------------------------------------------------------------------------
// Encoder alone and decoder alone: the shared environment (common/codec_cosim_impl.hpp) with the
// EBPC stream ports.
// ------------------------------------------------------------------------------------------------
/// The EBPC cores' stream ports, in the codec's stream order (0 ZNZ, 1 BPC).
struct EbpcPorts {
  template <typename M>
  static std::vector<StreamSink<cosim::InDataOf<M>>> enc_outputs(M& d, cosim::ThrottleGen& t) {
    std::vector<StreamSink<cosim::InDataOf<M>>> v;
    v.emplace_back("znz", &d.znz_valid_o, &d.znz_ready_i, &d.znz_data_o, &d.znz_last_o, t());
    v.emplace_back("bpc", &d.bpc_valid_o, &d.bpc_ready_i, &d.bpc_data_o, &d.bpc_last_o, t());
    return v;
  }
  template <typename M>
  static std::vector<StreamSource<cosim::OutDataOf<M>>> dec_inputs(M& d, cosim::ThrottleGen& t) {
    std::vector<StreamSource<cosim::OutDataOf<M>>> v;
    v.emplace_back("znz", &d.znz_valid_i, &d.znz_ready_o, &d.znz_data_i, &d.znz_last_i, t());
    v.emplace_back("bpc", &d.bpc_valid_i, &d.bpc_ready_o, &d.bpc_data_i, &d.bpc_last_i, t());
    return v;
  }
  template <typename M>
  static std::vector<DescriptorSource::Setter> dec_lengths(M& d) {
    return {DescriptorSource::field(&d.cmd_znz_words_i),
            DescriptorSource::field(&d.cmd_bpc_words_i)};
  }
  // BPC first: the streaming decoder then has every block when it reads the flags, so it releases
  // the longest prefix before an error (a ZNZ error is only found once the ZNZ words arrive).
  static std::vector<unsigned> golden_order() { return {1, 0}; }
};

inline CoreConfig ebpc_core_config(const EbpcConfig& c) {
  fmc::ParamValues pv;
  pv.set("block", c.block_size);
  return {&fmc::ebpc_codec(), c.name, c.data_width,
          fmc::ebpc_codec().configure(c.data_width, pv).value()};
}

inline CosimResult from_run(const CosimRun& x) {
  CosimResult r;
  r.ok = x.ok;
  r.error = x.error;
  r.fail_cycle = x.fail_cycle;
  r.cycles = x.active_cycles;
  r.beats_checked = x.beats_checked;
  r.words = x.words;
  r.znz_words = x.stream_words.size() > 0 ? x.stream_words[0] : 0;
  r.bpc_words = x.stream_words.size() > 1 ? x.stream_words[1] : 0;
  for (std::uint8_t c : x.err_codes) r.errors_seen += c != 0 && c != 0xff;
  return r;
}

template <typename M>
CosimResult run_encoder(const EbpcConfig& cfg, const std::vector<std::vector<std::int32_t>>& tx,
                        const SimOptions& opt) {
  return from_run(cosim::encoder_run<M, EbpcPorts>(ebpc_core_config(cfg), tx, opt));
}

template <typename M>
CosimResult run_decoder_jobs(const EbpcConfig& cfg, const std::vector<DecoderJob>& jobs,
                             const SimOptions& opt) {
  std::vector<DecodeJob> dj;
  for (const auto& j : jobs) {
    DecodeJob d;
    d.num_words = j.num_words;
    d.streams = {j.znz, j.bpc};
    d.what = j.expect_error ? fmc::ebpc_error_name(static_cast<fmc::EbpcError>(j.expect_error))
                            : "valid";
    dj.push_back(std::move(d));
  }
  return from_run(cosim::decoder_run<M, EbpcPorts>(ebpc_core_config(cfg), dj, opt));
}

// ------------------------------------------------------------------------------------------------
// Encoder → decoder loopback. The streams pass through harness channels (random throttles on both
// sides); every encoder beat is checked against the golden encoder, every decoded word against
// the input.
// ------------------------------------------------------------------------------------------------
template <typename E, typename Dm>
CosimResult run_loopback(const EbpcConfig& cfg,
                         const std::vector<std::vector<std::int32_t>>& tx,
                         const SimOptions& opt) {
  using D = DataOf<E>;
  CosimResult r;
  SimOptions eo = opt, dopt = opt;
  if (!opt.trace_path.empty()) {
    eo.trace_path = opt.trace_path + ".enc.fst";
    dopt.trace_path = opt.trace_path + ".dec.fst";
  }
  Harness<E> he(eo);
  Harness<Dm> hd(dopt, he.context());  // shared context; only he advances time
  E& e = he.dut();
  Dm& d = hd.dut();
  Throttles th(opt);
  StreamSource<D> in("in", &e.in_valid_i, &e.in_ready_o, &e.in_data_i, &e.in_last_i, th.next());
  StreamSink<D> ez("enc.znz", &e.znz_valid_o, &e.znz_ready_i, &e.znz_data_o, &e.znz_last_o,
                   th.next());
  StreamSink<D> eb("enc.bpc", &e.bpc_valid_o, &e.bpc_ready_i, &e.bpc_data_o, &e.bpc_last_o,
                   th.next());
  DescriptorSource cnt = descriptor_source(d, th.next());
  StreamSource<D> dz("dec.znz", &d.znz_valid_i, &d.znz_ready_o, &d.znz_data_i, &d.znz_last_i,
                     th.next());
  StreamSource<D> db("dec.bpc", &d.bpc_valid_i, &d.bpc_ready_o, &d.bpc_data_i, &d.bpc_last_i,
                     th.next());
  StreamSink<D> out("dec.out", &d.out_valid_o, &d.out_ready_i, &d.out_data_o, &d.out_last_o,
                    th.next());
  std::vector<std::uint32_t> expect;
  for (const auto& t : tx) {
    // The descriptor carries the stream lengths, as a DMA engine would after the encoder wrote
    // them; here they come from the golden encoder (its streams are checked beat by beat below).
    cnt.push(descriptor_of(ebpc_job_from_words(cfg, t)));
    for (std::size_t i = 0; i < t.size(); ++i) {
      in.push({to_pattern(t[i], cfg.data_width), i + 1 == t.size()});
      expect.push_back(to_pattern(t[i], cfg.data_width));
    }
  }
  EncoderChecker chk(cfg, tx.size());
  e.clear_i = 0;
  e.in_valid_i = 0;
  e.znz_ready_i = 0;
  e.bpc_ready_i = 0;
  d.clear_i = 0;
  d.cmd_valid_i = 0;
  d.znz_valid_i = 0;
  d.bpc_valid_i = 0;
  d.out_ready_i = 0;
  he.reset();
  hd.reset();
  std::size_t outw = 0, tx_i = 0, tx_pos = 0;
  std::uint64_t efirst = 0, elast = 0, dfirst = 0, dlast = 0, idle = 0, drain = 0;
  bool estarted = false, dstarted = false;
  while (r.ok) {
    in.drive();
    ez.drive();
    eb.drive();
    cnt.drive();
    dz.drive();
    db.drive();
    out.drive();
    he.settle();
    hd.settle();
    const std::uint64_t c = he.cycle();
    if (he.rtl_error() || hd.rtl_error()) fail(&r, c, "RTL assertion failed (see above)");
    bool progress = false;
    if (auto b = in.sample()) {
      if (!estarted) efirst = c;
      estarted = true;
      chk.input(b->data, b->last);
      progress = true;
    }
    std::string err;
    if (auto b = ez.sample(&err)) {
      if (err.empty()) err = chk.znz(*b);
      dz.push(*b);
      ++r.znz_words;
      elast = c;
      progress = true;
    }
    if (!err.empty()) fail(&r, c, err);
    err.clear();
    if (auto b = eb.sample(&err)) {
      if (err.empty()) err = chk.bpc(*b);
      db.push(*b);
      ++r.bpc_words;
      elast = c;
      progress = true;
    }
    if (!err.empty()) fail(&r, c, err);
    err.clear();
    if (cnt.sample()) {
      if (!dstarted) dfirst = c;
      dstarted = true;
      progress = true;
    }
    if (dz.sample()) progress = true;
    if (db.sample()) progress = true;
    if (auto b = out.sample(&err)) {
      if (err.empty() && outw >= expect.size()) {
        // Checked first: past the last expected word there is no tx[tx_i] to look at.
        err = "dec.out: extra word " + std::to_string(outw) + " after the last transmission";
      } else if (err.empty()) {
        const bool exp_last = tx_pos + 1 == tx[tx_i].size();
        if (b->data != expect[outw] || b->last != exp_last)
          err = "dec.out: transmission " + std::to_string(tx_i) + " word " +
                std::to_string(tx_pos) + ": expected " + hex(expect[outw]) + " last " +
                std::to_string(exp_last) + ", got " + hex(b->data) + " last " +
                std::to_string(b->last);
        ++outw;
        ++r.words;
        if (++tx_pos == tx[tx_i].size()) {
          ++tx_i;
          tx_pos = 0;
        }
      }
      dlast = c;
      progress = true;
    }
    if (!err.empty()) fail(&r, c, err);
    if (d.err_o) fail(&r, c, "decoder err_o raised (code " + std::to_string(d.err_code_o) + ")");
    he.rise();
    hd.rise();
    idle = progress ? 0 : idle + 1;
    if (r.ok && idle > opt.max_idle)
      fail(&r, c, "no handshake for " + std::to_string(opt.max_idle) + " cycles (hang)");
    if (chk.complete() && outw == expect.size() && ++drain > 32) break;
  }
  r.beats_checked = r.znz_words + r.bpc_words + r.words;
  r.enc_cycles = estarted ? elast - efirst + 1 : 0;
  r.dec_cycles = dstarted ? dlast - dfirst + 1 : 0;
  r.cycles = estarted && std::max(elast, dlast) >= efirst ? std::max(elast, dlast) - efirst + 1 : 0;
  return r;
}

}  // namespace detail
}  // namespace fmc_verif
