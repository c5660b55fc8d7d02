// SPDX-License-Identifier: Apache-2.0
// Unit tests of the shared RTL primitives (rtl/prim/) against small reference models, random
// stimulus, fixed seeds: fmc_ram_1r1w, fmc_stream_reg, fmc_fifo, fmc_fifo_ram, fmc_word_split,
// fmc_fifo_ram_pair, fmc_stream_frame, fmc_bit_unpacker, fmc_bit_window, fmc_bit_peek; and
// fmc_stream_assert (every core's port check) and fmc_stream_frame's length assumption fire on a
// violation and only then.
#include <catch2/catch.hpp>

#include <deque>
#include <optional>
#include <random>
#include <vector>

#include "Vfmc_bit_peek_w8.h"
#include "Vfmc_bit_unpacker_w8_p3.h"
#include "Vfmc_bit_unpacker_w8_p4.h"
#include "Vfmc_bit_window_w8.h"
#include "Vfmc_fifo_d4.h"
#include "Vfmc_fifo_ram_pair_w8_d3.h"
#include "Vfmc_fifo_ram_w8_d3.h"
#include "Vfmc_ram_1r1w_w13_d12.h"
#include "Vfmc_stream_assert_w8.h"
#include "Vfmc_stream_frame_l4.h"
#include "Vfmc_stream_reg_w9.h"
#include "Vfmc_word_split_w8.h"
#include "harness/harness.hpp"

using namespace fmc_verif;

TEST_CASE("fmc_ram_1r1w: random reads and writes against a model (read-first, 1-cycle read)",
          "[prims]") {
  SimOptions opt;
  Harness<Vfmc_ram_1r1w_w13_d12> h(opt);
  auto& d = h.dut();
  constexpr unsigned kDepth = 12, kMask = (1u << 13) - 1u;
  std::vector<std::optional<std::uint32_t>> mem(kDepth);
  std::optional<std::uint32_t> expect;  // what rdata_o must show (nullopt: undefined)
  std::mt19937_64 rng(5);
  int reads_checked = 0;
  for (int cyc = 0; cyc < 20000; ++cyc) {
    d.we_i = rng() % 2;
    d.waddr_i = static_cast<CData>(rng() % kDepth);
    d.wdata_i = static_cast<SData>(rng() & kMask);
    d.re_i = rng() % 3 == 0;
    d.raddr_i = static_cast<CData>(rng() % kDepth);
    h.settle();
    if (expect) {
      INFO("cycle " << cyc);
      REQUIRE(d.rdata_o == *expect);
      ++reads_checked;
    }
    // Read-first: the read sees the memory before this edge's write.
    if (d.re_i) expect = mem[d.raddr_i];
    if (d.we_i) mem[d.waddr_i] = d.wdata_i;
    h.rise();
    REQUIRE_FALSE(h.rtl_error());
  }
  CHECK(reads_checked > 5000);
}

namespace {

// A stream primitive (in -> out, same width) against a queue: order kept, at most `capacity`
// beats inside, `empty_o` (when the primitive has it) exact, one beat per cycle without
// back-pressure; data of `mask` bits.
template <typename M, typename D, bool HasEmpty>
void check_stream_prim(std::size_t capacity, std::uint32_t mask, int latency = 1) {
  for (bool bp : {false, true}) {
    SimOptions opt;
    opt.seed = 3;
    opt.backpressure = bp;
    Harness<M> h(opt);
    auto& d = h.dut();
    std::mt19937_64 rng(opt.seed);
    StreamSource<D> in("in", &d.in_valid_i, &d.in_ready_o, &d.in_data_i, nullptr,
                       bp ? Throttle::random(rng) : Throttle());
    StreamSink<D> out("out", &d.out_valid_o, &d.out_ready_i, &d.out_data_o, nullptr,
                      bp ? Throttle::random(rng) : Throttle());
    std::deque<std::uint32_t> inside;
    for (int i = 0; i < 3000; ++i) in.push({static_cast<std::uint32_t>(rng()) & mask, false});
    d.clear_i = 0;
    h.reset();
    std::uint64_t got = 0, cycles = 0;
    while (got < 3000 && cycles < 100000) {
      in.drive();
      out.drive();
      h.settle();
      if constexpr (HasEmpty) REQUIRE(static_cast<bool>(d.empty_o) == inside.empty());
      std::string err;
      if (auto b = out.sample(&err)) {
        REQUIRE(!inside.empty());
        REQUIRE(b->data == inside.front());
        inside.pop_front();
        ++got;
      }
      if (auto b = in.sample()) inside.push_back(b->data);
      REQUIRE(inside.size() <= capacity);
      REQUIRE(err.empty());
      h.rise();
      REQUIRE_FALSE(h.rtl_error());
      ++cycles;
    }
    CHECK(got == 3000);
    if (!bp) CHECK(cycles <= 3000 + 1 + latency);  // one beat per cycle after the latency
  }
}

}  // namespace

