// SPDX-License-Identifier: Apache-2.0
// Templates behind ebpc_cosim.hpp, instantiated once per verilated configuration.
#pragma once

#include <iomanip>
#include <random>
#include <sstream>
#include <type_traits>

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
// Encoder alone.
// ------------------------------------------------------------------------------------------------
template <typename M>
CosimResult run_encoder(const EbpcConfig& cfg,
                        const std::vector<std::vector<std::int32_t>>& tx, const SimOptions& opt) {
  using D = DataOf<M>;
  CosimResult r;
  Harness<M> h(opt);
  M& d = h.dut();
  Throttles th(opt);
  StreamSource<D> in("in", &d.in_valid_i, &d.in_ready_o, &d.in_data_i, &d.in_last_i, th.next());
  StreamSink<D> znz("znz", &d.znz_valid_o, &d.znz_ready_i, &d.znz_data_o, &d.znz_last_o,
                    th.next());
  StreamSink<D> bpc("bpc", &d.bpc_valid_o, &d.bpc_ready_i, &d.bpc_data_o, &d.bpc_last_o,
                    th.next());
  for (const auto& t : tx)
    for (std::size_t i = 0; i < t.size(); ++i)
      in.push({to_pattern(t[i], cfg.data_width), i + 1 == t.size()});
  EncoderChecker chk(cfg, tx.size());

  d.clear_i = 0;
  d.in_valid_i = 0;
  d.znz_ready_i = 0;
  d.bpc_ready_i = 0;
  h.reset();
  if (opt.clear_after) {
    // Aborted transmission: random words, outputs ignored, then a synchronous clear.
    std::deque<Beat> real;
    StreamSource<D> ab("in", &d.in_valid_i, &d.in_ready_o, &d.in_data_i, &d.in_last_i, th.next());
    std::mt19937_64 rng(opt.seed);
    for (int i = 0; i < 3000; ++i) ab.push({static_cast<std::uint32_t>(rng()) & ((1u << cfg.data_width) - 1) & (rng() & 1 ? ~0u : 0u), i % 997 == 996});
    for (std::uint64_t k = 0; k < opt.clear_after && r.ok; ++k) {
      ab.drive();
      znz.drive();
      bpc.drive();
      h.settle();
      std::string err;
      ab.sample();
      znz.sample(&err);
      bpc.sample(&err);
      if (!err.empty()) fail(&r, h.cycle(), "before clear: " + err);
      h.rise();
    }
    ab.clear();
    d.clear_i = 1;
    h.settle();
    h.rise();
    d.clear_i = 0;
    znz.clear();
    bpc.clear();
  }
  std::uint64_t first = 0, lastc = 0, idle = 0;
  bool started = false;
  std::uint64_t drain = 0;
  while (r.ok) {
    in.drive();
    znz.drive();
    bpc.drive();
    h.settle();
    const std::uint64_t c = h.cycle();
    if (h.rtl_error()) fail(&r, c, "RTL assertion failed (see the message above)");
    bool progress = false;
    if (auto b = in.sample()) {
      if (!started) first = c;
      started = true;
      chk.input(b->data, b->last);
      ++r.words;
      progress = true;
    }
    std::string err;
    if (auto b = znz.sample(&err)) {
      if (err.empty()) err = chk.znz(*b);
      ++r.znz_words;
      lastc = c;
      progress = true;
    }
    if (!err.empty()) fail(&r, c, err);
    err.clear();
    if (auto b = bpc.sample(&err)) {
      if (err.empty()) err = chk.bpc(*b);
      ++r.bpc_words;
      lastc = c;
      progress = true;
    }
    if (!err.empty()) fail(&r, c, err);
    h.rise();
    idle = progress ? 0 : idle + 1;
    if (r.ok && idle > opt.max_idle)
      fail(&r, c, "no handshake for " + std::to_string(opt.max_idle) + " cycles (hang); " +
                      std::to_string(chk.fed()) + " of " + std::to_string(tx.size()) +
                      " transmissions fed");
    if (chk.complete()) {
      if (++drain > 32) break;  // a few more cycles: no extra beat may appear
    }
  }
  r.beats_checked = r.znz_words + r.bpc_words;
  // A job that emits no word (lastc still 0) has no output span: 0, not an unsigned wrap.
  r.cycles = started && lastc >= first ? lastc - first + 1 : 0;
  return r;
}

