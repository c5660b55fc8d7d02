synth/tests/synth_selftest_add.sv
synth/tests/synth_selftest.sv
