// SPDX-License-Identifier: Apache-2.0
//
/// MCRC encoder (magnitude-class range coder, docs/mcrc-format.md; § refer to it): words in raster
/// order in, two streams out: `ac` (the range coder's bits, §4.4) and `raw` (mantissa and sign
/// bits, §3.1), both packed MSB first into m-bit words. Beat for beat equal to the golden
/// streaming encoder `fmc::mcrc_codec().encoder()` (same data and `last` on every beat of both
/// streams, possibly later).
///
/// Protocol: `in` takes the N >= 1 words of a transmission, `in_last_i` on word N-1. The words are
/// the cells of planes of H x W (`cfg_plane_h_i` x `cfg_plane_w_i`) in raster order, the last
/// plane possibly partial. `ac` always has at least one word (13 flush bits); `raw` has none when
/// no value has raw bits. Each stream's final word carries its `last`. Transmissions follow each
/// other back to back; no reset is needed in between. The configuration inputs (shape,
/// `cfg_unsigned_i` = U, `cfg_near_i` = s) are quasi-static: they may change only while `idle_o`
/// is 1.
///
/// Structure (one value per cycle through three stages):
///   - A (input): quantization (§2), the position (x, y), the row above from the line buffer
///     (`fmc_ram_1r1w`, MaxPlaneWidth entries of {class, q}; for W = 1 the previous value), the
///     predictor and plane mean E (§3.2), the residual, its magnitude class and raw bits (§3.1),
///     and the context (§3.3), which addresses the context table (`fmc_ram_1r1w`, 2m + 1 entries
///     of m 9-bit cumulative frequencies e[i] = f[i] + i) for stage B.
///   - B (coder): the context's state (the table's word, read when the value entered B, at the
///     edge that wrote the previous value's adapted state: read-first, the word without it, as
///     §4.2 prescribes; the initial state for a context no earlier value of the transmission
///     wrote), the two bounds u(k) and u(k + 1) (§4.3),
///     the range update, the carry out of the 13-bit low register and the renormalization shift;
///     the adapted state (`mcrc_adapt`) is written back when the next value enters B (or alone
///     for the last value of a transmission). The raw bits go to the raw packer.
///   - R (release): the bits the range coder shifts out collect until they form m-bit words; a
///     word is final once no carry can reach it. The newest word that is not final waits (cache),
///     the words of all ones after it are counted, and a carry out of the low register is a flag
///     on them; a later word that is not all ones, or a carry, releases cache and then the
///     counted words to the ac port, one per beat, and takes the cache. After the last value the 13 bits of `low` shift out
///     in two steps, the last word is padded with zeros and the waiting words leave with `last`
///     (§4.4).
///
/// Throughput: one input word per cycle while both output ports keep up, except that the coder
/// waits while its register of shifted-out bits lacks room for a step (9 bits): when complete
/// words pile up behind the words of a released run of all-ones words (one leaves per beat) or
/// after symbols that complete two ac words at m = 8. The end of a transmission takes a few
/// cycles (steps of 8 and 5 bits, the last one or two words, the final word and the run before
/// it). Latency: a value's bits enter the coder and the raw packer when the next value of the
/// transmission arrives (the last value's at once); a raw word leaves 1 cycle after the bit after
/// it entered the packer; an ac word once the next word is complete and not all ones.
///
/// Timing: stage B closes the range coder's loop in one cycle (range register -> the two products
/// -> new range and its leading zeros -> range register); the context table's address comes from
/// stage A's registers, so the table read is not on that loop.
/// The ac port's valid and data come from registers through a little logic (the oldest word's
/// position, cache + carry). The raw packer takes a chunk also in the cycle a word leaves
/// (ReadyAfterEmit): `in_ready_o` depends on `ac_ready_i` and `raw_ready_i` (ready -> a word
/// leaves -> room for a step -> stage B may move (`b_go`) -> `in_ready_o`, a few gates) besides
/// flops, not on `in_valid_i`; no valid depends on a ready.
///
/// Limits: the counted all-ones words are a run of up to 2^RunWidth 1 bits (a counter of
/// RunWidth - log2(m) bits); a simulation assertion (RunFits) flags an overflow, after which the
/// stream would be wrong. The run grows while the topmost class is coded again and again (the
/// interval's upper end stays put), by -log2 of that class's probability per value, which the
/// adaptation drives far below one bit: the worst input known is words that are all ones with
/// U = 1. Size RunWidth for the longest transmission of that input (its ac stream is a single
/// run of 1 bits: `fmcodec compress --codec mcrc --unsigned 1 --hex`).
///
/// Parameters: DataWidth m in {8, 16}, MaxPlaneWidth a power of two in 2..4096, DimWidth in 1..16,
/// RunWidth in 8..32 (checked at elaboration). W must be 1..MaxPlaneWidth, H >= 1. SignedMode
/// and NearLossless (1 = the mode is built; 0 drops it for area) restrict U to 1 and s to 0.
///
/// Example (§7.1: m = 8, U = 1, s = 0, W = 4, H = 1): the words 0 5 0 1 (last) give ac
/// 0x0f 0xa2 0xa0 0x00 (last) and raw 0x40 (last).
module mcrc_encoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth     = 8,
  /// Largest plane width W accepted (a power of two, 2..4096): the line buffer's depth.
  parameter int unsigned MaxPlaneWidth = 128,
  /// Width of the shape inputs, 1..16.
  parameter int unsigned DimWidth      = 16,
  /// log2 of the longest run of pending 1 bits, 8..32 (counted in words: RunWidth - log2(m) bits).
  parameter int unsigned RunWidth      = 20,
  /// 1: both modes U = 0 (signed residuals of the predictor) and U = 1. 0: U = 1 only, for
  /// non-negative data (ReLU outputs; other data is still coded losslessly, as m-bit patterns):
  /// no predictor and a line buffer of classes only. `cfg_unsigned_i` is then not read and must be
  /// 1 (a simulation assertion checks it).
  parameter int unsigned SignedMode    = 1,
  /// 1: quantization shifts s = 0..7 (near-lossless). 0: s = 0 only (lossless); `cfg_near_i` is
  /// then not read and must be 0 (a simulation assertion checks it).
  parameter int unsigned NearLossless  = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  /// Synchronous clear: aborts the transmission in flight and drops every pending bit.
  input  logic                 clear_i,
  /// W: cells per row of a plane (1..MaxPlaneWidth), quasi-static.
  input  logic [DimWidth-1:0]  cfg_plane_w_i,
  /// H: rows per plane (>= 1), quasi-static.
  input  logic [DimWidth-1:0]  cfg_plane_h_i,
  /// U: 1 = values as unsigned m-bit patterns, 0 = signed residuals of the predictor.
  input  logic                 cfg_unsigned_i,
  /// s: quantization shift (`near`), 0..7.
  input  logic [2:0]           cfg_near_i,
  // Input words, `in_last_i` on word N-1 of a transmission.
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [DataWidth-1:0] in_data_i,
  input  logic                 in_last_i,
  // Range coder stream.
  output logic                 ac_valid_o,
  input  logic                 ac_ready_i,
  output logic [DataWidth-1:0] ac_data_o,
  output logic                 ac_last_o,
  // Raw bit stream (no beat when no value has raw bits).
  output logic                 raw_valid_o,
  input  logic                 raw_ready_i,
  output logic [DataWidth-1:0] raw_data_o,
  output logic                 raw_last_o,
  /// No transmission in progress, nothing buffered.
  output logic                 idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && MaxPlaneWidth >= 2 && MaxPlaneWidth <= 4096 &&
        (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 && DimWidth >= 1 && DimWidth <= 16 &&
        RunWidth >= 8 && RunWidth <= 32 &&
        SignedMode <= 1 && NearLossless <= 1)) begin : gen_param_error
    $error("mcrc_encoder: DataWidth 8 or 16, MaxPlaneWidth a power of two in 2..4096, DimWidth 1..16, RunWidth 8..32, SignedMode and NearLossless 0 or 1");
  end

  localparam bit HasSigned = (SignedMode != 0);  // U = 0 built
  localparam bit HasNear   = (NearLossless != 0);  // s > 0 built

  localparam int unsigned M      = DataWidth;
  localparam int unsigned Lanes  = M;                      // stored frequencies per context
  localparam int unsigned SymW   = $clog2(M + 1);          // class 0..m
  localparam int unsigned Ctxs   = 2 * M + 1;              // contexts 0..2m
  localparam int unsigned CtxW   = $clog2(Ctxs);
  localparam int unsigned P      = 9;                      // §4: probability precision
  localparam int unsigned RW     = 13;                     // §4: range width R
  localparam int unsigned EntryW = P * Lanes;              // e[1..m] (e[i] = f[i] + i)
  localparam int unsigned XW     = (MaxPlaneWidth > 1) ? $clog2(MaxPlaneWidth) : 1;  // column
  localparam int unsigned LbQW   = HasSigned ? M : 0;     // q in the line buffer (predictor)
  localparam int unsigned LbW    = SymW + LbQW;            // line buffer entry {class, q}
  localparam int unsigned EW     = M + 5;                  // plane mean E (4 fraction bits)
  localparam int unsigned Mp1    = M + 1;

  // The initial state of a context (§4.1), stored as e[i] = f[i] + i, f[i] = floor(T i / (m + 1)).
  logic [EntryW-1:0] init_entry;
  for (genvar i = 1; i <= Lanes; i++) begin : gen_init
    assign init_entry[P*(i-1) +: P] = P'(((1 << P) - (M + 1)) * i / (M + 1) + i);
  end

  // The modes this configuration has (SignedMode, NearLossless): U and s as the logic reads them.
  logic       u_mode;
  logic [2:0] near;
  assign u_mode = !HasSigned || cfg_unsigned_i;
  assign near   = HasNear ? cfg_near_i : 3'd0;

  // ==============================================================================================
  // Stage A: quantize, predict, classify, context.
  // ==============================================================================================
  logic                 a_fire, b_adv, b_go;
  logic [XW-1:0]        x_q, x_d, x_rd;
  logic [DimWidth-1:0]  y_q, y_d;
  logic                 top_q, top_d;  // y = 0: the first row of a plane
  logic                 row_end, plane_end, w_one;
  logic signed [EW-1:0] e_q, e_d, e_upd;  // E + 8 (§3.2's plane mean, rounding offset added)
  logic [SymW-1:0]      prev_cls_q, prev_cls_d;   // class of the previous value (left, or above if W = 1)
  logic [M-1:0]         prev_q_q, prev_q_d;       // its quantized value
  logic                 busy_q, busy_d;
  logic [LbW-1:0]       lb_rdata;
  logic [SymW-1:0]      up_cls;
  logic [M-1:0]         up_q;

  logic signed [M:0]    v_ext, v_rnd;
  logic [M-1:0]         q;           // quantized value (m bits, two's complement)
  logic signed [M:0]    e_half, pred_sum;
  logic [M-1:0]         pred;
  logic [M-1:0]         resid;       // q - pred mod 2^m
  logic [M-1:0]         mag;         // a_t
  logic                 neg;         // U = 0 and the residual is negative
  logic [SymW-1:0]      cls;
  logic [M-1:0]         mant;        // a without its leading one
  logic [M:0]           raw_val;     // the raw bits, right-aligned
  logic [SymW:0]        raw_len;     // 0..m
  logic [M:0]           raw_al;      // left-aligned in m + 1 bits
  logic [CtxW-1:0]      ctx_a;
  logic [SymW:0]        ctx_sum;

  // W <= MaxPlaneWidth (PlaneShapeLegal), so its low XW + 1 bits hold it.
  logic [XW:0] w_lo;
  assign w_lo      = (XW + 1)'(cfg_plane_w_i);
  assign w_one     = (w_lo == (XW + 1)'(1));
  // x + 1 = W, y + 1 = H (the increments are the next position's coordinates).
  logic [XW:0]          x_inc;
  logic [DimWidth-1:0]  y_inc;
  assign x_inc     = {1'b0, x_q} + 1'b1;
  assign y_inc     = y_q + 1'b1;
  assign row_end   = (x_inc == w_lo);
  assign plane_end = row_end && (y_inc == cfg_plane_h_i);

  // §2: q = (v + 2^(s-1)) >> s.
  assign v_ext = $signed({in_data_i[M-1], in_data_i});
  assign v_rnd = v_ext + ((near == 3'd0) ? Mp1'(0) : Mp1'(1) << (near - 3'd1));
  logic signed [M:0] v_shift;
  assign v_shift = v_rnd >>> near;
  assign q       = v_shift[M-1:0];

  // The row above: the line buffer (written W values ago), or for W = 1 the previous value.
  logic [LbW-1:0] lb_wdata;
  assign up_cls = w_one ? prev_cls_q : lb_rdata[LbW-1 -: SymW];
  if (HasSigned) begin : gen_lb_q
    assign lb_wdata = {cls, q};
    assign up_q     = w_one ? prev_q_q : lb_rdata[M-1:0];
  end else begin : gen_lb_cls
    logic unused_prev_q;
    assign lb_wdata      = cls;
    assign up_q          = '0;  // the predictor is not used
    assign unused_prev_q = ^prev_q_q;
  end

  // §3.2: p = (E + 8) >> 4, averaged with the value above from row 1 on.
  // The register holds E + 8, so (E + 8) >> 4 is its top bits, and the update
  // E + ((16 q - E) >> 3) is (E + 8) + ((16 q + 8 - (E + 8)) >> 3).
  assign e_half   = e_q[M+4:4];
  assign pred_sum = e_half + $signed({up_q[M-1], up_q});
  assign pred     = top_q ? e_half[M-1:0] : pred_sum[M:1];
  assign resid    = q - pred;
  // Bits below the shifts (always 0, or shifted out by construction).
  logic unused_low_bits;
  assign unused_low_bits = ^{pred_sum[0], raw_al[0], v_shift[M], e_q[3:0]};

  // §3.1: magnitude, class, raw bits.
  assign neg  = !u_mode && resid[M-1];
  assign mag  = u_mode ? q : (neg ? M'(0) - resid : resid);
  always_comb begin
    cls = '0;
    for (int i = 0; i < M; i++) if (mag[i]) cls = SymW'(i + 1);
  end
  assign mant    = mag & ~(M'(1) << (cls - SymW'(1)));
  assign raw_val = u_mode ? {1'b0, mant} : {mant, neg};
  assign raw_len = (cls == '0) ? '0 : (u_mode ? {1'b0, cls} - 1'b1 : {1'b0, cls});
  assign raw_al  = raw_val << (Mp1 - 32'(raw_len));

  // §3.3: left class (0 at x = 0) + upper class (0 at y = 0).
  assign ctx_sum = ((x_q != '0) ? {1'b0, prev_cls_q} : '0) + (!top_q ? {1'b0, up_cls} : '0);
  assign ctx_a   = CtxW'(ctx_sum);

  // E after this value: E + ((16 q - E) >> 3); 0 at the start of a plane or transmission.
  logic signed [EW-1:0] e_diff;
  assign e_diff = $signed({q[M-1], q, 4'b1000}) - e_q;
  assign e_upd  = e_q + (e_diff >>> 3);

  always_comb begin
    x_d        = x_q;
    y_d        = y_q;
    top_d      = top_q;
    e_d        = e_q;
    prev_cls_d = prev_cls_q;
    prev_q_d   = prev_q_q;
    busy_d     = busy_q;
    if (a_fire) begin
      prev_cls_d = cls;
      prev_q_d   = HasSigned ? q : '0;      // read by the predictor only
      busy_d     = !in_last_i;
      e_d        = HasSigned ? e_upd : EW'(8);
      x_d        = row_end ? '0 : x_inc[XW-1:0];
      if (row_end) begin
        y_d   = plane_end ? '0 : y_inc;
        top_d = plane_end;
      end
      if (plane_end) e_d = EW'(8);
      if (in_last_i) begin
        x_d   = '0;
        y_d   = '0;
        top_d = 1'b1;
        e_d   = EW'(8);
      end
    end
    if (clear_i) begin
      x_d    = '0;
      y_d    = '0;
      top_d  = 1'b1;
      e_d    = EW'(8);
      busy_d = 1'b0;
    end
  end

  // Read the column of the next position every cycle (the data then belongs to x_q).
  assign x_rd = x_d;

  fmc_ram_1r1w #(
    .Width(LbW),
    .Depth(MaxPlaneWidth)
  ) u_line (
    .clk_i,
    .we_i   (a_fire),
    .waddr_i(x_q),
    .wdata_i(lb_wdata),
    .re_i   (1'b1),
    .raddr_i(x_rd),
    .rdata_o(lb_rdata)
  );

  // ==============================================================================================
  // Stage B: range coder.
  // ==============================================================================================
  logic                 b_valid_q, b_valid_d;
  logic [CtxW-1:0]      b_ctx_q;
  logic [SymW-1:0]      b_sym_q;
  logic [M-1:0]         b_raw_q;
  logic [SymW-1:0]      b_rlen_q;
  logic                 b_last_q;
  logic                 b_ini_q;
  logic [Ctxs-1:0]      seen_q, seen_d;     // contexts used in this transmission
  logic [EntryW-1:0]    tab_rdata, entry, entry_new;
  logic [RW-1:0]        rng_q, rng_d, low_q, low_d;

  assign entry = b_ini_q ? init_entry : tab_rdata;

  // The symbol as a thermometer code (bit i-1: i <= k).
  logic [Lanes-1:0] b_le;
  for (genvar i = 1; i <= Lanes; i++) begin : gen_le
    assign b_le[i-1] = (32'(b_sym_q) >= i);
  end

  // The symbol's sub-interval (§4.3) and the renormalization shift d (0..9).
  logic [RW-1:0] prod_lo, u_lo, rng1;
  logic [RW:0]   low_sum;
  logic [3:0]  dsh;
  mcrc_interval #(
    .DataWidth(M)
  ) u_interval (
    .e_i    (entry),
    .le_i   (b_le),
    .rng_i  (rng_q),
    .prod_lo_o(prod_lo),
    .rng_o  (rng1),
    .shift_o(dsh)
  );
  // u(k) = (rng mod 2^P) + q_R e[k] for k >= 1, u(0) = 0 (prod_lo is 0 for k = 0).
  // During the end of a transmission (fl_q != 0) low shifts out unchanged.
  logic [1:0]  fl_q, fl_d;
  assign u_lo    = prod_lo + ((b_sym_q != '0) ? {{(RW - P){1'b0}}, rng_q[P-1:0]} : '0);
  assign low_sum = {1'b0, low_q} + {1'b0, u_lo & {RW{fl_q == 2'd0}}};

  logic [RW-1:0] low1;
  assign low1 = low_sum[RW-1:0];

  mcrc_adapt #(
    .DataWidth(M)
  ) u_adapt (
    .e_i  (entry),
    .le_i (b_le),
    .e_o  (entry_new)
  );

  fmc_ram_1r1w #(
    .Width(EntryW),
    .Depth(Ctxs)
  ) u_table (
    .clk_i,
    .we_i   (b_adv),
    .waddr_i(b_ctx_q),
    .wdata_i(entry_new),
    .re_i   (a_fire),
    .raddr_i(ctx_a),
    .rdata_o(tab_rdata)
  );

  // ==============================================================================================
  // Stage R: words of the ac stream and their release (carry handling).
  // ==============================================================================================
  // The bits low shifts out collect in `xb` (the newest at bit 0, `xn` of them; the bits above
  // are stale). Once m of them exist the oldest m form a word w, which is final unless a later
  // carry reaches it: the newest word not yet final waits in `cache`, the words of all ones after
  // it are counted in `cnt`, and `cy` is a carry into them (cache + 1, the ones become zeros). A
  // word w that is not all ones, or a carry, makes cache and the run final: cache + cy leaves and
  // w takes the cache at once; the run's cnt words (ones + cy: all ones, or all zeros after a
  // carry, `fill`) then leave from the counter, one per beat (`dr`), while the coder goes on.
  // A carry out of low crosses the m-word boundary above `xb` at most once, so one `cy` flag is
  // enough (§4.4: L stays below the top of the interval it was in).
  // At the end of a transmission low's 13 bits shift out in steps of 8 and 5 (fl_q 1, 2), the last
  // bits form a word padded with zeros, and cache and the run leave with `last` (fl_q 3).
  // `xb` holds m + 10 bits and a step needs 9 of them free. m + 8 would do if a step always
  // found fewer than m bits; the 2 bits more let the coder go on while a complete word waits
  // behind a run's fill words, and after a symbol that completes two words at m = 8 (the size
  // was chosen with `fmc_cosim perf`).
  localparam int unsigned XbW  = M + 10;
  localparam int unsigned XnW  = $clog2(XbW + 1);
  localparam int unsigned CntW = RunWidth - $clog2(M);  // a run of up to 2^RunWidth bits
  localparam int unsigned ShW  = XbW + RW;
  localparam int unsigned IncW = XbW - 8;             // a step finds at most XbW - 9 bits

  logic [XbW-1:0]  xb_q, xb_d;
  logic [XnW-1:0]  xn_q, xn_d, xn_c;
  logic [M-1:0]    cache_q, cache_d;
  logic            cv_q, cv_d;       // cache holds a word
  logic            cy_q, cy_d;
  logic [CntW-1:0] cnt_q, cnt_d;     // dr = 0: all-ones words after cache; 1: fill words to send
  logic            dr_q, dr_d;       // the fill words of a released run are leaving
  logic            fill_q, fill_d;   // their value: 1 = all ones, 0 = all zeros (a carry)

  // The oldest word (zero-padded when fewer than m bits are left at the end).
  logic            tail, fin, w_avail, w_ones, emit, ac_fire, consume, room;
  logic [M-1:0]    w;
  assign tail    = (fl_q == 2'd3);
  assign fin     = tail && (xn_q == '0);      // all bits are in words: cache and run are final
  assign w_avail = (xn_q >= XnW'(M)) || (tail && xn_q != '0);
  assign w       = M'({xb_q, {M{1'b0}}} >> xn_q);
  assign w_ones  = &w;
  assign emit    = dr_q || (cv_q && (w_avail ? (cy_q || !w_ones) : fin));
  assign ac_fire = emit && ac_ready_i;
  // w moves on: into the run, into an empty cache, or into cache as cache leaves; not while the
  // fill words of the run before leave.
  assign consume = w_avail && !dr_q && (!emit || ac_fire);
  assign xn_c    = consume ? ((xn_q >= XnW'(M)) ? xn_q - XnW'(M) : '0) : xn_q;
  // A step of the coder (or of the end) shifts in up to 9 bits. It waits while w waits for
  // cache to leave (the port's valid and data must hold; a carry may change w); while the run's
  // fill words leave, w is not looked at and the steps go on.
  assign room    = (32'(xn_c) + 9 <= XbW) && !(w_avail && !dr_q && !consume);

  assign ac_valid_o = emit;
  assign ac_data_o  = dr_q ? {M{fill_q}} : cache_q + M'(cy_q);
  // The final word: cache with no run after it, or the run's last fill word once cache left.
  assign ac_last_o  = fin && (dr_q ? (!cv_q && cnt_q == CntW'(1)) : (cnt_q == '0));

  // A step: the coder's symbol (b_adv: carry, shift by dsh) or 8 bits of low at the end (pstep).
  logic                 pstep, step, cin, ovf;
  logic [3:0]           sh;
  logic [IncW-1:0]      xb_low, xb_inc, xn_mask;
  logic [ShW-1:0]       sh_out;
  assign pstep  = (fl_q == 2'd1 || fl_q == 2'd2) && room;
  assign step   = b_adv || pstep;
  assign sh     = (fl_q == 2'd0) ? dsh : ((fl_q == 2'd1) ? 4'd8 : 4'(RW - 8));
  assign cin    = low_sum[RW];  // 0 at the end (u_lo gated)
  // The carry enters the xn_c waiting bits; it leaves them when all are ones.
  assign xb_low  = xb_q[IncW-1:0];
  assign xn_mask = ~({IncW{1'b1}} << xn_c);
  assign xb_inc  = xb_low + IncW'(cin);
  assign ovf     = cin && (&(xb_low | ~xn_mask));
  assign sh_out  = {xb_q[XbW-1:IncW], xb_inc, low1} << sh;

  // ==============================================================================================
  // Handshakes.
  // ==============================================================================================
  logic raw_pk_ready, raw_pk_valid;
  logic raw_empty;
  logic unused_raw_half;  // a stream of whole words
  // B moves on when the raw packer takes its bits and the ac bits have room (b_go), and, unless
  // its value is the last of the transmission, together with the next value entering B: a value's
  // adaptation is written at the edge where the next value's context is read (§4.2, read-first).
  // The end of a finished transmission goes first.
  assign b_go         = (fl_q == 2'd0) && room && raw_pk_ready;
  assign raw_pk_valid = b_valid_q && (fl_q == 2'd0) && room && (b_last_q || in_valid_i);
  assign b_adv        = raw_pk_valid && raw_pk_ready;
  assign in_ready_o   = !b_valid_q || b_go;
  assign a_fire       = in_valid_i && in_ready_o;
  assign b_valid_d    = a_fire || (b_valid_q && !b_adv);

  always_comb begin
    seen_d  = seen_q;
    rng_d   = rng_q;
    low_d   = low_q;
    fl_d    = fl_q;
    xb_d    = xb_q;
    xn_d    = xn_c;
    cache_d = cache_q;
    cv_d    = cv_q;
    cy_d    = cy_q;
    cnt_d   = cnt_q;
    dr_d    = dr_q;
    fill_d  = fill_q;
    if (consume) begin
      if (cv_q && !emit) begin
        cnt_d = cnt_q + 1'b1;  // w is all ones
      end else begin
        cache_d = w;           // cache + cy left (or there was no cache)
        cv_d    = 1'b1;
        cy_d    = 1'b0;
        dr_d    = (cnt_q != '0);
        fill_d  = !cy_q;
      end
    end else if (ac_fire) begin
      if (dr_q) begin
        cnt_d = cnt_q - 1'b1;  // a fill word left
        dr_d  = (cnt_q != CntW'(1));
        if (!cv_q && cnt_q == CntW'(1)) fl_d = 2'd0;  // the final word of the transmission
      end else if (cnt_q != '0) begin
        cv_d   = 1'b0;         // at the end: cache left, its run follows
        cy_d   = 1'b0;
        dr_d   = 1'b1;
        fill_d = !cy_q;
      end else begin
        cv_d = 1'b0;           // the final word of the transmission left
        cy_d = 1'b0;
        fl_d = 2'd0;
      end
    end
    if (step) begin
      xb_d  = sh_out[ShW-1:RW];
      low_d = sh_out[RW-1:0];
      xn_d  = xn_c + XnW'(sh);
      if (ovf) cy_d = 1'b1;
    end
    if (b_adv) begin
      seen_d[b_ctx_q] = 1'b1;
      rng_d = rng1 << dsh;
      if (b_last_q) begin
        fl_d   = 2'd1;
        seen_d = '0;
      end
    end
    if (pstep) begin
      fl_d  = fl_q + 1'b1;
      rng_d = '1;
    end
    if (clear_i) begin
      seen_d = '0;
      rng_d  = '1;
      low_d  = '0;
      fl_d   = 2'd0;
      xn_d   = '0;
      cv_d   = 1'b0;
      cy_d   = 1'b0;
      cnt_d  = '0;
      dr_d   = 1'b0;
    end
  end

  fmc_bit_packer #(
    .WordWidth     (M),
    .ChunkWidth    (M),
    .BufferWidth   (2 * M),
    .ReadyAfterEmit(1'b1)
  ) u_raw_pack (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (raw_pk_valid),
    .in_ready_o (raw_pk_ready),
    .in_data_i  (b_raw_q),
    .in_len_i   (b_rlen_q),
    .in_last_i  (b_last_q),
    .out_valid_o(raw_valid_o),
    .out_ready_i(raw_ready_i),
    .out_data_o (raw_data_o),
    .out_last_o (raw_last_o),
    .out_half_o (unused_raw_half),
    .empty_o    (raw_empty)
  );

  assign idle_o = !busy_q && !b_valid_q && (fl_q == 2'd0) && !cv_q && !dr_q && (xn_q == '0) &&
                  raw_empty;

  // ==============================================================================================
  // Registers.
  // ==============================================================================================
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      x_q        <= '0;
      y_q        <= '0;
      top_q      <= 1'b1;
      e_q        <= EW'(8);  // E = 0
      prev_cls_q <= '0;
      prev_q_q   <= '0;
      busy_q     <= 1'b0;
      b_valid_q  <= 1'b0;
      seen_q     <= '0;
      rng_q      <= '1;
      low_q      <= '0;
      fl_q       <= 2'd0;
      xn_q       <= '0;
      cv_q       <= 1'b0;
      cy_q       <= 1'b0;
      cnt_q      <= '0;
      dr_q       <= 1'b0;
    end else begin
      x_q        <= x_d;
      y_q        <= y_d;
      top_q      <= top_d;
      e_q        <= e_d;
      prev_cls_q <= prev_cls_d;
      prev_q_q   <= prev_q_d;
      busy_q     <= busy_d;
      b_valid_q  <= b_valid_d && !clear_i;
      seen_q     <= seen_d;
      rng_q      <= rng_d;
      low_q      <= low_d;
      fl_q       <= fl_d;
      xn_q       <= xn_d;
      cv_q       <= cv_d;
      cy_q       <= cy_d;
      cnt_q      <= cnt_d;
      dr_q       <= dr_d;
    end
  end

  // Datapath registers without reset: they are read only under a valid flag or count set after
  // reset.
  always_ff @(posedge clk_i) begin
    if (a_fire) begin
      b_ctx_q  <= ctx_a;
      b_sym_q  <= cls;
      b_raw_q  <= raw_al[M:1];
      b_rlen_q <= SymW'(raw_len);
      b_last_q <= in_last_i;
      // The table word read at this edge has the adaptations of the values before B's (B's own is
      // written at this edge, read-first: §4.2). A context no earlier value of the transmission
      // wrote (or any, at the first value of a transmission) starts from the initial state.
      b_ini_q  <= !seen_q[ctx_a] || (b_adv && b_last_q);
    end
    xb_q    <= xb_d;
    cache_q <= cache_d;
    fill_q  <= fill_d;
  end

`ifndef SYNTHESIS
  // §4.2 timing: a value's adaptation is written at the edge that reads the next value's context,
  // never earlier (but the last of a transmission, whose successor starts from the initial state)
  // and never later.
  WriteWithNextRead: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      b_adv && !b_last_q |-> a_fire);
  ReadWithWrite: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      a_fire && b_valid_q |-> b_adv);
  // The range stays in 2^12..2^13-1 (§4.4): mcrc_interval does not read its top bit.
  RangeNormalized: assert property (@(posedge clk_i) disable iff (!rst_ni) rng_q[RW-1]);
  // The pending run of 1 bits fits its counter.
  RunFits: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      consume && cv_q && !emit |-> cnt_q != '1);
  // A carry that leaves the waiting bits finds a word with a 0 bit: a cache that is not all ones
  // (§4.4: L < 0x1FFF 2^D, and L stays below the top of the interval it was in).
  CarryHasZero: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      step && ovf |-> cv_d && cache_d != '1);
  // A transmission's ac stream has at least 13 bits: a word is left to send at the end.
  EndHasWord: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      fin |-> cv_q || dr_q);
  // The configuration has the modes the inputs ask for.
  ModeSupported: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i |-> (HasSigned || cfg_unsigned_i) && (HasNear || cfg_near_i == 3'd0));
  PlaneShapeLegal: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i |-> cfg_plane_w_i >= DimWidth'(1) && 32'(cfg_plane_w_i) <= MaxPlaneWidth &&
                     cfg_plane_h_i >= DimWidth'(1));
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
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_ac_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(ac_valid_o),
    .ready_i(ac_ready_i),
    .data_i ({ac_last_o, ac_data_o})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_raw_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(raw_valid_o),
    .ready_i(raw_ready_i),
    .data_i ({raw_last_o, raw_data_o})
  );
`endif

endmodule
