// SPDX-License-Identifier: Apache-2.0
//
/// ZVC decoder (zero-value compression, docs/zvc-format.md) with descriptor-delimited input
/// streams. Output words equal the golden `fmc::zvc_codec().decoder()`'s `decoded()` prefix, and
/// the error code equals the golden whole-buffer `fmc::zvc_decode` (first error in decode order).
///
/// Protocol. A transmission starts with one descriptor beat on `cmd`: N (`cmd_num_words_i`), and
/// the lengths in words of its two input streams, Lm (`cmd_mask_words_i`) and Lv
/// (`cmd_value_words_i`), as a DMA descriptor gives them. The decoder then consumes exactly Lm
/// mask words and Lv value words for that transmission, never more, never fewer (so the streams of
/// the next transmission are never touched, whatever the data), and only then takes the next
/// descriptor. A stream "ends" when its word flagged `last` (`mask_last_i` on word Lm-1,
/// `value_last_i` on word Lv-1) is taken; of the lengths the logic uses only whether they are 0:
/// one `fmc_stream_frame` per stream, whose simulation-only assumption (LastAtLength) flags a
/// `last` that is not on word L-1 as an environment error (docs/integration.md §7.1). On success
/// exactly N words leave on `out`, `out_last_o` on word N-1.
/// N = 0: nothing is output; Lm must be 0 (else MaskTrailing), then Lv must be 0 (else
/// ValueTrailing).
///
/// Fault contract (first error in decode order wins, §4; `err_code_o` = fmc::ZvcError):
///   1 MaskTruncated:  a group needs its bit and all Lm mask words were used;
///   2 ValueTruncated: a group whose bit is 1 needs a word and all Lv value words were used;
///   5 ZeroGroup:      a group whose bit is 1 holds only zero words;
///   3 MaskTrailing:   after the last group, a padding bit of the mask word holding the last bit
///                     is 1, or Lm exceeds the words used;
///   4 ValueTrailing:  after the last group, Lv exceeds the value words used.
/// Errors are found from the frames without waiting for the missing or extra words. After an
/// error: `err_o` = 1 and `err_code_o` hold (sticky until the next descriptor is accepted, or
/// `clear_i`); nothing more is emitted for the transmission (no `out_last_o`; a word already in
/// the output register still leaves); the remaining words of BOTH streams up to their `last` are
/// taken and dropped; then the next descriptor is taken and decoded normally. Emitted words are
/// always a prefix of golden `decoded()`: a word leaves when it is decoded, except the word whose
/// decoding finds an error (the last word of a ZeroGroup group is withheld: its G-1 earlier zero
/// words, if any, have left) and the final word N-1, which is withheld until the end checks pass
/// and then leaves with `out_last_o`. The decoder never waits for anything but input words and
/// output ready: it cannot hang on any stream content.
///
/// Throughput: one output word per cycle while the input words it needs are available (a 2-entry
/// FIFO on each input port); N words take max(N, Lm, Lv) cycles plus about 4 cycles per
/// transmission (descriptor, FIFO, output register, end check).
///
/// Timing: `cmd_ready_o`, `mask_ready_o`, `value_ready_o`, `out_*`, `err_*` and `idle_o` are
/// functions of flops only.
///
/// Parameters: DataWidth m in {8, 16}, Group G in {1, 2, 4, 8}, CountWidth >= 1 (checked at
/// elaboration).
///
/// Example (m = 8, G = 1): descriptor N = 10, Lm = 2, Lv = 3; mask 0x48 0x40, values 0x05 0xfd
/// 0x07 give 0 5 0 0 -3 0 0 0 0 7 (last). With values 0x05 0x00 0x07 instead: outputs 0 5 0 0,
/// err_code_o = 5 (ZeroGroup, group 4), the third value word is still taken and dropped.
module zvc_decoder #(
  /// m: data width in bits, 8 or 16.
  parameter int unsigned DataWidth  = 8,
  /// G: words per mask bit, 1, 2, 4 or 8.
  parameter int unsigned Group      = 1,
  /// Width of the descriptor fields (N, Lm, Lv).
  parameter int unsigned CountWidth = 32
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  /// Synchronous clear: aborts everything, back to idle, clears the error.
  input  logic                  clear_i,
  // Descriptor of the next transmission: N, and the word counts of its mask and value streams.
  input  logic                  cmd_valid_i,
  output logic                  cmd_ready_o,
  input  logic [CountWidth-1:0] cmd_num_words_i,
  input  logic [CountWidth-1:0] cmd_mask_words_i,
  input  logic [CountWidth-1:0] cmd_value_words_i,
  // Mask stream (Lm words).
  input  logic                  mask_valid_i,
  output logic                  mask_ready_o,
  input  logic [DataWidth-1:0]  mask_data_i,
  input  logic                  mask_last_i,
  // Value stream (Lv words).
  input  logic                  value_valid_i,
  output logic                  value_ready_o,
  input  logic [DataWidth-1:0]  value_data_i,
  input  logic                  value_last_i,
  // Decoded words, `out_last_o` on word N-1 of a transmission without error.
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [DataWidth-1:0]  out_data_o,
  output logic                  out_last_o,
  /// Sticky error flag and its fmc::ZvcError value (0 = none).
  output logic                  err_o,
  output logic [3:0]            err_code_o,
  /// No transmission in progress and no output word pending.
  output logic                  idle_o
);

  if (!((DataWidth == 8 || DataWidth == 16) &&
        (Group == 1 || Group == 2 || Group == 4 || Group == 8) && CountWidth >= 1))
  begin : gen_param_error
    $error("zvc_decoder: DataWidth must be 8 or 16, Group 1, 2, 4 or 8, CountWidth >= 1");
  end

  localparam int unsigned GrpW = (Group > 1) ? $clog2(Group) : 1;
  localparam int unsigned BitW = $clog2(DataWidth + 1);  // bits left in the mask register 0..m
  localparam logic [GrpW-1:0] GrpLast = GrpW'(Group - 1);
  localparam logic [CountWidth-1:0] CountOne = CountWidth'(1);

  localparam logic [3:0] ErrMaskTruncated  = 4'd1;
  localparam logic [3:0] ErrValueTruncated = 4'd2;
  localparam logic [3:0] ErrMaskTrailing   = 4'd3;
  localparam logic [3:0] ErrValueTrailing  = 4'd4;
  localparam logic [3:0] ErrZeroGroup      = 4'd5;

  // StRun decodes words; StCheck does the end checks and releases word N-1; StDrain takes and
  // drops what is left of both streams after an error.
  typedef enum logic [1:0] {StIdle, StRun, StCheck, StDrain} state_e;

  state_e                state_d, state_q;
  logic [CountWidth-1:0] wleft_d, wleft_q;    // words still to decode
  logic                  mopen, vopen;        // mask / value words of the transmission left
  logic                  mopen_next, vopen_next;  // the same after this cycle
  logic [DataWidth-1:0]  sr_d, sr_q;          // current mask word, current bit at the top
  logic [BitW-1:0]       sbits_d, sbits_q;    // its unused bits (0: take the next from the FIFO)
  logic [GrpW-1:0]       gidx_d, gidx_q;      // word index in the current group
  logic                  gany_d, gany_q;      // a non-zero word seen in the current group
  logic                  padbad_d, padbad_q;  // padding of the last bit's mask word not zero
  logic                  ovalid_d, ovalid_q, olast_d, olast_q;
  logic [DataWidth-1:0]  odata_d, odata_q;
  logic                  err_d, err_q;
  logic [3:0]            ecode_d, ecode_q;

  logic                  active, draining, mtake, vtake, mpop, vpop, fifo_clear;
  logic                  mf_in_ready, mf_valid, mf_empty, vf_in_ready, vf_valid, vf_empty;
  logic [DataWidth-1:0]  mf_data, vf_data, cur_word, word;
  logic                  bit_avail, cur_bit, adv, grp_end, fin, gany_next, fail;
  logic [3:0]            fail_code;

  // ------------------------------------------------------------------------------------------
  // Input ports: words up to the descriptor's lengths, into 2-entry FIFOs (dropped in StDrain).
  // ------------------------------------------------------------------------------------------
  assign active        = (state_q == StRun) || (state_q == StCheck);
  assign draining      = (state_q == StDrain);
  assign mask_ready_o  = mopen && ((active && mf_in_ready) || draining);
  assign value_ready_o = vopen && ((active && vf_in_ready) || draining);
  assign mtake         = mask_valid_i && mask_ready_o;
  assign vtake         = value_valid_i && value_ready_o;
  assign fifo_clear    = clear_i || draining;

  // Each stream's frame: open from the descriptor (length not 0) to the word flagged `last`.
  fmc_stream_frame #(
    .LengthWidth(CountWidth)
  ) u_mask_frame (
    .clk_i,
    .rst_ni,
    .clear_i,
    .load_i  (cmd_valid_i && cmd_ready_o),
    .length_i(cmd_mask_words_i),
    .take_i  (mtake),
    .last_i  (mask_last_i),
    .open_o  (mopen),
    .open_next_o(mopen_next)
  );

  fmc_stream_frame #(
    .LengthWidth(CountWidth)
  ) u_value_frame (
    .clk_i,
    .rst_ni,
    .clear_i,
    .load_i  (cmd_valid_i && cmd_ready_o),
    .length_i(cmd_value_words_i),
    .take_i  (vtake),
    .last_i  (value_last_i),
    .open_o  (vopen),
    .open_next_o(vopen_next)
  );

  fmc_fifo #(
    .Width(DataWidth),
    .Depth(2)
  ) u_mask_fifo (
    .clk_i,
    .rst_ni,
    .clear_i    (fifo_clear),
    .in_valid_i (mtake && active),
    .in_ready_o (mf_in_ready),
    .in_data_i  (mask_data_i),
    .out_valid_o(mf_valid),
    .out_ready_i(mpop || draining),
    .out_data_o (mf_data),
    .empty_o    (mf_empty)
  );

  fmc_fifo #(
    .Width(DataWidth),
    .Depth(2)
  ) u_value_fifo (
    .clk_i,
    .rst_ni,
    .clear_i    (fifo_clear),
    .in_valid_i (vtake && active),
    .in_ready_o (vf_in_ready),
    .in_data_i  (value_data_i),
    .out_valid_o(vf_valid),
    .out_ready_i(vpop || draining),
    .out_data_o (vf_data),
    .empty_o    (vf_empty)
  );

  // ------------------------------------------------------------------------------------------
  // Group sequencer: one word per cycle.
  // ------------------------------------------------------------------------------------------
  assign bit_avail = (sbits_q != '0) || mf_valid;
  assign cur_word  = (sbits_q != '0) ? sr_q : mf_data;
  assign cur_bit   = cur_word[DataWidth-1];
  assign adv       = !ovalid_q || out_ready_i;
  assign grp_end   = (gidx_q == GrpLast) || (wleft_q == CountOne);
  assign fin       = (wleft_q == CountOne);
  assign word      = cur_bit ? vf_data : '0;
  assign gany_next = gany_q || (word != '0);

  always_comb begin
    state_d   = state_q;
    wleft_d   = wleft_q;
    sr_d      = sr_q;
    sbits_d   = sbits_q;
    gidx_d    = gidx_q;
    gany_d    = gany_q;
    padbad_d  = padbad_q;
    ovalid_d  = ovalid_q && !out_ready_i;
    olast_d   = olast_q;
    odata_d   = odata_q;
    err_d     = err_q;
    ecode_d   = ecode_q;
    mpop      = 1'b0;
    vpop      = 1'b0;
    fail      = 1'b0;
    fail_code = '0;

    unique case (state_q)
      StIdle: begin
        if (cmd_valid_i) begin
          err_d    = 1'b0;
          ecode_d  = '0;
          wleft_d  = cmd_num_words_i;
          sr_d     = '0;
          sbits_d  = '0;
          gidx_d   = '0;
          gany_d   = 1'b0;
          padbad_d = 1'b0;
          if (cmd_num_words_i != '0) begin
            state_d = StRun;
          end else if (cmd_mask_words_i != '0) begin
            fail      = 1'b1;
            fail_code = ErrMaskTrailing;
          end else if (cmd_value_words_i != '0) begin
            fail      = 1'b1;
            fail_code = ErrValueTrailing;
          end
        end
      end
      StRun: begin
        if (!bit_avail) begin
          if (!mopen) begin
            fail      = 1'b1;
            fail_code = ErrMaskTruncated;
          end
        end else if (cur_bit && !vf_valid) begin
          if (!vopen) begin
            fail      = 1'b1;
            fail_code = ErrValueTruncated;
          end
        end else if (adv) begin
          vpop    = cur_bit;
          wleft_d = wleft_q - CountOne;
          if (grp_end) begin
            // The group's bit is used up: shift it out, or take the next mask word's.
            gidx_d = '0;
            gany_d = 1'b0;
            if (sbits_q != '0) begin
              sr_d    = sr_q << 1;
              sbits_d = sbits_q - 1'b1;
            end else begin
              mpop    = 1'b1;
              sr_d    = mf_data << 1;
              sbits_d = BitW'(DataWidth - 1);
            end
          end else begin
            gidx_d = gidx_q + 1'b1;
            gany_d = gany_next;
          end
          if (grp_end && cur_bit && !gany_next) begin
            fail      = 1'b1;
            fail_code = ErrZeroGroup;
          end else if (fin) begin
            odata_d  = word;  // released by StCheck
            padbad_d = (cur_word[DataWidth-2:0] != '0);
            state_d  = StCheck;
          end else begin
            ovalid_d = 1'b1;
            odata_d  = word;
            olast_d  = 1'b0;
          end
        end
      end
      StCheck: begin
        if (padbad_q || !mf_empty || mopen) begin
          fail      = 1'b1;
          fail_code = ErrMaskTrailing;
        end else if (!vf_empty || vopen) begin
          fail      = 1'b1;
          fail_code = ErrValueTrailing;
        end else begin
          ovalid_d = 1'b1;  // the output register is free: StRun moved word N-1 in with adv
          olast_d  = 1'b1;
          state_d  = StIdle;
        end
      end
      StDrain: begin
        // Both streams taken up to their final words (this cycle's included).
        if (!mopen_next && !vopen_next) state_d = StIdle;
      end
      default: state_d = StIdle;
    endcase

    if (fail) begin
      err_d   = 1'b1;
      ecode_d = fail_code;
      state_d = StDrain;
    end

    if (clear_i) begin
      state_d  = StIdle;
      wleft_d  = '0;
      sbits_d  = '0;
      gidx_d   = '0;
      gany_d   = 1'b0;
      ovalid_d = 1'b0;
      err_d    = 1'b0;
      ecode_d  = '0;
    end
  end

  assign cmd_ready_o = (state_q == StIdle);
  assign out_valid_o = ovalid_q;
  assign out_data_o  = odata_q;
  assign out_last_o  = olast_q;
  assign err_o       = err_q;
  assign err_code_o  = ecode_q;
  assign idle_o      = (state_q == StIdle) && !ovalid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      wleft_q  <= '0;
      sr_q     <= '0;
      sbits_q  <= '0;
      gidx_q   <= '0;
      gany_q   <= 1'b0;
      padbad_q <= 1'b0;
      ovalid_q <= 1'b0;
      olast_q  <= 1'b0;
      odata_q  <= '0;
      err_q    <= 1'b0;
      ecode_q  <= '0;
    end else begin
      state_q  <= state_d;
      wleft_q  <= wleft_d;
      sr_q     <= sr_d;
      sbits_q  <= sbits_d;
      gidx_q   <= gidx_d;
      gany_q   <= gany_d;
      padbad_q <= padbad_d;
      ovalid_q <= ovalid_d;
      olast_q  <= olast_d;
      odata_q  <= odata_d;
      err_q    <= err_d;
      ecode_q  <= ecode_d;
    end
  end

`ifndef SYNTHESIS
  // Protocol: `out` holds valid, data and last until taken; the environment does the same on its
  // ports, and marks each stream's word Lm-1 / Lv-1 (and only it) with `last`.
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b0)
  ) u_out_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(out_valid_o),
    .ready_i(out_ready_i),
    .data_i ({out_last_o, out_data_o})
  );
  ErrStable: assert property (@(posedge clk_i) disable iff (!rst_ni || clear_i)
      err_o && !(cmd_valid_i && cmd_ready_o) |=> err_o && $stable(err_code_o));
  fmc_stream_assert #(
    .Width (3 * CountWidth),
    .Assume(1'b1)
  ) u_cmd_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(cmd_valid_i),
    .ready_i(cmd_ready_o),
    .data_i ({cmd_num_words_i, cmd_mask_words_i, cmd_value_words_i})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_mask_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(mask_valid_i),
    .ready_i(mask_ready_o),
    .data_i ({mask_last_i, mask_data_i})
  );
  fmc_stream_assert #(
    .Width (DataWidth + 1),
    .Assume(1'b1)
  ) u_value_held (
    .clk_i,
    .rst_ni,
    .clear_i,
    .valid_i(value_valid_i),
    .ready_i(value_ready_o),
    .data_i ({value_last_i, value_data_i})
  );
`endif

endmodule
