synth/tests/synth_bad_blackbox.sv
