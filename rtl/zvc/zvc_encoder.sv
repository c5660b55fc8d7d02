// SPDX-License-Identifier: Apache-2.0
//
/// ZVC encoder (zero-value compression, docs/zvc-format.md): a bit mask of the non-zero groups of
/// G words, and the words of those groups raw. Beat for beat equal to the golden
/// `fmc::zvc_codec().encoder()` (same data and `last` on each stream, possibly later).
///
/// Protocol: `in` takes the words of a transmission, `in_last_i` on the final one (N >= 1). Two
/// output streams of m-bit words: `mask` (one bit per group, MSB first, last word zero-padded,
/// ceil(ceil(N/G)/m) words) and `value` (every word of every non-zero group, in order). Each
/// stream's final word carries its `last`. When every word is zero the value stream is empty (no
/// beat at all); the mask stream always has at least one word. Transmissions follow each other
/// back to back; no reset is needed in between.
///
/// Structure: the group state (fill, non-zero flag, count of held zeros) decides each mask bit
/// when a group closes; a mask word waits in a hold register until a word of the next group
/// arrives (then it is not the last) or the transmission ends. The zeros at the head of a group
/// are not stored, only counted: when the group's first non-zero word arrives, the entry (held
/// zeros, word) is committed. The newest committed entry waits in a hold register until the next
/// commit (not the last) or the end of the transmission (the last). The mask stream leaves
/// through a 2-entry FIFO, the value stream through a FIFO of 2 (G = 1) or 2G entries whose read
/// side expands each entry into its zeros and its word.
///
/// Throughput: one input word per cycle while the output ports are ready (the value FIFO holds
/// the backlog of up to G - 1 zeros released at once when a group turns non-zero). Latency: a
/// value word is offered 1 cycle after the next committed word was taken (2 cycles after the
/// final input word when it is the stream's last); a mask word 1 cycle after the first word of
/// the next group was taken (2 cycles after the final input word when it is the last).
///
/// Timing: `in_ready_o` is a function of flops only; `mask_*` and `value_*` outputs are driven by
/// flops (the value data through a zero mux controlled by a flop counter).
///
/// Parameters: DataWidth m in {8, 16}, Group G in {1, 2, 4, 8} (checked at elaboration).
///
/// Example (m = 8, G = 4, N = 14): words 0 0 0 0 | 1 2 3 0 | 0 0 0 0 | 0 9 (last) give mask 0x50
/// (last) and values 01 02 03 00 00 09 (last).
module zvc_encoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth = 8,
  /// G: words per mask bit, 1, 2, 4 or 8.
  parameter int unsigned Group     = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  /// Synchronous clear: drops the transmission in flight and every pending beat.
  input  logic                 clear_i,
  // Input words, `in_last_i` on the final word of a transmission.
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [DataWidth-1:0] in_data_i,
  input  logic                 in_last_i,
  // Mask stream.
  output logic                 mask_valid_o,
  input  logic                 mask_ready_i,
  output logic [DataWidth-1:0] mask_data_o,
  output logic                 mask_last_o,
  // Value stream (empty when every word is zero).
  output logic                 value_valid_o,
  input  logic                 value_ready_i,
  output logic [DataWidth-1:0] value_data_o,
  output logic                 value_last_o,
  /// Nothing in flight.
  output logic                 idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) &&
        (Group == 1 || Group == 2 || Group == 4 || Group == 8))) begin : gen_param_error
    $error("zvc_encoder: DataWidth must be 8 or 16, Group 1, 2, 4 or 8");
  end

  localparam int unsigned GrpW   = (Group > 1) ? $clog2(Group) : 1;  // word index in a group
  localparam int unsigned BitW   = $clog2(DataWidth);                // mask bits 0..m-1
  localparam int unsigned VDepth = (Group > 4) ? 16 : (Group > 2) ? 8 : (Group > 1) ? 4 : 2;  // 2G
  localparam int unsigned VEntW  = 1 + GrpW + DataWidth;             // {last, zeros, word}
  localparam logic [GrpW-1:0] GrpLast = GrpW'(Group - 1);
  localparam logic [BitW-1:0] BitLast = BitW'(DataWidth - 1);

  logic [GrpW-1:0]      gfill_d, gfill_q;    // words of the current group taken
  logic                 gnz_d, gnz_q;        // the current group has a non-zero word
  logic [GrpW-1:0]      hzero_d, hzero_q;    // zeros held at the head of the current group
  logic                 busy_d, busy_q;      // inside a transmission
  logic [DataWidth-1:0] acc_d, acc_q;        // mask bits of the open word, right-aligned
  logic [BitW-1:0]      nbits_d, nbits_q;    // how many
  logic                 mh_valid_d, mh_valid_q, mh_last_d, mh_last_q;
  logic [DataWidth-1:0] mh_data_d, mh_data_q;
  logic                 vh_valid_d, vh_valid_q, vh_last_d, vh_last_q;
  logic [GrpW-1:0]      vh_zeros_d, vh_zeros_q;
  logic [DataWidth-1:0] vh_data_d, vh_data_q;
  logic [GrpW-1:0]      vzc_d, vzc_q;        // zeros of the value FIFO head already sent

  logic mfifo_ready, mfifo_empty, vfifo_ready, vfifo_valid, vfifo_empty;
  logic in_fire, nonzero, commit, close, gbit, m_push, v_push, v_pop, v_zero;
  logic [DataWidth-1:0] acc_next;
  logic [VEntW-1:0]     vfifo_out;
  logic [GrpW-1:0]      vent_zeros;

  assign in_ready_o = (!mh_valid_q || mfifo_ready) && (!vh_valid_q || vfifo_ready);
  assign in_fire    = in_valid_i && in_ready_o;
  assign nonzero    = (in_data_i != '0);
  assign commit     = in_fire && (gnz_q || nonzero);
  assign close      = (gfill_q == GrpLast) || in_last_i;
  assign gbit       = gnz_q || nonzero;
  assign acc_next   = {acc_q[DataWidth-2:0], gbit};
  // A held mask word leaves when a word of the next group arrives or it is known to be the last;
  // a held value entry when the next one is committed or it is known to be the last.
  assign m_push     = mh_valid_q && mfifo_ready && (mh_last_q || in_fire);
  assign v_push     = vh_valid_q && vfifo_ready && (vh_last_q || commit);

  always_comb begin
    gfill_d    = gfill_q;
    gnz_d      = gnz_q;
    hzero_d    = hzero_q;
    busy_d     = busy_q;
    acc_d      = acc_q;
    nbits_d    = nbits_q;
    mh_valid_d = mh_valid_q && !m_push;
    mh_last_d  = mh_last_q;
    mh_data_d  = mh_data_q;
    vh_valid_d = vh_valid_q && !v_push;
    vh_last_d  = vh_last_q;
    vh_zeros_d = vh_zeros_q;
    vh_data_d  = vh_data_q;
    if (in_fire) begin
      busy_d = !in_last_i;
      if (close) begin
        gfill_d = '0;
        gnz_d   = 1'b0;
        hzero_d = '0;
        if (nbits_q == BitLast || in_last_i) begin
          mh_valid_d = 1'b1;
          mh_last_d  = in_last_i;
          mh_data_d  = acc_next << (BitLast - nbits_q);
          acc_d      = '0;
          nbits_d    = '0;
        end else begin
          acc_d   = acc_next;
          nbits_d = nbits_q + 1'b1;
        end
      end else begin
        gfill_d = gfill_q + 1'b1;
        gnz_d   = gbit;
        hzero_d = gbit ? '0 : hzero_q + 1'b1;
      end
      if (commit) begin
        vh_valid_d = 1'b1;
        vh_last_d  = in_last_i;
        vh_zeros_d = hzero_q;
        vh_data_d  = in_data_i;
      end else if (in_last_i && vh_valid_q && !v_push) begin
        vh_last_d = 1'b1;  // no later non-zero group: the held entry ends the value stream
      end
    end
    if (clear_i) begin
      gfill_d    = '0;
      gnz_d      = 1'b0;
      hzero_d    = '0;
      busy_d     = 1'b0;
      acc_d      = '0;
      nbits_d    = '0;
      mh_valid_d = 1'b0;
      vh_valid_d = 1'b0;
    end
  end

  // --------------------------------------------------------------------------------------------
  // Output FIFOs. The value FIFO's read side sends an entry's held zeros, then its word.
  // --------------------------------------------------------------------------------------------
  fmc_fifo #(
    .Width(DataWidth + 1),
    .Depth(2)
  ) u_mask_fifo (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (m_push),
    .in_ready_o (mfifo_ready),
    .in_data_i  ({mh_last_q, mh_data_q}),
    .out_valid_o(mask_valid_o),
    .out_ready_i(mask_ready_i),
    .out_data_o ({mask_last_o, mask_data_o}),
    .empty_o    (mfifo_empty)
  );

  fmc_fifo #(
    .Width(VEntW),
    .Depth(VDepth)
  ) u_value_fifo (
    .clk_i,
    .rst_ni,
    .clear_i,
    .in_valid_i (v_push),
    .in_ready_o (vfifo_ready),
    .in_data_i  ({vh_last_q, vh_zeros_q, vh_data_q}),
    .out_valid_o(vfifo_valid),
    .out_ready_i(v_pop),
    .out_data_o (vfifo_out),
    .empty_o    (vfifo_empty)
  );

  assign vent_zeros    = vfifo_out[DataWidth +: GrpW];
  assign v_zero        = (vzc_q != vent_zeros);
  assign v_pop         = value_ready_i && vfifo_valid && !v_zero;
  assign value_valid_o = vfifo_valid;
  assign value_data_o  = v_zero ? '0 : vfifo_out[DataWidth-1:0];
  assign value_last_o  = !v_zero && vfifo_out[VEntW-1];

  always_comb begin
    vzc_d = vzc_q;
    if (value_ready_i && vfifo_valid) vzc_d = v_zero ? vzc_q + 1'b1 : '0;
    if (clear_i) vzc_d = '0;
  end

  assign idle_o = !busy_q && !mh_valid_q && !vh_valid_q && mfifo_empty && vfifo_empty;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gfill_q    <= '0;
      gnz_q      <= 1'b0;
      hzero_q    <= '0;
      busy_q     <= 1'b0;
      acc_q      <= '0;
      nbits_q    <= '0;
      mh_valid_q <= 1'b0;
      mh_last_q  <= 1'b0;
      mh_data_q  <= '0;
      vh_valid_q <= 1'b0;
      vh_last_q  <= 1'b0;
      vh_zeros_q <= '0;
      vh_data_q  <= '0;
      vzc_q      <= '0;
    end else begin
      gfill_q    <= gfill_d;
      gnz_q      <= gnz_d;
      hzero_q    <= hzero_d;
      busy_q     <= busy_d;
      acc_q      <= acc_d;
      nbits_q    <= nbits_d;
      mh_valid_q <= mh_valid_d;
      mh_last_q  <= mh_last_d;
      mh_data_q  <= mh_data_d;
      vh_valid_q <= vh_valid_d;
      vh_last_q  <= vh_last_d;
      vh_zeros_q <= vh_zeros_d;
      vh_data_q  <= vh_data_d;
      vzc_q      <= vzc_d;
    end
  end

`ifndef SYNTHESIS
  // Protocol: outputs hold valid, data and last until taken; the environment does the same on `in`.
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_mask_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(mask_valid_o),
    .ready_i(mask_ready_i),
    .data_i ({mask_last_o, mask_data_o})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_value_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(value_valid_o),
    .ready_i(value_ready_i),
    .data_i ({value_last_o, value_data_o})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_in_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(in_valid_i),
    .ready_i(in_ready_o),
    .data_i ({in_last_i, in_data_i})
  );
`endif

endmodule