// ------------------------------------------------------------------------------------------------
// Decoder alone, on explicit jobs.
// ------------------------------------------------------------------------------------------------
template <typename M>
CosimResult run_decoder_jobs(const EbpcConfig& cfg, const std::vector<DecoderJob>& jobs,
                             const SimOptions& opt) {
  using D = OutDataOf<M>;
  CosimResult r;
  Harness<M> h(opt);
  M& d = h.dut();
  Throttles th(opt);
  DescriptorSource cnt = descriptor_source(d, th.next());
  StreamSource<D> znz("znz", &d.znz_valid_i, &d.znz_ready_o, &d.znz_data_i, &d.znz_last_i,
                      th.next());
  StreamSource<D> bpc("bpc", &d.bpc_valid_i, &d.bpc_ready_o, &d.bpc_data_i, &d.bpc_last_i,
                      th.next());
  StreamSink<D> out("out", &d.out_valid_o, &d.out_ready_i, &d.out_data_o, &d.out_last_o,
                    th.next());
  // Words of each stream taken before job k's descriptor: exactly those of jobs 0..k-1.
  std::vector<std::uint64_t> zpref{0}, bpref{0};
  for (const auto& j : jobs) {
    zpref.push_back(zpref.back() + j.znz.size());
    bpref.push_back(bpref.back() + j.bpc.size());
  }
  for (const auto& j : jobs) {
    cnt.push(descriptor_of(j));
    for (std::size_t i = 0; i < j.znz.size(); ++i) znz.push({j.znz[i], i + 1 == j.znz.size()});
    for (std::size_t i = 0; i < j.bpc.size(); ++i) bpc.push({j.bpc[i], i + 1 == j.bpc.size()});
  }
  d.clear_i = 0;
  d.cmd_valid_i = 0;
  d.znz_valid_i = 0;
  d.bpc_valid_i = 0;
  d.out_ready_i = 0;
  h.reset();
  if (opt.clear_after) {
    // Aborted transmission: a valid job fed for clear_after cycles, outputs ignored, then a
    // synchronous clear; the sources drop what they had not delivered.
    std::mt19937_64 rng(opt.seed);
    std::vector<std::int32_t> w(2000);
    for (auto& v : w) v = (rng() & 1) ? static_cast<std::int32_t>(rng() % 100) - 50 : 0;
    const DecoderJob ab = ebpc_job_from_words(cfg, w);
    DescriptorSource acnt = descriptor_source(d, th.next());
    StreamSource<D> aznz("znz", &d.znz_valid_i, &d.znz_ready_o, &d.znz_data_i, &d.znz_last_i,
                         th.next());
    StreamSource<D> abpc("bpc", &d.bpc_valid_i, &d.bpc_ready_o, &d.bpc_data_i, &d.bpc_last_i,
                         th.next());
    acnt.push(descriptor_of(ab));
    for (std::size_t i = 0; i < ab.znz.size(); ++i) aznz.push({ab.znz[i], i + 1 == ab.znz.size()});
    for (std::size_t i = 0; i < ab.bpc.size(); ++i) abpc.push({ab.bpc[i], i + 1 == ab.bpc.size()});
    for (std::uint64_t k = 0; k < opt.clear_after && r.ok; ++k) {
      acnt.drive();
      aznz.drive();
      abpc.drive();
      out.drive();
      h.settle();
      std::string err;
      acnt.sample();
      aznz.sample();
      abpc.sample();
      out.sample(&err);
      if (!err.empty()) fail(&r, h.cycle(), "before clear: " + err);
      h.rise();
    }
    acnt.clear();
    aznz.clear();
    abpc.clear();
    d.clear_i = 1;
    h.settle();
    h.rise();
    d.clear_i = 0;
    out.clear();
    if (d.err_o) fail(&r, h.cycle(), "err_o still set after clear_i");
  }

  // The decoder may take the next count early (while it still emits the current job), so jobs
  // are delimited by the output: `last` closes a valid job; a corrupt job is closed by its error
  // (before or after its words: a trailing-data error can only be seen after the last word).
  std::size_t job = 0;           // job whose output is expected now
  std::size_t word = 0;          // next word index within it
  bool awaiting_err = false;     // corrupt job emitted all its words; its error must follow
  bool err_prev = false;
  std::uint64_t first = 0, lastc = 0, idle = 0, drain = 0;
  bool started = false;
  // A valid job of N = 0 words emits nothing and raises nothing: nothing closes it but itself.
  auto skip_empty = [&] {
    while (job < jobs.size() && jobs[job].num_words == 0 && jobs[job].expect_error == 0) ++job;
  };
  skip_empty();
  while (r.ok) {
    cnt.drive();
    znz.drive();
    bpc.drive();
    out.drive();
    h.settle();
    const std::uint64_t c = h.cycle();
    if (h.rtl_error()) fail(&r, c, "RTL assertion failed (see the message above)");
    bool progress = false;
    if (cnt.sample()) {
      if (!started) first = c;
      started = true;
      progress = true;
      // Fault contract: the previous jobs took exactly their own stream words, no more, no fewer.
      const std::size_t k = cnt.accepted() - 1;
      if (k < jobs.size() && (znz.accepted() != zpref[k] || bpc.accepted() != bpref[k]))
        fail(&r, c, "descriptor of job " + std::to_string(k) + " taken after " +
                        std::to_string(znz.accepted()) + " ZNZ and " +
                        std::to_string(bpc.accepted()) + " BPC words; jobs before it have " +
                        std::to_string(zpref[k]) + " and " + std::to_string(bpref[k]));
    }
    if (znz.sample()) progress = true;
    if (bpc.sample()) progress = true;
    std::string err;
    if (auto b = out.sample(&err)) {
      progress = true;
      lastc = c;
      ++r.words;
      if (err.empty()) {
        if (job >= jobs.size()) {
          err = "out: extra word " + hex(b->data) + " after the last job";
        } else if (awaiting_err) {
          err = "out: word " + hex(b->data) + " after the last word of corrupt job " +
                std::to_string(job) + " but before its error (" +
                fmc::ebpc_error_name(static_cast<fmc::EbpcError>(jobs[job].expect_error)) + ")";
        } else {
          const DecoderJob& j = jobs[job];
          const bool corrupt = j.expect_error != 0;
          if (word >= j.expect.size() || word >= j.num_words) {
            err = "out: job " + std::to_string(job) + ": word " + std::to_string(word) +
                  " emitted beyond the " + std::to_string(j.expect.size()) +
                  " words the model decodes" +
                  (corrupt ? std::string(" (corrupt: ") + fmc::ebpc_error_name(static_cast<fmc::EbpcError>(j.expect_error)) +
                                 ")"
                           : std::string());
          } else {
            const bool exp_last = word + 1 == j.num_words;
            if (b->data != j.expect[word] || b->last != exp_last)
              err = "out: job " + std::to_string(job) + " word " + std::to_string(word) +
                    ": expected " + hex(j.expect[word]) + " last " + std::to_string(exp_last) +
                    ", got " + hex(b->data) + " last " + std::to_string(b->last);
            ++r.beats_checked;
            ++word;
            if (b->last && err.empty()) {
              if (corrupt) {
                awaiting_err = true;
              } else {
                ++job;
                word = 0;
                skip_empty();
              }
            }
          }
        }
      }
    }
    if (!err.empty()) fail(&r, c, err);
    // Error output: only for a corrupt job, with the expected code; it closes the job.
    const bool err_now = d.err_o != 0;
    if (err_now && !err_prev && r.ok) {
      ++r.errors_seen;
      if (job >= jobs.size() || jobs[job].expect_error == 0) {
        fail(&r, c, "err_o raised (code " + std::to_string(d.err_code_o) + ") on valid job " +
                        std::to_string(job));
      } else if (jobs[job].check_error_code &&
                 d.err_code_o != static_cast<unsigned>(jobs[job].expect_error)) {
        fail(&r, c, "job " + std::to_string(job) + ": err_code_o " +
                        std::to_string(d.err_code_o) + ", expected " +
                        std::to_string(static_cast<unsigned>(jobs[job].expect_error)) + " (" +
                        fmc::ebpc_error_name(static_cast<fmc::EbpcError>(jobs[job].expect_error)) + ")");
      } else {
        ++job;
        word = 0;
        awaiting_err = false;
        skip_empty();
      }
    }
    err_prev = err_now;
    h.rise();
    idle = progress ? 0 : idle + 1;
    const bool all_fed = cnt.pending() == 0 && znz.pending() == 0 && bpc.pending() == 0;
    if (r.ok && all_fed && job >= jobs.size()) {
      if (++drain > 32) break;
    } else if (r.ok && idle > opt.max_idle) {
      fail(&r, c, "no handshake for " + std::to_string(opt.max_idle) + " cycles (hang) in job " +
                      std::to_string(job) + " after " + std::to_string(word) + " words" +
                      (all_fed ? " (all input fed)" : "") +
                      (job < jobs.size() && jobs[job].expect_error != 0
                           ? std::string(", expected error ") +
                                 fmc::ebpc_error_name(static_cast<fmc::EbpcError>(jobs[job].expect_error))
                           : std::string()));
    }
  }
  // A job that emits no word (lastc still 0) has no output span: 0, not an unsigned wrap.
  r.cycles = started && lastc >= first ? lastc - first + 1 : 0;
  for (const auto& j : jobs) {
    r.znz_words += j.znz.size();
    r.bpc_words += j.bpc.size();
  }
  return r;
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
