// SPDX-License-Identifier: Apache-2.0
//
/// DCT Rice code lengths (docs/dct-format.md §2.4, §4.3): the length of Rice_k(a - 1) for every
/// k = 0 … 7 at once, combinational, for one magnitude a (a = 0: no code, every length 0).
///
/// len_k = r + 1 + k with r = (a - 1) >> k when r < 12, else 28 (the escape: 12 ones and 16
/// bits). The encoder sums these per k over a tile's values and picks the smallest sum.
///
/// Example: a = 5 (a - 1 = 4): k = 0: 4 + 1 = 5; k = 1: 2 + 1 + 1 = 4; k = 2: 1 + 1 + 2 = 4;
/// k = 3: 0 + 1 + 3 = 4; … k = 7: 8.
///
/// Parameters: MagWidth 1..16 (bits of a).
module dct_rice_cost #(
  /// Bits of the magnitude a.
  parameter int unsigned MagWidth = 10
) (
  input  logic [MagWidth-1:0] mag_i,
  /// len_k in bits [5*k +: 5].
  output logic [39:0]         len_o
);

  if (MagWidth < 1 || MagWidth > 16) begin : gen_param_error
    $error("dct_rice_cost: MagWidth must be 1..16");
  end

  logic [MagWidth-1:0] am1;
  assign am1 = mag_i - 1'b1;

  for (genvar k = 0; k < 8; k++) begin : gen_k
    logic [MagWidth-1:0] r;
    logic                esc;
    assign r   = am1 >> k;
    assign esc = (32'(r) >= 32'd12);
    assign len_o[5*k +: 5] = (mag_i == '0) ? 5'd0 :
                             esc ? 5'd28 : 5'(r) + 5'(k + 1);
  end

endmodule
