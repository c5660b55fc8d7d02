rtl/prim/fmc_stream_assert.sv
rtl/prim/fmc_bit_unpacker.sv
rtl/prim/fmc_ram_1r1w.sv
rtl/prim/fmc_stream_reg.sv
rtl/dct/dct_butterfly4.sv
rtl/dct/dct_decoder_item.sv
rtl/dct/dct_decoder.sv
