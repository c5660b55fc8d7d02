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
/// plane possibly partial. `ac` always has at least 2 words (16 flush bits); `raw` has none when
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
///     of m 10-bit cumulative frequencies e[i] = f[i] + i) for stage B.
///   - B (coder): the context's state (the table's word; the entry B wrote at the same edge,
///     forwarded from a register, when two values in a row share a context; the initial state
///     for a context not yet used in the transmission), the two bounds u(k) and u(k + 1) (§4.3),
///     the range update, the carry out of the 16-bit low register and the renormalization shift;
///     the adapted state (`mcrc_adapt`) is written back. The raw bits go to the raw packer.
///   - R (release): the bits the range coder shifts out become final once a later 0 bit exists
///     (a carry stops at the newest 0): the newest 0 and the 1 bits after it wait as (has_zero,
///     ones); what becomes final is a head bit, a run of one value and up to 11 literal bits,
///     loaded into a release register and sent to the ac packer in chunks of up to 16 bits. After
///     the last value a flush releases the pending bits and the 16 bits of `low` (§4.4).
///
/// Throughput: one input word per cycle while both output ports keep up, except that a release
/// longer than 16 bits (a run of more than about 4 pending bits, rare) takes one more cycle per
/// 16 bits, and the flush takes 1 to 2 cycles per transmission. Latency: a raw word leaves 1
/// cycle after the bit after it entered the packer; an ac word once a later 0 bit was produced.
///
/// Timing: stage B closes the range coder's loop in one cycle (range register -> the two products
/// -> new range and its leading zeros -> range register); the context table's address comes from
/// stage A's registers and the forwarding compare, so the table read is not on that loop.
/// Both packers take a chunk also in the cycle a word leaves (ReadyAfterEmit), so they hold one
/// word less: `in_ready_o` depends on `ac_ready_i` and `raw_ready_i` (ready -> packer room ->
/// stage B's advance -> `in_ready_o`, a few gates) besides flops; no valid depends on a ready.
///
/// Limits: the pending run of 1 bits is counted in RunWidth bits; a simulation assertion (RunFits)
/// flags an overflow, after which the stream would be wrong. The run grows while the topmost
/// class is coded again and again (the interval's upper end stays put), by -log2 of that class's
/// probability per value, which the adaptation drives far below one bit: the worst input known is
/// words that are all ones with U = 1. Size RunWidth for the longest transmission of that input
/// (its ac stream is a single run of 1 bits: `fmcodec compress --codec mcrc --unsigned 1 --hex`).
///
/// Parameters: DataWidth m in {8, 16}, MaxPlaneWidth a power of two in 2..4096, DimWidth in 1..16,
/// RunWidth in 8..32 (checked at elaboration). W must be 1..MaxPlaneWidth, H >= 1. SignedMode
/// and NearLossless (1 = the mode is built; 0 drops it for area) restrict U to 1 and s to 0.
///
/// Example (§7.1: m = 8, U = 1, s = 0, W = 4, H = 1): the words 0 5 0 1 (last) give ac
/// 0x0b 0x87 0x10 0x00 (last) and raw 0x40 (last).
module mcrc_encoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth     = 8,
  /// Largest plane width W accepted (a power of two, 2..4096): the line buffer's depth.
  parameter int unsigned MaxPlaneWidth = 128,
  /// Width of the shape inputs, 1..16.
  parameter int unsigned DimWidth      = 16,
  /// Width of the counter of pending 1 bits, 8..32.
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
  localparam int unsigned P      = 10;                     // §4: probability precision
  localparam int unsigned EntryW = P * Lanes;              // e[1..m] (e[i] = f[i] + i)
  localparam int unsigned XW     = (MaxPlaneWidth > 1) ? $clog2(MaxPlaneWidth) : 1;  // column
  localparam int unsigned LbQW   = HasSigned ? M : 0;     // q in the line buffer (predictor)
  localparam int unsigned LbW    = SymW + LbQW;            // line buffer entry {class, q}
  localparam int unsigned EW     = M + 9;                  // plane mean E (8 fraction bits)
  localparam int unsigned ChunkW = 16;                     // ac packer chunk
  localparam int unsigned LenW   = 5;                      // 0..16
  localparam int unsigned Mp1    = M + 1;
  localparam int unsigned RtW    = RunWidth + 2;  // release length
  localparam int unsigned Rp1    = RunWidth + 1;

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
  logic                 a_fire, b_adv, b_stall;
  logic [XW-1:0]        x_q, x_d, x_rd;
  logic [DimWidth-1:0]  y_q, y_d;
  logic                 row_end, plane_end, w_one;
  logic signed [EW-1:0] e_q, e_d, e_upd;
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

  assign w_one     = (cfg_plane_w_i == DimWidth'(1));
  // x + 1 = W, y + 1 = H (the increments are the next position's coordinates).
  logic [XW:0]          x_inc;
  logic [DimWidth-1:0]  y_inc;
  assign x_inc     = {1'b0, x_q} + 1'b1;
  assign y_inc     = y_q + 1'b1;
  assign row_end   = (DimWidth'(x_inc) == cfg_plane_w_i);
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

  // §3.2: p = (E + 128) >> 8, averaged with the value above from row 1 on.
  logic signed [EW-1:0] e_round;
  assign e_round  = e_q + EW'(128);
  assign e_half   = e_round[M+8:8];
  assign pred_sum = e_half + $signed({up_q[M-1], up_q});
  assign pred     = (y_q == '0) ? e_half[M-1:0] : pred_sum[M:1];
  assign resid    = q - pred;
  // Bits below the shifts (always 0, or shifted out by construction).
  logic unused_low_bits;
  assign unused_low_bits = ^{pred_sum[0], raw_al[0], v_shift[M], e_round[7:0]};

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
  assign ctx_sum = ((x_q != '0) ? {1'b0, prev_cls_q} : '0) + ((y_q != '0) ? {1'b0, up_cls} : '0);
  assign ctx_a   = CtxW'(ctx_sum);

  // E after this value: E + ((256 q - E) >> 3); 0 at the start of a plane or transmission.
  logic signed [EW-1:0] e_diff;
  assign e_diff = $signed({q[M-1], q, 8'd0}) - e_q;
  assign e_upd  = e_q + (e_diff >>> 3);

  always_comb begin
    x_d        = x_q;
    y_d        = y_q;
    e_d        = e_q;
    prev_cls_d = prev_cls_q;
    prev_q_d   = prev_q_q;
    busy_d     = busy_q;
    if (a_fire) begin
      prev_cls_d = cls;
      prev_q_d   = HasSigned ? q : '0;      // read by the predictor only
      busy_d     = !in_last_i;
      e_d        = HasSigned ? e_upd : '0;
      x_d        = row_end ? '0 : x_inc[XW-1:0];
      if (row_end) y_d = plane_end ? '0 : y_inc;
      if (plane_end) e_d = '0;
      if (in_last_i) begin
        x_d = '0;
        y_d = '0;
        e_d = '0;
      end
    end
    if (clear_i) begin
      x_d    = '0;
      y_d    = '0;
      e_d    = '0;
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
  logic                 b_byp_q, b_ini_q;
  logic [Ctxs-1:0]      seen_q, seen_d;     // contexts used in this transmission
  logic [EntryW-1:0]    cur_q;              // the entry B wrote last
  logic [EntryW-1:0]    tab_rdata, entry, entry_new;
  logic [15:0]          rng_q, rng_d, low_q, low_d;
  logic                 flush_q, flush_d;   // the flush of the transmission is still to be released

  assign entry = b_byp_q ? cur_q : (b_ini_q ? init_entry : tab_rdata);

  // The symbol as a thermometer code (bit i-1: i <= k).
  logic [Lanes-1:0] b_le;
  for (genvar i = 1; i <= Lanes; i++) begin : gen_le
    assign b_le[i-1] = (32'(b_sym_q) >= i);
  end

  // The symbol's sub-interval (§4.3) and the renormalization shift d (0..10).
  logic [15:0] prod_lo, u_lo, rng1;
  logic [16:0] low_sum;
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
  assign u_lo    = prod_lo + ((b_sym_q != '0) ? {6'd0, rng_q[P-1:0]} : 16'd0);
  assign low_sum = {1'b0, low_q} + {1'b0, u_lo};

  logic [15:0] low1, bits_out;
  assign low1     = low_sum[15:0];
  assign bits_out = low1;  // its top dsh bits leave (left-aligned)

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
    .re_i   (a_fire || b_stall),
    .raddr_i(b_stall ? b_ctx_q : ctx_a),
    .rdata_o(tab_rdata)
  );

  // ==============================================================================================
  // Stage R: release of final bits (carry handling) and the ac packer.
  // ==============================================================================================
  logic                 hz_q, hz_d;          // a pending 0 bit exists (the newest 0)
  logic [RunWidth-1:0]  ones_q, ones_d;      // pending 1 bits after it
  // Release register: head bit, run, literal (left-aligned), last.
  logic                 rel_valid_q, rel_valid_d;
  logic                 rel_head_q, rel_head_d, rel_hbit_q, rel_hbit_d, rel_rbit_q, rel_rbit_d;
  logic [RunWidth-1:0]  rel_run_q, rel_run_d;
  logic [15:0]          rel_lit_q, rel_lit_d;
  logic [LenW-1:0]      rel_llen_q, rel_llen_d;
  logic                 rel_last_q, rel_last_d;

  // What one symbol releases (§4.4 with carries): carry first, then the d shifted-out bits.
  logic                 carry, has_zero;
  logic [3:0]           lastz;               // index (from the top) of the last 0 among them
  logic [3:0]           tail_ones;
  logic                 s_head, s_hbit, s_rbit, s_any;
  logic [RunWidth-1:0]  s_run;
  logic [15:0]          s_lit;
  logic [LenW-1:0]      s_llen;
  logic                 hz1;
  logic [RunWidth-1:0]  ones1;

  assign carry = low_sum[16];
  always_comb begin
    has_zero = 1'b0;
    lastz    = '0;
    for (int i = 0; i < 16; i++) begin
      if (i < 32'(dsh) && !bits_out[15-i]) begin
        has_zero = 1'b1;
        lastz    = 4'(i);
      end
    end
  end
  assign tail_ones = dsh - lastz - 4'd1;

  always_comb begin
    // After the carry.
    hz1    = hz_q;
    ones1  = ones_q;
    s_head = 1'b0;
    s_hbit = 1'b0;
    s_rbit = 1'b0;
    s_run  = '0;
    if (carry) begin
      if (ones_q != '0) begin
        s_head = 1'b1;       // "1 0^(N-1)" now final, the last 0 pending
        s_hbit = 1'b1;
        s_rbit = 1'b0;
        s_run  = ones_q - 1'b1;
        hz1    = 1'b1;
        ones1  = '0;
      end else begin
        hz1   = 1'b0;        // the pending 0 became a 1: it waits as a 1
        ones1 = RunWidth'(1);
      end
    end
    // Then the new bits: with a 0 among them, everything before the last 0 is final.
    s_lit  = '0;
    s_llen = '0;
    hz_d   = hz1;
    ones_d = ones1 + RunWidth'(dsh);
    if (has_zero) begin
      if (carry && ones_q != '0) begin
        s_run = ones_q;      // "1 0^(N-1)" + the pending 0
      end else begin
        s_head = hz1;        // the pending 0 (if any), then its 1 bits
        s_hbit = 1'b0;
        s_rbit = 1'b1;
        s_run  = ones1;
      end
      s_lit  = bits_out & ~(16'hffff >> lastz);  // the bits before the last 0
      s_llen = LenW'(lastz);
      hz_d   = 1'b1;
      ones_d = RunWidth'(tail_ones);
    end
  end
  assign s_any = s_head || (s_run != '0) || (s_llen != '0);

  // Chunks of the release register: all of it when it fits in 16 bits, else the head and run
  // first (16 bits at a time), the literal last.
  logic [RunWidth+1:0] rel_total;
  logic                rel_fits;
  logic [4:0]          run_take;
  logic [15:0]         run_bits, head_bits, chunk;
  logic [4:0]          chunk_len;
  logic                pk_valid, pk_ready, pk_last, rel_done, rel_free;

  assign rel_total = {2'b0, rel_run_q} + RtW'(rel_llen_q) + RtW'(rel_head_q);
  assign rel_fits  = (rel_total <= RtW'(ChunkW));
  assign run_take  = rel_fits ? 5'(rel_run_q)
                   : ((rel_run_q > RunWidth'(ChunkW - 1)) ? 5'(ChunkW) - 5'(rel_head_q) : 5'(rel_run_q));
  assign head_bits = rel_head_q ? {rel_hbit_q, 15'd0} : 16'd0;
  assign run_bits  = rel_rbit_q ? (~(16'hffff >> run_take) >> rel_head_q) : 16'd0;
  assign chunk     = head_bits | run_bits | (rel_fits ? rel_lit_q >> (5'(rel_head_q) + run_take) : 16'd0);
  assign chunk_len = rel_fits ? 5'(rel_total) : 5'(rel_head_q) + run_take;
  assign pk_valid  = rel_valid_q;
  assign pk_last   = rel_fits && rel_last_q;
  assign rel_done  = rel_valid_q && pk_ready && rel_fits;
  assign rel_free  = !rel_valid_q || rel_done;

  // ==============================================================================================
  // Handshakes.
  // ==============================================================================================
  logic raw_pk_ready, raw_pk_valid;
  logic ac_empty, raw_empty;
  logic unused_ac_half, unused_raw_half;  // streams of whole words
  // B moves on when the raw packer takes its bits and the release register is free; the flush of
  // a finished transmission goes first.
  assign raw_pk_valid = b_valid_q && !flush_q && rel_free;
  assign b_adv        = raw_pk_valid && raw_pk_ready;
  assign in_ready_o   = !b_valid_q || b_adv;
  assign a_fire       = in_valid_i && in_ready_o;
  assign b_valid_d    = a_fire || (b_valid_q && !b_adv);
  assign b_stall      = b_valid_q && !b_adv;  // no a_fire then: the table's read port is free

  always_comb begin
    seen_d  = seen_q;
    rng_d   = rng_q;
    low_d   = low_q;
    flush_d = flush_q;
    rel_valid_d = rel_valid_q && !rel_done;
    rel_head_d  = rel_head_q;
    rel_hbit_d  = rel_hbit_q;
    rel_rbit_d  = rel_rbit_q;
    rel_run_d   = rel_run_q;
    rel_lit_d   = rel_lit_q;
    rel_llen_d  = rel_llen_q;
    rel_last_d  = rel_last_q;
    if (rel_valid_q && pk_ready && !rel_fits) begin
      rel_head_d = 1'b0;     // the head and part of the run left
      rel_run_d  = rel_run_q - RunWidth'(run_take);
    end
    if (b_adv) begin
      seen_d[b_ctx_q] = 1'b1;
      rng_d = rng1 << dsh;
      low_d = low1 << dsh;
      if (s_any) begin
        rel_valid_d = 1'b1;
        rel_head_d  = s_head;
        rel_hbit_d  = s_hbit;
        rel_rbit_d  = s_rbit;
        rel_run_d   = s_run;
        rel_lit_d   = s_lit;
        rel_llen_d  = s_llen;
        rel_last_d  = 1'b0;
      end
      if (b_last_q) begin
        flush_d = 1'b1;
        seen_d  = '0;
      end
    end else if (flush_q && rel_free) begin
      // The flush: the pending bits, then the 16 bits of low, all final.
      rel_valid_d = 1'b1;
      rel_head_d  = hz_q;
      rel_hbit_d  = 1'b0;
      rel_rbit_d  = 1'b1;
      rel_run_d   = ones_q;
      rel_lit_d   = low_q;
      rel_llen_d  = LenW'(16);
      rel_last_d  = 1'b1;
      flush_d     = 1'b0;
      rng_d       = 16'hffff;
      low_d       = '0;
    end
    if (clear_i) begin
      seen_d      = '0;
      rng_d       = 16'hffff;
      low_d       = '0;
      flush_d     = 1'b0;
      rel_valid_d = 1'b0;
    end
  end

  // The pending bits: updated by each symbol, emptied by the flush.
  logic                hz_n;
  logic [RunWidth-1:0] ones_n;
  always_comb begin
    hz_n   = hz_q;
    ones_n = ones_q;
    if (b_adv) begin
      hz_n   = hz_d;
      ones_n = ones_d;
    end else if (flush_q && rel_free) begin
      hz_n   = 1'b0;
      ones_n = '0;
    end
    if (clear_i) begin
      hz_n   = 1'b0;
      ones_n = '0;
    end
  end

  fmc_bit_packer #(
    .WordWidth  (M),
    .ChunkWidth (ChunkW),
    .BufferWidth(ChunkW + M),  // placement shift by at most m: a chunk also enters as a word leaves
    .ReadyAfterEmit(1'b1)
  ) u_ac_pack (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (pk_valid),
    .in_ready_o (pk_ready),
    .in_data_i  (chunk),
    .in_len_i   (chunk_len),
    .in_last_i  (pk_last),
    .out_valid_o(ac_valid_o),
    .out_ready_i(ac_ready_i),
    .out_data_o (ac_data_o),
    .out_last_o (ac_last_o),
    .out_half_o (unused_ac_half),
    .empty_o    (ac_empty)
  );

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

  assign idle_o = !busy_q && !b_valid_q && !flush_q && !rel_valid_q && ac_empty && raw_empty;

  // ==============================================================================================
  // Registers.
  // ==============================================================================================
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      x_q         <= '0;
      y_q         <= '0;
      e_q         <= '0;
      prev_cls_q  <= '0;
      prev_q_q    <= '0;
      busy_q      <= 1'b0;
      b_valid_q   <= 1'b0;
      seen_q      <= '0;
      rng_q       <= 16'hffff;
      low_q       <= '0;
      flush_q     <= 1'b0;
      hz_q        <= 1'b0;
      ones_q      <= '0;
      rel_valid_q <= 1'b0;
    end else begin
      x_q         <= x_d;
      y_q         <= y_d;
      e_q         <= e_d;
      prev_cls_q  <= prev_cls_d;
      prev_q_q    <= prev_q_d;
      busy_q      <= busy_d;
      b_valid_q   <= b_valid_d && !clear_i;
      seen_q      <= seen_d;
      rng_q       <= rng_d;
      low_q       <= low_d;
      flush_q     <= flush_d;
      hz_q        <= hz_n;
      ones_q      <= ones_n;
      rel_valid_q <= rel_valid_d;
    end
  end

  // Datapath registers without reset: they are read only under a valid flag set after reset.
  always_ff @(posedge clk_i) begin
    if (a_fire) begin
      b_ctx_q  <= ctx_a;
      b_sym_q  <= cls;
      b_raw_q  <= raw_al[M:1];
      b_rlen_q <= SymW'(raw_len);
      b_last_q <= in_last_i;
      // Forward B's entry when B writes this context at this edge; a context not used yet in the
      // transmission (or any, at the first value of a transmission) starts from the initial state.
      b_byp_q  <= b_adv && !b_last_q && (b_ctx_q == ctx_a);
      b_ini_q  <= !seen_q[ctx_a] || (b_adv && b_last_q);
    end else if (b_stall) begin
      // B waits: its context's entry is read again (the table holds every write of an earlier
      // edge), so the forwarding register need not hold its value.
      b_byp_q  <= 1'b0;
      b_ini_q  <= b_ini_q && !b_byp_q;
    end
    cur_q <= entry_new;
    rel_head_q <= rel_head_d;
    rel_hbit_q <= rel_hbit_d;
    rel_rbit_q <= rel_rbit_d;
    rel_run_q  <= rel_run_d;
    rel_lit_q  <= rel_lit_d;
    rel_llen_q <= rel_llen_d;
    rel_last_q <= rel_last_d;
  end

`ifndef SYNTHESIS
  // The range stays in 2^15..2^16-1 (§4.4): mcrc_interval does not read its top bit.
  RangeNormalized: assert property (@(posedge clk_i) disable iff (!rst_ni) rng_q[15]);
  // The pending run of 1 bits fits its counter.
  RunFits: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      b_adv && !has_zero |-> {1'b0, ones1} + Rp1'(dsh) < Rp1'(1) << RunWidth);
  // A carry always finds a pending 0 (§4.4: L < 0xFFFF 2^D).
  CarryHasZero: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      b_adv && carry |-> hz_q);
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
