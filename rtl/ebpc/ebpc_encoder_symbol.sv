// SPDX-License-Identifier: Apache-2.0
//
/// EBPC encoder: code of one bit-plane symbol, combinational (docs/ebpc-format.md §3.1).
///
/// Codes X = P_(i-1) ^ P_i with its paired plane P = P_i, and merges zero X into runs: the run
/// symbol of the pending run is emitted in front of the next non-zero code, or alone at the block's
/// final symbol. The output field is left-aligned (first bit in bit FieldBits-1, zeros below):
/// {run symbol, code}.
///
/// | case (in order)        | code                    |
/// |------------------------|-------------------------|
/// | X all ones             | 00000                   |
/// | P = 0                  | 00001                   |
/// | two adjacent ones      | 00010 + p (log2 n bits) |
/// | exactly one one        | 00011 + p               |
/// | otherwise              | 1 + X                   |
/// | run of 1 zero X        | 01                      |
/// | run of k >= 2 zero X   | 001 + (k-2) (log2 m)    |
/// p = index of the first one counted from the MSB of X.
module ebpc_encoder_symbol #(
  /// m: data width (8 or 16).
  parameter int unsigned DataWidth  = 8,
  /// n: block size (8 or 16).
  parameter int unsigned BlockSize  = 8,
  localparam int unsigned PlaneWidth = BlockSize - 1,
  localparam int unsigned Log2M      = $clog2(DataWidth),
  localparam int unsigned Log2N      = $clog2(BlockSize),
  localparam int unsigned RunWidth   = Log2M + 1,               // holds 0..m+1
  localparam int unsigned RunSymBits = 3 + Log2M,
  localparam int unsigned CodeBits   = (BlockSize > 5 + Log2N) ? BlockSize : 5 + Log2N,
  localparam int unsigned FieldBits  = RunSymBits + CodeBits,
  localparam int unsigned FieldLenW  = $clog2(FieldBits + 1)
) (
  /// This slot holds a symbol of the block.
  input  logic                  valid_i,
  /// It is the block's final symbol (i = m): flush the pending run.
  input  logic                  final_i,
  /// X_i.
  input  logic [PlaneWidth-1:0] x_i,
  /// P_i.
  input  logic [PlaneWidth-1:0] plane_i,
  /// Zero X pending before this symbol.
  input  logic [RunWidth-1:0]   run_i,
  /// Zero X pending after this symbol.
  output logic [RunWidth-1:0]   run_o,
  /// {run symbol, code}, left-aligned.
  output logic [FieldBits-1:0]  field_o,
  output logic [FieldLenW-1:0]  field_len_o
);

  logic [Log2N-1:0]      pos;        // first one from the MSB
  logic                  found;
  logic [PlaneWidth-1:0] first_one;  // one-hot: the first one
  logic [PlaneWidth-1:0] rest;       // X without its first one
  logic                  x_zero;

  always_comb begin
    pos       = '0;
    found     = 1'b0;
    first_one = '0;
    for (int i = PlaneWidth - 1; i >= 0; i--) begin
      if (!found && x_i[i]) begin
        pos          = Log2N'(PlaneWidth - 1 - i);
        first_one[i] = 1'b1;
        found        = 1'b1;
      end
    end
  end

  assign rest   = x_i & ~first_one;
  assign x_zero = (x_i == '0);

  logic [CodeBits-1:0]   code;       // left-aligned
  logic [FieldLenW-1:0]  code_len;
  logic [RunWidth-1:0]   run_val;
  logic                  emit_run;
  logic [RunSymBits-1:0] run_sym;    // left-aligned
  logic [FieldLenW-1:0]  run_len;

  always_comb begin
    // Symbol code (only used when X != 0).
    if (x_i == '1) begin
      code     = CodeBits'(5'b00000) << (CodeBits - 5);
      code_len = FieldLenW'(5);
    end else if (plane_i == '0) begin
      code     = CodeBits'(5'b00001) << (CodeBits - 5);
      code_len = FieldLenW'(5);
    end else if (rest != '0 && rest == (first_one >> 1)) begin
      code     = CodeBits'({5'b00010, pos}) << (CodeBits - 5 - Log2N);
      code_len = FieldLenW'(5 + Log2N);
    end else if (rest == '0) begin
      code     = CodeBits'({5'b00011, pos}) << (CodeBits - 5 - Log2N);
      code_len = FieldLenW'(5 + Log2N);
    end else begin
      code     = CodeBits'({1'b1, x_i});
      code_len = FieldLenW'(BlockSize);
    end

    // Zero-run symbol in front of a non-zero code, or at the final symbol.
    run_val  = x_zero ? run_i + 1'b1 : run_i;
    emit_run = valid_i && (x_zero ? final_i : (run_i != '0));
    if (run_val == RunWidth'(1)) begin
      run_sym = RunSymBits'(2'b01) << (RunSymBits - 2);
      run_len = FieldLenW'(2);
    end else begin
      run_sym = {3'b001, Log2M'(run_val - RunWidth'(2))};
      run_len = FieldLenW'(RunSymBits);
    end

    if (!valid_i) begin
      run_o       = run_i;
      field_o     = '0;
      field_len_o = '0;
    end else if (x_zero) begin
      run_o       = final_i ? '0 : run_val;
      field_o     = emit_run ? {run_sym, CodeBits'(0)} : '0;
      field_len_o = emit_run ? run_len : '0;
    end else begin
      run_o       = '0;
      if (!emit_run) begin
        field_o = {code, RunSymBits'(0)};
      end else if (run_val == RunWidth'(1)) begin
        field_o = {2'b01, code, (RunSymBits - 2)'(0)};
      end else begin
        field_o = {3'b001, Log2M'(run_val - RunWidth'(2)), code};
      end
      field_len_o = emit_run ? run_len + code_len : code_len;
    end
  end

endmodule
