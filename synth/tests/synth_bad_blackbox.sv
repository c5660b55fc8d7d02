// SPDX-License-Identifier: Apache-2.0

/// Negative self-test of the synthesis flow: instantiates a black box, which no cell of
/// cells.lib implements, so synth_area.py must fail with "unmapped".
(* blackbox *)
module synth_bad_blackbox_cell (
  input  logic a_i,
  output logic y_o
);
endmodule

/// Top of the negative self-test.
module synth_bad_blackbox (
  /// Clock.
  input  logic clk_i,
  /// Input.
  input  logic a_i,
  /// Registered output of the black box.
  output logic y_o
);
  logic y;
  synth_bad_blackbox_cell u_cell (.a_i, .y_o(y));
  always_ff @(posedge clk_i) y_o <= y;
endmodule
