rtl/prim/fmc_stream_assert.sv
rtl/prim/fmc_stream_reg.sv
rtl/prim/fmc_ram_1r1w.sv
rtl/prim/fmc_ram_pair.sv
rtl/prim/fmc_bit_packer.sv
rtl/prim/fmc_band_writer.sv
rtl/prim/fmc_pair_pick.sv
rtl/grlc/grlc_encoder.sv
