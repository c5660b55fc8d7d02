// SPDX-License-Identifier: Apache-2.0
//
/// Pair pick (shared primitive): of a mask of Cells positions, taken as Cells / 2 pairs (2i, 2i +
/// 1), the lowest pair with a set bit: its index, its two positions as a mask, and which of them
/// are set. Used by the GRLC encoder and decoder to walk a grid's cells a column pair per cycle
/// (GW is even, so a pair never spans two grid rows).
///
/// Purely combinational. With no bit set: `idx_o` 0, `pair_o` 0, `even_o` = `odd_o` = 0.
///
/// Parameters: Cells a power of two, 4..64 (checked at elaboration).
module fmc_pair_pick #(
  /// Positions of the mask (two per pair).
  parameter int unsigned Cells = 16,
  localparam int unsigned Pairs = Cells / 2,
  localparam int unsigned PairW = $clog2(Pairs)
) (
  input  logic [Cells-1:0] mask_i,
  /// The lowest pair holding a set bit.
  output logic [PairW-1:0] idx_o,
  /// Its positions 2 idx_o and 2 idx_o + 1.
  output logic [Cells-1:0] pair_o,
  /// Its even (first) position is set; its odd (second) position is set.
  output logic             even_o,
  output logic             odd_o
);

  if (!(Cells >= 4 && Cells <= 64 && (Cells & (Cells - 1)) == 0)) begin : gen_param_error
    $error("fmc_pair_pick: Cells must be a power of two in 4..64");
  end

  logic [Pairs-1:0] any, low;

  always_comb begin
    for (int i = 0; i < Pairs; i++) begin
      any[i] = mask_i[2 * i] || mask_i[2 * i + 1];
    end
  end
  assign low = any & (~any + 1'b1);
  always_comb begin
    idx_o = '0;
    for (int i = 0; i < Pairs; i++) begin
      if (low[i]) idx_o = idx_o | PairW'(i);
      pair_o[2 * i]     = low[i];
      pair_o[2 * i + 1] = low[i];
    end
  end
  assign even_o = |(mask_i & pair_o & {Pairs{2'b01}});
  assign odd_o  = |(mask_i & pair_o & {Pairs{2'b10}});

endmodule
