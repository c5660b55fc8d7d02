#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Self-test of the synthesis flow (registered as the ctest test `synth_flow`).

  1. cells_sim.v models exactly the cells of cells.lib (same cell set; each cell proven
     equivalent to its Liberty function / ff group with Yosys `miter` + `sat -tempinduct`).
  2. synth_area.py on the self-test design (synth/tests/synth_selftest*.sv, configurations w8 and
     w13): exit 0, exact flip-flop and DFF/DFFRN counts, exact sequential GE, plausible
     combinational GE, logic depth and per-submodule breakdown, all output files written.
  3. synth_area.py FAILS on a design with a latch and on one with an unmapped cell.
  4. gatesim.py: the gate-level netlists match the RTL cycle by cycle on random stimulus, and a
     deliberately broken netlist (every XOR2 turned into XNOR2) is caught.

Usage: check_flow.py [--work DIR] [--yosys yosys] [--verilator verilator] [--no-gatesim]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
SYNTH_DIR = os.path.dirname(TESTS_DIR)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, SYNTH_DIR)
import synth_area  # noqa: E402

FAILS = []


def check(cond, what):
    print(f"  {'ok  ' if cond else 'FAIL'} {what}", flush=True)
    if not cond:
        FAILS.append(what)
    return cond


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def check_cell_models(yosys, work):
    print("[1] cells_sim.v against cells.lib", flush=True)
    lib = synth_area.parse_liberty(os.path.join(SYNTH_DIR, "cells.lib"))
    with open(os.path.join(SYNTH_DIR, "cells_sim.v")) as f:
        sim_cells = re.findall(r"^\s*module\s+(\w+)", f.read(), flags=re.M)
    check(sorted(sim_cells) == sorted(lib), f"same cell set ({len(lib)} cells)")
    proven = []
    for cell in sorted(lib):
        script = os.path.join(work, f"equiv_{cell}.ys")
        with open(script, "w") as f:
            f.write(f"read_liberty {SYNTH_DIR}/cells.lib\nrename {cell} gold\ndesign -stash lib\n"
                    f"read_verilog {SYNTH_DIR}/cells_sim.v\nrename {cell} gate\n"
                    "design -copy-from lib -as gold gold\nproc\nasync2sync\n"
                    "miter -equiv -flatten -make_assert gold gate miter\nhierarchy -top miter\n"
                    "sat -verify -prove-asserts -tempinduct -set-init-zero miter\n")
        r = run([yosys, "-q", "-s", script])
        if r.returncode == 0:
            proven.append(cell)
        else:
            check(False, f"{cell}: model differs from the Liberty function")
    check(len(proven) == len(lib), f"every model equivalent to its Liberty cell: {' '.join(proven)}")


def check_area(yosys, work):
    print("[2] synth_area.py on the self-test design", flush=True)
    out = os.path.join(work, "out")
    t0 = time.time()
    r = run([sys.executable, os.path.join(SYNTH_DIR, "synth_area.py"), "--yosys", yosys,
             "--core", "synth_selftest", "--out", out])
    print("\n".join("    " + l for l in r.stdout.splitlines()))
    if not check(r.returncode == 0, f"synth_area.py exits 0 ({time.time() - t0:.1f} s)"):
        return None
    for name in ("area.json", "area.csv", "area.md"):
        check(os.path.isfile(os.path.join(out, name)), f"{name} written")
    with open(os.path.join(out, "area.json")) as f:
        doc = json.load(f)
    lib = synth_area.parse_liberty(os.path.join(SYNTH_DIR, "cells.lib"))
    results = {r["config"]: r for r in doc["results"]}
    check(sorted(results) == ["w13", "w8"], "both configurations reported")
    with open(os.path.join(out, "area.md")) as f:
        md = f.read()
    for cfg, r in sorted(results.items()):
        w = r["params"]["Width"]
        tag = f"{cfg} (Width={w})"
        # Exact register inventory (see the header of synth_selftest.sv):
        #   no reset: sum Width+1, last 1            -> DFF
        #   async reset: valid 1, count 4, state 2   -> DFFRN (count resets to 4'hA: 2 of them via
        #                                               inverters around DFFRN)
        n_dff, n_dffrn = w + 2, 7
        check(r["ff_count"] == w + 9, f"{tag}: {r['ff_count']} flip-flops, expected {w + 9}")
        check(r["cells"].get("DFF", 0) == n_dff, f"{tag}: {r['cells'].get('DFF', 0)} DFF, "
              f"expected {n_dff}")
        check(r["cells"].get("DFFRN", 0) == n_dffrn, f"{tag}: {r['cells'].get('DFFRN', 0)} DFFRN, "
              f"expected {n_dffrn}")
        check(r["ff_reset_to_1"] == 2, f"{tag}: {r['ff_reset_to_1']} reset-to-1 flip-flops "
              "(count_q = 4'hA), expected 2")
        seq = n_dff * lib["DFF"]["area"] + n_dffrn * lib["DFFRN"]["area"]
        check(abs(r["ge_seq"] - seq) < 0.01, f"{tag}: GE seq {r['ge_seq']} = {seq:.2f}")
        check(abs(r["ge_total"] - r["ge_comb"] - r["ge_seq"]) < 0.02, f"{tag}: total = comb + seq")
        # Plausible logic: a Width-bit adder, a Width+2-bit enable mux, a 4-bit counter, the FSM.
        lo, hi = 5 * w, 15 * w + 60
        check(lo <= r["ge_comb"] <= hi, f"{tag}: GE comb {r['ge_comb']} within [{lo}, {hi}]")
        check(3 <= r["logic_depth"] <= 2 * w + 10, f"{tag}: logic depth {r['logic_depth']} "
              f"within [3, {2 * w + 10}]")
        check(set(r["cells"]) <= set(lib), f"{tag}: only cells.lib cells")
        h = r.get("hierarchy", {})
        mods = {m["module"]: m for m in h.get("modules", [])}
        sub = mods.get(f"synth_selftest_add(Width={w})")
        check(sub is not None and sub["instances"] == 1 and sub["ff_incl"] == w + 3,
              f"{tag}: hierarchy lists synth_selftest_add(Width={w}) once with {w + 3} FFs")
        check("synth_selftest" in mods and mods["synth_selftest"]["ff_incl"] == w + 9,
              f"{tag}: hierarchy top has {w + 9} FFs")
        check(abs(h.get("ge_total", 0) - r["ge_total"]) <= 0.15 * r["ge_total"],
              f"{tag}: hierarchical GE {h.get('ge_total')} within 15% of flat {r['ge_total']}")
        check(os.path.isfile(os.path.join(out, f"synth_selftest_{cfg}_netlist.v")),
              f"{tag}: netlist written")
        check(f"| synth_selftest | {cfg} |" in md, f"{tag}: row in area.md")
    return out


