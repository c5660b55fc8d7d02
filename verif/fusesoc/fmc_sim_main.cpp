// SPDX-License-Identifier: Apache-2.0
//
// main() of the FuseSoC `sim` targets (fmcodec_ebpc_*.core): a build-and-reset smoke test, NOT a
// verification. It resets the verilated core (protocol assertions on), clocks it for a few
// cycles with every input stream idle, and checks that `idle_o` is 1. The co-simulation of the
// cores against the golden models is in verif/ and is driven by CMake (`make sim`, `make test`).
//
// The core is chosen at compile time: -CFLAGS -DVTOP=V<top> (the .core files pass it).
#include <cstdio>
#include <memory>

#include "verilated.h"

#ifndef VTOP
#error "compile with -DVTOP=V<top module>"
#endif
#define FMC_STR2(x) #x
#define FMC_STR(x) FMC_STR2(x)
#define FMC_HDR(x) FMC_STR(x.h)
#include FMC_HDR(VTOP)

int main(int argc, char** argv) {
  const auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  const auto top = std::make_unique<VTOP>(ctx.get());
  const int cycles = 32;
  int idle_cycles = 0;
  top->clk_i = 0;
  top->rst_ni = 0;
  top->eval();
  for (int c = 0; c < cycles && !ctx->gotFinish(); ++c) {
    if (c == 2) top->rst_ni = 1;
    top->clk_i = 1;
    top->eval();
    ctx->timeInc(1);
    top->clk_i = 0;
    top->eval();
    ctx->timeInc(1);
    if (c >= 2 && top->idle_o) ++idle_cycles;
  }
  top->final();
  const bool ok = idle_cycles == cycles - 2;
  std::printf("%s: %s (reset, %d idle cycles, idle_o high in %d)\n", FMC_STR(VTOP),
              ok ? "PASS" : "FAIL", cycles - 2, idle_cycles);
  return ok ? 0 : 1;
}
