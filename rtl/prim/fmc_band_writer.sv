// SPDX-License-Identifier: Apache-2.0
//
/// Band writer (shared primitive): the raster-order input side of an encoder's band ring. Used by
/// the GRLC encoder (bands of GridH rows, units = grids of GridW columns) and the DCT encoder
/// (bands of 4 rows, units = tiles of 4 columns).
///
/// The cells of planes of H x W (`cfg_plane_h_i` x `cfg_plane_w_i`), in raster order, go into a
/// ring of band slots in the core's cell memory: a slot holds BandH rows of Wslot cells, Wslot =
/// 2^`slot_lg_o` = the smallest power of two >= max(W, UnitW); there are 2 * MaxPlaneWidth / Wslot
/// slots. Cell (row r of the band, column x) of band b is at cell address {b mod slots, r, x}
/// (`wr_addr_o`, a variable split: the fields are shifted by log2 Wslot), 2 * BandH *
/// MaxPlaneWidth cells in all. The memory itself is the core's (it may hold several cells a word,
/// or keep statistics beside the cells): this module counts, addresses and throttles.
///
/// Bands: a band ends after its last row (min(BandH, H - y0) rows, y0 its first row in the plane)
/// or with the transmission's final cell (`in_last_i`); the next cell then starts the next band,
/// in the next slot (after `in_last_i`, at row 0 of a new plane). The band counters run free
/// (BandW bits, one more than the slot index): the consumer of the ring counts its bands the same
/// way and releases them in order (`rel_i`, one pulse a band); the writer stalls while every slot
/// holds an unreleased band. The transmission's final cell also leaves an end marker in a one-entry
/// register (`fmc_stream_reg`): its band modulo 2^SlotW, its row in the band and its column
/// (MarkUnit = 0) or the index of its unit (MarkUnit = 1, column / UnitW). A final cell waits while
/// the previous marker is still held (until the consumer pops it with `mk_pop_i`).
///
/// Protocol: `in_valid_i`/`in_ready_o`/`in_last_i` are the flow control of the core's input
/// stream (the data go straight to the core's memory): a cell is written in the cycle of
/// `wr_o` (= valid && ready) at `wr_addr_o`; `wr_col_o`, `wr_row_o`, `wr_row_end_o` (the cell ends
/// its plane row) and `wr_last_row_o` (it is in its band's last row) describe that cell. The
/// shape inputs are quasi-static: they may change only while `idle_o` is 1.
///
/// Consumer side: the consumer walks the bands unit by unit (unit `rd_unit_i`: columns rd_unit_i *
/// UnitW .. + UnitW - 1, all rows, of band `rd_band_i`). `rd_ready_o`: every cell of the unit
/// has been written (the band is finished, or the writer is in the band's last row beyond the
/// unit's columns); `rd_final_o`: the band is the transmission's final one (the held end marker
/// names it; its row and column then tell where the band ends); `rd_last_unit_o`: the unit is
/// the band's last (the last of a row, or the final cell's when the final band ends in its first
/// row).
///
/// Latency: a cell written in cycle t (memory write at the edge ending t) counts in `rd_ready_o`
/// from cycle t + 1. Throughput: one cell per cycle while a slot is free.
///
/// Timing: `in_ready_o` is a function of flops, the shape inputs and `in_last_i`; `wr_o` adds
/// `in_valid_i`; `wr_addr_o`, `wr_col_o`, `wr_row_o`, `wr_last_row_o`, `rd_ready_o`,
/// `rd_final_o`, `rd_last_unit_o` (the last three with `rd_band_i`, `rd_unit_i`) and `idle_o` of
/// flops and the shape inputs; the marker outputs of flops.
///
/// Area: 2 BandW + XW + RowW + DimWidth + 1 flops, and the marker register (SlotW + RowW + MkColW
/// + 1 flops); no memory.
///
/// Parameters: BandH in {1, 2, 4}; UnitW a power of two, 2..16; MaxPlaneWidth a power of two,
/// UnitW..4096; DimWidth 1..16 (checked at elaboration). W must be 1..MaxPlaneWidth and H >= 1.
module fmc_band_writer #(
  /// Rows of a band, 1, 2 or 4.
  parameter int unsigned BandH         = 2,
  /// Columns of the consumer's unit (a power of two): the smallest slot width.
  parameter int unsigned UnitW         = 8,
  /// Largest plane width W (a power of two, UnitW..4096): sizes the ring.
  parameter int unsigned MaxPlaneWidth = 128,
  /// Width of the shape inputs, 1..16.
  parameter int unsigned DimWidth      = 16,
  /// The end marker holds the final cell's unit index (1) or its column (0).
  parameter bit          MarkUnit      = 1'b0,
  localparam int unsigned XW     = $clog2(MaxPlaneWidth),                 // column
  localparam int unsigned LgU    = $clog2(UnitW),
  localparam int unsigned LgBH   = $clog2(BandH),
  localparam int unsigned RowW   = (LgBH > 0) ? LgBH : 1,                 // row in a band
  localparam int unsigned UnitIW = (XW > LgU) ? XW - LgU : 1,             // unit in a band row
  localparam int unsigned SlotW  = XW + 1 - LgU,                          // at most 2^SlotW slots
  localparam int unsigned BandW  = SlotW + 1,                             // band counters
  localparam int unsigned KW     = $clog2(XW + 1),                        // log2 Wslot
  localparam int unsigned CellAW = XW + 1 + LgBH,                         // cell address
  localparam int unsigned MkColW = MarkUnit ? UnitIW : XW
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  /// Synchronous clear: back to an empty ring, the marker dropped.
  input  logic                 clear_i,
  /// W: cells per row (1..MaxPlaneWidth), quasi-static.
  input  logic [DimWidth-1:0]  cfg_plane_w_i,
  /// H: rows per plane (>= 1), quasi-static.
  input  logic [DimWidth-1:0]  cfg_plane_h_i,
  // Input flow control (the cells themselves go to the core's memory).
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic                 in_last_i,
  /// A cell is written this cycle (in_valid_i && in_ready_o), at `wr_addr_o`.
  output logic                 wr_o,
  output logic [CellAW-1:0]    wr_addr_o,
  /// The cell's column and row in its band.
  output logic [XW-1:0]        wr_col_o,
  output logic [RowW-1:0]      wr_row_o,
  /// The cell is the last of its plane row (column W - 1).
  output logic                 wr_row_end_o,
  /// The cell is in its band's last row.
  output logic                 wr_last_row_o,
  /// Shape: W - 1 and log2 Wslot.
  output logic [XW-1:0]        wm1_o,
  output logic [KW-1:0]        slot_lg_o,
  /// The consumer releases its oldest band's slot (one pulse per band, in order).
  input  logic                 rel_i,
  /// Is unit `rd_unit_i` of band `rd_band_i` (the consumer's free-running counter) complete?
  input  logic [BandW-1:0]     rd_band_i,
  input  logic [UnitIW-1:0]    rd_unit_i,
  output logic                 rd_ready_o,
  /// Is band `rd_band_i` the transmission's final one, unit `rd_unit_i` its last?
  output logic                 rd_final_o,
  output logic                 rd_last_unit_o,
  // End marker of the transmission's final cell (held: `rd_final_o` for its band): its row in
  // the band, its column or unit; popped by the consumer.
  input  logic                 mk_pop_i,
  output logic [RowW-1:0]      mk_row_o,
  output logic [MkColW-1:0]    mk_col_o,
  /// No transmission in progress and every band released.
  output logic                 idle_o
);

  if (!((BandH == 1 || BandH == 2 || BandH == 4) && UnitW >= 2 && UnitW <= 16 &&
        (UnitW & (UnitW - 1)) == 0 && MaxPlaneWidth >= UnitW && MaxPlaneWidth <= 4096 &&
        (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 && DimWidth >= 1 && DimWidth <= 16))
  begin : gen_param_error
    $error("fmc_band_writer: BandH 1, 2 or 4, UnitW a power of two in 2..16, MaxPlaneWidth a power of two in UnitW..4096, DimWidth 1..16");
  end

  localparam int unsigned ShW = KW + 2;                                   // log2 Wslot + log2 BandH
  localparam int unsigned XW1 = XW + 1;
  localparam int unsigned MkW = SlotW + RowW + MkColW;
  localparam logic [RowW-1:0] RowLast = RowW'(BandH - 1);

  // ----------------------------------------------------------------------------------------------
  // Shape: W - 1, Wslot = 2^k, the number of slots.
  // ----------------------------------------------------------------------------------------------
  logic [DimWidth-1:0] wdm1;
  logic [XW-1:0]       wm1;
  logic [KW-1:0]       wbits, k, ks;   // bit length of W - 1; log2 Wslot; log2 (Wslot / UnitW)
  logic [BandW-1:0]    nslots;

  assign wdm1 = cfg_plane_w_i - DimWidth'(1);
  assign wm1  = XW'(wdm1);

  always_comb begin
    wbits = '0;
    for (int i = 0; i < XW; i++) begin
      if (wm1[i]) wbits = KW'(i + 1);
    end
  end
  assign k      = (wbits > KW'(LgU)) ? wbits : KW'(LgU);
  assign ks     = k - KW'(LgU);
  assign nslots = (BandW'(1) << SlotW) >> ks;

  // ----------------------------------------------------------------------------------------------
  // Writer.
  // ----------------------------------------------------------------------------------------------
  logic [BandW-1:0]    band_d, band_q;   // band being written (free-running)
  logic [RowW-1:0]     r_d, r_q;         // row in the band
  logic [XW-1:0]       x_d, x_q;         // column
  logic [DimWidth-1:0] y_d, y_q;         // row in the plane, from 1
  logic                busy_d, busy_q;   // inside a transmission
  logic [BandW-1:0]    rel_d, rel_q;     // bands released by the consumer (free-running)
  logic                fire, row_end, lastrow, slots_full, unused_mk_ready;
  logic [MkColW-1:0]   col_mark;
  logic                mk_valid;
  logic [SlotW-1:0]    mk_band;          // band modulo 2^SlotW: at most nslots - 1 ahead of rd_band_i
  logic [UnitIW-1:0]   lastu, mk_unit;   // the last unit of a row; the final cell's unit

  assign row_end    = (x_q == wm1);
  assign lastrow    = (r_q == RowLast) || (y_q == cfg_plane_h_i);
  assign slots_full = ((band_q - rel_q) == nslots);
  // A transmission's final cell waits while the previous transmission's end marker is held.
  assign in_ready_o = !slots_full && (!mk_valid || !in_last_i);
  assign fire       = in_valid_i && in_ready_o;

  always_comb begin
    band_d = band_q;
    r_d    = r_q;
    x_d    = x_q;
    y_d    = y_q;
    busy_d = busy_q;
    rel_d  = rel_q;
    if (rel_i) rel_d = rel_q + 1'b1;
    if (fire) begin
      busy_d = !in_last_i;
      x_d    = x_q + 1'b1;
      if (in_last_i) begin
        // The transmission's end closes its band; the next one starts a plane in a new slot.
        x_d    = '0;
        r_d    = '0;
        y_d    = DimWidth'(1);
        band_d = band_q + 1'b1;
      end else if (row_end) begin
        x_d = '0;
        y_d = (y_q == cfg_plane_h_i) ? DimWidth'(1) : y_q + 1'b1;
        if (lastrow) begin
          r_d    = '0;
          band_d = band_q + 1'b1;
        end else begin
          r_d = r_q + 1'b1;
        end
      end
    end
    if (clear_i) begin
      band_d = '0;
      r_d    = '0;
      x_d    = '0;
      y_d    = DimWidth'(1);
      busy_d = 1'b0;
      rel_d  = '0;
    end
  end

  // Cell address {slot, row, column}: the slot is the band counter modulo the number of slots
  // (the bits above the address width drop out).
  assign wr_addr_o = (CellAW'(band_q[SlotW-1:0]) << (ShW'(k) + ShW'(LgBH))) |
                     (CellAW'(r_q) << k) | CellAW'(x_q);

  assign wr_o          = fire;
  assign wr_col_o      = x_q;
  assign wr_row_o      = r_q;
  assign wr_row_end_o  = row_end;
  assign wr_last_row_o = lastrow;
  assign wm1_o         = wm1;
  assign slot_lg_o     = k;

  // A unit is complete once its band is finished, or the writer is past its columns in the
  // band's last row.
  assign rd_ready_o = (rd_band_i != band_q) ||
                      (lastrow && (XW1'(x_q) > ((XW1'(rd_unit_i) << LgU) | XW1'(UnitW - 1))));

  assign idle_o = !busy_q && (rel_q == band_q);

  // End marker: {final band, final cell's row in it, final cell's column or unit}.
  if (MarkUnit) begin : gen_mark_unit
    assign col_mark = MkColW'(x_q >> LgU);
    assign mk_unit  = mk_col_o;
  end else begin : gen_mark_col
    assign col_mark = MkColW'(x_q);
    assign mk_unit  = UnitIW'(mk_col_o >> LgU);
  end

  // The final band (its marker is held): units up to the final cell's have rows 0..mk_row_o, the
  // later ones rows 0..mk_row_o - 1 (none when mk_row_o = 0: the band ends there).
  assign lastu          = UnitIW'(wm1 >> LgU);
  assign rd_final_o     = mk_valid && (mk_band == rd_band_i[SlotW-1:0]);
  assign rd_last_unit_o = (rd_unit_i == lastu) ||
                          (rd_final_o && (mk_row_o == '0) && (rd_unit_i == mk_unit));

  fmc_stream_reg #(
    .Width(MkW)
  ) u_mark_reg (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (fire && in_last_i),
    .in_ready_o (unused_mk_ready),  // taken only when empty (in_ready_o above)
    .in_data_i  ({band_q[SlotW-1:0], r_q, col_mark}),
    .out_valid_o(mk_valid),
    .out_ready_i(mk_pop_i),
    .out_data_o ({mk_band, mk_row_o, mk_col_o})
  );

  logic unused_x;
  assign unused_x = ^{unused_mk_ready, wdm1};  // W - 1 above the column width: W <= MaxPlaneWidth

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      band_q <= '0;
      r_q    <= '0;
      x_q    <= '0;
      y_q    <= DimWidth'(1);
      busy_q <= 1'b0;
      rel_q  <= '0;
    end else begin
      band_q <= band_d;
      r_q    <= r_d;
      x_q    <= x_d;
      y_q    <= y_d;
      busy_q <= busy_d;
      rel_q  <= rel_d;
    end
  end

`ifndef SYNTHESIS
  // The consumer never releases a band that has not been written.
  ReleaseWritten: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      rel_i |-> rel_q != band_q);
`endif

endmodule
