#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Verilator lint of every RTL top in every named configuration (`make lint`).

Tops and configurations:
  - every core of synth/configs.json whose file list exists, in each of its named
    configurations (w8_b8, w16_b8, w16_b16: DataWidth/BlockSize), from that file list alone;
  - every shared primitive rtl/prim/fmc_*.sv on its own, in the parameter sets of PRIMITIVES below
    (its default parameters when it is not listed there).

Each run is `verilator --lint-only -Wall --assert rtl/lint.vlt <files> --top-module <top> -G...`
(--assert so that the protocol assertions are linted too, as in the co-simulation build). One
line per top and configuration; any warning or error fails the run, and then `make lint`.

Only the Python standard library is used. Also imported by synth/check_filelists.py.
Usage: lint.py [--verilator verilator] [--root DIR] [--core NAME] [--only CONFIG] [--list]
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmc_cores  # noqa: E402
from fmc_cores import REPO_ROOT, ListError  # noqa: E402,F401

VERILATOR_LINT_ARGS = ["--lint-only", "-Wall", "--assert"]
WAIVER = "rtl/lint.vlt"
CONFIGS = fmc_cores.TABLE

# Shared primitives linted on their own (after the primitives in `deps`): top -> [(name,
# {param: value})]. A primitive that is
# not listed is linted once with its default parameters. `illegal` sets must fail elaboration
# (checked by synth/check_filelists.py).
PRIMITIVES = {
    "fmc_bit_packer": {
        "legal": [("w8", {"WordWidth": 8, "ChunkWidth": 8}),
                  ("w16", {"WordWidth": 16, "ChunkWidth": 19, "BufferWidth": 19 + 16}),
                  ("w16_a8", {"WordWidth": 16, "ChunkWidth": 22, "BufferWidth": 38, "StreamAlign": 8})],
        "illegal": [{"WordWidth": 8, "ChunkWidth": 8, "BufferWidth": 15},
                    {"WordWidth": 16, "ChunkWidth": 8, "StreamAlign": 4}],
    },
    "fmc_bit_unpacker": {
        "legal": [("n2", {"WordWidth": 8, "NumWords": 2, "WinWidth": 9, "ConsumeMax": 9}),
                  ("n3", {"WordWidth": 8, "NumWords": 3, "WinWidth": 8, "ConsumeMax": 8}),
                  ("w16", {"WordWidth": 16, "NumWords": 10, "WinWidth": 32, "ConsumeMax": 32})],
        "illegal": [{"NumWords": 1}, {"WordWidth": 12}],
    },
    "fmc_ram_1r1w": {
        "legal": [("w8_d16", {"Width": 8, "Depth": 16}), ("w13_d12", {"Width": 13, "Depth": 12})],
        "illegal": [{"Depth": 1}, {"Width": 0}],
    },
    "fmc_stream_assert": {
        "legal": [("w9", {"Width": 9})],  # Assume = 1 is linted inside every core
        "illegal": [{"Width": 0}],
    },
    "fmc_stream_reg": {
        "legal": [("w9", {"Width": 9}), ("w1", {"Width": 1})],
        "illegal": [{"Width": 0}],
    },
    "fmc_fifo_ram": {
        "deps": ["rtl/prim/fmc_ram_1r1w.sv"],
        "legal": [("w18_d4", {"Width": 18, "Depth": 4}), ("w8_d3", {"Width": 8, "Depth": 3})],
        "illegal": [{"Depth": 1}, {"Width": 0}],
    },
    "fmc_stream_frame": {
        "legal": [("l25", {"LengthWidth": 25}), ("l1", {"LengthWidth": 1})],
        "illegal": [{"LengthWidth": 0}],
    },
    "fmc_bit_window": {
        "legal": [("w8", {"WordWidth": 8, "WinWidth": 16, "ConsumeMax": 16}),
                  ("w16_win24", {"WordWidth": 16, "WinWidth": 24, "ConsumeMax": 24})],
        "illegal": [{"WordWidth": 8, "WinWidth": 17}, {"WordWidth": 12}],
    },
    "fmc_bit_peek": {
        "legal": [("w8", {"WordWidth": 8, "WinWidth": 5, "ConsumeMax": 5}),
                  ("w16_win7", {"WordWidth": 16, "WinWidth": 7, "ConsumeMax": 3})],
        "illegal": [{"WordWidth": 8, "WinWidth": 8}, {"WordWidth": 12}, {"ConsumeMax": 6}],
    },
    "fmc_fifo_ram_pair": {
        "deps": ["rtl/prim/fmc_ram_1r1w.sv"],
        "legal": [("w8_d4", {"Width": 8, "Depth": 4}), ("w16_d3", {"Width": 16, "Depth": 3})],
        "illegal": [{"Depth": 1}, {"Width": 0}],
    },
    "fmc_word_split": {
        "legal": [("w8", {"Width": 8}), ("w16", {"Width": 16})],
        "illegal": [],
    },
    "fmc_fifo": {
        "legal": [("d4", {"Width": 8, "Depth": 4}), ("d0", {"Width": 8, "Depth": 0}),
                  ("d2_w16", {"Width": 16, "Depth": 2})],
        "illegal": [{"Depth": 3}],
    },
    # the GRLC (grid units, MarkUnit) and DCT (4x4 tiles) encoders' settings
    "fmc_band_writer": {
        "deps": ["rtl/prim/fmc_stream_reg.sv"],
        "legal": [("grlc", {"BandH": 2, "UnitW": 8, "MaxPlaneWidth": 128, "MarkUnit": "1'b1"}),
                  ("grlc_g1x16", {"BandH": 1, "UnitW": 16, "MaxPlaneWidth": 128,
                                  "MarkUnit": "1'b1"}),
                  ("dct", {"BandH": 4, "UnitW": 4, "MaxPlaneWidth": 16, "MarkUnit": "1'b0"})],
        "illegal": [{"BandH": 3}, {"UnitW": 6}, {"UnitW": 16, "MaxPlaneWidth": 8}],
    },
    # the GRLC (grids of GH x GW) and DCT (4x4 tiles) decoders' settings
    "fmc_band_shape": {
        "legal": [("grlc", {"BandH": 2, "UnitW": 8, "MaxPlaneWidth": 128, "CountWidth": 24}),
                  ("grlc_g1x16", {"BandH": 1, "UnitW": 16, "MaxPlaneWidth": 16, "CountWidth": 1}),
                  ("dct", {"BandH": 4, "UnitW": 4, "MaxPlaneWidth": 4, "CountWidth": 24})],
        "illegal": [{"BandH": 3}, {"UnitW": 32, "MaxPlaneWidth": 64}, {"MaxPlaneWidth": 100}],
    },
    # the GRLC encoder's and decoder's cell memories (8- and 16-bit cells, 2 x 128 columns)
    "fmc_ram_pair": {
        "deps": ["rtl/prim/fmc_ram_1r1w.sv"],
        "legal": [("w8", {"Width": 8, "Depth": 256}), ("w16", {"Width": 16, "Depth": 256})],
        "illegal": [{"Depth": 1}],
    },
    # the GRLC (grids of 2x8, 1x4, 4x16 cells) encoder's and decoder's settings
    "fmc_pair_pick": {
        "legal": [("g2x8", {"Cells": 16}), ("g1x4", {"Cells": 4}), ("g4x16", {"Cells": 64})],
        "illegal": [{"Cells": 2}, {"Cells": 24}, {"Cells": 128}],
    },
    # the GRLC (one cell a word, late release, early first row) and DCT (4 cells a word) decoders'
    # settings
    "fmc_band_reader": {
        "legal": [("grlc", {"BandH": 2, "UnitW": 8, "WordCells": 1, "MaxPlaneWidth": 128,
                            "LateRelease": "1'b1", "EarlyRow": "1'b1"}),
                  ("grlc_g4x4", {"BandH": 4, "UnitW": 4, "WordCells": 1, "MaxPlaneWidth": 128,
                                 "LateRelease": "1'b1", "EarlyRow": "1'b1"}),
                  ("dct", {"BandH": 4, "UnitW": 4, "WordCells": 4, "MaxPlaneWidth": 4,
                           "LateRelease": "1'b0"})],
        "illegal": [{"BandH": 8}, {"WordCells": 16}, {"UnitW": 8, "MaxPlaneWidth": 4}],
    },
}


