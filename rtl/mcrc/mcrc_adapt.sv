// SPDX-License-Identifier: Apache-2.0
//
/// MCRC model adaptation (docs/mcrc-format.md §4.2), shared by the encoder and the decoder: the
/// next state of one context after symbol `sym_i`. Purely combinational.
///
/// A context is Lanes = m stored values f[1..m] (12 bits each, lane i-1 at bits
/// [12*(i-1) +: 12]) and a start-up counter cnt (0..8). With rate = 2 + cnt/2:
///   f[i] <- f[i] - ceil(f[i] / 2^rate)         for i <= sym (towards 0)
///   f[i] <- f[i] + ceil((T - f[i]) / 2^rate)   for i >  sym (towards T = 4096 - (m+1))
/// Both are f + step with delta = target - f, step = floor(delta / 2^rate) for delta <= 0 and
/// ceil(delta / 2^rate) for delta > 0: an arithmetic shift plus a carry-in when a positive delta
/// has non-zero bits shifted out. cnt <- min(cnt + 1, 8).
///
/// Parameters: DataWidth m in {8, 16}.
module mcrc_adapt #(
  /// m: data width in bits, 8 or 16 (m lanes, m + 1 symbols).
  parameter int unsigned DataWidth = 8,
  localparam int unsigned Lanes    = DataWidth,
  localparam int unsigned SymW     = $clog2(DataWidth + 1)
) (
  input  logic [12*Lanes-1:0] f_i,
  input  logic [3:0]          cnt_i,
  input  logic [SymW-1:0]     sym_i,
  output logic [12*Lanes-1:0] f_o,
  output logic [3:0]          cnt_o
);

  localparam logic [12:0] Target = 13'(4096 - (DataWidth + 1));

  logic [2:0] rate;  // 2..6
  assign rate  = 3'(cnt_i[3:1]) + 3'd2;
  assign cnt_o = (cnt_i >= 4'd8) ? 4'd8 : cnt_i + 4'd1;

  for (genvar i = 1; i <= Lanes; i++) begin : gen_lane
    logic [11:0]        f;
    logic [12:0]        delta;
    logic signed [12:0] step;
    logic [5:0]         shifted_out;  // the delta bits below the rate (at most 6)
    logic               round_up;
    assign f     = f_i[12*(i-1) +: 12];
    // Lanes 1..sym move towards 0, the others towards T.
    assign delta = ((32'(i) <= 32'(sym_i)) ? 13'd0 : Target) - {1'b0, f};
    assign step  = $signed(delta) >>> rate;
    assign shifted_out = delta[5:0] & ~(6'h3f << rate);
    assign round_up    = !delta[12] && (shifted_out != '0);
    assign f_o[12*(i-1) +: 12] = f + step[11:0] + {11'b0, round_up};
    logic unused_step_sign;  // f + step stays in 0..T: the sign is implied
    assign unused_step_sign = step[12];
  end

endmodule
