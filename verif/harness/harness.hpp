// SPDX-License-Identifier: Apache-2.0
/// @file harness.hpp
/// Generic Verilator co-simulation harness: one template for every core.
///
///  - `Harness<Model>` owns the VerilatedContext and the model, drives the clock (`tick()`),
///    applies reset, and writes an FST trace on demand.
///  - `Throttle` decides, per port and per cycle, whether a source offers its next beat or a sink is
///    ready: always, seeded random with a probability, or bursty (long random stalls).
///  - `StreamSource` drives valid/data/last into the DUT and keeps them stable until accepted.
///  - `StreamSink` drives ready and checks, every cycle, that the DUT holds valid with stable data
///    and last until the beat is accepted.
///  - `DescriptorSource` drives a decoder's descriptor port (`cmd`: N and the stream lengths, the
///    fault contract of docs/integration.md) the same way.
///
/// Cycle protocol (the loop every co-simulation writes): with the clock low, the sources and sinks
/// set the inputs for this cycle (`drive()`); the model settles (`Harness::settle()`); every port
/// samples its handshake (`sample()`: fire = valid && ready) and checks its invariants; the beats
/// that fired are handed to the checkers; then the rising edge is evaluated (`Harness::rise()`).
/// Failures are collected as text with the cycle number; the run stops at the first.
#pragma once

