// SPDX-License-Identifier: Apache-2.0
//
/// Memory (shared primitive): Depth words of Width bits, one synchronous write port and one
/// synchronous read port (1R1W), the interface of a two-port SRAM macro.
///
/// Every memory of this project's cores is meant to sit behind this module, so that an integrator
/// swaps one file for the technology: keep the module name and ports, and replace the body by
/// the memory compiler's macro (a two-port register file: write clock = read clock = `clk_i`,
/// active-high enables; wrap an active-low macro with inverters) or by a latch array. The
/// behaviour the cores rely on is exactly the one below, and nothing else:
///   - write: at a rising edge with `we_i`, word `waddr_i` takes `wdata_i`;
///   - read: at a rising edge with `re_i`, `rdata_o` takes word `raddr_i` (one cycle of read
///     latency) and then holds it until the next read;
///   - a read and a write of the same address at the same edge return the old word (read-first);
///   - no reset: a word is undefined until written (the cores never read one before writing it);
///   - `rdata_o` is undefined before the first read.
/// The area flow (`make synth-area`) maps this behavioural model to flip-flops; its bits are
/// Width * Depth.
///
/// Parameters: Width >= 1, Depth >= 2.
module fmc_ram_1r1w #(
  /// Bits per word.
  parameter int unsigned Width     = 8,
  /// Number of words.
  parameter int unsigned Depth     = 16,
  localparam int unsigned AddrWidth = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                 clk_i,
  /// Write port.
  input  logic                 we_i,
  input  logic [AddrWidth-1:0] waddr_i,
  input  logic [Width-1:0]     wdata_i,
  /// Read port: `rdata_o` one cycle after `re_i`.
  input  logic                 re_i,
  input  logic [AddrWidth-1:0] raddr_i,
  output logic [Width-1:0]     rdata_o
);

  if (Width < 1 || Depth < 2) begin : gen_param_error
    $error("fmc_ram_1r1w: Width must be at least 1 and Depth at least 2");
  end

  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
    if (re_i) rdata_q <= mem_q[raddr_i];
  end

  assign rdata_o = rdata_q;

`ifndef SYNTHESIS
  // Addresses stay inside the memory.
  WriteInRange: assert property (@(posedge clk_i) we_i |-> 32'(waddr_i) < Depth);
  ReadInRange: assert property (@(posedge clk_i) re_i |-> 32'(raddr_i) < Depth);
`endif

endmodule
