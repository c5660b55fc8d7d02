rtl/fmc_bit_packer.sv
rtl/ebpc_encoder_symbol.sv
rtl/ebpc_encoder_collect.sv
rtl/ebpc_encoder_bpc.sv
rtl/ebpc_encoder.sv
