rtl/prim/fmc_stream_assert.sv
rtl/prim/fmc_stream_frame.sv
rtl/prim/fmc_bit_unpacker.sv
rtl/prim/fmc_ram_1r1w.sv
rtl/mcrc/mcrc_adapt.sv
rtl/mcrc/mcrc_interval.sv
rtl/mcrc/mcrc_decoder.sv
