// SPDX-License-Identifier: Apache-2.0
//
/// Stream width converter 2:1: double words in, their two halves out, upper half first.
///
/// Protocol: valid/ready on both sides. A beat `in_data_i` = {first, second} leaves as two beats,
/// `first` then `second`; with `in_half_i` only `first` leaves (the lower half is padding). `in_last_i`
/// goes with the beat's final half. The input beat is taken (`in_ready_o`) in the cycle its final
/// half is taken on `out`.
///
/// Timing: combinational from `in` to `out` (a multiplexer and the half flag); put it behind a
/// register (for example the read register of fmc_fifo_ram) to drive `out` from flops.
/// `in_ready_o` depends on `out_ready_i`.
///
/// Example (Width 8): beats 0xabcd, 0x1200 with half and last -> 0xab, 0xcd, 0x12 (last).
module fmc_word_split #(
  /// Output width; the input is twice as wide.
  parameter int unsigned Width = 8
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  /// Synchronous clear: the next beat starts with its upper half.
  input  logic               clear_i,
  // Double-word input.
  input  logic               in_valid_i,
  output logic               in_ready_o,
  input  logic [2*Width-1:0] in_data_i,
  /// Only the upper half is data.
  input  logic               in_half_i,
  input  logic               in_last_i,
  // Word output.
  output logic               out_valid_o,
  input  logic               out_ready_i,
  output logic [Width-1:0]   out_data_o,
  output logic               out_last_o
);

  logic second_d, second_q;  // the upper half has left
  logic final_half;

  assign final_half  = second_q || in_half_i;
  assign out_valid_o = in_valid_i;
  assign out_data_o  = second_q ? in_data_i[Width-1:0] : in_data_i[2*Width-1:Width];
  assign out_last_o  = in_last_i && final_half;
  assign in_ready_o  = out_ready_i && final_half;

  always_comb begin
    second_d = second_q;
    if (in_valid_i && out_ready_i) second_d = !final_half;
    if (clear_i) second_d = 1'b0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) second_q <= 1'b0;
    else         second_q <= second_d;
  end

endmodule
