rtl/prim/fmc_stream_assert.sv
rtl/prim/fmc_stream_frame.sv
rtl/prim/fmc_bit_unpacker.sv
rtl/prim/fmc_ram_1r1w.sv
rtl/prim/fmc_stream_reg.sv
rtl/prim/fmc_band_shape.sv
rtl/prim/fmc_band_reader.sv
rtl/grlc/grlc_decoder.sv
