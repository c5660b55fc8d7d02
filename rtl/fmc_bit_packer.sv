// SPDX-License-Identifier: Apache-2.0
//
/// Bit packer: variable-length bit chunks in, fixed-width words out, MSB first.
///
/// Protocol: `in` carries chunks of `in_len_i` bits (0..ChunkWidth), right-aligned in `in_data_i`
/// (bits at and above `in_len_i` must be 0); the first chunk bit becomes bit WordWidth-1 of the
/// first output word. `in_last_i` ends a stream: the partial word is padded with zero bits and the
/// stream's final word carries `out_last_o`. A stream without any bit produces no word at all.
/// A complete word is emitted only once its `last` flag is known: when a further bit is in the
/// buffer or the stream has ended (so the final word of a stream can be flagged).
///
/// Throughput: one word per cycle on `out` and one chunk per cycle on `in` as long as the buffer
/// has room for a full chunk (`fill + ChunkWidth <= BufferWidth`). With
/// BufferWidth >= ChunkWidth + 2 * WordWidth the output port stays 100 % busy while chunks of more
/// than WordWidth bits per cycle arrive. After a stream end, no chunk is taken until the stream's
/// final word has left (a bubble of about BufferWidth / WordWidth cycles between streams at most).
///
/// Timing: `out_*` are driven from flops only. `in_ready_o` is a function of flops only (it does not
/// depend on `out_ready_i` or any input). Latency: a word can leave one cycle after its final bit
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
  localparam int unsigned LenWidth   = $clog2(ChunkWidth + 1),
  // Headroom for the word rounding at a stream end.
  localparam int unsigned FillWidth  = $clog2(BufferWidth + WordWidth)
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
  /// Nothing buffered.
  output logic                  empty_o
);

  if (BufferWidth < ChunkWidth + WordWidth) begin : gen_param_error
    $error("fmc_bit_packer: BufferWidth must be at least ChunkWidth + WordWidth");
  end

  localparam logic [FillWidth-1:0] Word = FillWidth'(WordWidth);
  localparam logic [FillWidth-1:0] Room = FillWidth'(BufferWidth - ChunkWidth);
  // Word-aligned fill rounding (WordWidth is a power of two).
  localparam logic [FillWidth-1:0] WordMask = ~(FillWidth'(WordWidth - 1));

  logic [BufferWidth-1:0] buf_d, buf_q;       // valid bits at the top, zeros below
  logic [FillWidth-1:0]   fill_d, fill_q;      // valid bits in buf_q
  logic                   last_pend_d, last_pend_q;  // a stream end waits in the buffer
  logic [FillWidth-1:0]   last_at_d, last_at_q;      // bit count up to the end of that stream

  logic emit, accept;
  logic [FillWidth-1:0]   fill_acc;
  logic [BufferWidth-1:0] placed;

  assign out_valid_o = (fill_q > Word) || (last_pend_q && (last_at_q == Word));
  assign out_last_o  = last_pend_q && (last_at_q == Word);
  assign out_data_o  = buf_q[BufferWidth-1 -: WordWidth];
  assign in_ready_o  = (fill_q <= Room) && !last_pend_q;
  assign empty_o     = (fill_q == '0);

  assign emit   = out_valid_o && out_ready_i;
  assign accept = in_valid_i && in_ready_o;

  always_comb begin
    // Place the chunk right below the valid bits (shift amount uses flops only).
    placed   = BufferWidth'(in_data_i) << (FillWidth'(BufferWidth) - fill_q - FillWidth'(in_len_i));
    buf_d       = buf_q;
    fill_acc    = fill_q;
    last_pend_d = last_pend_q;
    last_at_d   = last_at_q;
    if (accept) begin
      buf_d    = buf_q | placed;
      fill_acc = fill_q + FillWidth'(in_len_i);
      if (in_last_i) begin
        fill_acc = (fill_acc + Word - 1'b1) & WordMask;  // pad to a word boundary
        last_pend_d = (fill_acc != '0);
        last_at_d   = fill_acc;
      end
    end
    fill_d = fill_acc;
    if (emit) begin
      buf_d  = buf_d << WordWidth;
      fill_d = fill_acc - Word;
      last_at_d = last_at_d - Word;
      if (out_last_o) last_pend_d = 1'b0;  // no chunk was accepted: in_ready_o is low
    end
    if (clear_i) begin
      buf_d       = '0;
      fill_d      = '0;
      last_pend_d = 1'b0;
      last_at_d   = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      buf_q       <= '0;
      fill_q      <= '0;
      last_pend_q <= 1'b0;
      last_at_q   <= '0;
    end else begin
      buf_q       <= buf_d;
      fill_q      <= fill_d;
      last_pend_q <= last_pend_d;
      last_at_q   <= last_at_d;
    end
  end

`ifndef SYNTHESIS
  // Chunk bits above the length must be zero.
  ChunkClean: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i |-> ((in_data_i >> in_len_i) == '0));
  ChunkLen: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i |-> (32'(in_len_i) <= ChunkWidth));
  OutValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o) && $stable(out_last_o));
`endif

endmodule
