#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""ctest verif/wave: runs what `make wave` runs (verif/tools/wave.py, i.e. `fmc_cosim random
--trace`) for a small core and checks the outputs: the FST exists and is not empty, and the
GTKWave save file names it, balances its groups and lists every port of the core's RTL top module
(read here from the RTL with a separate, simple reader, not wave.py's).

    check_wave.py --cosim BUILD/bin/fmc_cosim --out DIR [--codec zvc --core encoder --config w8_g1]

Python standard library only.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "verif", "tools"))
import wave  # noqa: E402  (verif/tools/wave.py, what make wave runs)


def declared_ports(sv_path, top):
    """Names of the ports of `top`: every `input`/`output` declaration in its module header."""
    text = open(sv_path).read()
    head = text[text.index(f"module {top}"):]
    head = head[:head.index(");")]
    return re.findall(r"^\s*(?:input|output)\b[^;,/]*?(\w+)\s*,?\s*(?://.*)?$", head, re.M)


def check(args):
    """Runs wave.py and returns the list of problems found."""
    rc = wave.main(["--cosim", args.cosim, "--codec", args.codec, "--core", args.core,
                    "--config", args.config, "--seed", "3", "--max-len", "48", "--out", args.out])
    errors = [] if rc == 0 else [f"wave.py exited with {rc}"]
    stem = os.path.join(args.out, f"{args.codec}_{args.core}_{args.config}_seed3")
    fst, gtkw = stem + ".fst", stem + ".gtkw"
    if not os.path.isfile(fst) or os.path.getsize(fst) == 0:
        return errors + [f"no FST or an empty one: {fst}"]
    with open(fst, "rb") as f:
        if f.read(1) != b"\x00":
            errors.append(f"{fst} does not start with an FST header block")
    if not os.path.isfile(gtkw):
        return errors + [f"no save file {gtkw}"]
    lines = open(gtkw).read().splitlines()
    dump = [ln for ln in lines if ln.startswith("[dumpfile]")]
    if len(dump) != 1 or os.path.abspath(fst) not in dump[0]:
        errors.append(f"{gtkw}: [dumpfile] does not name {fst}: {dump}")
    signals = {re.sub(r"\[.*$", "", ln).rsplit(".", 1)[-1] for ln in lines if ln.startswith("TOP.")}
    entry = wave.core_entry(args.codec, args.core)
    files = wave.fmc_cores.read_filelist(os.path.join(ROOT, entry["filelist"]))
    ports = declared_ports(os.path.join(ROOT, files[-1]), entry["top"])
    if not ports:
        errors.append(f"no ports read from {files[-1]}")
    missing = [p for p in ports if p not in signals]
    if missing:
        errors.append(f"{gtkw} lacks the ports {missing}")
    opens = sum(ln == "@800200" for ln in lines)
    closes = sum(ln == "@1000200" for ln in lines)
    if opens < 4 or opens != closes:
        errors.append(f"{gtkw}: {opens} groups opened, {closes} closed (want >= 4, balanced)")
    if not errors:
        print(f"check_wave: {fst} {os.path.getsize(fst)} bytes; {gtkw}: {len(ports)} ports in "
              f"{opens} groups: PASS")
    return errors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--codec", default="zvc")
    ap.add_argument("--core", default="encoder")
    ap.add_argument("--config", default="w8_g1")
    args = ap.parse_args(argv)
    errors = check(args)
    for e in errors:
        print(f"check_wave: FAIL: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
