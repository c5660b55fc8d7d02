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

Three modes, one plan and one log format, so that every launcher gives the same summary:
  (default)              the local pool: --jobs runs at a time on this machine, then the summary;
  --emit-commands FILE   write one shell line per run (core, configuration, seed) to FILE and
                         exit; any engine can run the lines (GNU parallel, a Slurm job array:
                         verif/launch/). Each line cds to this directory, runs fmc_cosim and
                         writes the run's log itself; its exit status is 0 iff the run passed;
  --merge DIR            read the run logs in DIR and write the summary (and --summary), as the
                         local pool does; with --commands FILE only the runs of FILE, and a run
                         of FILE without a finished log counts as failed.
A run's log (DIR/<core>_<config>_seed<S>.log): the replay command, the run's output, and a last
line `exit status N, started T0, ended T1` (seconds since the epoch).

Usage: verif/regress.py --cosim build/bin/fmc_cosim --seeds 20 --jobs 2 --out out/regress
       verif/regress.py --cosim build/bin/fmc_cosim --seeds 20 --out DIR --emit-commands FILE
       verif/regress.py --merge DIR [--commands FILE] [--summary regress.md]
Standard library only.
"""

import argparse
import concurrent.futures
import glob
import os
import re
import shlex
import subprocess
import sys
import time

TRAILER = re.compile(r"^exit status (-?\d+), started ([\d.]+), ended ([\d.]+)$")


def cosim_cmd(cosim, core, config, seed, rand_reset, out_dir, max_len):
    """The argv of one run: what the log's first line and the replay command print."""
    return [cosim, "random", "--core", core, "--config", config, "--seed", str(seed),
            "--rand-reset", str(rand_reset), "--max-len", str(max_len), "--trace-dir", out_dir]


def log_path(out_dir, core, config, seed):
    return os.path.join(out_dir, f"{core}_{config}_seed{seed}.log")


def shell_line(cmd, log):
    """The line --emit-commands writes for one run (POSIX sh, run from any directory of a host
    that has this checkout at the same path): the log is the same as the local pool's."""
    c = shlex.join(cmd)
    return (f"cd {shlex.quote(os.getcwd())} && log={shlex.quote(log)} && "
            f"{{ printf '%s\\n' {shlex.quote(c)}; t0=$(date +%s); {c} 2>&1; s=$?; "
            f"echo \"exit status $s, started $t0, ended $(date +%s)\"; }} > \"$log\" 2>&1; "
            f"grep -q '^exit status 0,' \"$log\"")


def parse_line(line):
    """(working directory, log path, replay command) of a line shell_line wrote."""
    lex = shlex.shlex(line, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    t = list(lex)
    if t[:1] != ["cd"] or not t[3].startswith("log=") or "printf" not in t:
        raise ValueError(f"not a line of verif/regress.py --emit-commands: {line!r}")
    return t[1], t[3][4:], t[t.index("printf") + 2]


def parse_log(text, log, cmd=None):
    """One run's result from its log text (None: no log). A log without the exit-status line
    (a run killed or still running) or without a log at all is a failed run."""
    lines = (text or "").splitlines()
    head = lines[0] if lines else (cmd or "")
    cmd = cmd or head
    m = TRAILER.match(lines[-1]) if len(lines) > 1 else None
    why = ""
    if m:
        out = "\n".join(lines[1:-1]) + "\n"
        ok, secs = int(m.group(1)) == 0, float(m.group(3)) - float(m.group(2))
        t0, t1 = float(m.group(2)), float(m.group(3))
    else:
        why = "no log: the run did not start" if text is None else \
              "no exit status in the log: the run did not finish"
        ok, secs, t0, t1 = False, 0.0, None, None
        out = "\n".join(lines[1:]) + "\n"
    argv = shlex.split(cmd)
    opt = {argv[i]: argv[i + 1] for i in range(len(argv) - 1) if argv[i].startswith("--")}
    mn = re.match(r"([a-z]+)_(.+)_seed(\d+)\.log$", os.path.basename(log))
    if "--seed" not in opt and mn:  # an empty log: the run's name is the log's
        opt = {"--core": mn.group(1), "--config": mn.group(2), "--seed": mn.group(3)}
    beats = 0
    mb = re.search(r"(\d+) beats checked", out)
    if mb:
        beats = int(mb.group(1))
    cov = {}
    mc = re.search(r"^coverage (.*)$", out, re.M)
    if mc and mc.group(1):
        for item in mc.group(1).split(","):
            k, v = item.split("=")
            cov[k] = int(v)
    return {"core": opt.get("--core", "?"), "config": opt.get("--config", "?"),
            "seed": int(opt.get("--seed", -1)), "ok": ok, "beats": beats, "cov": cov, "log": log,
            "cmd": cmd, "secs": secs, "t0": t0, "t1": t1, "out": out, "why": why}


def run_one(cosim, core, config, seed, rand_reset, out_dir, max_len):
    cmd = cosim_cmd(cosim, core, config, seed, rand_reset, out_dir, max_len)
    t0 = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = log_path(out_dir, core, config, seed)
    text = (shlex.join(cmd) + "\n" + p.stdout + ("" if p.stdout.endswith("\n") or not p.stdout
                                                  else "\n") +
            f"exit status {p.returncode}, started {t0:.3f}, ended {time.time():.3f}\n")
    with open(log, "w") as f:
        f.write(text)
    return parse_log(text, log)


sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "synth"))
import fmc_cores  # noqa: E402  (the cores table reader every tool shares)


