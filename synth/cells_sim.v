// SPDX-License-Identifier: Apache-2.0
//
// Behavioural models of the cells of synth/cells.lib, for gate-level simulation of the netlists
// written by synth/synth_area.py (<core>_<config>_netlist.v), e.g. with Verilator.
// Zero-delay, two-state friendly; port names and functions match cells.lib exactly.
// Plain Verilog-2001 so that any simulator reads it; no `timescale (the netlists have none).
/* verilator lint_off DECLFILENAME */

module INV   (input A, output Y);          assign Y = ~A;              endmodule
module BUF   (input A, output Y);          assign Y = A;               endmodule
module NAND2 (input A, input B, output Y); assign Y = ~(A & B);        endmodule
module NOR2  (input A, input B, output Y); assign Y = ~(A | B);        endmodule
module AND2  (input A, input B, output Y); assign Y = A & B;           endmodule
module OR2   (input A, input B, output Y); assign Y = A | B;           endmodule
module XOR2  (input A, input B, output Y); assign Y = A ^ B;           endmodule
module XNOR2 (input A, input B, output Y); assign Y = ~(A ^ B);        endmodule

// Y = !((A & B) | C)
module AOI21 (input A, input B, input C, output Y); assign Y = ~((A & B) | C); endmodule
// Y = !((A | B) & C)
module OAI21 (input A, input B, input C, output Y); assign Y = ~((A | B) & C); endmodule
// Y = S ? B : A
module MUX2  (input A, input B, input S, output Y); assign Y = S ? B : A;      endmodule

// Rising-edge D flip-flop, no reset.
module DFF (input CLK, input D, output reg Q);
  always @(posedge CLK) Q <= D;
endmodule

// Rising-edge D flip-flop with asynchronous active-low clear.
module DFFRN (input CLK, input D, input RN, output reg Q);
  always @(posedge CLK or negedge RN)
    if (!RN) Q <= 1'b0;
    else     Q <= D;
endmodule