load_cores = fmc_cores.load_cores
read_filelist = fmc_cores.read_filelist


def rel(path, root):
    return os.path.relpath(path, root)


def run(cmd, cwd=None):
    """(exit status, stdout+stderr)."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd)
    return p.returncode, p.stdout


def param_args(params):
    return [f"-G{k}={v}" for k, v in params.items()]


def param_text(params):
    return " ".join(f"{k}={v}" for k, v in params.items()) or "defaults"


def verilator_lint(verilator, root, files, top, params, waiver=True):
    """Lint `top` from exactly `files` (+ the waiver file). (clean, diagnostics)."""
    cmd = [verilator] + VERILATOR_LINT_ARGS
    if waiver:
        cmd.append(os.path.join(root, WAIVER))
    cmd += [os.path.join(root, f) for f in files]
    cmd += ["--top-module", top] + param_args(params)
    with tempfile.TemporaryDirectory(prefix="fmc_lint_") as work:
        rc, out = run(cmd + ["--Mdir", work], cwd=work)
    diags = [ln for ln in out.splitlines() if ln.strip()]
    dirty = any(re.match(r"%(Warning|Error)", ln) for ln in diags)
    return rc == 0 and not dirty, diags


def primitive_files(root):
    return sorted(rel(p, root) for p in glob.glob(os.path.join(root, "rtl", "prim", "fmc_*.sv")))


def lint_runs(root, cores_sel=(), configs_sel=()):
    """[(label, config, files, top, params)] for every core x configuration and primitive."""
    runs, notes = [], []
    for e in load_cores(root):
        if cores_sel and e["core"] not in cores_sel:
            continue
        fl = os.path.join(root, e["filelist"])
        if not os.path.isfile(fl):
            notes.append(f"SKIP  {e['core']}: file list {e['filelist']} does not exist yet")
            continue
        files = read_filelist(fl, root)
        for c in e["configs"]:
            if configs_sel and c["name"] not in configs_sel:
                continue
            runs.append((e["core"], c["name"], files, e["top"], c["params"]))
    for f in primitive_files(root):
        top = os.path.splitext(os.path.basename(f))[0]
        if cores_sel and top not in cores_sel:
            continue
        spec = PRIMITIVES.get(top, {})
        for name, params in spec.get("legal", [("default", {})]):
            runs.append((top, name, spec.get("deps", []) + [f], top, params))
    return runs, notes


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verilator", default=os.environ.get("VERILATOR", "verilator"))
    ap.add_argument("--root", default=REPO_ROOT, help="repository root (default: this checkout)")
    ap.add_argument("--core", action="append", default=[], help="only this core/primitive")
    ap.add_argument("--only", action="append", default=[], metavar="CONFIG",
                    help="only this named configuration of the cores")
    ap.add_argument("--list", action="store_true", help="list the runs, then exit")
    args = ap.parse_args(argv)
    root = os.path.abspath(args.root)
    try:
        runs, notes = lint_runs(root, args.core, args.only)
    except (ListError, OSError, ValueError) as e:
        print(f"lint: error: {e}", file=sys.stderr)
        return 1
    if args.list:
        for label, cfg, files, top, params in runs:
            print(f"{label:16s} {cfg:8s} {param_text(params)}  ({len(files)} files)")
        return 0
    if shutil.which(args.verilator) is None:
        print(f"lint: error: verilator not found ({args.verilator}); install the Debian package "
              "'verilator'", file=sys.stderr)
        return 1
    for n in notes:
        print(f"lint: {n}")
    if not runs:
        print("lint: error: nothing to lint", file=sys.stderr)
        return 1
    failed = []
    for label, cfg, files, top, params in runs:
        t0 = time.monotonic()
        ok, diags = verilator_lint(args.verilator, root, files, top, params)
        dt = time.monotonic() - t0
        print(f"lint: {'PASS' if ok else 'FAIL'}  {label:16s} {cfg:10s} {param_text(params):40s}"
              f" {dt:5.1f} s", flush=True)
        if not ok:
            failed.append(f"{label} {cfg}")
            for ln in diags[:40]:
                print(f"        {ln}")
    version = run([args.verilator, "--version"])[1].strip()
    print(f"lint: {len(runs) - len(failed)} passed, {len(failed)} failed ({version})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
