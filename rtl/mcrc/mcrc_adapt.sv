// SPDX-License-Identifier: Apache-2.0
//
/// MCRC model adaptation (docs/mcrc-format.md §4.2), shared by the encoder and the decoder: the
/// next state of one context after a symbol (given as the thermometer code `le_i`). Purely
/// combinational.
///
/// A context is Lanes = m stored values f[1..m] (P = 10 bits each, lane i-1 at bits
/// [10*(i-1) +: 10]). With the fixed rate 5:
///   f[i] <- f[i] - ceil(f[i] / 32)         for i <= sym (towards 0)
///   f[i] <- f[i] + ceil((T - f[i]) / 32)   for i >  sym (towards T = 1024 - (m+1))
/// Both are one P-bit addition per lane (see gen_lane): T = 2^P - 1 - m, so T - f = ~f - m, and
/// the two directions differ only in the top bits of the addend and in the carry-in.
///
/// Parameters: DataWidth m in {8, 16}.
module mcrc_adapt #(
  /// m: data width in bits, 8 or 16 (m lanes, m + 1 symbols).
  parameter int unsigned DataWidth = 8,
  localparam int unsigned Lanes    = DataWidth,
  localparam int unsigned P        = 10,  // §4: probability precision
  localparam int unsigned Rate     = 5    // §4.2: adaptation shift
) (
  input  logic [P*Lanes-1:0] f_i,
  /// The symbol as a thermometer code: bit i-1 = (i <= sym), i = 1..m.
  input  logic [Lanes-1:0]   le_i,
  output logic [P*Lanes-1:0] f_o
);

  // With k = ~f (= 1023 - f) and T = 1023 - m: T - f = k - m, so
  //   towards T: f + ceil((k - m) / 32) = f + ((k >> 5) - [k mod 32 < m]) + [k mod 32 != m]
  //   towards 0: f - ceil(f / 32)       = f + ~(f >> 5) + [f mod 32 == 0]   (mod 2^P)
  // and both are one P-bit addition whose addend differs only in its top bits (all 0 / all 1)
  // and a decrement of k >> 5 (it cannot wrap: f <= T).
  localparam int unsigned Hi = P - Rate;
  for (genvar i = 1; i <= Lanes; i++) begin : gen_lane
    logic [P-1:0]    f, k, addend;
    logic            up, below, cin;
    logic [Hi-1:0]   k_hi;
    assign f      = f_i[P*(i-1) +: P];
    assign k      = ~f;
    assign up     = !le_i[i-1];
    assign below  = (k[Rate-1:0] < Rate'(DataWidth));
    assign k_hi   = k[P-1:Rate] - Hi'(up && below);
    assign addend = {{Rate{!up}}, k_hi};
    assign cin    = up ? (k[Rate-1:0] != Rate'(DataWidth)) : (f[Rate-1:0] == '0);
    assign f_o[P*(i-1) +: P] = f + addend + P'(cin);
  end

endmodule
