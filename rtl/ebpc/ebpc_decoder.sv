// SPDX-License-Identifier: Apache-2.0
//
/// EBPC decoder (Extended Bit-Plane Compression, Cavigelli et al. 2019), bit-exact with the
/// authors' open-RTL stream format (docs/ebpc-format.md) and with the golden `fmc::EbpcDecoder`,
/// including its error classes.
///
/// Protocol. A transmission starts with one descriptor beat on `cmd`: N (`cmd_num_words_i`) and
/// the lengths in words of its two streams, Lz (`cmd_znz_words_i`) and Lb (`cmd_bpc_words_i`), as
/// a DMA descriptor gives them. The decoder then takes exactly Lz ZNZ words and Lb BPC words for
/// that transmission, never more, never fewer, whatever they contain, and only then the next
/// descriptor: the streams of the next transmission are never touched. A stream "ends" when its
/// word flagged `last` (`znz_last_i` on word Lz-1, `bpc_last_i` on word Lb-1) is taken; of the
/// lengths the logic uses only whether they are 0 (an empty stream has no word and no `last`):
/// one `fmc_stream_frame` per stream, whose simulation-only assumption (LastAtLength) flags a
/// `last` that is not on word L-1 as an environment error (docs/integration.md §7.1). When every
/// word is zero the BPC stream is empty (Lb = 0). The ZNZ port opens in the cycle after the
/// descriptor is taken, the BPC port at the transmission's first non-zero flag. The ZNZ window
/// reads the port's word before taking it (the port holds a word until it is taken, as the
/// protocol requires). On success exactly N words
/// leave on `out`, `out_last_o` on word N-1; then the next descriptor is taken. N = 0: nothing
/// is output, Lz must be 0 (else ZnzTrailing), then Lb must be 0 (else BpcTrailing).
/// Transmissions may follow each other back to back.
///
/// Fault contract (the same for every decoder of this project, docs/integration.md; golden
/// classes, same conditions, first error in decode order wins; `err_code_o` values are
/// fmc::EbpcError, docs/ebpc-format.md §7): 1 ZnzTruncated (all Lz words taken, next flag
/// incomplete), 2 BpcTruncated (all Lb words taken, a needed block incomplete), 3 ZnzTrailing /
/// 4 BpcTrailing (words left after the stream's final used bit, or its padding bits not 0; a
/// non-empty BPC stream when no block is used), 5 RunOverflow (zero run past N), 6 BadCode (zero
/// run past the block's m+1 planes, position out of range, `00001` at plane 0 or after a zero
/// plane), 7 ZeroNonzero (a non-zero flag decodes to 0, or stuffing of the last block is not 0),
/// 8 ValueRange (a rebuilt value does not fit in m bits). A block's errors count at its first use
/// (as in the golden decoder). After an error: `err_o`/`err_code_o` are set (sticky until
/// `clear_i` or the next accepted descriptor; `err_o` then stays low for at least one cycle, so
/// each error is a rising edge), nothing more is emitted (no word of a failing block, no
/// `out_last_o`; a word already in the output register still leaves), the remaining words of
/// BOTH streams up to their `last` words are taken and dropped (one per cycle each), then the next
/// descriptor is taken and decoded exactly. Emitted words are always a prefix of the golden
/// decoder's output. The decoder only ever waits for input words and output ready: it cannot
/// hang on any stream content. `clear_i` stays the hard recovery (aborts everything).
///
/// Throughput: one output word per cycle and one word per cycle on each input. A transmission of
/// N words coded into Z ZNZ and B BPC words takes max(N, Z, B) cycles plus a start-up latency and
/// one cycle at the end: the end-of-stream checks of word N-1 run in the cycle after its flag.
/// Blocks are double-buffered: `ebpc_decoder_block` parses block j+1 (one cycle for the base, then
/// S = PlanesPerCycle bit-planes per cycle, rebuilding the values bit-serially) while block j
/// leaves the emit register, so a block is ready within n cycles whenever its bits are. The BPC
/// port opens only at the transmission's first non-zero flag, so each transmission with non-zero
/// words pays the fill time of its first block once (about 3 + max(1 + ceil((m+1)/S), block bits
/// / m) cycles). The bound averages the BPC stream over the transmission, but real feature maps
/// alternate stretches of blocks that code into more than n words (the BPC port is the
/// bottleneck) with compressible ones (the output is): with BpcSlackWords > 0 the port's words
/// wait in a FIFO of BpcSlackWords words in the shared memory primitive, read as pairs
/// (fmc_fifo_ram_pair), so the port keeps taking words ahead while the output is the
/// bottleneck, and the BPC bit buffer takes up to two words per cycle from it in the next BPC-bound
/// stretch. No input buffering helps a BPC-bound stretch followed by an output-bound one (the
/// output cannot run ahead of the BPC port).
/// Measured words/cycle per configuration and data class: `make sim` and `fmc_cosim perf`.
///
/// Latency: a word is in the output register the cycle after its flag is at the top of the ZNZ
/// window (which spans the port's word): the first word of a transmission 2 cycles after the
/// descriptor's cycle when its ZNZ word is offered by then; word N-1 one cycle later (the final
/// checks).
///
/// Timing: `out_*`, `err_*`, `idle_o` are driven by flops. `cmd_ready_o` and `znz_ready_o` are
/// functions of flops only (a ZNZ word is taken in the cycle after the window has used up the
/// word before it).
/// `bpc_ready_o` depends on no input: with BpcSlackWords > 0 on flops only (the FIFO's
/// pointers); with BpcSlackWords = 0 over a longer flop-to-output path, since it counts
/// the bits the BPC parser uses in the same cycle as free room (BPC buffer flops -> S chained code
/// decoders -> compare). No ready depends on `out_ready_i`. Internal combinational paths:
/// out_ready_i and znz_data_i (the port's word in the ZNZ window) -> flag sequencer -> next
/// state (emit index and register, ZNZ read position, output register);
/// BPC window (its own pair and, BpcSlackWords > 0, the FIFO's read register) -> S code decoders
/// -> S ripples of n-1 full adders -> block register; the same decoders -> bits used (with
/// BpcSlackWords > 0 also the next base read when a block moves to the emit register, so
/// out_ready_i -> flag sequencer) -> FIFO read enable (BpcSlackWords = 0: free room ->
/// bpc_ready_o, as above).
///
/// Parameters: DataWidth m in {8, 16}, BlockSize n in {8, 16}, n <= m, CountWidth >= 1,
/// LengthWidth >= 1, PlanesPerCycle S in {0 = auto, 1, 2, 3}. Auto is 2 for n = m and 3 for 16/8:
/// the smallest S that parses a block (1 + ceil((m+1)/S) cycles) in fewer than n cycles. S = 1 is
/// the small variant: 1 + (m+1) cycles per block, i.e. n/(m+2) words per cycle on dense data
/// whose blocks code into fewer than m+2 words (smooth, extreme values); dense random and sparse
/// data still run at the bound. BpcSlackWords: 0, or an even number 4..64 (default 10): words of
/// BPC slack in memory (see Throughput for what they buy). Area and memory bits per named
/// configuration: `make synth-area` (docs/synthesis.md).
///
/// Example (m = n = 8): descriptor N = 32, Lz = 5, Lb = 11; ZNZ 0x16 0x0f 0x78 0x70 0x40 and
/// BPC 0x16 0x13 0xa7 0x00 0x51 0xc2 0x41 0xc6 0x02 0x8c 0x16 give 0 0 0 22 26 0 28 32 35 8,
/// eighteen 0, 10 12 0 7 (last).
module ebpc_decoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth      = 8,
  /// n: block size in words, 8 or 16, at most DataWidth.
  parameter int unsigned BlockSize      = 8,
  /// Width of the descriptor's word count N.
  parameter int unsigned CountWidth     = 24,
  /// Width of the descriptor's stream lengths (ZNZ and BPC words). A BPC stream can be longer
  /// than N words (about (m+2)/m words per word on incompressible data): one bit more than
  /// CountWidth by default.
  parameter int unsigned LengthWidth    = 25,
  /// BPC bit-planes parsed per cycle: 0 = auto (full throughput), else 1..3.
  parameter int unsigned PlanesPerCycle = 0,
  /// Words of BPC input slack, 0 or an even number 4..64, in a FIFO of BpcSlackWords words (two
  /// fmc_ram_1r1w of BpcSlackWords/2 m-bit words, even and odd words) read as pairs: taken ahead
  /// while the output is the bottleneck, used up when a stretch of blocks codes into more than n
  /// words (see Throughput).
  parameter int unsigned BpcSlackWords  = 10
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  /// Synchronous clear: aborts everything, back to idle, clears the error.
  input  logic                  clear_i,
  // Descriptor of the next transmission: N, and the lengths in words of its two streams.
  input  logic                   cmd_valid_i,
  output logic                   cmd_ready_o,
  input  logic [CountWidth-1:0]  cmd_num_words_i,
  input  logic [LengthWidth-1:0] cmd_znz_words_i,
  input  logic [LengthWidth-1:0] cmd_bpc_words_i,
  // ZNZ stream.
  input  logic                  znz_valid_i,
  output logic                  znz_ready_o,
  input  logic [DataWidth-1:0]  znz_data_i,
  input  logic                  znz_last_i,
  // BPC stream (empty when every word is zero).
  input  logic                  bpc_valid_i,
  output logic                  bpc_ready_o,
  input  logic [DataWidth-1:0]  bpc_data_i,
  input  logic                  bpc_last_i,
  // Decoded words, `out_last_o` on word N-1.
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [DataWidth-1:0]  out_data_o,
  output logic                  out_last_o,
  /// Sticky error flag and its fmc::EbpcError value.
  output logic                  err_o,
  output logic [3:0]            err_code_o,
  /// No transmission in progress and no output word pending.
  output logic                  idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && (BlockSize == 8 || BlockSize == 16) &&
        BlockSize <= DataWidth && CountWidth >= 1 && LengthWidth >= 1 && PlanesPerCycle <= 3 &&
        (BpcSlackWords == 0 || (BpcSlackWords >= 4 && BpcSlackWords <= 64 &&
                                BpcSlackWords % 2 == 0))))
  begin : gen_param_error
    $error("ebpc_decoder: DataWidth 8|16, BlockSize 8|16 <= DataWidth, BpcSlackWords 0 or even 4..64");
  end

  localparam int unsigned Log2N      = $clog2(BlockSize);
  localparam int unsigned SymWidth   = (BlockSize > 5 + Log2N) ? BlockSize : 5 + Log2N;
  localparam int unsigned S          = (PlanesPerCycle != 0) ? PlanesPerCycle :
                                       (BlockSize < DataWidth) ? 3 : 2;
  localparam int unsigned BpcParse   = (S * SymWidth > DataWidth) ? S * SymWidth : DataWidth;
  // BPC buffer without slack: enough word slots that a step needing up to BpcParse bits is fed
  // every cycle, plus (S > 1) one slot of reserve, filled while a parsed block waits for the emit
  // register, which the next block's parse uses when its codes come faster than one word per
  // cycle. With BpcSlackWords > 0 the port runs ahead of the parser into a FIFO in the shared
  // memory primitive, read as pairs: the parser's window spans its own pair and the FIFO's read
  // register (4 words), fed up to two words per cycle.
  localparam bit          BpcFifo    = (BpcSlackWords != 0);
  localparam int unsigned BpcWords   = BpcFifo ? 4 :
                                       ((S > 1) ? 2 : 1) + (BpcParse + DataWidth - 1) / DataWidth;
  localparam int unsigned BpcFillW   = $clog2(BpcWords * DataWidth + 1);
  localparam int unsigned BpcConsW   = $clog2(BpcParse + 1);
  // ZNZ window: one own word and the port's word, 5 bits (the longest flag code).
  localparam int unsigned ZnzFillW   = $clog2(2 * DataWidth + 1);
  localparam int unsigned RemWidth   = $clog2(BlockSize + 1);
  localparam int unsigned BlockBits  = BlockSize * DataWidth;

  localparam logic [3:0] ErrZnzTruncated = 4'd1;
  localparam logic [3:0] ErrBpcTruncated = 4'd2;
  localparam logic [3:0] ErrZnzTrailing  = 4'd3;
  localparam logic [3:0] ErrBpcTrailing  = 4'd4;
  localparam logic [3:0] ErrRunOverflow  = 4'd5;
  localparam logic [3:0] ErrBadCode      = 4'd6;
  localparam logic [3:0] ErrZeroNonzero  = 4'd7;
  localparam logic [3:0] ErrValueRange   = 4'd8;

  typedef enum logic [1:0] {StIdle, StRun, StDrain} state_e;

  state_e                  state_d, state_q;
  logic [CountWidth-1:0]   left_d, left_q;      // words not yet decoded (the next one included)
  logic [3:0]              zrun_d, zrun_q;      // zeros left in the current ZNZ run
  logic                    zopen, bopen;        // ZNZ / BPC words of the transmission left
  logic                    unused_znz_next, unused_bpc_next;  // drain ends on zopen/bopen
  logic                    ben_d, ben_q;        // BPC port open (a non-zero flag was seen)
  logic [BlockBits-1:0]    e_d, e_q;            // emit register: value k at [k*m +: m]
  logic [RemWidth-1:0]     erem_d, erem_q;      // values left in it (n = fresh, 0 = none)
  logic [1:0]              eerr_d, eerr_q;      // its block's error class
  logic                    etail_d, etail_q;    // its block ends in a bad BPC tail
  logic                    used_d, used_q;      // a block was used in this transmission
  logic                    ctail_d, ctail_q;    // bad BPC tail of the last used block
  logic                    o_load;              // a word into the output register
  logic [DataWidth:0]      o_beat;              // {last, data} of that word
  logic [3:0]              ecode_d, ecode_q;

  // ------------------------------------------------------------------------------------------
  // Input buffers.
  // ------------------------------------------------------------------------------------------
  logic                  zb_ready, zb_in_valid, bb_in_valid, data_clear;
  logic                  cmd_fire, ztake, btake, zlast, blast;
  logic [4:0]            zbuf;
  logic [ZnzFillW-1:0]   zfill;
  logic [2:0]            zcons;
  logic                  ztail_ok, btail_ok;
  logic [BpcParse-1:0]   bbuf;
  logic [BpcFillW-1:0]   bfill;
  logic [BpcConsW-1:0]   bcons, broom;

  // Each stream is taken up to the length the descriptor gives, never further: the next
  // transmission's words stay in the port whatever this one's contain. The ZNZ port opens the
  // cycle after the descriptor, the BPC port at the first non-zero flag.
  assign cmd_ready_o = (state_q == StIdle);
  assign cmd_fire    = cmd_valid_i && cmd_ready_o;
  always_comb begin
    unique case (state_q)
      StIdle:  znz_ready_o = 1'b0;
      StRun:   znz_ready_o = zopen && zb_ready;
      default: znz_ready_o = zopen;
    endcase
  end
  logic bpc_in_ready, bpc_in_empty;  // the BPC path before the parser's buffer takes a word; holds none
  assign bpc_ready_o = bopen && ((state_q == StDrain) ||
                                           ((state_q == StRun) && ben_q && bpc_in_ready));
  assign ztake       = znz_valid_i && znz_ready_o;
  assign btake       = bpc_valid_i && bpc_ready_o;
  // The ZNZ window reads the port's word before taking it (`fmc_bit_peek`): only a word of this
  // transmission is offered to it.
  assign zb_in_valid = znz_valid_i && zopen && (state_q == StRun);
  assign bb_in_valid = btake && (state_q == StRun);
  // Every word of a stream is taken or (ZNZ) its `last` word is in the window and taken in this
  // cycle, and (BPC) in the parser's buffer (the stream "ends"): truncation and trailing-data
  // checks.
  assign zlast       = (state_q != StIdle) && (!zopen || (ztake && znz_last_i));
  assign blast       = (state_q != StIdle) && !bopen && bpc_in_empty;

  // Each stream's frame: open from the descriptor (length not 0) to the word flagged `last`.
  fmc_stream_frame #(
    .LengthWidth(LengthWidth)
  ) u_znz_frame (
    .clk_i,
    .rst_ni,
    .clear_i,
    .load_i  (cmd_fire),
    .length_i(cmd_znz_words_i),
    .take_i  (ztake),
    .last_i  (znz_last_i),
    .open_o  (zopen),
    .open_next_o(unused_znz_next)
  );

  fmc_stream_frame #(
    .LengthWidth(LengthWidth)
  ) u_bpc_frame (
    .clk_i,
    .rst_ni,
    .clear_i,
    .load_i  (cmd_fire),
    .length_i(cmd_bpc_words_i),
    .take_i  (btake),
    .last_i  (bpc_last_i),
    .open_o  (bopen),
    .open_next_o(unused_bpc_next)
  );

  fmc_bit_peek #(
    .WordWidth (DataWidth),
    .WinWidth  (5),
    .ConsumeMax(5)
  ) u_znz_buf (
    .clk_i,
    .rst_ni,
    .clear_i   (data_clear),
    .in_valid_i(zb_in_valid),
    .in_ready_o(zb_ready),
    .in_data_i (znz_data_i),
    .consume_i (zcons),
    .win_o     (zbuf),
    .fill_o    (zfill),
    .tail_ok_o (ztail_ok)
  );

  // BPC words into the parser's bit buffer: straight from the port into `fmc_bit_unpacker`, or
  // (BpcSlackWords > 0) through a FIFO in the shared memory primitive, read as pairs (the stream's
  // final word goes alone when it is the first of a pair), whose read register is the second half
  // of the parser's window (`fmc_bit_window`).
  if (BpcFifo) begin : gen_bpc_fifo
    logic                   bb_valid, bb_ready, bb_two, unused_fifo_empty, unused_broom;
    logic [2*DataWidth-1:0] bb_data;
    // The window takes its next pair on the whole consumption, not only the part known from flops.
    assign unused_broom = ^broom;

    fmc_fifo_ram_pair #(
      .Width(DataWidth),
      .Depth(BpcSlackWords / 2)
    ) u_bpc_fifo (
      .clk_i,
      .rst_ni,
      .clear_i    (data_clear),
      .in_valid_i (bb_in_valid),
      .in_ready_o (bpc_in_ready),
      .in_data_i  (bpc_data_i),
      .in_last_i  (bpc_last_i),  // the stream's final word
      .out_valid_o(bb_valid),
      .out_ready_i(bb_ready),
      .out_data_o (bb_data),
      .out_two_o  (bb_two),
      .empty_o    (unused_fifo_empty),
      .mem_empty_o(bpc_in_empty)  // the read register is in the window
    );

    fmc_bit_window #(
      .WordWidth (DataWidth),
      .WinWidth  (BpcParse),
      .ConsumeMax(BpcParse)
    ) u_bpc_buf (
      .clk_i,
      .rst_ni,
      .clear_i   (data_clear),
      .in_valid_i(bb_valid),
      .in_ready_o(bb_ready),
      .in_data_i (bb_data),
      .in_two_i  (bb_two),
      .consume_i (bcons),
      .win_o     (bbuf),
      .fill_o    (bfill),
      .tail_ok_o (btail_ok)
    );
  end else begin : gen_bpc_direct
    assign bpc_in_empty = 1'b1;

    fmc_bit_unpacker #(
      .WordWidth (DataWidth),
      .NumWords  (BpcWords),
      .WinWidth  (BpcParse),
      .ConsumeMax(BpcParse),
      .ReadyAfterConsume(1'b1)
    ) u_bpc_buf (
      .clk_i,
      .rst_ni,
      .clear_i   (data_clear),
      .in_valid_i(bb_in_valid),
      .in_ready_o(bpc_in_ready),
      .in_data_i (bpc_data_i),
      .consume_i (bcons),
      .room_i    (broom),
      .win_o     (bbuf),
      .fill_o    (bfill),
      .skip_i    (BpcConsW'(0)),
      .tail_ok_o (btail_ok)
    );
  end

  // ------------------------------------------------------------------------------------------
  // Block builder (parses the next block while the emit register is emptied).
  // ------------------------------------------------------------------------------------------
  logic                 blk_valid, blk_take, take_sure;
  logic [BlockBits-1:0] blk_values;
  logic [1:0]           blk_err;

  ebpc_decoder_block #(
    .DataWidth     (DataWidth),
    .BlockSize     (BlockSize),
    .PlanesPerCycle(S),
    .WinWidth      (BpcParse),
    .FillWidth     (BpcFillW)
  ) u_block (
    .clk_i,
    .rst_ni,
    .clear_i  (data_clear),
    .buf_i    (bbuf),
    .fill_i   (bfill),
    .last_i   (blast),
    .consume_o(bcons),
    .room_o   (broom),
    .valid_o  (blk_valid),
    .take_i   (blk_take),
    .take_sure_i(take_sure),
    .values_o (blk_values),
    .err_o    (blk_err)
  );

  // The emit register is empty: a finished block is taken for sure (flops only).
  assign take_sure = (erem_q == '0) && (state_q == StRun);

  // The block just parsed ends the BPC stream properly: the stream's final word is in, no full
  // word follows the block, and the padding bits are zero.
  logic bpc_tail_bad;
  assign bpc_tail_bad = !(blast && btail_ok);

  // ------------------------------------------------------------------------------------------
  // Sequencer: one ZNZ flag (or one zero of an open run) per cycle, in word order.
  // ------------------------------------------------------------------------------------------
  logic                  go, nil, can_out, z_top, z_has, emit, is_value, first_use;
  logic                  seq_fail, fail, final_word, e_next, znz_tail_bad, stuff_bad;
  logic                  fin_d, fin_q;        // word N-1 decided, its final checks this cycle
  logic                  fval_d, fval_q;      // word N-1 is the emit register's next value
  logic                  e_used, tx_end;
  logic [3:0]            seq_code, fail_code, z_field;
  logic [3:0]            zrun_seq;
  logic [DataWidth-1:0]  e0;

  // Decoding starts the cycle after the descriptor is taken (its ZNZ word arrives then); err_o,
  // cleared by the descriptor, is low for that cycle at least, so each error is a rising edge.
  assign go         = (state_q == StRun) && !nil && !fin_q;
  // In StRun the count is 0 only when the descriptor gave N = 0 (the final word ends the
  // transmission).
  assign nil        = (left_q == '0);
  assign z_top      = zbuf[4];
  assign z_field    = zbuf[3:0];
  assign z_has      = (zfill != '0) && (z_top || (zfill >= ZnzFillW'(5)));
  // The emit register is read in place: its next value has index n - erem.
  logic [Log2N-1:0]      eidx;
  logic [BlockSize-1:0]  enz;                 // value k of the emit register is not zero
  logic                  e_after;             // a value after the next one is not zero
  assign eidx = Log2N'(RemWidth'(BlockSize) - erem_q);
  always_comb begin
    e0      = '0;
    e_after = 1'b0;
    for (int k = 0; k < BlockSize; k++) begin
      enz[k] = (e_q[k*DataWidth +: DataWidth] != '0);
      if (eidx == Log2N'(k)) e0 = e_q[k*DataWidth +: DataWidth];
      if (32'(k) > 32'(eidx) && enz[k]) e_after = 1'b1;
    end
  end
  // Fewer than 16 words left: a run (at most 16 zeros) can pass the end, and its compare with
  // the count needs only the count's low 4 bits.
  logic       left_small;
  logic [3:0] left_lo;
  assign left_small = (CountWidth <= 4) || ((left_q >> 4) == '0);
  assign left_lo    = 4'(left_q);
  assign final_word = (left_q == CountWidth'(1));
  assign e_used     = (erem_q != '0) && (erem_q != RemWidth'(BlockSize));

  always_comb begin
    emit      = 1'b0;
    is_value  = 1'b0;
    first_use = 1'b0;
    seq_fail = 1'b0;
    seq_code = '0;
    zcons     = '0;
    zrun_seq    = zrun_q;
    if (go && can_out) begin
      if (zrun_q != '0) begin
        emit   = 1'b1;                       // next zero of the open run
        zrun_seq = zrun_q - 1'b1;
      end else if (!z_has) begin
        if (zlast) begin
          seq_fail = 1'b1;
          seq_code = ErrZnzTruncated;
        end
      end else if (z_top) begin              // `1`: the next value of the current block
        if (erem_q != '0) begin
          first_use = (erem_q == RemWidth'(BlockSize));
          if (eerr_q != 2'd0) begin
            seq_fail = 1'b1;
            unique case (eerr_q)
              2'd1:    seq_code = ErrBpcTruncated;
              2'd2:    seq_code = ErrBadCode;
              default: seq_code = ErrValueRange;
            endcase
          end else if (e0 == '0) begin
            seq_fail = 1'b1;
            seq_code = ErrZeroNonzero;
          end else begin
            emit     = 1'b1;
            is_value = 1'b1;
            zcons    = 3'd1;
          end
        end
      end else if (left_small && (left_lo <= z_field)) begin  // `0` + (k-1): run of k zeros
        seq_fail = 1'b1;
        seq_code = ErrRunOverflow;
      end else begin
        emit   = 1'b1;
        zcons  = 3'd5;
        zrun_seq = z_field;
      end
    end
  end

  // Final checks, in the golden order, in the cycle after word N-1 is decided (its flag is
  // consumed, the emit register still points at it): nothing of the ZNZ stream left but the
  // padding, the last used block's values after the final one are 0, the BPC stream ended.
  always_comb begin
    znz_tail_bad = !(zlast && ztail_ok);
    stuff_bad    = fval_q ? e_after : (e_used && (e_after || (e0 != '0)));
  end

  always_comb begin
    state_d  = state_q;
    // Counted down by each emitted word (the count is not read after a failure or once word N-1
    // is decided).
    left_d   = left_q - CountWidth'(emit);
    ben_d    = ben_q;
    e_d      = e_q;
    erem_d   = erem_q;
    eerr_d   = eerr_q;
    etail_d  = etail_q;
    used_d   = used_q;
    ctail_d  = ctail_q;
    o_load   = 1'b0;
    ecode_d  = ecode_q;
    tx_end   = 1'b0;
    e_next   = 1'b0;
    blk_take = 1'b0;
    data_clear = clear_i;
    zrun_d   = zrun_seq;
    fin_d    = fin_q;
    fval_d   = fval_q;
    fail      = seq_fail;
    fail_code = seq_code;

    if (cmd_fire) begin
      ecode_d = '0;
      state_d = StRun;
      left_d  = cmd_num_words_i;
    end
    // Open the BPC port at the first non-zero flag that is really the next word's (not a flag
    // past the end of the transmission seen while a zero run is still being emitted).
    if (go && (zrun_q == '0) && z_has && z_top) ben_d = 1'b1;

    if (fin_q) begin
      if (znz_tail_bad) begin
        fail      = 1'b1;
        fail_code = ErrZnzTrailing;
      end else if (used_q && stuff_bad) begin
        fail      = 1'b1;
        fail_code = ErrZeroNonzero;
      end else if (used_q ? ctail_q : !blast) begin
        // A used block must end the BPC stream; with no block used the stream must be empty.
        fail      = 1'b1;
        fail_code = ErrBpcTrailing;
      end else if (can_out) begin
        o_load = 1'b1;  // word N-1, `last`
        tx_end = 1'b1;
      end
    end
    // N = 0: both streams must be empty (checked the cycle after the descriptor).
    if ((state_q == StRun) && nil && !fin_q) begin
      if (zopen) begin
        fail      = 1'b1;
        fail_code = ErrZnzTrailing;
      end else if (bopen) begin
        fail      = 1'b1;
        fail_code = ErrBpcTrailing;
      end else begin
        tx_end = 1'b1;
      end
    end

    if (fail) begin
      ecode_d    = fail_code;
      state_d    = StDrain;
      data_clear = 1'b1;
      erem_d     = '0;
      zrun_d     = '0;
      ben_d      = 1'b0;
      used_d     = 1'b0;
      fin_d      = 1'b0;
    end else begin
      if (emit) begin
        if (is_value && first_use) begin
          used_d  = 1'b1;
          ctail_d = etail_q;
        end
        if (final_word) begin
          // Word N-1 leaves after the final checks, next cycle; the emit register stays on it.
          fin_d  = 1'b1;
          fval_d = is_value;
        end else begin
          o_load = 1'b1;
          e_next = is_value;
        end
      end
      // Emit register: a value taken moves the index on; refilled by the block builder when
      // every value has been taken.
      if (e_next) erem_d = erem_q - 1'b1;
      if (blk_valid && (erem_d == '0) && (state_q == StRun)) begin
        blk_take = 1'b1;
        e_d      = blk_values;
        erem_d   = RemWidth'(BlockSize);
        eerr_d   = blk_err;
        etail_d  = bpc_tail_bad;
      end
    end

    // Drain after an error: each stream up to its final word.
    if ((state_q == StDrain) && !zopen && !bopen) tx_end = 1'b1;

    // End of a transmission (done or drained) and synchronous clear: back to idle.
    if (tx_end || clear_i) begin
      state_d  = StIdle;
      ben_d    = 1'b0;
      erem_d   = '0;
      zrun_d   = '0;
      used_d   = 1'b0;
      fin_d    = 1'b0;
    end
    if (tx_end) begin
      data_clear = 1'b1;
      blk_take   = 1'b0;
    end
    if (clear_i) begin
      ecode_d  = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      zrun_q   <= '0;
      ben_q    <= 1'b0;
      erem_q   <= '0;
      used_q   <= 1'b0;
      fin_q    <= 1'b0;
      ecode_q  <= '0;
    end else begin
      state_q  <= state_d;
      zrun_q   <= zrun_d;
      ben_q    <= ben_d;
      erem_q   <= erem_d;
      used_q   <= used_d;
      fin_q    <= fin_d;
      ecode_q  <= ecode_d;
    end
  end

  // Data path: no reset (each field is written before it is read). The word count is loaded
  // with the descriptor and read only outside StIdle.
  always_ff @(posedge clk_i) begin
    left_q  <= left_d;
    e_q     <= e_d;
    eerr_q  <= eerr_d;
    etail_q <= etail_d;
    ctail_q <= ctail_d;
    fval_q  <= fval_d;
  end

  // Output register: a word enters only when it is free or its word leaves (can_out), so the
  // sequencer never waits on it for more than the output's own back-pressure.
  assign o_beat = {fin_q, (is_value || (fin_q && fval_q)) ? e0 : '0};

  fmc_stream_reg #(
    .Width(DataWidth + 1)
  ) u_out_reg (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (o_load),
    .in_ready_o (can_out),
    .in_data_i  (o_beat),
    .out_valid_o,
    .out_ready_i,
    .out_data_o ({out_last_o, out_data_o})
  );

  // The error codes are not 0: the flag is the code's OR (both flops).
  assign err_o       = (ecode_q != '0);
  assign err_code_o  = ecode_q;
  assign idle_o      = (state_q == StIdle) && !out_valid_o;

`ifndef SYNTHESIS
  // Outputs hold valid and data until taken; the environment does the same on the inputs.
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_out_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(out_valid_o),
    .ready_i(out_ready_i),
    .data_i ({out_last_o, out_data_o})
  );
  fmc_stream_assert #(
    .Width (CountWidth + 2 * LengthWidth),
    .Assume(1'b1)
  ) u_cmd_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(cmd_valid_i),
    .ready_i(cmd_ready_o),
    .data_i ({cmd_num_words_i, cmd_znz_words_i, cmd_bpc_words_i})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_znz_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(znz_valid_i),
    .ready_i(znz_ready_o),
    .data_i ({znz_last_i, znz_data_i})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_bpc_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(bpc_valid_i),
    .ready_i(bpc_ready_o),
    .data_i ({bpc_last_i, bpc_data_i})
  );
  ErrStable: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      err_o && !cmd_fire |=> err_o && $stable(err_code_o));
  // Internal: the emit register is refilled only when empty; no value is taken from nothing.
  NoEmitFromEmpty: assert property (@(posedge clk_i) disable iff (!rst_ni)
      is_value |-> erem_q != '0);
`endif

endmodule