TEST_CASE("fmc_stream_reg: one beat per cycle, order kept, held under back-pressure", "[prims]") {
  check_stream_prim<Vfmc_stream_reg_w9, SData, false>(1, 0x1ff);
}

TEST_CASE("fmc_fifo Depth 4: order kept, never more than 4 stored, full rate", "[prims]") {
  check_stream_prim<Vfmc_fifo_d4, CData, true>(4, 0xff);
}

TEST_CASE("fmc_fifo_ram Depth 3: order kept, at most 3 + 1 stored, full rate, 2 cycles latency",
          "[prims]") {
  check_stream_prim<Vfmc_fifo_ram_w8_d3, CData, true>(4, 0xff, 2);
}

TEST_CASE("fmc_word_split: upper half first, a half beat gives one word, last on the final half",
          "[prims]") {
  for (bool bp : {false, true}) {
    SimOptions opt;
    opt.seed = 7;
    Harness<Vfmc_word_split_w8> h(opt);
    auto& d = h.dut();
    std::mt19937_64 rng(opt.seed);
    Throttle tin = bp ? Throttle::random(rng) : Throttle();
    Throttle tout = bp ? Throttle::random(rng) : Throttle();
    struct In {
      std::uint32_t data;
      bool half, last;
    };
    std::deque<In> beats;
    std::deque<std::pair<std::uint32_t, bool>> expect;  // {word, last}
    for (int i = 0; i < 2000; ++i) {
      In b{static_cast<std::uint32_t>(rng()) & 0xffffu, rng() % 4 == 0, rng() % 7 == 0};
      beats.push_back(b);
      expect.push_back({b.data >> 8, b.last && b.half});
      if (!b.half) expect.push_back({b.data & 0xffu, b.last});
    }
    d.clear_i = 0;
    h.reset();
    bool offering = false;
    std::size_t got = 0, cycles = 0, taken = 0;
    const std::size_t words = expect.size();
    while (got < words && cycles < 400000) {
      if (!offering && !beats.empty() && tin.next()) offering = true;
      d.in_valid_i = offering;
      d.in_data_i = offering ? static_cast<SData>(beats.front().data) : 0;
      d.in_half_i = offering && beats.front().half;
      d.in_last_i = offering && beats.front().last;
      d.out_ready_i = tout.next();
      h.settle();
      REQUIRE(d.out_valid_o == d.in_valid_i);
      if (d.out_valid_o && d.out_ready_i) {
        INFO("word " << got);
        REQUIRE(d.out_data_o == expect.front().first);
        REQUIRE(static_cast<bool>(d.out_last_o) == expect.front().second);
        expect.pop_front();
        ++got;
      }
      if (offering && d.in_ready_o) {
        beats.pop_front();
        offering = false;
        ++taken;
      }
      h.rise();
      ++cycles;
    }
    CHECK(got == words);
    CHECK(taken == 2000);
    if (!bp) CHECK(cycles == words);  // one word per cycle
  }
}

