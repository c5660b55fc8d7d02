// SPDX-License-Identifier: Apache-2.0
//
/// DCT encoder, the spatial candidate of one cell (docs/dct-format.md §3.4, §4.2-§4.4),
/// combinational: w = sign(x) * ((|x| + 2^(k'-1)) >> k'), the squared error of its reconstruction
/// clamp(w * 2^k', lo, hi), the squared error of the empty tile (x^2), and the Rice code lengths
/// of |w| for k = 0..7 (0 when w = 0).
///
/// Example (m = 8, k' = 3, signed range): x = 40: w = 5, reconstruction 40, error 0, x^2 = 1600.
///
/// Parameters: DataWidth m in {8, 16}; k' <= m - 3 (so |x - reconstruction| <= 2^(m-4)) and
/// |w| < 2^8 (s >= 4) are the caller's.
module dct_encoder_spatial #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth = 8,
  localparam int unsigned M        = DataWidth
) (
  input  logic [M-1:0]      x_i,
  /// k' = S - 4, the spatial shift.
  input  logic [4:0]        kp_i,
  /// The output range.
  input  logic signed [M:0] lo_i,
  input  logic signed [M:0] hi_i,
  /// x^2 (the empty tile's error at this cell).
  output logic [2*M-1:0]    sq0_o,
  /// (reconstruction - x)^2.
  output logic [2*M-7:0]    sqs_o,
  /// w != 0.
  output logic              nz_o,
  /// The Rice length of |w| - 1 for k in bits [5 k +: 5] (0 when w = 0).
  output logic [39:0]       len_o
);

  if (!(DataWidth == 8 || DataWidth == 16)) begin : gen_param_error
    $error("dct_encoder_spatial: DataWidth must be 8 or 16");
  end

  logic signed [M-1:0] x;
  logic [M-1:0]        xa;            // |x| (2^(m-1) fits: unsigned)
  logic [M:0]          mag;
  logic signed [M+1:0] rs_raw, rs, e;
  logic [M-4:0]        ea;            // |e| <= 2^(k'-1) <= 2^(m-4)

  assign x      = $signed(x_i);
  assign xa     = x[M-1] ? M'(-x) : M'(x);
  assign mag    = ((M + 1)'(xa) + (((M + 1)'(1) << kp_i) >> 1)) >> kp_i;
  assign rs_raw = $signed((M + 2)'(mag) << kp_i);
  always_comb begin
    rs = x[M-1] ? -rs_raw : rs_raw;
    if (rs < (M + 2)'(lo_i)) rs = (M + 2)'(lo_i);
    if (rs > (M + 2)'(hi_i)) rs = (M + 2)'(hi_i);
  end
  assign e     = rs - (M + 2)'(x);
  assign ea    = e[M+1] ? (M - 3)'(-e) : (M - 3)'(e);
  assign sq0_o = (2 * M)'(xa) * (2 * M)'(xa);
  assign sqs_o = (2 * M - 6)'(ea) * (2 * M - 6)'(ea);
  assign nz_o  = (mag != '0);

  dct_rice_cost #(
    .MagWidth(8)
  ) u_cost (
    .mag_i(mag[7:0]),
    .len_o(len_o)
  );

  logic unused_mag;
  assign unused_mag = ^mag[M:8];  // |w| <= 2^(11-s) <= 128

endmodule
