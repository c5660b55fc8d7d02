// SPDX-License-Identifier: Apache-2.0
//
/// DCT encoder, the code of one coefficient or spatial value (docs/dct-format.md §2.3, §2.4),
/// combinational: an optional significance bit, then for a non-zero value Rice_k(|v| - 1) and an
/// optional sign bit (1: negative). Right-aligned in `item_o`, `len_o` bits (1..30).
///
/// Example: v = -5, k = 1, significance and sign on: `1` `110 0` `1` = 0b1110_01, 6 bits.
///
/// Parameters: ValWidth 2..16 (signed; |v| - 1 < 2^16).
module dct_encoder_item #(
  /// Bits of the signed value.
  parameter int unsigned ValWidth = 11
) (
  input  logic [ValWidth-1:0] val_i,
  /// The Rice parameter k, 0..7.
  input  logic [2:0]          k_i,
  /// The code has a significance bit (a 0 value codes as that bit alone).
  input  logic                sig_i,
  /// A non-zero value's code ends with a sign bit.
  input  logic                sgn_i,
  output logic [29:0]         item_o,
  output logic [4:0]          len_o
);

  if (ValWidth < 2 || ValWidth > 16) begin : gen_param_error
    $error("dct_encoder_item: ValWidth must be 2..16");
  end

  logic                neg;
  logic [ValWidth-1:0] a, am1, r;
  logic [27:0]         rice;
  logic [4:0]          rlen;

  assign neg = val_i[ValWidth-1];
  assign a   = neg ? ValWidth'(-$signed(val_i)) : val_i;
  assign am1 = a - 1'b1;
  assign r   = am1 >> k_i;

  always_comb begin
    if (32'(r) < 32'd12) begin
      rice = (((28'(1) << r) - 28'(1)) << (4'(k_i) + 4'd1)) |
             (28'(am1) & ((28'(1) << k_i) - 28'(1)));
      rlen = 5'(r) + 5'(k_i) + 5'd1;
    end else begin
      rice = {12'hfff, 16'(am1)};
      rlen = 5'd28;
    end
    if (a == '0) begin
      item_o = '0;  // a significance bit 0
      len_o  = 5'd1;
    end else begin
      item_o = 30'(rice);
      len_o  = rlen;
      if (sgn_i) begin
        item_o = (item_o << 1) | 30'(neg);
        len_o  = len_o + 5'd1;
      end
      if (sig_i) begin
        item_o = item_o | (30'(1) << len_o);
        len_o  = len_o + 5'd1;
      end
    end
  end

endmodule
