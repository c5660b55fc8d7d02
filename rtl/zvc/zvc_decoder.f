rtl/prim/fmc_stream_assert.sv
rtl/prim/fmc_stream_frame.sv
rtl/prim/fmc_fifo.sv
rtl/zvc/zvc_decoder.sv
