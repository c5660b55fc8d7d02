// SPDX-License-Identifier: Apache-2.0
//
/// EBPC encoder (Extended Bit-Plane Compression, Cavigelli et al. 2019), bit-exact with the
/// authors' open-RTL stream format (docs/ebpc-format.md).
///
/// Protocol: `in` takes the words of a transmission, `in_last_i` on the final one. The encoder
/// produces two streams of m-bit words: `znz` (zero/non-zero flags with zero runs, §2) and `bpc`
/// (the non-zero words, bit-plane coded in blocks of n, §3). Each stream's final word carries its
/// `last`. A transmission whose words are all zero has an empty BPC stream (no beat at all).
/// Transmissions follow each other back to back; no reset is needed in between.
///
/// Throughput: one input word per cycle and up to one word per cycle on each output port; a
/// transmission of N words that codes into Z ZNZ and B BPC words takes about max(N, Z, B) cycles
/// plus the latency (the BPC port stays busy while dense data is coded). Blocks are double
/// buffered: one is collected while the previous one is coded (S = ceil((m+1)/(n-1)) symbols per
/// cycle). Coded data waits in a FIFO of BpcSlackWords words (in the shared memory primitive)
/// while the BPC port is the bottleneck, so that the input keeps running. A bubble of a few
/// cycles may separate transmissions while a stream's last word leaves; at the end of a
/// transmission whose last block is partial, the collector takes up to n-1 more cycles without
/// input to write the stuffed deltas.
///
/// Latency: a ZNZ word leaves 1 cycle after its last bit's input word was accepted (or the next
/// one, when its `last` is not yet known); a BPC word about n + 3 cycles after the block's final word,
/// two more through the coded-data FIFO (BpcSlackWords > 0).
///
/// Timing: all outputs are driven from flops (`bpc_data_o` through the 2:1 multiplexer of the word
/// splitter when BpcSlackWords > 0). `in_ready_o` is a function of flops only (it depends on no
/// input port, not on the output readies).
///
/// Parameters: DataWidth m in {8, 16}, BlockSize n in {8, 16}, n <= m (checked at elaboration).
///
/// Example (m = n = 8): words 0 0 0 22 26 0 28 32 35 8, eighteen 0, 10 12 0 7 (last) give ZNZ
/// 0x16 0x0f 0x78 0x70 0x40 and BPC 0x16 0x13 0xa7 0x00 0x51 0xc2 0x41 0xc6 0x02 0x8c 0x16.
module ebpc_encoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth = 8,
  /// n: block size in words, 8 or 16, at most DataWidth.
  parameter int unsigned BlockSize = 8,
  /// Words of coded-data slack: 0, or an even number 4..64, kept in a FIFO of BpcSlackWords/2
  /// double words (2m+2 bits each) in the shared memory primitive fmc_ram_1r1w. It absorbs the
  /// block-to-block variation of the coded size, so that poorly compressible blocks do not stall
  /// the input while the BPC port idles on the next, well compressible ones. 0 has no memory and
  /// the least logic, and falls below the port bound on dense tensors; the measured trade
  /// (words/cycle on real tensors, GE, memory bits) is in docs/results (`make results`).
  parameter int unsigned BpcSlackWords = 8
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  /// Synchronous clear: drops the transmission in flight.
  input  logic                 clear_i,
  // Input words.
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [DataWidth-1:0] in_data_i,
  input  logic                 in_last_i,
  // ZNZ stream.
  output logic                 znz_valid_o,
  input  logic                 znz_ready_i,
  output logic [DataWidth-1:0] znz_data_o,
  output logic                 znz_last_o,
  // BPC stream.
  output logic                 bpc_valid_o,
  input  logic                 bpc_ready_i,
  output logic [DataWidth-1:0] bpc_data_o,
  output logic                 bpc_last_o,
  /// Nothing in flight.
  output logic                 idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && (BlockSize == 8 || BlockSize == 16) &&
        BlockSize <= DataWidth && (BpcSlackWords == 0 ||
        (BpcSlackWords >= 4 && BpcSlackWords <= 64 && BpcSlackWords % 2 == 0)))) begin : gen_param_error
    $error("ebpc_encoder: DataWidth 8|16, BlockSize 8|16 <= DataWidth, BpcSlackWords 0 or even 4..64");
  end

  localparam int unsigned DeltaWidth = DataWidth + 1;
  localparam int unsigned ZnzChunk   = 6;   // '0' + 4-bit run, then '1'
  localparam int unsigned ZnzLenW    = $clog2(ZnzChunk + 1);
  localparam int unsigned RunMax     = 16;  // §2: maximum zero run

  // --------------------------------------------------------------------------------------------
  // Input fork: every word goes to the ZNZ coder; non-zero words and the final word go to the
  // block collector. Both readies are flop-derived, so the fork needs no FSM.
  // --------------------------------------------------------------------------------------------
  logic znz_in_ready, col_in_ready, in_fire, nonzero;
  assign nonzero    = (in_data_i != '0);
  assign in_ready_o = znz_in_ready && col_in_ready;
  assign in_fire    = in_valid_i && in_ready_o;

  // ZNZ symbols (§2): non-zero → '1'; a run of k zeros → '0' + (k-1) in 4 bits, emitted at its
  // 16th zero, before the next non-zero word, or at the end of the transmission.
  logic [4:0]          run_d, run_q, run_inc;
  logic [ZnzChunk-1:0] znz_chunk;
  logic [ZnzLenW-1:0]  znz_len;

  assign run_inc = run_q + 1'b1;
  always_comb begin
    run_d     = run_q;
    znz_chunk = '0;
    znz_len   = '0;
    if (nonzero) begin
      if (run_q != '0) begin
        znz_chunk = {1'b0, 4'(run_q - 1'b1), 1'b1};
        znz_len   = ZnzLenW'(6);
      end else begin
        znz_chunk = ZnzChunk'(6'b100000);  // chunks are left-aligned
        znz_len   = ZnzLenW'(1);
      end
      run_d = '0;
    end else if (run_inc == 5'(RunMax) || in_last_i) begin
      znz_chunk = ZnzChunk'({1'b0, 4'(run_q), 1'b0});
      znz_len   = ZnzLenW'(5);
      run_d     = '0;
    end else begin
      run_d = run_inc;
    end
    if (in_last_i) run_d = '0;
    if (!in_fire) run_d = run_q;
    if (clear_i) run_d = '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) run_q <= '0;
    else         run_q <= run_d;
  end

  logic znz_empty, unused_znz_half;  // ZNZ words are whole words
  fmc_bit_packer #(
    .WordWidth  (DataWidth),
    .ChunkWidth (ZnzChunk),
    .BufferWidth(DataWidth + 2 * ZnzChunk)
  ) u_znz_packer (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (in_valid_i && col_in_ready),
    .in_ready_o (znz_in_ready),
    .in_data_i  (znz_chunk),
    .in_len_i   (znz_len),
    .in_last_i  (in_last_i),
    .out_valid_o(znz_valid_o),
    .out_ready_i(znz_ready_i),
    .out_data_o (znz_data_o),
    .out_last_o (znz_last_o),
    .out_half_o (unused_znz_half),
    .empty_o    (znz_empty)
  );

  // --------------------------------------------------------------------------------------------
  // BPC path: collect a block → code it → pack the chunks.
  // --------------------------------------------------------------------------------------------
  logic                                 blk_valid, blk_ready, blk_last, blk_empty, col_busy;
  logic [DataWidth-1:0]                 blk_base;
  logic [(BlockSize-1)*DeltaWidth-1:0]  blk_delta;

  ebpc_encoder_collect #(
    .DataWidth(DataWidth),
    .BlockSize(BlockSize)
  ) u_collect (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i  (in_valid_i && znz_in_ready && (nonzero || in_last_i)),
    .in_ready_o  (col_in_ready),
    .in_data_i   (in_data_i),
    .in_nonzero_i(nonzero),
    .in_last_i   (in_last_i),
    .out_valid_o (blk_valid),
    .out_ready_i (blk_ready),
    .out_base_o  (blk_base),
    .out_delta_o (blk_delta),
    .out_last_o  (blk_last),
    .out_empty_o (blk_empty),
    .busy_o      (col_busy)
  );

  localparam int unsigned Log2M     = $clog2(DataWidth);
  localparam int unsigned Log2N     = $clog2(BlockSize);
  localparam int unsigned CodeBits  = (BlockSize > 5 + Log2N) ? BlockSize : 5 + Log2N;
  localparam int unsigned Slots     = (DataWidth + BlockSize - 1) / (BlockSize - 1);
  localparam int unsigned ChunkBits = (3 + Log2M + Slots * CodeBits > DataWidth) ?
                                      3 + Log2M + Slots * CodeBits : DataWidth;
  localparam int unsigned ChunkLenW = $clog2(ChunkBits + 1);

  logic                 chunk_valid, chunk_ready, chunk_last, coder_busy, bpc_empty;
  logic [ChunkBits-1:0] chunk_data;
  logic [ChunkLenW-1:0] chunk_len;

  ebpc_encoder_bpc #(
    .DataWidth(DataWidth),
    .BlockSize(BlockSize)
  ) u_coder (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (blk_valid),
    .in_ready_o (blk_ready),
    .in_base_i  (blk_base),
    .in_delta_i (blk_delta),
    .in_last_i  (blk_last),
    .in_empty_i (blk_empty),
    .out_valid_o(chunk_valid),
    .out_ready_i(chunk_ready),
    .out_data_o (chunk_data),
    .out_len_o  (chunk_len),
    .out_last_o (chunk_last),
    .busy_o     (coder_busy)
  );

  // Coded-data slack: without it, the packer emits m-bit words straight to the port. With it, the
  // packer emits double words (up to 2m bits per cycle) into a FIFO held in the shared memory
  // primitive, and the port takes them a word at a time: while the port is the bottleneck, the
  // coder keeps working and the FIFO fills; it drains while later blocks code into fewer words.
  logic bpc_slack_empty;
  if (BpcSlackWords == 0) begin : gen_no_slack
    logic unused_bpc_half;  // padded to whole words
    fmc_bit_packer #(
      .WordWidth  (DataWidth),
      .ChunkWidth (ChunkBits),
      .BufferWidth(ChunkBits + 2 * DataWidth)
    ) u_bpc_packer (
      .clk_i,
      .rst_ni,
      .clear_i,
      .in_valid_i (chunk_valid),
      .in_ready_o (chunk_ready),
      .in_data_i  (chunk_data),
      .in_len_i   (chunk_len),
      .in_last_i  (chunk_last),
      .out_valid_o(bpc_valid_o),
      .out_ready_i(bpc_ready_i),
      .out_data_o (bpc_data_o),
      .out_last_o (bpc_last_o),
      .out_half_o (unused_bpc_half),
      .empty_o    (bpc_empty)
    );
    assign bpc_slack_empty = 1'b1;
  end else begin : gen_slack
    localparam int unsigned PairWidth = 2 * DataWidth;

    logic                 pair_valid, pair_ready, pair_last, pair_half;
    logic [PairWidth-1:0] pair_data;
    logic                 slot_valid, slot_ready, slot_last, slot_half;
    logic [PairWidth-1:0] slot_data;

    fmc_bit_packer #(
      .WordWidth  (PairWidth),
      .ChunkWidth (ChunkBits),
      .BufferWidth   (ChunkBits + PairWidth),
      .StreamAlign   (DataWidth),
      .ReadyAfterEmit(1'b1)
    ) u_bpc_packer (
      .clk_i,
      .rst_ni,
      .clear_i,
      .in_valid_i (chunk_valid),
      .in_ready_o (chunk_ready),
      .in_data_i  (chunk_data),
      .in_len_i   (chunk_len),
      .in_last_i  (chunk_last),
      .out_valid_o(pair_valid),
      .out_ready_i(pair_ready),
      .out_data_o (pair_data),
      .out_last_o (pair_last),
      .out_half_o (pair_half),
      .empty_o    (bpc_empty)
    );

    fmc_fifo_ram #(
      .Width(PairWidth + 2),
      .Depth(BpcSlackWords / 2)
    ) u_bpc_fifo (
      .clk_i,
      .rst_ni,
      .clear_i,
      .in_valid_i (pair_valid),
      .in_ready_o (pair_ready),
      .in_data_i  ({pair_last, pair_half, pair_data}),
      .out_valid_o(slot_valid),
      .out_ready_i(slot_ready),
      .out_data_o ({slot_last, slot_half, slot_data}),
      .empty_o    (bpc_slack_empty)
    );

    fmc_word_split #(
      .Width(DataWidth)
    ) u_bpc_split (
      .clk_i,
      .rst_ni,
      .clear_i,
      .in_valid_i (slot_valid),
      .in_ready_o (slot_ready),
      .in_data_i  (slot_data),
      .in_half_i  (slot_half),
      .in_last_i  (slot_last),
      .out_valid_o(bpc_valid_o),
      .out_ready_i(bpc_ready_i),
      .out_data_o (bpc_data_o),
      .out_last_o (bpc_last_o)
    );
  end

  assign idle_o = (run_q == '0) && znz_empty && !col_busy && !coder_busy && bpc_empty &&
                  bpc_slack_empty;

`ifndef SYNTHESIS
  // Protocol: outputs hold valid and data until taken; the environment does the same on `in`.
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_znz_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(znz_valid_o),
    .ready_i(znz_ready_i),
    .data_i ({znz_last_o, znz_data_o})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_bpc_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(bpc_valid_o),
    .ready_i(bpc_ready_i),
    .data_i ({bpc_last_o, bpc_data_o})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_in_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(in_valid_i),
    .ready_i(in_ready_o),
    .data_i ({in_last_i, in_data_i})
  );
`endif

endmodule
