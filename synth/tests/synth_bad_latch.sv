// SPDX-License-Identifier: Apache-2.0

/// Negative self-test of the synthesis flow: infers a 4-bit latch, so synth_area.py must fail.
module synth_bad_latch (
  /// Latch enable (transparent when high).
  input  logic       en_i,
  /// Data in.
  input  logic [3:0] d_i,
  /// Latched data.
  output logic [3:0] q_o
);
  always_latch begin
    if (en_i) q_o = d_i;
  end
endmodule