TEST_CASE("fmc_fifo_ram_pair Depth 3: pairs in order, a final first word alone, at most 6 + 2 "
          "words stored, empty after each stream",
          "[prims]") {
  for (bool bp : {false, true}) {
    SimOptions opt;
    opt.seed = 9;
    Harness<Vfmc_fifo_ram_pair_w8_d3> h(opt);
    auto& d = h.dut();
    std::mt19937_64 rng(opt.seed);
    Throttle tin = bp ? Throttle::random(rng) : Throttle();
    Throttle tout = bp ? Throttle::random(rng) : Throttle();
    d.clear_i = 0;
    h.reset();
    std::size_t total_in = 0, total_out = 0, cycles = 0;
    // Streams of 1..40 words, each ended by `last`, then drained, then clear_i (as the decoder
    // does at the end of a transmission).
    for (int stream = 0; stream < 150; ++stream) {
      const int len = 1 + static_cast<int>(rng() % 40);
      std::deque<std::uint32_t> words;
      std::deque<std::pair<std::uint32_t, bool>> expect;  // {beat, two}
      for (int i = 0; i < len; ++i) words.push_back(static_cast<std::uint32_t>(rng()) & 0xffu);
      for (int i = 0; i < len; i += 2) {
        if (i + 1 < len) {
          expect.push_back({(words[i] << 8) | words[i + 1], true});
        } else {
          expect.push_back({words[i] << 8, false});
        }
      }
      bool offering = false;
      std::size_t in_flight = 0;  // words taken, not yet out
      const std::size_t start = cycles;
      while (!expect.empty() && cycles - start < 20000) {
        if (!offering && !words.empty() && tin.next()) offering = true;
        d.in_valid_i = offering;
        d.in_data_i = offering ? static_cast<CData>(words.front()) : 0;
        d.in_last_i = offering && words.size() == 1;
        d.out_ready_i = tout.next();
        h.settle();
        if (d.out_valid_o && d.out_ready_i) {
          INFO("stream " << stream << ", beat at cycle " << cycles);
          const bool two = expect.front().second;
          REQUIRE(static_cast<bool>(d.out_two_o) == two);
          // A lone final word: the lower half is stale.
          const std::uint32_t mask = two ? 0xffffu : 0xff00u;
          REQUIRE((d.out_data_o & mask) == expect.front().first);
          in_flight -= two ? 2 : 1;
          total_out += two ? 2 : 1;
          expect.pop_front();
        }
        if (offering && d.in_ready_o) {
          words.pop_front();
          offering = false;
          ++in_flight;
          ++total_in;
        }
        // Full rate without back-pressure: the input never waits while the output is ready.
        if (!bp && offering) CHECK(static_cast<bool>(d.in_ready_o));
        h.rise();
        ++cycles;
        REQUIRE(in_flight <= 8);
      }
      REQUIRE(expect.empty());
      d.in_valid_i = 0;
      d.out_ready_i = 0;
      h.settle();
      REQUIRE(static_cast<bool>(d.empty_o));
      d.clear_i = 1;
      h.rise();
      d.clear_i = 0;
      ++cycles;
    }
    CHECK(total_in == total_out);
  }
}

TEST_CASE("fmc_stream_assert: silent on a legal stream, fires when valid drops or data changes",
          "[prims]") {
  // Each scenario: per cycle (valid, ready, data); `fires` whether the check must fail.
  struct Step {
    int valid, ready, data;
  };
  const std::vector<std::pair<std::vector<Step>, bool>> cases = {
      {{{1, 0, 5}, {1, 0, 5}, {1, 1, 5}, {0, 0, 9}, {1, 1, 7}, {0, 1, 0}}, false},  // legal
      {{{1, 0, 5}, {0, 0, 5}, {0, 0, 5}}, true},                                  // valid dropped
      {{{1, 0, 5}, {1, 0, 6}, {1, 1, 6}}, true},                                  // data changed
  };
  for (std::size_t c = 0; c < cases.size(); ++c) {
    DYNAMIC_SECTION("case " << c) {
      SimOptions opt;
      Harness<Vfmc_stream_assert_w8> h(opt);
      auto& d = h.dut();
      d.clear_i = 0;
      d.valid_i = 0;
      d.ready_i = 0;
      d.data_i = 0;
      h.reset();
      for (const Step& s : cases[c].first) {
        d.valid_i = static_cast<CData>(s.valid);
        d.ready_i = static_cast<CData>(s.ready);
        d.data_i = static_cast<CData>(s.data);
        h.settle();
        h.rise();
      }
      h.settle();
      h.rise();
      CHECK(h.rtl_error() == cases[c].second);
    }
  }
}

