// SPDX-License-Identifier: Apache-2.0
//
/// Bit window over a held input (shared primitive): a window on the next stream bits of one own
/// beat of two words plus the input beat, which the upstream holds until it is taken. The
/// input beat is part of the buffer, so this needs half the storage of `fmc_bit_unpacker` for the
/// same window; the upstream must hold its beat in a register (for example the read register of
/// `fmc_fifo_ram_pair`), since its data is read before it is taken.
///
/// Purpose: the BPC input of the EBPC decoder, fed from its FIFO. `win_o` shows the next WinWidth
/// stream bits (next bit at the top): the unused bits of the own beat, then the input beat's
/// (when `in_valid_i`). The parser tells how many it used (`consume_i`); when the own beat is
/// used up, the input beat replaces it in the same cycle (`in_ready_o`), so the window never
/// starts inside the input beat.
///
/// Bits of `win_o` past the `fill_o` valid ones are stale (not zero), as in `fmc_bit_unpacker`.
/// `tail_ok_o`: fewer than WordWidth bits are buffered and those (the padding of the stream's
/// final word) are all zero.
///
/// Protocol: `in` is valid/ready; while `in_valid_i` is set, `in_data_i` and `in_two_i` must hold
/// (the window reads them). A beat carries two words (`in_two_i`, the first in the upper half)
/// or one (upper half; only a stream's final word: nothing follows until `clear_i`).
/// `consume_i` <= `fill_o`.
///
/// Timing: `in_ready_o` from flops and `consume_i`; `win_o`, `fill_o`, `tail_ok_o` from flops
/// and the held input beat (a 3:1 choice of the words in view, then a shifter by the bits used
/// within a word).
///
/// Parameters: WordWidth a power of two; a beat is two words (BeatWidth = 2 * WordWidth);
/// ConsumeMax <= WinWidth <= BeatWidth.
///
/// Example (WordWidth 8, WinWidth 16): own beat 0xabcd with 12 bits used, input beat 0x1234
/// offered: `fill_o` = 4 + 16 = 20, `win_o` = 0xd123. Consuming 4 bits or more takes the input
/// beat.
module fmc_bit_window #(
  /// Stream word width in bits (a power of two).
  parameter int unsigned WordWidth  = 8,
  /// Bits shown in `win_o` (at most two words).
  parameter int unsigned WinWidth   = 16,
  /// Largest `consume_i` value used by the parent.
  parameter int unsigned ConsumeMax = 16,
  localparam int unsigned BeatWidth = 2 * WordWidth,
  localparam int unsigned FillWidth = $clog2(2 * BeatWidth + 1),
  localparam int unsigned ConsWidth = $clog2(ConsumeMax + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  /// Synchronous clear: drops every buffered bit.
  input  logic                 clear_i,
  // Beat input (held by the upstream while valid).
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [BeatWidth-1:0] in_data_i,
  /// The beat holds two words.
  input  logic                 in_two_i,
  /// Bits used by the parser this cycle (from the top of `win_o`).
  input  logic [ConsWidth-1:0] consume_i,
  /// The next WinWidth stream bits, next bit at the top.
  output logic [WinWidth-1:0]  win_o,
  /// Number of valid bits.
  output logic [FillWidth-1:0] fill_o,
  /// Fewer than WordWidth bits left, all zero.
  output logic                 tail_ok_o
);

  if ((WordWidth & (WordWidth - 1)) != 0 || WinWidth > BeatWidth || ConsumeMax > WinWidth)
  begin : gen_param_error
    $error("fmc_bit_window: unsupported parameters");
  end

  localparam int unsigned PosWidth = $clog2(BeatWidth) + 1;  // 0 .. BeatWidth

  logic [BeatWidth-1:0] own_q;        // the own beat (no reset: pos_q says what is used)
  logic [PosWidth-1:0]  pos_d, pos_q; // bits of the own beat already used (all: BeatWidth)
  logic                 one_d, one_q; // the own beat holds one word (the stream's final one)
  logic [FillWidth-1:0] olen, ilen;
  logic [PosWidth:0]    csum;
  logic                 take;

  assign olen       = one_q ? FillWidth'(WordWidth) : FillWidth'(BeatWidth);
  assign ilen       = !in_valid_i ? '0 : in_two_i ? FillWidth'(BeatWidth) : FillWidth'(WordWidth);
  assign fill_o     = olen + ilen - FillWidth'(pos_q);
  assign csum       = {1'b0, pos_q} + (PosWidth + 1)'(consume_i);
  // The own beat is used up this cycle: the input beat replaces it.
  assign in_ready_o = (csum >= (PosWidth + 1)'(BeatWidth));
  assign take       = in_valid_i && in_ready_o;
  // pos_q <= BeatWidth: the window starts in the own beat, or (all used) at the input beat.
  // Shifted by whole words first (the top bit of the offset in the own beat), then by bits.
  logic [2*BeatWidth-1:0] wsrc;
  always_comb begin
    wsrc = {own_q, in_data_i};
    if (pos_q[PosWidth-1]) wsrc = {in_data_i, {BeatWidth{1'b0}}};
    else if (pos_q[PosWidth-2]) wsrc = {own_q[WordWidth-1:0], in_data_i, {WordWidth{1'b0}}};
  end
  assign win_o = WinWidth'((wsrc << pos_q[PosWidth-3:0]) >> (2 * BeatWidth - WinWidth));

  // End of stream: fewer than a word left and the next fill_o bits (the padding) are zero.
  logic [WordWidth-1:0] tmask;
  assign tmask     = ~({WordWidth{1'b1}} >> fill_o[$clog2(WordWidth)-1:0]);
  assign tail_ok_o = (fill_o < FillWidth'(WordWidth)) &&
                     ((win_o[WinWidth-1 -: WordWidth] & tmask) == '0);

  always_comb begin
    pos_d = csum[PosWidth-1:0];
    one_d = one_q;
    if (take) begin
      pos_d = PosWidth'(csum - (PosWidth + 1)'(BeatWidth));
      one_d = !in_two_i;
    end
    if (clear_i) begin
      pos_d = PosWidth'(BeatWidth);  // the own beat used up: the window starts at the input
      one_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pos_q <= PosWidth'(BeatWidth);
      one_q <= 1'b0;
    end else begin
      pos_q <= pos_d;
      one_q <= one_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (take) own_q <= in_data_i;
  end

`ifndef SYNTHESIS
  ConsumeInRange: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(consume_i) <= 32'(fill_o));
  PosInRange: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(pos_q) <= BeatWidth);
  // The window reads the input beat before it is taken: the upstream must hold it.
  InputHeld: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      in_valid_i && !in_ready_o |=> in_valid_i && $stable(in_data_i) && $stable(in_two_i));
  // Nothing follows a one-word beat until clear_i.
  OneWordBeatLast: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      one_q |-> !in_valid_i);
`endif

endmodule
