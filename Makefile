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

CMAKE_FLAGS ?=

.PHONY: help deps configure build test sim regress synth-area lint fuzz bench stat clean

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

sim: build ## the main job: code every tensor of FMAPS, print ratio/cycles/words-per-cycle/mismatches
	@mkdir -p $(OUT)
	$(BUILD)/bin/fmcodec stat $(FMAPS) --csv $(OUT)/sim.csv

stat: build ## compression ratios of every codec and baseline on FMAPS
	@mkdir -p $(OUT)
	$(BUILD)/bin/fmcodec stat $(FMAPS) --csv $(OUT)/stat.csv

bench: build ## golden codec speed (MB/s) on FMAPS
	$(BUILD)/bin/fmcodec bench $(FMAPS)

clean: ## remove the build tree and outputs
	rm -rf $(BUILD) $(OUT)