namespace {

// One fmc_stream_frame run: transmissions of the given lengths back to back, each descriptor
// loaded when the previous frame is closed, its words taken with random gaps (the first one in
// the load cycle when `take_with_load`), `last` on word L-1 unless `bad_last` names a word
// (transmission, word) that gets it instead. Checks open_o against the words left every cycle;
// returns whether the RTL reported an error.
bool run_frame(const std::vector<unsigned>& lengths, std::uint64_t seed,
               std::pair<int, int> bad_last = {-1, -1}) {
  SimOptions opt;
  Harness<Vfmc_stream_frame_l4> h(opt);
  auto& d = h.dut();
  std::mt19937_64 rng(seed);
  d.clear_i = 0;
  d.load_i = 0;
  d.length_i = 0;
  d.take_i = 0;
  d.last_i = 0;
  h.reset();
  unsigned left = 0;  // model: words of the current transmission not yet taken
  bool loaded = false;
  std::size_t tx = 0;
  for (int cyc = 0; cyc < 4000 && (tx < lengths.size() || left != 0); ++cyc) {
    INFO("cycle " << cyc << ", transmission " << tx);
    REQUIRE(static_cast<bool>(d.open_o) == (loaded && left != 0));
    const bool load = left == 0 && tx < lengths.size() && rng() % 2 == 0;
    if (load) left = lengths[tx];
    const bool take = left != 0 && rng() % 3 != 0;
    const int word = take ? static_cast<int>(lengths[tx] - left) : -1;
    bool last = take && left == 1;
    if (bad_last.first == static_cast<int>(tx) && take) last = (word == bad_last.second);
    d.load_i = load;
    d.length_i = load ? static_cast<CData>(lengths[tx]) : 0;
    d.take_i = take;
    d.last_i = last;
    h.settle();
    h.rise();
    if (load) loaded = true, ++tx;
    if (take) --left;
    if (h.rtl_error()) return true;
  }
  return h.rtl_error();
}

}  // namespace

TEST_CASE("fmc_stream_frame: open from a non-zero length to last, a misplaced last fires",
          "[prims]") {
  std::mt19937_64 rng(21);
  std::vector<unsigned> lengths;
  for (int i = 0; i < 300; ++i) lengths.push_back(static_cast<unsigned>(rng() % 6));  // 0..5
  CHECK_FALSE(run_frame(lengths, 1));
  CHECK_FALSE(run_frame(lengths, 2));
  // `last` one word early (word 1 of a 3-word stream) or missing: LastAtLength fires.
  CHECK(run_frame({2, 3, 1}, 3, {1, 1}));
  CHECK(run_frame({2, 3, 1}, 4, {1, 7}));
}

namespace {

// Model of a bit window over an own buffer and an input that the upstream holds until it is taken
// (fmc_bit_window, fmc_bit_peek): the unused bits of the own buffer, then the offered input's.
// The input is `width` bits, of which the first `nbits` (from the MSB) are stream bits.
struct HeldWindowModel {
  std::deque<int> own;   // unused bits of the own buffer, next first
  bool offered = false;  // the input is offered (held until taken)
  unsigned eaten = 0;    // bits of the offered input already used

