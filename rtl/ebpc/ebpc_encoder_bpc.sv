// SPDX-License-Identifier: Apache-2.0
//
/// EBPC encoder: bit-plane block coder (docs/ebpc-format.md §3).
///
/// Takes one block (base + n-1 deltas of m+1 bits), transposes the deltas into the delta bit-planes
/// P_0..P_m and emits the block as chunks for the BPC bit packer: first the base (m bits), then
/// SymbolsPerCycle symbols per cycle (X_i = P_(i-1) ^ P_i, LSB plane first, zero X merged into
/// runs). SymbolsPerCycle = ceil((m+1)/(n-1)) so that a block takes 1 + ceil((m+1)/S) <= n cycles:
/// 6 cycles at 8/8, 10 at 16/16, 7 at 16/8; the coder keeps up with one input word per cycle.
/// The base leaves in the cycle the block is taken, straight from the input (no copy of it is
/// kept); the symbol steps follow. An empty block (`in_empty_i`) only ends the stream: a chunk of 0
/// bits with `last`, in the cycle it is taken. Chunks are left-aligned in `out_data_o` (first bit
/// in the MSB), as fmc_bit_packer takes them.
///
/// `in_ready_o = !busy && out_ready_i`; `out_*` depend on the block input while the coder is idle.
module ebpc_encoder_bpc #(
  parameter int unsigned DataWidth  = 8,
  parameter int unsigned BlockSize  = 8,
  localparam int unsigned DeltaWidth = DataWidth + 1,
  localparam int unsigned PlaneWidth = BlockSize - 1,
  localparam int unsigned NumPlanes  = DataWidth + 1,
  localparam int unsigned Log2M      = $clog2(DataWidth),
  localparam int unsigned Log2N      = $clog2(BlockSize),
  localparam int unsigned RunWidth   = Log2M + 1,
  localparam int unsigned RunSymBits = 3 + Log2M,
  localparam int unsigned CodeBits   = (BlockSize > 5 + Log2N) ? BlockSize : 5 + Log2N,
  localparam int unsigned FieldBits  = RunSymBits + CodeBits,
  localparam int unsigned FieldLenW  = $clog2(FieldBits + 1),
  /// Symbols coded per cycle.
  localparam int unsigned Slots      = (NumPlanes + PlaneWidth - 1) / PlaneWidth,
  /// Cycles per block: base + symbol steps.
  localparam int unsigned NumSteps   = 1 + (NumPlanes + Slots - 1) / Slots,
  localparam int unsigned StepWidth  = $clog2(NumSteps),
  /// Longest chunk: one run symbol + Slots codes (a run needs a zero X, which has no code), or the
  /// base.
  localparam int unsigned ChunkBits  = (RunSymBits + Slots * CodeBits > DataWidth) ?
                                       RunSymBits + Slots * CodeBits : DataWidth,
  localparam int unsigned ChunkLenW  = $clog2(ChunkBits + 1)
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic clear_i,
  // Block input.
  input  logic                                 in_valid_i,
  output logic                                 in_ready_o,
  input  logic [DataWidth-1:0]                 in_base_i,
  input  logic [(BlockSize-1)*DeltaWidth-1:0]  in_delta_i,
  input  logic                                 in_last_i,
  input  logic                                 in_empty_i,
  // Chunk output (to the BPC bit packer).
  output logic                                 out_valid_o,
  input  logic                                 out_ready_i,
  output logic [ChunkBits-1:0]                 out_data_o,
  output logic [ChunkLenW-1:0]                 out_len_o,
  output logic                                 out_last_o,
  output logic                                 busy_o
);

  // Plane j of planes_q (bits [j*PlaneWidth +: PlaneWidth]): j = 0 is P_(i-1) of the next symbol
  // i (0 before symbol 0), plane j is P_(i+j-1).
  logic [(NumPlanes+1)*PlaneWidth-1:0] planes_d, planes_q;
  logic [StepWidth-1:0]               step_d, step_q;   // 1..NumSteps-1 while busy
  logic [RunWidth-1:0]                run_d, run_q;
  logic                               busy_d, busy_q, last_q;
  logic                               final_step, advance, load;

  assign final_step = (step_q == StepWidth'(NumSteps - 1));
  assign advance    = busy_q && out_ready_i;
  assign in_ready_o = !busy_q && out_ready_i;
  assign load       = in_valid_i && in_ready_o;
  assign busy_o     = busy_q;

  // Symbol slots of this step.
  logic [(Slots+1)*RunWidth-1:0]  slot_run;
  logic [Slots*FieldBits-1:0]     slot_field;
  logic [Slots*FieldLenW-1:0]     slot_len;

  assign slot_run[0 +: RunWidth] = run_q;
  for (genvar s = 0; s < Slots; s++) begin : gen_slot
    logic [StepWidth+4:0] step_w, sym;  // sym: symbol index i of this slot
    assign step_w = (StepWidth + 5)'(step_q);
    assign sym    = (step_w - 1'b1) * (StepWidth + 5)'(Slots) + (StepWidth + 5)'(s);
    ebpc_encoder_symbol #(
      .DataWidth(DataWidth),
      .BlockSize(BlockSize)
    ) u_symbol (
      .valid_i    (sym < (StepWidth + 5)'(NumPlanes)),
      .final_i    (sym == (StepWidth + 5)'(NumPlanes - 1)),
      .x_i        (planes_q[s*PlaneWidth +: PlaneWidth] ^ planes_q[(s+1)*PlaneWidth +: PlaneWidth]),
      .plane_i    (planes_q[(s+1)*PlaneWidth +: PlaneWidth]),
      .run_i      (slot_run[s*RunWidth +: RunWidth]),
      .run_o      (slot_run[(s+1)*RunWidth +: RunWidth]),
      .field_o    (slot_field[s*FieldBits +: FieldBits]),
      .field_len_o(slot_len[s*FieldLenW +: FieldLenW])
    );
  end

  // Chunk (left-aligned, as the packer takes it): while idle, the base of the block on the input
  // (nothing for an empty block); while busy, the slot fields concatenated.
  always_comb begin
    out_data_o = '0;
    out_len_o  = '0;
    if (!busy_q) begin
      if (!in_empty_i) begin
        out_data_o = ChunkBits'(in_base_i) << (ChunkBits - DataWidth);
        out_len_o  = ChunkLenW'(DataWidth);
      end
    end else begin
      for (int s = Slots - 1; s >= 0; s--) begin
        out_data_o = (out_data_o >> slot_len[s*FieldLenW +: FieldLenW]) |
                     (ChunkBits'(slot_field[s*FieldBits +: FieldBits]) << (ChunkBits - FieldBits));
        out_len_o  = out_len_o + ChunkLenW'(slot_len[s*FieldLenW +: FieldLenW]);
      end
    end
  end
  assign out_valid_o = busy_q || in_valid_i;
  assign out_last_o  = busy_q ? (last_q && final_step) : (in_last_i && in_empty_i);

  always_comb begin
    planes_d = planes_q;
    step_d   = step_q;
    run_d    = run_q;
    busy_d   = busy_q;
    if (advance) begin
      step_d   = step_q + 1'b1;
      run_d    = slot_run[Slots*RunWidth +: RunWidth];
      planes_d = planes_q >> (Slots * PlaneWidth);
      if (final_step) busy_d = 1'b0;
    end
    if (load) begin
      busy_d = !in_empty_i;
      step_d = StepWidth'(1);
      run_d  = '0;
      // Transpose: P_b bit (n-1-k) = bit b of d_k.
      planes_d = '0;
      for (int b = 0; b < NumPlanes; b++) begin
        for (int k = 1; k < BlockSize; k++) begin
          planes_d[(b+1)*PlaneWidth + BlockSize - 1 - k] = in_delta_i[(k-1)*DeltaWidth + b];
        end
      end
    end
    if (clear_i) busy_d = 1'b0;
  end

  always_ff @(posedge clk_i) begin
    planes_q <= planes_d;
    step_q   <= step_d;
    run_q    <= run_d;
    if (load) last_q <= in_last_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) busy_q <= 1'b0;
    else         busy_q <= busy_d;
  end

endmodule
