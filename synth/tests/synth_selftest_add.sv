// SPDX-License-Identifier: Apache-2.0

/// Registered adder stage of the synthesis-flow self-test (synth/tests/); not part of any core.
///
/// A stream register holding `in_a_i + in_b_i`: 1 beat/cycle, 1-cycle latency. The input is ready
/// when the register is empty or its content leaves in the same cycle. The valid flag has an
/// asynchronous reset; the sum and last registers have none (datapath).
/// Flip-flops: valid 1 + sum Width+1 + last 1 = Width + 3.
module synth_selftest_add #(
  /// Operand width in bits, >= 1.
  parameter int unsigned Width = 8
) (
  /// Clock, rising edge.
  input  logic             clk_i,
  /// Asynchronous reset, active low.
  input  logic             rst_ni,

  // Input stream: operand pairs.
  /// Input beat valid.
  input  logic             in_valid_i,
  /// Input beat accepted when valid and ready.
  output logic             in_ready_o,
  /// First operand.
  input  logic [Width-1:0] in_a_i,
  /// Second operand.
  input  logic [Width-1:0] in_b_i,
  /// Last beat of a packet.
  input  logic             in_last_i,

  // Output stream: sums.
  /// Output beat valid.
  output logic             out_valid_o,
  /// Output beat accepted when valid and ready.
  input  logic             out_ready_i,
  /// Sum of the operands.
  output logic [Width:0]   out_sum_o,
  /// Last beat of a packet.
  output logic             out_last_o
);

  logic           valid_d, valid_q;
  logic [Width:0] sum_d, sum_q;
  logic           last_d, last_q;
  logic           in_hs;

  assign in_ready_o = !valid_q || out_ready_i;
  assign in_hs      = in_valid_i && in_ready_o;

  always_comb begin
    valid_d = valid_q;
    sum_d   = sum_q;
    last_d  = last_q;
    if (out_ready_i) valid_d = 1'b0;
    if (in_hs) begin
      valid_d = 1'b1;
      sum_d   = {1'b0, in_a_i} + {1'b0, in_b_i};
      last_d  = in_last_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else begin
      valid_q <= valid_d;
    end
  end

  always_ff @(posedge clk_i) begin
    sum_q  <= sum_d;
    last_q <= last_d;
  end

  assign out_valid_o = valid_q;
  assign out_sum_o   = sum_q;
  assign out_last_o  = last_q;

`ifndef SYNTHESIS
  OutStable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_sum_o) && $stable(out_last_o));
`endif

endmodule