  std::vector<int> visible(std::uint32_t data, int width, int nbits) const {
    std::vector<int> vis(own.begin(), own.end());
    if (offered) {
      for (int b = static_cast<int>(eaten); b < nbits; ++b) {
        vis.push_back(static_cast<int>((data >> (width - 1 - b)) & 1u));
      }
    }
    return vis;
  }
  // After a rising edge: `consume` bits used (the own buffer's first); when `take`, the rest of
  // the input becomes the own buffer.
  void step(unsigned consume, bool take, std::uint32_t data, int width, int nbits) {
    while (consume > 0 && !own.empty()) own.pop_front(), --consume;
    eaten += consume;
    if (take) {
      for (int b = static_cast<int>(eaten); b < nbits; ++b) {
        own.push_back(static_cast<int>((data >> (width - 1 - b)) & 1u));
      }
      offered = false;
      eaten = 0;
    }
  }
};

// The window and the end-of-stream check against the model's visible bits (`win_bits` shown).
template <typename Dut>
void check_window(const Dut& d, const std::vector<int>& vis, unsigned win_bits) {
  const unsigned fill = static_cast<unsigned>(vis.size());
  REQUIRE(d.fill_o == fill);
  for (unsigned b = 0; b < std::min(fill, win_bits); ++b) {
    REQUIRE(((d.win_o >> (win_bits - 1 - b)) & 1u) == static_cast<unsigned>(vis[b]));
  }
  bool tail = fill < 8;
  for (unsigned b = 0; b < fill; ++b) tail = tail && vis[b] == 0;
  REQUIRE(static_cast<bool>(d.tail_ok_o) == tail);
}

// One cycle of clear_i with nothing offered and nothing consumed.
template <typename H, typename Dut>
void clear_cycle(H& h, Dut& d) {
  d.in_valid_i = 0;
  d.consume_i = 0;
  d.clear_i = 1;
  h.settle();
  h.rise();
  d.clear_i = 0;
}

// One fmc_bit_unpacker run (8-bit words, `Slots` word slots, 16-bit window): streams of random
// words, a clear after each stream. Every cycle the window, the fill, the ready rule (room
// counted from this cycle's `room_i`) and the end-of-stream check after `skip_i` bits are compared
// with a bit-queue model; consumption, room and skip are random. 3 slots exercise the pointers
// with a fill count, 4 the pointers that give the fill by their difference.
template <typename Dut>
void run_unpacker(std::uint64_t seed, unsigned slots) {
  SimOptions opt;
  opt.seed = seed;
  Harness<Dut> h(opt);
  auto& d = h.dut();
  std::mt19937_64 rng(seed);
  d.clear_i = 0;
  d.in_valid_i = 0;
  d.in_data_i = 0;
  d.consume_i = 0;
  d.room_i = 0;
  d.skip_i = 0;
  h.reset();
  int full_stalls = 0;  // words offered and refused for lack of room
  for (int stream = 0; stream < 60; ++stream) {
    std::deque<std::uint32_t> words;
    const int n = 1 + static_cast<int>(rng() % 20);
    for (int i = 0; i < n; ++i) words.push_back(static_cast<std::uint32_t>(rng() & 0xffu));
    // Tails ending in zero bits make the end-of-stream check pass sometimes.
    if (rng() % 2 == 0) words.back() &= 0xf0u;
    std::deque<int> bits;  // model: the buffered stream bits, next first
    for (int cyc = 0; cyc < 400 && (!words.empty() || !bits.empty()); ++cyc) {
      INFO("seed " << seed << ", slots " << slots << ", stream " << stream << ", cycle " << cyc);
      const unsigned fill = static_cast<unsigned>(bits.size());
      h.settle();
      REQUIRE(d.fill_o == fill);
      for (unsigned b = 0; b < std::min(fill, 16u); ++b) {
        REQUIRE(((d.win_o >> (15 - b)) & 1u) == static_cast<unsigned>(bits[b]));
      }
      // End-of-stream check after `skip` bits: fewer than 8 left, all zero.
      const unsigned skip = static_cast<unsigned>(rng() % (std::min(fill, 16u) + 1));
      // Mostly small consumption, so the buffer also runs full.
      const unsigned cmax = rng() % 3 == 0 ? std::min(fill, 16u) : std::min(fill, 4u);
      const unsigned consume = static_cast<unsigned>(rng() % (cmax + 1));
      const unsigned room = static_cast<unsigned>(rng() % (consume + 1));
      d.skip_i = static_cast<CData>(skip);
      d.consume_i = static_cast<CData>(consume);
      d.room_i = static_cast<CData>(room);
      const bool offer = !words.empty() && rng() % 4 != 0;
      d.in_valid_i = offer;
      d.in_data_i = offer ? static_cast<CData>(words.front()) : 0;
      h.settle();
      bool tail = fill - skip < 8;
      for (unsigned b = skip; b < fill; ++b) tail = tail && bits[b] == 0;
      REQUIRE(static_cast<bool>(d.tail_ok_o) == tail);
      const bool ready = fill - room <= (slots - 1) * 8;
      REQUIRE(static_cast<bool>(d.in_ready_o) == ready);
      if (offer && !ready) ++full_stalls;
      h.rise();
      bits.erase(bits.begin(), bits.begin() + consume);
      if (offer && ready) {
        for (int b = 0; b < 8; ++b) bits.push_back((words.front() >> (7 - b)) & 1u);
        words.pop_front();
      }
    }
    REQUIRE(words.empty());
    d.room_i = 0;
    clear_cycle(h, d);
  }
  CHECK(full_stalls > 0);
  REQUIRE_FALSE(h.rtl_error());
}

}  // namespace

