// SPDX-License-Identifier: Apache-2.0
//
/// MCRC decoder (magnitude-class range coder, docs/mcrc-format.md; § refer to it) with
/// descriptor-delimited input streams. Output words equal the golden
/// `fmc::mcrc_codec().decoder()`'s `decoded()` prefix, and the error code equals the golden
/// whole-buffer `fmc::mcrc_decode` (first error in the order of §6).
///
/// Protocol. A transmission starts with one descriptor beat on `cmd`: N (`cmd_num_words_i`) and
/// the lengths in words of its two input streams, La (`cmd_ac_words_i`) and Lr
/// (`cmd_raw_words_i`). The decoder consumes exactly La ac words and Lr raw words for that
/// transmission, never more, never fewer, and only then takes the next descriptor (once the
/// context table is back in its initial state: see Structure). A stream
/// "ends" when its word flagged `last` (`ac_last_i` on word La-1, `raw_last_i` on word Lr-1) is
/// taken; of the lengths the logic uses only whether they are 0 (`fmc_stream_frame` per stream,
/// whose simulation-only assumption LastAtLength flags a `last` not on word L-1: §7.1 of
/// docs/integration.md). On success exactly N words leave on `out`, `out_last_o` on word N-1, in
/// raster order of planes of H x W (`cfg_plane_h_i` x `cfg_plane_w_i`). N = 0: nothing is
/// output; La must be 0 (else AcTrailing), then Lr (else RawTrailing).
///
/// Fault contract (`err_code_o` = fmc::McrcError, the first error in the order of §6.1/§6.2):
///   1 AcTruncated, 2 RawTruncated (a bit needed and all La / Lr words used), 3 AcStart (first 13
///   ac bits all ones), 7 ResidualRange (U = 0: a residual outside the m-bit range), 4 AcCheck (the
///   offset V is not 0 after the last value), 5 AcTrailing / 6 RawTrailing (padding bits not 0,
///   or words beyond the one holding the stream's last bit).
/// After an error: `err_o` = 1 and `err_code_o` hold (sticky until the next descriptor is
/// accepted, or `clear_i`); nothing more is emitted for the transmission; the rest of both streams
/// up to its `last` word is taken and dropped; then the next descriptor is decoded normally. Word N-1 is
/// withheld until the end checks pass and then leaves with `out_last_o`. The decoder waits only
/// for input words and output ready: it cannot hang on any stream content.
///
/// Structure: one value per cycle. The ac bits go through a bit unpacker (9-bit window: a value
/// needs at most 9 renormalization bits), the raw bits through another (m-bit window). The first
/// 13 bits of V enter in two steps: 9 bits in a cycle of their own after the descriptor, 4 with
/// value 0. Per value: the pending renormalization bits of the previous value enter the offset V;
/// the symbol is the number of bounds u(i) <= V (§4.5), found without a multiplier per bound:
/// u(i) <= V  <=>  e[i] <= floor((V - (rng mod 512)) / q_R), one small division (4-bit divisor,
/// q_R >= 8 since rng >= 2^12) and m comparisons; the bounds of the symbol found (two 4 x 9-bit
/// products) give the new range and its renormalization shift; the raw bits give the
/// magnitude; the predictor (§3.2; the plane mean E and the row above) gives the value. Contexts
/// as in the encoder: a table in `fmc_ram_1r1w` (2m + 1 entries), read once per value, at the edge
/// that decodes the previous value, with the address from its class and the class above the next
/// position (a class line buffer read one position ahead). That edge also writes the previous
/// value's adapted state; the read returns the word before the write (read-first), which is what
/// §4.2 prescribes, so no forwarding register is needed. Instead of a flag per context, the
/// table is swept back to the initial state (§4.1) after every transmission that decoded a value
/// (and after reset or `clear_i`): one context per cycle, while the end checks or the drain go
/// on. The ac bits a value's renormalization needs enter V as soon as they are buffered, whether
/// or not the value decodes in that cycle, so the ac unpacker counts them as room and the ac
/// port's ready depends on flops only. The quantized values of the row above come from a second
/// line buffer.
///
/// Throughput: one output word per cycle while the input words it needs are available; N words
/// take max(N, La, Lr) cycles plus about 6 cycles per transmission (descriptor, the first 9 bits
/// of V, end checks). Between two transmissions that decoded values the next descriptor waits
/// for the table's sweep: 2m + 1 cycles from the last value (or the error), the end checks
/// included.
///
/// Timing: the decode loop closes in one cycle: V (with the pending bits) -> division -> m
/// comparisons -> the symbol's two products -> new range and its leading zeros -> the context of
/// the next value -> the table's read address. It is the longest register-to-register path of the
/// MCRC cores (the logic depth column of `make synth-area`); a clock target that it misses needs a
/// decoder that decodes a value every second cycle or splits the loop, which this core does not do.
///
/// Parameters: DataWidth m in {8, 16}, MaxPlaneWidth a power of two in 2..4096, DimWidth in
/// 1..16, CountWidth (N) >= 1, LengthWidth (La, Lr) >= 1 (checked at elaboration); SignedMode and
/// NearLossless (1 = the mode is built) must match the encoder's for the U and s in use.
///
/// Example (§7.1: m = 8, U = 1, s = 0, W = 4, H = 1): descriptor N = 4, La = 4, Lr = 1; ac
/// 0x0f 0xa2 0xa0 0x00, raw 0x40 give 0 5 0 1 (last). With ac 0x0f 0xa2 0xa0 0x20: outputs 0 5 0,
/// err_code_o = 4 (AcCheck).
module mcrc_decoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth     = 8,
  /// Largest plane width W accepted (a power of two, 2..4096): the line buffers' depth.
  parameter int unsigned MaxPlaneWidth = 128,
  /// Width of the shape inputs, 1..16.
  parameter int unsigned DimWidth      = 16,
  /// Width of the descriptor's N.
  parameter int unsigned CountWidth    = 24,
  /// Width of the descriptor's stream lengths La, Lr.
  parameter int unsigned LengthWidth   = 25,
  /// 1: both modes U = 0 and U = 1. 0: U = 1 only (as the encoder's SignedMode = 0): no predictor
  /// and no value line buffer; `cfg_unsigned_i` is then not read and must be 1 (a simulation
  /// assertion checks it).
  parameter int unsigned SignedMode    = 1,
  /// 1: quantization shifts s = 0..7. 0: s = 0 only; `cfg_near_i` is then not read and must be 0
  /// (a simulation assertion checks it).
  parameter int unsigned NearLossless  = 1
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  /// Synchronous clear: aborts everything, back to idle, clears the error.
  input  logic                   clear_i,
  /// W: cells per row of a plane (1..MaxPlaneWidth), quasi-static.
  input  logic [DimWidth-1:0]    cfg_plane_w_i,
  /// H: rows per plane (>= 1), quasi-static.
  input  logic [DimWidth-1:0]    cfg_plane_h_i,
  /// U: the encoder's mode, quasi-static.
  input  logic                   cfg_unsigned_i,
  /// s: the encoder's quantization shift (`near`), 0..7, quasi-static.
  input  logic [2:0]             cfg_near_i,
  // Descriptor of the next transmission: N and the word counts of its two streams.
  input  logic                   cmd_valid_i,
  output logic                   cmd_ready_o,
  input  logic [CountWidth-1:0]  cmd_num_words_i,
  input  logic [LengthWidth-1:0] cmd_ac_words_i,
  input  logic [LengthWidth-1:0] cmd_raw_words_i,
  // Range coder stream (La words).
  input  logic                   ac_valid_i,
  output logic                   ac_ready_o,
  input  logic [DataWidth-1:0]   ac_data_i,
  input  logic                   ac_last_i,
  // Raw bit stream (Lr words).
  input  logic                   raw_valid_i,
  output logic                   raw_ready_o,
  input  logic [DataWidth-1:0]   raw_data_i,
  input  logic                   raw_last_i,
  // Decoded words, `out_last_o` on word N-1 of a transmission without error.
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [DataWidth-1:0]   out_data_o,
  output logic                   out_last_o,
  /// Sticky error flag and its fmc::McrcError value (0 = none).
  output logic                   err_o,
  output logic [3:0]             err_code_o,
  /// No transmission in progress and no output word pending.
  output logic                   idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && MaxPlaneWidth >= 2 && MaxPlaneWidth <= 4096 &&
        (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 && DimWidth >= 1 && DimWidth <= 16 &&
        CountWidth >= 1 && LengthWidth >= 1 &&
        SignedMode <= 1 && NearLossless <= 1)) begin : gen_param_error
    $error("mcrc_decoder: DataWidth 8 or 16, MaxPlaneWidth a power of two in 2..4096, DimWidth 1..16, CountWidth and LengthWidth >= 1, SignedMode and NearLossless 0 or 1");
  end

  localparam bit HasSigned = (SignedMode != 0);  // U = 0 built
  localparam bit HasNear   = (NearLossless != 0);  // s > 0 built

  localparam int unsigned M      = DataWidth;
  localparam int unsigned Lanes  = M;
  localparam int unsigned SymW   = $clog2(M + 1);
  localparam int unsigned Ctxs   = 2 * M + 1;
  localparam int unsigned CtxW   = $clog2(Ctxs);
  localparam int unsigned P      = 9;   // §4: probability precision
  localparam int unsigned RW     = 13;  // §4: range width R
  localparam int unsigned EntryW = P * Lanes;
  localparam int unsigned XW     = (MaxPlaneWidth > 1) ? $clog2(MaxPlaneWidth) : 1;
  localparam int unsigned EW     = M + 5;  // plane mean E (4 fraction bits)
  localparam int unsigned AcFillW  = $clog2(2 * M + 1);  // ac buffer: 2 words
  localparam int unsigned RawFillW = $clog2(3 * M + 1);
  localparam int unsigned RawConsW = $clog2(M + 1);
  localparam int unsigned AfW1     = AcFillW + 1;
  localparam int unsigned RfW1     = RawFillW + 1;
  localparam int unsigned SymW1    = SymW + 1;
  localparam int unsigned Mp1      = M + 1;

  localparam logic [3:0] ErrAcTruncated   = 4'd1;
  localparam logic [3:0] ErrRawTruncated  = 4'd2;
  localparam logic [3:0] ErrAcStart       = 4'd3;
  localparam logic [3:0] ErrAcCheck       = 4'd4;
  localparam logic [3:0] ErrAcTrailing    = 4'd5;
  localparam logic [3:0] ErrRawTrailing   = 4'd6;
  localparam logic [3:0] ErrResidualRange = 4'd7;

  // The initial state of a context (§4.1), stored as e[i] = f[i] + i (as in the encoder).
  logic [EntryW-1:0] init_entry;
  for (genvar i = 1; i <= Lanes; i++) begin : gen_init
    assign init_entry[P*(i-1) +: P] = P'(((1 << P) - (M + 1)) * i / (M + 1) + i);
  end

  // The modes this configuration has (SignedMode, NearLossless): U and s as the logic reads them.
  logic       u_mode;
  logic [2:0] near;
  assign u_mode = !HasSigned || cfg_unsigned_i;
  assign near   = HasNear ? cfg_near_i : 3'd0;

  // StRun decodes values; StEnd does the end checks and releases word N-1; StDrain takes and
  // drops what is left of both streams after an error.
  typedef enum logic [1:0] {StIdle, StRun, StEnd, StDrain} state_e;

  state_e                 state_d, state_q;
  logic [CountWidth-1:0]  wleft_d, wleft_q;    // values still to decode
  logic                   aopen, ropen;        // ac / raw words of the transmission left
  logic                   aopen_next, ropen_next;  // the same after this cycle
  logic [RW-1:0]          v_d, v_q, rng_d, rng_q;
  logic [3:0]             pend_d, pend_q;      // ac bits still to enter V (0..9)
  logic                   pre_d, pre_q;        // V not loaded yet: the first 9 bits enter alone
  logic                   first_d, first_q;    // the next value is value 0 (V = the first 13 bits)
  logic [XW-1:0]          x_d, x_q;
  logic [DimWidth-1:0]    y_d, y_q;
  logic                   top_d, top_q;        // y = 0: the first row of a plane
  logic signed [EW-1:0]   e_d, e_q;            // E + 8 (§3.2's plane mean, rounding offset added)
  logic [SymW-1:0]        prev_cls_d, prev_cls_q;
  logic [M-1:0]           prev_q_d, prev_q_q;
  logic [CtxW-1:0]        ctx_d, ctx_q;        // the context of the value being decoded
  logic                   clean_d, clean_q;    // every context holds the initial state
  logic                   ovalid_d, ovalid_q, olast_d, olast_q;
  logic [M-1:0]           odata_d, odata_q;
  logic                   err_d, err_q;
  logic [3:0]             ecode_d, ecode_q;
  logic [EntryW-1:0]      tab_rdata, entry, entry_new;

  logic active, draining, unpack_clear, atake, rtake, commit, adv, fin;
  logic fail;
  logic [3:0] fail_code;

  // ============================================================================================
  // Input ports and unpackers.
  // ============================================================================================
  logic                 ac_in_ready, raw_in_ready, ac_tail_ok, raw_tail_ok;
  logic [8:0]           ac_win;
  logic [AcFillW-1:0]   ac_fill;
  logic [M-1:0]         raw_win;
  logic [RawFillW-1:0]  raw_fill;
  logic [3:0]           ac_consume, ac_skip;
  logic [RawConsW-1:0]  raw_consume;

  assign active       = (state_q == StRun) || (state_q == StEnd);
  assign draining     = (state_q == StDrain);
  assign ac_ready_o   = aopen && ((active && ac_in_ready) || draining);
  assign raw_ready_o  = ropen && ((active && raw_in_ready) || draining);
  assign atake        = ac_valid_i && ac_ready_o;
  assign rtake        = raw_valid_i && raw_ready_o;
  assign unpack_clear = clear_i || !active;

  // Each stream's frame: open from the descriptor (length not 0) to the word flagged `last`.
  fmc_stream_frame #(
    .LengthWidth(LengthWidth)
  ) u_ac_frame (
    .clk_i,
    .rst_ni,
    .clear_i,
    .load_i  (cmd_valid_i && cmd_ready_o),
    .length_i(cmd_ac_words_i),
    .take_i  (atake),
    .last_i  (ac_last_i),
    .open_o  (aopen),
    .open_next_o(aopen_next)
  );

  fmc_stream_frame #(
    .LengthWidth(LengthWidth)
  ) u_raw_frame (
    .clk_i,
    .rst_ni,
    .clear_i,
    .load_i  (cmd_valid_i && cmd_ready_o),
    .length_i(cmd_raw_words_i),
    .take_i  (rtake),
    .last_i  (raw_last_i),
    .open_o  (ropen),
    .open_next_o(ropen_next)
  );

  fmc_bit_unpacker #(
    .WordWidth        (M),
    .NumWords         (2),
    .WinWidth         (9),
    .ConsumeMax       (9),
    .ReadyAfterConsume(1'b1)
  ) u_ac_unpack (
    .clk_i,
    .rst_ni,
    .clear_i   (unpack_clear),
    .in_valid_i(atake && active),
    .in_ready_o(ac_in_ready),
    .in_data_i (ac_data_i),
    .consume_i (ac_consume),
    .room_i    (ac_consume),  // from flops: the pending bits enter V as soon as they are buffered
    .win_o     (ac_win),
    .fill_o    (ac_fill),
    .skip_i    (ac_skip),
    .tail_ok_o (ac_tail_ok)
  );

  fmc_bit_unpacker #(
    .WordWidth (M),
    .NumWords  (3),
    .WinWidth  (M),
    .ConsumeMax(M)
  ) u_raw_unpack (
    .clk_i,
    .rst_ni,
    .clear_i   (unpack_clear),
    .in_valid_i(rtake && active),
    .in_ready_o(raw_in_ready),
    .in_data_i (raw_data_i),
    .consume_i (raw_consume),
    .room_i    (RawConsW'(0)),
    .win_o     (raw_win),
    .fill_o    (raw_fill),
    .skip_i    (RawConsW'(0)),
    .tail_ok_o (raw_tail_ok)
  );

  // ============================================================================================
  // Range decoder: V with the pending bits, the symbol, the new range.
  // ============================================================================================
  logic        pend_ok;            // the pending bits are buffered
  logic [RW-1:0] v_now;
  logic [8:0]  pend_bits;
  assign pend_ok   = ({1'b0, ac_fill} >= AfW1'(pend_q));
  assign pend_bits = ac_win >> (4'd9 - pend_q);                  // the top pend_q bits
  assign v_now     = (v_q << pend_q) | RW'(pend_bits);

  assign entry = tab_rdata;

  // u(i) = (rng mod 2^P) + q_R e[i] (mcrc_interval), so u(i) <= V  <=>  V - (rng mod 2^P) >= 0 and
  // e[i] <= floor((V - (rng mod 2^P)) / q_R), with e[i] = f[i] + i.
  logic [RW-P-1:0] q_r;            // 8..15
  logic [RW:0]     vdiff;          // V - (rng mod 2^P), negative: no bound <= V
  assign q_r   = {1'b1, rng_q[RW-2:P]};  // rng >= 2^12
  assign vdiff = {1'b0, v_now} - {{(RW - P + 1){1'b0}}, rng_q[P-1:0]};
  // Restoring division of vdiff by q_R, most significant bit first. The offset stays below the
  // range (V < rng, assertion OffsetInRange), so vdiff < rng - (rng mod 2^P) = q_R 2^P: the
  // quotient is below 2^P and vdiff's top 4 bits are the first partial remainder (below q_R).
  logic [P-1:0]    thr;
  logic [RW-P:0]   div_t;  // loop temporaries of the division
  logic [RW-P-1:0] div_r;
  always_comb begin
    div_r = vdiff[RW-1:P];
    div_t = '0;
    thr   = '0;
    for (int b = P - 1; b >= 0; b--) begin
      div_t  = {div_r, vdiff[b]};
      thr[b] = (div_t >= {1'b0, q_r});
      div_r  = thr[b] ? (RW - P)'(div_t - {1'b0, q_r}) : div_t[RW-P-1:0];
    end
  end
  logic unused_div;
  assign unused_div = ^{rng_q[RW-1], e_q[3:0], pred_sum[0]};

  // The symbol: the number of i with e[i] <= thr (the table holds e[i] = f[i] + i). The e[i]
  // increase strictly, so the comparisons form a thermometer code (le[i-1] = (i <= sym)); sym is
  // the index of its one-hot form.
  logic [Lanes-1:0] le;
  logic [Lanes:0]   sym_eq;
  logic [SymW-1:0]  sym;
  for (genvar i = 1; i <= Lanes; i++) begin : gen_le
    assign le[i-1] = !vdiff[RW] && (entry[P*(i-1) +: P] <= thr);
  end
  assign sym_eq = {1'b0, le} ^ {le, 1'b1};
  always_comb begin
    sym = '0;
    for (int k = 1; k <= Lanes; k++) sym = sym | (SymW'(k) & {SymW{sym_eq[k]}});
  end

  // The bounds of the symbol found (as in the encoder) and the renormalization shift.
  logic [RW-1:0] prod_lo, rng1;
  logic [3:0]  dshift;
  mcrc_interval #(
    .DataWidth(M)
  ) u_interval (
    .e_i    (entry),
    .le_i   (le),
    .rng_i  (rng_q),
    .prod_lo_o(prod_lo),
    .rng_o  (rng1),
    .shift_o(dshift)
  );

  mcrc_adapt #(
    .DataWidth(M)
  ) u_adapt (
    .e_i  (entry),
    .le_i (le),
    .e_o  (entry_new)
  );

  // ============================================================================================
  // The value: raw bits, residual, prediction.
  // ============================================================================================
  logic             w_one, w_two, row_end, plane_end;
  logic [SymW:0]    nraw;          // raw bits of the symbol: k - 1 mantissa bits, then the sign
  logic             has_sign, raw_ok;
  logic [M-1:0]     mant, mag, up_q, qv, pred;
  logic             sgn, res_bad;
  logic signed [EW-1:0] e_diff, e_upd;
  logic signed [M:0]    e_half, pred_sum;
  logic [M:0]       raw_take;      // the raw bits read, right-aligned

  // W <= MaxPlaneWidth (PlaneShapeLegal), so its low XW + 1 bits hold it.
  logic [XW:0] w_lo;
  assign w_lo      = (XW + 1)'(cfg_plane_w_i);
  assign w_one     = (w_lo == (XW + 1)'(1));
  assign w_two     = (w_lo == (XW + 1)'(2));
  // x + 1 = W, y + 1 = H (the increments are the next position's coordinates).
  logic [XW:0]          x_inc, x_n_inc;
  logic [DimWidth-1:0]  y_inc;
  assign x_inc     = {1'b0, x_q} + 1'b1;
  assign y_inc     = y_q + 1'b1;
  assign row_end   = (x_inc == w_lo);
  assign plane_end = row_end && (y_inc == cfg_plane_h_i);

  assign has_sign = !u_mode && (sym != '0);
  assign nraw     = ((sym >= SymW'(2)) ? {1'b0, sym} - 1'b1 : '0) + SymW1'(has_sign);
  assign raw_ok   = ({1'b0, raw_fill} >= RfW1'(nraw));
  assign raw_take = (nraw == '0) ? '0 : Mp1'({1'b0, raw_win} >> (M - 32'(nraw)));
  assign sgn      = has_sign && raw_take[0];
  assign mant     = has_sign ? raw_take[M:1] : raw_take[M-1:0];
  assign mag      = (sym == '0) ? '0 : (M'(1) << (sym - SymW'(1))) | mant;
  assign res_bad  = !u_mode && (mag[M-1] && ((mag[M-2:0] != '0) || !sgn));

  // The register holds E + 8, so (E + 8) >> 4 is its top bits, and the update
  // E + ((16 q - E) >> 3) is (E + 8) + ((16 q + 8 - (E + 8)) >> 3).
  assign e_half   = e_q[M+4:4];
  assign pred_sum = e_half + $signed({up_q[M-1], up_q});
  assign pred     = top_q ? e_half[M-1:0] : pred_sum[M:1];
  assign qv       = u_mode ? mag : pred + (mag ^ {M{sgn}}) + M'(sgn);  // pred + or - mag
  assign e_diff   = $signed({qv[M-1], qv, 4'b1000}) - e_q;
  assign e_upd    = e_q + (e_diff >>> 3);

  // Reconstruction (§2): clamp(q 2^s) to the m-bit range. q 2^s fits iff the top s + 1 bits of q
  // are equal (the s bits below the sign equal it); else it saturates towards q's sign.
  logic [M-2:0] rec_mask, rec_diff;
  logic         rec_sat;
  logic [M-1:0] rec;
  assign rec_mask = ~({(M - 1){1'b1}} >> near);
  assign rec_diff = qv[M-2:0] ^ {(M - 1){qv[M-1]}};
  assign rec_sat  = |(rec_diff & rec_mask);
  assign rec      = rec_sat ? {qv[M-1], {(M - 1){!qv[M-1]}}} : qv << near;

  // ============================================================================================
  // Next position and context; the line buffers.
  // ============================================================================================
  logic [XW-1:0]       x_n, x_nn;      // positions t + 1 and t + 2
  logic [DimWidth-1:0] y_n;
  logic                top_n;           // y_n = 0
  logic                x_n_row_end;
  logic [SymW-1:0]     lbc_rdata, up_cls_n;
  logic [SymW:0]       ctx_sum_n;
  logic [CtxW-1:0]     ctx_n;
  assign x_n         = row_end ? '0 : x_inc[XW-1:0];
  assign y_n         = row_end ? (plane_end ? '0 : y_inc) : y_q;
  assign top_n       = row_end ? plane_end : top_q;
  assign x_n_inc     = {1'b0, x_n} + 1'b1;
  assign x_n_row_end = (x_n_inc == w_lo);
  assign x_nn        = x_n_row_end ? '0 : x_n_inc[XW-1:0];
  // The class above position t + 1: the class line buffer (read one position ahead), for W = 2 the
  // previous value's class (written at the edge that read it), for W = 1 this value's class.
  assign up_cls_n  = w_one ? sym : (w_two ? prev_cls_q : lbc_rdata);
  assign ctx_sum_n = ((x_n != '0) ? {1'b0, sym} : '0) + (!top_n ? {1'b0, up_cls_n} : '0);
  assign ctx_n     = CtxW'(ctx_sum_n);

  // Read position t + 2 at the edge that decodes t, else t + 1 (data for the next decode).
  logic [XW-1:0] lbc_raddr;
  assign lbc_raddr = commit ? x_nn : x_n;

  fmc_ram_1r1w #(
    .Width(SymW),
    .Depth(MaxPlaneWidth)
  ) u_line_cls (
    .clk_i,
    .we_i   (commit),
    .waddr_i(x_q),
    .wdata_i(sym),
    .re_i   (1'b1),
    .raddr_i(lbc_raddr),
    .rdata_o(lbc_rdata)
  );

  // The value above position t (x_q), for the predictor (SignedMode only): the value line buffer,
  // or for W = 1 the previous value.
  if (HasSigned) begin : gen_line_q
    logic [M-1:0] lbq_rdata;
    fmc_ram_1r1w #(
      .Width(M),
      .Depth(MaxPlaneWidth)
    ) u_line_q (
      .clk_i,
      .we_i   (commit),
      .waddr_i(x_q),
      .wdata_i(qv),
      .re_i   (1'b1),
      .raddr_i(commit ? x_n : x_q),
      .rdata_o(lbq_rdata)
    );
    assign up_q = w_one ? prev_q_q : lbq_rdata;
  end else begin : gen_no_line_q
    logic unused_prev_q;
    assign up_q          = '0;  // the predictor is not used
    assign unused_prev_q = ^prev_q_q;
  end

  // The context table. Outside StRun, until every context holds the initial state (§4.1), it is
  // swept: the initial entry is written to context ctx_q, one per cycle (after reset, `clear_i`,
  // and every transmission that started decoding; the sweep overlaps the end checks or the drain,
  // and the next descriptor waits for it). Value 0 reads context 0 in the cycles that load the
  // first bits of V (pre_q), every later value at the edge that decodes its predecessor.
  logic              sweep, tab_we, tab_re;
  logic [CtxW-1:0]   tab_raddr;
  logic [EntryW-1:0] tab_wdata;
  assign sweep     = !clean_q && (state_q != StRun);
  assign tab_we    = commit || sweep;
  assign tab_wdata = sweep ? init_entry : entry_new;
  assign tab_re    = commit || pre_q;
  assign tab_raddr = pre_q ? CtxW'(0) : ctx_n;

  fmc_ram_1r1w #(
    .Width(EntryW),
    .Depth(Ctxs)
  ) u_table (
    .clk_i,
    .we_i   (tab_we),
    .waddr_i(ctx_q),
    .wdata_i(tab_wdata),
    .re_i   (tab_re),
    .raddr_i(tab_raddr),
    .rdata_o(tab_rdata)
  );

  // ============================================================================================
  // Control.
  // ============================================================================================
  assign adv = !ovalid_q || out_ready_i;
  assign fin = (wleft_q == CountWidth'(1));

  always_comb begin
    state_d    = state_q;
    wleft_d    = wleft_q;
    v_d        = v_q;
    rng_d      = rng_q;
    pend_d     = pend_q;
    pre_d      = pre_q;
    first_d    = first_q;
    x_d        = x_q;
    y_d        = y_q;
    top_d      = top_q;
    e_d        = e_q;
    prev_cls_d = prev_cls_q;
    prev_q_d   = prev_q_q;
    ctx_d      = ctx_q;
    clean_d    = clean_q;
    ovalid_d   = ovalid_q && !out_ready_i;
    olast_d    = olast_q;
    odata_d    = odata_q;
    err_d      = err_q;
    ecode_d    = ecode_q;
    commit     = 1'b0;
    ac_consume = '0;
    ac_skip    = '0;
    raw_consume = '0;
    fail       = 1'b0;
    fail_code  = '0;

    unique case (state_q)
      StIdle: begin
        if (cmd_valid_i && clean_q) begin
          err_d   = 1'b0;
          ecode_d = '0;
          wleft_d = cmd_num_words_i;
          v_d     = '0;
          rng_d   = '1;
          pend_d  = 4'd9;
          pre_d   = 1'b1;
          first_d = 1'b1;
          x_d     = '0;
          y_d     = '0;
          top_d   = 1'b1;
          e_d     = EW'(8);  // E = 0
          ctx_d   = '0;
          if (cmd_num_words_i != '0) begin
            state_d = StRun;
            clean_d = 1'b0;
          end else if (cmd_ac_words_i != '0) begin
            fail      = 1'b1;
            fail_code = ErrAcTrailing;
          end else if (cmd_raw_words_i != '0) begin
            fail      = 1'b1;
            fail_code = ErrRawTrailing;
          end
        end
      end
      StRun: begin
        // The pending bits enter V as soon as they are buffered, whether or not the value is
        // decoded in this cycle: the ac port's ready then depends on flops only (`room_i`).
        if (pend_ok) begin
          ac_consume = pend_q;
          v_d        = v_now;
          pend_d     = '0;
        end
        if (!pend_ok) begin
          if (!aopen) begin
            fail      = 1'b1;
            fail_code = ErrAcTruncated;
          end
        end else if (pre_q) begin
          // The first 9 of the 13 bits of V; the other 4 enter with value 0.
          pend_d     = 4'd4;
          pre_d      = 1'b0;
        end else if (first_q && v_now == '1) begin
          fail      = 1'b1;
          fail_code = ErrAcStart;
        end else if (!raw_ok) begin
          if (!ropen) begin
            fail      = 1'b1;
            fail_code = ErrRawTruncated;
          end
        end else if (res_bad) begin
          fail      = 1'b1;
          fail_code = ErrResidualRange;
        end else if (adv) begin
          commit      = 1'b1;
          raw_consume = RawConsW'(nraw);
          wleft_d     = wleft_q - CountWidth'(1);
          // V - u(j): V for j = 0, else (V - (rng mod 2^P)) - q_R e[j]; the pending dshift bits
          // enter before the next value.
          v_d         = (sym == '0) ? v_now : vdiff[RW-1:0] - prod_lo;
          rng_d       = rng1 << dshift;
          pend_d      = dshift;
          first_d     = 1'b0;
          prev_cls_d  = sym;
          prev_q_d    = HasSigned ? qv : '0;  // read by the predictor only
          e_d         = (plane_end || !HasSigned) ? EW'(8) : e_upd;
          x_d         = x_n;
          y_d         = y_n;
          top_d       = top_n;
          ctx_d       = fin ? '0 : ctx_n;  // after the last value: the sweep's first address
          odata_d     = rec;
          olast_d     = 1'b0;
          if (fin) begin
            state_d = StEnd;  // word N-1 waits in the output register for the end checks
          end else begin
            ovalid_d = 1'b1;
          end
        end
      end
      StEnd: begin
        // The last value's renormalization bits, V = 0, then the streams' ends.
        if (!pend_ok) begin
          if (!aopen) begin
            fail      = 1'b1;
            fail_code = ErrAcTruncated;
          end
        end else if (v_now != '0) begin
          fail      = 1'b1;
          fail_code = ErrAcCheck;
        end else begin
          ac_skip = pend_q;
          if (!ac_tail_ok || aopen) begin
            fail      = 1'b1;
            fail_code = ErrAcTrailing;
          end else if (!raw_tail_ok || ropen) begin
            fail      = 1'b1;
            fail_code = ErrRawTrailing;
          end else if (!ovalid_q) begin
            ovalid_d = 1'b1;
            olast_d  = 1'b1;
            state_d  = StIdle;
          end
        end
      end
      StDrain: begin
        // Both streams taken up to their final words (this cycle's included).
        if (!aopen_next && !ropen_next) state_d = StIdle;
      end
      default: state_d = StIdle;
    endcase

    if (fail) begin
      err_d   = 1'b1;
      ecode_d = fail_code;
      state_d = StDrain;
      ctx_d   = '0;
    end

    // The sweep of the context table (outside StRun, until clean): one context per cycle.
    if (sweep) begin
      ctx_d = ctx_q + 1'b1;
      if (ctx_q == CtxW'(Ctxs - 1)) clean_d = 1'b1;
    end

    if (clear_i) begin
      state_d  = StIdle;
      wleft_d  = '0;
      ovalid_d = 1'b0;
      err_d    = 1'b0;
      ecode_d  = '0;
      ctx_d    = '0;
      clean_d  = 1'b0;
    end
  end

  assign cmd_ready_o = (state_q == StIdle) && clean_q;
  assign out_valid_o = ovalid_q;
  assign out_data_o  = odata_q;
  assign out_last_o  = olast_q;
  assign err_o       = err_q;
  assign err_code_o  = ecode_q;
  assign idle_o      = (state_q == StIdle) && !ovalid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      ovalid_q <= 1'b0;
      err_q    <= 1'b0;
      ecode_q  <= '0;
      ctx_q    <= '0;
      clean_q  <= 1'b0;
    end else begin
      state_q  <= state_d;
      ovalid_q <= ovalid_d;
      err_q    <= err_d;
      ecode_q  <= ecode_d;
      ctx_q    <= ctx_d;
      clean_q  <= clean_d;
    end
  end

  // Data registers without reset (docs/integration.md §6): the transmission's registers are all
  // loaded with its descriptor and read only outside StIdle; the output data and `last` only
  // while `out_valid_o`.
  always_ff @(posedge clk_i) begin
    wleft_q    <= wleft_d;
    v_q        <= v_d;
    rng_q      <= rng_d;
    pend_q     <= pend_d;
    pre_q      <= pre_d;
    first_q    <= first_d;
    x_q        <= x_d;
    y_q        <= y_d;
    top_q      <= top_d;
    e_q        <= e_d;
    prev_cls_q <= prev_cls_d;
    prev_q_q   <= prev_q_d;
    olast_q    <= olast_d;
    odata_q    <= odata_d;
  end

`ifndef SYNTHESIS
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
  ErrStable: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      err_o && !(cmd_valid_i && cmd_ready_o) |=> err_o && $stable(err_code_o));
  fmc_stream_assert #(
    .Width (CountWidth + 2 * LengthWidth),
    .Assume(1'b1)
  ) u_cmd_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(cmd_valid_i),
    .ready_i(cmd_ready_o),
    .data_i ({cmd_num_words_i, cmd_ac_words_i, cmd_raw_words_i})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_ac_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(ac_valid_i),
    .ready_i(ac_ready_o),
    .data_i ({ac_last_i, ac_data_i})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_raw_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(raw_valid_i),
    .ready_i(raw_ready_o),
    .data_i ({raw_last_i, raw_data_i})
  );
  // The range stays in 2^12..2^13-1 (§4.4) while a transmission decodes (the register is loaded
  // with the descriptor): mcrc_interval and the division do not read its top bit.
  RangeNormalized: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StRun || state_q == StEnd |-> rng_q[RW-1]);
  // The configuration has the modes the inputs ask for.
  ModeSupported: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StRun |-> (HasSigned || cfg_unsigned_i) && (HasNear || cfg_near_i == 3'd0));
  // The offset stays inside the range (what the division relies on), whatever the stream holds.
  OffsetInRange: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StRun && pend_ok && !pre_q && !(first_q && v_now == '1) |-> v_now < rng_q);
  PlaneShapeLegal: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StRun |-> cfg_plane_w_i >= DimWidth'(1) && 32'(cfg_plane_w_i) <= MaxPlaneWidth &&
                           cfg_plane_h_i >= DimWidth'(1));
`endif

endmodule
