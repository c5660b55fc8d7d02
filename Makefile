# SPDX-License-Identifier: Apache-2.0
# fmcodec: the user's entry point. Wraps CMake; every tool is overridable.
#   make sim      build everything and co-simulate every core on the feature maps (FMAPS=dir)
#   make test     build and run all tests through ctest
#   make help     all targets
.DEFAULT_GOAL := build

BUILD     ?= build
CMAKE     ?= cmake
CTEST     ?= ctest
VERILATOR ?= verilator
YOSYS     ?= yosys
CXX       ?= g++
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
FMAPS     ?= data/fmaps
OUT       ?= out
SEEDS     ?= 20
FUZZ_SECONDS ?= 60
FUZZ_CXX  ?= clang++
FUZZ_CORPUS ?= fuzz-corpus

CMAKE_FLAGS ?=

.PHONY: help deps configure build test sim regress regress-parallel regress-slurm perf synth-area lint fuzz bench stat results report report-render wave clean

# Every variable a user may set: the `NAME ?= value` lines of this file, in order.
HELP_VARS = $(shell sed -n 's/^\([A-Z][A-Z_0-9]*\) *?=.*/\1/p' $(firstword $(MAKEFILE_LIST)))

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  variables (every one; set on the command line, e.g. make sim FMAPS=../shared/data/fmaps):"
	@$(foreach v,$(HELP_VARS),printf '    %-13s = %s\n' '$(v)' '$($(v))';)
	@echo "  make wave: CONFIG empty = the core's first co-simulated configuration"

deps: ## check the Debian packages; install the missing ones as root, else print the command
	@bash .ci/install-deps

$(BUILD)/CMakeCache.txt:
	@bash .ci/install-deps --quiet
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: $(BUILD)/CMakeCache.txt

build: deps configure ## build the golden library, CLI, tests and verilated cores
	$(CMAKE) --build $(BUILD) -j $(JOBS)

test: build ## run all tests (ctest)
	$(CTEST) --test-dir $(BUILD) --output-on-failure -j $(JOBS)

sim: build ## the main job: co-simulate every core on every tensor of FMAPS (ratio, cycles, words/cycle, mismatches)
	@mkdir -p $(OUT)
	$(BUILD)/bin/fmc_cosim fmaps $(FMAPS) --csv $(OUT)/sim.csv --trace-dir $(OUT)

regress: build ## randomized co-simulation: SEEDS seeds per core and configuration, JOBS in parallel
	python3 verif/regress.py --cosim $(BUILD)/bin/fmc_cosim --seeds $(SEEDS) --jobs $(JOBS) --out $(OUT)/regress

SSHLOGINFILE ?= verif/launch/local.sshlogin
regress-parallel: build ## the same runs through GNU parallel on the hosts of SSHLOGINFILE (':' = here; same checkout path on every host), JOBS per host, merged summary
	bash verif/launch/regress_parallel.sh --sshloginfile $(SSHLOGINFILE) --jobs $(JOBS) \
	  --cosim $(BUILD)/bin/fmc_cosim --seeds $(SEEDS) --out $(OUT)/regress

SLURM_TASKS ?= 4
SBATCH_ARGS ?=
regress-slurm: build ## the same runs as a Slurm job array of SLURM_TASKS tasks (sbatch SBATCH_ARGS; shared file system), then the merge job's summary
	bash verif/launch/regress_slurm.sh --wait --tasks $(SLURM_TASKS) $(if $(SBATCH_ARGS),--sbatch "$(SBATCH_ARGS)") \
	  --cosim $(BUILD)/bin/fmc_cosim --seeds $(SEEDS) --out $(OUT)/regress

perf: build ## words/cycle per stimulus class vs the port bound, every configuration
	$(BUILD)/bin/fmc_cosim perf --config all

stat: build ## compression ratios of every codec and baseline on FMAPS (out/stat.{csv,json,md})
	@mkdir -p $(OUT)
	$(BUILD)/bin/fmcodec stat $(FMAPS) --csv $(OUT)/stat.csv --json $(OUT)/stat.json --md $(OUT)/stat.md

PYTHON    ?= python3
SYNTH_OUT ?= $(OUT)/synth
EFFICIENCY ?= $(wildcard docs/results/sim.csv)
synth-area: ## Yosys GE, flip-flops and memory bits of every core x configuration (synth/configs.json) -> SYNTH_OUT, with the efficiency of docs/results/sim.csv
	$(PYTHON) synth/synth_area.py --yosys $(YOSYS) --out $(SYNTH_OUT) $(if $(EFFICIENCY),--efficiency $(EFFICIENCY))

lint: ## Verilator -Wall lint of every core x configuration and every fmc_* primitive (synth/lint.py)
	$(PYTHON) synth/lint.py --verilator $(VERILATOR)

