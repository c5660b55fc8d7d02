#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Self-test of the regression launchers (verif/launch/): the same runs through each launcher give
the same summary as the local pool of verif/regress.py, and a failing run is reported.

  parallel  a few seeds through verif/launch/regress_parallel.sh with the local login ':' (and with
            '1/:' + '1/localhost' when `ssh -o BatchMode=yes localhost true` works; skipped with
            the reason otherwise): every run's pass/fail, beats and coverage equal the local pool's,
            and the Markdown summaries are identical; a fake fmc_cosim failing one seed is reported
            with its replay command (which fails again); a run without a log or without its
            exit-status line counts as failed.
  slurm     the same comparison through verif/launch/regress_slurm.sh (sbatch job array + merge
            job) on a running Slurm (verif/launch/slurm_localhost.sh start).
Exit status 0: passed, 77: skipped (GNU parallel or Slurm missing), 1: failed.

Usage: verif/launch/check_launchers.py --cosim build/bin/fmc_cosim --work DIR [--slurm]
Standard library only.
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(HERE))
import regress  # noqa: E402  (its log parser: what the comparison reads)

PLAN = ["--seeds", "3", "--configs", "w8_b8,w8_g1", "--max-len", "300"]
SKIP = 77


class Fail(Exception):
    pass


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    return p.returncode, p.stdout


def runs(out_dir):
    """{(core, config, seed): (ok, beats, coverage)} of the logs in out_dir."""
    res = {}
    for name in sorted(os.listdir(out_dir)):
        if name.endswith(".log") and "_seed" in name:
            path = os.path.join(out_dir, name)
            with open(path) as f:
                r = regress.parse_log(f.read(), path)
            res[(r["core"], r["config"], r["seed"])] = (r["ok"], r["beats"], r["cov"])
    return res


def tail(text):
    """The summary part of a regress.py output (from the coverage block; times dropped)."""
    lines = text.splitlines()
    i = next((n for n, l in enumerate(lines) if l.startswith("coverage (")), len(lines))
    return [l.rsplit(", ", 1)[0] if l.endswith(" s") and "runs (" in l else l for l in lines[i:]]


def same(name, ref, got, ref_dir, got_dir, ref_md, got_md):
    if runs(ref_dir) != runs(got_dir):
        a, b = runs(ref_dir), runs(got_dir)
        diff = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
        raise Fail(f"{name}: runs differ from the local pool's: {diff[:5]}")
    if tail(ref) != tail(got):
        raise Fail(f"{name}: summary differs from the local pool's:\n" + "\n".join(tail(got)))
    with open(ref_md) as f, open(got_md) as g:
        if f.read() != g.read():
            raise Fail(f"{name}: Markdown summary differs from the local pool's ({got_md})")
    n = len(runs(got_dir))
    print(f"ok   {name}: {n} runs, summary identical to the local pool's")


