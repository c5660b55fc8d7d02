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
/// Timing: every output from flops and the shape inputs (row lengths: BandH small multiplies
/// and comparisons); `start_i`, `num_i` and `unit_done_i` reach only the registers' inputs (the
/// next band's size: one multiply and a comparison).
///
/// Area: CountWidth + DimWidth + CapW + XW + 1 flops, no reset (loaded by `start_i` before use).
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
  logic [CountWidth-1:0] brem_d, brem_q;     // cells from the band's first to N
  logic [DimWidth-1:0]   yrem_d, yrem_q;     // rows from the band's first to the plane's end
  logic [CapW-1:0]       bc_d, bc_q;         // cells of the band
  logic                  blast_d, blast_q;   // the transmission's last band
  logic [XW-1:0]         x0_d, x0_q;         // first column of the unit

  assign wp = PW'(cfg_plane_w_i);

  // The band to load (§2.1): the transmission's first (at `start_i`) or the next one.
  logic [CountWidth-1:0] gin_b;   // cells from the band's first to N
  logic [DimWidth-1:0]   gin_y;   // rows from the band's first to the plane's end
  logic [DimWidth-1:0]   ynext;
  logic [2:0]            g_rb;    // rows of the band
  logic [CapW-1:0]       g_cap, g_bc;
  logic                  g_last;

  assign ynext  = (32'(yrem_q) > BandH) ? yrem_q - DimWidth'(BandH) : cfg_plane_h_i;
  assign gin_b  = start_i ? num_i : brem_q - CountWidth'(bc_q);
  assign gin_y  = start_i ? cfg_plane_h_i : ynext;
  assign g_rb   = (32'(gin_y) >= BandH) ? 3'(BandH) : 3'(gin_y);
  assign g_cap  = CapW'(g_rb) * CapW'(wp);
  assign g_last = MaxW'(gin_b) <= MaxW'(g_cap);
  assign g_bc   = g_last ? CapW'(gin_b) : g_cap;

  // Row lengths of the band, and the unit at x0: cells per row; the band's last cell.
  logic [BandH*PW-1:0] rl;    // row r at [r*PW +: PW]
  logic [CapW-1:0]     roff, rdiff;
  logic [PW-1:0]       cd;

  always_comb begin
    roff      = '0;
    rdiff     = '0;
    cd        = '0;
    rl        = '0;
    cnt_o     = '0;
    fin_row_o = '0;
    for (int r = 0; r < BandH; r++) begin
      roff  = CapW'(r) * CapW'(wp);
      rdiff = bc_q - roff;
      if (bc_q > roff) rl[r*PW +: PW] = (rdiff > CapW'(wp)) ? wp : PW'(rdiff);
      cd = rl[r*PW +: PW] - PW'(x0_q);
      if (rl[r*PW +: PW] > PW'(x0_q)) begin
        cnt_o[r*CntW +: CntW] = (cd > PW'(UnitW)) ? CntW'(UnitW) : CntW'(cd);
      end
      if (rl[r*PW +: PW] != '0) fin_row_o = RowW'(r);
    end
    fin_col_o = '0;
    for (int r = 0; r < BandH; r++) begin
      if (fin_row_o == RowW'(r)) fin_col_o = XW'(rl[r*PW +: PW] - PW'(1));
    end
  end
  assign band_end_o = (PW'(x0_q) + PW'(UnitW)) >= rl[0*PW +: PW];

  always_comb begin
    brem_d  = brem_q;
    yrem_d  = yrem_q;
    bc_d    = bc_q;
    blast_d = blast_q;
    x0_d    = x0_q;
    if (unit_done_i) x0_d = x0_q + XW'(UnitW);
    if (start_i || (unit_done_i && band_end_o && !blast_q)) begin
      brem_d  = gin_b;
      yrem_d  = gin_y;
      bc_d    = g_bc;
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
    bc_q    <= bc_d;
    blast_q <= blast_d;
    x0_q    <= x0_d;
  end

  logic unused_x;
  assign unused_x = ^cfg_plane_w_i;  // W above the column width: W <= MaxPlaneWidth

endmodule
