// SPDX-License-Identifier: Apache-2.0
//
/// Stream register (shared primitive): a one-entry pipeline register on a valid/ready stream.
///
/// Purpose: the registered output of a core. `out_*` come from flops; a beat is taken on `in`
/// while the register is empty or its beat leaves in the same cycle, so a stream that is always
/// ready moves one beat per cycle with one cycle of latency.
///
/// Protocol: valid/ready on both sides; `out_valid_o` and `out_data_o` are held until taken.
/// `clear_i` empties the register (the beat in it is dropped).
///
/// Timing: `out_valid_o`, `out_data_o` from flops; `in_ready_o` = !valid || `out_ready_i` (a
/// combinational path out_ready_i -> in_ready_o; use `fmc_fifo` with Depth 2 to cut it).
///
/// Area: Width + 1 flops (the data flops have no reset: they are written before they are read).
///
/// Parameters: Width >= 1.
module fmc_stream_reg #(
  /// Beat width in bits.
  parameter int unsigned Width = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  /// Synchronous clear: drops the beat in the register.
  input  logic             clear_i,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o
);

  if (Width < 1) begin : gen_param_error
    $error("fmc_stream_reg: Width must be at least 1");
  end

  logic             valid_q;
  logic [Width-1:0] data_q;
  logic             load;

  assign in_ready_o = !valid_q || out_ready_i;
  assign load       = in_valid_i && in_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else if (clear_i) begin
      valid_q <= 1'b0;
    end else if (in_ready_o) begin
      valid_q <= in_valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (load) data_q <= in_data_i;
  end

  assign out_valid_o = valid_q;
  assign out_data_o  = data_q;

`ifndef SYNTHESIS
  // The register holds its beat until taken.
  OutValidHeld: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o));
`endif

endmodule
