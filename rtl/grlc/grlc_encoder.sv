// SPDX-License-Identifier: Apache-2.0
//
/// GRLC encoder (grid-based run-length compression, docs/grlc-format.md; § refer to it): words in
/// raster order in, the grid codes of §2.2 out, packed MSB first into m-bit words (§2.3). Beat for
/// beat equal to the golden streaming encoder `fmc::grlc_codec().encoder()` (same data and `last`
/// on every beat, possibly later).
///
/// Protocol: `in` takes the N >= 1 words of a transmission, `in_last_i` on word N-1. The words are
/// the cells of planes of H x W (`cfg_plane_h_i` x `cfg_plane_w_i`) in raster order, the last
/// plane possibly partial (even its last row). `grid` carries the transmission's grid codes in grid
/// order (§2.1), the last word zero-padded and flagged `grid_last_o` (ceil(L/m) words for L code
/// bits). Transmissions follow each other back to back; no reset is needed in between. The shape
/// inputs are quasi-static: they may change only while `idle_o` is 1 (they are used directly).
///
/// Structure. The cell memory (2 * GH * MaxPlaneWidth cells of m bits) is a ring of band slots: a
/// slot holds GH rows of Wslot cells, Wslot = the smallest power of two >= max(W, GW), cell (row
/// r, column x) of the band in slot s at address {s, r, x} (a variable split: shifts by log2
/// Wslot); there are 2 * MaxPlaneWidth / Wslot slots. It is an `fmc_ram_pair`, two banks of half
/// the depth, even and odd columns (address {s, r, x} / 2), so that one read gives a column pair
/// (GW is even: the two cells are in the same grid row). A second memory holds
/// one statistics entry per row segment (the GW columns of one grid in one row), at the segment's
/// cell address / GW: its non-zero bits, the OR of every value XOR its sign extension, whether a
/// value is negative, its length and whether it is in the band's last row.
///   - Writer (`fmc_band_writer`, shared with the DCT encoder): one cell per cycle into the cell
///     memory; the segment statistics accumulate in registers and are written at the segment's
///     end (its last column, the row's end or the transmission's end). A band ends after its last
///     row (min(GH, H - y0) rows) or at the end of the transmission; then the writer moves to the
///     next slot. At `in_last_i` it also queues an end marker (the final band, the final cell's
///     row and grid) in a one-entry register.
///   - Fetch: per grid, reads the statistics of its rows (one per cycle) and merges them into F,
///     U, the OR of the magnitudes, the non-zero and existing-cell masks (GH x GW positions), S and
///     the number of zero cells. A grid may be fetched once the writer has passed its columns in
///     the band's last row, or the band is finished; the end marker tells the final band's rows.
///   - Emit: b = U ? max(1, bitlen(OR)) : bitlen(OR) + 1, D = (S - nz) * b < S; then one chunk per
///     cycle into `fmc_bit_packer` (chunks of at most K = max(GH * GW, 2m) bits): F = 0: `0`;
///     bitmap mode: the header with the first min(S, H) bits of the compacted bitmap (H = min(K -
///     header, GH * GW)), the bitmap's rest if S > H, then the b-bit values of the non-zero cells,
///     one column pair per chunk (the values of its one or two non-zero cells); dense mode: the
///     header, then the values of one column pair per chunk (two, or one where the grid row has
///     an odd width). The cells to read are a remaining-cells mask walked lowest column pair
///     first; a pair is read from the memory one cycle before its chunk. The final chunk of the
///     transmission carries the packer's `last`. A slot is released when its band's last grid
///     has left.
///
/// Throughput: one input word per cycle while the ring has a free slot and the grid port is not
/// the bottleneck; a transmission's final word also waits until the previous transmission's end
/// marker has been used (its final band fetched). The emitter spends max(C, R + 1) cycles per
/// grid, C its chunks and R its rows (the statistics fetch and its merge register): C = 1 for F
/// = 0; in bitmap mode 1 + Pnz, 2 + Pnz if S > H, Pnz <= nz the column pairs holding a non-zero
/// cell; in dense mode 1 + P, P = R * ceil(w / 2) the grid's column pairs (w its width). So it
/// keeps up with one word per cycle wherever grids are at least 2 columns wide (max(C, R + 1) <=
/// S), and a grid of w >= 2 takes about half as many emit cycles as it has cells in dense mode:
/// the emitter runs ahead of the grid port where grids are coded into more than m bits per cell
/// (up to the packer's room beyond a chunk, 1.5 words) and catches up with the input where they
/// are coded into fewer, so data coding near ratio 1 runs at the port bound too. Grids of 1
/// column (W mod GW = 1, W = 1) cost R + 1 cycles for R cells.
/// Remaining overheads: per transmission, the packer takes no chunk from the stream end until
/// its final word has left (about 3 cycles); the emitter idles while the grid port stalls (the
/// ring then absorbs up to 2 * MaxPlaneWidth / Wslot bands before `in_ready_o` drops).
///
/// Latency: with an idle emitter, a grid of R rows is fetched from the cycle after the one in
/// which its last cell was taken (cycle t); its first chunk is offered to the packer in cycle
/// t + R + 3, and a word leaves 1 cycle after its final bit entered the packer (once a later bit
/// exists or the stream ended).
///
/// Timing: `grid_*` are driven by flops (the packer's buffer); `in_ready_o` is a function of
/// flops, the shape inputs and `in_last_i`; `idle_o` of flops and the shape inputs. The packer takes a chunk also in the cycle a
/// word leaves (ReadyAfterEmit), so there is a path grid_ready_i -> packer ready -> emit register
/// and cell read address/enable. Internal paths: statistics read data -> last-row test ->
/// statistics read address; merge register -> bit length, small multiply -> emit register; cell
/// read data -> bank select, value shifts -> packer buffer.
///
/// Parameters: DataWidth m in {8, 16}, GridH GH in {1, 2, 4}, GridW GW in {4, 8, 16},
/// MaxPlaneWidth a power of two with GW <= MaxPlaneWidth <= 4096, DimWidth in 1..16 (checked at
/// elaboration). W must be 1..MaxPlaneWidth and H >= 1 (simulation assertion PlaneShapeLegal).
///
/// Example (§6 example 1: m = 8, GH = 2, GW = 4, W = 6, H = 3): the 18 words
/// 0 0 0 0 5 0 | 0 0 0 0 0 3 | 0 -2 7 0 0 0 (last) give 0x55 0x35 0xc6 0xdc 0xe0 (last): grids
/// `0`, `1 0 1 010 1001 101 011`, `1 0 0 011 0110 1110 0111`, `0`.
module grlc_encoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth     = 8,
  /// GH: grid rows, 1, 2 or 4.
  parameter int unsigned GridH         = 2,
  /// GW: grid columns, 4, 8 or 16.
  parameter int unsigned GridW         = 8,
  /// Largest plane width W accepted (a power of two, GW..4096): sizes the memories.
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
  // Input cells, `in_last_i` on word N-1 of a transmission.
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [DataWidth-1:0] in_data_i,
  input  logic                 in_last_i,
  // Grid stream, `grid_last_o` on the final word of a transmission.
  output logic                 grid_valid_o,
  input  logic                 grid_ready_i,
  output logic [DataWidth-1:0] grid_data_o,
  output logic                 grid_last_o,
  /// No transmission in progress, nothing buffered.
  output logic                 idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && (GridH == 1 || GridH == 2 || GridH == 4) &&
        (GridW == 4 || GridW == 8 || GridW == 16) && MaxPlaneWidth >= GridW &&
        MaxPlaneWidth <= 4096 && (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 &&
        DimWidth >= 1 && DimWidth <= 16)) begin : gen_param_error
    $error("grlc_encoder: DataWidth 8 or 16, GridH 1, 2 or 4, GridW 4, 8 or 16, MaxPlaneWidth a power of two in GridW..4096, DimWidth 1..16");
  end

  localparam int unsigned LgM     = $clog2(DataWidth);
  localparam int unsigned LgGH    = $clog2(GridH);
  localparam int unsigned LgGW    = $clog2(GridW);
  localparam int unsigned LgMPW   = $clog2(MaxPlaneWidth);
  localparam int unsigned RowW    = (LgGH > 0) ? LgGH : 1;          // row in a band
  localparam int unsigned XW      = LgMPW;                          // column 0..W-1
  localparam int unsigned GIW     = (LgMPW > LgGW) ? LgMPW - LgGW : 1;  // grid in a band
  localparam int unsigned SlotW   = LgMPW + 1 - LgGW;               // slot index, at most 2^SlotW
  localparam int unsigned BandW   = SlotW + 1;                      // band counters
  localparam int unsigned KW      = $clog2(LgMPW + 1);              // log2 Wslot
  localparam int unsigned ShW     = KW + 2;                         // log2 Wslot + log2 GH
  localparam int unsigned CellAW  = LgMPW + 1 + LgGH;
  localparam int unsigned StatAW  = CellAW - LgGW;
  localparam int unsigned NC      = GridH * GridW;                  // cells of a grid
  localparam int unsigned PosW    = $clog2(NC);                     // position r * GW + c
  localparam int unsigned SW      = $clog2(NC + 1);                 // S, zero count
  localparam int unsigned LenW    = LgGW + 1;                       // segment length 1..GW
  localparam int unsigned HdrW    = 3 + LgM;                        // F, D, U, Wd
  localparam int unsigned PPW     = $clog2(NC / 2);                 // column pair in a grid
  localparam int unsigned ChunkW  = (2 * DataWidth > NC) ? 2 * DataWidth : NC;
  localparam int unsigned ChunkLW = $clog2(ChunkW + 1);
  // Bitmap mode: the header chunk carries the bitmap's first HeadBm bits as well; a grid of S >
  // HeadBm cells sends the rest of its bitmap as a second chunk.
  localparam int unsigned HeadBm  = (ChunkW - HdrW < NC) ? ChunkW - HdrW : NC;
  // Packer room beyond a chunk: 1.5 words, the slack that lets the emitter (up to 2 values per
  // cycle) keep the grid port busy across its header chunks.
  localparam int unsigned PackRoom = DataWidth + DataWidth / 2;
  localparam int unsigned ProdW   = SW + LgM + 1;
  localparam int unsigned CshW    = PosW + 1;
  // Statistics entry: {last row, length - 1, negative, OR of magnitudes, non-zero bits}.
  localparam int unsigned StatW   = 1 + LgGW + 1 + (DataWidth - 1) + GridW;

  localparam logic [LgGW-1:0] ColLast = LgGW'(GridW - 1);

  // ----------------------------------------------------------------------------------------------
  // Writer (fmc_band_writer): one cell per cycle into the band ring; the shape (W - 1, Wslot =
  // 2^k), the ring's flow control and the end marker.
  // ----------------------------------------------------------------------------------------------
  logic [XW-1:0]        wm1;
  logic [KW-1:0]        k, ks;          // log2 Wslot; log2 (Wslot / GW)

  logic [RowW-1:0]      wr_r;           // row in the band
  logic [XW-1:0]        wr_x;           // column
  logic [GridW-1:0]     seg_nz_d, seg_nz_q;     // the open segment's statistics
  logic [DataWidth-2:0] seg_orv_d, seg_orv_q;
  logic                 seg_neg_d, seg_neg_q;
  logic                 rel;            // the emitter releases a band

  logic                 in_fire, row_end, wr_lastrow, seg_end, seg_first, wr_idle, grid_ready;
  logic [LgGW-1:0]      wr_c;
  logic [CellAW-1:0]    cell_waddr;
  logic [StatW-1:0]     stat_wdata;
  logic                 mk_pop, fin, band_last;
  logic [RowW-1:0]      mk_r;
  logic [GIW-1:0]       mk_g;
  logic [GridW-1:0]     seg_nz_new;
  logic [DataWidth-2:0] seg_orv_new;
  logic                 seg_neg_new;
  // Memory ports of the emitter.
  logic [CellAW-2:0]    cell_raddr;     // a column pair's address in both banks
  logic [DataWidth-1:0] cell_rdata_e, cell_rdata_o;   // the even and the odd column of a pair
  logic                 cell_re;
  logic [StatAW-1:0]    stat_raddr;
  logic [StatW-1:0]     stat_rdata;
  logic                 stat_re;
  // The fetch position (its band counter is compared with the writer's).
  logic [BandW-1:0]     f_band_d, f_band_q;   // band and grid being fetched
  logic [GIW-1:0]       f_g_d, f_g_q;

  fmc_band_writer #(
    .BandH        (GridH),
    .UnitW        (GridW),
    .MaxPlaneWidth(MaxPlaneWidth),
    .DimWidth     (DimWidth),
    .MarkUnit     (1'b1)
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
    .rd_ready_o    (grid_ready),
    .rd_final_o    (fin),
    .rd_last_unit_o(band_last),
    .mk_pop_i      (mk_pop),
    .mk_row_o      (mk_r),
    .mk_col_o      (mk_g),
    .idle_o        (wr_idle)
  );

  assign ks = k - KW'(LgGW);

  assign wr_c      = wr_x[LgGW-1:0];
  assign seg_end   = (wr_c == ColLast) || row_end || in_last_i;
  assign seg_first = (wr_c == '0);

  // The segment's statistics including the cell on `in` (restarted at its first column).
  assign seg_nz_new  = (seg_first ? '0 : seg_nz_q) | (GridW'(in_data_i != '0) << wr_c);
  assign seg_orv_new = (seg_first ? '0 : seg_orv_q) |
                       (in_data_i[DataWidth-2:0] ^ {(DataWidth - 1){in_data_i[DataWidth-1]}});
  assign seg_neg_new = (seg_first ? 1'b0 : seg_neg_q) | in_data_i[DataWidth-1];
  assign stat_wdata  = {wr_lastrow, wr_c, seg_neg_new, seg_orv_new, seg_nz_new};

  always_comb begin
    seg_nz_d  = seg_nz_q;
    seg_orv_d = seg_orv_q;
    seg_neg_d = seg_neg_q;
    if (in_fire) begin
      seg_nz_d  = seg_nz_new;
      seg_orv_d = seg_orv_new;
      seg_neg_d = seg_neg_new;
    end
  end

  // The cell memory in two banks, even and odd columns (GW is even: a pair never spans grids), so
  // that the emitter reads a column pair per cycle.
  fmc_ram_pair #(
    .Width(DataWidth),
    .Depth(GridH * MaxPlaneWidth)
  ) u_cell_ram (
    .clk_i,
    .waddr_i     (cell_waddr[CellAW-1:1]),
    .we_even_i   (in_fire && !cell_waddr[0]),
    .wdata_even_i(in_data_i),
    .we_odd_i    (in_fire && cell_waddr[0]),
    .wdata_odd_i (in_data_i),
    .raddr_i     (cell_raddr),
    .re_even_i   (cell_re),
    .re_odd_i    (cell_re),
    .rdata_even_o(cell_rdata_e),
    .rdata_odd_o (cell_rdata_o)
  );

  fmc_ram_1r1w #(
    .Width(StatW),
    .Depth(2 * GridH * MaxPlaneWidth / GridW)
  ) u_stat_ram (
    .clk_i,
    .we_i   (in_fire && seg_end),
    .waddr_i(cell_waddr[CellAW-1:LgGW]),
    .wdata_i(stat_wdata),
    .re_i   (stat_re),
    .raddr_i(stat_raddr),
    .rdata_o(stat_rdata)
  );

  // ----------------------------------------------------------------------------------------------
  // Fetch: the statistics of a grid's rows, one per cycle, merged into the nx register.
  // ----------------------------------------------------------------------------------------------
  logic             f_pend_d, f_pend_q;   // a statistics read is in flight (data this cycle)
  logic [RowW-1:0]  f_prow_d, f_prow_q;   // its row

  // The merged grid: masks at position r * GW + c.
  logic             nx_valid_d, nx_valid_q;
  logic [NC-1:0]    nx_nz_d, nx_nz_q, nx_ex_d, nx_ex_q;
  logic [DataWidth-2:0] nx_orv_d, nx_orv_q;
  logic             nx_neg_d, nx_neg_q;
  logic [SW-1:0]    nx_s_d, nx_s_q, nx_zeros_d, nx_zeros_q;
  logic [LgGW-1:0]  nx_w1_d, nx_w1_q;     // width of the grid - 1 (its row 0)
  logic [BandW-1:0] nx_band_d, nx_band_q;
  logic [GIW-1:0]   nx_g_d, nx_g_q;
  logic             nx_lastband_d, nx_lastband_q, nx_lasttx_d, nx_lasttx_q;

  logic [RowW-1:0]  rlast;
  logic [GridW-1:0] ent_nz, therm;
  logic [DataWidth-2:0] ent_orv;
  logic             ent_neg, ent_last;
  logic [LgGW-1:0]  ent_len1;
  logic [LenW-1:0]  ent_len;
  logic [LenW-1:0]  ent_zeros;
  logic             stop, nx_free, issue0, issue_next, complete, move;
  logic             row0;
  logic [RowW-1:0]  stat_row;

  assign {ent_last, ent_len1, ent_neg, ent_orv, ent_nz} = stat_rdata;
  assign ent_len = LenW'(ent_len1) + 1'b1;
  assign therm   = ~({GridW{1'b1}} << ent_len);

  always_comb begin
    ent_zeros = '0;
    for (int i = 0; i < GridW; i++) begin
      ent_zeros = ent_zeros + LenW'({therm[i] && !ent_nz[i]});
    end
  end

  // The final band of a transmission (`fin`, from the writer: its end marker is held): grids up
  // to the final cell's have rows 0..mk_r, the later ones rows 0..mk_r-1 (none when mk_r = 0:
  // the band ends there; `band_last`, from the writer, is then the final cell's grid).
  assign rlast      = (f_g_q <= mk_g) ? mk_r : mk_r - 1'b1;
  assign stop       = ent_last || (fin && (f_prow_q == rlast));
  // A grid is complete (`grid_ready`, from the writer) once its band is finished, or the writer
  // is past its columns in the band's last row (its last segment's statistics are written).
  assign nx_free    = !nx_valid_q || move;
  assign issue0     = !f_pend_q && nx_free && grid_ready;
  assign issue_next = f_pend_q && !stop;
  assign complete   = f_pend_q && stop;
  assign stat_re    = issue0 || issue_next;
  assign stat_row   = issue0 ? '0 : f_prow_q + 1'b1;
  assign stat_raddr = (StatAW'(f_band_q[SlotW-1:0]) << (ShW'(ks) + ShW'(LgGH))) |
                      (StatAW'(stat_row) << ks) | StatAW'(f_g_q);
  assign mk_pop     = complete && fin && band_last;
  assign row0       = (f_prow_q == '0);

  always_comb begin
    f_band_d      = f_band_q;
    f_g_d         = f_g_q;
    f_pend_d      = stat_re;
    f_prow_d      = stat_row;
    nx_valid_d    = nx_valid_q && !move;
    nx_nz_d       = nx_nz_q;
    nx_ex_d       = nx_ex_q;
    nx_orv_d      = nx_orv_q;
    nx_neg_d      = nx_neg_q;
    nx_s_d        = nx_s_q;
    nx_zeros_d    = nx_zeros_q;
    nx_w1_d       = nx_w1_q;
    nx_band_d     = nx_band_q;
    nx_g_d        = nx_g_q;
    nx_lastband_d = nx_lastband_q;
    nx_lasttx_d   = nx_lasttx_q;
    if (f_pend_q) begin
      // Row f_prow_q of the grid: its segment at positions r * GW .. r * GW + GW - 1.
      nx_nz_d    = (row0 ? '0 : nx_nz_q) | (NC'(ent_nz) << (PosW'(f_prow_q) << LgGW));
      nx_ex_d    = (row0 ? '0 : nx_ex_q) | (NC'(therm) << (PosW'(f_prow_q) << LgGW));
      nx_orv_d   = (row0 ? '0 : nx_orv_q) | ent_orv;
      nx_neg_d   = (row0 ? 1'b0 : nx_neg_q) | ent_neg;
      nx_s_d     = (row0 ? '0 : nx_s_q) + SW'(ent_len);
      nx_zeros_d = (row0 ? '0 : nx_zeros_q) + SW'(ent_zeros);
      if (row0) nx_w1_d = ent_len1;
    end
    if (complete) begin
      nx_valid_d    = 1'b1;
      nx_band_d     = f_band_q;
      nx_g_d        = f_g_q;
      nx_lastband_d = band_last;
      nx_lasttx_d   = fin && band_last;
      if (band_last) begin
        f_band_d = f_band_q + 1'b1;
        f_g_d    = '0;
      end else begin
        f_g_d = f_g_q + 1'b1;
      end
    end
    if (clear_i) begin
      f_band_d   = '0;
      f_g_d      = '0;
      f_pend_d   = 1'b0;
      f_prow_d   = '0;
      nx_valid_d = 1'b0;
    end
  end

  // ----------------------------------------------------------------------------------------------
  // Emit: the grid code, one chunk per cycle.
  // ----------------------------------------------------------------------------------------------
  logic             cur_valid_d, cur_valid_q;
  logic             cur_f_d, cur_f_q, cur_dn_d, cur_dn_q, cur_u_d, cur_u_q;
  logic [LgM-1:0]   cur_b1_d, cur_b1_q;     // b - 1
  logic [SW-1:0]    cur_s_d, cur_s_q;
  logic [LgGW-1:0]  cur_w1_d, cur_w1_q;
  logic [NC-1:0]    cur_rem_d, cur_rem_q;   // cells whose value is still to be read
  logic             v_two_d, v_two_q;       // the value chunk: both cells of the pair read
  logic             v_odd_d, v_odd_q;       // its first value is the odd column's
  logic             cur_hdr_d, cur_hdr_q;   // header not yet sent
  logic             cur_bm_d, cur_bm_q;     // rest of the bitmap not yet sent (bitmap mode)
  logic             cur_bmhdr;              // the bitmap-mode header (and bitmap head) goes now
  logic             cur_bmrest;             // the bitmap is longer than the header chunk takes
  logic [BandW-1:0] cur_band_d, cur_band_q;
  logic [GIW-1:0]   cur_g_d, cur_g_q;
  logic             cur_lastband_d, cur_lastband_q, cur_lasttx_d, cur_lasttx_q;

  logic [LgM-1:0]   mv_bl, mv_b1;
  logic [LgM:0]     mv_b;
  logic [ProdW-1:0] mv_cost;
  logic             mv_f, mv_u, mv_dn;
  logic             cur_last, cur_rd, pk_ready, pk_fire, pk_empty, pk_half;
  logic [NC-1:0]    rem_clr;
  logic             pr_even, pr_odd;
  logic [PPW-1:0]   pr_pos;
  logic [LgM:0]     cur_b;
  logic [NC-1:0]    compact;
  logic [NC-1:0]    bmap;
  logic [PosW:0]    csh;
  logic [DataWidth-1:0] val_a, val_left_a, val_b;
  logic [ChunkW-1:0] chunk;
  logic [ChunkLW-1:0] chunk_len;
  logic [HdrW-1:0]  hdr;
  logic [SlotW-1:0] rd_band;
  logic [RowW-1:0]  rd_row;
  logic [XW-1:0]    rd_x;

  // The merged grid's header (used when it moves into the emit register).
  always_comb begin
    mv_bl = '0;
    for (int i = 0; i < DataWidth - 1; i++) begin
      if (nx_orv_q[i]) mv_bl = LgM'(i + 1);
    end
  end
  assign mv_f    = (nx_nz_q != '0);
  assign mv_u    = !nx_neg_q;
  assign mv_b1   = mv_u ? ((mv_bl == '0) ? '0 : mv_bl - 1'b1) : mv_bl;
  assign mv_b    = {1'b0, mv_b1} + 1'b1;
  assign mv_cost = ProdW'(nx_zeros_q) * ProdW'(mv_b);
  assign mv_dn   = (mv_cost < ProdW'(nx_s_q));  // S * b < S + nz * b

  assign cur_last = !cur_f_q || (cur_rem_q == '0);
  assign pk_fire  = cur_valid_q && pk_ready;
  assign move     = nx_valid_q && (!cur_valid_q || (pk_fire && cur_last));
  assign cur_bmhdr  = cur_hdr_q && !cur_dn_q;
  assign cur_bmrest = (cur_s_q > SW'(HeadBm));
  assign cur_rd     = pk_fire && !cur_last && !(cur_bmhdr && cur_bmrest);

  // The next value chunk's cells: the lowest column pair (positions 2i, 2i + 1) with a remaining
  // cell; both of its cells, or the one remaining.
  fmc_pair_pick #(
    .Cells(NC)
  ) u_pair (
    .mask_i(cur_rem_q),
    .idx_o (pr_pos),
    .pair_o(rem_clr),
    .even_o(pr_even),
    .odd_o (pr_odd)
  );
  assign v_two_d = cur_rd ? (pr_even && pr_odd) : v_two_q;
  assign v_odd_d = cur_rd ? !pr_even : v_odd_q;

  assign rd_band    = cur_band_q[SlotW-1:0];
  assign rd_row     = RowW'(pr_pos >> (LgGW - 1));
  assign rd_x       = (XW'(cur_g_q) << (LgGW - 1)) | XW'(pr_pos[LgGW-2:0]);
  assign cell_re    = cur_rd;
  assign cell_raddr = ((CellAW - 1)'(rd_band) << (ShW'(k) - 1'b1 + ShW'(LgGH))) |
                      ((CellAW - 1)'(rd_row) << (k - 1'b1)) | (CellAW - 1)'(rd_x);

  always_comb begin
    cur_valid_d    = cur_valid_q;
    cur_f_d        = cur_f_q;
    cur_dn_d       = cur_dn_q;
    cur_u_d        = cur_u_q;
    cur_b1_d       = cur_b1_q;
    cur_s_d        = cur_s_q;
    cur_w1_d       = cur_w1_q;
    cur_rem_d      = cur_rem_q;
    cur_hdr_d      = cur_hdr_q;
    cur_bm_d       = cur_bm_q;
    cur_band_d     = cur_band_q;
    cur_g_d        = cur_g_q;
    cur_lastband_d = cur_lastband_q;
    cur_lasttx_d   = cur_lasttx_q;
    if (pk_fire) begin
      if (cur_last) begin
        cur_valid_d = 1'b0;
      end else if (cur_bmhdr && cur_bmrest) begin
        cur_hdr_d = 1'b0;  // bitmap mode: the header with the bitmap's head, then its rest
        cur_bm_d  = 1'b1;
      end else begin
        cur_hdr_d = 1'b0;
        cur_bm_d  = 1'b0;
        cur_rem_d = cur_rem_q & ~rem_clr;
      end
    end
    if (move) begin
      cur_valid_d    = 1'b1;
      cur_f_d        = mv_f;
      cur_dn_d       = mv_dn;
      cur_u_d        = mv_u;
      cur_b1_d       = mv_b1;
      cur_s_d        = nx_s_q;
      cur_w1_d       = nx_w1_q;
      cur_rem_d      = mv_dn ? nx_ex_q : nx_nz_q;
      cur_hdr_d      = 1'b1;
      cur_bm_d       = 1'b0;
      cur_band_d     = nx_band_q;
      cur_g_d        = nx_g_q;
      cur_lastband_d = nx_lastband_q;
      cur_lasttx_d   = nx_lasttx_q;
    end
    if (clear_i) begin
      cur_valid_d = 1'b0;
    end
  end

  // Bitmap mode header: the non-zero bits of the existing cells in grid order (rows of the
  // grid's width, the last one possibly shorter), first cell first.
  always_comb begin
    compact = '0;
    csh     = '0;
    for (int r = 0; r < GridH; r++) begin
      compact = compact | (NC'(cur_rem_q[r * GridW +: GridW]) << csh);
      csh     = csh + CshW'(cur_w1_q) + 1'b1;
    end
    for (int i = 0; i < NC; i++) begin
      bmap[NC - 1 - i] = compact[i];
    end
  end

  // A value chunk: the b bits of its first value at the top, those of the second (the pair's odd
  // column) after them.
  assign val_a      = v_odd_q ? cell_rdata_o : cell_rdata_e;
  assign val_left_a = val_a << (~cur_b1_q);
  assign val_b      = cell_rdata_o & ~({DataWidth{1'b1}} << cur_b);
  assign cur_b      = {1'b0, cur_b1_q} + 1'b1;
  assign hdr        = {1'b1, cur_dn_q, cur_u_q, cur_b1_q};

  always_comb begin
    chunk     = ChunkW'(val_left_a) << (ChunkW - DataWidth);
    chunk_len = ChunkLW'(cur_b);
    if (v_two_q) begin
      chunk     = chunk | ((ChunkW'(val_b) << (ChunkW - 2 * DataWidth)) << {~cur_b1_q, 1'b0});
      chunk_len = ChunkLW'(cur_b) << 1;
    end
    if (!cur_f_q) begin
      chunk     = '0;
      chunk_len = ChunkLW'(1);
    end else if (cur_bmhdr) begin
      chunk     = ChunkW'({hdr, bmap[NC-1 -: HeadBm]}) << (ChunkW - HdrW - HeadBm);
      chunk_len = cur_bmrest ? ChunkLW'(HdrW + HeadBm) : ChunkLW'(HdrW) + ChunkLW'(cur_s_q);
    end else if (cur_bm_q) begin
      chunk     = ChunkW'(bmap) << (ChunkW - NC + HeadBm);
      chunk_len = ChunkLW'(cur_s_q) - ChunkLW'(HeadBm);
    end else if (cur_hdr_q) begin
      chunk     = ChunkW'(hdr) << (ChunkW - HdrW);  // dense mode: the header alone
      chunk_len = ChunkLW'(HdrW);
    end
  end

  fmc_bit_packer #(
    .WordWidth     (DataWidth),
    .ChunkWidth    (ChunkW),
    .BufferWidth   (ChunkW + PackRoom),
    .ReadyAfterEmit(1'b1)
  ) u_packer (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (cur_valid_q),
    .in_ready_o (pk_ready),
    .in_data_i  (chunk),
    .in_len_i   (chunk_len),
    .in_last_i  (cur_lasttx_q && cur_last),
    .out_valid_o(grid_valid_o),
    .out_ready_i(grid_ready_i),
    .out_data_o (grid_data_o),
    .out_last_o (grid_last_o),
    .out_half_o (pk_half),
    .empty_o    (pk_empty)
  );

  // A band's slot is released when its last grid has left the emitter.
  assign rel    = pk_fire && cur_last && cur_lastband_q;
  assign idle_o = wr_idle && pk_empty;

  logic unused_x;
  assign unused_x = ^{pk_half, wm1, wr_r, wr_x};  // the writer's row; its column above the grid's

  // ----------------------------------------------------------------------------------------------
  // Registers.
  // ----------------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      f_band_q    <= '0;
      f_g_q       <= '0;
      f_pend_q    <= 1'b0;
      f_prow_q    <= '0;
      nx_valid_q  <= 1'b0;
      cur_valid_q <= 1'b0;
    end else begin
      f_band_q    <= f_band_d;
      f_g_q       <= f_g_d;
      f_pend_q    <= f_pend_d;
      f_prow_q    <= f_prow_d;
      nx_valid_q  <= nx_valid_d;
      cur_valid_q <= cur_valid_d;
    end
  end

  // Datapath registers: each is written before it is used (a segment's statistics at its first
  // column, the merge at row 0, the emit register when a grid moves in).
  always_ff @(posedge clk_i) begin
    seg_nz_q       <= seg_nz_d;
    seg_orv_q      <= seg_orv_d;
    seg_neg_q      <= seg_neg_d;
    nx_nz_q        <= nx_nz_d;
    nx_ex_q        <= nx_ex_d;
    nx_orv_q       <= nx_orv_d;
    nx_neg_q       <= nx_neg_d;
    nx_s_q         <= nx_s_d;
    nx_zeros_q     <= nx_zeros_d;
    nx_w1_q        <= nx_w1_d;
    nx_band_q      <= nx_band_d;
    nx_g_q         <= nx_g_d;
    nx_lastband_q  <= nx_lastband_d;
    nx_lasttx_q    <= nx_lasttx_d;
    cur_f_q        <= cur_f_d;
    cur_dn_q       <= cur_dn_d;
    cur_u_q        <= cur_u_d;
    cur_b1_q       <= cur_b1_d;
    cur_s_q        <= cur_s_d;
    cur_w1_q       <= cur_w1_d;
    cur_rem_q      <= cur_rem_d;
    v_two_q        <= v_two_d;
    v_odd_q        <= v_odd_d;
    cur_hdr_q      <= cur_hdr_d;
    cur_bm_q       <= cur_bm_d;
    cur_band_q     <= cur_band_d;
    cur_g_q        <= cur_g_d;
    cur_lastband_q <= cur_lastband_d;
    cur_lasttx_q   <= cur_lasttx_d;
  end

`ifndef SYNTHESIS
  // The shape is legal whenever it is in use.
  PlaneShapeLegal: assume property (@(posedge clk_i) disable iff (!rst_ni)
      (in_valid_i || !idle_o) |-> (cfg_plane_w_i != '0 &&
                                   32'(cfg_plane_w_i) <= MaxPlaneWidth &&
                                   cfg_plane_h_i != '0));

  // Protocol: `grid` holds valid, data and last until taken; the environment does the same on `in`.
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_grid_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(grid_valid_o),
    .ready_i(grid_ready_i),
    .data_i ({grid_last_o, grid_data_o})
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
