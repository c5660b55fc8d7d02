// SPDX-License-Identifier: Apache-2.0
//
/// DCT decoder (4x4 HEVC integer transform tiles with transform skip, docs/dct-format.md; §
/// refer to it), bit-exact with the golden `fmc::dct_decode`, including its error classes.
///
/// Protocol. A transmission starts with one descriptor beat on `cmd`: N (`cmd_num_words_i`) and
/// L, the length in words of the tile stream (`cmd_tile_words_i`), as a DMA descriptor gives
/// them. The decoder then takes exactly L tile words for that transmission, never more, never
/// fewer, whatever they contain, and only then the next descriptor: the words of the next
/// transmission are never touched. The stream "ends" when its word flagged `tile_last_i` (word
/// L-1) is taken; of L the logic uses only whether it is 0 (`fmc_stream_frame`, whose
/// simulation-only assumption LastAtLength flags a `last` not on word L-1: docs/integration.md
/// §7.1).
/// The configuration (W `cfg_plane_w_i`, H `cfg_plane_h_i`, s `cfg_shift_i`, U
/// `cfg_unsigned_i`) is used directly: it may change only while `idle_o` is 1 (W in
/// 1..MaxPlaneWidth, H >= 1, s in 4..9: the simulation-only assumption ConfigLegal). On success
/// exactly N words leave on `out` in index order, `out_last_o` on word N-1; then the next
/// descriptor is taken. N = 0: nothing is output, L must be 0 (else Trailing).
///
/// Fault contract (the same for every decoder of this project, docs/integration.md §7; the
/// golden classes and conditions of §6, the first error in bit order wins; `err_code_o` values
/// are fmc::DctError): 1 Truncated (the L words end before the last tile's code is complete),
/// 2 Trailing (after the last tile: padding bits not 0, or words after the one holding the last
/// bit; N = 0 and L > 0), 3 EmptyTile, 4 CoefficientRange (DC prefix of 14 - s zeros, |q[0]| >
/// 2^(13-s), an AC |c| > 2^(13-s)), 5 ValueRange (spatial |w| > 2^(11-s)), 6 RiceEscape (an
/// escape below 12 * 2^k; checked before the range at the same position). A tile is checked
/// field by field, so an error inside a tile wins over the truncation of a later field. After
/// an error: `err_o`/`err_code_o` are set (sticky until `clear_i` or the next accepted
/// descriptor; `err_o` is low for at least one cycle after a descriptor, so each error is a
/// rising edge), nothing more is emitted (a word already in the output register still leaves;
/// no `out_last_o`), the rest of the words up to `last` are dropped (one per cycle as offered),
/// then the next descriptor is taken and decoded exactly. Emitted words are always a prefix of
/// the golden decoder's `decoded()`: a band's cells (4 rows of a plane, §2.1) leave only once
/// every tile of the band has been decoded without error, and the transmission's last band only
/// once the end checks passed. The decoder only ever waits for tile words and output ready: it
/// cannot hang on any stream content. `clear_i` stays the hard recovery (aborts everything).
///
/// Micro-architecture. The tile words enter a bit unpacker (`fmc_bit_unpacker`) whose 30-bit
/// window holds a whole tile header (F, T, the DC exp-Golomb code, `last` and k: at most 30 bits
/// at s = 4) or one coefficient / value code (significance bit, Rice code of at most 28 bits,
/// sign). A parser fills a 16-entry coefficient register (q in raster position through the
/// zig-zag table of §3.1, or the spatial w at its cell): the header in one cycle, then up to two
/// items per cycle, an item being a run of zero significance bits (all of them up to the next
/// coded value) or one coded coefficient / value (`dct_decoder_item`, two instances): item A at
/// the top of the window, item B right after it. B is taken with A when A does not end the
/// tile, all of B's bits are window bits and valid ones (A + B <= 30 bits), and B holds no error;
/// otherwise B is the next cycle's A, so errors are found by A alone, in bit order, as in a
/// one-item parser. A parsed tile moves to the reconstruction
/// stage (one tile deep, so the parser runs one tile ahead): a transform tile takes 4 cycles of
/// vertical pass (one column per cycle through a `dct_butterfly4`, G = q * 2^S, rounded by 7,
/// clipped to m + 8 signed bits), then one cycle per present tile row (horizontal pass through a
/// second `dct_butterfly4`, rounded by 11, clamped to [lo, hi]), each writing the 4 cells of the
/// row as one word of the cell memory (`fmc_ram_1r1w`, 4m bits a word); spatial tiles write
/// clamp(w * 2^(S-4), lo, hi) and empty tiles 0, one row per cycle. The memory is a ring of band
/// slots: a slot holds 4 rows of Wslot cells, Wslot = the smallest power of two >= max(W, 4),
/// 2 * MaxPlaneWidth / Wslot slots (the slot bookkeeping, the writer's slot check and the
/// reader's walk: `fmc_band_reader`; the band being parsed and its tile at x0: `fmc_band_shape`;
/// both primitives are shared with the GRLC decoder). A reader walks the completed bands in
/// order and outputs their cells in raster order (one memory read per cell, 2-stage pipeline
/// into the output register). When every slot is in use, the writer may claim the oldest one
/// early, while the reader is in the last row of the band it holds: a tile is written once the
/// reader has read its columns of that row (and the band's last tile once the slot is released).
///
/// Throughput: one output word per cycle whenever the tile port and the parser keep up. Parser
/// cost per tile: empty 1 cycle; transform 1 + ceil(items / 2) cycles, items = the coded AC
/// coefficients and the runs of zero significance bits before them (<= last <= 15), so at most
/// 9; spatial 1 + ceil(items / 2), items = the coded values and the runs (<= n_t <= 16), so at
/// most 9. That holds while each pair of consecutive items fits the 30-bit window; a pair that
/// does not (more than 30 bits: long codes such as escapes) takes a cycle for A alone, and such
/// codes bring more bits per word than the m per cycle of the tile port (m = 8) or about as
/// many (m = 16), so the port bounds the rate there anyway. A
/// tile is handed to the reconstruction stage in its last parse cycle once that stage is free;
/// the stage takes 4 + rows (transform) or rows (empty, spatial) cycles, rows = the tile's
/// present rows (<= 4). So a full 4x4 tile (16 output words) costs at most max(9, 8) parse /
/// reconstruction cycles, and a partial tile of a plane edge at most max(1 + ceil(n_t / 2), 4
/// + rows) cycles (7 for the 3x3 tile of a 7x7 plane). Worst cases, below one word per cycle:
/// narrow planes (W < 4: fewer cells per tile than the reconstruction's cycles, e.g. 8 cycles
/// per 4-cell transform tile at W = 1), streams of more than m bits per word over a stretch
/// longer than the slots ahead of the reader absorb (the tile port: one word per cycle), and
/// the per-transmission cost below, which the first band of every transmission pays (its words
/// leave only once its last tile is decoded). The tile port takes one word per cycle while the
/// unpacker has room (it holds ceil(30 / m) + 2 words). Bands leave back to back while the
/// slots ahead of the reader absorb the variation of the bands' parse times (2 slots at W >
/// MaxPlaneWidth / 2, plus the early claim). Per transmission: the descriptor cycle, the parse
/// and reconstruction of the first band, 3 cycles before its first word is in the output
/// register, the end checks (1 cycle after the last tile is written), and 2 cycles after the
/// last word is loaded into the output register before the next descriptor is taken. Measured
/// words per cycle against the port bound (random-data bench, every real feature map of the
/// corpus, `fmc_cosim fmaps --codec dct`): docs/results/perf.md and docs/results/sim.md; the
/// co-simulation test "DCT encoder and decoder throughput" checks >= 0.98 of the bound on
/// 7x7, 14x14 and 112x112 planes of smooth, sparse and noise data.
///
/// Latency: a band's first word is in the output register 3 cycles after its last tile row was
/// written (4 for the transmission's last band: end checks), if the reader is idle.
///
/// Timing: `out_*`, `err_*`, `idle_o`, `cmd_ready_o` and `tile_ready_o` are driven by flops
/// only. Internal combinational paths: unpacker window -> field decode (leading-zero / -one
/// counts, shifters) -> consumption -> unpacker pointer, the longest through item A's length
/// -> window shift -> item B's decode -> consumption; coefficient register -> butterfly ->
/// rounding, clip -> Y1 register; Y1 register -> butterfly -> rounding, clamp -> memory write
/// data; out_ready_i -> reader pipeline enables -> memory read enable and address; reader
/// column register (early claim) -> slot check -> write enable.
///
/// Parameters: DataWidth m in {8, 16}; MaxPlaneWidth a power of two, 4..4096; DimWidth 1..16;
/// CountWidth >= 1; LengthWidth >= 1 (checked at elaboration). Memory (fmc_ram_1r1w):
/// 2 * MaxPlaneWidth words x 4m bits (8 * MaxPlaneWidth cells).
///
/// Example (§7 example 1; m = 8, W = 4, H = 4, s = 7, U = 0): descriptor N = 16, L = 4; tile
/// words 0x85 0xc6 0x79 0x58 give 21 28 40 47 37 44 56 63 37 44 56 63 21 28 40 47 (last). With
/// 0x59 as the last word: err_code_o = 2 (Trailing) once the tile is parsed; nothing leaves
/// (the only band is the last one).
module dct_decoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth     = 8,
  /// Largest plane width W accepted: a power of two, 4..4096; sizes the memory.
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
  /// Quantizer shift s (4..9), quasi-static.
  input  logic [3:0]             cfg_shift_i,
  /// U: 1 = output range [0, 2^(m-1) - 1], no sign bits in spatial tiles; quasi-static.
  input  logic                   cfg_unsigned_i,
  // Descriptor of the next transmission: N and the tile stream's length L.
  input  logic                   cmd_valid_i,
  output logic                   cmd_ready_o,
  /// N: words of the transmission (0 allowed).
  input  logic [CountWidth-1:0]  cmd_num_words_i,
  /// L: tile stream words of the transmission.
  input  logic [LengthWidth-1:0] cmd_tile_words_i,
  // Tile stream (L words).
  input  logic                   tile_valid_i,
  output logic                   tile_ready_o,
  input  logic [DataWidth-1:0]   tile_data_i,
  /// Expected on word L-1 (simulation check only).
  input  logic                   tile_last_i,
  // Decoded words, `out_last_o` on word N-1 of a transmission without error.
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [DataWidth-1:0]   out_data_o,
  output logic                   out_last_o,
  /// Sticky error flag and its fmc::DctError value (0 = none).
  output logic                   err_o,
  output logic [3:0]             err_code_o,
  /// No transmission in progress and no output word pending.
  output logic                   idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && MaxPlaneWidth >= 4 && MaxPlaneWidth <= 4096 &&
        (MaxPlaneWidth & (MaxPlaneWidth - 1)) == 0 && DimWidth >= 1 && DimWidth <= 16 &&
        CountWidth >= 1 && LengthWidth >= 1))
  begin : gen_param_error
    $error("dct_decoder: DataWidth 8|16, MaxPlaneWidth a power of two 4..4096, DimWidth 1..16");
  end

  localparam int unsigned M        = DataWidth;
  localparam int unsigned XW       = $clog2(MaxPlaneWidth);       // column 0..MaxPlaneWidth-1
  localparam int unsigned AW       = XW + 1;                      // memory word address
  localparam int unsigned CW       = 11;                          // |q| <= 512, |w| <= 128
  localparam int unsigned BW       = CW + 9;                      // vertical butterfly sums
  localparam int unsigned YW       = M + 8;                       // Y1: m + 8 signed bits
  localparam int unsigned HW       = YW + 9;                      // horizontal butterfly sums
  localparam int unsigned WinWidth = 30;
  localparam int unsigned NumWords = (WinWidth + M - 1) / M + 2;  // window + slack + in flight
  localparam int unsigned ConsW    = $clog2(WinWidth + 1);
  localparam int unsigned FillW    = $clog2(NumWords * M + 1);

  localparam logic [3:0] ErrTruncated        = 4'd1;
  localparam logic [3:0] ErrTrailing         = 4'd2;
  localparam logic [3:0] ErrEmptyTile        = 4'd3;
  localparam logic [3:0] ErrCoefficientRange = 4'd4;
  localparam logic [3:0] ErrValueRange       = 4'd5;
  localparam logic [3:0] ErrRiceEscape       = 4'd6;

  // §3.1 zig-zag scan: scan position i -> raster index, entry i at [4i +: 4].
  localparam logic [63:0] ScanTab = {4'd15, 4'd14, 4'd11, 4'd7, 4'd10, 4'd13, 4'd12, 4'd9,
                                     4'd6, 4'd3, 4'd2, 4'd5, 4'd8, 4'd4, 4'd1, 4'd0};

  // StParse parses tiles; StCheck waits for the last tile's reconstruction, does the end checks
  // and releases the last band; StDrain takes and drops the rest of the L words after an error.
  typedef enum logic [1:0] {StIdle, StParse, StCheck, StDrain} state_e;
  // Parser phase within a tile: header, AC coefficients, spatial values.
  typedef enum logic [1:0] {PhHdr, PhAc, PhSp} phase_e;
  // Reconstruction mode of a parsed tile.
  typedef enum logic [1:0] {MdEmpty, MdTransform, MdSpatial} mode_e;

  // ------------------------------------------------------------------------------------------
  // Configuration: derived constants of §2.2 (the band geometry and the slot geometry are the
  // band shape's and the band reader's).
  // ------------------------------------------------------------------------------------------
  logic [4:0]        zmax;       // 14 - s: DC prefix zeros that fail
  logic [4:0]        sq;         // S - 4 = s + m - 12 (shift of q before rounding by 3)
  logic [4:0]        kp;         // k' = S - 4: the spatial shift
  logic [16:0]       qlim, vlim; // Q = 2^(13 - s), V = 2^(11 - s)
  logic              uns;

  assign zmax      = 5'd14 - 5'(cfg_shift_i);
  assign sq        = 5'(cfg_shift_i) + 5'(M) - 5'd12;
  assign kp        = sq;
  assign qlim      = 17'd1 << (5'd13 - 5'(cfg_shift_i));
  assign vlim      = 17'd1 << (5'd11 - 5'(cfg_shift_i));
  assign uns       = cfg_unsigned_i;

  // ------------------------------------------------------------------------------------------
  // Registers.
  // ------------------------------------------------------------------------------------------
  state_e                 state_d, state_q;
  logic                   lopen, lopen_next;     // tile words left (this cycle, next cycle)
  logic                   nonempty_d, nonempty_q;  // N > 0
  logic                   err_d, err_q;
  logic [3:0]             ecode_d, ecode_q;
  // Parser: the band being parsed (its shape is the band shape's).
  logic                   pfin_d, pfin_q;        // the last band passed the end checks
  // Parser: the tile being parsed.
  phase_e                 ph_d, ph_q;
  logic [3:0]             pos_d, pos_q;          // scan position (AC) or present cell (spatial)
  logic [3:0]             last_d, last_q;        // `last` of a transform tile
  logic [2:0]             k_d, k_q;              // Rice parameter
  logic                   anynz_d, anynz_q;      // a spatial value was non-zero
  logic [16*CW-1:0]       coef_d, coef_q;        // raster position p at [p*CW +: CW]
  logic [CW-1:0]          pred_d, pred_q;        // DC predictor P
  // Reconstruction stage: the tile being written.
  logic                   xbusy_d, xbusy_q;
  mode_e                  xmode_d, xmode_q;
  logic [16*CW-1:0]       xc_d, xc_q;            // coefficients or spatial values
  logic [2:0]             xrows_d, xrows_q;      // present rows of the tile, 1..4
  logic [XW-1:0]          xx0_d, xx0_q;          // first column of the tile
  logic                   xbend_d, xbend_q;      // last tile of its band
  logic                   xfinal_d, xfinal_q;    // its band is the transmission's last
  logic                   xv_d, xv_q;            // vertical pass in progress
  logic [1:0]             xcnt_d, xcnt_q;        // column (vertical) or row (write)
  logic [16*YW-1:0]       y1_d, y1_q;            // Y1[i][v] at [(4i+v)*YW +: YW]
  // Reader (its walk, stage A and stage B's valid are the band reader's): stage B (memory word
  // read).
  logic [1:0]             bsel_d, bsel_q;        // the cell's column within the word

  // ------------------------------------------------------------------------------------------
  // Tile stream: L words into the unpacker (dropped in StDrain).
  // ------------------------------------------------------------------------------------------
  logic                   ub_valid, ub_ready, ub_clear, take, tail_ok, ended;
  logic [WinWidth-1:0]    win;
  logic [FillW-1:0]       fill;
  logic [ConsW-1:0]       cons;

  assign tile_ready_o = lopen &&
                        (((state_q == StParse) && ub_ready) || (state_q == StDrain));
  assign take         = tile_valid_i && tile_ready_o;
  assign ub_valid     = tile_valid_i && lopen && (state_q == StParse);
  // The buffer keeps its bits through StCheck (the end checks read them).
  assign ub_clear     = clear_i || (state_q == StIdle) || (state_q == StDrain);
  assign ended        = !lopen;

  // The stream's frame: open from the descriptor (length not 0) to the word flagged `last`.
  fmc_stream_frame #(
    .LengthWidth(LengthWidth)
  ) u_tile_frame (
    .clk_i,
    .rst_ni,
    .clear_i,
    .load_i  (cmd_valid_i && cmd_ready_o),
    .length_i(cmd_tile_words_i),
    .take_i  (take),
    .last_i  (tile_last_i),
    .open_o  (lopen),
    .open_next_o(lopen_next)
  );

  fmc_bit_unpacker #(
    .WordWidth (M),
    .NumWords  (NumWords),
    .WinWidth  (WinWidth),
    .ConsumeMax(WinWidth),
    .ReadyAfterConsume(1'b0)
  ) u_tile_buf (
    .clk_i,
    .rst_ni,
    .clear_i   (ub_clear),
    .in_valid_i(ub_valid),
    .in_ready_o(ub_ready),
    .in_data_i (tile_data_i),
    .consume_i (cons),
    .room_i    (ConsW'(0)),
    .win_o     (win),
    .fill_o    (fill),
    .skip_i    (ConsW'(0)),
    .tail_ok_o (tail_ok)
  );

  // ------------------------------------------------------------------------------------------
  // Band geometry (§2.1, fmc_band_shape): the band being parsed, loaded at the descriptor (N, H)
  // and at each band change; the tile at x0: present cells per row.
  // ------------------------------------------------------------------------------------------
  logic [XW-1:0]       x0;      // first column of the tile being parsed
  logic [11:0]         cnt;     // row r at [r*3 +: 3], 0..4
  logic [4:0]          nt;      // present cells of the tile
  logic [2:0]          trows;   // rows with a present cell
  logic [2:0]          cw;      // cells of row 0 (the row stride of the present cells)
  logic                band_end, blast, first_in_plane, tile_done, start;
  logic [1:0]          frow;    // the last band's last row and its last column
  logic [XW-1:0]       fcol;
  logic [DimWidth-1:0] yrem;    // rows from the band's first to the plane's end

  fmc_band_shape #(
    .BandH        (4),
    .UnitW        (4),
    .MaxPlaneWidth(MaxPlaneWidth),
    .DimWidth     (DimWidth),
    .CountWidth   (CountWidth)
  ) u_shape (
    .clk_i,
    .cfg_plane_w_i,
    .cfg_plane_h_i,
    .start_i    (start),
    .num_i      (cmd_num_words_i),
    .unit_done_i(tile_done),
    .x0_o       (x0),
    .cnt_o      (cnt),
    .band_end_o (band_end),
    .last_o     (blast),
    .fin_row_o  (frow),
    .fin_col_o  (fcol),
    .yrem_o     (yrem)
  );

  always_comb begin
    nt    = '0;
    trows = '0;
    for (int r = 0; r < 4; r++) begin
      nt = nt + 5'(cnt[r*3 +: 3]);
      if (cnt[r*3 +: 3] != '0) trows = trows + 3'd1;
    end
  end
  assign cw             = cnt[2:0];
  assign first_in_plane = (x0 == '0) && (yrem == cfg_plane_h_i);

  // ------------------------------------------------------------------------------------------
  // Field decode on the window (next bit at the top).
  // ------------------------------------------------------------------------------------------
  localparam int unsigned WT = WinWidth - 1;
  logic              f_bit, t_bit;
  // Header: DC exp-Golomb (order 2), last, k.
  logic [3:0]        z;          // leading zeros of the DC code, saturating at 11
  logic              zfound;
  logic [11:0]       v12, vdc, udc;
  logic [3:0]        vsh;
  logic signed [12:0] dres;      // DC residual d
  logic signed [13:0] q0;        // P + d
  logic [13:0]       q0abs;
  logic [CW-1:0]     pred;       // P, 0 at the plane's first tile
  logic [3:0]        hlast;
  logic [2:0]        hk;
  logic [4:0]        off_last, off_k;
  // Items (a run of zero significance bits or one coded value): A at the top of the window,
  // B right after it.
  logic [4:0]        rmax, rmax_b, pos_b, nend;
  logic [16:0]       ilim;
  logic              nosign;
  logic              a_run, a_esc, a_rng, b_run, b_esc, b_rng;
  logic [5:0]        a_len, a_pe, b_len, b_pe;
  logic [CW-1:0]     a_val, b_val;
  logic [WinWidth-1:0] win_b;
  logic [3:0]        a_rpos, b_rpos;  // raster positions of the coded values

  assign f_bit = win[WT];
  assign t_bit = win[WT-1];

  always_comb begin
    z      = '0;
    zfound = 1'b0;
    for (int b = 0; b < 11; b++) begin
      if (!zfound) begin
        if (win[WT-2-b]) zfound = 1'b1;
        else             z = z + 4'd1;
      end
    end
  end
  assign v12      = 12'((win << (5'd2 + 5'(z))) >> (WinWidth - 12));
  assign vsh      = (z <= 4'd9) ? 4'd9 - z : 4'd0;
  assign vdc      = v12 >> vsh;                  // v = u + 4, z + 3 bits
  assign udc      = vdc - 12'd4;
  assign dres     = udc[0] ? -$signed({1'b0, 12'((udc + 12'd1) >> 1)})
                           : $signed({1'b0, 12'(udc >> 1)});
  assign pred     = first_in_plane ? '0 : pred_q;
  assign q0       = 14'($signed(pred)) + 14'(dres);
  assign q0abs    = q0[13] ? 14'(-q0) : 14'(q0);
  assign off_last = 5'(z) + 5'(z) + 5'd5;
  assign off_k    = off_last + 5'd4;
  assign hlast    = 4'((win << off_last) >> (WinWidth - 4));
  assign hk       = t_bit ? win[WT-2 -: 3] : 3'((win << off_k) >> (WinWidth - 3));

  // rmax: positions from the next one that still carry a significance bit (AC: up to `last`,
  // whose value has none; spatial: every present cell).
  assign nend   = (ph_q == PhAc) ? 5'(last_q) : nt;
  assign rmax   = nend - 5'(pos_q);
  assign ilim   = (ph_q == PhAc) ? qlim : vlim;
  assign nosign = (ph_q == PhSp) && uns;

  dct_decoder_item #(
    .WinWidth(WinWidth),
    .CW      (CW)
  ) u_item_a (
    .win_i    (win),
    .rmax_i   (rmax),
    .k_i      (k_q),
    .nosign_i (nosign),
    .lim_i    (ilim),
    .run_o    (a_run),
    .len_o    (a_len),
    .pe_o     (a_pe),
    .esc_err_o(a_esc),
    .rng_err_o(a_rng),
    .val_o    (a_val)
  );

  // B starts where A ends; its window bits past WinWidth are zeros, so B is only taken when
  // all its bits are window bits (and valid ones).
  assign pos_b  = 5'(pos_q) + (a_run ? 5'(a_len) : 5'd1);
  assign rmax_b = nend - pos_b;
  assign win_b  = win << a_len;

  dct_decoder_item #(
    .WinWidth(WinWidth),
    .CW      (CW)
  ) u_item_b (
    .win_i    (win_b),
    .rmax_i   (rmax_b),
    .k_i      (k_q),
    .nosign_i (nosign),
    .lim_i    (ilim),
    .run_o    (b_run),
    .len_o    (b_len),
    .pe_o     (b_pe),
    .esc_err_o(b_esc),
    .rng_err_o(b_rng),
    .val_o    (b_val)
  );

  // Raster position of a coded value: the zig-zag table (AC), or present cell c of a spatial
  // tile -> (c / cw) * 4 + c % cw.
  always_comb begin
    a_rpos = ScanTab[4*pos_q +: 4];
    b_rpos = ScanTab[4*pos_b[3:0] +: 4];
    if (ph_q == PhSp) begin
      a_rpos = '0;
      b_rpos = '0;
      for (int w = 1; w <= 4; w++) begin
        for (int c = 0; c < 16; c++) begin
          if (32'(cw) == w && 32'(pos_q) == c) a_rpos = 4'(((c / w) * 4) + (c % w));
          if (32'(cw) == w && 32'(pos_b[3:0]) == c) b_rpos = 4'(((c / w) * 4) + (c % w));
        end
      end
    end
  end

  // ------------------------------------------------------------------------------------------
  // Parser: one field group per cycle. perr: the group holds an error at bit perr_pos (the
  // first one in bit order); else it takes pneed bits; ptdone: it is the tile's last group.
  // ------------------------------------------------------------------------------------------
  logic              perr, ptdone, paccept, fail, done_inc_p, xload;
  logic [3:0]        perr_code, fail_code;
  logic [5:0]        perr_pos, pneed;
  mode_e             pmode;

  always_comb begin
    perr      = 1'b0;
    perr_code = '0;
    perr_pos  = '0;
    pneed     = '0;
    ptdone    = 1'b0;
    pmode     = MdTransform;
    unique case (ph_q)
      PhHdr: begin
        if (!f_bit) begin
          pneed  = 6'd1;
          ptdone = 1'b1;
          pmode  = MdEmpty;
        end else if (t_bit) begin
          pneed = 6'd5;
        end else if (5'(z) >= zmax) begin
          perr      = 1'b1;
          perr_code = ErrCoefficientRange;
          perr_pos  = 6'd2 + 6'(zmax);
        end else if (17'(q0abs) > qlim) begin
          perr      = 1'b1;
          perr_code = ErrCoefficientRange;
          perr_pos  = 6'(off_last);
        end else if (hlast == '0 && q0 == '0) begin
          perr      = 1'b1;
          perr_code = ErrEmptyTile;
          perr_pos  = 6'(off_k);
        end else begin
          pneed  = 6'(off_k) + ((hlast != '0) ? 6'd3 : 6'd0);
          ptdone = (hlast == '0);
        end
      end
      PhAc, PhSp: begin
        pmode = (ph_q == PhAc) ? MdTransform : MdSpatial;
        pneed = a_len;
        if (a_run) begin
          // A run of zero significance bits (it ends a spatial tile when it reaches nt).
          if (ph_q == PhSp && a_len == 6'(rmax)) begin
            ptdone = 1'b1;
            if (!anynz_q) begin
              perr      = 1'b1;
              perr_code = ErrEmptyTile;
              perr_pos  = a_len;
            end
          end
        end else begin
          // One coded coefficient or value.
          if (a_esc) begin
            perr      = 1'b1;
            perr_code = ErrRiceEscape;
            perr_pos  = a_pe;
          end else if (a_rng) begin
            perr      = 1'b1;
            perr_code = (ph_q == PhAc) ? ErrCoefficientRange : ErrValueRange;
            perr_pos  = a_pe;
          end
          ptdone = (ph_q == PhAc) ? (pos_q == last_q) : (5'(pos_q) + 5'd1 == nt);
        end
      end
      default: ;
    endcase
  end

  // Item B is taken together with A when A is an item that does not end the tile, B lies
  // within the window and the valid bits, and B holds no error (an error of B, or B waiting
  // for the reconstruction stage, is left to the next cycle, where B is item A: so errors are
  // still found in bit order). B is a run only after a coded A, so it never ends a spatial tile
  // without a non-zero value (no EmptyTile here).
  logic        b_done, b_take;
  logic [6:0]  ab_len;
  assign ab_len = 7'(a_len) + 7'(b_len);
  assign b_done = b_run ? ((ph_q == PhSp) && (b_len == 6'(rmax_b)))
                        : ((ph_q == PhAc) ? (pos_b == 5'(last_q)) : (pos_b + 5'd1 == nt));
  assign b_take = (ph_q != PhHdr) && !ptdone && !perr &&
                  (32'(ab_len) <= 32'(WinWidth)) && (32'(fill) >= 32'(ab_len)) &&
                  (b_run || !(b_esc || b_rng)) && (!b_done || !xbusy_q);

  always_comb begin
    state_d    = state_q;
    nonempty_d = nonempty_q;
    err_d      = err_q;
    ecode_d    = ecode_q;
    pfin_d     = pfin_q;
    ph_d       = ph_q;
    pos_d      = pos_q;
    last_d     = last_q;
    k_d        = k_q;
    anynz_d    = anynz_q;
    coef_d     = coef_q;
    pred_d     = pred_q;
    cons       = '0;
    paccept    = 1'b0;
    xload      = 1'b0;
    tile_done  = 1'b0;
    done_inc_p = 1'b0;
    fail       = 1'b0;
    fail_code  = '0;

    unique case (state_q)
      StIdle: begin
        if (cmd_valid_i && cmd_ready_o) begin
          err_d      = 1'b0;
          ecode_d    = '0;
          nonempty_d = (cmd_num_words_i != '0);
          pfin_d     = 1'b0;
          ph_d       = PhHdr;
          state_d    = (cmd_num_words_i != '0) ? StParse : StCheck;
        end
      end
      StParse: begin
        if (perr) begin
          if (32'(fill) >= 32'(perr_pos)) begin
            fail      = 1'b1;
            fail_code = perr_code;
          end else if (ended) begin
            fail      = 1'b1;
            fail_code = ErrTruncated;
          end
        end else if (32'(fill) >= 32'(pneed)) begin
          paccept = !ptdone || !xbusy_q;
        end else if (ended) begin
          fail      = 1'b1;
          fail_code = ErrTruncated;
        end
        if (paccept) begin
          cons = ConsW'(pneed);
          unique case (ph_q)
            PhHdr: begin
              coef_d = '0;
              pred_d = pred;  // a spatial tile keeps P (0 at the plane's first tile)
              if (f_bit && t_bit) begin
                ph_d    = PhSp;
                k_d     = hk;
                pos_d   = '0;
                anynz_d = 1'b0;
              end else if (f_bit) begin
                coef_d[0 +: CW] = CW'(q0);
                pred_d = CW'(q0);
                ph_d   = PhAc;
                pos_d  = 4'd1;
                last_d = hlast;
                k_d    = hk;
              end else begin
                pred_d = '0;
              end
            end
            PhAc, PhSp: begin
              if (!a_run) begin
                for (int p = 0; p < 16; p++) begin
                  if (a_rpos == 4'(p)) coef_d[p*CW +: CW] = a_val;
                end
                anynz_d = 1'b1;
              end
              pos_d = pos_b[3:0];
              if (b_take) begin
                cons = ConsW'(ab_len);
                if (!b_run) begin
                  for (int p = 0; p < 16; p++) begin
                    if (b_rpos == 4'(p)) coef_d[p*CW +: CW] = b_val;
                  end
                  anynz_d = 1'b1;
                end
                pos_d = 4'(pos_b + (b_run ? 5'(b_len) : 5'd1));
              end
            end
            default: ;
          endcase
          if (ptdone || (b_take && b_done)) begin
            // The next tile (band shape): the next band's first after the band's last tile.
            xload     = 1'b1;
            tile_done = 1'b1;
            ph_d      = PhHdr;
            if (band_end && blast) state_d = StCheck;
          end
        end
      end
      StCheck: begin
        if (!xbusy_q) begin
          if (lopen || !tail_ok) begin
            fail      = 1'b1;
            fail_code = ErrTrailing;
          end else begin
            state_d    = StIdle;
            done_inc_p = nonempty_q;
            pfin_d     = 1'b1;
          end
        end
      end
      StDrain: begin
        if (!lopen_next) state_d = StIdle;  // the final word taken
      end
      default: state_d = StIdle;
    endcase

    if (fail) begin
      err_d      = 1'b1;
      ecode_d    = fail_code;
      state_d    = StDrain;
      done_inc_p = 1'b0;
    end

    if (clear_i) begin
      state_d = StIdle;
      pfin_d  = 1'b0;
      err_d   = 1'b0;
      ecode_d = '0;
    end
  end

  // ------------------------------------------------------------------------------------------
  // Reconstruction stage: inverse transform (§3.2) or spatial values (§3.4), one tile row per
  // memory word.
  // ------------------------------------------------------------------------------------------
  localparam logic signed [YW-1:0] YMax = {1'b0, {(YW-1){1'b1}}};
  localparam logic signed [YW-1:0] YMin = {1'b1, {(YW-1){1'b0}}};

  logic [4*CW-1:0]        vin;     // column xcnt of the coefficients, G[u] at [u*CW +: CW]
  logic [4*BW-1:0]        vout;
  logic [4*YW-1:0]        vy1;     // Y1 of the column, row i at [i*YW +: YW]
  logic [4*YW-1:0]        hin;     // row xcnt of Y1, column v at [v*YW +: YW]
  logic [4*HW-1:0]        hout;
  logic [4*M-1:0]         wdata;   // cell j of the row at [j*M +: M]
  logic signed [M+1:0]    lo, hi;
  logic                   we, band_next, slot_ok, done_inc_x;
  logic [AW-1:0]          waddr;

  localparam int LoSigned = -(2 ** (M - 1));
  localparam int HiValue  = 2 ** (M - 1) - 1;
  assign lo = uns ? '0 : (M+2)'(LoSigned);
  assign hi = (M+2)'(HiValue);

  always_comb begin
    for (int u = 0; u < 4; u++) begin
      vin[u*CW +: CW] = '0;
      for (int v = 0; v < 4; v++) begin
        if (xcnt_q == 2'(v)) vin[u*CW +: CW] = xc_q[(4*u+v)*CW +: CW];
      end
    end
  end

  dct_butterfly4 #(
    .InWidth(CW),
    .Inverse(1'b1)
  ) u_vert (
    .x_i(vin),
    .y_o(vout)
  );

  // Y1 = clip(round(sum * 2^S, 7)) = clip(round(sum * 2^(S-4), 3)), S >= 4.
  logic signed [BW+13:0] vsc;
  logic signed [BW+10:0] vrd;
  always_comb begin
    vsc = '0;
    vrd = '0;
    for (int i = 0; i < 4; i++) begin
      vsc = (BW+14)'($signed(vout[i*BW +: BW])) <<< sq;
      vrd = (BW+11)'((vsc + (BW+14)'(4)) >>> 3);
      if (vrd > (BW+11)'(YMax))      vy1[i*YW +: YW] = YMax;
      else if (vrd < (BW+11)'(YMin)) vy1[i*YW +: YW] = YMin;
      else                            vy1[i*YW +: YW] = YW'(vrd);
    end
  end

  always_comb begin
    for (int v = 0; v < 4; v++) begin
      hin[v*YW +: YW] = '0;
      for (int i = 0; i < 4; i++) begin
        if (xcnt_q == 2'(i)) hin[v*YW +: YW] = y1_q[(4*i+v)*YW +: YW];
      end
    end
  end

  dct_butterfly4 #(
    .InWidth(YW),
    .Inverse(1'b1)
  ) u_horiz (
    .x_i(hin),
    .y_o(hout)
  );

  // The row's cells: transform y = round(sum, 11), spatial w * 2^k', empty 0; clamped.
  logic signed [HW-1:0]   hrd;
  logic signed [CW+13:0]  sval;
  logic [CW-1:0]          wsel;
  always_comb begin
    wdata = '0;
    hrd   = '0;
    sval  = '0;
    wsel  = '0;
    for (int j = 0; j < 4; j++) begin
      wsel = '0;
      for (int i = 0; i < 4; i++) begin
        if (xcnt_q == 2'(i)) wsel = xc_q[(4*i+j)*CW +: CW];
      end
      hrd  = ($signed(hout[j*HW +: HW]) + HW'(1024)) >>> 11;
      sval = (CW+14)'($signed(wsel)) <<< kp;
      if (xmode_q == MdTransform) begin
        if (hrd < HW'(lo))      wdata[j*M +: M] = M'(lo);
        else if (hrd > HW'(hi)) wdata[j*M +: M] = M'(hi);
        else                    wdata[j*M +: M] = M'(hrd);
      end else if (xmode_q == MdSpatial) begin
        if (sval < (CW+14)'(lo))      wdata[j*M +: M] = M'(lo);
        else if (sval > (CW+14)'(hi)) wdata[j*M +: M] = M'(hi);
        else                          wdata[j*M +: M] = M'(sval);
      end
    end
  end

  // `slot_ok` (band reader): the tile's slot is free, or (early claim) every ring slot is in use
  // and the reader has read the tile's columns in the last row of the oldest band, which
  // occupies this slot. `waddr`: row xcnt of the tile in the band's slot.
  assign start     = cmd_valid_i && cmd_ready_o;

  always_comb begin
    xbusy_d    = xbusy_q;
    xmode_d    = xmode_q;
    xc_d       = xc_q;
    xrows_d    = xrows_q;
    xx0_d      = xx0_q;
    xbend_d    = xbend_q;
    xfinal_d   = xfinal_q;
    xv_d       = xv_q;
    xcnt_d     = xcnt_q;
    y1_d       = y1_q;
    we         = 1'b0;
    band_next  = 1'b0;
    done_inc_x = 1'b0;
    if (xbusy_q) begin
      if (xv_q) begin
        for (int i = 0; i < 4; i++) begin
          for (int v = 0; v < 4; v++) begin
            if (xcnt_q == 2'(v)) y1_d[(4*i+v)*YW +: YW] = vy1[i*YW +: YW];
          end
        end
        xcnt_d = xcnt_q + 2'd1;
        if (xcnt_q == 2'd3) xv_d = 1'b0;
      end else if (slot_ok) begin
        we         = 1'b1;
        xcnt_d     = xcnt_q + 2'd1;
        if (3'(xcnt_q) + 3'd1 == xrows_q) begin
          xbusy_d = 1'b0;
          if (xbend_q) begin
            band_next  = 1'b1;
            done_inc_x = !xfinal_q;
          end
        end
      end
    end
    if (xload) begin
      xbusy_d  = 1'b1;
      xmode_d  = pmode;
      xc_d     = coef_d;
      xrows_d  = trows;
      xx0_d    = x0;
      xbend_d  = band_end;
      xfinal_d = blast;
      xv_d     = (pmode == MdTransform);
      xcnt_d   = '0;
    end
    if (fail || clear_i || err_q) begin
      xbusy_d    = 1'b0;
      done_inc_x = 1'b0;
    end
  end

  // ------------------------------------------------------------------------------------------
  // Memory: the band-slot ring, one word per tile row (4 cells).
  // ------------------------------------------------------------------------------------------
  logic              cell_re;
  logic [AW-1:0]     cell_raddr;
  logic [4*M-1:0]    cell_rdata;

  fmc_ram_1r1w #(
    .Width(4 * M),
    .Depth(2 * MaxPlaneWidth)
  ) u_cell_ram (
    .clk_i,
    .we_i   (we),
    .waddr_i(waddr),
    .wdata_i(wdata),
    .re_i   (cell_re),
    .raddr_i(cell_raddr),
    .rdata_o(cell_rdata)
  );

  // ------------------------------------------------------------------------------------------
  // Band ring (fmc_band_reader): the writer's slot check and address, the reader's walk of the
  // completed bands in raster order, A (walk, memory read) -> B (cell select) -> output
  // register; all stages move together when the output register can take a word.
  // ------------------------------------------------------------------------------------------
  logic              adv, bvalid, blastc, rd_empty;
  logic [AW-1:0]     wbase, rbase;
  logic [1:0]        rrow;
  logic [XW-1:0]     rx;
  logic              oreg_ready, oreg_valid;
  logic [M:0]        oreg_data;
  logic [M-1:0]      bcell;

  assign adv = oreg_ready;

  fmc_band_reader #(
    .BandH        (4),
    .UnitW        (4),
    .WordCells    (4),
    .MaxPlaneWidth(MaxPlaneWidth),
    .DimWidth     (DimWidth),
    .LateRelease  (1'b0),
    .EarlyRow     (1'b0)
  ) u_ring (
    .clk_i,
    .rst_ni,
    .clear_i,
    .cfg_plane_w_i,
    .cfg_plane_h_i,
    .start_i   (start),
    .wr_x0_i   (xx0_q),
    .wr_ok_o   (slot_ok),
    .wr_claim_i(we),
    .wr_next_i (band_next),
    .wr_row_i  (xcnt_q),
    .wr_col_i  (xx0_q),
    .wr_addr_o (waddr),
    .wr_base_o (wbase),
    .done_i    (done_inc_p || done_inc_x),
    .wr_done_x_i(XW'(0)),
    .rd_adv_i  (adv),
    .rd_stop_i (err_q),
    .fin_i     (pfin_q),
    .fin_row_i (frow),
    .fin_col_i (fcol),
    .rd_go_o   (cell_re),
    .rd_addr_o (cell_raddr),
    .rd_base_o (rbase),
    .rd_row_o  (rrow),
    .rd_col_o  (rx),
    .b_valid_o (bvalid),
    .b_last_o  (blastc),
    .empty_o   (rd_empty)
  );

  always_comb begin
    bcell = '0;
    for (int j = 0; j < 4; j++) begin
      if (bsel_q == 2'(j)) bcell = cell_rdata[j*M +: M];
    end
  end

  assign bsel_d = adv ? rx[1:0] : bsel_q;

  logic unused_x;
  assign unused_x = ^{wbase, rbase, rrow, rx};  // the word address is the band reader's

  fmc_stream_reg #(
    .Width(M + 1)
  ) u_out_reg (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (bvalid && !err_q),
    .in_ready_o (oreg_ready),
    .in_data_i  ({blastc, bcell}),
    .out_valid_o(oreg_valid),
    .out_ready_i(out_ready_i),
    .out_data_o (oreg_data)
  );

  assign out_valid_o = oreg_valid;
  assign out_last_o  = oreg_data[M];
  assign out_data_o  = oreg_data[M-1:0];
  assign err_o       = err_q;
  assign err_code_o  = ecode_q;
  // The next descriptor waits until every word of this transmission is in the output register.
  assign cmd_ready_o = (state_q == StIdle) && (err_q || rd_empty);
  assign idle_o      = cmd_ready_o && !oreg_valid;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= StIdle;
      nonempty_q <= 1'b0;
      err_q      <= 1'b0;
      ecode_q    <= '0;
      pfin_q     <= 1'b0;
      ph_q       <= PhHdr;
      xbusy_q    <= 1'b0;
    end else begin
      state_q    <= state_d;
      nonempty_q <= nonempty_d;
      err_q      <= err_d;
      ecode_q    <= ecode_d;
      pfin_q     <= pfin_d;
      ph_q       <= ph_d;
      xbusy_q    <= xbusy_d;
    end
  end

  // Data path: no reset (each is written before it is read: the band registers at the
  // descriptor, the tile registers at a header or a hand-over, the reader's at a band start or
  // with a valid).
  always_ff @(posedge clk_i) begin
    pos_q    <= pos_d;
    last_q   <= last_d;
    k_q      <= k_d;
    anynz_q  <= anynz_d;
    coef_q   <= coef_d;
    pred_q   <= pred_d;
    xmode_q  <= xmode_d;
    xc_q     <= xc_d;
    xrows_q  <= xrows_d;
    xx0_q    <= xx0_d;
    xbend_q  <= xbend_d;
    xfinal_q <= xfinal_d;
    xv_q     <= xv_d;
    xcnt_q   <= xcnt_d;
    y1_q     <= y1_d;
    bsel_q   <= bsel_d;
  end

`ifndef SYNTHESIS
  // Protocol: `out` holds valid, data and last until taken; the environment does the same on
  // its ports and marks word L-1 of the tile stream (and only it) with `last`.
  fmc_stream_assert #(
    .Width (M + 1),
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
    .data_i ({cmd_num_words_i, cmd_tile_words_i})
  );
  fmc_stream_assert #(
    .Width (M + 1),
    .Assume(1'b1)
  ) u_tile_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(tile_valid_i),
    .ready_i(tile_ready_o),
    .data_i ({tile_last_i, tile_data_i})
  );
  ErrStable: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      err_o && !(cmd_valid_i && cmd_ready_o) |=> err_o && $stable(err_code_o));
  ConfigLegal: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      cmd_valid_i && cmd_ready_o |->
      (cfg_plane_w_i != '0) && (32'(cfg_plane_w_i) <= MaxPlaneWidth) && (cfg_plane_h_i != '0) &&
      (cfg_shift_i >= 4'd4) && (cfg_shift_i <= 4'd9));
  // A taken item B lies within the window and the valid bits, errors included.
  ItemBInWindow: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      paccept && b_take |->
      32'(a_len) + (b_run ? 32'(b_len) : 32'(b_pe)) <= 32'(fill) && 32'(fill) <= 32'(NumWords * M)
      && !(ph_q == PhSp && b_run && b_len == 6'(rmax_b) && !anynz_q && a_run));
  // A tile is handed over only to a free reconstruction stage.
  HandOverFree: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      xload |-> !xbusy_q);
`endif

endmodule
