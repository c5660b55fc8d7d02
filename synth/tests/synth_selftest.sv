// SPDX-License-Identifier: Apache-2.0

/// Self-test design of the synthesis flow (synth/); not part of any core.
///
/// A registered adder (synth_selftest_add) behind a small packet FSM, written in the project's RTL
/// style so that the flow meets the same constructs as the cores: flip-flops without reset
/// (datapath), with an asynchronous active-low reset to 0 and to 1, a synchronous clear, clock
/// enables, a sized enum FSM and one level of hierarchy. check_flow.py synthesizes it and compares
/// the gate-level netlist with this RTL cycle by cycle.
///
/// Protocol: input beats `{in_a_i, in_b_i, in_last_i}` are accepted on `in_valid_i && in_ready_o`;
/// the sum `in_a_i + in_b_i` (Width+1 bits) leaves on the output stream one cycle later (1 beat/cycle,
/// 1-cycle latency). After the beat with `in_last_i` the FSM spends one cycle in StDone (input not
/// ready) and increments the packet counter `count_o`, which resets to 4'hA and is cleared
/// synchronously by `clear_i`.
///
/// Flip-flops (exact, checked by the self-test): adder Width+3, count 4, state 2 = Width + 9
/// (17 at Width=8). Yosys keeps the 2-bit state encoding here (fsm_detect: "self-resetting").
module synth_selftest #(
  /// Operand width in bits, >= 1.
  parameter int unsigned Width = 8
) (
  /// Clock, rising edge.
  input  logic             clk_i,
  /// Asynchronous reset, active low.
  input  logic             rst_ni,
  /// Synchronous clear of the packet counter.
  input  logic             clear_i,

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
  output logic             out_last_o,

  /// Number of packets seen (modulo 16), resets to 4'hA.
  output logic [3:0]       count_o
);

  typedef enum logic [1:0] {
    StIdle = 2'd0,
    StBusy = 2'd1,
    StDone = 2'd2
  } state_e;

  state_e     state_d, state_q;
  logic [3:0] count_d, count_q;
  logic       add_in_valid, add_in_ready, in_hs;

  assign add_in_valid = in_valid_i && (state_q != StDone);
  assign in_ready_o   = add_in_ready && (state_q != StDone);
  assign in_hs        = in_valid_i && in_ready_o;

  synth_selftest_add #(
    .Width(Width)
  ) u_add (
    .clk_i,
    .rst_ni,
    .in_valid_i (add_in_valid),
    .in_ready_o (add_in_ready),
    .in_a_i,
    .in_b_i,
    .in_last_i,
    .out_valid_o,
    .out_ready_i,
    .out_sum_o,
    .out_last_o
  );

  always_comb begin
    state_d = state_q;
    count_d = count_q;
    unique case (state_q)
      StIdle:  if (in_hs) state_d = in_last_i ? StDone : StBusy;
      StBusy:  if (in_hs && in_last_i) state_d = StDone;
      StDone: begin
        state_d = StIdle;
        count_d = count_q + 4'd1;
      end
      default: state_d = StIdle;
    endcase
    if (clear_i) count_d = 4'd0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      count_q <= 4'hA;
    end else begin
      state_q <= state_d;
      count_q <= count_d;
    end
  end

  assign count_o = count_q;

endmodule
