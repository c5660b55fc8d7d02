rtl/prim/fmc_stream_assert.sv
rtl/prim/fmc_stream_reg.sv
rtl/prim/fmc_ram_1r1w.sv
rtl/prim/fmc_bit_packer.sv
rtl/dct/dct_butterfly4.sv
rtl/dct/dct_rice_cost.sv
rtl/dct/dct_encoder_item.sv
rtl/dct/dct_encoder.sv
