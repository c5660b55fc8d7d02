rtl/fmc_fifo.sv
rtl/zvc_decoder.sv
