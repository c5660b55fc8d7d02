rtl/prim/fmc_fifo.sv
rtl/zvc/zvc_decoder.sv
