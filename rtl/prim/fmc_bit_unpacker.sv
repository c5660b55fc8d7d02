// SPDX-License-Identifier: Apache-2.0
//
/// Bit unpacker (shared primitive): fixed-width stream words in, a window on the next stream bits
/// out. The reverse of `fmc_bit_packer`; used by the EBPC decoder for its ZNZ and BPC streams.
///
/// Purpose: the unpacker in front of a parser that reads variable-length codes. Words enter whole
/// into a circular buffer of NumWords word slots (no shifting of stored data); a read pointer
/// walks over the bits. `win_o` shows the next WinWidth stream bits (next bit at the top); the
/// parser tells how many it used (`consume_i`) and the pointer moves on in the same cycle.
///
/// Bits of `win_o` past the `fill_o` valid ones are stale (not zero): a parser must compare its
/// code length with `fill_o` (for prefix codes whose length is fixed by bits that are valid, a
/// decode of stale bits is simply "incomplete").
///
/// `tail_ok_o` checks the end of a stream: after skipping `skip_i` more bits, fewer than
/// WordWidth bits are left (no whole word follows) and those left (the padding of the current
/// word) are all zero.
///
/// Protocol: `in` is a plain valid/ready input of one word per beat (the parent keeps `last`).
/// `consume_i` <= `fill_o`.
///
/// Throughput: one word per cycle while a slot is free: `fill_o - room_i <= (NumWords-1) *
/// WordWidth`, where `room_i` <= `consume_i` is the part of this cycle's consumption the parent
/// knows from flops alone (0 unless ReadyAfterConsume). Counting bits used in the same cycle as
/// free keeps a parser that needs up to (NumWords-1) * WordWidth bits at a time fed every cycle.
///
/// Timing: `win_o` and `fill_o` depend on flops only (the window is a rotator driven by the read
/// pointer); `in_ready_o` on flops and `room_i`; `tail_ok_o` on flops and `skip_i`.
///
/// Parameters: NumWords >= 2, WinWidth <= NumWords * WordWidth,
/// ConsumeMax <= WinWidth.
module fmc_bit_unpacker #(
  /// Stream word width in bits (a power of two).
  parameter int unsigned WordWidth  = 8,
  /// Number of word slots.
  parameter int unsigned NumWords   = 3,
  /// Bits shown in `win_o`.
  parameter int unsigned WinWidth   = 16,
  /// Largest `consume_i` value used by the parent.
  parameter int unsigned ConsumeMax = 16,
  /// 1: `room_i` counts as free room for `in_ready_o`.
  parameter bit          ReadyAfterConsume = 1'b0,
  localparam int unsigned BufWidth  = NumWords * WordWidth,
  localparam int unsigned FillWidth = $clog2(BufWidth + 1),
  localparam int unsigned ConsWidth = $clog2(ConsumeMax + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  /// Synchronous clear: drops every buffered bit.
  input  logic                 clear_i,
  // Word input.
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [WordWidth-1:0] in_data_i,
  /// Bits used by the parser this cycle (from the top of `win_o`).
  input  logic [ConsWidth-1:0] consume_i,
  /// Bits of `consume_i` that count as free room for `in_ready_o`.
  input  logic [ConsWidth-1:0] room_i,
  /// The next WinWidth stream bits, next bit at the top.
  output logic [WinWidth-1:0]  win_o,
  /// Number of valid bits buffered.
  output logic [FillWidth-1:0] fill_o,
  /// Bits skipped before the end-of-stream check.
  input  logic [ConsWidth-1:0] skip_i,
  /// After `skip_i` bits: less than a word left, and all of it zero.
  output logic                 tail_ok_o
);

  if (NumWords < 2 || WinWidth > BufWidth || ConsumeMax > WinWidth ||
      (WordWidth & (WordWidth - 1)) != 0) begin : gen_param_error
    $error("fmc_bit_unpacker: unsupported parameters");
  end

  localparam int unsigned SlotWidth = $clog2(NumWords);
  localparam int unsigned Log2W     = $clog2(WordWidth);
  localparam int unsigned AdvWidth  = $clog2((WordWidth - 1 + ConsumeMax) / WordWidth + 1);
  localparam int unsigned SumWidth  = Log2W + AdvWidth;
  localparam logic [FillWidth-1:0] Room  = FillWidth'(BufWidth - WordWidth);

  logic [BufWidth-1:0]  slots_d, slots_q;   // slot k at [k*WordWidth +: WordWidth]
  logic [SlotWidth-1:0] head_q;             // slot holding the next stream bit
  logic [Log2W-1:0]     boff_q;             // its offset in that slot (0 = MSB)
  logic [SlotWidth-1:0] wptr_q;             // slot the next word goes to
  logic [FillWidth-1:0] fill_q;             // valid bits buffered
  logic                 accept;
  logic [FillWidth-1:0] used;                // fill counted for in_ready_o

  assign used       = ReadyAfterConsume ? fill_q - FillWidth'(room_i) : fill_q;
  assign in_ready_o = (used <= Room);
  assign accept     = in_valid_i && in_ready_o;
  assign fill_o     = fill_q;

  // Window: the slots in stream order from the head slot, then the bit offset.
  logic [BufWidth-1:0]          cat;
  always_comb begin
    cat = '0;
    for (int j = 0; j < NumWords; j++) begin
      for (int k = 0; k < NumWords; k++) begin
        if (head_q == SlotWidth'((k + NumWords - j) % NumWords)) begin
          cat[(NumWords-1-j)*WordWidth +: WordWidth] = slots_q[k*WordWidth +: WordWidth];
        end
      end
    end
  end
  assign win_o = WinWidth'(({cat, {WinWidth{1'b0}}} << boff_q) >> BufWidth);

  // End-of-stream check after skip_i bits: the word holding the next bit, its last tfill bits.
  logic [AdvWidth-1:0]  tadv;
  logic [FillWidth-1:0] tfill;
  logic [WordWidth-1:0] tword, tmask;
  always_comb begin
    tadv  = AdvWidth'((SumWidth'(boff_q) + SumWidth'(skip_i)) >> Log2W);
    tfill = fill_q - FillWidth'(skip_i);
    tword = '0;
    for (int j = 0; j < NumWords; j++) begin
      if (32'(tadv) == 32'(j)) tword = cat[(NumWords-1-j)*WordWidth +: WordWidth];
    end
    tmask     = ~({WordWidth{1'b1}} << tfill[Log2W-1:0]);
    tail_ok_o = (tfill < FillWidth'(WordWidth)) && ((tword & tmask) == '0);
  end

  always_comb begin
    slots_d = slots_q;
    if (accept) begin
      for (int k = 0; k < NumWords; k++) begin
        if (wptr_q == SlotWidth'(k)) slots_d[k*WordWidth +: WordWidth] = in_data_i;
      end
    end
  end

  // Data path: no reset (fill_q says what is valid).
  always_ff @(posedge clk_i) begin
    slots_q <= slots_d;
  end

  if ((NumWords & (NumWords - 1)) == 0) begin : gen_ptr_pow2
    // NumWords a power of two: the read and write positions are bit counters with one wrap bit
    // each, and the fill is their difference (no separate fill count).
    localparam int unsigned PtrWidth = SlotWidth + Log2W + 1;
    logic [PtrWidth-1:0]  rptr_d, rptr_q;    // {wrap, head slot, bit offset}
    logic [SlotWidth:0]   wslot_d, wslot_q;  // {wrap, write slot}
    logic [PtrWidth-1:0]  wbits;

    assign head_q = rptr_q[Log2W +: SlotWidth];
    assign boff_q = rptr_q[Log2W-1:0];
    assign wptr_q = wslot_q[SlotWidth-1:0];
    assign wbits  = {wslot_q, {Log2W{1'b0}}};
    assign fill_q = FillWidth'(wbits - rptr_q);

    always_comb begin
      rptr_d  = rptr_q + PtrWidth'(consume_i);
      wslot_d = wslot_q;
      if (accept) wslot_d = wslot_q + 1'b1;
      if (clear_i) begin
        rptr_d  = '0;
        wslot_d = '0;
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        rptr_q  <= '0;
        wslot_q <= '0;
      end else begin
        rptr_q  <= rptr_d;
        wslot_q <= wslot_d;
      end
    end
  end else begin : gen_ptr_count
    // Any other NumWords: head slot and offset, write slot and a fill count.
    logic [SlotWidth-1:0] head_d, wptr_d;
    logic [Log2W-1:0]     boff_d;
    logic [FillWidth-1:0] fill_d;
    logic [SumWidth-1:0]  rsum;
    logic [SlotWidth:0]   hsum;
    always_comb begin
      wptr_d = wptr_q;
      if (accept) wptr_d = (wptr_q == SlotWidth'(NumWords - 1)) ? '0 : wptr_q + 1'b1;
      rsum   = SumWidth'(boff_q) + SumWidth'(consume_i);
      boff_d = rsum[Log2W-1:0];
      head_d = head_q;
      hsum   = '0;
      for (int a = 1; a < (1 << AdvWidth); a++) begin
        hsum = {1'b0, head_q} + (SlotWidth + 1)'(a % NumWords);
        if (hsum >= (SlotWidth + 1)'(NumWords)) hsum = hsum - (SlotWidth + 1)'(NumWords);
        if (rsum[SumWidth-1:Log2W] == AdvWidth'(a)) head_d = hsum[SlotWidth-1:0];
      end
      fill_d = fill_q + (accept ? FillWidth'(WordWidth) : '0) - FillWidth'(consume_i);
      if (clear_i) begin
        head_d = '0;
        boff_d = '0;
        wptr_d = '0;
        fill_d = '0;
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        head_q <= '0;
        boff_q <= '0;
        wptr_q <= '0;
        fill_q <= '0;
      end else begin
        head_q <= head_d;
        boff_q <= boff_d;
        wptr_q <= wptr_d;
        fill_q <= fill_d;
      end
    end
  end

`ifndef SYNTHESIS
  ConsumeInRange: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(consume_i) <= 32'(fill_q));
  // (A cycle with clear_i may count room for a consumption that the clear replaces.)
  RoomInRange: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      (32'(room_i) <= 32'(consume_i)) && (ReadyAfterConsume || room_i == '0));
`endif

endmodule
