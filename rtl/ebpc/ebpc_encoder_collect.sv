// SPDX-License-Identifier: Apache-2.0
//
/// EBPC encoder: collects the non-zero words of a block and their deltas (docs/ebpc-format.md §3).
///
/// Input: the non-zero words in order, plus the transmission's final word (zero or not) with
/// `in_last_i`. Output: one complete block per beat: base w0 and deltas d_k = w_k - w_(k-1) in m+1
/// bits; a partial block at the end of a transmission is stuffed with zero words (the first stuffed
/// delta is -w_(f-1), the others 0). The stuffed deltas are written into their registers like
/// words: the first one by the transmission's final word when it is zero, the others (and the
/// first one after a non-zero final word) in stuffing cycles that take no input, one per slot (at
/// most n-1 cycles per transmission). A transmission whose non-zero words end exactly on a block
/// boundary (or has none) ends with an *empty* block beat (`out_empty_o`): it only tells the coder
/// to end the BPC stream.
///
/// One word per cycle in; the complete block waits in this stage until the coder takes it, while
/// the coder codes the previous one (double buffering). `in_ready_o = !stuff && (!full ||
/// out_ready_i)`: the only combinational path, from the coder's ready.
module ebpc_encoder_collect #(
  parameter int unsigned DataWidth = 8,
  parameter int unsigned BlockSize = 8,
  localparam int unsigned DeltaWidth = DataWidth + 1,
  localparam int unsigned FillWidth  = $clog2(BlockSize + 1)
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic clear_i,
  // Word input: non-zero words, and the final word of a transmission.
  input  logic                                  in_valid_i,
  output logic                                  in_ready_o,
  input  logic [DataWidth-1:0]                  in_data_i,
  input  logic                                  in_nonzero_i,
  input  logic                                  in_last_i,
  // Block output.
  output logic                                  out_valid_o,
  input  logic                                  out_ready_i,
  output logic [DataWidth-1:0]                  out_base_o,
  /// d_k in bits [(k-1)*(m+1) +: m+1]: d_1 in the low bits.
  output logic [(BlockSize-1)*DeltaWidth-1:0]   out_delta_o,
  output logic                                  out_last_o,
  output logic                                  out_empty_o,
  output logic                                  busy_o
);

  logic [DataWidth-1:0]                 base_q, prev_q;
  logic [(BlockSize-1)*DeltaWidth-1:0]  delta_q;
  logic [FillWidth-1:0]                 fill_d, fill_q;   // slots of the current block written
  logic                                 full_d, full_q, last_d, last_q;
  logic                                 stuff_d, stuff_q;  // writing stuffed deltas
  logic                                 accept, take, write;
  logic [FillWidth-1:0]                 slot;              // where the incoming word goes
  logic [DataWidth-1:0]                 word;              // the word (0 while stuffing)
  logic [DeltaWidth-1:0]                new_delta;

  assign take       = out_valid_o && out_ready_i;
  assign in_ready_o = !stuff_q && (!full_q || out_ready_i);
  assign accept     = in_valid_i && in_ready_o;
  assign slot       = full_q ? '0 : fill_q;   // a full block leaves in this very cycle
  assign word       = in_data_i & {DataWidth{!stuff_q}};
  assign new_delta  = DeltaWidth'($signed(word)) - DeltaWidth'($signed(prev_q));
  // A word that takes a slot: a non-zero word, a zero final word inside a block (its delta is the
  // first stuffed one), or a stuffing cycle.
  assign write      = (accept && (in_nonzero_i || (in_last_i && slot != '0))) || stuff_q;

  always_comb begin
    fill_d  = fill_q;
    full_d  = full_q && !take;
    last_d  = last_q;
    stuff_d = 1'b0;
    if (take) fill_d = '0;
    if (write) begin
      fill_d  = slot + 1'b1;
      full_d  = (fill_d == FillWidth'(BlockSize));
      // A partial final block: stuffing cycles write the remaining deltas.
      stuff_d = (in_last_i || stuff_q) && !full_d;
    end
    if (accept) begin
      last_d = in_last_i;
      // A zero final word on a block boundary: the block is empty and ends the stream.
      if (in_last_i && !write) begin
        fill_d = '0;
        full_d = 1'b1;
      end
    end
    if (clear_i) begin
      fill_d  = '0;
      full_d  = 1'b0;
      last_d  = 1'b0;
      stuff_d = 1'b0;
    end
  end

  // Data registers: no reset needed.
  always_ff @(posedge clk_i) begin
    if (write) begin
      prev_q <= word;
      // Deltas shift in from the top: every block gets all n-1 of them (stuffed ones included),
      // so d_1 ends in the low bits.
      if (slot == '0) base_q <= word;
      else delta_q <= {new_delta, delta_q[(BlockSize-1)*DeltaWidth-1:DeltaWidth]};
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fill_q  <= '0;
      full_q  <= 1'b0;
      last_q  <= 1'b0;
      stuff_q <= 1'b0;
    end else begin
      fill_q  <= fill_d;
      full_q  <= full_d;
      last_q  <= last_d;
      stuff_q <= stuff_d;
    end
  end

  assign out_delta_o = delta_q;
  assign out_valid_o = full_q;
  assign out_base_o  = base_q;
  assign out_last_o  = last_q;
  assign out_empty_o = (fill_q == '0);
  assign busy_o      = full_q || (fill_q != '0);

endmodule