TEST_CASE("fmc_bit_unpacker: window, fill, ready with room and end check after a skip against a "
          "model, 3 and 4 slots",
          "[prims]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    run_unpacker<Vfmc_bit_unpacker_w8_p3>(seed, 3);
    run_unpacker<Vfmc_bit_unpacker_w8_p4>(seed, 4);
  }
}

namespace {

// One fmc_bit_window run (8-bit words, 16-bit window): streams of random two-word beats, some
// ended by a one-word beat, a clear after each stream. The upstream holds each beat from the
// cycle it offers it until it is taken, as a register does. Every cycle the window, the fill,
// the ready rule and the end-of-stream check are compared with a model: the unused bits of the
// own beat, then those of the offered beat; consumption is random.
void run_window(std::uint64_t seed) {
  SimOptions opt;
  opt.seed = seed;
  Harness<Vfmc_bit_window_w8> h(opt);
  auto& d = h.dut();
  std::mt19937_64 rng(seed);
  d.clear_i = 0;
  d.in_valid_i = 0;
  d.in_data_i = 0;
  d.in_two_i = 0;
  d.consume_i = 0;
  h.reset();
  for (int stream = 0; stream < 80; ++stream) {
    std::deque<std::pair<bool, std::uint32_t>> beats;  // {two words, data}
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      beats.push_back({true, static_cast<std::uint32_t>(rng() & 0xffffu)});
    }
    if (rng() % 2 == 0) beats.push_back({false, static_cast<std::uint32_t>(rng() & 0xff00u)});
    if (rng() % 2 == 0) beats.back().second &= beats.back().first ? 0xfff0u : 0xf000u;
    HeldWindowModel m;
    bool own_single = false;  // the own beat holds one word
    for (int cyc = 0; cyc < 400 && (!beats.empty() || !m.own.empty()); ++cyc) {
      INFO("seed " << seed << ", stream " << stream << ", cycle " << cyc);
      if (!m.offered && !beats.empty() && rng() % 4 != 0) m.offered = true;
      const std::uint32_t data = m.offered ? beats.front().second : 0u;
      const int nbits = m.offered && beats.front().first ? 16 : 8;
      const std::vector<int> vis = m.visible(data, 16, nbits);
      const unsigned fill = static_cast<unsigned>(vis.size());
      const unsigned consume = static_cast<unsigned>(rng() % (std::min(fill, 16u) + 1));
      d.in_valid_i = m.offered;
      d.in_two_i = m.offered && beats.front().first;
      d.in_data_i = static_cast<SData>(data);
      d.consume_i = static_cast<CData>(consume);
      h.settle();
      check_window(d, vis, 16);
      // The offered beat is taken in the cycle the own beat is used up.
      const bool ready = !own_single && consume >= m.own.size();
      if (m.offered) REQUIRE(static_cast<bool>(d.in_ready_o) == ready);
      h.rise();
      const bool take = m.offered && ready;
      if (take) own_single = !beats.front().first;
      m.step(consume, take, data, 16, nbits);
      if (take) beats.pop_front();
    }
    REQUIRE(beats.empty());
    clear_cycle(h, d);
  }
  REQUIRE_FALSE(h.rtl_error());
}

}  // namespace

