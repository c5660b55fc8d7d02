// SPDX-License-Identifier: Apache-2.0
//
/// GRLC decoder (grid-based run-length compression, docs/grlc-format.md; § refer to it),
/// bit-exact with the golden `fmc::grlc_decode`, including its error classes.
///
/// Protocol. A transmission starts with one descriptor beat on `cmd`: N (`cmd_num_words_i`) and
/// L, the length in words of the grid stream (`cmd_grid_words_i`), as a DMA descriptor gives
/// them. The decoder then takes exactly L grid words for that transmission, never more, never
/// fewer, whatever they contain, and only then the next descriptor: the words of the next
/// transmission are never touched. The stream "ends" when its word flagged `grid_last_i` (word
/// L-1) is taken; of L the logic uses only whether it is 0 (`fmc_stream_frame`, whose
/// simulation-only assumption LastAtLength flags a `last` not on word L-1: docs/integration.md
/// §7.1).
/// The plane shape W x H (`cfg_plane_w_i`, `cfg_plane_h_i`) is used directly: it may change only
/// while `idle_o` is 1 (W in 1..MaxPlaneWidth, H >= 1: the simulation-only assertion
/// PlaneShapeLegal). On success exactly N words leave on `out` in index order, `out_last_o` on
/// word N-1; then the next descriptor is taken. N = 0: nothing is output, L must be 0 (else
/// Trailing).
///
/// Fault contract (the same for every decoder of this project, docs/integration.md §7; the
/// golden classes and conditions of §5, the first error in bit order wins; `err_code_o` values
/// are fmc::GrlcError): 1 Truncated (the L words end before the last grid's code is complete),
/// 2 Trailing (after the last grid: padding bits not 0, or words after the one holding the last
/// bit; N = 0 and L > 0), 3 EmptyGrid (F = 1 and no non-zero cell: bitmap all 0, or dense values
/// all 0), 4 ZeroValue (bitmap mode: a value of 0 for a bitmap bit 1), 5 ValueRange (U = 1 and a
/// value >= 2^(m-1)). A grid is checked field by field, so an error inside a grid wins over the
/// truncation of a later field. After an error: `err_o`/`err_code_o` are set (sticky until
/// `clear_i` or the next accepted descriptor; `err_o` is low for at least one cycle after a
/// descriptor, so each error is a rising edge), nothing more is emitted (a word already in the
/// output register still leaves; no `out_last_o`), the rest of the words up to `last` are dropped
/// (one per cycle as offered), then the next descriptor is taken and decoded exactly. Emitted
/// words are always a prefix of the golden decoder's `decoded()`: the cells of a band's first row
/// (§4) leave grid by grid, a grid's columns once it and the grids before it in the band have
/// been decoded without error (the row's last cell with the rest of the band), the band's other
/// rows only once every grid of the band has been, and the rest of the transmission's last band
/// only once the end checks passed. The decoder only ever waits for grid words and output ready:
/// it cannot hang on any stream content. `clear_i` stays the hard recovery (aborts everything).
///
/// Micro-architecture. The grid words enter a bit unpacker (`fmc_bit_unpacker`) whose window
/// holds a grid header and its bitmap, or two values. A parser reads one grid field group per
/// cycle: F = 0 (one cycle); bitmap mode: header + bitmap in one cycle; dense mode: the header
/// alone; then, in both modes, the values of one column pair per cycle (positions 2i, 2i + 1 of
/// a grid row: the pair's one or two non-zero cells in bitmap mode, its one or two existing
/// cells in dense mode). The cell memory is two banks, even and odd columns, written at the
/// pair's address {slot, row, x} / 2 in the same cycle. At the header the parser writes the
/// grid's entry of the bitmap memory (GH x GW bits, row-major): the cells the reader takes from
/// the cell memory (none for F = 0, the bitmap in bitmap mode, every existing cell in dense
/// mode, whose zero values are written too); the other cells read as 0. The band being parsed
/// and its grid at x0 are tracked by `fmc_band_shape`. The
/// memories are rings of band slots: a slot holds GH rows of Wslot cells, Wslot = the smallest
/// power of two >= max(W, GW), 2 * MaxPlaneWidth / Wslot slots (the slot bookkeeping, the
/// parser's slot check and the reader's walk: `fmc_band_reader`; both primitives are shared with
/// the DCT decoder). A reader walks the completed bands in order and outputs their cells in
/// raster order (bitmap entry read at each row segment, the cell memory only for the cells it
/// marks) through a 3-stage pipeline into the output register, while the parser runs ahead into
/// the free slots; in the first row of the band being parsed it follows the parser grid by grid
/// (the band reader's EarlyRow). When every slot is in use, the parser may claim the oldest one early, while the
/// reader is in the last row of the band it holds: a grid is then parsed once the reader has read
/// its columns of that row (and the band's last grid once the slot is released), so the parser
/// starts the next band up to one band row (W cells) before the slot is free.
///
/// Throughput: one output word per cycle whenever the grid port is not the bottleneck. The
/// parser takes 1 cycle per all-zero grid, 1 + Pnz cycles per bitmap-mode grid (Pnz <= nz the
/// column pairs holding a non-zero cell) and 1 + P cycles per dense-mode grid (P = R * ceil(w /
/// 2) its column pairs, R rows of w cells); the grid port takes one word per cycle while the
/// unpacker has room (it holds ceil(window / m) + 1 words, and the bits the parser uses in a
/// cycle count as free room for the next word). A completed band leaves at one word
/// per cycle, bands back to back, while the parser fills the free slots (2 slots at W >
/// MaxPlaneWidth / 2, 32 at W <= 8 with the default MaxPlaneWidth). N words coded into L stream
/// words take max(N, L) cycles plus: per transmission, the descriptor cycle, the parse time of
/// the first band and 4 cycles before its first word leaves, 1 cycle of end checks, and 2
/// cycles after the last word is loaded into the output register before the next descriptor is
/// taken; per band, nothing, as long as the slots ahead of the reader (and the early claim's
/// head start of up to W cells) absorb the variation of the bands' parse times. Grids of two
/// or more columns parse up to two cells per cycle, so time lost where the grid port is the
/// bottleneck (grids coded into more than m bits per cell) is made up in grids coded into fewer
/// (data coding near ratio 1 runs at the bound too). Grids of 1 column (W = 1, W mod GW = 1)
/// parse one cell per cycle plus the header: in bitmap mode with every cell non-zero, or in
/// dense mode, slower than they leave.
///
/// Latency: with the reader idle, the cells of a grid in its band's first row (but the row's last
/// cell) are in the output register from 4 cycles after the parser finished the grid; the rest of
/// a band from 4 cycles after the parser finished its last grid (5 for the transmission's last
/// band: end checks).
///
/// Timing: `out_*`, `err_*`, `idle_o` and `cmd_ready_o` are driven by flops only;
/// `grid_ready_o` depends on flops only too, over a longer path: the bits the parser uses in the
/// same cycle count as free room (unpacker window -> header/bitmap decode -> consumption -> free
/// room). Internal combinational paths: unpacker window -> header/bitmap decode -> consumption ->
/// unpacker pointer; band registers -> row lengths -> grid shape -> bitmap scatter -> pending
/// cells; out_ready_i -> reader pipeline enables -> memory read enables and addresses; reader
/// column register (early claim) -> slot check -> parser actions.
///
/// Parameters: DataWidth m in {8, 16}; GridH GH in {1, 2, 4}; GridW GW in {4, 8, 16};
/// MaxPlaneWidth a power of two, GW <= MaxPlaneWidth <= 4096; DimWidth 1..16; CountWidth >= 1;
/// LengthWidth >= 1 (checked at elaboration). Memories (fmc_ram_1r1w): cells 2 * GH *
/// MaxPlaneWidth x m bits (two banks of GH * MaxPlaneWidth), bitmaps 2 * MaxPlaneWidth / GW x
/// GH * GW bits.
///
/// Example (§6 example 1; m = 8, GH = 2, GW = 4, W = 6, H = 3): descriptor N = 18, L = 5; grid
/// words 0x55 0x35 0xc6 0xdc 0xe0 give 0 0 0 0 5 0, 0 0 0 0 0 3, 0 -2 7 0 0 0 (last). With 0xe1
/// as the last word: err_code_o = 2 (Trailing) once the last grid is parsed; the words that left
/// before (at most the 12 of the first band) are a prefix of these, no `out_last_o`.
module grlc_decoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth     = 8,
  /// GH: grid rows, 1, 2 or 4.
  parameter int unsigned GridH         = 2,
  /// GW: grid columns, 4, 8 or 16.
  parameter int unsigned GridW         = 8,
  /// Largest plane width W accepted: a power of two, GridW..4096; sizes the memories.
  parameter int unsigned MaxPlaneWidth = 128,
  /// Width of the plane shape ports.
  parameter int unsigned DimWidth      = 16,
  /// Width of the descriptor's word count N.
  parameter int unsigned CountWidth    = 24,
  /// Width of the descriptor's stream length L.
  parameter int unsigned LengthWidth   = 25
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  /// Synchronous clear: aborts everything, back to idle, clears the error.
  input  logic                   clear_i,
  /// Plane width W (1..MaxPlaneWidth), quasi-static.
  input  logic [DimWidth-1:0]    cfg_plane_w_i,
  /// Plane height H (>= 1), quasi-static.
  input  logic [DimWidth-1:0]    cfg_plane_h_i,
  // Descriptor of the next transmission: N and the grid stream's length L.
  input  logic                   cmd_valid_i,
  output logic                   cmd_ready_o,
  /// N: words of the transmission (0 allowed).
  input  logic [CountWidth-1:0]  cmd_num_words_i,
  /// L: grid stream words of the transmission.
  input  logic [LengthWidth-1:0] cmd_grid_words_i,
  // Grid stream (L words).
  input  logic                   grid_valid_i,
  output logic                   grid_ready_o,
  input  logic [DataWidth-1:0]   grid_data_i,
  /// Expected on word L-1 (simulation check only).
  input  logic                   grid_last_i,
  // Decoded words, `out_last_o` on word N-1 of a transmission without error.
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [DataWidth-1:0]   out_data_o,
  output logic                   out_last_o,
  /// Sticky error flag and its fmc::GrlcError value (0 = none).
  output logic                   err_o,
  output logic [3:0]             err_code_o,
  /// No transmission in progress and no output word pending.
  output logic                   idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && (GridH == 1 || GridH == 2 || GridH == 4) &&
        (GridW == 4 || GridW == 8 || GridW == 16) && MaxPlaneWidth >= GridW &&
        MaxPlaneWidth <= 4096 && (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 &&
        DimWidth >= 1 && DimWidth <= 16 && CountWidth >= 1 && LengthWidth >= 1))
  begin : gen_param_error
    $error("grlc_decoder: DataWidth 8|16, GridH 1|2|4, GridW 4|8|16, MaxPlaneWidth a power of two GridW..4096, DimWidth 1..16");
  end

  localparam int unsigned LogM     = $clog2(DataWidth);           // width field bits
  localparam int unsigned HdrBits  = 3 + LogM;                    // F, D, U, Wd
  localparam int unsigned Cells    = GridH * GridW;
  localparam int unsigned LogGH    = $clog2(GridH);
  localparam int unsigned LogGW    = $clog2(GridW);
  localparam int unsigned RowW     = (GridH > 1) ? LogGH : 1;
  localparam int unsigned IdxW     = LogGH + LogGW;               // cell index in a grid
  localparam int unsigned XW       = $clog2(MaxPlaneWidth);       // column 0..MaxPlaneWidth-1
  localparam int unsigned AW       = 1 + LogGH + XW;              // cell memory address
  localparam int unsigned BAW      = 1 + XW - LogGW;              // bitmap memory address
  localparam int unsigned CntW     = LogGW + 1;                   // cells of a grid row
  localparam int unsigned SW       = $clog2(Cells + 1);           // cells of a grid
  localparam int unsigned PairW    = $clog2(Cells / 2);           // column pair in a grid
  // The window holds a header and its bitmap, or the two values of a column pair.
  localparam int unsigned WinWidth = (HdrBits + Cells > 2 * DataWidth) ? HdrBits + Cells :
                                                                         2 * DataWidth;
  // The window and the word being written (the bits the parser uses in a cycle count as free
  // room for the next word: the unpacker's ReadyAfterConsume).
  localparam int unsigned NumWords = (WinWidth + DataWidth - 1) / DataWidth + 1;
  localparam int unsigned ConsW    = $clog2(WinWidth + 1);
  localparam int unsigned FillW    = $clog2(NumWords * DataWidth + 1);

  localparam logic [3:0] ErrTruncated  = 4'd1;
  localparam logic [3:0] ErrTrailing   = 4'd2;
  localparam logic [3:0] ErrEmptyGrid  = 4'd3;
  localparam logic [3:0] ErrZeroValue  = 4'd4;
  localparam logic [3:0] ErrValueRange = 4'd5;

  // StParse parses grids; StCheck does the end checks and releases the last band; StDrain takes
  // and drops the rest of the L words after an error.
  typedef enum logic [1:0] {StIdle, StParse, StCheck, StDrain} state_e;

  // ------------------------------------------------------------------------------------------
  // Registers.
  // ------------------------------------------------------------------------------------------
  state_e                 state_d, state_q;
  logic                   lopen, lopen_next;     // grid words left (this cycle, next cycle)
  logic                   nonempty_d, nonempty_q;  // N > 0
  logic                   err_d, err_q;
  logic [3:0]             ecode_d, ecode_q;
  // Parser: the band being parsed (its shape is the band shape's).
  logic                   pfin_d, pfin_q;        // the last band passed the end checks
  // Parser: the grid being parsed (value cycles).
  logic                   gval_d, gval_q;        // header done, values pending
  logic                   dense_d, dense_q, uns_d, uns_q;
  logic [LogM-1:0]        bw_d, bw_q;            // b - 1
  logic [Cells-1:0]       pend_d, pend_q;        // cells still to get a value
  logic                   nzs_d, nzs_q;          // dense mode: a non-zero value so far
  // Reader (its walk, stage A and stage B's valid are the band reader's): stage B (bitmap read)
  // and C (cell read).
  logic [IdxW-1:0]        bbit_d, bbit_q;
  logic [AW-1:0]          baddr_d, baddr_q;
  logic                   cvalid_d, cvalid_q, clast_d, clast_q, cnz_d, cnz_q;
  logic                   codd_d, codd_q;        // stage C's cell is in the odd bank

  // ------------------------------------------------------------------------------------------
  // Grid stream: L words into the unpacker (dropped in StDrain).
  // ------------------------------------------------------------------------------------------
  logic                   ub_valid, ub_ready, ub_clear, take, tail_ok;
  logic [WinWidth-1:0]    win;
  logic [FillW-1:0]       fill;
  logic [ConsW-1:0]       cons;

  assign grid_ready_o = lopen &&
                        (((state_q == StParse) && ub_ready) || (state_q == StDrain));
  assign take         = grid_valid_i && grid_ready_o;
  assign ub_valid     = grid_valid_i && lopen && (state_q == StParse);
  assign ub_clear     = clear_i || (state_q != StParse);

  // The stream's frame: open from the descriptor (length not 0) to the word flagged `last`.
  fmc_stream_frame #(
    .LengthWidth(LengthWidth)
  ) u_grid_frame (
    .clk_i,
    .rst_ni,
    .clear_i,
    .load_i  (cmd_valid_i && cmd_ready_o),
    .length_i(cmd_grid_words_i),
    .take_i  (take),
    .last_i  (grid_last_i),
    .open_o  (lopen),
    .open_next_o(lopen_next)
  );

  fmc_bit_unpacker #(
    .WordWidth (DataWidth),
    .NumWords  (NumWords),
    .WinWidth  (WinWidth),
    .ConsumeMax(WinWidth),
    .ReadyAfterConsume(1'b1)
  ) u_grid_buf (
    .clk_i,
    .rst_ni,
    .clear_i   (ub_clear),
    .in_valid_i(ub_valid),
    .in_ready_o(ub_ready),
    .in_data_i (grid_data_i),
    .consume_i (cons),
    .room_i    (cons),  // bits used this cycle count as free room
    .win_o     (win),
    .fill_o    (fill),
    .skip_i    (ConsW'(0)),
    .tail_ok_o (tail_ok)
  );

  // ------------------------------------------------------------------------------------------
  // Band geometry (§2.1, fmc_band_shape): the band being parsed, loaded at the descriptor (N, H)
  // and at each band change; the grid at x0: cells per row, existence mask.
  // ------------------------------------------------------------------------------------------
  logic [XW-1:0]              x0;     // first column of the grid being parsed
  logic [GridH*CntW-1:0]      cnt;    // row r at [r*CntW +: CntW]
  logic [Cells-1:0]           exist;
  logic [SW-1:0]              scells;
  logic                       band_end, blast, grid_done, start;
  logic [RowW-1:0]            frow;   // the last band's last row and its last column
  logic [XW-1:0]              fcol;
  logic [DimWidth-1:0]        yrem;   // (used by the band shape only)

  fmc_band_shape #(
    .BandH        (GridH),
    .UnitW        (GridW),
    .MaxPlaneWidth(MaxPlaneWidth),
    .DimWidth     (DimWidth),
    .CountWidth   (CountWidth)
  ) u_shape (
    .clk_i,
    .cfg_plane_w_i,
    .cfg_plane_h_i,
    .start_i    (start),
    .num_i      (cmd_num_words_i),
    .unit_done_i(grid_done),
    .x0_o       (x0),
    .cnt_o      (cnt),
    .band_end_o (band_end),
    .last_o     (blast),
    .fin_row_o  (frow),
    .fin_col_o  (fcol),
    .yrem_o     (yrem)
  );

  logic unused_x;
  assign unused_x = ^yrem;

  always_comb begin
    exist  = '0;
    scells = '0;
    for (int r = 0; r < GridH; r++) begin
      for (int x = 0; x < GridW; x++) begin
        exist[r*GridW + x] = CntW'(x) < cnt[r*CntW +: CntW];
      end
      scells = scells + SW'(cnt[r*CntW +: CntW]);
    end
  end

  // ------------------------------------------------------------------------------------------
  // Grid parser.
  // ------------------------------------------------------------------------------------------
  logic              f_bit, d_bit, u_bit;
  logic [LogM-1:0]   wd;
  logic [Cells-1:0]  bmw, bm;          // bitmap field (first bit at the top), scattered bitmap
  logic [ConsW-1:0]  need;
  logic              have;
  // Value decode: the value cycle's first value at the top of the window (a), its second after
  // it (b).
  logic [DataWidth-1:0]   vtop_a, vtop_b, vmask, val_a, val_b, val_odd;
  logic                   sgn_a, sgn_b, rng_a, rng_b, zero_a, zero_b, err_a, err_b;
  logic [3:0]             code_a, code_b;
  logic                   have_a, two, e0, e1;
  // The cells of the value cycle: the lowest column pair with a pending cell.
  logic [Cells-1:0]  pmask, pend_n;
  logic              nzs_n;
  logic [PairW-1:0]  pidx;
  logic [RowW-1:0]   prow;
  logic [XW-1:0]     pcol;
  // Actions.
  logic              we_even, we_odd, bm_we, claim, band_next, fail, done_inc, slot_ok;
  logic [Cells-1:0]  bm_wdata;
  logic [3:0]        fail_code;
  logic [AW-1:0]     cell_waddr, pbase;   // the cell's address, the band's slot (first cell)
  logic [BAW-1:0]    bm_waddr;

  assign f_bit = win[WinWidth-1];
  assign d_bit = win[WinWidth-2];
  assign u_bit = win[WinWidth-3];
  assign wd    = win[WinWidth-4 -: LogM];
  assign bmw   = win[WinWidth-1-HdrBits -: Cells];

  // Bitmap bit k of the grid's S cells belongs to cell (r, x) with k = r * c + x, c the cells of
  // row 0 (rows before the last existing one are complete).
  logic [Cells-1:0] bsh;

  always_comb begin
    bsh = '0;
    bm  = '0;
    for (int r = 0; r < GridH; r++) begin
      bsh = bmw << (r * 32'(cnt[0*CntW +: CntW]));
      for (int x = 0; x < GridW; x++) begin
        bm[r*GridW + x] = exist[r*GridW + x] && bsh[Cells-1-x];
      end
    end
  end

  // The value cycle's pair (positions 2i, 2i + 1; GW is even, so both are in one grid row).
  fmc_pair_pick #(
    .Cells(Cells)
  ) u_pair (
    .mask_i(pend_q),
    .idx_o (pidx),
    .pair_o(pmask),
    .even_o(e0),
    .odd_o (e1)
  );
  assign two    = e0 && e1;
  assign prow   = RowW'(pidx >> (LogGW - 1));
  assign pcol   = x0 + (XW'(pidx[LogGW-2:0]) << 1);
  assign pend_n = pend_q & ~pmask;

  always_comb begin
    if (!f_bit)     need = ConsW'(1);
    else if (d_bit) need = ConsW'(HdrBits);
    else            need = ConsW'(HdrBits) + ConsW'(scells);
    if (gval_q)     need = two ? (ConsW'(bw_q) + 1'b1) << 1 : ConsW'(bw_q) + 1'b1;
  end
  assign have   = FillW'(need) <= fill;
  assign have_a = FillW'(bw_q) < fill;

  // The b-bit fields at the top of vtop_a and vtop_b, zero- or sign-extended to m bits.
  // Right-aligned fields: the first value's b bits end b bits into the window, the second's 2b.
  assign vtop_a = DataWidth'(win >> (ConsW'(WinWidth - 1) - ConsW'(bw_q)));
  assign vtop_b = DataWidth'(win >> (ConsW'(WinWidth - 2) - (ConsW'(bw_q) << 1)));
  assign vmask  = ~({DataWidth{1'b1}} << bw_q << 1);
  assign sgn_a  = !uns_q && vtop_a[bw_q];
  assign sgn_b  = !uns_q && vtop_b[bw_q];
  assign val_a  = (vtop_a & vmask) | ({DataWidth{sgn_a}} & ~vmask);
  assign val_b  = (vtop_b & vmask) | ({DataWidth{sgn_b}} & ~vmask);
  assign rng_a  = uns_q && (bw_q == LogM'(DataWidth - 1)) && vtop_a[DataWidth-1];
  assign rng_b  = uns_q && (bw_q == LogM'(DataWidth - 1)) && vtop_b[DataWidth-1];
  assign zero_a = (val_a == '0);
  assign zero_b = (val_b == '0);
  // A value's error: out of range, or 0 in bitmap mode.
  assign err_a  = rng_a || (!dense_q && zero_a);
  assign err_b  = rng_b || (!dense_q && zero_b);
  assign code_a = rng_a ? ErrValueRange : ErrZeroValue;
  assign code_b = rng_b ? ErrValueRange : ErrZeroValue;
  // The even cell takes the first value, the odd cell the second (or the first if alone).
  assign val_odd = e0 ? val_b : val_a;
  assign nzs_n   = nzs_q || !zero_a || (two && !zero_b);

  // `slot_ok` (band reader): the grid's slot is free, or (early claim) every ring slot is in use
  // and the reader has read the grid's columns in the last row of the oldest band, which
  // occupies this slot. `cell_waddr`: cell (prow, pcol) of the band's slot at `pbase`.
  assign bm_waddr   = BAW'((AW'(pbase >> LogGH) | AW'(x0)) >> LogGW);

  always_comb begin
    state_d    = state_q;
    nonempty_d = nonempty_q;
    err_d      = err_q;
    ecode_d    = ecode_q;
    pfin_d     = pfin_q;
    gval_d     = gval_q;
    dense_d    = dense_q;
    uns_d      = uns_q;
    bw_d       = bw_q;
    pend_d     = pend_q;
    nzs_d      = nzs_q;
    cons       = '0;
    we_even    = 1'b0;
    we_odd     = 1'b0;
    bm_we      = 1'b0;
    bm_wdata   = '0;
    grid_done  = 1'b0;
    claim      = 1'b0;
    band_next  = 1'b0;
    done_inc   = 1'b0;
    fail       = 1'b0;
    fail_code  = '0;

    unique case (state_q)
      StIdle: begin
        if (cmd_valid_i && cmd_ready_o) begin
          err_d      = 1'b0;
          ecode_d    = '0;
          nonempty_d = (cmd_num_words_i != '0);
          pfin_d     = 1'b0;
          gval_d     = 1'b0;
          state_d    = (cmd_num_words_i != '0) ? StParse : StCheck;
        end
      end
      StParse: begin
        if (!have) begin
          if (!lopen) begin
            // The stream ends inside a field: the pair's first value, complete, may be wrong.
            fail      = 1'b1;
            fail_code = (gval_q && have_a && err_a) ? code_a : ErrTruncated;
          end
        end else if (!gval_q) begin
          // Grid header: F = 0; bitmap mode header + bitmap; dense mode header. The grid's
          // bitmap entry (the cells the reader takes from the cell memory) is written now: none,
          // the bitmap, or every existing cell (dense mode writes its zero values too).
          if (slot_ok) begin
            claim    = 1'b1;
            cons     = need;
            bm_we    = 1'b1;
            bm_wdata = !f_bit ? '0 : (d_bit ? exist : bm);
            if (!f_bit) begin
              grid_done = 1'b1;
            end else if (!d_bit) begin
              if (bm == '0) begin
                fail      = 1'b1;
                fail_code = ErrEmptyGrid;
              end
              gval_d  = 1'b1;
              dense_d = 1'b0;
              uns_d   = u_bit;
              bw_d    = wd;
              pend_d  = bm;
            end else begin
              gval_d  = 1'b1;
              dense_d = 1'b1;
              uns_d   = u_bit;
              bw_d    = wd;
              pend_d  = exist;
              nzs_d   = 1'b0;
            end
          end
        end else begin
          // The values of a column pair's pending cells.
          cons    = need;
          we_even = e0;
          we_odd  = e1;
          pend_d  = pend_n;
          nzs_d   = nzs_n;
          if (err_a || (two && err_b)) begin
            fail      = 1'b1;
            fail_code = err_a ? code_a : code_b;
          end else if (pend_n == '0) begin
            gval_d    = 1'b0;
            grid_done = 1'b1;
            if (dense_q && !nzs_n) begin
              fail      = 1'b1;
              fail_code = ErrEmptyGrid;
            end
          end
        end
        // The next grid (band shape): the next band's first after the band's last grid.
        if (grid_done && band_end) begin
          if (blast) begin
            state_d = StCheck;
          end else begin
            done_inc  = 1'b1;
            band_next = 1'b1;
          end
        end
      end
      StCheck: begin
        if (lopen || !tail_ok) begin
          fail      = 1'b1;
          fail_code = ErrTrailing;
        end else begin
          state_d  = StIdle;
          done_inc = nonempty_q;
          pfin_d   = 1'b1;
        end
      end
      StDrain: begin
        if (!lopen_next) state_d = StIdle;  // the final word taken
      end
      default: state_d = StIdle;
    endcase

    if (fail) begin
      err_d    = 1'b1;
      ecode_d  = fail_code;
      state_d  = StDrain;
      done_inc = 1'b0;
    end

    if (clear_i) begin
      state_d = StIdle;
      gval_d  = 1'b0;
      pfin_d  = 1'b0;
      err_d   = 1'b0;
      ecode_d = '0;
    end
  end

  // ------------------------------------------------------------------------------------------
  // Memories.
  // ------------------------------------------------------------------------------------------
  logic                 cell_re, bm_re;
  logic [AW-1:0]        cell_raddr;
  logic [BAW-1:0]       bm_raddr;
  logic [DataWidth-1:0] cell_rdata_e, cell_rdata_o;
  logic [Cells-1:0]     bm_rdata;

  logic unused_waddr;
  assign unused_waddr = cell_waddr[0];  // a pair's address is even

  // The cell memory in two banks, even and odd columns (a column pair at one address).
  fmc_ram_pair #(
    .Width(DataWidth),
    .Depth(GridH * MaxPlaneWidth)
  ) u_cell_ram (
    .clk_i,
    .waddr_i     (cell_waddr[AW-1:1]),
    .we_even_i   (we_even),
    .wdata_even_i(val_a),
    .we_odd_i    (we_odd),
    .wdata_odd_i (val_odd),
    .raddr_i     (cell_raddr[AW-1:1]),
    .re_even_i   (cell_re && !cell_raddr[0]),
    .re_odd_i    (cell_re && cell_raddr[0]),
    .rdata_even_o(cell_rdata_e),
    .rdata_odd_o (cell_rdata_o)
  );

  fmc_ram_1r1w #(
    .Width(Cells),
    .Depth(2 * MaxPlaneWidth / GridW)
  ) u_bitmap_ram (
    .clk_i,
    .we_i   (bm_we),
    .waddr_i(bm_waddr),
    .wdata_i(bm_wdata),
    .re_i   (bm_re),
    .raddr_i(bm_raddr),
    .rdata_o(bm_rdata)
  );

  // ------------------------------------------------------------------------------------------
  // Band ring (fmc_band_reader): the parser's slot check and addresses, the reader's walk of the
  // completed bands in raster order, A (walk, bitmap read) -> B (cell read) -> C -> output
  // register; all stages move together when the output register can take a word.
  // ------------------------------------------------------------------------------------------
  logic              adv, rgo, bit_b, bvalid, blastc, rd_empty;
  logic [AW-1:0]     rbase, raddr;
  logic [RowW-1:0]   rrow;
  logic [XW-1:0]     rx;
  logic              oreg_ready, oreg_valid;
  logic [XW-1:0]     parse_x;
  logic [DataWidth:0] oreg_data;

  assign start = cmd_valid_i && cmd_ready_o;
  // The grids of the band being parsed before x0 are complete: the reader may output them in
  // the band's first row (after its last grid the band shape's x0 is not a grid of it).
  assign parse_x = (state_q == StParse) ? x0 : '0;
  assign adv   = oreg_ready;

  fmc_band_reader #(
    .BandH        (GridH),
    .UnitW        (GridW),
    .WordCells    (1),
    .MaxPlaneWidth(MaxPlaneWidth),
    .DimWidth     (DimWidth),
    .LateRelease  (1'b1),
    .EarlyRow     (1'b1)
  ) u_ring (
    .clk_i,
    .rst_ni,
    .clear_i,
    .cfg_plane_w_i,
    .cfg_plane_h_i,
    .start_i   (start),
    .wr_x0_i   (x0),
    .wr_ok_o   (slot_ok),
    .wr_claim_i(claim),
    .wr_next_i (band_next),
    .wr_row_i  (prow),
    .wr_col_i  (pcol),
    .wr_addr_o (cell_waddr),
    .wr_base_o (pbase),
    .done_i    (done_inc),
    .wr_done_x_i(parse_x),
    .rd_adv_i  (adv),
    .rd_stop_i (err_q),
    .fin_i     (pfin_q),
    .fin_row_i (frow),
    .fin_col_i (fcol),
    .rd_go_o   (rgo),
    .rd_addr_o (raddr),
    .rd_base_o (rbase),
    .rd_row_o  (rrow),
    .rd_col_o  (rx),
    .b_valid_o (bvalid),
    .b_last_o  (blastc),
    .empty_o   (rd_empty)
  );

  assign bit_b      = bm_rdata[bbit_q];
  assign bm_re      = rgo && (rx[LogGW-1:0] == '0);
  assign bm_raddr   = BAW'((AW'(rbase >> LogGH) | AW'(rx)) >> LogGW);
  assign cell_re    = adv && bvalid && bit_b;
  assign cell_raddr = baddr_q;

  always_comb begin
    bbit_d   = bbit_q;
    baddr_d  = baddr_q;
    cvalid_d = cvalid_q;
    clast_d  = clast_q;
    cnz_d    = cnz_q;
    codd_d   = codd_q;
    if (adv) begin
      codd_d   = baddr_q[0];
      cvalid_d = bvalid;
      clast_d  = blastc;
      cnz_d    = bit_b;
      bbit_d   = (IdxW'(rrow) << LogGW) | IdxW'(rx[LogGW-1:0]);
      baddr_d  = raddr;
    end
    if (err_q || clear_i) cvalid_d = 1'b0;
  end

  fmc_stream_reg #(
    .Width(DataWidth + 1)
  ) u_out_reg (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (cvalid_q && !err_q),
    .in_ready_o (oreg_ready),
    .in_data_i  ({clast_q, cnz_q ? (codd_q ? cell_rdata_o : cell_rdata_e) : DataWidth'(0)}),
    .out_valid_o(oreg_valid),
    .out_ready_i(out_ready_i),
    .out_data_o (oreg_data)
  );

  assign out_valid_o = oreg_valid;
  assign out_last_o  = oreg_data[DataWidth];
  assign out_data_o  = oreg_data[DataWidth-1:0];
  assign err_o       = err_q;
  assign err_code_o  = ecode_q;
  // The next descriptor waits until every word of this transmission is in the output register.
  assign cmd_ready_o = (state_q == StIdle) && (err_q || (rd_empty && !cvalid_q));
  assign idle_o      = cmd_ready_o && !oreg_valid;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= StIdle;
      nonempty_q <= 1'b0;
      err_q      <= 1'b0;
      ecode_q    <= '0;
      pfin_q     <= 1'b0;
      gval_q     <= 1'b0;
      cvalid_q   <= 1'b0;
    end else begin
      state_q    <= state_d;
      nonempty_q <= nonempty_d;
      err_q      <= err_d;
      ecode_q    <= ecode_d;
      pfin_q     <= pfin_d;
      gval_q     <= gval_d;
      cvalid_q   <= cvalid_d;
    end
  end

  // Data path: no reset (each is written before it is read: the band registers at the
  // descriptor, the grid registers at a header, the reader's at a band start or with a valid).
  always_ff @(posedge clk_i) begin
    dense_q  <= dense_d;
    uns_q    <= uns_d;
    bw_q     <= bw_d;
    pend_q   <= pend_d;
    nzs_q    <= nzs_d;
    bbit_q   <= bbit_d;
    baddr_q  <= baddr_d;
    clast_q  <= clast_d;
    cnz_q    <= cnz_d;
    codd_q   <= codd_d;
  end

`ifndef SYNTHESIS
  // Protocol: `out` holds valid, data and last until taken; the environment does the same on
  // its ports and marks word L-1 of the grid stream (and only it) with `last`.
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
  fmc_stream_assert #(
    .Width (CountWidth + LengthWidth),
    .Assume(1'b1)
  ) u_cmd_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(cmd_valid_i),
    .ready_i(cmd_ready_o),
    .data_i ({cmd_num_words_i, cmd_grid_words_i})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_grid_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(grid_valid_i),
    .ready_i(grid_ready_o),
    .data_i ({grid_last_i, grid_data_i})
  );
  ErrStable: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      err_o && !(cmd_valid_i && cmd_ready_o) |=> err_o && $stable(err_code_o));
  PlaneShapeLegal: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      cmd_valid_i && cmd_ready_o |->
      (cfg_plane_w_i != '0) && (32'(cfg_plane_w_i) <= MaxPlaneWidth) && (cfg_plane_h_i != '0));
`endif

endmodule
