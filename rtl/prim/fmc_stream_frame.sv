// SPDX-License-Identifier: Apache-2.0
//
/// Stream frame (shared primitive): does an input stream of the current transmission still have
/// words to take? Every decoder keeps one per input stream (docs/integration.md §7.1).
///
/// A transmission's descriptor gives each stream's length L in words; the stream's word L-1
/// carries `last` (a stream of length 0 has no word). The frame opens when the descriptor is
/// taken (`load_i`) if L is not 0, and closes when the word flagged `last` is taken. A decoder
/// takes a word only while `open_o` (or, in the cycle of `load_i`, while L is not 0), so it takes
/// exactly the words of its transmission and never one of the next. Only `L != 0` and `last` are
/// used by the logic: a one-bit flag replaces a length counter (its area: docs/results/area.md).
/// The length itself is checked in simulation only: the assumption `LastAtLength` flags a `last`
/// that is not on word L-1, and `TakeInFrame` a word taken outside the frame, as errors of the
/// environment or of the parent.
///
/// Protocol: `load_i` is the descriptor's handshake; `take_i` a word's handshake on the stream
/// (it may be the same cycle as `load_i`: a parent may take the first word with its descriptor).
///
/// Timing: `open_o` is a flop; `open_next_o` combinational from the inputs and that flop.
///
/// Example: L = 3: load (open), take, take, take with last (closed in the next cycle). L = 0:
/// load leaves the frame closed.
module fmc_stream_frame #(
  /// Width of the descriptor's length (checked in simulation only).
  parameter int unsigned LengthWidth = 25
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  /// Synchronous clear: closes the frame.
  input  logic                   clear_i,
  /// The descriptor is taken in this cycle, with this stream's length.
  input  logic                   load_i,
  input  logic [LengthWidth-1:0] length_i,
  /// A word of the stream is taken in this cycle, with its `last` flag.
  input  logic                   take_i,
  input  logic                   last_i,
  /// The stream has words of the current transmission left.
  output logic                   open_o,
  /// `open_o` of the next cycle (this cycle's load and take included).
  output logic                   open_next_o
);

  if (LengthWidth < 1) begin : gen_param_error
    $error("fmc_stream_frame: LengthWidth >= 1");
  end

  logic open_d, open_q;

  always_comb begin
    open_d = (load_i ? (length_i != '0) : open_q) && !(take_i && last_i);
    if (clear_i) open_d = 1'b0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) open_q <= 1'b0;
    else         open_q <= open_d;
  end

  assign open_o      = open_q;
  assign open_next_o = open_d;

`ifndef SYNTHESIS
  // The words left, counted in simulation only: `last` must be on word L-1.
  logic [LengthWidth-1:0] left_q, left_now;
  assign left_now = load_i ? length_i : left_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)      left_q <= '0;
    else if (clear_i) left_q <= '0;
    else              left_q <= left_now - LengthWidth'(take_i && left_now != '0);
  end
  LastAtLength: assume property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      take_i |-> last_i == (left_now == LengthWidth'(1)));
  TakeInFrame: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      take_i |-> (load_i ? (length_i != '0) : open_q));
`endif

endmodule
