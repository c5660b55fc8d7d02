// SPDX-License-Identifier: Apache-2.0
//
/// FIFO of words in the shared memory primitive, read as pairs: one word per beat in, one or two
/// words per beat out. Two memories of Depth words (fmc_ram_1r1w) hold the even and the odd words
/// of the stream; the output beat is a pair {even, odd} read from both at one address.
///
/// Protocol: valid/ready on both sides. `in_last_i` marks the final word of a stream: nothing may
/// follow it until `clear_i`. A pair leaves when both its words are in; the final word leaves
/// alone when it is the first of a pair (`out_two_o` low, in the upper half, the lower half
/// stale). Capacity 2 * Depth words in memory, plus the pair in the read register.
///
/// Timing: `in_ready_o` and `out_*` from flops (the memories' read registers); out_ready_i ->
/// read enable. Latency 2 cycles (a word written at cycle t can leave at t+2).
///
/// Example (Width 8): words 0xab, 0xcd, 0x12 (last) -> beats 0xabcd (two), 0x12xx (one).
module fmc_fifo_ram_pair #(
  /// Word width; the output is twice as wide.
  parameter int unsigned Width = 8,
  /// Pairs of words in memory (2 or more).
  parameter int unsigned Depth = 4,
  localparam int unsigned AddrWidth = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  /// Synchronous clear: drops every stored word.
  input  logic               clear_i,
  input  logic               in_valid_i,
  output logic               in_ready_o,
  input  logic [Width-1:0]   in_data_i,
  /// The stream's final word.
  input  logic               in_last_i,
  output logic               out_valid_o,
  input  logic               out_ready_i,
  /// {first, second}; the second is stale when `out_two_o` is low.
  output logic [2*Width-1:0] out_data_o,
  output logic               out_two_o,
  /// Nothing stored and nothing in the read register.
  output logic               empty_o,
  /// Nothing stored in memory (the read register may hold a beat).
  output logic               mem_empty_o
);

  if (Width < 1 || Depth < 2) begin : gen_param_error
    $error("fmc_fifo_ram_pair: Width must be at least 1 and Depth at least 2");
  end

  // Word positions: {phase, address, bank}; pair positions: {phase, address}.
  logic [AddrWidth-1:0] waddr_d, waddr_q, raddr_d, raddr_q;
  logic                 wbank_d, wbank_q, wphase_d, wphase_q, rphase_d, rphase_q;
  logic                 last_d, last_q;          // the final word is written
  logic                 out_valid_d, out_valid_q, two_d, two_q;
  logic                 write, read, same, one_in, full;

  // Same address and phase: the write position is in the pair the read position points at (0 or
  // 1 word stored); same address, other phase: full. Otherwise a whole pair is at the read position.
  assign same    = (waddr_q == raddr_q) && (wphase_q == rphase_q);
  assign full    = (waddr_q == raddr_q) && (wphase_q != rphase_q);
  assign one_in  = same && wbank_q && last_q;    // the final word alone at the read position
  assign in_ready_o  = !full;
  assign write       = in_valid_i && in_ready_o;
  assign read        = (!same || one_in) && (!out_valid_q || out_ready_i);
  assign out_valid_o = out_valid_q;
  assign out_two_o   = two_q;
  assign mem_empty_o = same && !wbank_q;
  assign empty_o     = mem_empty_o && !out_valid_q;

  always_comb begin
    waddr_d     = waddr_q;
    wbank_d     = wbank_q;
    wphase_d    = wphase_q;
    raddr_d     = raddr_q;
    rphase_d    = rphase_q;
    last_d      = last_q || (write && in_last_i);
    out_valid_d = read || (out_valid_q && !out_ready_i);
    two_d       = read ? !one_in : two_q;
    if (write) begin
      wbank_d = !wbank_q;
      if (wbank_q) begin
        waddr_d = (waddr_q == AddrWidth'(Depth - 1)) ? '0 : waddr_q + 1'b1;
        if (waddr_q == AddrWidth'(Depth - 1)) wphase_d = !wphase_q;
      end
    end
    if (read) begin
      raddr_d = (raddr_q == AddrWidth'(Depth - 1)) ? '0 : raddr_q + 1'b1;
      if (raddr_q == AddrWidth'(Depth - 1)) rphase_d = !rphase_q;
      if (one_in) begin  // the final word: the write position moves past its pair too
        wbank_d  = 1'b0;
        waddr_d  = raddr_d;
        wphase_d = rphase_d;
      end
    end
    if (clear_i) begin
      waddr_d     = '0;
      wbank_d     = 1'b0;
      wphase_d    = 1'b0;
      raddr_d     = '0;
      rphase_d    = 1'b0;
      last_d      = 1'b0;
      out_valid_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      waddr_q     <= '0;
      wbank_q     <= 1'b0;
      wphase_q    <= 1'b0;
      raddr_q     <= '0;
      rphase_q    <= 1'b0;
      last_q      <= 1'b0;
      out_valid_q <= 1'b0;
      two_q       <= 1'b0;
    end else begin
      waddr_q     <= waddr_d;
      wbank_q     <= wbank_d;
      wphase_q    <= wphase_d;
      raddr_q     <= raddr_d;
      rphase_q    <= rphase_d;
      last_q      <= last_d;
      out_valid_q <= out_valid_d;
      two_q       <= two_d;
    end
  end

  for (genvar b = 0; b < 2; b++) begin : gen_bank
    fmc_ram_1r1w #(
      .Width(Width),
      .Depth(Depth)
    ) u_ram (
      .clk_i,
      .we_i   (write && (wbank_q == 1'(b))),
      .waddr_i(waddr_q),
      .wdata_i(in_data_i),
      .re_i   (read),
      .raddr_i(raddr_q),
      .rdata_o(out_data_o[(2-b)*Width-1 -: Width])
    );
  end

`ifndef SYNTHESIS
  OutValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o) && $stable(out_two_o));
  NothingAfterLast: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      last_q |-> !in_valid_i);
`endif

endmodule