def check_failures(name, rc, text, fake):
    want = [f"FAILED decoder w8_g1 seed 2: log",
            f"replay: {fake} random --core decoder --config w8_g1 --seed 2 ",
            "17 passed, 1 failed"]
    for w in want:
        if w not in text:
            raise Fail(f"{name}: '{w}' not in the output:\n{text}")
    if rc != 1:
        raise Fail(f"{name}: exit status {rc} with a failing run, expected 1")
    replay = next(l for l in text.splitlines() if "replay: " in l).split("replay: ", 1)[1]
    rrc, rout = run(shlex.split(replay))
    if rrc == 0 or "MISMATCH" not in rout:
        raise Fail(f"{name}: the replay command does not fail again: {replay}")
    print(f"ok   {name}: the failing seed is reported, its replay command fails again")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--work", required=True, help="scratch directory (emptied)")
    ap.add_argument("--slurm", action="store_true", help="test the Slurm launcher instead")
    args = ap.parse_args()
    cosim = os.path.abspath(args.cosim)
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    if args.slurm:
        if not shutil.which("sbatch"):
            print("SKIP: Slurm is not installed (no sbatch)")
            return SKIP
        try:
            rc, states = run(["sinfo", "-h", "-o", "%T"], timeout=30)
        except subprocess.TimeoutExpired:
            rc, states = 1, ""
        if rc != 0 or "idle" not in states:
            print("SKIP: no idle Slurm node (verif/launch/slurm_localhost.sh start)")
            return SKIP
    elif not shutil.which("parallel") or "GNU parallel" not in run(["parallel", "--version"])[1]:
        print("SKIP: GNU parallel is not installed (apt-get install parallel)")
        return SKIP

    # the reference: the local pool
    pool = os.path.join(work, "pool")
    rc, ref = run([sys.executable, os.path.join(HERE, "..", "regress.py"), "--cosim", cosim,
                   "--jobs", "2", "--out", pool, "--summary", pool + ".md"] + PLAN)
    if rc != 0 or "18 passed, 0 failed" not in ref:
        raise Fail(f"local pool: exit status {rc}:\n{ref}")

    # a fake fmc_cosim: the real one, but decoder w8_g1 seed 2 fails
    fake = os.path.join(work, "fake_cosim.sh")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\ncase \" $* \" in *\" --core decoder --config w8_g1 --seed 2 \"*)\n"
                "  echo 'fake seed 2'; echo 'MISMATCH (fake) port out_o beat 0'; exit 1 ;;\n"
                f"esac\nexec {shlex.quote(cosim)} \"$@\"\n")
    os.chmod(fake, 0o755)

    if args.slurm:
        launch = [os.path.join(HERE, "regress_slurm.sh")]
        variants = [("slurm job array", ["--wait", "--tasks", "4"])]
    else:
        launch = [os.path.join(HERE, "regress_parallel.sh")]
        local = os.path.join(work, "local.sshlogin")
        with open(local, "w") as f:
            f.write("2/:\n")
        variants = [("parallel ':'", ["--sshloginfile", local])]
        p = subprocess.run(["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "localhost",
                            "true"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode == 0:
            both = os.path.join(work, "ssh.sshlogin")
            with open(both, "w") as f:
                f.write("1/:\n1/localhost\n")
            variants.append(("parallel ':' + 'localhost' over ssh", ["--sshloginfile", both]))
        else:
            print("skip parallel over ssh: `ssh -o BatchMode=yes localhost true` fails: "
                  f"{p.stderr.strip() or 'exit status %d' % p.returncode}")

    for n, (name, opts) in enumerate(variants):
        out = os.path.join(work, f"run{n}")
        rc, got = run(launch + opts + ["--cosim", cosim, "--out", out, "--summary", out + ".md"]
                      + PLAN)
        if rc != 0:
            raise Fail(f"{name}: exit status {rc}:\n{got}")
        same(name, ref, got, pool, out, pool + ".md", out + ".md")

    name, opts = variants[0]
    out = os.path.join(work, "fail")
    rc, got = run(launch + opts + ["--cosim", fake, "--out", out] + PLAN)
    check_failures(f"{name}, one failing seed", rc, got, fake)
    if not args.slurm:  # a line's exit status is its run's verdict too (parallel's job log)
        with open(os.path.join(out, "parallel.joblog")) as f:
            bad = [l.split("\t")[6] for l in f.read().splitlines()[1:] if l.split("\t")[6] != "0"]
        if bad != ["1"]:
            raise Fail(f"{name}: parallel's job log has the non-zero exit values {bad}, not [1]")

    # a lost run (no log) and a killed one (no exit-status line) are failures of the merge
    out = os.path.join(work, "run0")
    os.remove(os.path.join(out, "encoder_w8_b8_seed1.log"))
    with open(os.path.join(out, "loopback_w8_g1_seed3.log")) as f:
        text = f.read()
    with open(os.path.join(out, "loopback_w8_g1_seed3.log"), "w") as f:
        f.write(text.rsplit("exit status", 1)[0])
    rc, got = run([sys.executable, os.path.join(HERE, "..", "regress.py"), "--merge", out,
                   "--commands", os.path.join(out, "commands.txt")])
    for w in ["FAILED encoder w8_b8 seed 1", "no log: the run did not start",
              "FAILED loopback w8_g1 seed 3", "the run did not finish", "16 passed, 2 failed"]:
        if w not in got:
            raise Fail(f"merge of a lost and a killed run: '{w}' not in the output:\n{got}")
    if rc != 1:
        raise Fail(f"merge of a lost and a killed run: exit status {rc}, expected 1")
    print("ok   merge: a run without a log and a run without its exit status are failures")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Fail as e:
        print(f"FAIL {e}")
        sys.exit(1)