fuzz: ## build the libFuzzer targets (clang++, ASan+UBSan) in BUILD-fuzz, run each FUZZ_SECONDS s
	CMAKE=$(CMAKE) FUZZ_CXX=$(FUZZ_CXX) FUZZ_JOBS=$(JOBS) bash golden/fuzz/run_fuzz.sh . \
	  $(FUZZ_SECONDS) $(BUILD)-fuzz $(FUZZ_CORPUS)

bench: build ## golden codec speed (MB/s, and as a multiple of zstd -3) on FMAPS (out/bench.{json,md})
	@mkdir -p $(OUT)
	$(BUILD)/bin/fmcodec bench $(FMAPS) --json $(OUT)/bench.json --md $(OUT)/bench.md

RESULTS ?= docs/results
results: build ## regenerate the figures the docs link to (docs/results/: stat (json, md, csv), stat-layers, bench, area, regress, sim, perf, grlc-design, dct-design, mcrc-design, ebpc-parse-model) from FMAPS
	@mkdir -p $(RESULTS) $(OUT)/results-synth
	$(BUILD)/bin/fmcodec stat $(FMAPS) --baselines all --quiet --json $(RESULTS)/stat.json --md $(RESULTS)/stat.md --csv $(RESULTS)/stat.csv > /dev/null
	$(PYTHON) golden/tools/stat_layers.py $(RESULTS)/stat.csv --md $(RESULTS)/stat-layers.md
	$(BUILD)/bin/fmcodec bench $(FMAPS) --json $(RESULTS)/bench.json --md $(RESULTS)/bench.md
	$(BUILD)/bin/fmc_cosim fmaps $(FMAPS) --all-configs --quiet --md $(RESULTS)/sim.md --csv $(RESULTS)/sim.csv > /dev/null
	$(PYTHON) synth/synth_area.py --yosys $(YOSYS) --out $(OUT)/results-synth --efficiency $(RESULTS)/sim.csv > /dev/null
	$(BUILD)/bin/grlc_explore $(FMAPS) --md $(RESULTS)/grlc-design.md > /dev/null
	$(BUILD)/bin/dct_explore $(FMAPS) --md $(RESULTS)/dct-design.md > /dev/null
	$(BUILD)/bin/lossless_explore $(FMAPS) --md $(RESULTS)/mcrc-design.md > /dev/null
	$(BUILD)/bin/ebpc_parse_model $(FMAPS) --md $(RESULTS)/ebpc-parse-model.md > /dev/null
	cp $(OUT)/results-synth/area.md $(OUT)/results-synth/area.json $(RESULTS)/
	$(PYTHON) verif/regress.py --cosim $(BUILD)/bin/fmc_cosim --seeds 200 --jobs $(JOBS) \
	  --out $(OUT)/results-regress --summary $(RESULTS)/regress.md > /dev/null
	{ echo '<!-- generated by make results; do not edit -->'; echo; \
	  echo '# Words per cycle per stimulus class'; echo; \
	  echo '`fmc_cosim perf --count 20000 --seed 1` (every configuration both cores of a codec have; ports always valid/ready; bound = words / max(words, stream words); enc/bd, dec/bd: words/cycle over the bound; enc/id, dec/id: the cycles of the ideal core over the core'"'"'s, the ideal core taking one word per cycle on every port with unbounded buffers and no latency, each word leaving as soon as the golden streaming model releases it (verif/common/ideal_core.hpp)):'; \
	  echo; echo '```'; $(BUILD)/bin/fmc_cosim perf --count 20000 --seed 1; echo '```'; } > $(RESULTS)/perf.md

GNUPLOT   ?= gnuplot
report: results ## make results (FMAPS, long), then make report-render
	$(MAKE) --no-print-directory report-render
report-render: ## docs/results.md, docs/results/plots/ (SVG, PNG), docs/results/headline.md and the README's results table from the existing docs/results (fast)
	$(PYTHON) golden/tools/report.py --results $(RESULTS) --md docs/results.md --plots $(RESULTS)/plots \
	  --headline $(RESULTS)/headline.md --readme README.md --gnuplot $(GNUPLOT)

CODEC     ?= mcrc
CORE      ?= encoder
CONFIG    ?=
SEED      ?= 1
wave: build ## FST of one short random run of CODEC's CORE (CONFIG, SEED) and a GTKWave save file with its ports grouped (OUT/wave/*.gtkw)
	$(PYTHON) verif/tools/wave.py --cosim $(BUILD)/bin/fmc_cosim --codec $(CODEC) --core $(CORE) \
	  $(if $(CONFIG),--config $(CONFIG)) --seed $(SEED) --out $(OUT)/wave

clean: ## remove the build tree and outputs
	rm -rf $(BUILD) $(OUT)