def check_failures(yosys, work):
    print("[3] synth_area.py must fail on latches and unmapped cells", flush=True)
    bad = os.path.join(TESTS_DIR, "bad_configs.json")
    for core, needle in (("synth_bad_latch", "latch inferred (not allowed), driving: q_o"),
                         ("synth_bad_blackbox", "unmapped): synth_bad_blackbox_cell")):
        r = run([sys.executable, os.path.join(SYNTH_DIR, "synth_area.py"), "--yosys", yosys,
                 "--config", bad, "--core", core, "--out", os.path.join(work, "bad_" + core)])
        check(r.returncode != 0, f"{core}: non-zero exit ({r.returncode})")
        check(needle in r.stdout, f"{core}: message contains '{needle}'")
        check(not os.path.exists(os.path.join(work, "bad_" + core, f"{core}_default_netlist.v")),
              f"{core}: no netlist left behind")


def check_gatesim(verilator, out, work):
    print("[4] gate-level simulation against the RTL", flush=True)
    gatesim = os.path.join(SYNTH_DIR, "gatesim.py")
    t0 = time.time()
    r = run([sys.executable, gatesim, "--verilator", verilator, "--core", "synth_selftest",
             "--netlists", out, "--work", os.path.join(work, "gatesim"), "--cycles", "5000"])
    print("\n".join("    " + l for l in r.stdout.splitlines()))
    check(r.returncode == 0 and r.stdout.count("GATESIM PASS") == 2,
          f"netlists w8 and w13 match the RTL ({time.time() - t0:.1f} s)")
    # A broken netlist must be caught.
    broken = os.path.join(work, "broken")
    os.makedirs(broken, exist_ok=True)
    with open(os.path.join(out, "synth_selftest_w8_netlist.v")) as f:
        text = f.read()
    n = len(re.findall(r"^\s*XOR2\s", text, flags=re.M))
    with open(os.path.join(broken, "synth_selftest_w8_netlist.v"), "w") as f:
        f.write(re.sub(r"^(\s*)XOR2(\s)", r"\1XNOR2\2", text, flags=re.M))
    r = run([sys.executable, gatesim, "--verilator", verilator, "--core", "synth_selftest",
             "--only", "w8", "--netlists", broken, "--work", os.path.join(work, "gatesim_broken"),
             "--cycles", "500"])
    check(n > 0 and r.returncode != 0 and "MISMATCH" in r.stdout,
          f"netlist with {n} XOR2 turned into XNOR2 is caught")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", default=os.path.join(SYNTH_DIR, "out", "selftest"))
    ap.add_argument("--yosys", default=os.environ.get("YOSYS", "yosys"))
    ap.add_argument("--verilator", default=os.environ.get("VERILATOR", "verilator"))
    ap.add_argument("--no-gatesim", action="store_true", help="skip the Verilator part")
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    t0 = time.time()
    check_cell_models(args.yosys, work)
    out = check_area(args.yosys, work)
    check_failures(args.yosys, work)
    if args.no_gatesim:
        print("[4] gate-level simulation skipped (--no-gatesim)")
    elif shutil.which(args.verilator) is None:
        check(False, f"verilator not found ({args.verilator}); use --no-gatesim to skip")
    elif out:
        check_gatesim(args.verilator, out, work)
    print(f"check_flow: {'FAIL' if FAILS else 'PASS'} ({len(FAILS)} failed check(s), "
          f"{time.time() - t0:.1f} s)")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
