// SPDX-License-Identifier: Apache-2.0
//
/// Bit packer: variable-length bit chunks in, fixed-width words out, MSB first.
///
/// Protocol: `in` carries chunks of `in_len_i` bits (0..ChunkWidth), left-aligned in `in_data_i`
/// (the first chunk bit is bit ChunkWidth-1; the ChunkWidth - `in_len_i` bits below the chunk must
/// be 0); the first chunk bit of a stream becomes bit WordWidth-1 of the first output word.
/// `in_last_i` ends a stream: the stream is padded with zero bits to a multiple of StreamAlign bits
/// and its final word carries `out_last_o`. A stream without any bit produces no word at all.
/// With StreamAlign = WordWidth/2, the final word may hold only its upper half (`out_half_o`, only
/// with `out_last_o`; the lower half is then zero padding that is not part of the stream).
/// A complete word is emitted only once its `last` flag is known: when a further bit is in the
/// buffer or the stream has ended (so the final word of a stream can be flagged).
///
/// Throughput: one word per cycle on `out` and one chunk per cycle on `in` as long as the buffer
/// has room for a full chunk (`fill + ChunkWidth <= BufferWidth`). With
/// BufferWidth >= ChunkWidth + 2 * WordWidth the output port stays 100 % busy while chunks of more
/// than WordWidth bits per cycle arrive. After a stream end, no chunk is taken until the stream's
/// final word has left (a bubble of about BufferWidth / WordWidth cycles between streams at most).
///
/// Area: the chunk is placed by a right shift by the fill, which is at most
/// Room = BufferWidth - ChunkWidth when a chunk is taken; Room = 2^k - 1 (or 2^k) keeps that shifter
/// at k stages. A stream end waits in the buffer with no chunk taken, so the fill itself marks it.
///
/// Timing: `out_*` are driven from flops only. `in_ready_o` is a function of flops only (it does not
/// depend on `out_ready_i` or any input), except with ReadyAfterEmit = 1, where it also depends on
/// `out_ready_i`: then a chunk is taken in the cycle a word leaves whenever the bits left after
/// that word have room, so that the buffer need not hold a spare word (use it where `out_ready_i`
/// itself comes from flops, for example a FIFO's ready). Latency: a word can leave one cycle after its final bit
/// was accepted.
///
/// Example (WordWidth 8): chunks `101` (3), `11111` (5), `1` (1), last → words 0xbf (held until the
/// third chunk arrives), 0x80 with last.
module fmc_bit_packer #(
  /// Output word width W.
  parameter int unsigned WordWidth   = 8,
  /// Maximum chunk length in bits.
  parameter int unsigned ChunkWidth  = 8,
  /// Buffer size in bits; at least ChunkWidth + WordWidth.
  parameter int unsigned BufferWidth = ChunkWidth + 2 * WordWidth,
  /// A stream is padded to a multiple of StreamAlign bits: WordWidth or WordWidth/2.
  parameter int unsigned StreamAlign = WordWidth,
  /// 1: a chunk is also taken when the word leaving in the same cycle makes room for it
  /// (`in_ready_o` then depends on `out_ready_i`); 0: only when the buffer has room before.
  parameter bit          ReadyAfterEmit = 1'b0,
  localparam int unsigned LenWidth   = $clog2(ChunkWidth + 1),
  // Headroom for the word rounding at a stream end.
  localparam int unsigned FillWidth  = $clog2(BufferWidth + WordWidth),
  // A chunk is taken only while fill <= Room = BufferWidth - ChunkWidth: the placement shift uses
  // the low ShiftWidth bits of the fill; a Room of exactly 2^ShiftWidth is a special case.
  localparam int unsigned PadWidth   = BufferWidth - ChunkWidth,
  localparam int unsigned ShiftWidth = (PadWidth > 1) ? $clog2(PadWidth) : 1,
  localparam bit          RoomPow2   = (PadWidth == (1 << ShiftWidth)),
  localparam int unsigned RoomBit    = RoomPow2 ? ShiftWidth : 0  // fill bit of Room = 2^ShiftWidth
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  /// Synchronous clear: drops everything in the buffer.
  input  logic                  clear_i,
  // Chunk input stream.
  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [ChunkWidth-1:0] in_data_i,
  input  logic [LenWidth-1:0]   in_len_i,
  input  logic                  in_last_i,
  // Word output stream.
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [WordWidth-1:0]  out_data_o,
  output logic                  out_last_o,
  /// The final word holds only its upper half (StreamAlign = WordWidth/2, with out_last_o).
  output logic                  out_half_o,
  /// Nothing buffered.
  output logic                  empty_o
);

  if (BufferWidth < ChunkWidth + WordWidth ||
      !(StreamAlign == WordWidth || 2 * StreamAlign == WordWidth)) begin : gen_param_error
    $error("fmc_bit_packer: BufferWidth >= ChunkWidth + WordWidth, StreamAlign WordWidth or WordWidth/2");
  end

  localparam logic [FillWidth-1:0] Word = FillWidth'(WordWidth);
  localparam logic [FillWidth-1:0] Room = FillWidth'(BufferWidth - ChunkWidth);
  localparam logic [FillWidth-1:0] Align = FillWidth'(StreamAlign);
  // Fill rounding to StreamAlign (a power of two).
  localparam logic [FillWidth-1:0] AlignMask = ~(FillWidth'(StreamAlign - 1));

  logic [BufferWidth-1:0] buf_d, buf_q;       // valid bits at the top, zeros below
  logic [FillWidth-1:0]   fill_d, fill_q;      // valid bits in buf_q
  // A stream end waits in the buffer. No chunk is taken meanwhile, so the stream ends at fill_q
  // (already padded to a word boundary).
  logic                   last_pend_d, last_pend_q;

  logic emit, accept;
  logic [FillWidth-1:0]   fill_acc;
  logic [FillWidth-1:0]   pos;       // bits above the chunk: fill_q, less the word leaving now
  logic [BufferWidth-1:0] placed;
  logic                   at_room;

  assign out_valid_o = (fill_q > Word) || out_last_o;
  // A stream end waits padded to StreamAlign: its final word holds Word or Align bits.
  assign out_last_o  = last_pend_q && (fill_q <= Word);
  assign out_half_o  = (StreamAlign != WordWidth) && last_pend_q && (fill_q == Align);
  assign out_data_o  = buf_q[BufferWidth-1 -: WordWidth];
  assign empty_o     = (fill_q == '0);

  assign emit   = out_valid_o && out_ready_i;
  assign accept = in_valid_i && in_ready_o;
  if (ReadyAfterEmit) begin : gen_ready_after_emit
    // The word leaving now frees its bits: the chunk goes below what remains (at most Room).
    assign pos        = emit ? fill_q - Word : fill_q;
    assign in_ready_o = (pos <= Room) && !last_pend_q;
  end else begin : gen_ready_before
    assign pos        = fill_q;
    assign in_ready_o = (fill_q <= Room) && !last_pend_q;
  end

  always_comb begin
    // Place the chunk right below the valid bits (shift amount pos <= Room when a chunk is taken).
    // Room = 2^ShiftWidth: pos == Room is the only value with bit ShiftWidth set (its low bits
    // are 0); the chunk then goes to the bottom of the buffer.
    at_room  = RoomPow2 && pos[RoomBit];
    placed   = {in_data_i & {ChunkWidth{!at_room}}, {PadWidth{1'b0}}} >> pos[ShiftWidth-1:0];
    placed   = placed | (BufferWidth'(in_data_i) & {BufferWidth{at_room}});
    buf_d       = buf_q;
    fill_acc    = fill_q;
    last_pend_d = last_pend_q;
    if (ReadyAfterEmit) begin
      // Word first, then the chunk below what remains.
      if (emit) begin
        buf_d    = buf_q << WordWidth;
        fill_acc = fill_q - Word;
        if (StreamAlign != WordWidth && out_last_o) fill_acc = '0;  // the final word may be a half
        if (out_last_o) last_pend_d = 1'b0;  // no chunk is taken: in_ready_o is low
      end
      if (accept) begin
        // On an empty buffer the chunk replaces the bits (stale after a reset or a clear).
        buf_d    = (buf_d & {BufferWidth{pos != '0}}) | placed;
        fill_acc = pos + FillWidth'(in_len_i);
        if (in_last_i) begin
          fill_acc = (fill_acc + Align - 1'b1) & AlignMask;  // pad to StreamAlign
          last_pend_d = (fill_acc != '0);
        end
      end
      fill_d = fill_acc;
    end else begin
      if (accept) begin
        // On an empty buffer the chunk replaces the bits (stale after a reset or a clear).
        buf_d    = (buf_q & {BufferWidth{fill_q != '0}}) | placed;
        fill_acc = fill_q + FillWidth'(in_len_i);
        if (in_last_i) begin
          fill_acc = (fill_acc + Align - 1'b1) & AlignMask;  // pad to StreamAlign
          last_pend_d = (fill_acc != '0);
        end
      end
      fill_d = fill_acc;
      if (emit) begin
        buf_d  = buf_d << WordWidth;
        fill_d = fill_acc - Word;
        if (StreamAlign != WordWidth && out_last_o) fill_d = '0;  // the final word may be a half
        if (out_last_o) last_pend_d = 1'b0;  // no chunk was accepted: in_ready_o is low
      end
    end
    if (clear_i) begin
      fill_d      = '0;
      last_pend_d = 1'b0;
    end
  end

  // The buffer needs no reset: only its top fill_q bits are used, the bits below them are 0
  // (shifted in, or cleared by the first chunk on an empty buffer).
  always_ff @(posedge clk_i) begin
    buf_q <= buf_d;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fill_q      <= '0;
      last_pend_q <= 1'b0;
    end else begin
      fill_q      <= fill_d;
      last_pend_q <= last_pend_d;
    end
  end

`ifndef SYNTHESIS
  // Chunk bits below the chunk must be zero.
  ChunkClean: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i |-> ((in_data_i << in_len_i) == '0));
  ChunkLen: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i |-> (32'(in_len_i) <= ChunkWidth));
  OutValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o) && $stable(out_last_o));
`endif

endmodule
