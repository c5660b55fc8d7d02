// SPDX-License-Identifier: Apache-2.0
//
/// Stream FIFO whose entries live in the shared memory primitive (fmc_ram_1r1w).
///
/// Protocol: standard valid/ready on both sides. A beat written in cycle t can be read from cycle
/// t+2 (one cycle to write the memory, one for its synchronous read). Throughput: one write and one
/// read per cycle. Capacity: Depth entries in the memory plus one in the memory's read register,
/// which drives `out_data_o`.
///
/// Memory use: one read per beat leaving the memory, one write per beat entering; a read and a
/// write never address the same word in the same cycle (a read needs a stored beat, a write a free
/// word), so the macro's read-during-write behaviour does not matter.
///
/// Timing: `in_ready_o` and `out_valid_o` are functions of flops only; `out_data_o` comes from the
/// memory's read register. `out_ready_i` reaches the memory's read enable combinationally.
///
/// Parameters: Width >= 1, Depth >= 2 (any value; the pointers wrap at Depth).
///
/// Example: Depth 4, writes A B C in cycles 0..2, `out_ready_i` high: A appears on `out` in
/// cycle 2, B in 3, C in 4.
module fmc_fifo_ram #(
  /// Entry width in bits.
  parameter int unsigned Width = 8,
  /// Entries in the memory (the FIFO holds one more, in the read register).
  parameter int unsigned Depth = 4,
  localparam int unsigned PtrWidth = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  /// Synchronous clear: empties the FIFO (the memory keeps its stale words).
  input  logic             clear_i,
  // Write side.
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,
  // Read side.
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o,
  /// No entry stored.
  output logic             empty_o
);

  if (Width < 1 || Depth < 2) begin : gen_param_error
    $error("fmc_fifo_ram: Width must be at least 1 and Depth at least 2");
  end

  // Pointers wrap at Depth; each has a phase bit that flips at the wrap, so that equal pointers
  // tell an empty memory (same phase) from a full one (different phases).
  logic [PtrWidth-1:0] wptr_d, wptr_q, rptr_d, rptr_q, wptr_inc, rptr_inc;
  logic                wphase_d, wphase_q, rphase_d, rphase_q, wwrap, rwrap;
  logic                out_valid_d, out_valid_q;
  logic                write, read, stored;

  assign stored      = (wptr_q != rptr_q) || (wphase_q != rphase_q);  // beats in the memory
  assign in_ready_o  = (wptr_q != rptr_q) || (wphase_q == rphase_q);  // not full
  assign write       = in_valid_i && in_ready_o;
  // Read the next beat into the read register when it is empty or being emptied.
  assign read        = stored && (!out_valid_q || out_ready_i);
  assign out_valid_o = out_valid_q;
  assign empty_o     = !stored && !out_valid_q;

  assign wwrap    = (wptr_q == PtrWidth'(Depth - 1));
  assign rwrap    = (rptr_q == PtrWidth'(Depth - 1));
  assign wptr_inc = wwrap ? '0 : wptr_q + 1'b1;
  assign rptr_inc = rwrap ? '0 : rptr_q + 1'b1;

  always_comb begin
    wptr_d      = write ? wptr_inc : wptr_q;
    rptr_d      = read ? rptr_inc : rptr_q;
    wphase_d    = wphase_q ^ (write && wwrap);
    rphase_d    = rphase_q ^ (read && rwrap);
    out_valid_d = read || (out_valid_q && !out_ready_i);
    if (clear_i) begin
      wptr_d      = '0;
      rptr_d      = '0;
      wphase_d    = 1'b0;
      rphase_d    = 1'b0;
      out_valid_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q      <= '0;
      rptr_q      <= '0;
      wphase_q    <= 1'b0;
      rphase_q    <= 1'b0;
      out_valid_q <= 1'b0;
    end else begin
      wptr_q      <= wptr_d;
      rptr_q      <= rptr_d;
      wphase_q    <= wphase_d;
      rphase_q    <= rphase_d;
      out_valid_q <= out_valid_d;
    end
  end

  fmc_ram_1r1w #(
    .Width(Width),
    .Depth(Depth)
  ) u_ram (
    .clk_i,
    .we_i   (write),
    .waddr_i(wptr_q),
    .wdata_i(in_data_i),
    .re_i   (read),
    .raddr_i(rptr_q),
    .rdata_o(out_data_o)
  );

`ifndef SYNTHESIS
  OutValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o));
  NoSameWord: assert property (@(posedge clk_i) disable iff (!rst_ni)
      write && read |-> wptr_q != rptr_q);
`endif

endmodule
