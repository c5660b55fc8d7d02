#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Gate-equivalent (GE) area of the fmcodec cores with Yosys and a generic cell library.

For every core of synth/configs.json whose file list exists, and every named configuration
(parameter set) of that core, this runs Yosys twice from the template synth/synth_area.ys:

  area run      synth -flatten, flip-flops legalized onto DFF/DFFRN, abc -liberty: the GE figures,
                the gate-level netlist <core>_<config>_netlist.v and a logic-depth timing proxy;
  hierarchy run the same without -flatten: GE per submodule.

Areas come from synth/cells.lib, where NAND2 = 1.00, so the area is directly in GE. These are
generic-cell estimates for comparing designs, NOT tape-out numbers (no timing closure, no
wire load, no sizing, no scan, no I/O).

A run fails (exit status 1) if a latch is inferred, if any cell is left that is not in cells.lib,
or if Yosys fails. Results: <out>/area.json, area.csv, area.md, the netlists, and the Yosys
scripts and logs in <out>/logs/.

Only the Python standard library is used. Run `synth_area.py --help` for the options.
"""

import argparse
import csv
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

SYNTH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(SYNTH_DIR)

DISCLAIMER = (
    "Generic-cell estimates, not tape-out numbers: Yosys 'synth' + ABC onto a 13-cell generic "
    "library whose areas are NAND2 equivalents (synth/cells.lib); no timing constraints, wire "
    "load, sizing, scan or I/O. Use them to compare designs and configurations."
)
DEPTH_NOTE = (
    "Logic depth = most cells on a path between registers/ports (timing proxy only, not a timing "
    "analysis)."
)


# The memory primitive: every memory of a core is an instance of it. Its instances are kept as
# separate modules (keep_hierarchy): the report gives their bits and their flip-flop area apart
# from the logic GE, since an integrator replaces them by memory macros or latch arrays.
MEMORY_MODULE = "fmc_ram_1r1w"
MEMORY_NOTE = (
    "GE logic excludes the memories (the shared primitive fmc_ram_1r1w): they are given in bits, "
    "and as the GE of the behavioural model mapped to flip-flops (an upper bound; a latch array "
    "or a register-file macro is smaller)."
)


class FlowError(Exception):
    """A failed synthesis run; the message says why."""


# ---------------------------------------------------------------------------------------------
# Liberty (only what the flow needs: cell areas, which cells are flip-flops, pin directions)
# ---------------------------------------------------------------------------------------------
def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _group_body(text, open_brace):
    """Text between the brace at index open_brace and its matching closing brace."""
    depth = 0
    for i in range(open_brace, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[open_brace + 1:i], i
    raise ValueError("unbalanced braces in liberty file")


def parse_liberty(path):
    """{cell: {"area": float, "seq": bool, "pins": {pin: "input"|"output"}}}."""
    with open(path) as f:
        text = _strip_comments(f.read())
    cells = {}
    pos = 0
    cell_re = re.compile(r"\bcell\s*\(\s*\"?([A-Za-z0-9_]+)\"?\s*\)\s*\{")
    while True:
        m = cell_re.search(text, pos)
        if not m:
            break
        body, end = _group_body(text, m.end() - 1)
        pos = end + 1
        area = re.search(r"\barea\s*:\s*([0-9.eE+-]+)", body)
        pins = {}
        for pm in re.finditer(r"\bpin\s*\(\s*\"?([A-Za-z0-9_]+)\"?\s*\)\s*\{", body):
            pbody, _ = _group_body(body, pm.end() - 1)
            d = re.search(r"\bdirection\s*:\s*\"?(\w+)", pbody)
            pins[pm.group(1)] = d.group(1) if d else "input"
        cells[m.group(1)] = {
            "area": float(area.group(1)) if area else 0.0,
            "seq": bool(re.search(r"\b(ff|latch)\s*\(", body)),
            "pins": pins,
        }
    if not cells:
        raise ValueError(f"no cells found in {path}")
    return cells


# ---------------------------------------------------------------------------------------------
# File lists
# ---------------------------------------------------------------------------------------------
def parse_filelist(path, root):
    """Sources (absolute paths), include directories and defines of a file list. The grammar is
    fmc_cores.read_filelist's (plain paths only), so the last two are always empty; they stay in
    the interface of the Yosys script template."""
    try:
        files = fmc_cores.read_filelist(path, root)
    except fmc_cores.ListError as e:
        raise FlowError(str(e))
    return [os.path.normpath(os.path.join(root, f)) for f in files], [], []


# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------
def load_config(path):
    try:
        return fmc_cores.load_table(os.path.dirname(os.path.dirname(os.path.abspath(path))), path)
    except fmc_cores.ListError as e:
        raise FlowError(str(e))


def select_runs(cfg, root, cores, config_names, selftest):
    """[(entry, config)] to run, plus messages about skipped cores."""
    notes = []
    entries = []
    everything = cfg.get("cores", []) + cfg.get("selftest", [])
    if cores:
        by_name = {e["core"]: e for e in everything}
        for name in cores:
            if name not in by_name:
                raise FlowError(f"unknown core {name!r}; configured: {', '.join(by_name)}")
            entries.append(by_name[name])
    else:
        for e in cfg.get("cores", []):
            if os.path.isfile(os.path.join(root, e["filelist"])):
                entries.append(e)
            else:
                notes.append(f"skip {e['core']}: file list {e['filelist']} does not exist yet")
        if selftest or not entries:
            if not entries:
                notes.append("no core file list exists yet: running the flow on the self-test "
                             "design(s) instead (synth/tests/)")
            entries.extend(cfg.get("selftest", []))
    runs = []
    for e in entries:
        fl = os.path.join(root, e["filelist"])
        if not os.path.isfile(fl):
            raise FlowError(f"{e['core']}: file list {e['filelist']} does not exist")
        for c in e["configs"]:
            if not config_names or c["name"] in config_names:
                runs.append((e, c))
    if config_names:
        known = {c["name"] for e in entries for c in e["configs"]}
        unknown = [n for n in config_names if n not in known]
        if unknown:
            raise FlowError(f"unknown configuration(s): {', '.join(unknown)}")
    return runs, notes


# ---------------------------------------------------------------------------------------------
# Yosys
# ---------------------------------------------------------------------------------------------
def yosys_path(p):
    """Yosys takes file names verbatim (no quoting): refuse the ones it would split."""
    if re.search(r"\s", p):
        raise FlowError(f"path with white space not supported by the Yosys script: {p!r}")
    return p


def param_value(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return '"' + v.replace('"', '\\"') + '"'
    raise FlowError(f"unsupported parameter value {v!r} (integers and strings only)")


def make_script(template, entry, config, files, incdirs, defines, lib, latches, setffs, stat,
                flatten, netlist_v, netlist_json):
    opts = "".join(f" -I{yosys_path(d)}" for d in incdirs)
    opts += "".join(f" -D{d}" for d in defines)
    read = "\n".join(f"read_verilog -sv -defer{opts} {yosys_path(p)}" for p in files)
    chparam = " ".join(f"-chparam {k} {param_value(v)}" for k, v in config["params"].items())
    write = ""
    if flatten:
        write = (f"write_verilog -noattr {yosys_path(netlist_v)}\n"
                 f"write_json {yosys_path(netlist_json)}")
    subst = {
        "READ": read, "TOP": entry["top"], "CHPARAM": chparam, "FLATTEN": "-flatten" if flatten else "",
        "LIB": yosys_path(lib), "LATCHES": yosys_path(latches), "MEMORIES": f"*{MEMORY_MODULE}*",
        "SETFFS": yosys_path(setffs), "STAT": yosys_path(stat),
        "WRITE": write,
    }
    lines = []
    for line in template.splitlines():
        if not line.lstrip().startswith("#"):   # comments keep their placeholders verbatim
            for k, v in subst.items():
                line = line.replace(f"@{k}@", v)
            left = re.findall(r"@[A-Z]+@", line)
            if left:
                raise FlowError(f"template placeholder(s) not filled: {left}")
        lines.append(line)
    return "\n".join(lines) + "\n"


def latch_names(dump_path):
    """Signals driven by latches, from the `dump` of latch cells taken right after proc."""
    names = []
    if os.path.isfile(dump_path):
        with open(dump_path) as f:
            text = f.read()
        for cell in re.finditer(r"cell (\S+) (\S+)(.*?)\n\s*end", text, flags=re.S):
            q = re.search(r"connect \\Q (\S+)", cell.group(3))
            names.append(q.group(1).lstrip("\\") if q else cell.group(2))
    return names


def run_yosys(yosys, script_text, script_path, log_path, latches_path):
    with open(script_path, "w") as f:
        f.write(script_text)
    if os.path.exists(latches_path):
        os.remove(latches_path)
    proc = subprocess.run([yosys, "-q", "-l", log_path, "-s", script_path],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        latches = latch_names(latches_path)
        if latches:
            raise FlowError("latch inferred (not allowed), driving: " + ", ".join(latches))
        log = ""
        if os.path.isfile(log_path):
            with open(log_path, errors="replace") as f:
                log = f.read()
        if re.search(r"Assertion failed: selection is not empty: t:\$_DLATCH", log):
            raise FlowError("latch left after synth (not allowed); see " + log_path)
        errors = [l for l in log.splitlines() if l.startswith("ERROR")]
        msg = errors[0] if errors else (proc.stdout.strip().splitlines() or ["(no message)"])[-1]
        raise FlowError(f"yosys failed: {msg} (log: {log_path})")


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
PARAM_NAMES = {}   # derived module name -> "mod(P=V,...)", from the Yosys log (derive_names)


def derive_names(log_path):
    """Map the derived modules of a Yosys log (`$paramod$<hash>\\mod`) to `mod(P=V,...)`."""
    names, params = {}, []
    with open(log_path, errors="replace") as f:
        for line in f:
            if "Executing AST frontend in derive mode" in line:
                params = []
            m = re.match(r"Parameter \\(\S+) = (.*)$", line.rstrip())
            if m:
                params.append(f"{m.group(1)}={m.group(2)}")
            m = re.match(r"Generating RTLIL representation for module `(\$paramod[^']*)'", line)
            if m:
                base = re.match(r"\$paramod(?:\$[0-9a-f]+)?\\([^\\]+)", m.group(1))
                if base:
                    names[m.group(1)] = f"{base.group(1)}({','.join(params)})"
                params = []
    return names


def pretty_module(name):
    r"""`$paramod\mod\P=32'00001000\Q=...` -> `mod(P=8,Q=...)`; `\mod` -> `mod`."""
    if name in PARAM_NAMES:
        return PARAM_NAMES[name]
    name = name.lstrip("\\")
    m = re.match(r"\$paramod(\$[0-9a-f]+)?\\([^\\]+)(.*)$", name)
    if not m:
        return name
    params = []
    for p in m.group(3).split("\\"):
        if not p:
            continue
        k, _, v = p.partition("=")
        bits = re.fullmatch(r"(\d+)'s?([01]+)", v)
        params.append(f"{k}={int(bits.group(2), 2)}" if bits else f"{k}={v}")
    return f"{m.group(2)}({','.join(params)})" if params else m.group(2)


def cell_area(counts, lib):
    comb = sum(n * lib[t]["area"] for t, n in counts.items() if t in lib and not lib[t]["seq"])
    seq = sum(n * lib[t]["area"] for t, n in counts.items() if t in lib and lib[t]["seq"])
    ffs = sum(n for t, n in counts.items() if t in lib and lib[t]["seq"])
    return comb, seq, ffs


def check_mapped(modules, lib, what):
    bad = {}
    for mod, st in modules.items():
        for t, n in st["num_cells_by_type"].items():
            if t not in lib and t not in modules:
                bad[f"{t} (in {pretty_module(mod)})"] = n
    if bad:
        raise FlowError(f"{what}: cells not in cells.lib (unmapped): "
                        + ", ".join(f"{k} x{v}" for k, v in sorted(bad.items())))


def find_top(modules, top):
    for name in modules:
        if name.lstrip("\\") == top or pretty_module(name).split("(")[0] == top:
            return name
    raise FlowError(f"top module {top} not in the statistics")


def load_stat_json(path):
    """Modules of `stat -json`. Yosys 0.23 prints the hierarchy tree (non-JSON lines) into the
    JSON when a top module is set; drop every line that cannot be JSON."""
    with open(path) as f:
        text = "".join(l for l in f if re.match(r"\s*([\"{}\[\]]|$)", l))
    return json.loads(text)["modules"]


def memory_params(name):
    """{'Width': w, 'Depth': d} of a derived memory module (from its pretty name)."""
    m = re.match(rf"{MEMORY_MODULE}\((.*)\)$", pretty_module(name))
    params = dict(p.split("=", 1) for p in m.group(1).split(",")) if m else {}
    try:
        return {"Width": int(params["Width"]), "Depth": int(params["Depth"])}
    except (KeyError, ValueError):
        raise FlowError(f"area run: cannot read Width and Depth of memory {pretty_module(name)}")


def flat_result(stat_path, lib, top):
    """Logic GE of the flattened top; memories (kept apart) in bits and as flip-flop GE."""
    modules = load_stat_json(stat_path)
    check_mapped(modules, lib, "area run")
    top_name = find_top(modules, top)
    others = [m for m in modules if m != top_name]
    bad = [pretty_module(m) for m in others if not pretty_module(m).startswith(MEMORY_MODULE)]
    if bad:
        raise FlowError(f"area run: expected one flattened module and memories, also got {bad}")
    counts = modules[top_name]["num_cells_by_type"]
    logic = {t: n for t, n in counts.items() if t not in modules}
    comb, seq, ffs = cell_area(logic, lib)
    memories, mem_bits, mem_ge, mem_ffs = [], 0, 0.0, 0
    for m in sorted(others):
        n = counts.get(m, 0)
        mp = memory_params(m)
        mc, ms, mf = cell_area(modules[m]["num_cells_by_type"], lib)
        memories.append({"module": pretty_module(m), "instances": n, "width": mp["Width"],
                         "depth": mp["Depth"], "bits": n * mp["Width"] * mp["Depth"],
                         "ge_as_flops": round(n * (mc + ms), 2), "ff_count": n * mf})
        mem_bits += n * mp["Width"] * mp["Depth"]
        mem_ge += n * (mc + ms)
        mem_ffs += n * mf
    return {"ge_total": round(comb + seq, 2), "ge_comb": round(comb, 2), "ge_seq": round(seq, 2),
            "ff_count": ffs, "mem_bits": mem_bits, "mem_ge_as_flops": round(mem_ge, 2),
            "mem_ff_count": mem_ffs, "memories": memories, "cells": dict(sorted(logic.items()))}


def hier_result(stat_path, lib, top):
    """Per module definition: instances under top, own GE, GE including its submodules."""
    modules = load_stat_json(stat_path)
    check_mapped(modules, lib, "hierarchy run")
    top_name = find_top(modules, top)
    own, incl, ffs_incl = {}, {}, {}

    def visit(name, stack=()):
        if name in incl:
            return
        if name in stack:
            raise FlowError(f"recursive hierarchy at {name}")
        counts = modules[name]["num_cells_by_type"]
        comb, seq, ffs = cell_area(counts, lib)
        own[name] = comb + seq
        total, total_ffs = comb + seq, ffs
        for t, n in counts.items():
            if t in modules:
                visit(t, stack + (name,))
                total += n * incl[t]
                total_ffs += n * ffs_incl[t]
        incl[name], ffs_incl[name] = total, total_ffs

    visit(top_name)
    instances = {top_name: 1}

    def count(name, mult):
        for t, n in modules[name]["num_cells_by_type"].items():
            if t in modules:
                instances[t] = instances.get(t, 0) + mult * n
                count(t, mult * n)

    count(top_name, 1)
    rows = []
    for name in sorted(instances, key=lambda m: (-incl[m] * instances[m], m)):
        rows.append({"module": pretty_module(name), "instances": instances[name],
                     "ge_own": round(own[name], 2), "ge_incl": round(incl[name], 2),
                     "ge_all_instances": round(incl[name] * instances[name], 2),
                     "ff_incl": ffs_incl[name]})
    return {"ge_total": round(incl[top_name], 2), "modules": rows}


def logic_depth(netlist_json, lib, top):
    """Most combinational cells on any path from a port/flip-flop output to a port/flip-flop input."""
    with open(netlist_json) as f:
        mods = json.load(f)["modules"]
    mod = mods.get(top) or next(iter(mods.values()))
    driver = {}   # bit -> comb cell name
    inputs = {}   # comb cell -> [bits]
    sinks = []    # bits ending a path: flip-flop inputs and output ports
    for name, port in mod["ports"].items():
        if port["direction"] == "output":
            sinks.extend(port["bits"])
    for cname, cell in mod["cells"].items():
        info = lib.get(cell["type"])
        if info is None:
            continue
        for pin, bits in cell["connections"].items():
            direction = info["pins"].get(pin, "input")
            if info["seq"]:
                if direction == "input":
                    sinks.extend(bits)
            elif direction == "output":
                for b in bits:
                    driver[b] = cname
            else:
                inputs.setdefault(cname, []).extend(bits)
    depth = {}

    def cell_depth(start):
        stack = [start]
        while stack:
            c = stack[-1]
            if c in depth:
                stack.pop()
                continue
            pending = [driver[b] for b in inputs.get(c, []) if b in driver and driver[b] not in depth]
            if pending:
                if len(stack) > len(driver) + 1:
                    raise FlowError("combinational loop in the netlist")
                stack.extend(pending)
                continue
            depth[c] = 1 + max([depth[driver[b]] for b in inputs.get(c, []) if b in driver] or [0])
            stack.pop()
        return depth[start]

    return max([cell_depth(driver[b]) for b in sinks if b in driver] or [0])


def log_notes(log_path):
    """FSMs that Yosys re-encoded (synth's fsm pass) and the distinct Yosys warnings."""
    fsms, warnings = [], []
    with open(log_path, errors="replace") as f:
        for line in f:
            m = re.match(r"Found FSM state register (\S+)\.", line)
            if m:
                fsms.append(m.group(1).lstrip("\\"))
            if line.startswith("Warning:") and line.strip() not in warnings:
                warnings.append(line.strip())
    return {"fsm_extracted": fsms, "yosys_warnings": warnings}


def synth_one(args, lib, template, entry, config):
    core, cname = entry["core"], config["name"]
    tag = f"{core}_{cname}"
    files, incdirs, defines = parse_filelist(os.path.join(args.root, entry["filelist"]), args.root)
    logs = os.path.join(args.out, "logs")
    os.makedirs(logs, exist_ok=True)
    netlist_v = os.path.join(args.out, f"{tag}_netlist.v")
    result = {"core": core, "config": cname, "top": entry["top"], "params": config["params"],
              "comment": config.get("comment", ""), "filelist": entry["filelist"]}
    with tempfile.TemporaryDirectory(prefix="fmc_synth_") as tmp:
        t0 = time.time()
        for flatten in (True, False) if not args.no_hier else (True,):
            kind = "flat" if flatten else "hier"
            stat = os.path.join(tmp, f"{kind}_stat.json")
            netjson = os.path.join(tmp, "netlist.json")
            setffs = os.path.join(tmp, "setffs.txt")
            script = make_script(template, entry, config, files, incdirs, defines, args.liberty,
                                 os.path.join(tmp, "latches.il"), setffs, stat, flatten,
                                 netlist_v, netjson)
            run_yosys(args.yosys, script, os.path.join(logs, f"{tag}_{kind}.ys"),
                      os.path.join(logs, f"{tag}_{kind}.log"), os.path.join(tmp, "latches.il"))
            if flatten:
                PARAM_NAMES.update(derive_names(os.path.join(logs, f"{tag}_{kind}.log")))
                result.update(flat_result(stat, lib, entry["top"]))
                result.update(log_notes(os.path.join(logs, f"{tag}_{kind}.log")))
                with open(setffs) as f:
                    n = re.search(r"(\d+) objects", f.read())
                # reset-to-1 flip-flops: no such cell, dfflegalize puts inverters around DFFRN
                result["ff_reset_to_1"] = int(n.group(1)) if n else 0
                result["logic_depth"] = logic_depth(netjson, lib, entry["top"])
                result["netlist"] = os.path.relpath(netlist_v, args.out)
            else:
                PARAM_NAMES.update(derive_names(os.path.join(logs, f"{tag}_{kind}.log")))
                result["hierarchy"] = hier_result(stat, lib, entry["top"])
        result["seconds"] = round(time.time() - t0, 1)
    return result


def fmt_ge(v):
    return f"{v:.0f}" if v is not None else ""


def load_efficiency(path):
    """Per (core, config): words/cycle as a fraction of the port bound over the tensors of a
    `fmc_cosim fmaps --csv` table: tensors, mean, worst, tensors below 0.98."""
    per = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            for side, core in (("enc", "encoder"), ("dec", "decoder")):
                try:
                    wpc = float(row[f"{side}_words_per_cycle"])
                    bound = float(row["bound_words_per_cycle"])
                except (KeyError, ValueError):
                    continue   # this core does not run in this configuration
                per.setdefault((f"{row['codec']}_{core}", row["config"]), []).append(wpc / bound)
    return {k: {"tensors": len(v), "mean": sum(v) / len(v), "worst": min(v),
                "below_098": sum(1 for e in v if e < 0.98)} for k, v in per.items()}


def fmt_eff(e):
    return f"{e['mean']:.3f} / {e['worst']:.3f} / {e['below_098']} of {e['tensors']}" if e else ""


def write_outputs(args, results, references, failures, yosys_version):
    os.makedirs(args.out, exist_ok=True)
    doc = {"generator": "synth/synth_area.py", "yosys": yosys_version,
           "liberty": os.path.relpath(args.liberty, args.root), "unit": "GE (NAND2 equivalents)",
           "note": DISCLAIMER, "depth_note": DEPTH_NOTE, "results": results,
           "references": references, "failures": failures}
    with open(os.path.join(args.out, "area.json"), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    with open(os.path.join(args.out, "area.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["core", "config", "params", "ge_total", "ge_comb", "ge_seq", "ff_count",
                    "mem_bits", "mem_ge_as_flops", "logic_depth", "ge_total_hier"])
        for r in results:
            w.writerow([r["core"], r["config"], " ".join(f"{k}={v}" for k, v in r["params"].items()),
                        r["ge_total"], r["ge_comb"], r["ge_seq"], r["ff_count"], r["mem_bits"],
                        r["mem_ge_as_flops"], r["logic_depth"],
                        r.get("hierarchy", {}).get("ge_total", "")])
    lines = [f"<!-- generated by synth/synth_area.py ({yosys_version}); do not edit -->",
             "", f"> {DISCLAIMER}", "",
             "| core | config | parameters | GE logic | GE comb | GE seq | FFs | memory bits "
             "| memory as flip-flops, GE | logic depth |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        params = ", ".join(f"{k}={v}" for k, v in r["params"].items())
        mem = (f"{r['mem_bits']} | {r['mem_ge_as_flops']:.0f}" if r["mem_bits"] else "0 | ")
        lines.append(f"| {r['core']} | {r['config']} | {params} | {r['ge_total']:.1f} | "
                     f"{r['ge_comb']:.1f} | {r['ge_seq']:.1f} | {r['ff_count']} | {mem} | "
                     f"{r['logic_depth']} |")
    shown_refs = [x for x in references if any(x["core"] == r["core"] for r in results)]
    for x in shown_refs:
        lines.append(f"| {x['core']} | {x['config']} | reference: {x['label']} | "
                     f"{fmt_ge(x.get('ge_total'))} | | | {x.get('ff_count', '')} | | | |")
    lines += ["", f"{MEMORY_NOTE} {DEPTH_NOTE} Reference rows are quoted, not measured by this run.",
              ""]
    for r in results:
        h = r.get("hierarchy")
        if not h:
            continue
        lines += [f"**{r['core']} {r['config']}** per module (non-flattened run: "
                  f"{fmt_ge(h['ge_total'])} GE vs {fmt_ge(r['ge_total'])} GE flattened)", "",
                  "| module | instances | GE own | GE incl. submodules | GE all instances | FFs incl. |",
                  "|---|---:|---:|---:|---:|---:|"]
        for m in h["modules"]:
            lines.append(f"| {m['module']} | {m['instances']} | {m['ge_own']:.0f} | "
                         f"{m['ge_incl']:.0f} | {m['ge_all_instances']:.0f} | {m['ff_incl']} |")
        lines.append("")
    if args.efficiency:
        lines += ["## Area and throughput per configuration", "",
                  f"Efficiency = words per cycle / port bound per tensor, from `{args.efficiency}` "
                  "(`fmc_cosim fmaps <corpus> --all-configs --csv`, ports always ready), joined to "
                  "this run's area. Reference rows are quoted figures, not measured here.", "",
                  "| core | config | GE logic | FFs | memory bits | efficiency: mean / worst / "
                  "tensors below 0.98 |", "|---|---|---:|---:|---:|---|"]
        for r in results:
            lines.append(f"| {r['core']} | {r['config']} | {r['ge_total']:.0f} | {r['ff_count']} | "
                         f"{r['mem_bits']} | {fmt_eff(r.get('efficiency'))} |")
        for x in shown_refs:
            lines.append(f"| {x['core']} | {x['config']}: {x['label']} | "
                         f"{fmt_ge(x.get('ge_total'))} | {x.get('ff_count', '')} | | |")
        lines.append("")
    with open(os.path.join(args.out, "area.md"), "w") as f:
        f.write("\n".join(lines))


def print_table(results, references, out):
    rows = [("core", "config", "GE logic", "GE comb", "GE seq", "FFs", "mem bits", "mem GE",
             "depth", "eff mean / worst / <0.98", "note")]
    for r in results:
        rows.append((r["core"], r["config"], f"{r['ge_total']:.1f}", f"{r['ge_comb']:.1f}",
                     f"{r['ge_seq']:.1f}", str(r["ff_count"]), str(r["mem_bits"]),
                     f"{r['mem_ge_as_flops']:.0f}" if r["mem_bits"] else "",
                     str(r["logic_depth"]), fmt_eff(r.get("efficiency")),
                     f"hier {r['hierarchy']['ge_total']:.1f}" if "hierarchy" in r else ""))
    for x in references:
        if any(x["core"] == r["core"] for r in results):
            rows.append((x["core"], x["config"], fmt_ge(x.get("ge_total")), "", "",
                         str(x.get("ff_count", "")), "", "", "", "", "ref: " + x["label"]))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        out.write("  ".join(c.rjust(w) if 2 <= j <= 8 else c.ljust(w)
                            for j, (c, w) in enumerate(zip(row, widths))).rstrip() + "\n")
        if i == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Generic-cell estimates, not tape-out numbers.")
    ap.add_argument("--config", default=os.path.join(SYNTH_DIR, "configs.json"),
                    help="configuration file (default: synth/configs.json)")
    ap.add_argument("--out", default=os.path.join(SYNTH_DIR, "out"),
                    help="output directory (default: synth/out)")
    ap.add_argument("--yosys", default=os.environ.get("YOSYS", "yosys"), help="yosys executable")
    ap.add_argument("--liberty", default=os.path.join(SYNTH_DIR, "cells.lib"),
                    help="cell library (default: synth/cells.lib, areas already in GE)")
    ap.add_argument("--ge-cell", default="NAND2",
                    help="cell whose area is 1 GE (default NAND2; e.g. NAND2_X1 for another library)")
    ap.add_argument("--template", default=os.path.join(SYNTH_DIR, "synth_area.ys"))
    ap.add_argument("--root", default=REPO_ROOT, help="root the file lists are relative to")
    ap.add_argument("--core", action="append", default=[],
                    help="only this core (repeatable; also accepts self-test entries)")
    ap.add_argument("--only", action="append", default=[], metavar="CONFIG",
                    help="only this named configuration (repeatable)")
    ap.add_argument("--selftest", action="store_true",
                    help="also run the self-test designs (always run when no core exists)")
    ap.add_argument("--no-hier", action="store_true", help="skip the per-submodule run")
    ap.add_argument("--list", action="store_true", help="list cores and configurations, then exit")
    ap.add_argument("--efficiency", metavar="CSV",
                    help="a `fmc_cosim fmaps --all-configs --csv` table: adds each configuration's "
                         "mean and worst words/cycle as a fraction of the port bound")
    args = ap.parse_args(argv)
    args.out = os.path.abspath(args.out)
    args.liberty = os.path.abspath(args.liberty)
    args.root = os.path.abspath(args.root)

    try:
        cfg = load_config(args.config)
        if args.list:
            for group in ("cores", "selftest"):
                for e in cfg.get(group, []):
                    there = os.path.isfile(os.path.join(args.root, e["filelist"]))
                    print(f"{e['core']:16s} {e['filelist']:32s} {'present' if there else 'missing'}"
                          f"{'  (self-test)' if group == 'selftest' else ''}")
                    for c in e["configs"]:
                        print(f"    {c['name']:10s} {json.dumps(c['params'])}  {c.get('comment', '')}")
            return 0
        if shutil.which(args.yosys) is None:
            raise FlowError(f"yosys not found ({args.yosys}); install the Debian package 'yosys'")
        lib = parse_liberty(args.liberty)
        if args.ge_cell not in lib or lib[args.ge_cell]["area"] <= 0:
            raise FlowError(f"{args.liberty}: no cell {args.ge_cell} with an area; pass --ge-cell "
                            "<the library's NAND2 X1 cell>")
        unit = lib[args.ge_cell]["area"]
        for c in lib.values():
            c["area"] /= unit
        with open(args.template) as f:
            template = f.read()
        runs, notes = select_runs(cfg, args.root, args.core, args.only, args.selftest)
    except (FlowError, OSError, ValueError) as e:
        print(f"synth_area: error: {e}", file=sys.stderr)
        return 1
    for n in notes:
        print(f"synth_area: {n}")
    if not runs:
        print("synth_area: error: nothing to synthesize", file=sys.stderr)
        return 1
    yosys_version = subprocess.run([args.yosys, "-V"], stdout=subprocess.PIPE, text=True).stdout.strip()

    efficiency = {}
    if args.efficiency:
        try:
            efficiency = load_efficiency(args.efficiency)
        except (OSError, csv.Error) as e:
            print(f"synth_area: error: --efficiency {args.efficiency}: {e}", file=sys.stderr)
            return 1
    results, failures = [], []
    for entry, config in runs:
        tag = f"{entry['core']} {config['name']}"
        print(f"synth_area: {tag} ...", flush=True)
        try:
            results.append(synth_one(args, lib, template, entry, config))
            eff = efficiency.get((entry["core"], config["name"]))
            if eff:
                results[-1]["efficiency"] = eff
        except (FlowError, OSError, ValueError) as e:
            stale = os.path.join(args.out, f"{entry['core']}_{config['name']}_netlist.v")
            if os.path.exists(stale):   # never leave a netlist of a failed run behind
                os.remove(stale)
            sys.stdout.flush()
            print(f"synth_area: FAIL {tag}: {e}", file=sys.stderr, flush=True)
            failures.append({"core": entry["core"], "config": config["name"], "error": str(e)})

    references = cfg.get("references", [])
    write_outputs(args, results, references, failures, yosys_version)
    print()
    print(DISCLAIMER)
    print_table(results, references, sys.stdout)
    print(DEPTH_NOTE)
    if args.efficiency:
        print(f"Efficiency (words/cycle / port bound per tensor) from {args.efficiency}.")
    print(f"Results: {os.path.join(args.out, 'area.md')} (and area.json, area.csv, *_netlist.v)")
    if failures:
        print(f"synth_area: {len(failures)} run(s) FAILED: "
              + ", ".join(f"{x['core']} {x['config']}" for x in failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
