synth/tests/synth_bad_latch.sv
