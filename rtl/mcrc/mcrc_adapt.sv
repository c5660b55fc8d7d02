// SPDX-License-Identifier: Apache-2.0
//
/// MCRC model adaptation (docs/mcrc-format.md §4.2), shared by the encoder and the decoder: the
/// next state of one context after symbol `sym_i`. Purely combinational.
///
/// A context is Lanes = m stored values f[1..m] (P = 10 bits each, lane i-1 at bits
/// [10*(i-1) +: 10]). With the fixed rate 5:
///   f[i] <- f[i] - ceil(f[i] / 32)         for i <= sym (towards 0)
///   f[i] <- f[i] + ceil((T - f[i]) / 32)   for i >  sym (towards T = 1024 - (m+1))
/// Both are f + step with delta = target - f, step = floor(delta / 32) for delta <= 0 and
/// ceil(delta / 32) for delta > 0: an arithmetic shift by a constant (wiring) plus a carry-in when
/// a positive delta has non-zero bits shifted out.
///
/// Parameters: DataWidth m in {8, 16}.
module mcrc_adapt #(
  /// m: data width in bits, 8 or 16 (m lanes, m + 1 symbols).
  parameter int unsigned DataWidth = 8,
  localparam int unsigned Lanes    = DataWidth,
  localparam int unsigned SymW     = $clog2(DataWidth + 1),
  localparam int unsigned P        = 10,  // §4: probability precision
  localparam int unsigned Rate     = 5    // §4.2: adaptation shift
) (
  input  logic [P*Lanes-1:0] f_i,
  input  logic [SymW-1:0]    sym_i,
  output logic [P*Lanes-1:0] f_o
);

  localparam logic [P:0] Target = (P + 1)'((1 << P) - (DataWidth + 1));

  for (genvar i = 1; i <= Lanes; i++) begin : gen_lane
    logic [P-1:0]        f;
    logic [P:0]          delta;
    logic signed [P:0]   step;
    logic                round_up;
    assign f        = f_i[P*(i-1) +: P];
    // Lanes 1..sym move towards 0, the others towards T.
    assign delta    = ((32'(i) <= 32'(sym_i)) ? (P + 1)'(0) : Target) - {1'b0, f};
    assign step     = $signed(delta) >>> Rate;
    assign round_up = !delta[P] && (delta[Rate-1:0] != '0);
    assign f_o[P*(i-1) +: P] = f + step[P-1:0] + P'(round_up);
    logic unused_step_sign;  // f + step stays in 0..T: the sign is implied
    assign unused_step_sign = step[P];
  end

endmodule
