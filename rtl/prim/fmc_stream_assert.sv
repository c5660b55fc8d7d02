// SPDX-License-Identifier: Apache-2.0
//
/// Stream protocol check (shared primitive, simulation only): once `valid_i` is up it stays up,
/// with `data_i` stable, until the beat moves (`valid_i && ready_i` at a clock edge). The one
/// place where this property is written; a core instantiates it once per port, inside
/// `` `ifndef SYNTHESIS `` so synthesis never sees it.
///
/// Assume = 0: the port is an output of the core, the property is an assertion (a violation is a
/// bug of the core). Assume = 1: the port is an input, the property is an assumption about the
/// environment (a violation is a bug of the testbench or of the system around the core). In a
/// simulation both fail the same way; a formal tool proves the first under the second.
///
/// Checked while out of reset and not in `clear_i` (a clear may drop a beat on offer).
///
/// Parameters: Width >= 1 (bits of `data_i`: pack data, last and any side-band the port has).
module fmc_stream_assert #(
  /// Bits of `data_i`.
  parameter int unsigned Width  = 1,
  /// 1: the port is an input of the core (assumption), 0: an output (assertion).
  parameter bit          Assume = 1'b0
) (
  input logic             clk_i,
  input logic             rst_ni,
  input logic             clear_i,
  input logic             valid_i,
  input logic             ready_i,
  input logic [Width-1:0] data_i
);

  if (Width < 1) begin : gen_param_error
    $error("fmc_stream_assert: Width must be at least 1");
  end

`ifndef SYNTHESIS
  if (Assume) begin : gen_assume
    ValidHeld: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
        valid_i && !ready_i |=> valid_i && $stable(data_i));
  end else begin : gen_assert
    ValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
        valid_i && !ready_i |=> valid_i && $stable(data_i));
  end
`endif

endmodule
