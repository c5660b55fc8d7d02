// SPDX-License-Identifier: Apache-2.0
//
/// MCRC sub-interval of one symbol (docs/mcrc-format.md §4.3) and its renormalization shift
/// (§4.4), shared by the encoder and the decoder. Purely combinational.
///
/// With q_R = rng >> 9 and the context's cumulative frequencies e[1..m] (stored as they are,
/// e[i] = f[i] + i, P = 9 bits each, lane i-1 at bits [9*(i-1) +: 9]; e[0] = 0, e[m+1] = 512):
///   u(k)   = rng - q_R (512 - e[k]) for 1 <= k <= m;  u(0) = 0, u(m+1) = rng
///   rng'   = u(sym + 1) - u(sym)
///   d      = the leading zeros of rng' in 13 bits (0..9: rng' >= q_R >= 8)
/// Since rng - 512 q_R = rng mod 512, u(k) = (rng mod 512) + q_R e[k] (e[k] <= 511: 9 bits),
/// and rng' = q_R (e[sym + 1] - e[sym]) (+ rng mod 512 for sym = 0): the cumulative frequencies
/// of the symbol and the next are selected first (e[m + 1] = 512 is 0 in 9 bits, and the
/// frequency is taken mod 2^9), then two 4 x 9-bit products, q_R e[sym] and q_R times the
/// symbol's frequency. The caller adds rng mod 512 to the first for sym >= 1 (the encoder to get
/// u(sym), the decoder subtracts it from V - (rng mod 512)).
///
/// Parameters: DataWidth m in {8, 16}.
module mcrc_interval #(
  /// m: data width in bits, 8 or 16 (m lanes, m + 1 symbols).
  parameter int unsigned DataWidth = 8,
  localparam int unsigned Lanes    = DataWidth,
  localparam int unsigned P        = 9,  // §4: probability precision
  localparam int unsigned RW       = 13  // §4: range width R; q_R = rng >> P has R - P = 4 bits
) (
  /// The context's cumulative frequencies e[1..m].
  input  logic [P*Lanes-1:0] e_i,
  /// The symbol (class) 0..m as a thermometer code: bit i-1 = (i <= sym), i = 1..m.
  input  logic [Lanes-1:0]   le_i,
  /// The range before the symbol, 2^12..2^13-1.
  input  logic [RW-1:0]      rng_i,
  /// q_R e[sym] (0 for sym = 0): u(sym) = this + (rng mod 2^P) for sym >= 1, 0 for sym = 0.
  output logic [RW-1:0]      prod_lo_o,
  /// rng' = u(sym + 1) - u(sym), before the renormalization.
  output logic [RW-1:0]      rng_o,
  /// d: rng_o << d is in 2^12..2^13-1.
  output logic [3:0]         shift_o
);

  logic [P-1:0]    e_lo, e_hi;     // e[sym], e[sym + 1] mod 2^P
  logic [P-1:0]    freq;           // e[sym + 1] - e[sym] (1..512 - m)
  logic [RW-P-1:0] q_r;            // 8..15
  logic [RW-1:0]   prod_fr;        // q_R freq < 2^13
  // One-hot symbol from the thermometer code: sym_eq[k] = (sym == k), k = 0..m.
  logic [Lanes:0] sym_eq;
  assign sym_eq = {1'b0, le_i} ^ {le_i, 1'b1};
  always_comb begin
    e_lo = '0;
    e_hi = '0;
    for (int i = 1; i <= Lanes; i++) begin
      e_lo = e_lo | (e_i[P*(i-1) +: P] & {P{sym_eq[i]}});
      e_hi = e_hi | (e_i[P*(i-1) +: P] & {P{sym_eq[i-1]}});
    end
  end
  assign q_r       = {1'b1, rng_i[RW-2:P]};  // rng >= 2^12: q_R >= 8
  assign freq      = e_hi - e_lo;
  assign prod_lo_o = RW'(q_r) * RW'(e_lo);
  assign prod_fr   = RW'(q_r) * RW'(freq);
  // rng' = q_R freq, plus the remainder rng mod 2^P for symbol 0 (which owns [0, u(1))).
  assign rng_o     = prod_fr + (sym_eq[0] ? {{(RW - P){1'b0}}, rng_i[P-1:0]} : '0);
  logic unused_rng_top;  // rng >= 2^12: its top bit is 1
  assign unused_rng_top = rng_i[RW-1];

  always_comb begin
    shift_o = '0;
    for (int i = RW - P - 1; i < RW; i++) if (rng_o[i]) shift_o = 4'(RW - 1 - i);
  end

endmodule