#include <verilated.h>
#if VM_TRACE_FST
#include <verilated_fst_c.h>
#endif

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fmc_verif {

/// How a port is throttled.
enum class ThrottleMode {
  kAlways,  ///< valid/ready every cycle
  kRandom,  ///< independent coin per cycle with probability p
  kBursty,  ///< Markov on/off states: runs of ready and long stalls
};

/// Per-port, per-cycle decision "go" (source offers / sink ready). Deterministic for a seed.
class Throttle {
 public:
  Throttle() = default;
  /// p: probability of "go" per cycle in kRandom mode, and in the "on" state of kBursty.
  Throttle(ThrottleMode mode, double p, std::uint64_t seed) : mode_(mode), p_(p), rng_(seed) {}
  /// Draws the decision for the next cycle.
  bool next() {
    switch (mode_) {
      case ThrottleMode::kAlways: return true;
      case ThrottleMode::kRandom: return coin(p_);
      case ThrottleMode::kBursty:
        // Average run of 20 cycles, stall of 12 cycles (up to ~100).
        if (on_) {
          if (coin(0.05)) on_ = false;
        } else if (coin(0.08)) {
          on_ = true;
        }
        return on_ ? coin(p_) : false;
    }
    return true;
  }
  /// Picks a mode and probability at random (used by the randomized tests).
  static Throttle random(std::mt19937_64& rng) {
    std::uniform_int_distribution<int> m(0, 9);
    std::uniform_real_distribution<double> p(0.1, 1.0);
    const int k = m(rng);
    const ThrottleMode mode = k < 2 ? ThrottleMode::kAlways
                              : k < 7 ? ThrottleMode::kRandom
                                      : ThrottleMode::kBursty;
    return Throttle(mode, p(rng), rng());
  }
  ThrottleMode mode() const { return mode_; }
  double probability() const { return p_; }

 private:
  bool coin(double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p; }
  ThrottleMode mode_ = ThrottleMode::kAlways;
  double p_ = 1.0;
  std::mt19937_64 rng_{1};
  bool on_ = true;
};

/// A beat on a stream port.
struct Beat {
  std::uint32_t data = 0;
  bool last = false;
};

/// Drives an input stream of the DUT. `Data` is the Verilator port type (CData, SData, IData).
/// The port pointers come from the model; pass nullptr for `last` when the port has none.
template <typename Data>
class StreamSource {
 public:
  StreamSource(std::string name, CData* valid, const CData* ready, Data* data, CData* last,
               Throttle throttle)
      : name_(std::move(name)), valid_(valid), ready_(ready), data_(data), last_(last),
        throttle_(throttle) {}

  /// Queues a beat to send.
  void push(Beat b) { queue_.push_back(b); }
  /// Beats not yet accepted.
  std::size_t pending() const { return queue_.size(); }

  /// Before eval: sets valid/data/last for this cycle. Once valid is up it stays up with the same
  /// beat until accepted (the protocol the DUT may rely on).
  void drive() {
    if (!offering_ && !queue_.empty() && throttle_.next()) offering_ = true;
    *valid_ = offering_ ? 1 : 0;
    const Beat b = offering_ ? queue_.front() : Beat{};
    *data_ = static_cast<Data>(b.data);
    if (last_) *last_ = b.last ? 1 : 0;
  }
  /// After eval: returns the beat accepted in this cycle, if any.
  std::optional<Beat> sample() {
    if (!offering_ || !*ready_) return std::nullopt;
    Beat b = queue_.front();
    queue_.pop_front();
    offering_ = false;
    ++accepted_;
    return b;
  }
  std::uint64_t accepted() const { return accepted_; }
  const std::string& name() const { return name_; }
  /// Drops every queued beat (the environment's side of a synchronous clear).
  void clear() {
    queue_.clear();
    offering_ = false;
    *valid_ = 0;
  }

 private:
  std::string name_;
  CData* valid_;
  const CData* ready_;
  Data* data_;
  CData* last_;
  Throttle throttle_;
  std::deque<Beat> queue_;
  bool offering_ = false;
  std::uint64_t accepted_ = 0;
};

/// Receives an output stream of the DUT and checks its handshake every cycle.
template <typename Data>
class StreamSink {
 public:
  StreamSink(std::string name, const CData* valid, CData* ready, const Data* data,
             const CData* last, Throttle throttle)
      : name_(std::move(name)), valid_(valid), ready_(ready), data_(data), last_(last),
        throttle_(throttle) {}

  /// Before eval: sets ready for this cycle.
  void drive() { *ready_ = throttle_.next() ? 1 : 0; }
  /// Drops ready (reset and clear sequences).
  void stop() { *ready_ = 0; }
  /// After eval: checks the invariant (a beat offered and not taken last cycle must still be
  /// offered, unchanged) and returns the beat accepted in this cycle. `error` gets a message on a
  /// protocol violation.
  std::optional<Beat> sample(std::string* error) {
    const bool valid = *valid_ != 0;
    const Beat now{static_cast<std::uint32_t>(*data_), last_ ? (*last_ != 0) : false};
    if (stalled_) {
      if (!valid) {
        *error = name_ + ": valid dropped before ready (protocol violation)";
      } else if (now.data != held_.data || now.last != held_.last) {
        std::ostringstream os;
        os << name_ << ": data/last changed while valid and not ready (was 0x" << std::hex
           << held_.data << " last " << held_.last << ", now 0x" << now.data << " last "
           << now.last << ")";
        *error = os.str();
      }
    }
    if (valid && *ready_) {
      stalled_ = false;
      ++beats_;
      return now;
    }
    stalled_ = valid;
    held_ = now;
    return std::nullopt;
  }
  std::uint64_t beats() const { return beats_; }
  const std::string& name() const { return name_; }
  /// Forgets a stalled beat: after a synchronous clear the DUT may drop valid.
  void clear() { stalled_ = false; }

 private:
  std::string name_;
  const CData* valid_;
  CData* ready_;
  const Data* data_;
  const CData* last_;
  Throttle throttle_;
  bool stalled_ = false;
  Beat held_;
  std::uint64_t beats_ = 0;
};

/// Drives a decoder's descriptor port: `cmd_valid_i`/`cmd_ready_o` and its numeric fields (N and
/// the length of each input stream, in port order). Holds valid and the fields until accepted.
class DescriptorSource {
 public:
  using Fields = std::vector<std::uint64_t>;
  using Setter = std::function<void(std::uint64_t)>;
  /// `fields`: one setter per descriptor input, e.g. `DescriptorSource::field(&d.cmd_num_words_i)`.
  DescriptorSource(CData* valid, const CData* ready,
                   std::vector<std::function<void(std::uint64_t)>> fields, Throttle throttle)
      : valid_(valid), ready_(ready), fields_(std::move(fields)), throttle_(throttle) {}
  /// A setter for a Verilator input port of any width up to 64 bits.
  template <typename Port>
  static std::function<void(std::uint64_t)> field(Port* port) {
    return [port](std::uint64_t v) { *port = static_cast<Port>(v); };
  }

  void push(Fields f) { queue_.push_back(std::move(f)); }
  std::size_t pending() const { return queue_.size(); }
  void drive() {
    if (!offering_ && !queue_.empty() && throttle_.next()) offering_ = true;
    *valid_ = offering_ ? 1 : 0;
    for (std::size_t i = 0; i < fields_.size(); ++i)
      fields_[i](offering_ && i < queue_.front().size() ? queue_.front()[i] : 0);
  }
  /// After eval: the descriptor accepted in this cycle, if any.
  std::optional<Fields> sample() {
    if (!offering_ || !*ready_) return std::nullopt;
    Fields f = std::move(queue_.front());
    queue_.pop_front();
    offering_ = false;
    ++accepted_;
    return f;
  }
  std::uint64_t accepted() const { return accepted_; }
  /// Drops every queued descriptor (the environment's side of a synchronous clear).
  void clear() {
    queue_.clear();
    offering_ = false;
    *valid_ = 0;
  }

 private:
  CData* valid_;
  const CData* ready_;
  std::vector<std::function<void(std::uint64_t)>> fields_;
  Throttle throttle_;
  std::deque<Fields> queue_;
  bool offering_ = false;
  std::uint64_t accepted_ = 0;
};

/// The value of parameter `key` in a cores-table parameter string ("DataWidth=8 BlockSize=8", as
/// the generated model lists give it), or `dflt` when absent.
inline unsigned rtl_param(const std::string& params, const std::string& key, unsigned dflt) {
  std::istringstream is(params);
  std::string kv;
  while (is >> kv) {
    const auto eq = kv.find('=');
    if (eq != std::string::npos && kv.substr(0, eq) == key)
      return static_cast<unsigned>(std::stoul(kv.substr(eq + 1)));
  }
  return dflt;
}

/// Options of one simulation run.
struct SimOptions {
  std::uint64_t seed = 1;
  bool backpressure = false;        ///< random throttles on every port (else always valid/ready)
  int rand_reset = 0;               ///< Verilator +verilator+rand+reset (0, 1 or 2)
  std::string trace_path;           ///< write an FST trace here when not empty
  std::uint64_t trace_stop = ~0ull; ///< stop tracing after this cycle
  std::uint64_t max_idle = 20000;   ///< cycles without any handshake before "hang"
  /// When not 0: before the checked run, an aborted transmission is fed for this many cycles
  /// (outputs ignored, handshakes still checked), then `clear_i` is pulsed for one cycle; the
  /// checked run must then behave as after reset (recovery by synchronous clear).
  std::uint64_t clear_after = 0;
};

/// A trace of every run of the process (`fmc_cosim random --trace FILE`, what `make wave` runs):
/// when set, each Harness whose options name no trace writes one; the first to open gets the path
/// itself, each later one (a loopback's decoder) the path with `.<k>.fst` for its `.fst` (k = 2,
/// 3, ...). The runs that name a trace (the rerun of a failure) keep theirs.
inline std::string& trace_always_path() {
  static std::string path;
  return path;
}

/// The trace path of the next Harness without one of its own (trace_always_path); "" when unset.
inline std::string next_trace_always() {
  static int opened = 0;
  const std::string& p = trace_always_path();
  if (p.empty()) return p;
  if (++opened == 1) return p;
  const std::string stem = p.size() > 4 && p.compare(p.size() - 4, 4, ".fst") == 0
                               ? p.substr(0, p.size() - 4)
                               : p;
  return stem + "." + std::to_string(opened) + ".fst";
}

/// Owns the Verilator context (unless given one to share) and the model; clock, reset, trace.
/// Several models simulated together (loopback) must share one context: Verilator 5.006 can
/// deadlock when models of different contexts are destroyed in one process.
template <typename Model>
class Harness {
 public:
  explicit Harness(const SimOptions& opt, VerilatedContext* shared = nullptr) : opt_(opt) {
    if (opt_.trace_path.empty()) opt_.trace_path = next_trace_always();
    if (shared) {
      ctxp_ = shared;
    } else {
      ctx_ = std::make_unique<VerilatedContext>();
      ctxp_ = ctx_.get();
      ctxp_->fatalOnError(false);  // an assertion failure becomes a reported mismatch, not abort()
      ctxp_->randReset(opt.rand_reset);
      ctxp_->randSeed(static_cast<int>(opt.seed & 0x7fffffff));
    }
#if VM_TRACE_FST
    if (!opt_.trace_path.empty()) ctxp_->traceEverOn(true);
#endif
    model_ = std::make_unique<Model>(ctxp_);
#if VM_TRACE_FST
    if (!opt_.trace_path.empty()) {
      trace_ = std::make_unique<VerilatedFstC>();
      model_->trace(trace_.get(), 99);
      trace_->open(opt_.trace_path.c_str());
    }
#endif
  }
  ~Harness() {
#if VM_TRACE_FST
    if (trace_) trace_->close();
#endif
    model_->final();
  }

  Model& dut() { return *model_; }
  /// The context (to share with a second model).
  VerilatedContext* context() { return ctxp_; }
  std::uint64_t cycle() const { return cycle_; }
  /// True when an RTL assertion fired ($error / failed assertion).
  bool rtl_error() const { return ctxp_->gotError(); }

  /// Settles combinational logic with the clock low (after the inputs were driven).
  void settle() {
    model_->clk_i = 0;
    model_->eval();
    dump();
  }
  /// Rising edge, then the next cycle begins.
  void rise() {
    if (ctx_) ctxp_->timeInc(1);
    model_->clk_i = 1;
    model_->eval();
    dump();
    if (ctx_) ctxp_->timeInc(1);
    ++cycle_;
  }
  /// Asserts rst_ni for `cycles` cycles with every other input as set by the caller.
  void reset(int cycles = 4) {
    // A falling edge first, as at power-on: the flops' asynchronous reset acts at once, before any
    // clock edge (with a randomized start state, a reset that is low from time 0 would only act at
    // the first clock edge, and that edge would still see the random state).
    model_->rst_ni = 1;
    model_->clk_i = 0;
    model_->eval();
    model_->rst_ni = 0;
    for (int i = 0; i < cycles; ++i) {
      settle();
      rise();
    }
    model_->rst_ni = 1;
  }

 private:
  void dump() {
#if VM_TRACE_FST
    if (trace_ && cycle_ <= opt_.trace_stop) trace_->dump(ctxp_->time());
#endif
  }

  SimOptions opt_;
  std::unique_ptr<VerilatedContext> ctx_;  // null when the context is shared
  VerilatedContext* ctxp_ = nullptr;
  std::unique_ptr<Model> model_;
#if VM_TRACE_FST
  std::unique_ptr<VerilatedFstC> trace_;
#endif
  std::uint64_t cycle_ = 0;
};

}  // namespace fmc_verif
