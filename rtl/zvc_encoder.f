rtl/fmc_fifo.sv
rtl/zvc_encoder.sv
