// SPDX-License-Identifier: Apache-2.0
//
/// Stream FIFO: Depth entries of Width bits, valid/ready on both sides.
///
/// Protocol: standard valid/ready; a beat written in cycle t can be read from cycle t+1 (no
/// fall-through). Throughput: one write and one read per cycle, also when full (a write is taken
/// only when not full; `in_ready_o` does not look at `out_ready_i`).
/// Timing: `in_ready_o`, `out_valid_o` and `out_data_o` are functions of flops only.
/// Depth 0 makes the FIFO a wire (no storage, ready passes through combinationally).
/// Parameters: Depth 0 or a power of two >= 2.
///
/// Example: Depth 4, writes A B C, no reads: in_ready_o stays 1, out shows A from the next cycle.
module fmc_fifo #(
  /// Entry width in bits.
  parameter int unsigned Width = 8,
  /// Number of entries: 0 (wire) or a power of two >= 2.
  parameter int unsigned Depth = 4
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  /// Synchronous clear: empties the FIFO.
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

  if (Depth == 0) begin : gen_wire
    assign out_valid_o = in_valid_i;
    assign in_ready_o  = out_ready_i;
    assign out_data_o  = in_data_i;
    assign empty_o     = 1'b1;
    logic unused_ports;
    assign unused_ports = ^{clk_i, rst_ni, clear_i};
  end else begin : gen_fifo
    if (Depth < 2 || (Depth & (Depth - 1)) != 0) begin : gen_param_error
      $error("fmc_fifo: Depth must be 0 or a power of two >= 2");
    end
    localparam int unsigned PtrWidth = $clog2(Depth);

    logic [Width-1:0]  mem_q [Depth];
    logic [PtrWidth:0] wptr_d, wptr_q, rptr_d, rptr_q;  // extra bit tells full from empty
    logic              write, read, full, empty;

    assign empty = (wptr_q == rptr_q);
    assign full  = (wptr_q[PtrWidth-1:0] == rptr_q[PtrWidth-1:0]) &&
                   (wptr_q[PtrWidth] != rptr_q[PtrWidth]);
    assign in_ready_o  = !full;
    assign out_valid_o = !empty;
    assign out_data_o  = mem_q[rptr_q[PtrWidth-1:0]];
    assign empty_o     = empty;
    assign write = in_valid_i && !full;
    assign read  = out_ready_i && !empty;

    always_comb begin
      wptr_d = wptr_q + (PtrWidth + 1)'(write);
      rptr_d = rptr_q + (PtrWidth + 1)'(read);
      if (clear_i) begin
        wptr_d = '0;
        rptr_d = '0;
      end
    end

    always_ff @(posedge clk_i) begin
      if (write) mem_q[wptr_q[PtrWidth-1:0]] <= in_data_i;
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        wptr_q <= '0;
        rptr_q <= '0;
      end else begin
        wptr_q <= wptr_d;
        rptr_q <= rptr_d;
      end
    end

`ifndef SYNTHESIS
    OutValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
        out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o));
`endif
  end

endmodule
