// SPDX-License-Identifier: Apache-2.0
//
/// MCRC model adaptation (docs/mcrc-format.md §4.2), shared by the encoder and the decoder: the
/// next state of one context after a symbol (given as the thermometer code `le_i`). Purely
/// combinational.
///
/// A context is stored as its m cumulative frequencies e[i] = f[i] + i, i = 1..m (P = 9 bits
/// each, lane i-1 at bits [9*(i-1) +: 9]; the format's f[i] is e[i] - i). With the fixed rate 5:
///   f[i] <- f[i] - ceil(f[i] / 32)         for i <= sym (towards 0)
///   f[i] <- f[i] + ceil((T - f[i]) / 32)   for i >  sym (towards T = 512 - (m+1))
/// i.e. e[i] moves towards i or towards T + i. Both are one P-bit addition per lane (see
/// gen_lane): T + i - e = ~e - (m - i), and the two directions differ only in the top bits of
/// the addend and in the carry-in.
///
/// Parameters: DataWidth m in {8, 16}.
module mcrc_adapt #(
  /// m: data width in bits, 8 or 16 (m lanes, m + 1 symbols).
  parameter int unsigned DataWidth = 8,
  localparam int unsigned Lanes    = DataWidth,
  localparam int unsigned P        = 9,   // §4: probability precision
  localparam int unsigned Rate     = 5    // §4.2: adaptation shift
) (
  input  logic [P*Lanes-1:0] e_i,
  /// The symbol as a thermometer code: bit i-1 = (i <= sym), i = 1..m.
  input  logic [Lanes-1:0]   le_i,
  output logic [P*Lanes-1:0] e_o
);

  // With k = ~e (= 511 - e), c = m - i and T = 511 - m (e <= T + i, so k >= c):
  //   towards T + i: e + ceil((k - c) / 32)  = e + ((k >> 5) - [k mod 32 < c]) + [k mod 32 != c]
  //   towards i:     e - ceil((e - i) / 32)  = e + {11111, k >> 5} + [k mod 32 >= 31 - i]
  //                                            (mod 2^P: floor((k + i + 1) / 32) - 32)
  // one P-bit addition whose addend differs only in its top bits (all 0 / all 1), and a
  // decrement of k >> 5 that cannot wrap.
  localparam int unsigned Hi = P - Rate;
  for (genvar i = 1; i <= Lanes; i++) begin : gen_lane
    logic [P-1:0]    e, k, addend;
    logic            up, below, cin;
    logic [Hi-1:0]   k_hi;
    assign e      = e_i[P*(i-1) +: P];
    assign k      = ~e;
    assign up     = !le_i[i-1];
    if (i < DataWidth) begin : gen_below
      assign below = (k[Rate-1:0] < Rate'(DataWidth - i));
    end else begin : gen_top  // c = 0
      assign below = 1'b0;
    end
    assign k_hi   = k[P-1:Rate] - Hi'(up && below);
    assign addend = {{Rate{!up}}, k_hi};
    assign cin    = up ? (k[Rate-1:0] != Rate'(DataWidth - i)) :
                         (k[Rate-1:0] >= Rate'((1 << Rate) - 1 - i));
    assign e_o[P*(i-1) +: P] = e + addend + P'(cin);
  end

endmodule
