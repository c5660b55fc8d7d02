// SPDX-License-Identifier: Apache-2.0
//
/// DCT decoder, one item of a tile's coefficient or value fields (docs/dct-format.md §2.3,
/// §2.4), combinational: at the top of `win_i` either a run of zero significance bits (every one
/// up to the next coded item or the end of the tile's positions) or one coded coefficient /
/// value: a significance bit (absent for the transform tile's `last` position), Rice_k(|v| - 1),
/// then a sign bit unless `nosign_i`.
///
/// A run: `run_o` = 1, `len_o` = min(leading zeros, `rmax_i`) (>= 1). A coded item: `len_o` =
/// its bits with the sign, `pe_o` = its bits up to the Rice code's last bit (the position of its
/// errors, §6), `esc_err_o` an escape below 12 * 2^k, `rng_err_o` |v| - 1 >= `lim_i`, `val_o` the
/// signed value. The outputs are those of the code the window's bits give: bits past the valid
/// ones may give any length, which the parent compares with its valid bits (a prefix code: a
/// length within them is the true one).
///
/// Example (§7 example 1, position 1): `win_i` = 1 1100 1 ..., k = 1, rmax = 2: `len_o` = 6,
/// `pe_o` = 5, `val_o` = -5.
///
/// Parameters: WinWidth 30..64 (a coded item has at most 30 bits); CW 2..16.
module dct_decoder_item #(
  /// Bits of the window.
  parameter int unsigned WinWidth = 30,
  /// Bits of the signed value.
  parameter int unsigned CW       = 11
) (
  /// The next stream bits, next bit at the top.
  input  logic [WinWidth-1:0] win_i,
  /// Positions that still carry a significance bit (0..16); 0: the code has none.
  input  logic [4:0]          rmax_i,
  /// The Rice parameter k, 0..7.
  input  logic [2:0]          k_i,
  /// The code has no sign bit (spatial tile, U = 1).
  input  logic                nosign_i,
  /// Range limit: |v| > lim_i is an error (Q or V).
  input  logic [16:0]         lim_i,
  output logic                run_o,
  output logic [5:0]          len_o,
  output logic [5:0]          pe_o,
  output logic                esc_err_o,
  output logic                rng_err_o,
  output logic [CW-1:0]       val_o
);

  if (WinWidth < 30 || WinWidth > 64 || CW < 2 || CW > 16) begin : gen_param_error
    $error("dct_decoder_item: WinWidth 30..64, CW 2..16");
  end

  localparam int unsigned WT = WinWidth - 1;

  logic [4:0]          zr;       // leading zeros, saturating at 16
  logic                zrfound;
  logic                c0;       // the code starts with a significance bit
  logic [WinWidth-1:0] rw;
  logic [3:0]          n1;       // leading ones of the Rice code, saturating at 12
  logic                n1found;
  logic [6:0]          low7;
  logic [15:0]         ra;       // Rice value a = |v| - 1
  logic [4:0]          rlen;
  logic                esc, sbit;
  logic [CW-1:0]       mag;

  always_comb begin
    zr      = '0;
    zrfound = 1'b0;
    for (int b = 0; b < 16; b++) begin
      if (!zrfound) begin
        if (win_i[WT-b]) zrfound = 1'b1;
        else             zr = zr + 5'd1;
      end
    end
  end

  assign c0 = (rmax_i != '0);
  assign rw = win_i << c0;
  always_comb begin
    n1      = '0;
    n1found = 1'b0;
    for (int b = 0; b < 12; b++) begin
      if (!n1found) begin
        if (!rw[WT-b]) n1found = 1'b1;
        else           n1 = n1 + 4'd1;
      end
    end
  end
  assign esc  = (n1 == 4'd12);
  assign low7 = 7'((rw << (5'(n1) + 5'd1)) >> (WinWidth - 7)) >> (3'd7 - k_i);
  always_comb begin
    if (esc) begin
      ra   = rw[WT-12 -: 16];
      rlen = 5'd28;
    end else begin
      ra   = (16'(n1) << k_i) | 16'(low7);
      rlen = 5'(n1) + 5'd1 + 5'(k_i);
    end
  end

  assign run_o     = !win_i[WT] && c0;
  assign pe_o      = 6'(c0) + 6'(rlen);
  assign esc_err_o = esc && (ra < (16'd12 << k_i));
  assign rng_err_o = 17'(ra) >= lim_i;
  assign sbit      = 1'((win_i << pe_o) >> WT) && !nosign_i;
  assign mag       = CW'(ra) + CW'(1);
  assign val_o     = sbit ? CW'(-mag) : mag;
  assign len_o     = run_o ? ((zr < rmax_i) ? 6'(zr) : 6'(rmax_i)) :
                             (pe_o + (nosign_i ? 6'd0 : 6'd1));

endmodule
