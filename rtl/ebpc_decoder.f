rtl/ebpc_decoder_bitbuf.sv
rtl/ebpc_decoder_symbol.sv
rtl/ebpc_decoder_block.sv
rtl/ebpc_decoder.sv