TEST_CASE("fmc_bit_window: own beat plus the held input beat, window, fill, ready and end check "
          "against a model",
          "[prims]") {
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) run_window(seed);
}

namespace {

// One fmc_bit_peek run (8-bit words, 5-bit window, up to 5 bits used per cycle): streams of random
// words, a clear after each stream. The upstream holds each word from the cycle it offers it
// until it is taken. Every cycle the window, the fill, the ready rule (from flops: the own word is
// used up) and the end-of-stream check are compared with a model: the unused bits of the own
// word, then those of the offered word; consumption is random, and may run into the offered word.
void run_peek(std::uint64_t seed) {
  SimOptions opt;
  opt.seed = seed;
  Harness<Vfmc_bit_peek_w8> h(opt);
  auto& d = h.dut();
  std::mt19937_64 rng(seed);
  d.clear_i = 0;
  d.in_valid_i = 0;
  d.in_data_i = 0;
  d.consume_i = 0;
  h.reset();
  int took_used = 0;  // words taken after bits of them were used (the read ran ahead)
  for (int stream = 0; stream < 120; ++stream) {
    std::deque<std::uint32_t> words;
    const int n = 1 + static_cast<int>(rng() % 10);
    for (int i = 0; i < n; ++i) words.push_back(static_cast<std::uint32_t>(rng() & 0xffu));
    if (rng() % 2 == 0) words.back() &= 0xf0u;  // zero padding at the end, sometimes
    HeldWindowModel m;
    for (int cyc = 0; cyc < 400 && (!words.empty() || !m.own.empty()); ++cyc) {
      INFO("seed " << seed << ", stream " << stream << ", cycle " << cyc);
      if (!m.offered && !words.empty() && rng() % 4 != 0) m.offered = true;
      const std::uint32_t data = m.offered ? words.front() : 0u;
      const std::vector<int> vis = m.visible(data, 8, 8);
      const unsigned fill = static_cast<unsigned>(vis.size());
      const unsigned consume = static_cast<unsigned>(rng() % (std::min(fill, 5u) + 1));
      d.in_valid_i = m.offered;
      d.in_data_i = static_cast<CData>(data);
      d.consume_i = static_cast<CData>(consume);
      h.settle();
      check_window(d, vis, 5);
      // The offered word is taken in the cycle after the own word is used up.
      const bool ready = m.own.empty();
      REQUIRE(static_cast<bool>(d.in_ready_o) == ready);
      h.rise();
      const bool take = m.offered && ready;
      if (take && m.eaten > 0) ++took_used;
      m.step(consume, take, data, 8, 8);
      if (take) words.pop_front();
    }
    REQUIRE(words.empty());
    clear_cycle(h, d);
  }
  CHECK(took_used > 0);
  REQUIRE_FALSE(h.rtl_error());
}

}  // namespace

TEST_CASE("fmc_bit_peek: own word plus the held input word, window, fill, ready from flops and "
          "end check against a model",
          "[prims]") {
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) run_peek(seed);
}
