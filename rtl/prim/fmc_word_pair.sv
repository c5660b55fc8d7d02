// SPDX-License-Identifier: Apache-2.0
//
/// Stream width converter 1:2: words in, pairs of them out (the reverse of fmc_word_split).
///
/// Protocol: valid/ready on both sides. The first word of a pair waits in a register; with the
/// second, the pair leaves as one beat {first, second} with `out_two_o`. A word with `in_last_i`
/// that would be the first of a pair leaves alone, in the upper half (`out_two_o` low, the lower
/// half 0). `in_last_i` may come from a word count (it need not end a stream of `last` beats).
///
/// Timing: `out_*` combinational from the register and `in` (the pair leaves in the cycle its
/// second word arrives; put a FIFO behind it, e.g. fmc_fifo_ram). `in_ready_o` = the register can
/// take the word (no pair to send), or `out_ready_i`.
///
/// Example (Width 8): words 0xab, 0xcd, 0x12 (last) -> beats 0xabcd (two), 0x1200 (one).
module fmc_word_pair #(
  /// Input width; the output is twice as wide.
  parameter int unsigned Width = 8
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  /// Synchronous clear: drops a held first word.
  input  logic               clear_i,
  // Word input.
  input  logic               in_valid_i,
  output logic               in_ready_o,
  input  logic [Width-1:0]   in_data_i,
  /// The word goes out now, alone if it is the first of a pair.
  input  logic               in_last_i,
  // Pair output.
  output logic               out_valid_o,
  input  logic               out_ready_i,
  output logic [2*Width-1:0] out_data_o,
  /// Both halves are words (else only the upper one).
  output logic               out_two_o,
  /// No word held.
  output logic               empty_o
);

  logic             hold_d, hold_q;  // a first word is held
  logic [Width-1:0] word_q;
  logic             send, accept;

  assign send        = hold_q || in_last_i;  // this word completes (or ends) a beat
  assign in_ready_o  = !send || out_ready_i;
  assign accept      = in_valid_i && in_ready_o;
  assign out_valid_o = in_valid_i && send;
  assign out_two_o   = hold_q;
  assign out_data_o  = hold_q ? {word_q, in_data_i} : {in_data_i, Width'(0)};
  assign empty_o     = !hold_q;

  always_comb begin
    hold_d = hold_q;
    if (accept) hold_d = !send;
    if (clear_i) hold_d = 1'b0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) hold_q <= 1'b0;
    else         hold_q <= hold_d;
  end

  // Data: no reset (hold_q says whether it is valid).
  always_ff @(posedge clk_i) begin
    if (accept && !send) word_q <= in_data_i;
  end

endmodule
