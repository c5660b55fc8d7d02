// SPDX-License-Identifier: Apache-2.0
//
/// Bit peek (shared primitive): a window on the next stream bits of one own word plus the input
/// word, which the upstream holds until it is taken, for a parser that uses only a few bits per
/// cycle. The smallest bit buffer of the project: one word of storage, no write multiplexer.
///
/// Purpose: the ZNZ input of the EBPC decoder (flags of 1 or 5 bits). `win_o` shows the next
/// WinWidth stream bits (next bit at the top): the unused bits of the own word, then the input
/// word's (when `in_valid_i`). The parser tells how many it used (`consume_i`); the read position
/// may run into the input word. The input word is taken in the cycle after the own word is used
/// up (`in_ready_o` from flops): it becomes the own word, with the bits already used of it.
///
/// Bits of `win_o` past the `fill_o` valid ones are unspecified. Right after the own word is used
/// up by a consumption that ran into the input word, the window holds only the rest of the input
/// word (at least WordWidth - ConsumeMax + 1 bits) until the input word is taken, one cycle.
/// `tail_ok_o`: fewer than WordWidth bits are buffered and those (the padding of the stream's
/// final word) are all zero.
///
/// Protocol: `in` is valid/ready; while `in_valid_i` is set, `in_data_i` must hold (the window
/// reads it): once the window has read bits of the input word, `in_valid_i` must stay set until
/// it is taken. `consume_i` <= `fill_o`.
///
/// Timing: `in_ready_o` from flops only; `win_o`, `fill_o`, `tail_ok_o` from flops and the held
/// input word (a 2:1 choice of the words in view, then a shifter by the bits used within a word).
///
/// Parameters: WordWidth a power of two; 1 <= ConsumeMax <= WinWidth < WordWidth.
///
/// Example (WordWidth 8, WinWidth 5): own word 0xa5 with 6 bits used, input word 0x3c offered:
/// `fill_o` = 2 + 8 = 10, `win_o` = 0b01001. Consuming 5 bits leaves 3 bits of the input word
/// used; the next cycle takes it (`in_ready_o`), with `win_o` = 0b11100 and `fill_o` = 5.
module fmc_bit_peek #(
  /// Stream word width in bits (a power of two).
  parameter int unsigned WordWidth  = 8,
  /// Bits shown in `win_o`.
  parameter int unsigned WinWidth   = 5,
  /// Largest `consume_i` value used by the parent.
  parameter int unsigned ConsumeMax = 5,
  localparam int unsigned FillWidth = $clog2(2 * WordWidth + 1),
  localparam int unsigned ConsWidth = $clog2(ConsumeMax + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  /// Synchronous clear: drops every buffered bit.
  input  logic                 clear_i,
  // Word input (held by the upstream while valid).
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [WordWidth-1:0] in_data_i,
  /// Bits used by the parser this cycle (from the top of `win_o`).
  input  logic [ConsWidth-1:0] consume_i,
  /// The next WinWidth stream bits, next bit at the top.
  output logic [WinWidth-1:0]  win_o,
  /// Number of valid bits.
  output logic [FillWidth-1:0] fill_o,
  /// Fewer than WordWidth bits left, all zero.
  output logic                 tail_ok_o
);

  if ((WordWidth & (WordWidth - 1)) != 0 || ConsumeMax < 1 || ConsumeMax > WinWidth ||
      WinWidth >= WordWidth) begin : gen_param_error
    $error("fmc_bit_peek: unsupported parameters");
  end

  localparam int unsigned Log2W    = $clog2(WordWidth);
  localparam int unsigned PosWidth = $clog2(WordWidth + ConsumeMax);  // 0 .. W + ConsumeMax - 1

  logic [WordWidth-1:0] own_q;        // the own word (no reset: pos_q says what is used)
  logic [PosWidth-1:0]  pos_d, pos_q; // bits used of {own word, input word}
  logic [PosWidth-1:0]  npos;
  logic                 take;

  // The own word is used up: the input word is taken this cycle (it is then the own word).
  assign in_ready_o = (pos_q >= PosWidth'(WordWidth));
  assign take       = in_valid_i && in_ready_o;
  // Valid bits: the rest of the own word and the input word; pos_q > WordWidth only while the
  // input word is held (bits of it were used).
  assign fill_o     = (in_valid_i ? FillWidth'(2 * WordWidth) : FillWidth'(WordWidth)) -
                      FillWidth'(pos_q);
  // The words in view (the input word alone once the own word is used up), then the bit offset.
  logic [2*WordWidth-1:0] wsrc;
  assign wsrc  = pos_q[PosWidth-1] ? {in_data_i, {WordWidth{1'b0}}} : {own_q, in_data_i};
  assign win_o = WinWidth'((wsrc << pos_q[Log2W-1:0]) >> (2 * WordWidth - WinWidth));

  // End of stream: fewer than a word left, and the low fill_o bits of the word holding the next
  // bit (the padding) are zero.
  logic [WordWidth-1:0] tword, tmask;
  assign tword     = (pos_q >= PosWidth'(WordWidth)) ? in_data_i : own_q;
  assign tmask     = ~({WordWidth{1'b1}} << fill_o[Log2W-1:0]);
  assign tail_ok_o = (fill_o < FillWidth'(WordWidth)) && ((tword & tmask) == '0);

  always_comb begin
    npos  = pos_q + PosWidth'(consume_i);
    pos_d = take ? npos - PosWidth'(WordWidth) : npos;
    if (clear_i) pos_d = PosWidth'(WordWidth);  // the own word used up: the window is the input
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pos_q <= PosWidth'(WordWidth);
    end else begin
      pos_q <= pos_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (take) own_q <= in_data_i;
  end

`ifndef SYNTHESIS
  ConsumeInRange: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(consume_i) <= 32'(fill_o));
  // Bits of the input word were used: it is still offered (and taken in this cycle).
  InputHeldWhenUsed: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      pos_q > PosWidth'(WordWidth) |-> in_valid_i);
  InputHeld: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      in_valid_i && !in_ready_o |=> in_valid_i && $stable(in_data_i));
`endif

endmodule
