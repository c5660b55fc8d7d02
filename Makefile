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

.PHONY: help deps configure build test sim regress perf synth-area lint fuzz bench stat results clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  variables: FMAPS=$(FMAPS) BUILD=$(BUILD) JOBS=$(JOBS) SEEDS=$(SEEDS) OUT=$(OUT)"

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

perf: build ## words/cycle per stimulus class vs the port bound, every configuration
	$(BUILD)/bin/fmc_cosim perf --config all

stat: build ## compression ratios of every codec and baseline on FMAPS (out/stat.{csv,json,md})
	@mkdir -p $(OUT)
	$(BUILD)/bin/fmcodec stat $(FMAPS) --csv $(OUT)/stat.csv --json $(OUT)/stat.json --md $(OUT)/stat.md

PYTHON    ?= python3
SYNTH_OUT ?= $(OUT)/synth
synth-area: ## Yosys gate-equivalent area of every core x configuration (synth/configs.json) -> SYNTH_OUT
	$(PYTHON) synth/synth_area.py --yosys $(YOSYS) --out $(SYNTH_OUT)

lint: ## Verilator -Wall lint of every core x configuration and every fmc_* primitive (synth/lint.py)
	$(PYTHON) synth/lint.py --verilator $(VERILATOR)

fuzz: ## build the libFuzzer targets (clang++, ASan+UBSan) in BUILD-fuzz, run each FUZZ_SECONDS s
	CMAKE=$(CMAKE) FUZZ_CXX=$(FUZZ_CXX) FUZZ_JOBS=$(JOBS) bash golden/fuzz/run_fuzz.sh . \
	  $(FUZZ_SECONDS) $(BUILD)-fuzz $(FUZZ_CORPUS)

bench: build ## golden codec speed (MB/s, and as a multiple of zstd -3) on FMAPS (out/bench.{json,md})
	@mkdir -p $(OUT)
	$(BUILD)/bin/fmcodec bench $(FMAPS) --json $(OUT)/bench.json --md $(OUT)/bench.md

RESULTS ?= docs/results
results: build ## regenerate the figures the docs link to (docs/results/: stat, bench, area, regress, sim) from FMAPS
	@mkdir -p $(RESULTS) $(OUT)/results-synth
	$(BUILD)/bin/fmcodec stat $(FMAPS) --quiet --json $(RESULTS)/stat.json --md $(RESULTS)/stat.md > /dev/null
	$(BUILD)/bin/fmcodec bench $(FMAPS) --json $(RESULTS)/bench.json --md $(RESULTS)/bench.md
	$(PYTHON) synth/synth_area.py --yosys $(YOSYS) --out $(OUT)/results-synth > /dev/null
	cp $(OUT)/results-synth/area.md $(OUT)/results-synth/area.json $(RESULTS)/
	$(PYTHON) verif/regress.py --cosim $(BUILD)/bin/fmc_cosim --seeds 200 --jobs $(JOBS) \
	  --out $(OUT)/results-regress --summary $(RESULTS)/regress.md > /dev/null
	$(BUILD)/bin/fmc_cosim fmaps $(FMAPS) --all-configs --quiet --md $(RESULTS)/sim.md > /dev/null

clean: ## remove the build tree and outputs
	rm -rf $(BUILD) $(OUT)
