// SPDX-License-Identifier: Apache-2.0
//
/// Band reader (shared primitive): the band ring of a decoder, written unit by unit and read
/// back in raster order. Used by the GRLC decoder (bands of GridH rows, units = grids of GridW
/// columns, one cell a memory word, the cell read in stage B after a bitmap read in stage A) and
/// the DCT decoder (bands of 4 rows, units = tiles of 4 columns, 4 cells a memory word, read in
/// stage A).
///
/// The ring lives in the core's memory: a slot holds BandH rows of Wslot cells, Wslot = the
/// smallest power of two >= max(W, UnitW), 2 * MaxPlaneWidth / Wslot slots; a memory word holds
/// WordCells cells of a row. Cell (row r, column x) of a slot starting at word `base` is in word
/// base | r << (log2 Wslot - log2 WordCells) | x >> log2 WordCells (`wr_addr_o`, `rd_addr_o`),
/// 2 * BandH * MaxPlaneWidth / WordCells words in all. This module holds the slot bookkeeping,
/// the writer's slot check and the reader's walk; the memory and the data are the core's.
///
/// Writer side (the core's band parser / reconstruction): the units of a band are written in
/// order into the band's slot, whose first word is `wr_base_o`. Before it writes a unit at
/// columns `wr_x0_i` .. + UnitW - 1, the writer checks `wr_ok_o`: the slot is free, or (early
/// claim) every slot is in use and the reader, in the last row of the oldest band (which still
/// occupies the slot), has read the unit's columns of that row. `wr_claim_i` marks a cycle in
/// which the writer writes (a part of) a unit after that check (its first one claims the slot);
/// `wr_next_i` the write that ends the band (the next unit goes to the next slot); `done_i` a
/// band that may now be read (complete and checked; one pulse per band, in order). `wr_addr_o`
/// is the word address of cell (`wr_row_i`, `wr_col_i`) of the writer's slot.
///
/// Reader side: the complete bands in order, their cells in raster order, one per cycle while
/// `rd_adv_i` (the core's pipeline moves: its output register takes a word). Stage A walks the
/// cells: `rd_go_o` (a cell is taken: the core reads the memory at `rd_addr_o`, or a side memory
/// from `rd_base_o`, `rd_row_o`, `rd_col_o`); stage B holds the cell one cycle later
/// (`b_valid_o`, `b_last_o`: the transmission's final cell). A band has min(BandH, rows left
/// in the plane) rows of W cells, except the transmission's last band (`fin_i`: its `done_i` has
/// come and it is the last), which ends at row `fin_row_i`, column `fin_col_i`. A slot is
/// released when its band's last cell has been read from the memory: in stage A (LateRelease
/// = 0), or when it leaves stage B (LateRelease = 1, the core reads the cells in stage B).
/// EarlyRow = 1: the reader also walks the first row of the band being written, while no
/// complete band waits and the writer holds the band's slot: a cell at column x once x <
/// `wr_done_x_i` (the writer's units before that column are complete; the core keeps it within
/// the transmission's cells), except the row's last cell, which waits for the band's `done_i`
/// (only then are the band's rows and its last cell known).
/// `rd_stop_i` (an error) stops the walk and empties stage B.
///
/// `start_i` (a transmission's descriptor) and `clear_i` reset the ring; `empty_o`: no band left
/// to read (none started, none complete, stage B empty). The shape inputs are quasi-static: they
/// may change only between transmissions.
///
/// Latency: a band whose `done_i` comes in cycle t (reader idle, `rd_adv_i` high) has its first
/// cell taken by stage A in cycle t + 1 and in stage B in t + 2; with EarlyRow, a first-row cell
/// is taken by stage A from the cycle in which `wr_done_x_i` is above its column. Throughput: one
/// cell per cycle,
/// bands back to back.
///
/// Timing: `wr_base_o`, `rd_base_o`, `rd_row_o`, `rd_col_o`, `b_valid_o`, `b_last_o`, `empty_o`
/// from flops; `rd_addr_o` from flops and the shape inputs; `wr_ok_o` adds `wr_x0_i`, `wr_addr_o`
/// `wr_row_i` and `wr_col_i`; `rd_go_o` from flops, `rd_adv_i`, `rd_stop_i` and (EarlyRow)
/// `wr_done_x_i` and the shape inputs. The other inputs
/// reach only the registers' inputs.
///
/// Area: 2 AW + 2 NsW + PW + 2 RowW + XW + DimWidth + 8 flops (AW the word address, NsW =
/// log2(MaxPlaneWidth / UnitW) + 2, PW = log2(MaxPlaneWidth) + 1), no memory.
///
/// Parameters: BandH in {1, 2, 4}; UnitW a power of two, 2..16; WordCells a power of two <=
/// UnitW; MaxPlaneWidth a power of two, UnitW..4096; DimWidth 1..16 (checked at elaboration).
module fmc_band_reader #(
  /// Rows of a band, 1, 2 or 4.
  parameter int unsigned BandH         = 2,
  /// Columns of the writer's unit (a power of two): the smallest slot width.
  parameter int unsigned UnitW         = 8,
  /// Cells of a row per memory word (a power of two, at most UnitW).
  parameter int unsigned WordCells     = 1,
  /// Largest plane width W (a power of two, UnitW..4096): sizes the ring.
  parameter int unsigned MaxPlaneWidth = 128,
  /// Width of the shape inputs, 1..16.
  parameter int unsigned DimWidth      = 16,
  /// A slot is released when its last cell leaves stage B (1) or is read in stage A (0).
  parameter bit          LateRelease   = 1'b0,
  /// The reader may walk the first row of the band being written, up to `wr_done_x_i` (1).
  parameter bit          EarlyRow      = 1'b0,
  localparam int unsigned XW   = $clog2(MaxPlaneWidth),                   // column
  localparam int unsigned LgBH = $clog2(BandH),
  localparam int unsigned LgC  = $clog2(WordCells),
  localparam int unsigned RowW = (LgBH > 0) ? LgBH : 1,                   // row in a band
  localparam int unsigned AW   = 1 + LgBH + XW - LgC                      // word address
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  /// Synchronous clear: empties the ring, the reader idle.
  input  logic                clear_i,
  /// W: cells per row (1..MaxPlaneWidth), quasi-static.
  input  logic [DimWidth-1:0] cfg_plane_w_i,
  /// H: rows per plane (>= 1), quasi-static.
  input  logic [DimWidth-1:0] cfg_plane_h_i,
  /// A transmission starts: the ring empties, the writer and the reader start at slot 0.
  input  logic                start_i,
  // Writer side.
  /// First column of the unit to write next.
  input  logic [XW-1:0]       wr_x0_i,
  /// The unit may be written into the band's slot.
  output logic                wr_ok_o,
  /// A write after the check (claims the slot if not yet claimed).
  input  logic                wr_claim_i,
  /// The band's last write: the next band goes to the next slot.
  input  logic                wr_next_i,
  /// Cell (row, column) of the writer's slot, and its word address; the slot's first word.
  input  logic [RowW-1:0]     wr_row_i,
  input  logic [XW-1:0]       wr_col_i,
  output logic [AW-1:0]       wr_addr_o,
  output logic [AW-1:0]       wr_base_o,
  /// A band is complete and may be read (in order).
  input  logic                done_i,
  /// EarlyRow: columns 0 .. wr_done_x_i - 1 of the first row of the band being written are
  /// complete and may be read (never past the transmission's last cell); unused otherwise.
  input  logic [XW-1:0]       wr_done_x_i,
  // Reader side.
  /// The reader's pipeline moves (the core's output register takes a word).
  input  logic                rd_adv_i,
  /// Stop reading (error): stage A stands still, stage B empties.
  input  logic                rd_stop_i,
  /// The transmission's last band is complete (with its `done_i`); its last row and column.
  input  logic                fin_i,
  input  logic [RowW-1:0]     fin_row_i,
  input  logic [XW-1:0]       fin_col_i,
  /// Stage A takes a cell: at word `rd_addr_o` of the memory; its slot, row and column.
  output logic                rd_go_o,
  output logic [AW-1:0]       rd_addr_o,
  output logic [AW-1:0]       rd_base_o,
  output logic [RowW-1:0]     rd_row_o,
  output logic [XW-1:0]       rd_col_o,
  /// Stage B: a cell (its word read in the cycle before), the transmission's final one.
  output logic                b_valid_o,
  output logic                b_last_o,
  /// Nothing left to read.
  output logic                empty_o
);

  if (!((BandH == 1 || BandH == 2 || BandH == 4) && UnitW >= 2 && UnitW <= 16 &&
        (UnitW & (UnitW - 1)) == 0 && WordCells >= 1 && WordCells <= UnitW &&
        (WordCells & (WordCells - 1)) == 0 && MaxPlaneWidth >= UnitW &&
        MaxPlaneWidth <= 4096 && (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 &&
        DimWidth >= 1 && DimWidth <= 16))
  begin : gen_param_error
    $error("fmc_band_reader: BandH 1, 2 or 4, UnitW a power of two in 2..16, WordCells a power of two <= UnitW, MaxPlaneWidth a power of two in UnitW..4096, DimWidth 1..16");
  end

  localparam int unsigned LgU = $clog2(UnitW);
  localparam int unsigned PW  = XW + 1;                                   // 0..MaxPlaneWidth
  localparam int unsigned NsW = XW - LgU + 2;                             // slot count, + 1
  localparam int unsigned LwW = $clog2(XW + 1);                           // log2 Wslot

  // ------------------------------------------------------------------------------------------
  // Plane shape: slot geometry (Wslot = 2^lw), slot size and count.
  // ------------------------------------------------------------------------------------------
  logic [PW-1:0]  wp;         // W
  logic [XW-1:0]  wlast;      // W - 1
  logic [LwW-1:0] lw, lwt;    // log2 Wslot; log2 of the words of a slot row
  logic           lw_found;
  logic [AW-1:0]  slot_size;  // words of a slot
  logic [NsW-1:0] nslots;     // 2 * MaxPlaneWidth >> lw

  assign wp    = PW'(cfg_plane_w_i);
  assign wlast = XW'(wp - PW'(1));
  always_comb begin
    lw       = LwW'(XW);
    lw_found = 1'b0;
    for (int k = LgU; k < XW; k++) begin
      if (!lw_found && 32'(wp) <= (32'd1 << k)) begin
        lw       = LwW'(k);
        lw_found = 1'b1;
      end
    end
  end
  assign lwt       = lw - LwW'(LgC);

  logic unused_x;
  assign unused_x = ^cfg_plane_w_i;  // W above the column width: W <= MaxPlaneWidth
  assign slot_size = AW'(BandH) << lwt;
  assign nslots    = NsW'((2 * MaxPlaneWidth) >> lw);

  // ------------------------------------------------------------------------------------------
  // Registers.
  // ------------------------------------------------------------------------------------------
  // Writer: its band's slot.
  logic                claimed_d, claimed_q;  // the band's slot is claimed
  logic [AW-1:0]       wbase_d, wbase_q;      // the band's slot, first word address
  // Slot ring.
  logic [NsW-1:0]      inuse_d, inuse_q;      // slots claimed by the writer, not yet read
  logic [NsW-1:0]      done_d, done_q;        // complete bands not yet started by the reader
  // Early claim: the writer's slot still holds the band the reader is in (its last row).
  logic                early_d, early_q;
  logic [PW-1:0]       rfree_d, rfree_q;      // columns of the reader's band already read
  // Reader, stage A (cell walk of a band).
  logic                ractive_d, ractive_q;
  logic                rlive_d, rlive_q;      // the band is still being written (EarlyRow)
  logic                rfinal_d, rfinal_q;    // the band is the transmission's last
  logic [RowW-1:0]     rlrow_d, rlrow_q;      // the band's last row
  logic [RowW-1:0]     rrow_d, rrow_q;
  logic [XW-1:0]       rx_d, rx_q;
  logic [AW-1:0]       rbase_d, rbase_q;
  logic [DimWidth-1:0] ryrem_d, ryrem_q;      // rows from the band's first to the plane's end
  // Reader, stage B.
  logic                bvalid_d, bvalid_q, blastc_d, blastc_q;
  logic                bend_d, bend_q;        // the cell in B is its band's last

  logic                claim, release_slot, unit_free, rgo, rend, cur_final, done_dec;
  logic                rnew, live_ok, live_start;
  logic [RowW-1:0]     cur_lrow;
  logic [XW-1:0]       cur_lcol;

  // ------------------------------------------------------------------------------------------
  // Writer side: a slot is usable when free, or (early claim) when every ring slot is in use and
  // the reader has read the unit's columns in the last row of the oldest band, which occupies
  // this slot.
  // ------------------------------------------------------------------------------------------
  assign unit_free = (PW'(wr_x0_i) + PW'(UnitW)) <= rfree_q;
  assign wr_ok_o   = claimed_q ? (!early_q || unit_free) : ((inuse_q < nslots) || unit_free);
  assign claim     = wr_claim_i && !claimed_q;
  assign wr_addr_o = wbase_q | (AW'(wr_row_i) << lwt) | (AW'(wr_col_i) >> LgC);
  assign wr_base_o = wbase_q;

  always_comb begin
    claimed_d = claimed_q;
    wbase_d   = wbase_q;
    if (wr_claim_i) claimed_d = 1'b1;
    if (wr_next_i) begin
      claimed_d = 1'b0;
      wbase_d   = wbase_q + slot_size;
    end
    if (start_i || clear_i) begin
      claimed_d = 1'b0;
      wbase_d   = '0;
    end
  end

  // ------------------------------------------------------------------------------------------
  // Reader: complete bands in raster order; stage A walks, stage B follows; both move with
  // `rd_adv_i`.
  // ------------------------------------------------------------------------------------------
  // A band starts (a complete one, or with EarlyRow the band being written), or a band read
  // while it was written is now complete: its shape is taken as for a start.
  assign rnew      = !ractive_q || (rlive_q && done_q != '0);
  assign cur_final = !rnew ? rfinal_q : (fin_i && done_q == NsW'(1));
  always_comb begin
    cur_lrow = rlrow_q;
    if (rnew) begin
      if (cur_final)                  cur_lrow = fin_row_i;
      else if (32'(ryrem_q) >= BandH) cur_lrow = RowW'(BandH - 1);
      else                            cur_lrow = RowW'(ryrem_q - DimWidth'(1));
    end
  end
  assign cur_lcol = cur_final ? fin_col_i : wlast;
  assign rend     = (rrow_q == cur_lrow) && (rx_q == cur_lcol);
  // EarlyRow: the band being written (the writer holds its slot and no complete band is waiting:
  // it is the next one to read), its first row: a cell whose unit is complete, not the row's
  // last (the band's shape is known only once it is complete).
  assign live_ok    = EarlyRow && (rx_q < wr_done_x_i) && (rx_q != wlast);
  assign live_start = !ractive_q && done_q == '0 && claimed_q && live_ok;
  assign rgo = ((ractive_q && (!rlive_q || done_q != '0 || live_ok)) || done_q != '0 ||
                live_start) && rd_adv_i && !rd_stop_i;

  assign rd_go_o   = rgo;
  assign rd_addr_o = rbase_q | (AW'(rrow_q) << lwt) | (AW'(rx_q) >> LgC);
  assign rd_base_o = rbase_q;
  assign rd_row_o  = rrow_q;
  assign rd_col_o  = rx_q;
  assign b_valid_o = bvalid_q;
  assign b_last_o  = blastc_q;
  assign empty_o   = !ractive_q && done_q == '0 && !bvalid_q;

  // A slot is free once its band's last cell has been read from the memory.
  if (LateRelease) begin : gen_release_b
    assign release_slot = rd_adv_i && bvalid_q && bend_q;
  end else begin : gen_release_a
    assign release_slot = rgo && rend;
  end

  always_comb begin
    ractive_d = ractive_q;
    rlive_d   = rlive_q;
    rfinal_d  = rfinal_q;
    rlrow_d   = rlrow_q;
    rrow_d    = rrow_q;
    rx_d      = rx_q;
    rbase_d   = rbase_q;
    ryrem_d   = ryrem_q;
    bvalid_d  = bvalid_q;
    blastc_d  = blastc_q;
    bend_d    = bend_q;
    done_dec  = 1'b0;
    rfree_d   = rfree_q;

    if (rd_adv_i) begin
      bvalid_d = rgo;
      blastc_d = cur_final && rend;
      bend_d   = rgo && rend;
    end
    if (rgo) begin
      // Columns 0 .. rx_q - 1 of the band's last row have been read (LateRelease: once the cell
      // in B leaves).
      rfree_d = (ractive_q && rrow_q == rlrow_q) ? PW'(rx_q) : '0;
      if (rnew) begin
        // A complete band starts (or a live one is complete now), or the band being written.
        done_dec  = (done_q != '0);
        rlive_d   = EarlyRow && (done_q == '0);
        ractive_d = 1'b1;
        rfinal_d  = cur_final;
        rlrow_d   = cur_lrow;
      end
      if (rend) begin
        rx_d      = '0;
        rrow_d    = '0;
        ractive_d = 1'b0;
        if (!LateRelease) rfree_d = '0;
        rbase_d   = rbase_q + slot_size;
        ryrem_d   = (32'(ryrem_q) > BandH) ? ryrem_q - DimWidth'(BandH) : cfg_plane_h_i;
      end else if (rx_q == wlast) begin
        rx_d   = '0;
        rrow_d = rrow_q + RowW'(1);
      end else begin
        rx_d = rx_q + XW'(1);
      end
    end
    // A released band (no new band started) has nothing left to read.
    if (LateRelease && release_slot && !rgo) rfree_d = '0;
    if (rd_stop_i) begin
      bvalid_d = 1'b0;
    end
    if (start_i) begin
      rfree_d   = '0;
      ractive_d = 1'b0;
      rlive_d   = 1'b0;
      rx_d      = '0;
      rrow_d    = '0;
      rbase_d   = '0;
      ryrem_d   = cfg_plane_h_i;
    end
    if (clear_i) begin
      rfree_d   = '0;
      ractive_d = 1'b0;
      rlive_d   = 1'b0;
      rx_d      = '0;
      rrow_d    = '0;
      bvalid_d  = 1'b0;
    end
  end

  // Slot ring counters.
  always_comb begin
    inuse_d = inuse_q + NsW'(claim) - NsW'(release_slot);
    done_d  = done_q + NsW'(done_i) - NsW'(done_dec);
    // An early claim lasts until the reader releases the slot's previous band.
    early_d = (early_q || (claim && inuse_q >= nslots)) && !release_slot;
    if (start_i || clear_i) begin
      inuse_d = '0;
      done_d  = '0;
      early_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      claimed_q <= 1'b0;
      inuse_q   <= '0;
      done_q    <= '0;
      early_q   <= 1'b0;
      rfree_q   <= '0;
      ractive_q <= 1'b0;
      rlive_q   <= 1'b0;
      rrow_q    <= '0;
      rx_q      <= '0;
      rbase_q   <= '0;
      bvalid_q  <= 1'b0;
    end else begin
      claimed_q <= claimed_d;
      inuse_q   <= inuse_d;
      done_q    <= done_d;
      early_q   <= early_d;
      rfree_q   <= rfree_d;
      ractive_q <= ractive_d;
      rlive_q   <= rlive_d;
      rrow_q    <= rrow_d;
      rx_q      <= rx_d;
      rbase_q   <= rbase_d;
      bvalid_q  <= bvalid_d;
    end
  end

  // Data path: no reset (the writer's slot is set at the descriptor, the reader's band registers
  // at a band start, stage B's with a valid).
  always_ff @(posedge clk_i) begin
    wbase_q  <= wbase_d;
    rfinal_q <= rfinal_d;
    rlrow_q  <= rlrow_d;
    ryrem_q  <= ryrem_d;
    blastc_q <= blastc_d;
    bend_q   <= bend_d;
  end

`ifndef SYNTHESIS
  // The writer never writes a slot the reader has not released: at most one slot beyond the
  // ring, and only by an early claim (the shape, hence nslots, is stable while a band is held).
  SlotsInRange: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i || start_i)
      claim |=> inuse_q <= nslots + NsW'(early_q));
  // A release frees a claimed slot.
  ReleaseInUse: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i || start_i)
      release_slot |-> inuse_q != '0);
`endif

endmodule