def plan(args):
    """(core, configuration, seed, rand-reset) of every run, in the cores table's order."""
    roles = [c for c in args.cores.split(",") if c]
    only = [c for c in args.configs.split(",") if c]
    jobs = []
    for role, config in fmc_cores.cosim_runs(path=args.table):
        if role not in roles or (only and config not in only):
            continue
        for i in range(args.seeds):
            seed = args.first_seed + i
            jobs.append((role, config, seed, 2 if seed % 4 == 0 else 0))
    return jobs


def merge(args):
    """The results of the logs in args.merge (only those of --commands, if given)."""
    results = []
    if args.commands:
        with open(args.commands) as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
        for line in lines:
            cwd, log, cmd = parse_line(line)
            path = os.path.join(cwd, log)
            text = None
            if os.path.isfile(path):
                with open(path) as f:
                    text = f.read()
            results.append(parse_log(text, log, None if text else cmd))
    else:
        for path in glob.glob(os.path.join(args.merge, "*_seed*.log")):
            with open(path) as f:
                results.append(parse_log(f.read(), path))
    return results


def summary(results, args, seeds, first_seed, secs):
    """Prints the summary (coverage per configuration, totals, failing runs with their replay
    command) and writes --summary; returns the exit status (1 if a run failed)."""
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
    total = (f"{len(results)} runs ({seeds} seeds per core and configuration), {beats} beats "
             f"checked, {len(fails)} failing runs (a run stops at its first mismatch)")
    print(f"{total}, {secs:.0f} s")
    if args.summary:
        runs_per = {}
        for r in results:
            runs_per.setdefault(r["config"], set()).add(r["core"])
        with open(args.summary, "w") as f:
            f.write("<!-- generated by verif/regress.py --summary; do not edit -->\n\n")
            f.write(f"# Randomized co-simulation regression\n\n`make regress SEEDS={seeds}` "
                    f"(seeds {first_seed}..{first_seed + seeds - 1}): {total}.\n\n")
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
        first = [r["why"]] if r["why"] else [l for l in r["out"].splitlines() if l.strip()][1:3]
        print(f"  FAILED {r['core']} {r['config']} seed {r['seed']}: log {r['log']}")
        for l in first:
            print(f"    {l.strip()}")
        print(f"    replay: {r['cmd']}")
    print(f"{len(results) - len(fails)} passed, {len(fails)} failed")
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cosim", help="path of the fmc_cosim binary (not needed by --merge)")
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
    ap.add_argument("--emit-commands", metavar="FILE", default="",
                    help="write one shell line per run to FILE (logs in --out) and exit")
    ap.add_argument("--merge", metavar="DIR", default="",
                    help="summarize the run logs in DIR instead of running")
    ap.add_argument("--commands", metavar="FILE", default="",
                    help="with --merge: the runs of this --emit-commands file (a missing or "
                    "unfinished log is a failed run)")
    args = ap.parse_args()

    if args.merge:
        results = merge(args)
        if not results:
            print(f"regress: no run logs in {args.merge}", file=sys.stderr)
            return 2
        order = {rc: i for i, rc in enumerate(fmc_cores.cosim_runs(path=args.table))}
        results.sort(key=lambda r: (order.get((r["core"], r["config"]), len(order)), r["core"],
                                    r["config"], r["seed"]))
        per = {}
        for r in results:
            per.setdefault((r["core"], r["config"]), set()).add(r["seed"])
        seeds = max(len(s) for s in per.values())
        first_seed = min(r["seed"] for r in results)
        t0 = [r["t0"] for r in results if r["t0"] is not None]
        t1 = [r["t1"] for r in results if r["t1"] is not None]
        print(f"regress: {len(results)} runs merged from {args.commands or args.merge}"
              f"{f', logs in {args.merge}' if args.commands else ''}", flush=True)
        return summary(results, args, seeds, first_seed, max(t1) - min(t0) if t0 else 0.0)

    if not args.cosim:
        ap.error("--cosim is required (except with --merge)")
    os.makedirs(args.out, exist_ok=True)
    jobs = plan(args)
    if args.emit_commands:
        with open(args.emit_commands, "w") as f:
            for (c, k, s, r) in jobs:
                cmd = cosim_cmd(args.cosim, c, k, s, r, args.out, args.max_len)
                f.write(shell_line(cmd, log_path(args.out, c, k, s)) + "\n")
        print(f"regress: {len(jobs)} commands ({args.seeds} seeds per core and configuration) "
              f"in {args.emit_commands}, logs in {args.out}")
        return 0

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
    # the summary in plan order (the cores table's), whatever order the runs finished in
    done = {(r["core"], r["config"], r["seed"]): r for r in results}
    results = [done[(c, k, s)] for (c, k, s, _) in jobs]
    return summary(results, args, args.seeds, args.first_seed, time.time() - t0)


if __name__ == "__main__":
    sys.exit(main())
