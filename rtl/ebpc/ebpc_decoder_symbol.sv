// SPDX-License-Identifier: Apache-2.0
//
/// EBPC decoder: combinational decode of one BPC symbol code (docs/ebpc-format.md §3.1).
///
/// Purpose: looks at the next `SymWidth` stream bits (`win_i`, next bit at the top) and returns the
/// code length and meaning. Bits past the valid ones may be anything: the code is complete when
/// its length `len_o` is at most the number of valid bits (the caller compares), and then the
/// length is right, because the length of every code is fixed by its leading bits, all of them
/// valid in that case.
///
/// Codes (n = BlockSize, m = DataWidth, X is n-1 bits, p counted from the MSB of X):
///   `1` + X            raw X                      length n
///   `01`               zero run of 1              length 2
///   `001` + (k-2)      zero run of k (log2 m bits) length 3 + log2 m
///   `00000`            X all ones                 length 5
///   `00001`            plane is 0                 length 5
///   `00010` + p        two adjacent ones at p     length 5 + log2 n (p <= n-3, else bad)
///   `00011` + p        one one at p               length 5 + log2 n (p <= n-2, else bad)
///
/// Timing: purely combinational, about 4 gate levels plus the one-hot X decoder.
module ebpc_decoder_symbol #(
  /// m: data width, 8 or 16.
  parameter int unsigned DataWidth = 8,
  /// n: block size, 8 or 16.
  parameter int unsigned BlockSize = 8,
  localparam int unsigned PlaneWidth = BlockSize - 1,
  localparam int unsigned Log2M      = $clog2(DataWidth),
  localparam int unsigned Log2N      = $clog2(BlockSize),
  localparam int unsigned SymWidth   = (BlockSize > 5 + Log2N) ? BlockSize : 5 + Log2N,
  localparam int unsigned LenWidth   = $clog2(SymWidth + 1),
  localparam int unsigned RunWidth   = $clog2(DataWidth + 2)
) (
  /// The next SymWidth stream bits, next bit at the top.
  input  logic [SymWidth-1:0]   win_i,
  /// Code length in bits.
  output logic [LenWidth-1:0]   len_o,
  /// The code is a zero run of `run_o` planes (1..m+1).
  output logic                  run_o,
  output logic [RunWidth-1:0]   run_len_o,
  /// The code is `00001`: the plane is 0.
  output logic                  plane_zero_o,
  /// X of the symbol (0 for runs and for plane-zero).
  output logic [PlaneWidth-1:0] x_o,
  /// Position field out of range (an impossible code).
  output logic                  bad_pos_o
);

  localparam logic [LenWidth-1:0] LenRaw = LenWidth'(BlockSize);
  localparam logic [LenWidth-1:0] LenRun = LenWidth'(3 + Log2M);
  localparam logic [LenWidth-1:0] LenPos = LenWidth'(5 + Log2N);

  logic [Log2N-1:0] pos;
  logic [Log2M-1:0] runf;
  logic [PlaneWidth-1:0] one_hot;

  assign pos  = win_i[SymWidth-6 -: Log2N];
  assign runf = win_i[SymWidth-4 -: Log2M];

  always_comb begin
    len_o        = LenWidth'(5);
    run_o        = 1'b0;
    run_len_o    = RunWidth'(1);
    plane_zero_o = 1'b0;
    x_o          = '0;
    bad_pos_o    = 1'b0;
    // One one at position p, counted from the MSB of X.
    one_hot      = {1'b1, {(PlaneWidth - 1){1'b0}}} >> pos;
    if (win_i[SymWidth-1]) begin
      len_o = LenRaw;
      x_o   = win_i[SymWidth-2 -: PlaneWidth];
    end else if (win_i[SymWidth-2]) begin
      len_o = LenWidth'(2);
      run_o = 1'b1;
    end else if (win_i[SymWidth-3]) begin
      len_o     = LenRun;
      run_o     = 1'b1;
      run_len_o = RunWidth'(runf) + RunWidth'(2);
    end else begin
      unique case (win_i[SymWidth-4 -: 2])
        2'b00: x_o = '1;
        2'b01: plane_zero_o = 1'b1;
        2'b10: begin
          len_o     = LenPos;
          x_o       = one_hot | (one_hot >> 1);
          bad_pos_o = (32'(pos) > BlockSize - 3);
        end
        default: begin
          len_o     = LenPos;
          x_o       = one_hot;
          bad_pos_o = (32'(pos) > BlockSize - 2);
        end
      endcase
    end
  end

endmodule
