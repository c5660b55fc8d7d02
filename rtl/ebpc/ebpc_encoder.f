rtl/prim/fmc_stream_assert.sv
rtl/prim/fmc_bit_packer.sv
rtl/ebpc/ebpc_encoder_symbol.sv
rtl/ebpc/ebpc_encoder_collect.sv
rtl/ebpc/ebpc_encoder_bpc.sv
rtl/ebpc/ebpc_encoder.sv
