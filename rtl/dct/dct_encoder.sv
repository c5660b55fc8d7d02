// SPDX-License-Identifier: Apache-2.0
//
/// DCT encoder (lossy 4x4 transform coding, docs/dct-format.md; § refer to it): words in raster
/// order in, the tile codes of §2.3 out, packed MSB first into m-bit words (§2.5). Beat for beat
/// equal to the golden streaming encoder `fmc::dct_codec().encoder()` (same data and `last` on
/// every beat, possibly later): the same padding (§4.1), transform and quantizer (§3), Rice
/// parameters (§4.3) and integer mode decision (§4.4), so the loss is the golden model's exactly.
///
/// Protocol: `in` takes the N >= 1 words of a transmission, `in_last_i` on word N-1. The words are
/// the cells of planes of H x W (`cfg_plane_h_i` x `cfg_plane_w_i`) in raster order, the last
/// plane possibly partial. `tile` carries the transmission's tile codes in tile order (§2.1), the
/// last word zero-padded and flagged `tile_last_o`. Transmissions follow each other back to back.
/// The configuration inputs (shape, `cfg_shift_i` = s in 4..9, `cfg_unsigned_i` = U) are
/// quasi-static: they may change only while `idle_o` is 1.
///
/// Structure (a pipeline of four stages, each handing a whole tile to the next):
///   - Writer (`fmc_band_writer`, shared with the GRLC encoder): one cell per cycle into a ring of
///     band slots in `fmc_ram_1r1w` (a slot = 4 rows x Wslot cells, Wslot = the smallest power of
///     two >= max(W, 4); 2 * MaxPlaneWidth / Wslot slots), a negative word stored as 0 when U = 1
///     (§4.1). A memory word holds two cells of a row (columns 2p, 2p + 1): the even cell waits
///     in a register for its odd neighbour. A transmission's final cell leaves an end marker (its
///     band, row and column) in a one-entry register.
///   - Loader: per tile, reads its present cells (§2.1) from the memory, two per cycle, into the
///     load register, and computes the spatial candidate (§3.4) on the way
///     (`dct_encoder_spatial` per cell): the squared errors of the spatial and the empty
///     candidate, and the eight Rice sums of §4.3. A tile may be
///     read once the writer is past its columns in the band's last row (or the band is complete);
///     a slot is released when its band's last cell has been read.
///   - Stage A (8 cycles): the padded tile (§4.1, applied when it moves in) through the forward
///     transform, 4 columns (first pass) then 4 rows (second pass, with the quantizer of §3.3),
///     one 4-point butterfly (`dct_butterfly4`) per cycle.
///   - Stage B (8 cycles + 1): the inverse transform of the quantized tile, 4 columns then 4 rows,
///     the squared error of the transform candidate over the present cells, the Rice sums of the
///     AC coefficients (2 scan positions per cycle); then the decision cycle: the Rice parameters,
///     the bit counts, the costs J and the mode (§4.4), and the DC predictor (§2.6).
///   - Emitter: two code items per cycle into `fmc_bit_packer` (60-bit chunks): the items of a
///     tile are its header (the whole code of an empty tile), then one per AC scan position
///     1..last (transform) or per present cell (spatial).
///
/// Throughput: one input word per cycle while the ring has a free slot and the tile port is not
/// the bottleneck, on planes of every width W >= 3: a tile costs ceil(cw / 2) loader cycles per
/// row (cw its columns), 9 cycles in each transform stage and ceil((1 + items) / 2) <= 9 emitter
/// cycles, the stages working on consecutive tiles, so the stages keep up as long as the tiles
/// average at least 9 cells per 9 cycles of input: whole tiles (16 cells) leave slack that the
/// ring of slots banks for the partial tiles at plane edges (7 x 7 and 14 x 14 planes). Planes
/// narrower than 3 are bound by the stages: W = 1 (4 cells per tile) runs at 4/9, W = 2 at 8/9.
/// Measured words/cycle per plane width: docs/results/perf.md. A transmission's final word also
/// waits while the previous transmission's end marker is in use (until its final band has been
/// read).
///
/// Latency: a tile's last cell taken in cycle t is read by the loader from cycle t + 1; its code
/// reaches the packer about n_t / 2 + 20 cycles later when the stages are idle.
///
/// Timing: `tile_*` are driven by flops (the packer's buffer); `in_ready_o` is a function of flops
/// and `in_last_i`; `idle_o` of flops and the shape inputs. Longest internal paths: stage B's
/// decision (two 8-way minimum searches, the bit counts, three cost comparisons) and the
/// emitter's two item builds (Rice codes, variable shifts) and their concatenation into the packer.
///
/// Parameters: DataWidth m in {8, 16}; MaxPlaneWidth a power of two, 8..4096; DimWidth 1..16
/// (checked at elaboration). W must be 1..MaxPlaneWidth, H >= 1 and s 4..9 (simulation
/// assertion ConfigLegal). Memory (`fmc_ram_1r1w`): 4 * MaxPlaneWidth words of 2m bits.
///
/// Example (§7 example 1: m = 8, W = H = 4, s = 7, U = 0): the 16 words 20 30 40 50 36 46 56 66
/// 36 46 56 66 20 30 40 50 (last) give 0x85 0xc6 0x79 0x58 (last): one transform tile,
/// DC 21, last = 3, k = 1.
module dct_encoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth     = 8,
  /// Largest plane width W accepted (a power of two, 8..4096): sizes the memory.
  parameter int unsigned MaxPlaneWidth = 128,
  /// Width of the shape inputs, 1..16.
  parameter int unsigned DimWidth      = 16
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  /// Synchronous clear: aborts the transmission in flight and drops every pending bit.
  input  logic                 clear_i,
  /// W: cells per row of a plane (1..MaxPlaneWidth), quasi-static.
  input  logic [DimWidth-1:0]  cfg_plane_w_i,
  /// H: rows per plane (>= 1), quasi-static.
  input  logic [DimWidth-1:0]  cfg_plane_h_i,
  /// s: the quantizer shift, 4..9, quasi-static.
  input  logic [3:0]           cfg_shift_i,
  /// U: 1 for the unsigned output range (negative words coded as 0), quasi-static.
  input  logic                 cfg_unsigned_i,
  // Input cells, `in_last_i` on word N-1 of a transmission.
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [DataWidth-1:0] in_data_i,
  input  logic                 in_last_i,
  // Tile stream, `tile_last_o` on the final word of a transmission.
  output logic                 tile_valid_o,
  input  logic                 tile_ready_i,
  output logic [DataWidth-1:0] tile_data_o,
  output logic                 tile_last_o,
  /// No transmission in progress, nothing buffered.
  output logic                 idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && MaxPlaneWidth >= 8 && MaxPlaneWidth <= 4096 &&
        (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 && DimWidth >= 1 && DimWidth <= 16)) begin : gen_param_error
    $error("dct_encoder: DataWidth 8 or 16, MaxPlaneWidth a power of two in 8..4096, DimWidth 1..16");
  end

  localparam int unsigned M      = DataWidth;
  localparam int unsigned LgMPW  = $clog2(MaxPlaneWidth);
  localparam int unsigned XW     = LgMPW;                         // column 0..W-1
  localparam int unsigned TW     = (LgMPW > 2) ? LgMPW - 2 : 1;   // tile in a band
  localparam int unsigned SlotW  = LgMPW - 1;                     // at most 2^SlotW slots
  localparam int unsigned BandW  = SlotW + 1;
  localparam int unsigned KW     = $clog2(LgMPW + 1);             // log2 Wslot
  localparam int unsigned ShW    = KW + 2;
  localparam int unsigned CellAW = LgMPW + 3;
  localparam int unsigned PairAW = LgMPW + 2;                     // memory words: 2 cells
  localparam int unsigned SW     = 5;                             // shifts S, k', 2S - 8
  // Datapath widths (§9): first-pass outputs, butterfly sums, coefficients, spatial values.
  localparam int unsigned T1W    = M + 8;
  localparam int unsigned BfW    = T1W + 9;                       // dct_butterfly4 output
  localparam int unsigned QW     = 11;                            // |q| <= 2^(13-s) <= 512
  localparam int unsigned QMW    = 10;
  localparam int unsigned WMW    = 8;                             // |w| <= 2^(11-s) <= 128
  localparam int unsigned EvW    = (M > QW) ? M : QW;             // emitter values
  localparam int unsigned IvW    = 21 + M + 1;                    // 2^S * inverse first-pass sum
  localparam int unsigned CntW   = 9;                             // Rice sums of a tile
  localparam int unsigned Sse0W  = 2 * M + 4;
  localparam int unsigned SseW   = 2 * M + 5;
  localparam int unsigned JW     = 2 * M + 10;
  localparam int unsigned ChunkW = 60;                            // two items
  localparam int unsigned ChunkLW = 6;

  // ----------------------------------------------------------------------------------------------
  // Configuration: S, k', 2S - 8, the output range (the shape is decoded by the writer).
  // ----------------------------------------------------------------------------------------------
  logic [SW-1:0]       qs, kp, lam;      // S = s + m - 8, k' = S - 4, 2S - 8
  logic signed [M:0]   lo, hi;

  assign qs  = SW'(cfg_shift_i) + SW'(M - 8);
  assign kp  = qs - SW'(4);
  assign lam = (qs << 1) - SW'(8);
  assign lo  = cfg_unsigned_i ? '0 : -($signed((M + 1)'(1)) <<< (M - 1));
  assign hi  = $signed(((M + 1)'(1) << (M - 1)) - (M + 1)'(1));

  // ----------------------------------------------------------------------------------------------
  // Writer (fmc_band_writer): one cell per cycle into the band ring; the shape (W - 1, the last
  // tile of a row, Wslot = 2^k), the ring's flow control and the end marker.
  // ----------------------------------------------------------------------------------------------
  logic [XW-1:0]       wm1;
  logic [KW-1:0]       k;
  logic [1:0]          wr_r;
  logic [XW-1:0]       wr_x;
  logic                in_fire, row_end, wr_lastrow, wr_idle, rel, t_ready;
  logic [CellAW-1:0]   cell_waddr;
  logic [PairAW-1:0]   pair_waddr, pair_raddr;
  logic [2*M-1:0]      pair_wdata, pair_rdata;
  logic                pair_we, pair_re;
  logic [M-1:0]        cell_wdata, hold_q;     // the even column's cell until its pair is written
  logic                mk_pop, fin, band_last;
  logic [1:0]          mk_r;
  logic [XW-1:0]       mk_x;
  // The loader's position (its band counter is compared with the writer's).
  logic [BandW-1:0]    f_band_d, f_band_q;
  logic [TW-1:0]       f_g_d, f_g_q;

  fmc_band_writer #(
    .BandH        (4),
    .UnitW        (4),
    .MaxPlaneWidth(MaxPlaneWidth),
    .DimWidth     (DimWidth),
    .MarkUnit     (1'b0)
  ) u_writer (
    .clk_i,
    .rst_ni,
    .clear_i,
    .cfg_plane_w_i,
    .cfg_plane_h_i,
    .in_valid_i,
    .in_ready_o,
    .in_last_i,
    .wr_o          (in_fire),
    .wr_addr_o     (cell_waddr),
    .wr_col_o      (wr_x),
    .wr_row_o      (wr_r),
    .wr_row_end_o  (row_end),
    .wr_last_row_o (wr_lastrow),
    .wm1_o         (wm1),
    .slot_lg_o     (k),
    .rel_i         (rel),
    .rd_band_i     (f_band_q),
    .rd_unit_i     (f_g_q),
    .rd_ready_o    (t_ready),
    .rd_final_o    (fin),
    .rd_last_unit_o(band_last),
    .mk_pop_i      (mk_pop),
    .mk_row_o      (mk_r),
    .mk_col_o      (mk_x),
    .idle_o        (wr_idle)
  );

  assign cell_wdata = (cfg_unsigned_i && in_data_i[M-1]) ? '0 : in_data_i;

  // The memory holds pairs of cells (columns 2 p and 2 p + 1 of a row, the odd one in the upper
  // half): a pair is written at its odd column, or at its even one when the row or the
  // transmission ends there. Address {slot, row, pair}.
  assign pair_waddr = cell_waddr[CellAW-1:1];
  assign pair_we    = in_fire && (wr_x[0] || row_end || in_last_i);
  assign pair_wdata = {cell_wdata, wr_x[0] ? hold_q : cell_wdata};

  fmc_ram_1r1w #(
    .Width(2 * M),
    .Depth(4 * MaxPlaneWidth)
  ) u_cell_ram (
    .clk_i,
    .we_i   (pair_we),
    .waddr_i(pair_waddr),
    .wdata_i(pair_wdata),
    .re_i   (pair_re),
    .raddr_i(pair_raddr),
    .rdata_o(pair_rdata)
  );

  // ----------------------------------------------------------------------------------------------
  // Loader: the present cells of each tile, one read per cycle; the spatial candidate.
  // ----------------------------------------------------------------------------------------------
  logic [DimWidth-1:0] f_y0_d, f_y0_q;       // the band's first row in its plane
  logic [1:0]          f_i_d, f_i_q;
  logic                f_p_d, f_p_q;          // the pair in the tile's row

  logic [XW-1:0]       x0, wrem;
  logic [DimWidth-1:0] hrem;
  logic [1:0]          cw1, rows1, t_ia, t_ja;
  logic                t_row, t_first, t_lastcell, rd_issue;

  assign x0    = XW'(f_g_q) << 2;
  assign wrem  = wm1 - x0;
  assign cw1   = (wrem >= XW'(3)) ? 2'd3 : wrem[1:0];
  assign hrem  = cfg_plane_h_i - f_y0_q;
  assign rows1 = (hrem >= DimWidth'(4)) ? 2'd3 : 2'(hrem - DimWidth'(1));
  assign t_row = (x0 <= mk_x);                 // the tile has a cell in the final row
  always_comb begin
    t_ia = rows1;
    t_ja = cw1;
    if (fin) begin
      t_ia = t_row ? mk_r : mk_r - 1'b1;
      t_ja = (t_row && (mk_x - x0 < XW'(cw1))) ? 2'(mk_x - x0) : cw1;
    end
  end
  assign t_first    = (f_g_q == '0) && (f_y0_q == '0);
  assign t_lastcell = (f_i_q == t_ia) && (f_p_q == t_ja[1]);   // the pair holding the last cell
  logic [CellAW-1:0] cell_raddr;
  assign cell_raddr = (CellAW'(f_band_q[SlotW-1:0]) << (ShW'(k) + ShW'(2))) |
                      (CellAW'(f_i_q) << k) | (CellAW'(x0) + CellAW'({f_p_q, 1'b0}));
  assign pair_raddr = cell_raddr[CellAW-1:1];

  // The read in flight: its position and the tile's shape.
  logic       rd_pend_q;
  logic [1:0] rd_i_q, rd_cw1_q, rd_ia_q, rd_ja_q;
  logic       rd_p_q;
  logic       rd_last_q, rd_first_q, rd_lasttx_q;
  logic       consume, handoff, a_free;

  // The load register: the tile's cells and spatial values (position 4 i + j), its shape, and
  // the spatial candidate's sums.
  logic [16*M-1:0]      xl_d, xl_q;
  logic                 xl_full_d, xl_full_q;
  logic [1:0]           xl_cw1_q, xl_ia_q, xl_ja_q;
  logic                 xl_first_q, xl_lasttx_q;
  logic [Sse0W-1:0]     sse0_d, sse0_q;
  logic [SseW-1:0]      sses_d, sses_q;
  logic [4:0]           nzs_d, nzs_q;
  logic [8*CntW-1:0]    cnts_d, cnts_q;

  assign rd_issue = t_ready && (!rd_pend_q || consume) && !clear_i;
  assign pair_re  = rd_issue;
  assign consume  = rd_pend_q && (!xl_full_q || handoff);
  assign handoff  = xl_full_q && a_free;
  assign mk_pop   = rd_issue && t_lastcell && band_last && fin;
  // A band's slot is released when its last cell has been read.
  assign rel      = rd_issue && t_lastcell && band_last;

  always_comb begin
    f_band_d = f_band_q;
    f_g_d    = f_g_q;
    f_y0_d   = f_y0_q;
    f_i_d    = f_i_q;
    f_p_d    = f_p_q;
    if (rd_issue) begin
      if (t_lastcell) begin
        f_i_d = '0;
        f_p_d = 1'b0;
        if (band_last) begin
          f_band_d = f_band_q + 1'b1;
          f_g_d    = '0;
          f_y0_d   = (fin || (hrem <= DimWidth'(4))) ? '0 : f_y0_q + DimWidth'(4);
        end else begin
          f_g_d = f_g_q + 1'b1;
        end
      end else if (f_p_q == cw1[1]) begin
        f_i_d = f_i_q + 1'b1;
        f_p_d = 1'b0;
      end else begin
        f_p_d = 1'b1;
      end
    end
    if (clear_i) begin
      f_band_d = '0;
      f_g_d    = '0;
      f_y0_d   = '0;
      f_i_d    = '0;
      f_p_d    = 1'b0;
    end
  end

  // The consumed pair's spatial candidate (§3.4) and its contributions; the second cell counts
  // only when it is present.
  logic                 lvalid1;
  logic [2*2*M-1:0]     lsq0;
  logic [2*(2*M-6)-1:0] lsqs;
  logic [1:0]           lnz;
  logic [2*40-1:0]      llen;
  logic                 lfirst;

  // (a read's first cell is always present)
  assign lvalid1   = ({rd_p_q, 1'b1} <= rd_cw1_q) && ((rd_i_q != rd_ia_q) || ({rd_p_q, 1'b1} <= rd_ja_q));
  assign lfirst    = (rd_i_q == '0) && !rd_p_q;

  for (genvar c = 0; c < 2; c++) begin : gen_spatial
    dct_encoder_spatial #(
      .DataWidth(M)
    ) u_spatial (
      .x_i  (pair_rdata[M*c +: M]),
      .kp_i (kp),
      .lo_i (lo),
      .hi_i (hi),
      .sq0_o(lsq0[2*M*c +: 2*M]),
      .sqs_o(lsqs[(2*M-6)*c +: 2*M-6]),
      .nz_o (lnz[c]),
      .len_o(llen[40*c +: 40])
    );
  end

  always_comb begin
    xl_d      = xl_q;
    sse0_d    = sse0_q;
    sses_d    = sses_q;
    nzs_d     = nzs_q;
    cnts_d    = cnts_q;
    xl_full_d = xl_full_q && !handoff;
    if (consume) begin
      for (int p = 0; p < 16; p++) begin
        if (4'(p) == {rd_i_q, rd_p_q, 1'b0}) xl_d[M*p +: M] = pair_rdata[M-1:0];
        if (4'(p) == {rd_i_q, rd_p_q, 1'b1}) xl_d[M*p +: M] = pair_rdata[2*M-1:M];
      end
      sse0_d = (lfirst ? '0 : sse0_q) + Sse0W'(lsq0[2*M-1:0]) +
               (lvalid1 ? Sse0W'(lsq0[4*M-1:2*M]) : '0);
      sses_d = (lfirst ? '0 : sses_q) + SseW'(lsqs[2*M-7:0]) +
               (lvalid1 ? SseW'(lsqs[4*M-13:2*M-6]) : '0);
      nzs_d  = (lfirst ? '0 : nzs_q) + 5'(lnz[0]) + 5'(lnz[1] && lvalid1);
      for (int kk = 0; kk < 8; kk++) begin
        cnts_d[CntW*kk +: CntW] = (lfirst ? '0 : cnts_q[CntW*kk +: CntW]) +
                                  CntW'(llen[5*kk +: 5]) +
                                  (lvalid1 ? CntW'(llen[40+5*kk +: 5]) : '0);
      end
      if (rd_last_q) xl_full_d = 1'b1;
    end
    if (clear_i) xl_full_d = 1'b0;
  end

  // §4.1 padding: each column's rows below its last present row repeat that row, then the
  // columns right of the last present column repeat that column.
  logic [16*M-1:0] xr, xp;
  logic [1:0]      ce1;
  assign ce1 = (xl_ia_q == '0) ? xl_ja_q : xl_cw1_q;
  always_comb begin
    xr = xl_q;
    for (int j = 0; j < 4; j++) begin
      for (int i = 1; i < 4; i++) begin
        if ((2'(j) <= xl_ja_q) ? (2'(i) > xl_ia_q) : (2'(i) >= xl_ia_q)) begin  // not present
          xr[M*(4*i+j) +: M] = xr[M*(4*(i-1)+j) +: M];
        end
      end
    end
    xp = xr;
    for (int i = 0; i < 4; i++) begin
      for (int j = 1; j < 4; j++) begin
        if (2'(j) > ce1) xp[M*(4*i+j) +: M] = xp[M*(4*i+j-1) +: M];
      end
    end
  end

  // ----------------------------------------------------------------------------------------------
  // Stage A: forward transform (§3.2) and quantizer (§3.3).
  // ----------------------------------------------------------------------------------------------
  logic             a_busy_d, a_busy_q, a_done_d, a_done_q;
  logic [2:0]       a_cnt_d, a_cnt_q;
  logic [16*M-1:0]  xa_d, xa_q;
  logic [16*T1W-1:0] t1_d, t1_q;
  logic [16*QW-1:0] qa_d, qa_q;
  logic [1:0]       a_cw1_q, a_ia_q, a_ja_q;
  logic             a_first_q, a_lasttx_q;
  logic [Sse0W-1:0] a_sse0_q;
  logic [SseW-1:0]  a_sses_q;
  logic [4:0]       a_nzs_q;
  logic [8*CntW-1:0] a_cnts_q;
  logic             b_take;

  logic [4*T1W-1:0] fb_in;
  logic [4*BfW-1:0] fb_out;
  logic [1:0]       a_idx;
  logic [QMW+M:0]   qoff;

  assign a_free = !a_busy_q && (!a_done_q || b_take);
  assign a_idx  = a_cnt_q[1:0];
  assign qoff   = ((QMW + M + 1)'(3) << qs) >> 3;

  always_comb begin
    fb_in = '0;
    for (int r = 0; r < 4; r++) begin
      if (!a_cnt_q[2]) begin  // first pass: column a_idx of the padded tile
        for (int c = 0; c < 4; c++) begin
          if (2'(c) == a_idx) fb_in[T1W*r +: T1W] = T1W'($signed(xa_q[M*(4*r+c) +: M]));
        end
      end else begin          // second pass: row a_idx of T1
        for (int u = 0; u < 4; u++) begin
          if (2'(u) == a_idx) fb_in[T1W*r +: T1W] = t1_q[T1W*(4*u+r) +: T1W];
        end
      end
    end
  end

  dct_butterfly4 #(
    .InWidth(T1W),
    .Inverse(1'b0)
  ) u_fwd (
    .x_i(fb_in),
    .y_o(fb_out)
  );

  logic signed [BfW-1:0] as_s, as_f;
  logic [BfW-1:0]        as_fa, as_mag;

  always_comb begin
    as_s     = '0;
    as_f     = '0;
    as_fa    = '0;
    as_mag   = '0;
    a_busy_d = a_busy_q;
    a_cnt_d  = a_cnt_q;
    a_done_d = a_done_q && !b_take;
    xa_d     = xa_q;
    t1_d     = t1_q;
    qa_d     = qa_q;
    if (a_busy_q) begin
      a_cnt_d = a_cnt_q + 1'b1;
      if (a_cnt_q == 3'd7) begin
        a_busy_d = 1'b0;
        a_done_d = 1'b1;
      end
      for (int u = 0; u < 4; u++) begin
        as_s = $signed(fb_out[BfW*u +: BfW]);
        if (!a_cnt_q[2]) begin
          // T1[u][j] = round(sum, 1), j = a_idx.
          for (int c = 0; c < 4; c++) begin
            if (2'(c) == a_idx) t1_d[T1W*(4*u+c) +: T1W] = T1W'((as_s + BfW'(1)) >>> 1);
          end
        end else begin
          // F[a_idx][v] = round(sum, 9), v = u; q = sign(F) * ((|F| + 3 * 2^(S-3)) >> S).
          as_f   = (as_s + BfW'(256)) >>> 9;
          as_fa  = as_f[BfW-1] ? BfW'(-as_f) : BfW'(as_f);
          as_mag = (as_fa + BfW'(qoff)) >> qs;
          for (int r = 0; r < 4; r++) begin
            if (2'(r) == a_idx) begin
              qa_d[QW*(4*r+u) +: QW] = as_f[BfW-1] ? QW'(-$signed({1'b0, as_mag})) : QW'(as_mag);
            end
          end
        end
      end
    end
    if (handoff) begin
      a_busy_d = 1'b1;
      a_cnt_d  = '0;
      xa_d     = xp;
    end
    if (clear_i) begin
      a_busy_d = 1'b0;
      a_done_d = 1'b0;
    end
  end

  // ----------------------------------------------------------------------------------------------
  // Stage B: inverse transform, the transform candidate's error and Rice sums, the decision.
  // ----------------------------------------------------------------------------------------------
  logic              b_busy_d, b_busy_q;
  logic [3:0]        b_cnt_d, b_cnt_q;
  logic [16*M-1:0]   xb_q;
  logic [16*QW-1:0]  qb_q;
  logic [16*T1W-1:0] y1_d, y1_q;
  logic [1:0]        b_cw1_q, b_ia_q, b_ja_q;
  logic              b_first_q, b_lasttx_q;
  logic [Sse0W-1:0]  b_sse0_q;
  logic [SseW-1:0]   b_sses_q;
  logic [4:0]        b_nzs_q;
  logic [8*CntW-1:0] b_cnts_q;
  logic [SseW-1:0]   sset_d, sset_q;
  logic [8*CntW-1:0] cntt_d, cntt_q;
  logic [4:0]        nzt_d, nzt_q;
  logic signed [QW-1:0] pred_d, pred_q;
  logic              b_decide, e_free, e_load;

  logic [4*T1W-1:0]  ib_in;
  logic [4*BfW-1:0]  ib_out;
  logic [1:0]        b_idx;

  assign b_idx    = b_cnt_q[1:0];
  assign b_decide = b_busy_q && (b_cnt_q == 4'd8);
  assign e_load   = b_decide && e_free;
  assign b_take   = a_done_q && (!b_busy_q || e_load);

  always_comb begin
    ib_in = '0;
    for (int r = 0; r < 4; r++) begin
      if (!b_cnt_q[2]) begin  // first pass: column b_idx of q
        for (int c = 0; c < 4; c++) begin
          if (2'(c) == b_idx) ib_in[T1W*r +: T1W] = T1W'($signed(qb_q[QW*(4*r+c) +: QW]));
        end
      end else begin          // second pass: row b_idx of Y1
        for (int i = 0; i < 4; i++) begin
          if (2'(i) == b_idx) ib_in[T1W*r +: T1W] = y1_q[T1W*(4*i+r) +: T1W];
        end
      end
    end
  end

  dct_butterfly4 #(
    .InWidth(T1W),
    .Inverse(1'b1)
  ) u_inv (
    .x_i(ib_in),
    .y_o(ib_out)
  );

  // The zig-zag scan (§3.1): the raster index of scan position i in bits [4 i +: 4].
  localparam logic [63:0] ScanTab = {4'd15, 4'd14, 4'd11, 4'd7, 4'd10, 4'd13, 4'd12, 4'd9,
                                     4'd6, 4'd3, 4'd2, 4'd5, 4'd8, 4'd4, 4'd1, 4'd0};

  // AC magnitudes at scan positions 2 b_cnt and 2 b_cnt + 1 (position 0, the DC, counts nothing).
  logic [QMW-1:0] ac_mag0, ac_mag1;
  logic [39:0]    ac_len0, ac_len1;
  logic signed [QW-1:0] ac_v0, ac_v1;
  logic [3:0]           ac_p0, ac_p1;

  always_comb begin
    ac_p0 = ScanTab[4*{b_cnt_q[2:0], 1'b0} +: 4];
    ac_p1 = ScanTab[4*{b_cnt_q[2:0], 1'b1} +: 4];
    ac_v0 = '0;
    ac_v1 = '0;
    for (int p = 0; p < 16; p++) begin
      if (4'(p) == ac_p0) ac_v0 = $signed(qb_q[QW*p +: QW]);
      if (4'(p) == ac_p1) ac_v1 = $signed(qb_q[QW*p +: QW]);
    end
    ac_mag0 = (b_cnt_q[2:0] == '0) ? '0 : (ac_v0[QW-1] ? QMW'(-ac_v0) : QMW'(ac_v0));
    ac_mag1 = ac_v1[QW-1] ? QMW'(-ac_v1) : QMW'(ac_v1);
  end

  dct_rice_cost #(
    .MagWidth(QMW)
  ) u_ac_cost0 (
    .mag_i(ac_mag0),
    .len_o(ac_len0)
  );
  dct_rice_cost #(
    .MagWidth(QMW)
  ) u_ac_cost1 (
    .mag_i(ac_mag1),
    .len_o(ac_len1)
  );

  logic signed [IvW-1:0] bs_sv, bs_yv;
  logic signed [BfW-1:0] bs_s, bs_yr;
  logic signed [M+1:0]   bs_rt, bs_d;
  logic [M:0]            bs_da;
  logic [SseW-1:0]       bs_acc;

  always_comb begin
    bs_s     = '0;
    bs_sv    = '0;
    bs_yv    = '0;
    bs_yr    = '0;
    bs_rt    = '0;
    bs_d     = '0;
    bs_da    = '0;
    b_busy_d = b_busy_q;
    b_cnt_d  = b_cnt_q;
    y1_d     = y1_q;
    sset_d   = sset_q;
    cntt_d   = cntt_q;
    nzt_d    = nzt_q;
    bs_acc      = sset_q;
    if (b_busy_q && !b_decide) begin
      b_cnt_d = b_cnt_q + 1'b1;
      for (int kk = 0; kk < 8; kk++) begin
        cntt_d[CntW*kk +: CntW] = cntt_q[CntW*kk +: CntW] + CntW'(ac_len0[5*kk +: 5]) +
                                  CntW'(ac_len1[5*kk +: 5]);
      end
      nzt_d = nzt_q + 5'(ac_mag0 != '0) + 5'(ac_mag1 != '0);
      for (int u = 0; u < 4; u++) begin
        bs_s = $signed(ib_out[BfW*u +: BfW]);
        if (!b_cnt_q[2]) begin
          // Y1[i][v] = clip(round(2^S * sum, 7)), i = u, v = b_idx.
          bs_sv = IvW'(bs_s) <<< qs;
          bs_yv = (bs_sv + IvW'(64)) >>> 7;
          if (bs_yv > $signed(IvW'((1 << (M + 7)) - 1))) bs_yv = IvW'((1 << (M + 7)) - 1);
          if (bs_yv < -$signed(IvW'(1 << (M + 7)))) bs_yv = -$signed(IvW'(1 << (M + 7)));
          for (int c = 0; c < 4; c++) begin
            if (2'(c) == b_idx) y1_d[T1W*(4*u+c) +: T1W] = T1W'(bs_yv);
          end
        end else begin
          // y[i][j] = round(sum, 11), i = b_idx, j = u; clamped; error against x if present.
          bs_yr = (bs_s + BfW'(1024)) >>> 11;
          bs_rt = (M + 2)'(bs_yr);
          if (bs_yr < BfW'(lo)) bs_rt = (M + 2)'(lo);
          if (bs_yr > BfW'(hi)) bs_rt = (M + 2)'(hi);
          for (int i = 0; i < 4; i++) begin
            if (2'(i) == b_idx) begin
              bs_d  = bs_rt - (M + 2)'($signed(xb_q[M*(4*i+u) +: M]));
              bs_da = bs_d[M+1] ? (M + 1)'(-bs_d) : (M + 1)'(bs_d);
              if ((2'(u) <= b_cw1_q) && ((2'(i) < b_ia_q) || ((2'(i) == b_ia_q) &&
                                                            (2'(u) <= b_ja_q)))) begin
                bs_acc = bs_acc + SseW'(bs_da) * SseW'(bs_da);
              end
            end
          end
        end
      end
      sset_d = bs_acc;
    end
    if (b_take) begin
      b_busy_d = 1'b1;
      b_cnt_d  = '0;
      sset_d   = '0;
      cntt_d   = '0;
      nzt_d    = '0;
    end else if (e_load) begin
      b_busy_d = 1'b0;
    end
    if (clear_i) b_busy_d = 1'b0;
  end

  // The decision (§4.2-§4.4), from the registered sums.
  logic signed [QW-1:0] dq0, dpred;
  logic signed [QW:0]   dres;
  logic signed [12:0]   dres13;
  logic [12:0]          du, dv;
  logic [3:0]           dl;           // floor(log2 v)
  logic [4:0]           eglen;
  logic [3:0]           dlast;
  logic [2:0]           dkt, dks;
  logic [CntW-1:0]      dmint, dmins;
  logic [4:0]           dnt;
  logic [9:0]           bits_t, bits_s;
  logic [JW-1:0]        j0, jt, js;
  logic                 d_empty, d_tr;

  always_comb begin
    dq0   = $signed(qb_q[QW-1:0]);
    dpred = b_first_q ? '0 : pred_q;
    dres  = (QW + 1)'(dq0) - (QW + 1)'(dpred);
    dres13 = 13'(dres);
    du    = dres13[12] ? 13'(-(dres13 <<< 1) - 13'sd1) : 13'(dres13 <<< 1);
    dv    = du + 13'd4;
    dl    = '0;
    for (int i = 0; i < 13; i++) begin
      if (dv[i]) dl = 4'(i);
    end
    eglen = (5'(dl) << 1) - 5'd1;
    dlast = '0;
    for (int i = 1; i < 16; i++) begin
      if (qb_q[QW*ScanTab[4*i +: 4] +: QW] != '0) dlast = 4'(i);
    end
    dkt   = '0;
    dmint = cntt_q[CntW-1:0];
    dks   = '0;
    dmins = b_cnts_q[CntW-1:0];
    for (int kk = 1; kk < 8; kk++) begin
      if (cntt_q[CntW*kk +: CntW] < dmint) begin
        dmint = cntt_q[CntW*kk +: CntW];
        dkt   = 3'(kk);
      end
      if (b_cnts_q[CntW*kk +: CntW] < dmins) begin
        dmins = b_cnts_q[CntW*kk +: CntW];
        dks   = 3'(kk);
      end
    end
    dnt    = 5'(b_ia_q) * (5'(b_cw1_q) + 5'd1) + 5'(b_ja_q) + 5'd1;
    bits_t = 10'd6 + 10'(eglen);
    if (dlast != '0) bits_t = bits_t + 10'd3 + 10'(dmint) + 10'(nzt_q) + 10'(dlast) - 10'd1;
    bits_s = 10'd5 + 10'(dnt) + 10'(dmins) + (cfg_unsigned_i ? 10'd0 : 10'(b_nzs_q));
    j0 = (JW'(b_sse0_q) << 3) + (JW'(1) << lam);
    jt = (JW'(sset_q) << 3) + (JW'(bits_t) << lam);
    js = (JW'(b_sses_q) << 3) + (JW'(bits_s) << lam);
    d_empty = (j0 <= jt) && (j0 <= js);
    d_tr    = !d_empty && (jt <= js);
  end

  always_comb begin
    pred_d = pred_q;
    if (e_load) begin
      pred_d = d_empty ? '0 : (d_tr ? dq0 : dpred);
    end
  end

  // ----------------------------------------------------------------------------------------------
  // Emitter: the tile code, two items per cycle. The items of a tile are its header (the whole
  // code of an empty tile) and then one per AC scan position 1..last (transform) or per present
  // cell (spatial); a cursor (header flag, position) walks them, A is the item at the cursor and
  // B the one after it, sent in the same chunk unless A is the tile's last.
  // ----------------------------------------------------------------------------------------------
  logic              e_valid_d, e_valid_q, e_hdr_d, e_hdr_q;
  logic [1:0]        e_mode_d, e_mode_q;    // 0 empty, 1 transform, 2 spatial
  logic [2:0]        e_k_d, e_k_q;
  logic [3:0]        e_last_d, e_last_q;
  logic [12:0]       e_v_d, e_v_q;
  logic [4:0]        e_eglen_d, e_eglen_q;
  logic [1:0]        e_cw1_d, e_cw1_q, e_ia_d, e_ia_q, e_ja_d, e_ja_q;
  logic              e_lasttx_d, e_lasttx_q;
  logic [16*EvW-1:0] e_val_d, e_val_q;   // q (transform) or x (spatial)
  logic [3:0]        e_pos_d, e_pos_q;      // scan position (transform) or 4 i + j (spatial)

  logic              pk_ready, pk_fire, pk_empty, pk_half, e_lastitem;
  logic [ChunkW-1:0] chunk;
  logic [ChunkLW-1:0] chunk_len;

  // The position after `p` in the tile's item order, and whether `p` is the last item.
  logic [3:0]        pos_b, pos_c;          // the items after the cursor's
  logic              last_a, last_b;        // A / B is the tile's last item
  logic [3:0]        rp_a, rp_b;            // raster index of A's / B's value
  logic [EvW-1:0]    ev_a, ev_b;
  logic [QW-1:0]     val_a, val_b;
  logic              sig_a, sig_b, sgn;
  logic [29:0]       it_a, it_b, hdr;
  logic [4:0]        len_a, len_b, hdr_len;
  logic              hdr_last;
  logic [29:0]       item_a;
  logic [4:0]        item_a_len;

  assign pk_fire = e_valid_q && pk_ready;
  assign e_free  = !e_valid_q || (pk_fire && e_lastitem);

  always_comb begin
    // B: after the header, the first position; else the position after A's.
    if (e_hdr_q) begin
      pos_b = e_pos_q;
    end else if (e_mode_q == 2'd1 || e_pos_q[1:0] != e_cw1_q) begin
      pos_b = e_pos_q + 4'd1;
    end else begin
      pos_b = {e_pos_q[3:2] + 2'd1, 2'd0};
    end
    if (e_mode_q == 2'd1 || pos_b[1:0] != e_cw1_q) begin
      pos_c = pos_b + 4'd1;
    end else begin
      pos_c = {pos_b[3:2] + 2'd1, 2'd0};
    end
    if (e_mode_q == 2'd1) begin
      last_a = (e_pos_q == e_last_q);
      last_b = (pos_b == e_last_q);
    end else begin
      last_a = (e_pos_q[3:2] == e_ia_q) && (e_pos_q[1:0] == e_ja_q);
      last_b = (pos_b[3:2] == e_ia_q) && (pos_b[1:0] == e_ja_q);
    end
    rp_a  = (e_mode_q == 2'd1) ? ScanTab[4*e_pos_q +: 4] : e_pos_q;
    rp_b  = (e_mode_q == 2'd1) ? ScanTab[4*pos_b +: 4] : pos_b;
    ev_a = '0;
    ev_b = '0;
    for (int p = 0; p < 16; p++) begin
      if (4'(p) == rp_a) ev_a = e_val_q[EvW*p +: EvW];
      if (4'(p) == rp_b) ev_b = e_val_q[EvW*p +: EvW];
    end
    // Significance bits: every spatial cell; transform positions before `last`.
    sig_a = (e_mode_q == 2'd2) || !last_a;
    sig_b = (e_mode_q == 2'd2) || !last_b;
  end
  assign sgn = (e_mode_q == 2'd1) || !cfg_unsigned_i;

  // The item values: q as it is, or the spatial value w of x (§3.4).
  logic signed [EvW-1:0] evs_a, evs_b, evn_a, evn_b;
  logic [M-1:0]          xab_a, xab_b;
  logic [M:0]            xm_a, xm_b;
  logic [WMW-1:0]        wm_a, wm_b;
  logic signed [QW-1:0]  wq_a, wq_b;
  assign evs_a = $signed(ev_a);
  assign evs_b = $signed(ev_b);
  assign evn_a = -evs_a;
  assign evn_b = -evs_b;
  assign xab_a = evs_a[EvW-1] ? evn_a[M-1:0] : evs_a[M-1:0];
  assign xab_b = evs_b[EvW-1] ? evn_b[M-1:0] : evs_b[M-1:0];
  assign xm_a  = ((M + 1)'(xab_a) + (((M + 1)'(1) << kp) >> 1)) >> kp;
  assign xm_b  = ((M + 1)'(xab_b) + (((M + 1)'(1) << kp) >> 1)) >> kp;
  assign wm_a  = xm_a[WMW-1:0];  // |w| <= 2^(11-s): the bits above are 0
  assign wm_b  = xm_b[WMW-1:0];
  assign wq_a  = QW'(wm_a);
  assign wq_b  = QW'(wm_b);
  assign val_a = (e_mode_q == 2'd1) ? evs_a[QW-1:0] : (evs_a[EvW-1] ? -wq_a : wq_a);
  assign val_b = (e_mode_q == 2'd1) ? evs_b[QW-1:0] : (evs_b[EvW-1] ? -wq_b : wq_b);

  dct_encoder_item #(
    .ValWidth(QW)
  ) u_item_a (
    .val_i (val_a),
    .k_i   (e_k_q),
    .sig_i (sig_a),
    .sgn_i (sgn),
    .item_o(it_a),
    .len_o (len_a)
  );
  dct_encoder_item #(
    .ValWidth(QW)
  ) u_item_b (
    .val_i (val_b),
    .k_i   (e_k_q),
    .sig_i (sig_b),
    .sgn_i (sgn),
    .item_o(it_b),
    .len_o (len_b)
  );

  // The header: empty `0`; transform `1 0` EG2(DC) last [k]; spatial `1 1` k.
  always_comb begin
    hdr      = '0;
    hdr_len  = 5'd1;
    hdr_last = 1'b1;
    unique case (e_mode_q)
      2'd1: begin
        hdr      = ((30'(2) << e_eglen_q) | 30'(e_v_q)) << 4 | 30'(e_last_q);
        hdr_len  = 5'd6 + e_eglen_q;
        if (e_last_q != '0) begin
          hdr     = (hdr << 3) | 30'(e_k_q);
          hdr_len = hdr_len + 5'd3;
        end
        hdr_last = (e_last_q == '0);
      end
      2'd2: begin
        hdr      = 30'({2'b11, e_k_q});
        hdr_len  = 5'd5;
        hdr_last = 1'b0;
      end
      default: ;
    endcase
  end

  // A (the header or the cursor's item), then B unless A ends the tile; left-aligned.
  assign item_a     = e_hdr_q ? hdr : it_a;
  assign item_a_len = e_hdr_q ? hdr_len : len_a;
  assign e_lastitem = e_hdr_q ? (hdr_last || last_b) : (last_a || last_b);
  always_comb begin
    if (e_hdr_q ? hdr_last : last_a) begin
      chunk     = ChunkW'(item_a) << (7'(ChunkW) - 7'(item_a_len));
      chunk_len = ChunkLW'(item_a_len);
    end else begin
      chunk     = ((ChunkW'(item_a) << len_b) | ChunkW'(it_b)) <<
                  (7'(ChunkW) - 7'(item_a_len) - 7'(len_b));
      chunk_len = ChunkLW'(item_a_len) + ChunkLW'(len_b);
    end
  end

  always_comb begin
    e_valid_d  = e_valid_q;
    e_hdr_d    = e_hdr_q;
    e_mode_d   = e_mode_q;
    e_k_d      = e_k_q;
    e_last_d   = e_last_q;
    e_v_d      = e_v_q;
    e_eglen_d  = e_eglen_q;
    e_cw1_d    = e_cw1_q;
    e_ia_d     = e_ia_q;
    e_ja_d     = e_ja_q;
    e_lasttx_d = e_lasttx_q;
    e_val_d    = e_val_q;
    e_pos_d    = e_pos_q;
    if (pk_fire) begin
      if (e_lastitem) begin
        e_valid_d = 1'b0;
      end else begin
        e_hdr_d = 1'b0;
        e_pos_d = pos_c;  // the item after B (after the header, B is the first position)
      end
    end
    if (e_load) begin
      e_valid_d  = 1'b1;
      e_hdr_d    = 1'b1;
      e_mode_d   = d_empty ? 2'd0 : (d_tr ? 2'd1 : 2'd2);
      e_k_d      = d_tr ? dkt : dks;
      e_last_d   = dlast;
      e_v_d      = dv;
      e_eglen_d  = eglen;
      e_cw1_d    = b_cw1_q;
      e_ia_d     = b_ia_q;
      e_ja_d     = b_ja_q;
      e_lasttx_d = b_lasttx_q;
      e_pos_d    = d_tr ? 4'd1 : 4'd0;
      for (int p = 0; p < 16; p++) begin
        e_val_d[EvW*p +: EvW] = d_tr ? EvW'($signed(qb_q[QW*p +: QW])) : EvW'($signed(xb_q[M*p +: M]));
      end
    end
    if (clear_i) e_valid_d = 1'b0;
  end

  fmc_bit_packer #(
    .WordWidth     (M),
    .ChunkWidth    (ChunkW),
    .ReadyAfterEmit(1'b1)
  ) u_packer (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (e_valid_q),
    .in_ready_o (pk_ready),
    .in_data_i  (chunk),
    .in_len_i   (chunk_len),
    .in_last_i  (e_lasttx_q && e_lastitem),
    .out_valid_o(tile_valid_o),
    .out_ready_i(tile_ready_i),
    .out_data_o (tile_data_o),
    .out_last_o (tile_last_o),
    .out_half_o (pk_half),
    .empty_o    (pk_empty)
  );

  assign idle_o = wr_idle && !rd_pend_q && !xl_full_q &&
                  !a_busy_q && !a_done_q && !b_busy_q && !e_valid_q && pk_empty;

  logic unused_x;
  assign unused_x = ^{pk_half, wr_r, wr_x, wr_lastrow, cell_waddr[0], cell_raddr[0], xm_a, xm_b,
                      evs_a, evs_b, evn_a, evn_b};

  // ----------------------------------------------------------------------------------------------
  // Registers.
  // ----------------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      f_band_q  <= '0;
      f_g_q     <= '0;
      f_y0_q    <= '0;
      f_i_q     <= '0;
      f_p_q     <= 1'b0;
      rd_pend_q <= 1'b0;
      xl_full_q <= 1'b0;
      a_busy_q  <= 1'b0;
      a_cnt_q   <= '0;
      a_done_q  <= 1'b0;
      b_busy_q  <= 1'b0;
      b_cnt_q   <= '0;
      pred_q    <= '0;
      e_valid_q <= 1'b0;
    end else begin
      f_band_q  <= f_band_d;
      f_g_q     <= f_g_d;
      f_y0_q    <= f_y0_d;
      f_i_q     <= f_i_d;
      f_p_q     <= f_p_d;
      rd_pend_q <= (rd_issue || (rd_pend_q && !consume)) && !clear_i;
      xl_full_q <= xl_full_d;
      a_busy_q  <= a_busy_d;
      a_cnt_q   <= a_cnt_d;
      a_done_q  <= a_done_d;
      b_busy_q  <= b_busy_d;
      b_cnt_q   <= b_cnt_d;
      pred_q    <= pred_d;
      e_valid_q <= e_valid_d;
    end
  end

  // Datapath registers: each is written before it is read (the read's position with the read,
  // the load register cell by cell, each stage's registers when a tile moves in).
  always_ff @(posedge clk_i) begin
    if (in_fire && !wr_x[0]) hold_q <= cell_wdata;
    if (rd_issue) begin
      rd_i_q      <= f_i_q;
      rd_p_q      <= f_p_q;
      rd_last_q   <= t_lastcell;
      rd_cw1_q    <= cw1;
      rd_ia_q     <= t_ia;
      rd_ja_q     <= t_ja;
      rd_first_q  <= t_first;
      rd_lasttx_q <= fin && band_last;
    end
    xl_q   <= xl_d;
    sse0_q <= sse0_d;
    sses_q <= sses_d;
    nzs_q  <= nzs_d;
    cnts_q <= cnts_d;
    if (consume && rd_last_q) begin
      xl_cw1_q    <= rd_cw1_q;
      xl_ia_q     <= rd_ia_q;
      xl_ja_q     <= rd_ja_q;
      xl_first_q  <= rd_first_q;
      xl_lasttx_q <= rd_lasttx_q;
    end
    xa_q <= xa_d;
    t1_q <= t1_d;
    qa_q <= qa_d;
    if (handoff) begin
      a_cw1_q    <= xl_cw1_q;
      a_ia_q     <= xl_ia_q;
      a_ja_q     <= xl_ja_q;
      a_first_q  <= xl_first_q;
      a_lasttx_q <= xl_lasttx_q;
      a_sse0_q   <= sse0_q;
      a_sses_q   <= sses_q;
      a_nzs_q    <= nzs_q;
      a_cnts_q   <= cnts_q;
    end
    if (b_take) begin
      xb_q       <= xa_q;
      qb_q       <= qa_q;
      b_cw1_q    <= a_cw1_q;
      b_ia_q     <= a_ia_q;
      b_ja_q     <= a_ja_q;
      b_first_q  <= a_first_q;
      b_lasttx_q <= a_lasttx_q;
      b_sse0_q   <= a_sse0_q;
      b_sses_q   <= a_sses_q;
      b_nzs_q    <= a_nzs_q;
      b_cnts_q   <= a_cnts_q;
    end
    y1_q       <= y1_d;
    sset_q     <= sset_d;
    cntt_q     <= cntt_d;
    nzt_q      <= nzt_d;
    e_hdr_q    <= e_hdr_d;
    e_mode_q   <= e_mode_d;
    e_k_q      <= e_k_d;
    e_last_q   <= e_last_d;
    e_v_q      <= e_v_d;
    e_eglen_q  <= e_eglen_d;
    e_cw1_q    <= e_cw1_d;
    e_ia_q     <= e_ia_d;
    e_ja_q     <= e_ja_d;
    e_lasttx_q <= e_lasttx_d;
    e_val_q    <= e_val_d;
    e_pos_q    <= e_pos_d;
  end

`ifndef SYNTHESIS
  // The configuration is legal whenever it is in use.
  ConfigLegal: assume property (@(posedge clk_i) disable iff (!rst_ni)
      (in_valid_i || !idle_o) |-> (cfg_plane_w_i != '0 &&
                                   32'(cfg_plane_w_i) <= MaxPlaneWidth &&
                                   cfg_plane_h_i != '0 &&
                                   cfg_shift_i >= 4'd4 && cfg_shift_i <= 4'd9));

  // Protocol: `tile` holds valid, data and last until taken; the environment does the same on `in`.
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_tile_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(tile_valid_o),
    .ready_i(tile_ready_i),
    .data_i ({tile_last_o, tile_data_o})
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
