#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Randomized co-simulation regression: N seeds per core and configuration, in parallel.

Each run is `fmc_cosim random --core C --config K --seed S [--rand-reset R]`: 1..6 back-to-back
transmissions of random stimulus classes and lengths, random valid/ready throttles on every port,
every output beat checked against the golden model. EBPC configurations (w*_b*) run the encoder,
decoder and loopback; ZVC configurations (w*_g*) the encoder and the decoder. Every decoder run is
the fault bench of docs/integration.md §7.1: about a third of its jobs corrupted, all decoded back
to back with no clear; its coverage bins are the outcomes (good, or each golden error code). Every
run writes a log; the summary lists the failing seeds with the command that replays each one, and
the functional coverage summed over all runs (bins never hit are listed).

Usage: verif/regress.py --cosim build/bin/fmc_cosim --seeds 20 --jobs 2 --out out/regress
Standard library only.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time


def run_one(cosim, core, config, seed, rand_reset, out_dir, max_len):
    cmd = [cosim, "random", "--core", core, "--config", config, "--seed", str(seed),
           "--rand-reset", str(rand_reset), "--max-len", str(max_len), "--trace-dir", out_dir]
    t0 = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = os.path.join(out_dir, f"{core}_{config}_seed{seed}.log")
    with open(log, "w") as f:
        f.write(" ".join(cmd) + "\n" + p.stdout)
    beats = 0
    m = re.search(r"(\d+) beats checked", p.stdout)
    if m:
        beats = int(m.group(1))
    cov = {}
    m = re.search(r"^coverage (.*)$", p.stdout, re.M)
    if m and m.group(1):
        for item in m.group(1).split(","):
            k, v = item.split("=")
            cov[k] = int(v)
    return {"core": core, "config": config, "seed": seed, "ok": p.returncode == 0, "beats": beats,
            "cov": cov, "log": log, "cmd": " ".join(cmd), "secs": time.time() - t0,
            "out": p.stdout}


sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "synth"))
import fmc_cores  # noqa: E402  (the cores table reader every tool shares)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cosim", required=True, help="path of the fmc_cosim binary")
    ap.add_argument("--seeds", type=int, default=20, help="seeds per core and configuration")
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--out", default="out/regress")
    ap.add_argument("--cores", default="encoder,decoder,loopback", help="core roles to run")
    ap.add_argument("--configs", default="", help="only these configurations (default: every "
                    "co-simulated configuration of the cores table)")
    ap.add_argument("--table", default=None, help="the cores table (default: synth/configs.json)")
    ap.add_argument("--max-len", type=int, default=5000)
    ap.add_argument("--summary", default="", help="also write the summary as Markdown to this file")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    roles = [c for c in args.cores.split(",") if c]
    only = [c for c in args.configs.split(",") if c]
    jobs = []
    for role, config in fmc_cores.cosim_runs(path=args.table):
        if role not in roles or (only and config not in only):
            continue
        for i in range(args.seeds):
            seed = args.first_seed + i
            jobs.append((role, config, seed, 2 if seed % 4 == 0 else 0))
    print(f"regress: {len(jobs)} runs ({args.seeds} seeds per core and configuration), "
          f"{args.jobs} in parallel, logs in {args.out}", flush=True)
    results = []
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = [ex.submit(run_one, args.cosim, c, k, s, r, args.out, args.max_len)
                for (c, k, s, r) in jobs]
        for n, f in enumerate(concurrent.futures.as_completed(futs), 1):
            r = f.result()
            results.append(r)
            status = "PASS" if r["ok"] else "FAIL"
            print(f"[{n}/{len(jobs)}] {status} {r['core']} {r['config']} seed {r['seed']} "
                  f"({r['beats']} beats, {r['secs']:.1f} s)", flush=True)

    fails = [r for r in results if not r["ok"]]
    beats = sum(r["beats"] for r in results)
    print()
    print("coverage (summed over all runs, per configuration):")
    cov_rows = []
    for config in dict.fromkeys(r["config"] for r in results):
        cov = {}
        for r in results:
            if r["config"] != config:
                continue
            for k, v in r["cov"].items():
                cov[k] = cov.get(k, 0) + v
        if not cov:
            continue
        missed = sorted(k for k, v in cov.items() if v == 0)
        hit = len(cov) - len(missed)
        dec = ", ".join(f"{k[4:]} {v}" for k, v in sorted(cov.items()) if k.startswith("dec_"))
        cov_rows.append((config, hit, len(cov), missed, dec))
        print(f"  {config}: {hit}/{len(cov)} bins hit" +
              (f"; NOT hit: {', '.join(missed)}" if missed else ""))
    print()
    secs = time.time() - t0
    total = (f"{len(results)} runs ({args.seeds} seeds per core and configuration), {beats} beats "
             f"checked, {len(fails)} failing runs (a run stops at its first mismatch)")
    print(f"{total}, {secs:.0f} s")
    if args.summary:
        runs_per = {}
        for r in results:
            runs_per.setdefault(r["config"], set()).add(r["core"])
        with open(args.summary, "w") as f:
            f.write("<!-- generated by verif/regress.py --summary; do not edit -->\n\n")
            f.write(f"# Randomized co-simulation regression\n\n`make regress SEEDS={args.seeds}` "
                    f"(seeds {args.first_seed}..{args.first_seed + args.seeds - 1}): {total}.\n\n")
            f.write("Every run: 1..6 back-to-back transmissions of random stimulus classes and "
                    "lengths, random valid/ready throttles on every port, every beat checked "
                    "against the golden model; every fourth seed starts from a random state. "
                    "Decoder runs are the fault bench: about a third of the jobs corrupted, no "
                    "clear between jobs; their bins are the golden outcome of each job.\n\n")
            f.write("| configuration | cores | coverage bins hit | decoder job outcomes |\n"
                    "|---|---|---:|---|\n")
            for config, hit, n, missed, dec in cov_rows:
                miss = f" (not hit: {', '.join(missed)})" if missed else ""
                f.write(f"| {config} | {', '.join(sorted(runs_per.get(config, [])))} | "
                        f"{hit}/{n}{miss} | {dec or '-'} |\n")
    for r in sorted(fails, key=lambda r: (r["core"], r["config"], r["seed"])):
        first = [l for l in r["out"].splitlines() if l.strip()][1:3]
        print(f"  FAILED {r['core']} {r['config']} seed {r['seed']}: log {r['log']}")
        for l in first:
            print(f"    {l.strip()}")
        print(f"    replay: {r['cmd']}")
    print(f"{len(results) - len(fails)} passed, {len(fails)} failed")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
