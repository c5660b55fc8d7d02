// SPDX-License-Identifier: Apache-2.0
//
/// DCT 4-point butterfly (docs/dct-format.md §3.2): one column or row of the HEVC 4-point core
/// transform, combinational, constant multipliers as shift-add.
///
/// With M the HEVC matrix (rows u: 64 64 64 64 / 83 36 -36 -83 / 64 -64 -64 64 / 36 -83 83 -36):
///   Inverse = 0 (forward):  y[u] = sum_i M[u][i] * x[i]   (even/odd split: x0 +- x3, x1 +- x2)
///   Inverse = 1 (inverse):  y[i] = sum_u M[u][i] * x[u]   (even x0 +- x2, odd x1, x3)
/// No rounding: the caller rounds and clips (§3.2 defines the shifts per pass). The sums are exact
/// in InWidth + 9 bits (the absolute row sums of M are at most 256 = 2^8).
///
/// Vectors are packed, element 0 in the low bits: x_i[InWidth*k +: InWidth] is x[k].
///
/// Example (forward, x = 20 36 36 20, the first column of §7 example 1): 7168 0 -2048 0
/// (twice T1 of the example, whose first pass rounds by 1 bit).
///
/// Parameters: InWidth >= 2.
module dct_butterfly4 #(
  /// Bits of each signed input.
  parameter int unsigned InWidth  = 16,
  /// 0: forward transform, 1: inverse.
  parameter bit          Inverse  = 1'b0,
  localparam int unsigned OutWidth = InWidth + 9
) (
  input  logic [4*InWidth-1:0]  x_i,
  output logic [4*OutWidth-1:0] y_o
);

  if (InWidth < 2) begin : gen_param_error
    $error("dct_butterfly4: InWidth must be at least 2");
  end

  logic signed [OutWidth-1:0] x0, x1, x2, x3;
  logic signed [OutWidth-1:0] e0, e1, o0, o1;      // even / odd inputs
  logic signed [OutWidth-1:0] ee, eo, p0, p1;      // even outputs (before *64), odd products
  logic signed [OutWidth-1:0] y0, y1, y2, y3;

  assign x0 = OutWidth'($signed(x_i[0*InWidth +: InWidth]));
  assign x1 = OutWidth'($signed(x_i[1*InWidth +: InWidth]));
  assign x2 = OutWidth'($signed(x_i[2*InWidth +: InWidth]));
  assign x3 = OutWidth'($signed(x_i[3*InWidth +: InWidth]));

  // The odd part, 83 a + 36 b and 36 a - 83 b, by shifts: 83 = 64 + 16 + 2 + 1, 36 = 32 + 4.
  logic signed [OutWidth-1:0] m83o0, m36o0, m83o1, m36o1;
  assign m83o0 = (o0 <<< 6) + (o0 <<< 4) + (o0 <<< 1) + o0;
  assign m36o0 = (o0 <<< 5) + (o0 <<< 2);
  assign m83o1 = (o1 <<< 6) + (o1 <<< 4) + (o1 <<< 1) + o1;
  assign m36o1 = (o1 <<< 5) + (o1 <<< 2);
  assign p0    = m83o0 + m36o1;
  assign p1    = m36o0 - m83o1;

  if (!Inverse) begin : gen_fwd
    assign e0 = x0 + x3;
    assign e1 = x1 + x2;
    assign o0 = x0 - x3;
    assign o1 = x1 - x2;
    assign ee = e0 + e1;
    assign eo = e0 - e1;
    assign y0 = ee <<< 6;
    assign y1 = p0;
    assign y2 = eo <<< 6;
    assign y3 = p1;
  end else begin : gen_inv
    assign e0 = x0 + x2;
    assign e1 = x0 - x2;
    assign o0 = x1;
    assign o1 = x3;
    assign ee = e0 <<< 6;
    assign eo = e1 <<< 6;
    assign y0 = ee + p0;
    assign y1 = eo + p1;
    assign y2 = eo - p1;
    assign y3 = ee - p0;
  end

  assign y_o = {y3, y2, y1, y0};

endmodule
