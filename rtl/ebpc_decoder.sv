// SPDX-License-Identifier: Apache-2.0
//
/// EBPC decoder (Extended Bit-Plane Compression, Cavigelli et al. 2019), bit-exact with the
/// authors' open-RTL stream format (docs/ebpc-format.md) and with the golden `fmc::EbpcDecoder`,
/// including its error classes.
///
/// Protocol. A transmission starts with one `count` beat carrying N-1 (N >= 1 words). The decoder
/// then consumes that transmission's ZNZ words up to and including the one with `znz_last_i`, and
/// its BPC words up to the one with `bpc_last_i`. When every word is zero the BPC stream is empty:
/// the BPC port is then never made ready, so the next transmission's BPC words stay untouched
/// (the BPC port opens at the transmission's first non-zero flag). Exactly N words leave on `out`,
/// `out_last_o` on word N-1; then the next count beat is taken. Transmissions may follow each
/// other back to back. ZNZ words of the next transmission may be taken (buffered) before its
/// count beat; BPC words never are.
///
/// Errors (golden classes, same conditions, first one in decode order wins; `err_code_o` values
/// are fmc::EbpcError, docs/ebpc-format.md §7): 1 ZnzTruncated (ZNZ `last` seen, next flag
/// incomplete), 2 BpcTruncated (BPC `last` seen, a needed block incomplete), 3 ZnzTrailing /
/// 4 BpcTrailing (the word holding the stream's final used bit has no `last`, or its padding bits
/// are not 0), 5 RunOverflow (zero run past N), 6 BadCode (zero run past the block's m+1 planes,
/// position out of range, `00001` at plane 0 or after a zero plane), 7 ZeroNonzero (a non-zero
/// flag decodes to 0, or stuffing of the last block is not 0), 8 ValueRange (a rebuilt value does
/// not fit in m bits). A block's errors
/// count at its first use (as in the golden decoder). After an error: `err_o`/`err_code_o` are set
/// (sticky until `clear_i` or the next accepted count beat; `err_o` then stays low for at least one
/// cycle, so each error is a rising edge), nothing more is emitted (no word of a failing block,
/// no `out_last_o`), the ZNZ stream is drained up to its `last` (if not yet seen) and the BPC
/// stream too if at least one of its words was taken (that is: if decoding reached a non-zero
/// flag before the error), then the next count beat is awaited. The decoder only ever waits for
/// input; it never stops on its own.
///
/// Limits (nothing in the streams delimits a transmission, so two golden errors cannot be seen
/// here): a transmission whose flags are all zero never opens the BPC port, so a non-empty BPC
/// stream sent with it (golden: BpcTrailing) stays in the port and is taken as the next
/// transmission's; and a transmission that has a non-zero flag but an empty BPC stream (golden:
/// BpcTruncated) waits for BPC words and takes the next transmission's. Errors after the BPC
/// port was opened but before any BPC word was taken leave that stream's words in the port.
///
/// Throughput: one output word per cycle and one word per cycle on each input. A transmission of
/// N words coded into Z ZNZ and B BPC words takes max(N, Z, B) cycles plus a start-up latency.
/// Measured (3000-word transmissions, all ports always valid/ready, cycles counted from the first
/// output word) at 8/8, 16/8 and 16/16 on dense, 50/90/99 % sparse, all-zero, ReLU-like, smooth,
/// extreme, zero-run-heavy and long-run data: >= 98.9 % of the bound. Blocks are double-buffered:
/// `ebpc_decoder_block` parses block j+1 (one cycle for the base, then S = PlanesPerCycle
/// bit-planes per cycle, rebuilding the values bit-serially) while block j leaves the emit
/// register, so a block is ready within n cycles whenever its bits are. The count beat is taken in
/// the cycle the transmission's first word is decided: no idle cycle between transmissions on the
/// ZNZ side; but the BPC port opens only at the transmission's first non-zero flag, so each
/// transmission with non-zero words pays the fill time of its first block once (about 3 + max(1 +
/// ceil((m+1)/S), block bits / m) cycles; 500-word transmissions back to back: 96-99 % of the
/// bound). The bound averages the BPC stream over the transmission, but real feature maps
/// alternate stretches of blocks that code into more than n words (the BPC port is the
/// bottleneck) with compressible ones (the output is): the BPC buffer has BpcSlackWords extra
/// word slots, so the port keeps taking words ahead while the output is the bottleneck, and the
/// parser uses them up in the next BPC-bound stretch. Measured with `fmc_cosim fmaps` (worst
/// tensor / tensors below 0.98 of the bound; 156 real int8 tensors at 8/8, 52 int16 at 16/16):
/// 8/8 slack 0: 0.958 / 27, 2: 0.976 / 4, 4: 0.979 / 2, 6 (default): 0.981 / 0, 8: 0.982 / 0;
/// 16/16 slack 0: 0.987 / 0, 2: 0.991 / 0, 6: 0.994 / 0. No input buffering helps a BPC-bound
/// stretch followed by an output-bound one (the output cannot run ahead of the BPC port): that is
/// most of the remaining 1-2 %.
///
/// Latency: a word leaves (out register) 1 cycle after its flag reaches the top of the ZNZ
/// buffer, 2 cycles after its ZNZ word was taken. First output 3 cycles after the count and ZNZ
/// beats when it is zero; about 16 (8/8, 16/8) to 24 (16/16) cycles on dense data.
///
/// Timing: `out_*`, `err_*`, `idle_o` are driven by flops. `count_ready_o` and `znz_ready_o` are
/// functions of flops only (state, ZNZ fill). `bpc_ready_o` depends on no input either, but on a
/// longer flop-to-output path: it counts the bits the BPC parser uses in the same cycle as free
/// room (BPC buffer flops -> S chained code decoders -> compare). No ready depends on
/// `out_ready_i`. Internal combinational paths: out_ready_i / count_valid_i / count_data_i -> flag
/// sequencer -> next state (emit register, ZNZ read pointer, output register); BPC buffer window
/// -> S code decoders -> S ripples of n-1 full adders -> block register. The BPC slack slots
/// lengthen the buffer window rotator and the fill compare: logic depth (synth_area.py proxy)
/// 44 -> 52 cells at 8/8 with 6 slack words.
///
/// Parameters: DataWidth m in {8, 16}, BlockSize n in {8, 16}, n <= m, CountWidth >= 1,
/// PlanesPerCycle S in {0 = auto, 1, 2, 3}. Auto is 2 for n = m and 3 for 16/8: the smallest S
/// that parses a block (1 + ceil((m+1)/S) cycles) in fewer than n cycles. S = 1 is the small
/// variant: 1 + (m+1) cycles per block, i.e. n/(m+2) words per cycle (0.80 at 8/8) on dense data
/// whose blocks code into fewer than m+2 words (smooth, extreme values); dense random and sparse
/// data still run at the bound. BpcSlackWords >= 0 (default 6): extra BPC buffer slots, about
/// 118 GE and 9 FFs per word at 8/8 (see Throughput for what they buy). Area (synth/synth_area.py
/// flow, NAND2 = 1 GE, flattened): 8/8 4488 GE (337 FFs) with the defaults, 3778 (284 FFs) with
/// BpcSlackWords = 0, 3016 (266 FFs) with S = 1 and BpcSlackWords = 0 (synth/configs.json
/// w8_b8, w8_b8_noslack, w8_b8_area); 16/8 7708 (574 FFs) by default, 6775 with 2 slack words,
/// 6394 with none; 16/16 10215 (848 FFs), 9220 with 2, 8874 with none. With S = 1 and no slack
/// (8/8 w8_b8_area) the worst real int8 tensor runs at 0.81 of the bound (146 of 156 below 0.98).
///
/// Example (m = n = 8, count 31, i.e. N = 32): ZNZ 0x16 0x0f 0x78 0x70 0x40 (last) and BPC 0x16
/// 0x13 0xa7 0x00 0x51 0xc2 0x41 0xc6 0x02 0x8c 0x16 (last) give 0 0 0 22 26 0 28 32 35 8,
/// eighteen 0, 10 12 0 7 (last).
module ebpc_decoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth      = 8,
  /// n: block size in words, 8 or 16, at most DataWidth.
  parameter int unsigned BlockSize      = 8,
  /// Width of the count beat (N-1).
  parameter int unsigned CountWidth     = 24,
  /// BPC bit-planes parsed per cycle: 0 = auto (full throughput), else 1..3.
  parameter int unsigned PlanesPerCycle = 0,
  /// Extra BPC input buffer words (m bits each): taken ahead while the output is the
  /// bottleneck, used up when a stretch of blocks codes into more than n words (see Throughput).
  parameter int unsigned BpcSlackWords  = 6
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  /// Synchronous clear: aborts everything, back to idle, clears the error.
  input  logic                  clear_i,
  // Word count of the next transmission, N-1.
  input  logic                  count_valid_i,
  output logic                  count_ready_o,
  input  logic [CountWidth-1:0] count_data_i,
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
        BlockSize <= DataWidth && CountWidth >= 1 && PlanesPerCycle <= 3)) begin : gen_param_error
    $error("ebpc_decoder: DataWidth must be 8 or 16, BlockSize 8 or 16, BlockSize <= DataWidth");
  end

  localparam int unsigned Log2N      = $clog2(BlockSize);
  localparam int unsigned SymWidth   = (BlockSize > 5 + Log2N) ? BlockSize : 5 + Log2N;
  localparam int unsigned S          = (PlanesPerCycle != 0) ? PlanesPerCycle :
                                       (BlockSize < DataWidth) ? 3 : 2;
  localparam int unsigned BpcParse   = (S * SymWidth > DataWidth) ? S * SymWidth : DataWidth;
  // BPC buffer: enough word slots that a step needing up to BpcParse bits is fed every cycle,
  // plus (S > 1) one slot of reserve, filled while a parsed block waits for the emit register,
  // which the next block's parse uses when its codes come faster than one word per cycle.
  // BpcSlackWords more slots let the port run ahead of the parser.
  localparam int unsigned BpcWords   = ((S > 1) ? 2 : 1) + (BpcParse + DataWidth - 1) / DataWidth +
                                       BpcSlackWords;
  localparam int unsigned BpcFillW   = $clog2(BpcWords * DataWidth + 1);
  localparam int unsigned BpcConsW   = $clog2(BpcParse + 1);
  // ZNZ buffer: 2 word slots, 5-bit window (the longest flag code).
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
  logic [CountWidth-1:0]   left_d, left_q;      // words after the next one
  logic [3:0]              zrun_d, zrun_q;      // zeros left in the current ZNZ run
  logic                    zlast_d, zlast_q;    // ZNZ `last` taken
  logic                    blast_d, blast_q;    // BPC `last` taken
  logic                    bstart_d, bstart_q;  // a BPC word taken
  logic                    ben_d, ben_q;        // BPC port open (a non-zero flag was seen)
  logic [BlockBits-1:0]    e_d, e_q;            // emit register: value 0 at the bottom
  logic [RemWidth-1:0]     erem_d, erem_q;      // values left in it (n = fresh, 0 = none)
  logic [1:0]              eerr_d, eerr_q;      // its block's error class
  logic                    etail_d, etail_q;    // its block ends in a bad BPC tail
  logic                    used_d, used_q;      // a block was used in this transmission
  logic                    ctail_d, ctail_q;    // bad BPC tail of the last used block
  logic                    ovalid_d, ovalid_q, olast_d, olast_q;
  logic [DataWidth-1:0]    odata_d, odata_q;
  logic                    err_d, err_q;
  logic [3:0]              ecode_d, ecode_q;

  // ------------------------------------------------------------------------------------------
  // Input buffers.
  // ------------------------------------------------------------------------------------------
  logic                  zb_ready, bb_ready, zb_in_valid, bb_in_valid, data_clear;
  logic [4:0]            zbuf;
  logic [ZnzFillW-1:0]   zfill;
  logic [2:0]            zcons;
  logic                  ztail_ok, btail_ok;
  logic [BpcParse-1:0]   bbuf;
  logic [BpcFillW-1:0]   bfill;
  logic [BpcConsW-1:0]   bcons, broom, bskip;
  assign bskip = '0;  // the BPC tail is checked on the registered state

  assign count_ready_o = (state_q == StIdle);
  assign znz_ready_o   = !zlast_q && ((state_q == StDrain) || zb_ready);
  assign bpc_ready_o   = !blast_q && ((state_q == StDrain) ? bstart_q :
                                      ((state_q == StRun) && ben_q && bb_ready));
  assign zb_in_valid   = znz_valid_i && !zlast_q && (state_q != StDrain);
  assign bb_in_valid   = bpc_valid_i && bpc_ready_o && (state_q == StRun);

  ebpc_decoder_bitbuf #(
    .WordWidth (DataWidth),
    .NumWords  (2),
    .WinWidth  (5),
    .ConsumeMax(5),
    .ReadyAfterConsume(1'b0)
  ) u_znz_buf (
    .clk_i,
    .rst_ni,
    .clear_i   (data_clear),
    .in_valid_i(zb_in_valid),
    .in_ready_o(zb_ready),
    .in_data_i (znz_data_i),
    .consume_i (zcons),
    .room_i    (3'd0),
    .win_o     (zbuf),
    .fill_o    (zfill),
    .skip_i    (zcons),
    .tail_ok_o (ztail_ok)
  );

  ebpc_decoder_bitbuf #(
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
    .in_ready_o(bb_ready),
    .in_data_i (bpc_data_i),
    .consume_i (bcons),
    .room_i    (broom),
    .win_o     (bbuf),
    .fill_o    (bfill),
    .skip_i    (bskip),
    .tail_ok_o (btail_ok)
  );

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
    .last_i   (blast_q),
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
  assign bpc_tail_bad = !(blast_q && btail_ok);

  // ------------------------------------------------------------------------------------------
  // Sequencer: one ZNZ flag (or one zero of an open run) per cycle, in word order.
  // ------------------------------------------------------------------------------------------
  logic                  count_fire, go, can_out, z_top, z_has, emit, is_value, first_use;
  logic                  seq_fail, fail, final_word, e_shift, used_now, tail_now, znz_tail_bad, stuff_bad;
  logic                  e_used, tx_end;
  logic [3:0]            seq_code, fail_code, z_field;
  logic [3:0]            zrun_seq;
  logic [CountWidth-1:0] left;
  logic [DataWidth-1:0]  e0;

  assign count_fire = count_valid_i && count_ready_o;
  // The count beat starts decoding in the cycle it is taken, except after an error: then err_o
  // first drops for one cycle, so that every error is a rising edge of err_o.
  assign go         = (state_q == StRun) || (count_fire && !err_q);
  assign left       = (state_q == StRun) ? left_q : count_data_i;
  assign can_out    = !ovalid_q || out_ready_i;
  assign z_top      = zbuf[4];
  assign z_field    = zbuf[3:0];
  assign z_has      = (zfill != '0) && (z_top || (zfill >= ZnzFillW'(5)));
  assign e0         = e_q[DataWidth-1:0];
  assign final_word = (left == '0);
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
        if (zlast_q) begin
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
      end else if (32'(z_field) > 32'(left)) begin  // `0` + (k-1): run of k zeros
        seq_fail = 1'b1;
        seq_code = ErrRunOverflow;
      end else begin
        emit   = 1'b1;
        zcons  = 3'd5;
        zrun_seq = z_field;
      end
    end
  end

  // Final checks, in the golden order, on the word N-1 (state after its flag is consumed).
  always_comb begin
    znz_tail_bad = !(zlast_q && ztail_ok);
    used_now     = used_q || first_use;
    tail_now     = first_use ? etail_q : ctail_q;
    stuff_bad    = is_value ? (e_q[BlockBits-1:DataWidth] != '0) : (e_used && (e_q != '0));
  end

  always_comb begin
    state_d  = state_q;
    left_d   = left;
    zlast_d  = zlast_q;
    blast_d  = blast_q;
    bstart_d = bstart_q;
    ben_d    = ben_q;
    e_d      = e_q;
    erem_d   = erem_q;
    eerr_d   = eerr_q;
    etail_d  = etail_q;
    used_d   = used_q;
    ctail_d  = ctail_q;
    ovalid_d = ovalid_q;
    olast_d  = olast_q;
    odata_d  = odata_q;
    err_d    = err_q;
    ecode_d  = ecode_q;
    tx_end   = 1'b0;
    e_shift  = 1'b0;
    blk_take = 1'b0;
    data_clear = clear_i;
    zrun_d   = zrun_seq;
    fail      = seq_fail;
    fail_code = seq_code;

    if (count_fire) begin
      err_d   = 1'b0;
      ecode_d = '0;
      state_d = StRun;
    end
    if (znz_valid_i && znz_ready_o && znz_last_i) zlast_d = 1'b1;
    if (bpc_valid_i && bpc_ready_o) begin
      bstart_d = 1'b1;
      if (bpc_last_i) blast_d = 1'b1;
    end
    // Open the BPC port at the first non-zero flag that is really the next word's (not a flag
    // past the end of the transmission seen while a zero run is still being emitted).
    if (go && (zrun_q == '0) && z_has && z_top) ben_d = 1'b1;

    // Output register.
    if (can_out) begin
      ovalid_d = 1'b0;
      olast_d  = 1'b0;
    end

    if (emit && final_word) begin
      if (znz_tail_bad) begin
        fail      = 1'b1;
        fail_code = ErrZnzTrailing;
      end else if (used_now && stuff_bad) begin
        fail      = 1'b1;
        fail_code = ErrZeroNonzero;
      end else if (used_now && tail_now) begin
        fail      = 1'b1;
        fail_code = ErrBpcTrailing;
      end
    end

    if (fail) begin
      err_d      = 1'b1;
      ecode_d    = fail_code;
      state_d    = StDrain;
      data_clear = 1'b1;
      erem_d     = '0;
      zrun_d     = '0;
      ben_d      = 1'b0;
      used_d     = 1'b0;
    end else begin
      if (emit) begin
        ovalid_d = 1'b1;
        odata_d  = is_value ? e0 : '0;
        olast_d  = final_word;
        left_d   = left - 1'b1;
        if (is_value) begin
          e_shift = 1'b1;
          if (first_use) begin
            used_d  = 1'b1;
            ctail_d = etail_q;
          end
        end
        if (final_word) tx_end = 1'b1;
      end
      // Emit register: shift out the value taken, refill from the block builder when empty.
      if (e_shift) begin
        e_d    = e_q >> DataWidth;
        erem_d = erem_q - 1'b1;
      end
      if (blk_valid && (erem_d == '0) && (state_q == StRun)) begin
        blk_take = 1'b1;
        e_d      = blk_values;
        erem_d   = RemWidth'(BlockSize);
        eerr_d   = blk_err;
        etail_d  = bpc_tail_bad;
      end
    end

    // Drain after an error: each stream up to its `last`.
    if (state_q == StDrain && zlast_q && (!bstart_q || blast_q)) tx_end = 1'b1;

    // End of a transmission (done or drained) and synchronous clear: back to idle.
    if (tx_end || clear_i) begin
      state_d  = StIdle;
      zlast_d  = 1'b0;
      blast_d  = 1'b0;
      bstart_d = 1'b0;
      ben_d    = 1'b0;
      erem_d   = '0;
      zrun_d   = '0;
      used_d   = 1'b0;
    end
    if (tx_end) begin
      data_clear = 1'b1;
      blk_take   = 1'b0;
    end
    if (clear_i) begin
      ovalid_d = 1'b0;
      err_d    = 1'b0;
      ecode_d  = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      zrun_q   <= '0;
      zlast_q  <= 1'b0;
      blast_q  <= 1'b0;
      bstart_q <= 1'b0;
      ben_q    <= 1'b0;
      erem_q   <= '0;
      used_q   <= 1'b0;
      ovalid_q <= 1'b0;
      err_q    <= 1'b0;
      ecode_q  <= '0;
    end else begin
      state_q  <= state_d;
      zrun_q   <= zrun_d;
      zlast_q  <= zlast_d;
      blast_q  <= blast_d;
      bstart_q <= bstart_d;
      ben_q    <= ben_d;
      erem_q   <= erem_d;
      used_q   <= used_d;
      ovalid_q <= ovalid_d;
      err_q    <= err_d;
      ecode_q  <= ecode_d;
    end
  end

  // Data path: no reset (each field is written before it is read).
  always_ff @(posedge clk_i) begin
    left_q  <= left_d;
    e_q     <= e_d;
    eerr_q  <= eerr_d;
    etail_q <= etail_d;
    ctail_q <= ctail_d;
    odata_q <= odata_d;
    olast_q <= olast_d;
  end

  assign out_valid_o = ovalid_q;
  assign out_data_o  = odata_q;
  assign out_last_o  = olast_q;
  assign err_o       = err_q;
  assign err_code_o  = ecode_q;
  assign idle_o      = (state_q == StIdle) && !ovalid_q;

`ifndef SYNTHESIS
  // Outputs hold valid and data until taken.
  OutValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o) && $stable(out_last_o));
  // The environment does the same on the inputs.
  CountValidHeld: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      count_valid_i && !count_ready_o |=> count_valid_i && $stable(count_data_i));
  ZnzValidHeld: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      znz_valid_i && !znz_ready_o |=> znz_valid_i && $stable(znz_data_i) && $stable(znz_last_i));
  BpcValidHeld: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      bpc_valid_i && !bpc_ready_o |=> bpc_valid_i && $stable(bpc_data_i) && $stable(bpc_last_i));
  // Internal: the emit register is refilled only when empty; no value is taken from nothing.
  NoEmitFromEmpty: assert property (@(posedge clk_i) disable iff (!rst_ni)
      is_value |-> erem_q != '0);
`endif

endmodule
