// SPDX-License-Identifier: Apache-2.0
//
/// Pair memory (shared primitive): a memory of 2 x Depth words read or written a pair of words
/// (an even and an odd one, e.g. the two cells of a column pair) at a time: two `fmc_ram_1r1w`
/// banks of Depth words at the same addresses, each with its own write enable and data and its
/// own read enable. Used by the GRLC encoder (written a word at a time, read a pair) and decoder
/// (written a pair, read a word at a time) for their cell memories. The memory macros, if any,
/// go into `fmc_ram_1r1w`; the behaviour is that of two such memories (synchronous read, the read
/// data held while the bank's read enable is low).
///
/// Parameters: Width >= 1, Depth >= 2 (checked at elaboration).
module fmc_ram_pair #(
  /// Bits of a word.
  parameter int unsigned Width     = 8,
  /// Words of each bank (pairs of the memory).
  parameter int unsigned Depth     = 16,
  localparam int unsigned AddrWidth = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                 clk_i,
  /// Write: the pair's address; the even and the odd word, each with its enable.
  input  logic [AddrWidth-1:0] waddr_i,
  input  logic                 we_even_i,
  input  logic [Width-1:0]     wdata_even_i,
  input  logic                 we_odd_i,
  input  logic [Width-1:0]     wdata_odd_i,
  /// Read: the pair's address, a read enable per bank; the data one cycle later.
  input  logic [AddrWidth-1:0] raddr_i,
  input  logic                 re_even_i,
  input  logic                 re_odd_i,
  output logic [Width-1:0]     rdata_even_o,
  output logic [Width-1:0]     rdata_odd_o
);

  if (Width < 1 || Depth < 2) begin : gen_param_error
    $error("fmc_ram_pair: Width must be at least 1 and Depth at least 2");
  end

  fmc_ram_1r1w #(
    .Width(Width),
    .Depth(Depth)
  ) u_even (
    .clk_i,
    .we_i   (we_even_i),
    .waddr_i,
    .wdata_i(wdata_even_i),
    .re_i   (re_even_i),
    .raddr_i,
    .rdata_o(rdata_even_o)
  );

  fmc_ram_1r1w #(
    .Width(Width),
    .Depth(Depth)
  ) u_odd (
    .clk_i,
    .we_i   (we_odd_i),
    .waddr_i,
    .wdata_i(wdata_odd_i),
    .re_i   (re_odd_i),
    .raddr_i,
    .rdata_o(rdata_odd_o)
  );

endmodule
