// SPDX-License-Identifier: Apache-2.0
//
/// GRLC decoder (grid-based run-length compression, docs/grlc-format.md; § refer to it),
/// bit-exact with the golden `fmc::grlc_decode`, including its error classes.
///
/// Protocol. A transmission starts with one descriptor beat on `cmd`: N (`cmd_num_words_i`) and
/// L, the length in words of the grid stream (`cmd_grid_words_i`), as a DMA descriptor gives
/// them. The decoder then takes exactly L grid words for that transmission, never more, never
/// fewer, whatever they contain, and only then the next descriptor: the words of the next
/// transmission are never touched. The stream "ends" when its L words are taken. `grid_last_i`
/// is not used by the logic (the length is authoritative); it is expected on word L-1, and a
/// simulation-only assumption (GridLastAtLength) flags a disagreement as an environment error.
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
/// output register still leaves; no `out_last_o`), the rest of the L words are taken and dropped
/// (one per cycle as offered), then the next descriptor is taken and decoded exactly. Emitted
/// words are always a prefix of the golden decoder's `decoded()`: a band's cells (§4) leave only
/// once every grid of the band has been decoded without error, and the transmission's last band
/// only once the end checks passed. The decoder only ever waits for grid words and output ready:
/// it cannot hang on any stream content. `clear_i` stays the hard recovery (aborts everything).
///
/// Micro-architecture. The grid words enter a bit unpacker (`fmc_bit_unpacker`) whose window
/// holds a grid header and its bitmap, or a header and one value. A parser reads one grid field
/// group per cycle: F = 0 (one cycle); bitmap mode: header + bitmap in one cycle, then one cycle
/// per non-zero cell; dense mode: header + first value in one cycle, then one value per cycle.
/// It writes each non-zero value into the cell memory at {slot, row, x} and the grid's non-zero
/// bitmap (GH x GW bits, row-major) into the bitmap memory (one entry per grid); zero cells are
/// never written. The memories are rings of band slots: a slot holds GH rows of Wslot cells,
/// Wslot = the smallest power of two >= max(W, GW), 2 * MaxPlaneWidth / Wslot slots. A reader
/// walks the completed bands in order and outputs their cells in raster order (bitmap entry read
/// at each row segment, the cell memory only for non-zero cells) through a 3-stage pipeline into
/// the output register, while the parser runs ahead into the free slots. When every slot is in
/// use, the parser may claim the oldest one early, while the reader is in the last row of the
/// band it holds: a grid is then parsed once the reader has read its columns of that row (and
/// the band's last grid once the slot is released), so the parser starts the next band up to
/// one band row (W cells) before the slot is free.
///
/// Throughput: one output word per cycle whenever the grid port is not the bottleneck. The
/// parser takes 1 cycle per all-zero grid, 1 + nz cycles per bitmap-mode grid (nz non-zero
/// cells) and S cycles per dense-mode grid of S cells; the grid port takes one word per cycle
/// while the unpacker has room (it holds ceil(window / m) + 2 words: one word of slack beyond
/// the window and the word in flight, so dense grids whose values need slightly more than m bits
/// per cell borrow the bits that earlier grids left over). A completed band leaves at one word
/// per cycle, bands back to back, while the parser fills the free slots (2 slots at W >
/// MaxPlaneWidth / 2, 32 at W <= 8 with the default MaxPlaneWidth). N words coded into L stream
/// words take max(N, L) cycles plus: per transmission, the descriptor cycle, the parse time of
/// the first band and 4 cycles before its first word leaves, 1 cycle of end checks, and 2
/// cycles after the last word is loaded into the output register before the next descriptor is
/// taken; per band, nothing, as long as the slots ahead of the reader (and the early claim's
/// head start of up to W cells) absorb the variation of the bands' parse times. A dense band
/// never parses faster than it leaves (one cell per cycle), so time lost where the grid port is
/// the bottleneck (bands coded into more than m bits per cell) is not made up in later bands
/// coded into fewer: such alternations (data coding near ratio 1) run a few percent below the
/// bound, since the unpacker's slack beyond the window is one word. Grids with fewer cells than
/// value bits, e.g. W = 1, in bitmap mode with every cell non-zero, parse slower than they leave.
///
/// Latency: a band's first word is in the output register 4 cycles after the parser finished
/// the band's last grid (5 for the transmission's last band: end checks), if the reader is idle.
///
/// Timing: `out_*`, `err_*`, `idle_o`, `cmd_ready_o` and `grid_ready_o` are driven by flops
/// only. Internal combinational paths: unpacker window -> header/bitmap decode -> consumption ->
/// unpacker pointer; band registers -> row lengths -> grid shape -> bitmap scatter -> pending
/// cells; out_ready_i -> reader pipeline enables -> memory read enables and addresses; reader
/// column register (early claim) -> slot check -> parser actions.
///
/// Parameters: DataWidth m in {8, 16}; GridH GH in {1, 2, 4}; GridW GW in {4, 8, 16};
/// MaxPlaneWidth a power of two, GW <= MaxPlaneWidth <= 4096; DimWidth 1..16; CountWidth >= 1;
/// LengthWidth >= 1 (checked at elaboration). Memories (fmc_ram_1r1w): cells 2 * GH *
/// MaxPlaneWidth x m bits, bitmaps 2 * MaxPlaneWidth / GW x GH * GW bits.
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
  localparam int unsigned PW       = XW + 1;                      // 0..MaxPlaneWidth
  localparam int unsigned AW       = 1 + LogGH + XW;              // cell memory address
  localparam int unsigned BAW      = 1 + XW - LogGW;              // bitmap memory address
  localparam int unsigned NsW      = BAW + 1;                     // slot count 0..2^BAW
  localparam int unsigned CapW     = $clog2(GridH * MaxPlaneWidth + 1);  // cells of a band
  localparam int unsigned LwW      = $clog2(XW + 1);              // log2 Wslot
  localparam int unsigned CntW     = LogGW + 1;                   // cells of a grid row
  localparam int unsigned SW       = $clog2(Cells + 1);           // cells of a grid
  localparam int unsigned WinWidth = HdrBits + ((Cells > DataWidth) ? Cells : DataWidth);
  // The window, one word of slack, and the word being written.
  localparam int unsigned NumWords = (WinWidth + DataWidth - 1) / DataWidth + 2;
  localparam int unsigned ConsW    = $clog2(WinWidth + 1);
  localparam int unsigned FillW    = $clog2(NumWords * DataWidth + 1);
  localparam int unsigned MaxW     = (CountWidth > CapW) ? CountWidth : CapW;

  localparam logic [3:0] ErrTruncated  = 4'd1;
  localparam logic [3:0] ErrTrailing   = 4'd2;
  localparam logic [3:0] ErrEmptyGrid  = 4'd3;
  localparam logic [3:0] ErrZeroValue  = 4'd4;
  localparam logic [3:0] ErrValueRange = 4'd5;

  // StParse parses grids; StCheck does the end checks and releases the last band; StDrain takes
  // and drops the rest of the L words after an error.
  typedef enum logic [1:0] {StIdle, StParse, StCheck, StDrain} state_e;

  // ------------------------------------------------------------------------------------------
  // Plane shape: slot geometry (Wslot = 2^lw), slot size and count.
  // ------------------------------------------------------------------------------------------
  logic [PW-1:0]     wp;         // W
  logic [XW-1:0]     wlast;      // W - 1
  logic [LwW-1:0]    lw;
  logic              lw_found;
  logic [AW-1:0]     slot_size;  // cells of a slot: GH << lw
  logic [NsW-1:0]    nslots;     // 2 * MaxPlaneWidth >> lw

  assign wp    = PW'(cfg_plane_w_i);
  assign wlast = XW'(wp - PW'(1));
  always_comb begin
    lw       = LwW'(XW);
    lw_found = 1'b0;
    for (int k = LogGW; k < XW; k++) begin
      if (!lw_found && 32'(wp) <= (32'd1 << k)) begin
        lw       = LwW'(k);
        lw_found = 1'b1;
      end
    end
  end
  assign slot_size = AW'(GridH) << lw;
  assign nslots    = NsW'((2 * MaxPlaneWidth) >> lw);

  // ------------------------------------------------------------------------------------------
  // Registers.
  // ------------------------------------------------------------------------------------------
  state_e                 state_d, state_q;
  logic [LengthWidth-1:0] lleft_d, lleft_q;      // grid words not yet taken from the port
  logic                   nonempty_d, nonempty_q;  // N > 0
  logic                   err_d, err_q;
  logic [3:0]             ecode_d, ecode_q;
  // Parser: the band being parsed.
  logic [CountWidth-1:0]  brem_d, brem_q;        // cells from the band's first to N
  logic [DimWidth-1:0]    yrem_d, yrem_q;        // rows from the band's first to the plane's end
  logic [CapW-1:0]        bc_d, bc_q;            // cells of the band
  logic                   blast_d, blast_q;      // the transmission's last band
  logic [XW-1:0]          x0_d, x0_q;            // first column of the grid being parsed
  logic                   claimed_d, claimed_q;  // the band's slot is claimed
  logic [AW-1:0]          pbase_d, pbase_q;      // the band's slot, first cell address
  logic                   pfin_d, pfin_q;        // the last band passed the end checks
  // Parser: the grid being parsed (value cycles).
  logic                   gval_d, gval_q;        // header done, values pending
  logic                   dense_d, dense_q, uns_d, uns_q;
  logic [LogM-1:0]        bw_d, bw_q;            // b - 1
  logic [Cells-1:0]       pend_d, pend_q;        // cells still to get a value
  logic [Cells-1:0]       acc_d, acc_q;          // cells with a non-zero value so far
  // Slot ring.
  logic [NsW-1:0]         inuse_d, inuse_q;      // slots claimed by the parser, not yet read
  logic [NsW-1:0]         done_d, done_q;        // complete bands not yet started by the reader
  // Early claim: the parser's slot still holds the band the reader is in (its last row).
  logic                   early_d, early_q;
  logic [PW-1:0]          rfree_d, rfree_q;      // columns of the reader's band already read
  // Reader, stage A (cell walk of a band).
  logic                   ractive_d, ractive_q;
  logic                   rfinal_d, rfinal_q;    // the band is the transmission's last
  logic [RowW-1:0]        rlrow_d, rlrow_q;      // the band's last row
  logic [RowW-1:0]        rrow_d, rrow_q;
  logic [XW-1:0]          rx_d, rx_q;
  logic [AW-1:0]          rbase_d, rbase_q;
  logic [DimWidth-1:0]    ryrem_d, ryrem_q;      // rows from the band's first to the plane's end
  // Reader, stage B (bitmap read) and C (cell read).
  logic                   bvalid_d, bvalid_q, blastc_d, blastc_q;
  logic                   bend_d, bend_q;        // the cell in B is its band's last
  logic [IdxW-1:0]        bbit_d, bbit_q;
  logic [AW-1:0]          baddr_d, baddr_q;
  logic                   cvalid_d, cvalid_q, clast_d, clast_q, cnz_d, cnz_q;

  // ------------------------------------------------------------------------------------------
  // Grid stream: L words into the unpacker (dropped in StDrain).
  // ------------------------------------------------------------------------------------------
  logic                   ub_valid, ub_ready, ub_clear, take, tail_ok;
  logic [WinWidth-1:0]    win;
  logic [FillW-1:0]       fill;
  logic [ConsW-1:0]       cons;

  assign grid_ready_o = (lleft_q != '0) &&
                        (((state_q == StParse) && ub_ready) || (state_q == StDrain));
  assign take         = grid_valid_i && grid_ready_o;
  assign ub_valid     = grid_valid_i && (lleft_q != '0) && (state_q == StParse);
  assign ub_clear     = clear_i || (state_q != StParse);

  fmc_bit_unpacker #(
    .WordWidth (DataWidth),
    .NumWords  (NumWords),
    .WinWidth  (WinWidth),
    .ConsumeMax(WinWidth),
    .ReadyAfterConsume(1'b0),
    .InWords   (1)
  ) u_grid_buf (
    .clk_i,
    .rst_ni,
    .clear_i   (ub_clear),
    .in_valid_i(ub_valid),
    .in_ready_o(ub_ready),
    .in_data_i (grid_data_i),
    .in_two_i  (1'b0),
    .consume_i (cons),
    .room_i    (ConsW'(0)),
    .win_o     (win),
    .fill_o    (fill),
    .skip_i    (ConsW'(0)),
    .tail_ok_o (tail_ok)
  );

  // ------------------------------------------------------------------------------------------
  // Band geometry (§2.1): loaded at the descriptor (N, H) and at each band change.
  // ------------------------------------------------------------------------------------------
  logic [CountWidth-1:0] gin_b;   // cells from the band's first to N
  logic [DimWidth-1:0]   gin_y;   // rows from the band's first to the plane's end
  logic [DimWidth-1:0]   ynext;
  logic [2:0]            g_rb;    // rows of the band
  logic [CapW-1:0]       g_cap, g_bc;
  logic                  g_last;

  assign ynext = (32'(yrem_q) > GridH) ? yrem_q - DimWidth'(GridH) : cfg_plane_h_i;
  assign gin_b = (state_q == StIdle) ? cmd_num_words_i : brem_q - CountWidth'(bc_q);
  assign gin_y = (state_q == StIdle) ? cfg_plane_h_i : ynext;
  assign g_rb  = (32'(gin_y) >= GridH) ? 3'(GridH) : 3'(gin_y);
  assign g_cap = CapW'(g_rb) * CapW'(wp);
  assign g_last = MaxW'(gin_b) <= MaxW'(g_cap);
  assign g_bc  = g_last ? CapW'(gin_b) : g_cap;

  // Row lengths of the band being parsed, and the grid at x0: cells per row, existence mask.
  logic [GridH*PW-1:0]        rl;    // row r at [r*PW +: PW]
  logic [GridH*CntW-1:0]      cnt;   // row r at [r*CntW +: CntW]
  logic [Cells-1:0]           exist;
  logic [SW-1:0]              scells;
  logic                       band_end;
  logic [RowW-1:0]            frow;   // the last band's last row and its last column
  logic [XW-1:0]              fcol;

  logic [CapW-1:0]            roff, rdiff;
  logic [PW-1:0]              cd;

  always_comb begin
    roff   = '0;
    rdiff  = '0;
    cd     = '0;
    rl     = '0;
    cnt    = '0;
    exist  = '0;
    scells = '0;
    frow   = '0;
    for (int r = 0; r < GridH; r++) begin
      roff  = CapW'(r) * CapW'(wp);
      rdiff = bc_q - roff;
      if (bc_q > roff) rl[r*PW +: PW] = (rdiff > CapW'(wp)) ? wp : PW'(rdiff);
      cd = rl[r*PW +: PW] - PW'(x0_q);
      if (rl[r*PW +: PW] > PW'(x0_q)) cnt[r*CntW +: CntW] = (cd > PW'(GridW)) ? CntW'(GridW) : CntW'(cd);
      for (int x = 0; x < GridW; x++) begin
        exist[r*GridW + x] = CntW'(x) < cnt[r*CntW +: CntW];
      end
      scells = scells + SW'(cnt[r*CntW +: CntW]);
      if (rl[r*PW +: PW] != '0) frow = RowW'(r);
    end
    fcol = '0;
    for (int r = 0; r < GridH; r++) begin
      if (frow == RowW'(r)) fcol = XW'(rl[r*PW +: PW] - PW'(1));
    end
  end
  assign band_end = (PW'(x0_q) + PW'(GridW)) >= rl[0*PW +: PW];

  // ------------------------------------------------------------------------------------------
  // Grid parser.
  // ------------------------------------------------------------------------------------------
  logic              f_bit, d_bit, u_bit;
  logic [LogM-1:0]   wd;
  logic [Cells-1:0]  bmw, bm;          // bitmap field (first bit at the top), scattered bitmap
  logic [ConsW-1:0]  need;
  logic              have;
  // Value decode (header cycle: after the header; value cycle: at the top of the window).
  logic [DataWidth-1:0]   vtop, val;
  logic [LogM-1:0]        vbm1;
  logic                   vuns, vsgn, vrange, vzero;
  // The cell of the value: lowest pending cell.
  logic [Cells-1:0]  onehot, pend_n, acc_n;
  logic [IdxW-1:0]   idx;
  logic [RowW-1:0]   prow;
  logic [XW-1:0]     pcol;
  // Actions.
  logic              cell_we, bm_we, grid_done, claim, fail, done_inc, slot_ok, hdr, grid_free;
  logic              release_slot;
  logic [Cells-1:0]  bm_wdata;
  logic [3:0]        fail_code;
  logic [AW-1:0]     cell_waddr;
  logic [BAW-1:0]    bm_waddr;

  assign f_bit = win[WinWidth-1];
  assign d_bit = win[WinWidth-2];
  assign u_bit = win[WinWidth-3];
  assign wd    = win[WinWidth-4 -: LogM];
  assign bmw   = win[WinWidth-1-HdrBits -: Cells];
  assign hdr   = !gval_q;

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

  always_comb begin
    if (!f_bit)     need = ConsW'(1);
    else if (d_bit) need = ConsW'(HdrBits) + ConsW'(wd) + ConsW'(1);
    else            need = ConsW'(HdrBits) + ConsW'(scells);
    if (gval_q)     need = ConsW'(bw_q) + ConsW'(1);
  end
  assign have = FillW'(need) <= fill;

  assign vtop = hdr ? win[WinWidth-1-HdrBits -: DataWidth] : win[WinWidth-1 -: DataWidth];
  assign vbm1 = hdr ? wd : bw_q;
  assign vuns = hdr ? u_bit : uns_q;
  assign vsgn = !vuns && vtop[DataWidth-1];
  // The b-bit field at the top of vtop, zero- or sign-extended to m bits.
  assign val  = DataWidth'({{DataWidth{vsgn}}, vtop} >> (LogM'(DataWidth - 1) - vbm1));
  assign vrange = vuns && (vbm1 == LogM'(DataWidth - 1)) && vtop[DataWidth-1];
  assign vzero  = (val == '0);

  always_comb begin
    idx = '0;
    for (int i = Cells - 1; i >= 0; i--) begin
      if (pend_q[i]) idx = IdxW'(i);
    end
    if (hdr) idx = '0;
  end
  assign onehot = Cells'(1) << idx;
  assign prow   = RowW'(idx >> LogGW);
  assign pcol   = x0_q + XW'(idx[LogGW-1:0]);
  assign acc_n  = (hdr ? '0 : acc_q) | (vzero ? '0 : onehot);
  assign pend_n = (hdr ? exist : pend_q) & ~onehot;

  // A slot is usable when free, or (early claim) when every ring slot is in use and the reader
  // has read the grid's columns in the last row of the oldest band, which occupies this slot.
  assign grid_free  = (PW'(x0_q) + PW'(GridW)) <= rfree_q;
  assign slot_ok    = claimed_q ? (!early_q || grid_free) : ((inuse_q < nslots) || grid_free);
  assign cell_waddr = pbase_q | (AW'(prow) << lw) | AW'(pcol);
  assign bm_waddr   = BAW'((AW'(pbase_q >> LogGH) | AW'(x0_q)) >> LogGW);

  always_comb begin
    state_d    = state_q;
    lleft_d    = lleft_q - LengthWidth'(take);
    nonempty_d = nonempty_q;
    err_d      = err_q;
    ecode_d    = ecode_q;
    brem_d     = brem_q;
    yrem_d     = yrem_q;
    bc_d       = bc_q;
    blast_d    = blast_q;
    x0_d       = x0_q;
    claimed_d  = claimed_q;
    pbase_d    = pbase_q;
    pfin_d     = pfin_q;
    gval_d     = gval_q;
    dense_d    = dense_q;
    uns_d      = uns_q;
    bw_d       = bw_q;
    pend_d     = pend_q;
    acc_d      = acc_q;
    cons       = '0;
    cell_we    = 1'b0;
    bm_we      = 1'b0;
    bm_wdata   = '0;
    grid_done  = 1'b0;
    claim      = 1'b0;
    done_inc   = 1'b0;
    fail       = 1'b0;
    fail_code  = '0;

    unique case (state_q)
      StIdle: begin
        if (cmd_valid_i && cmd_ready_o) begin
          err_d      = 1'b0;
          ecode_d    = '0;
          lleft_d    = cmd_grid_words_i;
          nonempty_d = (cmd_num_words_i != '0);
          brem_d     = gin_b;
          yrem_d     = gin_y;
          bc_d       = g_bc;
          blast_d    = g_last;
          x0_d       = '0;
          claimed_d  = 1'b0;
          pbase_d    = '0;
          pfin_d     = 1'b0;
          gval_d     = 1'b0;
          state_d    = (cmd_num_words_i != '0) ? StParse : StCheck;
        end
      end
      StParse: begin
        if (!have) begin
          if (lleft_q == '0) begin
            fail      = 1'b1;
            fail_code = ErrTruncated;
          end
        end else if (!gval_q) begin
          // Grid header: F = 0; bitmap mode header + bitmap; dense mode header + first value.
          if (slot_ok) begin
            claim = !claimed_q;
            claimed_d = 1'b1;
            cons  = need;
            if (!f_bit) begin
              bm_we     = 1'b1;
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
              acc_d   = '0;
            end else begin
              if (vrange) begin
                fail      = 1'b1;
                fail_code = ErrValueRange;
              end
              cell_we = !vzero;
              gval_d  = 1'b1;
              dense_d = 1'b1;
              uns_d   = u_bit;
              bw_d    = wd;
              pend_d  = pend_n;
              acc_d   = acc_n;
              if (pend_n == '0) begin
                gval_d    = 1'b0;
                bm_we     = 1'b1;
                bm_wdata  = acc_n;
                grid_done = 1'b1;
                if (!vrange && acc_n == '0) begin
                  fail      = 1'b1;
                  fail_code = ErrEmptyGrid;
                end
              end
            end
          end
        end else begin
          // One value.
          cons    = need;
          cell_we = !vzero;
          pend_d  = pend_n;
          acc_d   = acc_n;
          if (vrange) begin
            fail      = 1'b1;
            fail_code = ErrValueRange;
          end else if (!dense_q && vzero) begin
            fail      = 1'b1;
            fail_code = ErrZeroValue;
          end else if (pend_n == '0) begin
            gval_d    = 1'b0;
            bm_we     = 1'b1;
            bm_wdata  = acc_n;
            grid_done = 1'b1;
            if (acc_n == '0) begin
              fail      = 1'b1;
              fail_code = ErrEmptyGrid;
            end
          end
        end
        if (grid_done) begin
          x0_d = x0_q + XW'(GridW);
          if (band_end) begin
            if (blast_q) begin
              state_d = StCheck;
            end else begin
              done_inc  = 1'b1;
              brem_d    = gin_b;
              yrem_d    = gin_y;
              bc_d      = g_bc;
              blast_d   = g_last;
              x0_d      = '0;
              claimed_d = 1'b0;
              pbase_d   = pbase_q + slot_size;
            end
          end
        end
      end
      StCheck: begin
        if (lleft_q != '0 || !tail_ok) begin
          fail      = 1'b1;
          fail_code = ErrTrailing;
        end else begin
          state_d  = StIdle;
          done_inc = nonempty_q;
          pfin_d   = 1'b1;
        end
      end
      StDrain: begin
        if (lleft_d == '0) state_d = StIdle;
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
      lleft_d = '0;
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
  logic [DataWidth-1:0] cell_rdata;
  logic [Cells-1:0]     bm_rdata;

  fmc_ram_1r1w #(
    .Width(DataWidth),
    .Depth(2 * GridH * MaxPlaneWidth)
  ) u_cell_ram (
    .clk_i,
    .we_i   (cell_we),
    .waddr_i(cell_waddr),
    .wdata_i(val),
    .re_i   (cell_re),
    .raddr_i(cell_raddr),
    .rdata_o(cell_rdata)
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
  // Reader: completed bands in raster order, A (walk, bitmap read) -> B (cell read) -> C ->
  // output register; all stages move together when the output register can take a word.
  // ------------------------------------------------------------------------------------------
  logic              adv, rgo, rend, cur_final, done_dec, start, bit_b;
  logic [RowW-1:0]   cur_lrow;
  logic [XW-1:0]     cur_lcol;
  logic              oreg_ready, oreg_valid;
  logic [DataWidth:0] oreg_data;

  assign start     = cmd_valid_i && cmd_ready_o;
  assign cur_final = ractive_q ? rfinal_q : (pfin_q && done_q == NsW'(1));
  always_comb begin
    cur_lrow = rlrow_q;
    if (!ractive_q) begin
      if (cur_final)                      cur_lrow = frow;
      else if (32'(ryrem_q) >= GridH)     cur_lrow = RowW'(GridH - 1);
      else                                cur_lrow = RowW'(ryrem_q - DimWidth'(1));
    end
  end
  assign cur_lcol = cur_final ? fcol : wlast;
  assign rend     = (rrow_q == cur_lrow) && (rx_q == cur_lcol);
  assign adv      = oreg_ready;
  assign rgo      = (ractive_q || done_q != '0) && adv && !err_q;
  assign bit_b    = bm_rdata[bbit_q];

  assign bm_re      = rgo && (rx_q[LogGW-1:0] == '0);
  assign bm_raddr   = BAW'((AW'(rbase_q >> LogGH) | AW'(rx_q)) >> LogGW);
  assign cell_re    = adv && bvalid_q && bit_b;
  assign cell_raddr = baddr_q;

  always_comb begin
    ractive_d    = ractive_q;
    rfinal_d     = rfinal_q;
    rlrow_d      = rlrow_q;
    rrow_d       = rrow_q;
    rx_d         = rx_q;
    rbase_d      = rbase_q;
    ryrem_d      = ryrem_q;
    bvalid_d     = bvalid_q;
    blastc_d     = blastc_q;
    bend_d       = bend_q;
    bbit_d       = bbit_q;
    baddr_d      = baddr_q;
    cvalid_d     = cvalid_q;
    clast_d      = clast_q;
    cnz_d        = cnz_q;
    done_dec     = 1'b0;
    rfree_d      = rfree_q;
    // A slot is free once its last cell has been read from the memory (B -> C).
    release_slot = adv && bvalid_q && bend_q;

    if (adv) begin
      cvalid_d = bvalid_q;
      clast_d  = blastc_q;
      cnz_d    = bit_b;
      bvalid_d = rgo;
      blastc_d = cur_final && rend;
      bend_d   = rgo && rend;
      bbit_d   = (IdxW'(rrow_q) << LogGW) | IdxW'(rx_q[LogGW-1:0]);
      baddr_d  = rbase_q | (AW'(rrow_q) << lw) | AW'(rx_q);
    end
    if (rgo) begin
      // Columns 0 .. rx_q - 1 of the band's last row are read once the cell in B leaves.
      rfree_d = (ractive_q && rrow_q == rlrow_q) ? PW'(rx_q) : '0;
      if (!ractive_q) begin
        done_dec  = 1'b1;
        ractive_d = 1'b1;
        rfinal_d  = cur_final;
        rlrow_d   = cur_lrow;
      end
      if (rend) begin
        rx_d         = '0;
        rrow_d       = '0;
        ractive_d    = 1'b0;
        rbase_d      = rbase_q + slot_size;
        ryrem_d      = (32'(ryrem_q) > GridH) ? ryrem_q - DimWidth'(GridH) : cfg_plane_h_i;
      end else if (rx_q == wlast) begin
        rx_d   = '0;
        rrow_d = rrow_q + RowW'(1);
      end else begin
        rx_d = rx_q + XW'(1);
      end
    end
    // A released band (no new band started) has nothing left to read.
    if (release_slot && !rgo) rfree_d = '0;
    if (err_q) begin
      bvalid_d = 1'b0;
      cvalid_d = 1'b0;
    end
    if (start) begin
      rfree_d   = '0;
      ractive_d = 1'b0;
      rx_d      = '0;
      rrow_d    = '0;
      rbase_d   = '0;
      ryrem_d   = cfg_plane_h_i;
    end
    if (clear_i) begin
      rfree_d   = '0;
      ractive_d = 1'b0;
      rx_d      = '0;
      rrow_d    = '0;
      bvalid_d  = 1'b0;
      cvalid_d  = 1'b0;
    end
  end

  // Slot ring counters.
  always_comb begin
    inuse_d = inuse_q + NsW'(claim) - NsW'(release_slot);
    done_d  = done_q + NsW'(done_inc) - NsW'(done_dec);
    // An early claim lasts until the reader releases the slot's previous band.
    early_d = (early_q || (claim && inuse_q >= nslots)) && !release_slot;
    if (start || clear_i) begin
      inuse_d = '0;
      done_d  = '0;
      early_d = 1'b0;
    end
  end

  fmc_stream_reg #(
    .Width(DataWidth + 1)
  ) u_out_reg (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (cvalid_q && !err_q),
    .in_ready_o (oreg_ready),
    .in_data_i  ({clast_q, cnz_q ? cell_rdata : DataWidth'(0)}),
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
  assign cmd_ready_o = (state_q == StIdle) &&
                       (err_q || (!ractive_q && done_q == '0 && !bvalid_q && !cvalid_q));
  assign idle_o      = cmd_ready_o && !oreg_valid;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= StIdle;
      lleft_q    <= '0;
      nonempty_q <= 1'b0;
      err_q      <= 1'b0;
      ecode_q    <= '0;
      claimed_q  <= 1'b0;
      pfin_q     <= 1'b0;
      gval_q     <= 1'b0;
      inuse_q    <= '0;
      done_q     <= '0;
      early_q    <= 1'b0;
      rfree_q    <= '0;
      ractive_q  <= 1'b0;
      rrow_q     <= '0;
      rx_q       <= '0;
      rbase_q    <= '0;
      bvalid_q   <= 1'b0;
      cvalid_q   <= 1'b0;
    end else begin
      state_q    <= state_d;
      lleft_q    <= lleft_d;
      nonempty_q <= nonempty_d;
      err_q      <= err_d;
      ecode_q    <= ecode_d;
      claimed_q  <= claimed_d;
      pfin_q     <= pfin_d;
      gval_q     <= gval_d;
      inuse_q    <= inuse_d;
      done_q     <= done_d;
      early_q    <= early_d;
      rfree_q    <= rfree_d;
      ractive_q  <= ractive_d;
      rrow_q     <= rrow_d;
      rx_q       <= rx_d;
      rbase_q    <= rbase_d;
      bvalid_q   <= bvalid_d;
      cvalid_q   <= cvalid_d;
    end
  end

  // Data path: no reset (each is written before it is read: the band registers at the
  // descriptor, the grid registers at a header, the reader's at a band start or with a valid).
  always_ff @(posedge clk_i) begin
    brem_q   <= brem_d;
    yrem_q   <= yrem_d;
    bc_q     <= bc_d;
    blast_q  <= blast_d;
    x0_q     <= x0_d;
    pbase_q  <= pbase_d;
    dense_q  <= dense_d;
    uns_q    <= uns_d;
    bw_q     <= bw_d;
    pend_q   <= pend_d;
    acc_q    <= acc_d;
    rfinal_q <= rfinal_d;
    rlrow_q  <= rlrow_d;
    ryrem_q  <= ryrem_d;
    blastc_q <= blastc_d;
    bend_q   <= bend_d;
    bbit_q   <= bbit_d;
    baddr_q  <= baddr_d;
    clast_q  <= clast_d;
    cnz_q    <= cnz_d;
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
  GridLastAtLength: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      take |-> grid_last_i == (lleft_q == LengthWidth'(1)));
  PlaneShapeLegal: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      cmd_valid_i && cmd_ready_o |->
      (cfg_plane_w_i != '0) && (32'(cfg_plane_w_i) <= MaxPlaneWidth) && (cfg_plane_h_i != '0));
  // The parser never writes a slot the reader has not released.
  SlotsInRange: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      inuse_q <= nslots + NsW'(early_q));
`endif

endmodule
