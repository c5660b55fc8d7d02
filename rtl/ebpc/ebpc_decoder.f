rtl/prim/fmc_stream_assert.sv
rtl/prim/fmc_bit_unpacker.sv
rtl/prim/fmc_ram_1r1w.sv
rtl/prim/fmc_fifo_ram.sv
rtl/ebpc/ebpc_decoder_symbol.sv
rtl/ebpc/ebpc_decoder_block.sv
rtl/prim/fmc_stream_reg.sv
rtl/ebpc/ebpc_decoder.sv
