// SPDX-License-Identifier: Apache-2.0
//
/// EBPC decoder block builder: parses one BPC block (docs/ebpc-format.md §3) from the bit buffer
/// and rebuilds its n values, bit-serially, while the previous block is being emitted.
///
/// Parse: one cycle for the base (m raw bits), then ceil((m+1)/S) plane steps (S =
/// PlanesPerCycle). Each step handles planes S*s .. S*s+S-1 (only up to plane m in the final step):
/// it takes what is left of an open zero run, then as many symbol codes as needed from the top of
/// the buffer (up to S codes, decoded by S chained `ebpc_decoder_symbol`s), rebuilds the planes
/// P_i = P_(i-1) XOR X_i (P_i = 0 for code `00001`) and consumes their bits. A step is all or
/// nothing: it waits until every code it needs is complete in the buffer.
///
/// Values: the deltas' bit-planes arrive LSB first, so the running sum v_k = v_(k-1) + d_k
/// (k = 1..n-1, v_0 = base) is computed bit-serially: per plane b, a ripple of n-1 full adders
/// across k gives bit b of every v_k, with one carry per k kept from plane to plane. Value bits
/// 0..m-1 are written into the block register as their plane is parsed; plane m (the deltas'
/// sign) gives bits m and m+1 of the exact sums, which checks that every v_k fits in m bits.
///
/// Result (`valid_o`): the n values, or an error class for the whole block, in the order the
/// golden decoder finds them: the first impossible code (BadCode) or missing bits after the
/// stream's end (Truncated), in bit order, else a value out of range (Range). A block that fails
/// stops the parser until it is taken. The result is held until `take_i`.
///
/// Protocol: `valid_o` / `take_i` (`take_i` only while `valid_o`); no back-pressure inside.
/// `last_i` says the stream's final word is in the buffer (so missing bits are a truncation).
///
/// Throughput: 1 + ceil((m+1)/S) cycles per block when the buffer holds the bits (6 at 8/8 with
/// S = 2, 7 at 16/8 with S = 3, 10 at 16/16 with S = 2); the base of the next block is read in
/// the cycle its predecessor is taken.
///
/// Timing: `valid_o`, `values_o`, `err_o` are flops. `consume_o` is combinational from the buffer
/// window (S chained code decoders) and `take_i`; `room_o` (the same without the base read on
/// `take_i`) from the buffer window and flops only.
///
/// Parameters: DataWidth m in {8, 16}, BlockSize n in {8, 16}, n <= m, PlanesPerCycle in 1..3,
/// WinWidth >= max(m, PlanesPerCycle * SymWidth).
module ebpc_decoder_block #(
  /// m: data width, 8 or 16.
  parameter int unsigned DataWidth      = 8,
  /// n: block size, 8 or 16.
  parameter int unsigned BlockSize      = 8,
  /// S: bit-planes parsed per cycle (1..3).
  parameter int unsigned PlanesPerCycle = 2,
  /// Width of the bit buffer window (max(m, S * SymWidth)).
  parameter int unsigned WinWidth       = 16,
  /// Width of the bit buffer fill count.
  parameter int unsigned FillWidth      = 5,
  localparam int unsigned PlaneWidth = BlockSize - 1,
  localparam int unsigned Log2N      = $clog2(BlockSize),
  localparam int unsigned SymWidth   = (BlockSize > 5 + Log2N) ? BlockSize : 5 + Log2N,
  localparam int unsigned ConsMax    = (PlanesPerCycle * SymWidth > DataWidth) ?
                                       PlanesPerCycle * SymWidth : DataWidth,
  localparam int unsigned ConsWidth  = $clog2(ConsMax + 1)
) (
  input  logic                              clk_i,
  input  logic                              rst_ni,
  /// Synchronous clear: back to waiting for a base, result dropped.
  input  logic                              clear_i,
  // Bit buffer view.
  /// The next WinWidth stream bits (bits past `fill_i` may be stale).
  input  logic [WinWidth-1:0]               buf_i,
  input  logic [FillWidth-1:0]              fill_i,
  /// The stream's final word is in the buffer.
  input  logic                              last_i,
  /// Bits taken from the buffer this cycle.
  output logic [ConsWidth-1:0]              consume_o,
  /// The part of `consume_o` that does not depend on `take_i`.
  output logic [ConsWidth-1:0]              room_o,
  // Result.
  output logic                              valid_o,
  input  logic                              take_i,
  /// `take_i` will be set whenever `valid_o` is (known from flops; only frees room early).
  input  logic                              take_sure_i,
  /// Value k at bits [k*DataWidth +: DataWidth].
  output logic [BlockSize*DataWidth-1:0]    values_o,
  /// 0 ok, 1 truncated, 2 bad code, 3 value out of range.
  output logic [1:0]                        err_o
);

  if (!((DataWidth == 8 || DataWidth == 16) && (BlockSize == 8 || BlockSize == 16) &&
        BlockSize <= DataWidth && PlanesPerCycle >= 1 && PlanesPerCycle <= 3 &&
        WinWidth >= ConsMax)) begin : gen_param_error
    $error("ebpc_decoder_block: unsupported parameters");
  end

  localparam int unsigned NumPlanes = DataWidth + 1;
  localparam int unsigned S         = PlanesPerCycle;
  localparam int unsigned NumSteps  = (NumPlanes + S - 1) / S;
  localparam int unsigned StepWidth = $clog2(NumSteps);
  localparam int unsigned SymLenW   = $clog2(SymWidth + 1);
  localparam int unsigned RunWidth  = $clog2(DataWidth + 2);
  localparam int unsigned MSlot     = DataWidth % S;  // slot of plane m in the final step
  localparam int unsigned OffWidth  = $clog2(S * SymWidth + 1);

  // The code lengths of §3.1, 5 bits each (those ebpc_decoder_symbol gives as len_o): `01`,
  // 5-bit codes, zero runs, positions, raw X.
  localparam logic [24:0] CodeLens = {5'(BlockSize), 5'(5 + Log2N), 5'(3 + $clog2(DataWidth)),
                                      5'd5, 5'd2};
  localparam logic [1:0] ErrOk = 2'd0, ErrTrunc = 2'd1, ErrBad = 2'd2, ErrRange = 2'd3;

  typedef enum logic [1:0] {PhBase, PhPlanes, PhFull} phase_e;

  phase_e                          phase_d, phase_q;
  logic [StepWidth-1:0]            step_d, step_q;
  logic [RunWidth-1:0]             run_d, run_q;     // planes left in an open zero run
  logic [PlaneWidth-1:0]           prev_d, prev_q;   // P_(i-1)
  logic [PlaneWidth-1:0]           carry_d, carry_q; // carry into the next plane, per k (k-1)
  logic [BlockSize*DataWidth-1:0]  vals_d, vals_q;
  logic [1:0]                      err_d, err_q;

  assign valid_o  = (phase_q == PhFull);
  assign values_o = vals_q;
  assign err_o    = err_q;

  // ------------------------------------------------------------------------------------------
  // S chained code decoders: code t starts where code t-1 ends.
  // ------------------------------------------------------------------------------------------
  logic [(S+1)*OffWidth-1:0] off /* verilator split_var */;
  logic [S-1:0]              s_complete, s_run, s_pz, s_bad;
  logic [S*SymLenW-1:0]      s_len /* verilator split_var */;
  logic [S*RunWidth-1:0]     s_runlen;
  logic [S*PlaneWidth-1:0]   s_x;

  assign off[0 +: OffWidth] = '0;
  for (genvar t = 0; t < S; t++) begin : gen_sym
    logic [SymWidth-1:0] win;
    if (t == 1) begin : gen_win_len
      // Code 1 starts after code 0, whose length is one of the code lengths of §3.1.
      always_comb begin
        win = '0;
        for (int c = 0; c < 5; c++) begin
          if (32'(off[OffWidth +: OffWidth]) == 32'(CodeLens[c*5 +: 5])) begin
            win = SymWidth'((buf_i << CodeLens[c*5 +: 5]) >> (WinWidth - SymWidth));
          end
        end
      end
    end else begin : gen_win_shift
      assign win   = SymWidth'((buf_i << off[t*OffWidth +: OffWidth]) >> (WinWidth - SymWidth));
    end
    ebpc_decoder_symbol #(
      .DataWidth(DataWidth),
      .BlockSize(BlockSize)
    ) u_symbol (
      .win_i       (win),
      .len_o       (s_len[t*SymLenW +: SymLenW]),
      .run_o       (s_run[t]),
      .run_len_o   (s_runlen[t*RunWidth +: RunWidth]),
      .plane_zero_o(s_pz[t]),
      .x_o         (s_x[t*PlaneWidth +: PlaneWidth]),
      .bad_pos_o   (s_bad[t])
    );
    assign off[(t+1)*OffWidth +: OffWidth] =
        off[t*OffWidth +: OffWidth] + OffWidth'(s_len[t*SymLenW +: SymLenW]);
    // Every bit of the code is in the buffer (its length is fixed by bits that are).
    assign s_complete[t] = (32'(off[(t+1)*OffWidth +: OffWidth]) <= 32'(fill_i));
  end

  // ------------------------------------------------------------------------------------------
  // Plane slots of this step: planes S*step .. S*step+S-1.
  // ------------------------------------------------------------------------------------------
  logic [S*PlaneWidth-1:0] planes;     // P of each slot
  logic [RunWidth-1:0]     rr;         // open run after each slot
  logic [OffWidth-1:0]     used;       // bits used by the codes taken
  logic                    incomplete, bad;
  // Loop variables of the slot walk.
  logic [PlaneWidth-1:0]   sl_p, sl_x, c_x;
  logic                    sl_pz, sl_stop, c_complete, c_run, c_pz, c_bad;
  logic [RunWidth-1:0]     c_runlen;
  logic [StepWidth+2:0]    sl_b;
  logic [1:0]              sidx;

  always_comb begin
    rr         = run_q;
    sl_p       = prev_q;
    sl_stop    = 1'b0;
    incomplete = 1'b0;
    bad        = 1'b0;
    sidx       = '0;
    planes     = '0;
    for (int j = 0; j < S; j++) begin
      sl_b  = (StepWidth + 3)'(step_q) * (StepWidth + 3)'(S) + (StepWidth + 3)'(j);
      sl_x  = '0;
      sl_pz = 1'b0;
      // The code this slot would take: code number sidx of this step.
      c_complete = 1'b0;
      c_run      = 1'b0;
      c_pz       = 1'b0;
      c_bad      = 1'b0;
      c_runlen   = '0;
      c_x        = '0;
      for (int t = 0; t < S; t++) begin
        if (sidx == 2'(t)) begin
          c_complete = s_complete[t];
          c_run      = s_run[t];
          c_pz       = s_pz[t];
          c_bad      = s_bad[t];
          c_runlen   = s_runlen[t*RunWidth +: RunWidth];
          c_x        = s_x[t*PlaneWidth +: PlaneWidth];
        end
      end
      if ((sl_b <= (StepWidth + 3)'(DataWidth)) && !sl_stop) begin
        if (rr != '0) begin
          rr = rr - 1'b1;  // a plane of the open zero run: X = 0
        end else if (!c_complete) begin
          sl_stop    = 1'b1;
          incomplete = 1'b1;
        end else if (c_bad ||
                     (c_run && ((StepWidth + 6)'(sl_b) + (StepWidth + 6)'(c_runlen) >
                                (StepWidth + 6)'(NumPlanes))) ||
                     (c_pz && (sl_b == '0 || sl_p == '0))) begin
          sl_stop = 1'b1;
          bad     = 1'b1;
        end else begin
          sidx = sidx + 1'b1;
          if (c_run) begin
            rr = c_runlen - 1'b1;
          end else begin
            sl_x  = c_x;
            sl_pz = c_pz;
          end
        end
      end
      sl_p = sl_pz ? '0 : (sl_p ^ sl_x);
      planes[j*PlaneWidth +: PlaneWidth] = sl_p;
    end
  end

  // Bits used: the end of the last code taken.
  logic [S*OffWidth-1:0] used_terms;
  for (genvar t = 1; t <= S; t++) begin : gen_used
    assign used_terms[(t-1)*OffWidth +: OffWidth] =
        (sidx == 2'(t)) ? off[t*OffWidth +: OffWidth] : '0;
  end
  always_comb begin
    used = '0;
    for (int t = 0; t < S; t++) used = used | used_terms[t*OffWidth +: OffWidth];
  end

  // ------------------------------------------------------------------------------------------
  // Bit-serial running sum: per slot, bit b of v_1..v_(n-1); plane m checks the range.
  // ------------------------------------------------------------------------------------------
  logic [S*PlaneWidth-1:0] vbit;        // index j*PlaneWidth + (k-1): bit of v_k in slot j
  logic [PlaneWidth-1:0]   cv, cnew;    // carries into / out of the current slot, per k
  logic [PlaneWidth-1:0]   vprev;       // sum bits of the previous slot
  logic                    overflow;
  logic [StepWidth+2:0]    ad_b;
  logic                    ad_a, ad_d, ad_c, ad_s, ad_base, ov_sp, ov_sk, ov_sm, ov_c2, ov_sm1;

  always_comb begin
    vbit     = '0;
    cv       = carry_q;
    cnew     = '0;
    vprev    = '0;
    overflow = 1'b0;
    for (int j = 0; j < S; j++) begin
      ad_b    = (StepWidth + 3)'(step_q) * (StepWidth + 3)'(S) + (StepWidth + 3)'(j);
      ad_base = 1'b0;
      for (int bb = 0; bb < DataWidth; bb++) begin
        if (ad_b == (StepWidth + 3)'(bb)) ad_base = vals_q[bb];
      end
      ad_a = ad_base;  // v_0 = base
      for (int k = 1; k < BlockSize; k++) begin
        ad_d = planes[j*PlaneWidth + BlockSize - 1 - k];  // bit b of d_k
        ad_c = cv[k-1];
        ad_s = ad_a ^ ad_d ^ ad_c;
        cnew[k-1] = (ad_a & ad_d) | (ad_a & ad_c) | (ad_d & ad_c);
        vbit[j*PlaneWidth + k - 1] = ad_s;
        ad_a = ad_s;
      end
      if (j == MSlot) begin
        // Plane m (this slot in the final step): bits m and m+1 of v_k = v_(k-1) + d_k, with
        // v_(k-1) in range (else an earlier k already failed) and d_k sign-extended.
        ov_sp = vals_q[DataWidth-1];  // sign of v_0
        for (int k = 1; k < BlockSize; k++) begin
          ov_sk  = (MSlot > 0) ? vprev[k-1] : vals_q[k*DataWidth + DataWidth - 1];
          ad_d   = planes[j*PlaneWidth + BlockSize - 1 - k];
          ad_c   = cv[k-1];
          ov_sm  = ov_sp ^ ad_d ^ ad_c;
          ov_c2  = (ov_sp & ad_d) | (ov_sp & ad_c) | (ad_d & ad_c);
          ov_sm1 = ov_sp ^ ad_d ^ ov_c2;
          if ((ov_sm != ov_sk) || (ov_sm1 != ov_sk)) overflow = 1'b1;
          ov_sp = ov_sk;
        end
      end
      cv    = cnew;
      vprev = vbit[j*PlaneWidth +: PlaneWidth];
    end
  end

  // ------------------------------------------------------------------------------------------
  // Control.
  // ------------------------------------------------------------------------------------------
  always_comb begin
    phase_d   = phase_q;
    step_d    = step_q;
    run_d     = run_q;
    prev_d    = prev_q;
    carry_d   = carry_q;
    vals_d    = vals_q;
    err_d     = err_q;
    consume_o = '0;
    unique case (phase_q)
      PhBase, PhFull: begin
        // A taken block frees the register: the next base may be read in the same cycle.
        if (phase_q == PhBase || take_i) begin
          err_d   = ErrOk;
          phase_d = PhBase;
          if (fill_i >= FillWidth'(DataWidth)) begin
            vals_d[0 +: DataWidth] = buf_i[WinWidth-1 -: DataWidth];
            consume_o = ConsWidth'(DataWidth);
            step_d    = '0;
            run_d     = '0;
            prev_d    = '0;
            carry_d   = '0;
            phase_d   = PhPlanes;
          end else if (last_i) begin
            err_d   = ErrTrunc;
            phase_d = PhFull;
          end
        end
      end
      PhPlanes: begin
        if (bad) begin
          err_d   = ErrBad;
          phase_d = PhFull;
        end else if (incomplete) begin
          if (last_i) begin
            err_d   = ErrTrunc;
            phase_d = PhFull;
          end
        end else begin
          consume_o = ConsWidth'(used);
          run_d     = rr;
          prev_d    = planes[(S-1)*PlaneWidth +: PlaneWidth];
          carry_d   = cv;
          for (int k = 1; k < BlockSize; k++) begin
            for (int bb = 0; bb < DataWidth; bb++) begin
              if (step_q == StepWidth'(bb / S)) begin
                vals_d[k*DataWidth + bb] = vbit[(bb % S)*PlaneWidth + k - 1];
              end
            end
          end
          if (step_q == StepWidth'(NumSteps - 1)) begin
            err_d   = overflow ? ErrRange : ErrOk;
            phase_d = PhFull;
          end else begin
            step_d = step_q + 1'b1;
          end
        end
      end
      default: phase_d = PhBase;
    endcase
    if (clear_i) begin
      phase_d = PhBase;
      err_d   = ErrOk;
    end
  end

  // Consumption known from flops alone (no base read on `take_i`): frees buffer room early.
  always_comb begin
    room_o = '0;
    if ((phase_q == PhBase || (phase_q == PhFull && take_sure_i)) &&
        fill_i >= FillWidth'(DataWidth)) room_o = ConsWidth'(DataWidth);
    if (phase_q == PhPlanes && !bad && !incomplete) room_o = ConsWidth'(used);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      phase_q <= PhBase;
      err_q   <= ErrOk;
    end else begin
      phase_q <= phase_d;
      err_q   <= err_d;
    end
  end

  // Data path: no reset (every field is written before it is read).
  always_ff @(posedge clk_i) begin
    step_q  <= step_d;
    run_q   <= run_d;
    prev_q  <= prev_d;
    carry_q <= carry_d;
    vals_q  <= vals_d;
  end

`ifndef SYNTHESIS
  TakeOnlyValid: assert property (@(posedge clk_i) disable iff (!rst_ni) take_i |-> valid_o);
  TakeSure: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      valid_o && take_sure_i |-> take_i);
  ConsumeInBuffer: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(consume_o) <= 32'(fill_i));
`endif

endmodule
