// SPDX-License-Identifier: Apache-2.0
//
/// Band shape (shared primitive): the band a decoder's parser fills, unit by unit. Used by the
/// GRLC decoder (bands of GridH rows, units = grids of GridW columns) and the DCT decoder (bands
/// of 4 rows, units = tiles of 4 columns).
///
/// A transmission of N >= 1 cells (`num_i`) covers planes of H x W (`cfg_plane_h_i` x
/// `cfg_plane_w_i`) in raster order, cut into bands of BandH rows (fewer at a plane's end): a
/// band holds min(BandH, rows left in the plane) rows of W cells, the transmission's last band
/// only the cells up to N (it may end inside a row). Its units are the columns x0 .. x0 +
/// UnitW - 1, x0 = 0, UnitW, 2 UnitW, ... up to the band's longest row (its row 0).
///
/// Protocol: `start_i` loads the transmission's first band (from `num_i` and H) and its first
/// unit; `unit_done_i` moves to the next unit, and after the band's last unit (`band_end_o`) to
/// the next band's first unit, unless the band is the transmission's last (`last_o`), where it
/// stays. The outputs describe the unit at `x0_o` of the current band: `cnt_o` its cells in
/// each band row (0..UnitW, row r at [r * CntW +: CntW]); for the band, `last_o`, the last
/// cell's row and column (`fin_row_o`, `fin_col_o`: the transmission's final cell when
/// `last_o`) and `yrem_o`, the rows from its first to the plane's end. The shape inputs are
/// quasi-static: they may change only between transmissions.
///
/// The band is held as its last cell's row and column (rows before it are full, rows after it
/// empty), so a unit's cells take two subtractions whatever BandH; the division of N - 1 by W
/// happens once per band, when it is loaded.
///
/// Timing: every output from flops and the shape inputs (the unit's cells in a full row and in
/// the last row: two subtractions and comparisons); `start_i`, `num_i` and `unit_done_i` reach
/// only the registers' inputs (the next band: its size, a choice among the multiples r * W, and a
/// comparison; its last cell, BandH - 1 comparisons with those multiples and a subtraction).
///
/// Area: CountWidth + DimWidth + RowW + 2 XW + 1 flops, no reset (loaded by `start_i` before
/// use).
///
/// Parameters: BandH in {1, 2, 4}; UnitW a power of two, 2..16; MaxPlaneWidth a power of two,
/// UnitW..4096; DimWidth 1..16; CountWidth >= 1 (checked at elaboration).
module fmc_band_shape #(
  /// Rows of a band, 1, 2 or 4.
  parameter int unsigned BandH         = 2,
  /// Columns of a unit (a power of two).
  parameter int unsigned UnitW         = 8,
  /// Largest plane width W (a power of two, UnitW..4096).
  parameter int unsigned MaxPlaneWidth = 128,
  /// Width of the shape inputs, 1..16.
  parameter int unsigned DimWidth      = 16,
  /// Width of the cell count N.
  parameter int unsigned CountWidth    = 24,
  localparam int unsigned XW   = $clog2(MaxPlaneWidth),                   // column
  localparam int unsigned LgBH = $clog2(BandH),
  localparam int unsigned RowW = (LgBH > 0) ? LgBH : 1,                   // row in a band
  localparam int unsigned CntW = $clog2(UnitW) + 1                        // 0..UnitW
) (
  input  logic                    clk_i,
  /// W: cells per row (1..MaxPlaneWidth), quasi-static.
  input  logic [DimWidth-1:0]     cfg_plane_w_i,
  /// H: rows per plane (>= 1), quasi-static.
  input  logic [DimWidth-1:0]     cfg_plane_h_i,
  /// A transmission of `num_i` cells starts: its first band, its first unit.
  input  logic                    start_i,
  input  logic [CountWidth-1:0]   num_i,
  /// The unit at `x0_o` is done: the next unit (or band).
  input  logic                    unit_done_i,
  /// The unit: its first column, its cells per band row.
  output logic [XW-1:0]           x0_o,
  output logic [BandH*CntW-1:0]   cnt_o,
  /// The unit is the band's last.
  output logic                    band_end_o,
  /// The band is the transmission's last; its last cell's row and column.
  output logic                    last_o,
  output logic [RowW-1:0]         fin_row_o,
  output logic [XW-1:0]           fin_col_o,
  /// Rows from the band's first to the plane's end.
  output logic [DimWidth-1:0]     yrem_o
);

  if (!((BandH == 1 || BandH == 2 || BandH == 4) && UnitW >= 2 && UnitW <= 16 &&
        (UnitW & (UnitW - 1)) == 0 && MaxPlaneWidth >= UnitW && MaxPlaneWidth <= 4096 &&
        (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 && DimWidth >= 1 && DimWidth <= 16 &&
        CountWidth >= 1))
  begin : gen_param_error
    $error("fmc_band_shape: BandH 1, 2 or 4, UnitW a power of two in 2..16, MaxPlaneWidth a power of two in UnitW..4096, DimWidth 1..16, CountWidth >= 1");
  end

  localparam int unsigned PW   = XW + 1;                                  // 0..MaxPlaneWidth
  localparam int unsigned CapW = $clog2(BandH * MaxPlaneWidth + 1);       // cells of a band
  localparam int unsigned MaxW = (CountWidth > CapW) ? CountWidth : CapW;

  logic [PW-1:0]         wp;                 // W
  logic [CountWidth-1:0] brem_d, brem_q;     // cells from the next band's first to N
  logic [DimWidth-1:0]   yrem_d, yrem_q;     // rows from the band's first to the plane's end
  logic [RowW-1:0]       fr_d, fr_q;         // the band's last cell: its row
  logic [XW-1:0]         fc_d, fc_q;         //   and its column
  logic                  blast_d, blast_q;   // the transmission's last band
  logic [XW-1:0]         x0_d, x0_q;         // first column of the unit

  assign wp = PW'(cfg_plane_w_i);

  // Row r's first cell in the band, r * W (r < BandH).
  logic [BandH*CapW-1:0] rw;                 // r * W at [r*CapW +: CapW]
  always_comb begin
    for (int r = 0; r < BandH; r++) rw[r*CapW +: CapW] = CapW'(r) * CapW'(wp);
  end

  // The band to load (§2.1): the transmission's first (at `start_i`) or the next one.
  logic [CountWidth-1:0] gin_b;   // cells from the band's first to N
  logic [DimWidth-1:0]   gin_y;   // rows from the band's first to the plane's end
  logic [DimWidth-1:0]   ynext;
  logic [2:0]            g_rb;    // rows of the band
  logic [CapW-1:0]       g_cap, g_t;
  logic                  g_last;
  logic [RowW-1:0]       g_fr, t_row;
  logic [XW-1:0]         g_fc, t_col;

  assign ynext  = (32'(yrem_q) > BandH) ? yrem_q - DimWidth'(BandH) : cfg_plane_h_i;
  assign gin_b  = start_i ? num_i : brem_q;
  assign gin_y  = start_i ? cfg_plane_h_i : ynext;
  assign g_rb   = (32'(gin_y) >= BandH) ? 3'(BandH) : 3'(gin_y);
  // g_rb * W: BandH * W (a shift) for a full band, else one of the row multiples.
  always_comb begin
    g_cap = CapW'(wp) << LgBH;
    for (int r = 1; r < BandH; r++) begin
      if (g_rb == 3'(r)) g_cap = rw[r*CapW +: CapW];
    end
  end
  assign g_last = MaxW'(gin_b) <= MaxW'(g_cap);
  // The band's last cell: in the transmission's last band, cell N - 1 (cell gin_b - 1 of the
  // band: its row t_row and column t_col); else the last column of its last row.
  assign g_t    = CapW'(gin_b) - 1'b1;
  logic [CapW-1:0] t_first;       // t_row * W
  always_comb begin
    t_row   = '0;
    t_first = '0;
    for (int r = 1; r < BandH; r++) begin
      if (g_t >= rw[r*CapW +: CapW]) begin
        t_row   = RowW'(r);
        t_first = rw[r*CapW +: CapW];
      end
    end
  end
  assign t_col = XW'(g_t - t_first);
  assign g_fr = g_last ? t_row : RowW'(g_rb - 1'b1);
  assign g_fc = g_last ? t_col : XW'(wp - 1'b1);

  // The unit at x0: cells in a full row (min(UnitW, W - x0)) and in the last row (min(UnitW,
  // fc + 1 - x0), none past it); rows before the last are full, rows after it empty.
  logic [PW-1:0]   full_d, last_d, fc1;
  logic [CntW-1:0] full_cnt, last_cnt;
  assign full_d   = wp - PW'(x0_q);
  assign fc1      = PW'(fc_q) + 1'b1;
  assign last_d   = fc1 - PW'(x0_q);
  assign full_cnt = (full_d > PW'(UnitW)) ? CntW'(UnitW) : CntW'(full_d);
  assign last_cnt = (fc1 <= PW'(x0_q)) ? '0 :
                    (last_d > PW'(UnitW)) ? CntW'(UnitW) : CntW'(last_d);
  always_comb begin
    cnt_o = '0;
    for (int r = 0; r < BandH; r++) begin
      if (RowW'(r) < fr_q) cnt_o[r*CntW +: CntW] = full_cnt;
      else if (RowW'(r) == fr_q) cnt_o[r*CntW +: CntW] = last_cnt;
    end
  end
  assign fin_row_o  = fr_q;
  assign fin_col_o  = fc_q;
  // The band's last unit: it reaches the end of row 0 (W, or fc + 1 when row 0 is the last).
  assign band_end_o = (PW'(x0_q) + PW'(UnitW)) >= ((fr_q == '0) ? fc1 : wp);

  always_comb begin
    brem_d  = brem_q;
    yrem_d  = yrem_q;
    fr_d    = fr_q;
    fc_d    = fc_q;
    blast_d = blast_q;
    x0_d    = x0_q;
    if (unit_done_i) x0_d = x0_q + XW'(UnitW);
    if (start_i || (unit_done_i && band_end_o && !blast_q)) begin
      brem_d  = gin_b - CountWidth'(g_cap);  // (not used after the last band)
      yrem_d  = gin_y;
      fr_d    = g_fr;
      fc_d    = g_fc;
      blast_d = g_last;
      x0_d    = '0;
    end
  end

  assign x0_o   = x0_q;
  assign last_o = blast_q;
  assign yrem_o = yrem_q;

  // No reset: loaded by `start_i` before they are used.
  always_ff @(posedge clk_i) begin
    brem_q  <= brem_d;
    yrem_q  <= yrem_d;
    fr_q    <= fr_d;
    fc_q    <= fc_d;
    blast_q <= blast_d;
    x0_q    <= x0_d;
  end

  logic unused_x;
  assign unused_x = ^cfg_plane_w_i;  // W above the column width: W <= MaxPlaneWidth

endmodule
