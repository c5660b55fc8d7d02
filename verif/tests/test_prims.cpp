// SPDX-License-Identifier: Apache-2.0
// Unit tests of the shared RTL primitives (rtl/prim/) against small reference models, random
// stimulus, fixed seeds: fmc_ram_1r1w (no core uses it yet), fmc_stream_reg, fmc_fifo.
#include <catch2/catch.hpp>

#include <deque>
#include <optional>
#include <random>
#include <vector>

#include "Vfmc_fifo_d4.h"
#include "Vfmc_ram_1r1w_w13_d12.h"
#include "Vfmc_stream_reg_w9.h"
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

TEST_CASE("fmc_stream_reg: one beat per cycle, order kept, held under back-pressure", "[prims]") {
  for (bool bp : {false, true}) {
    SimOptions opt;
    opt.seed = 3;
    opt.backpressure = bp;
    Harness<Vfmc_stream_reg_w9> h(opt);
    auto& d = h.dut();
    std::mt19937_64 rng(opt.seed);
    StreamSource<SData> in("in", &d.in_valid_i, &d.in_ready_o, &d.in_data_i, nullptr,
                           bp ? Throttle::random(rng) : Throttle());
    StreamSink<SData> out("out", &d.out_valid_o, &d.out_ready_i, &d.out_data_o, nullptr,
                          bp ? Throttle::random(rng) : Throttle());
    std::deque<std::uint32_t> sent;
    for (int i = 0; i < 3000; ++i) in.push({static_cast<std::uint32_t>(rng() & 0x1ff), false});
    d.clear_i = 0;
    h.reset();
    std::uint64_t got = 0, cycles = 0;
    while (got < 3000 && cycles < 100000) {
      in.drive();
      out.drive();
      h.settle();
      if (auto b = in.sample()) sent.push_back(b->data);
      std::string err;
      if (auto b = out.sample(&err)) {
        REQUIRE(!sent.empty());
        REQUIRE(b->data == sent.front());
        sent.pop_front();
        ++got;
      }
      REQUIRE(err.empty());
      h.rise();
      REQUIRE_FALSE(h.rtl_error());
      ++cycles;
    }
    CHECK(got == 3000);
    if (!bp) CHECK(cycles <= 3000 + 2);  // one beat per cycle, one cycle of latency
  }
}

TEST_CASE("fmc_fifo Depth 4: order kept, never more than 4 stored, full rate", "[prims]") {
  for (bool bp : {false, true}) {
    SimOptions opt;
    opt.seed = 4;
    opt.backpressure = bp;
    Harness<Vfmc_fifo_d4> h(opt);
    auto& d = h.dut();
    std::mt19937_64 rng(opt.seed);
    StreamSource<CData> in("in", &d.in_valid_i, &d.in_ready_o, &d.in_data_i, nullptr,
                           bp ? Throttle::random(rng) : Throttle());
    StreamSink<CData> out("out", &d.out_valid_o, &d.out_ready_i, &d.out_data_o, nullptr,
                          bp ? Throttle::random(rng) : Throttle());
    std::deque<std::uint32_t> stored;
    for (int i = 0; i < 3000; ++i) in.push({static_cast<std::uint32_t>(rng() & 0xff), false});
    d.clear_i = 0;
    h.reset();
    std::uint64_t got = 0, cycles = 0;
    while (got < 3000 && cycles < 100000) {
      in.drive();
      out.drive();
      h.settle();
      REQUIRE(static_cast<bool>(d.empty_o) == stored.empty());
      std::string err;
      if (auto b = out.sample(&err)) {
        REQUIRE(!stored.empty());
        REQUIRE(b->data == stored.front());
        stored.pop_front();
        ++got;
      }
      if (auto b = in.sample()) stored.push_back(b->data);
      REQUIRE(stored.size() <= 4);
      REQUIRE(err.empty());
      h.rise();
      REQUIRE_FALSE(h.rtl_error());
      ++cycles;
    }
    CHECK(got == 3000);
    if (!bp) CHECK(cycles <= 3000 + 2);
  }
}
