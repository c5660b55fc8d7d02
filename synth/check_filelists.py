#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""File lists and FuseSoC core files of the RTL: complete, consistent, elaborating (ctest
`rtl_filelists`; its self-test is ctest `rtl_filelists_selftest`).

For every core of synth/configs.json whose file list rtl/<codec>/<core>.f exists:
  1. the .f is plain (one repo-relative path per line, '#' comments), every file exists, no file
     twice, in dependency order (a module is defined before the file that instantiates it), and
     every listed file is used by the top;
  2. the core elaborates from the .f ALONE (no other source, no -y search path), in every named
     configuration: Verilator `--lint-only -Wall --assert` (+ rtl/lint.vlt) clean, and Yosys
     `read_verilog -sv` of each file in order + `hierarchy -check -top <core> -chparam ...` with
     no error and no warning;
  3. illegal parameters (the table's "illegal" sets) FAIL elaboration in both tools, with the core's own
     `$error` message (not some other failure).
Across the repository:
  4. every rtl/**/*.sv is in at least one .f, or in STANDALONE (with a reason);
  5. every FuseSoC core file (*.core at the repository root) is valid CAPI2 as far as FuseSoC
     reads it (see core_problems), every file it lists exists, and each core's 'rtl' files, with its
     dependencies' files first, equal its rtl/<top>.f exactly (order and content); every
     rtl/*.sv is in some core; every vlogparam exists on the top with the RTL's default;
  6. each core's `lint` target, run the way FuseSoC/Edalize would (files exported to
     src/<core>/<path>, vlt files first, -G defaults, the target's verilator_options), is clean:
     this also proves the rtl/lint.vlt waiver still matches the exported paths.
  7. docs/integration.md: each core's file list (as in its .f), its port table (exactly the RTL's
     ports and directions) and the parameter table (every parameter of the top).
With --fusesoc-sim (ctest `rtl_fusesoc_sim`): each core's `sim` target built and run likewise.

Only the Python standard library is used (PyYAML, when installed, cross-checks the .core parser).
Usage: check_filelists.py [--root DIR] [--verilator BIN] [--yosys BIN] [--tools verilator,yosys]
                          [--core NAME] [--only CONFIG] [--selftest | --fusesoc-sim]
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lint  # noqa: E402
from lint import ListError, read_filelist, run  # noqa: E402

# rtl/**/*.sv files that are in no core's file list, and why.
STANDALONE = {
}

CAPI2_TOP_KEYS = {"CAPI=2", "name", "description", "filesets", "parameters", "targets",
                  "provider", "scripts", "generate", "generators", "vpi", "virtual"}
CAPI2_FILESET_KEYS = {"files", "file_type", "depend", "logical_name"}
CAPI2_TARGET_KEYS = {"description", "default_tool", "filesets", "filesets_append", "toplevel",
                     "parameters", "tools", "flow", "flow_options", "hooks", "generate",
                     "vpi"}
CAPI2_PARAM_KEYS = {"datatype", "default", "description", "paramtype", "scope"}
VERILATOR_MODES = {"cc", "sc", "lint-only", "binary"}


# ---------------------------------------------------------------------------------------------
# Result collection
# ---------------------------------------------------------------------------------------------
class Result:
    def __init__(self, verbose=True):
        self.fails = []
        self.passes = 0
        self.verbose = verbose

    def section(self, text):
        if self.verbose:
            print(text, flush=True)

    def check(self, cond, what, detail=()):
        if self.verbose:
            print(f"  {'ok  ' if cond else 'FAIL'} {what}", flush=True)
            if not cond:
                for ln in list(detail)[:30]:
                    print(f"         {ln}")
        if cond:
            self.passes += 1
        else:
            self.fails.append(what)
        return cond


# ---------------------------------------------------------------------------------------------
# Source scanning (module definitions and instantiations, comments stripped)
# ---------------------------------------------------------------------------------------------
def strip_comments(text):
    """Comments blanked, strings emptied (one left-to-right scan, so `/*` in a // comment or
    `//` in a string are handled)."""
    def repl(m):
        t = m.group(0)
        return '""' if t.startswith('"') else (" " if t.startswith("//") else
                                               " " + "\n" * t.count("\n"))
    return re.sub(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"', repl, text, flags=re.S)


def modules_defined(path):
    with open(path) as f:
        return re.findall(r"^\s*module\s+(\w+)", strip_comments(f.read()), flags=re.M)


def modules_used(path, known):
    """Names in `known` that the file instantiates (`name #(` or `name u_x (`)."""
    with open(path) as f:
        text = strip_comments(f.read())
    used = set()
    for m in known:
        if re.search(rf"(?<![\w$.`]){re.escape(m)}\s*(#\s*\(|\w+\s*\()", text):
            used.add(m)
    return used


def error_messages(path):
    """The `$error("...")` texts of a source file."""
    with open(path) as f:
        return re.findall(r'\$error\s*\(\s*"([^"]*)"', f.read())


def top_parameters(path, top):
    """{name: default text} of the `parameter`s in the header of module `top`."""
    with open(path) as f:
        text = strip_comments(f.read())
    m = re.search(rf"\bmodule\s+{re.escape(top)}\s*#\s*\((.*?)\)\s*\(", text, flags=re.S)
    if not m:
        return {}
    params = {}
    for pm in re.finditer(r"\bparameter\b[^=;,]*?\b(\w+)\s*=\s*([^,]+?)\s*(?=,|$)", m.group(1),
                          flags=re.S):
        params[pm.group(1)] = " ".join(pm.group(2).split())
    return params


# ---------------------------------------------------------------------------------------------
# 1-3: a core's file list, elaborated alone
# ---------------------------------------------------------------------------------------------
def check_order(res, root, core, top, files):
    paths = [os.path.join(root, f) for f in files]
    defined = {}
    for f, p in zip(files, paths):
        for m in modules_defined(p):
            defined.setdefault(m, f)
    pos = {f: i for i, f in enumerate(files)}
    late = []
    for i, (f, p) in enumerate(zip(files, paths)):
        for m in sorted(modules_used(p, defined)):
            if pos[defined[m]] > i:
                late.append(f"{f} instantiates {m}, defined later in {defined[m]}")
    res.check(not late, f"{core}: .f in dependency order", late)
    res.check(top in defined and pos[defined[top]] == len(files) - 1,
              f"{core}: top module {top} defined in the last file of the .f",
              [f"defined in: {defined.get(top, 'none of the listed files')}"])
    # Every listed file is reachable from the top.
    reach, todo = set(), [top] if top in defined else []
    while todo:
        m = todo.pop()
        if m in reach:
            continue
        reach.add(m)
        todo.extend(modules_used(os.path.join(root, defined[m]), defined) - reach)
    unused = [f for f in files if not set(modules_defined(os.path.join(root, f))) & reach]
    res.check(not unused, f"{core}: every listed file is used by {top}",
              [f"not used: {f}" for f in unused])


def yosys_elab(yosys, root, files, top, params, work):
    script = os.path.join(work, f"{top}_elab.ys")
    with open(script, "w") as f:
        for src in files:
            f.write(f'read_verilog -sv "{os.path.join(root, src)}"\n')
        chparam = " ".join(f"-chparam {k} {v}" for k, v in params.items())
        f.write(f"hierarchy -check -top {top} {chparam}\n")
    rc, out = run([yosys, "-q", "-s", script], cwd=work)
    diags = [ln for ln in out.splitlines() if re.search(r"\b(ERROR|Warning)\b", ln)]
    return rc == 0 and not diags, diags or out.splitlines()[-5:]


def check_core(res, args, entry):
    core, top, root = entry["core"], entry["top"], args.root
    res.section(f"[core {core}] {entry['filelist']}")
    try:
        files = read_filelist(os.path.join(root, entry["filelist"]), root)
    except (ListError, OSError) as e:
        res.check(False, f"{core}: file list readable", [str(e)])
        return
    res.check(True, f"{core}: file list plain, {len(files)} files, all present, none twice")
    check_order(res, root, core, top, files)
    configs = [c for c in entry["configs"] if not args.only or c["name"] in args.only]
    with tempfile.TemporaryDirectory(prefix="fmc_elab_") as work:
        for c in configs:
            what = f"{core} {c['name']} ({lint.param_text(c['params'])})"
            if "verilator" in args.tools:
                ok, diags = lint.verilator_lint(args.verilator, root, files, top, c["params"])
                res.check(ok, f"{what}: Verilator lint-only -Wall --assert from the .f alone", diags)
            if "yosys" in args.tools:
                ok, diags = yosys_elab(args.yosys, root, files, top, c["params"], work)
                res.check(ok, f"{what}: Yosys read_verilog -sv + hierarchy -check from the .f alone",
                          diags)
        top_file = os.path.join(root, files[-1])
        messages = error_messages(top_file)
        res.check(bool(messages), f"{core}: the top has an elaboration $error for illegal parameters")
        base = dict(configs[0]["params"]) if configs else {}
        for bad in entry["illegal"]:
            params = dict(base, **bad)
            what = f"{core} illegal {lint.param_text(bad)}"
            if "verilator" in args.tools:
                ok, diags = lint.verilator_lint(args.verilator, root, files, top, params)
                hit = any(m in ln for m in messages for ln in diags)
                res.check(not ok and hit, f"{what}: Verilator rejects it with the core's $error",
                          diags if ok or not hit else ())
            if "yosys" in args.tools:
                ok, diags = yosys_elab(args.yosys, root, files, top, params, work)
                hit = any(m in ln for m in messages for ln in diags)
                res.check(not ok and hit, f"{what}: Yosys rejects it with the core's $error",
                          diags if ok or not hit else ())


def check_primitives_illegal(res, args):
    """Illegal parameter sets of the shared primitives (lint.PRIMITIVES) fail elaboration."""
    res.section("[primitives] illegal parameters")
    with tempfile.TemporaryDirectory(prefix="fmc_elab_") as work:
        for top, spec in sorted(lint.PRIMITIVES.items()):
            f = f"rtl/prim/{top}.sv"
            if not os.path.isfile(os.path.join(args.root, f)) or (args.core and top not in args.core):
                continue
            messages = error_messages(os.path.join(args.root, f))
            files = spec.get("deps", []) + [f]
            for bad in spec.get("illegal", []):
                what = f"{top} illegal {lint.param_text(bad)}"
                if "verilator" in args.tools:
                    ok, diags = lint.verilator_lint(args.verilator, args.root, files, top, bad)
                    res.check(not ok and any(m in ln for m in messages for ln in diags),
                              f"{what}: Verilator rejects it with the module's $error", diags)
                if "yosys" in args.tools:
                    ok, diags = yosys_elab(args.yosys, args.root, files, top, bad, work)
                    res.check(not ok and any(m in ln for m in messages for ln in diags),
                              f"{what}: Yosys rejects it with the module's $error", diags)


# ---------------------------------------------------------------------------------------------
# 4: every source file is listed
# ---------------------------------------------------------------------------------------------
def check_completeness(res, root, cores):
    # fmc_cosim and make regress find a codec by its configuration's name: names are unique
    # across codecs (a codec's encoder and decoder share them).
    res.section("[completeness] configuration names unique across codecs")
    owner = {}
    for e in cores:
        codec = e["core"].rsplit("_", 1)[0]
        for c in e.get("configs", []):
            owner.setdefault(c["name"], set()).add(codec)
    shared = sorted(n for n, codecs in owner.items() if len(codecs) > 1)
    res.check(not shared, "no configuration name is used by two codecs", shared)
    res.section("[completeness] rtl/**/*.sv vs the .f files")
    listed = {}
    for e in cores:
        fl = os.path.join(root, e["filelist"])
        if os.path.isfile(fl):
            try:
                for f in read_filelist(fl, root):
                    listed.setdefault(f, []).append(e["filelist"])
            except ListError:
                pass  # reported by check_core
    sources = sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "rtl", "**", "*.sv"), recursive=True))
    orphans = [f for f in sources if f not in listed and f not in STANDALONE]
    res.check(not orphans, f"every rtl/**/*.sv ({len(sources)}) is in a .f or in STANDALONE",
              [f"in no file list: {f} (add it to rtl/<codec>/<core>.f, or to STANDALONE in "
               f"synth/check_filelists.py with a reason)" for f in orphans])
    stale = [f for f in STANDALONE if f in listed or f not in sources]
    res.check(not stale, "STANDALONE entries exist and are in no .f",
              [f"stale STANDALONE entry: {f}" for f in stale])


# ---------------------------------------------------------------------------------------------
# 7: docs/integration.md describes the ports and parameters the RTL has
# ---------------------------------------------------------------------------------------------
INTEGRATION_DOC = "docs/integration.md"


def rtl_ports(path, top):
    """{port: 'in'|'out'} of module `top`."""
    with open(path) as f:
        text = strip_comments(f.read())
    m = re.search(rf"\bmodule\s+{re.escape(top)}\b.*?\)\s*\((.*?)\);", text, flags=re.S)
    if not m:
        return {}
    return {name: ("in" if d == "input" else "out")
            for d, name in re.findall(r"\b(input|output)\b[^,;]*?(\w+)\s*(?=,|$)", m.group(1))}


def doc_ports(text, top):
    """{port: dir} of the table under the heading "### `top`" of the integration guide."""
    m = re.search(rf"^###\s+`{re.escape(top)}`\s*$(.*?)(?=^#)", text + "\n#", flags=re.S | re.M)
    if not m:
        return {}
    return dict(re.findall(r"^\|\s*`(\w+)`\s*\|\s*(in|out)\s*\|", m.group(1), flags=re.M))


def check_docs(res, args, cfg_cores):
    res.section(f"[docs] {INTEGRATION_DOC} vs the RTL")
    path = os.path.join(args.root, INTEGRATION_DOC)
    if not os.path.isfile(path):
        res.check(False, f"{INTEGRATION_DOC} exists")
        return
    with open(path) as f:
        text = f.read()
    for e in cfg_cores:
        fl = os.path.join(args.root, e["filelist"])
        if (args.core and e["core"] not in args.core) or not os.path.isfile(fl):
            continue
        try:
            flist = read_filelist(fl, args.root)
        except ListError:
            continue
        top_src = os.path.join(args.root, flist[-1])
        row = re.search(rf"^\|\s*`{re.escape(e['core'])}`\s*\|\s*`{re.escape(e['filelist'])}`\s*\|"
                        rf"([^|]*)\|", text, flags=re.M)
        listed = re.findall(r"`([\w.]+\.s?v)`", row.group(1)) if row else []
        res.check(listed == [os.path.basename(f) for f in flist],
                  f"{INTEGRATION_DOC}: files of {e['core']} listed as in {e['filelist']}",
                  [f"doc: {listed}", f".f:  {[os.path.basename(f) for f in flist]}"])
        rtl, doc = rtl_ports(top_src, e["top"]), doc_ports(text, e["top"])
        diff = [f"{p}: RTL {rtl.get(p, '-')}, doc {doc.get(p, '-')}"
                for p in sorted(set(rtl) | set(doc)) if rtl.get(p) != doc.get(p)]
        res.check(bool(rtl) and not diff,
                  f"{INTEGRATION_DOC}: port table of {e['top']} == its RTL ports ({len(rtl)})", diff)
        params = top_parameters(top_src, e["top"])
        table = re.findall(r"^\|\s*`(\w+)`(?:\s*\([^)]*\))?\s*\|\s*([\w ,]+?)\s*\|", text, flags=re.M)
        documented = {name for name, cores in table
                      if cores.strip() in ("both", e["top"].split("_")[-1])}
        missing = sorted(set(params) - documented)
        res.check(not missing, f"{INTEGRATION_DOC}: parameter table covers every parameter of {e['top']}",
                  [f"not documented: {p}" for p in missing])


# ---------------------------------------------------------------------------------------------
# 5-6: FuseSoC CAPI2 core files
# ---------------------------------------------------------------------------------------------
def _scalar(text, where):
    t = text.strip()
    if t[:1] == '"':
        if len(t) < 2 or t[-1] != '"':
            raise ListError(f"{where}: unterminated string")
        return re.sub(r'\\(.)', r'\1', t[1:-1])
    if t[:1] == "'":
        if len(t) < 2 or t[-1] != "'":
            raise ListError(f"{where}: unterminated string")
        return t[1:-1].replace("''", "'")
    if t[:1] in "[{&*!|>%@`":
        raise ListError(f"{where}: YAML feature not used in our core files: {t!r}")
    return t


def parse_core_yaml(path):
    """The block-style YAML subset our .core files use: nested mappings, lists of scalars,
    plain or quoted scalars, '#' comments. Anything else is an error (keeps the files simple
    enough for this stdlib-only check; PyYAML, when present, must read the same)."""
    lines = []
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            if "\t" in raw:
                raise ListError(f"{path}:{n}: tab character")
            s = raw.rstrip("\n")
            if not s.strip() or s.lstrip().startswith("#"):
                continue
            # strip a trailing comment outside quotes
            out, q = [], None
            for i, ch in enumerate(s):
                if q:
                    q = None if ch == q else q
                elif ch in "\"'" and (i == 0 or s[i - 1] in " :-"):
                    q = ch
                elif ch == "#" and i > 0 and s[i - 1] == " ":
                    break
                out.append(ch)
            s = "".join(out).rstrip()
            lines.append((n, len(s) - len(s.lstrip(" ")), s.strip()))

    def block(i, indent):
        if i >= len(lines):
            return None, i
        n, ind, text = lines[i]
        if ind != indent:
            raise ListError(f"{path}:{n}: unexpected indentation")
        if text.startswith("- ") or text == "-":
            items = []
            while i < len(lines) and lines[i][1] == indent and lines[i][2].startswith("-"):
                n, _, text = lines[i]
                item = text[1:].strip()
                if not item or re.match(r"^[^\"'\s][^:]*:(\s|$)", item):
                    raise ListError(f"{path}:{n}: only scalar list items are supported")
                items.append(_scalar(item, f"{path}:{n}"))
                i += 1
            return items, i
        mapping = {}
        while i < len(lines) and lines[i][1] == indent:
            n, _, text = lines[i]
            m = re.match(r"^([^\s\"'#:][^:]*?)\s*:(\s+(.*))?$", text)
            if not m:
                raise ListError(f"{path}:{n}: expected 'key: value', got {text!r}")
            key = m.group(1)
            if key in mapping:
                raise ListError(f"{path}:{n}: duplicate key {key!r}")
            if m.group(3):
                mapping[key] = _scalar(m.group(3), f"{path}:{n}")
                i += 1
            elif i + 1 < len(lines) and lines[i + 1][1] > indent:
                mapping[key], i = block(i + 1, lines[i + 1][1])
            else:
                mapping[key] = None
                i += 1
        if i < len(lines) and lines[i][1] > indent:
            raise ListError(f"{path}:{lines[i][0]}: unexpected indentation")
        return mapping, i

    if not lines:
        raise ListError(f"{path}: empty")
    doc, i = block(0, 0)
    if i != len(lines):
        raise ListError(f"{path}:{lines[i][0]}: unexpected indentation")
    return doc


def _norm(v):
    if isinstance(v, dict):
        return {str(k): _norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_norm(x) for x in v]
    return None if v is None else str(v)


def vln(vlnv):
    """vendor:library:name of a VLNV or of a dependency string (version and operators dropped)."""
    v = re.sub(r"^[<>=~^!]+", "", vlnv.strip())
    return ":".join(v.split(":")[:3])


def load_cores_files(res, root):
    cores = {}
    for path in sorted(glob.glob(os.path.join(root, "*.core"))):
        name = os.path.relpath(path, root)
        try:
            with open(path) as f:
                first = f.readline().rstrip("\n")
            if first != "CAPI=2:":
                raise ListError(f"{name}: first line must be 'CAPI=2:' (FuseSoC), got {first!r}")
            doc = parse_core_yaml(path)
        except (ListError, OSError) as e:
            res.check(False, f"{name}: readable CAPI2 file", [str(e)])
            continue
        try:
            import yaml  # optional cross-check
            with open(path) as f:
                same = _norm(yaml.safe_load(f)) == _norm(doc)
            res.check(same, f"{name}: PyYAML reads the same document as the stdlib parser")
        except ImportError:
            pass
        cores[name] = doc
    return cores


def core_problems(name, doc, root, known_vlns):
    """Structural CAPI2 problems of one core document (FuseSoC's own schema, as far as used)."""
    p = []
    extra = set(doc) - CAPI2_TOP_KEYS
    if extra:
        p.append(f"unknown top-level keys {sorted(extra)}")
    if doc.get("CAPI=2", "x") is not None:
        p.append("'CAPI=2:' must have no value")
    vlnv = doc.get("name") or ""
    if not re.fullmatch(r"[\w.-]+:[\w.-]+:[\w.-]+:\d+\.\d+\.\d+", vlnv):
        p.append(f"name {vlnv!r} is not a VLNV vendor:library:name:X.Y.Z")
    filesets = doc.get("filesets") or {}
    for fs, body in filesets.items():
        body = body or {}
        if set(body) - CAPI2_FILESET_KEYS:
            p.append(f"fileset {fs}: unknown keys {sorted(set(body) - CAPI2_FILESET_KEYS)}")
        if "files" in body and not body.get("file_type"):
            p.append(f"fileset {fs}: no file_type")
        for f in body.get("files") or []:
            if not isinstance(f, str) or not os.path.isfile(os.path.join(root, f)):
                p.append(f"fileset {fs}: listed file does not exist: {f}")
        for d in body.get("depend") or []:
            if vln(d) not in known_vlns:
                p.append(f"fileset {fs}: depends on {d}, which is no core of this repository")
    params = doc.get("parameters") or {}
    for pn, body in params.items():
        body = body or {}
        if set(body) - CAPI2_PARAM_KEYS:
            p.append(f"parameter {pn}: unknown keys {sorted(set(body) - CAPI2_PARAM_KEYS)}")
        if body.get("datatype") not in ("bool", "file", "int", "real", "str"):
            p.append(f"parameter {pn}: datatype {body.get('datatype')!r}")
        if body.get("paramtype") not in ("cmdlinearg", "generic", "plusarg", "vlogdefine",
                                         "vlogparam"):
            p.append(f"parameter {pn}: paramtype {body.get('paramtype')!r}")
    targets = doc.get("targets") or {}
    if "default" not in targets:
        p.append("no 'default' target (used when another core depends on this one)")
    for tn, body in targets.items():
        body = body or {}
        if set(body) - CAPI2_TARGET_KEYS:
            p.append(f"target {tn}: unknown keys {sorted(set(body) - CAPI2_TARGET_KEYS)}")
        for fs in body.get("filesets") or []:
            if fs not in filesets:
                p.append(f"target {tn}: unknown fileset {fs}")
        for pn in body.get("parameters") or []:
            if pn.split("=")[0] not in params:
                p.append(f"target {tn}: unknown parameter {pn}")
        tools = body.get("tools") or {}
        tool = body.get("default_tool")
        if tool and tool not in tools:
            p.append(f"target {tn}: default_tool {tool} has no tools section")
        if "verilator" in tools:
            mode = (tools["verilator"] or {}).get("mode", "cc")
            if mode not in VERILATOR_MODES:
                p.append(f"target {tn}: verilator mode {mode!r}")
        if tn != "default" and not body.get("toplevel"):
            p.append(f"target {tn}: no toplevel")
    return p


def target_files(doc, target, file_type_prefix):
    out = []
    for fs in (doc.get("targets", {}).get(target) or {}).get("filesets") or []:
        body = doc["filesets"][fs] or {}
        if (body.get("file_type") or "").startswith(file_type_prefix):
            out.extend(body.get("files") or [])
    return out


def flatten(cores_by_vln, vln_, target="default", seen=None):
    """Sources of core `vln_`: dependencies first (their default target), then its own."""
    seen = set() if seen is None else seen
    if vln_ in seen:
        return []
    seen.add(vln_)
    name, doc = cores_by_vln[vln_]
    files = []
    for fs in (doc.get("targets", {}).get(target) or {}).get("filesets") or []:
        for d in (doc["filesets"][fs] or {}).get("depend") or []:
            if vln(d) in cores_by_vln:
                files.extend(f for f in flatten(cores_by_vln, vln(d), "default", seen)
                             if f not in files)
    files.extend(f for f in target_files(doc, target, "systemVerilogSource") if f not in files)
    return files


def edalize_run(args, cores_by_vln, vln_, target, work):
    """A Verilator target of a core (`lint` or `sim`) the way FuseSoC + Edalize's Verilator
    backend run it: the files exported to src/<core>/<path>, a .vc file (--<mode>, the vlt
    files, the sources, --top-module, --exe, the C++ sources, -G<param>=<default>), then
    `verilator -f <vc> <verilator_options>`; for a C++ mode also `make -f V<top>.mk` and a run
    of ./V<top>. (clean, diagnostics)."""
    name, doc = cores_by_vln[vln_]
    tgt = doc["targets"][target]
    order, seen = [], set()

    def collect(v, tname):
        if v in seen or v not in cores_by_vln:  # an unknown dependency is reported elsewhere
            return
        seen.add(v)
        _, d = cores_by_vln[v]
        for fs in (d["targets"].get(tname) or {}).get("filesets") or []:
            for dep in (d["filesets"][fs] or {}).get("depend") or []:
                collect(vln(dep), "default")
        for fs in (d["targets"].get(tname) or {}).get("filesets") or []:
            body = d["filesets"][fs] or {}
            for f in body.get("files") or []:
                order.append((d["name"], f, body.get("file_type") or ""))

    collect(vln_, target)
    missing = [f for _, f, _ in order if not os.path.isfile(os.path.join(args.root, f))]
    if missing:
        return False, [f"listed file does not exist: {f}" for f in missing]
    tool = (tgt.get("tools") or {}).get("verilator") or {}
    mode = tool.get("mode", "cc")
    top = tgt["toplevel"]
    vlt, vlog, cpp = [], [], []
    for core_name, f, ftype in order:
        dst = os.path.join(work, "src", core_name.replace(":", "_"), f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(args.root, f), dst)
        if ftype == "vlt":
            vlt.append(dst)
        elif ftype.startswith(("systemVerilogSource", "verilogSource")):
            vlog.append(dst)
        elif ftype in ("cppSource", "cSource"):
            cpp.append(dst)
    vc = ["--Mdir .", f"--{mode}"] + vlt + vlog + [f"--top-module {top}", "--exe"] + cpp
    params = doc.get("parameters") or {}
    for pn in tgt.get("parameters") or []:
        key, _, val = pn.partition("=")
        val = val or (params.get(key) or {}).get("default")
        if val is not None:
            vc.append(f"-G{key}={val}")
    with open(os.path.join(work, f"{target}.vc"), "w") as f:
        f.write("\n".join(vc) + "\n")
    rc, out = run([args.verilator, "-f", f"{target}.vc"] + (tool.get("verilator_options") or []),
                  cwd=work)
    diags = [ln for ln in out.splitlines() if ln.strip()]
    if rc != 0 or any(ln.startswith("%") for ln in diags) or mode == "lint-only":
        return rc == 0 and not any(ln.startswith("%") for ln in diags), diags
    rc, out = run(["make", "-s", "-f", f"V{top}.mk", f"V{top}"], cwd=work)
    if rc != 0:
        return False, [f"make -f V{top}.mk failed:"] + out.splitlines()[-20:]
    rc, out = run([f"./V{top}"], cwd=work)
    return rc == 0, out.splitlines()[-20:]


def check_fusesoc(res, args, cfg_cores):
    res.section("[fusesoc] *.core files")
    docs = load_cores_files(res, args.root)
    cores_by_vln = {}
    for name, doc in docs.items():
        cores_by_vln[vln(doc.get("name") or name)] = (name, doc)
    for name, doc in docs.items():
        probs = core_problems(name, doc, args.root, set(cores_by_vln))
        res.check(not probs, f"{name}: CAPI2 structure, every listed file exists", probs)
    in_cores = set()
    by_top = {}
    for v, (name, doc) in cores_by_vln.items():
        try:
            files = flatten(cores_by_vln, v)
        except (KeyError, TypeError, AttributeError) as e:
            res.check(False, f"{name}: resolvable default target", [repr(e)])
            continue
        in_cores.update(files)
        top = ((doc.get("targets") or {}).get("lint") or {}).get("toplevel")
        by_top[top] = (v, name, doc, files)
    sources = sorted(os.path.relpath(p, args.root) for p in glob.glob(os.path.join(args.root, "rtl", "**", "*.sv"), recursive=True))
    res.check(set(sources) <= in_cores, "every rtl/**/*.sv is in a FuseSoC core",
              [f"in no core: {f}" for f in sources if f not in in_cores])
    for e in cfg_cores:
        if args.core and e["core"] not in args.core:
            continue
        fl = os.path.join(args.root, e["filelist"])
        if not os.path.isfile(fl):
            continue
        if not res.check(e["top"] in by_top, f"{e['core']}: has a FuseSoC core (lint toplevel {e['top']})"):
            continue
        v, name, doc, files = by_top[e["top"]]
        try:
            flist = read_filelist(fl, args.root)
        except ListError as ex:
            res.check(False, f"{name}: file list readable", [str(ex)])
            continue
        diff = [f"{e['filelist']}: {flist}", f"{name} (dependencies first): {files}"]
        res.check(files == flist, f"{name}: rtl files == {e['filelist']} (order and content)",
                  diff)
        top_src = os.path.join(args.root, flist[-1])
        rtl_params = top_parameters(top_src, e["top"])
        probs = []
        for pn, body in (doc.get("parameters") or {}).items():
            body = body or {}
            if body.get("paramtype") != "vlogparam":
                continue
            if pn not in rtl_params:
                probs.append(f"{pn}: no such parameter on {e['top']}")
            elif body.get("default") is not None and str(body["default"]) != rtl_params[pn]:
                probs.append(f"{pn}: default {body['default']} != RTL default {rtl_params[pn]}")
        for pn in rtl_params:
            if pn not in (doc.get("parameters") or {}):
                probs.append(f"{pn}: RTL parameter missing from the core's parameters")
        res.check(not probs, f"{name}: vlogparams == the parameters of {e['top']}, same defaults",
                  probs)
        for tn in ("default", "lint", "sim"):
            t = (doc.get("targets") or {}).get(tn)
            ok = t is not None and sorted(p.split("=")[0] for p in t.get("parameters") or []) == \
                sorted(doc.get("parameters") or {})
            res.check(ok, f"{name}: target {tn} exists and exposes every parameter")
        lint_t = (doc.get("targets") or {}).get("lint") or {}
        vlts = target_files(doc, "lint", "vlt")
        opts = ((lint_t.get("tools") or {}).get("verilator") or {}).get("verilator_options") or []
        res.check(lint.WAIVER in vlts and "-Wall" in opts and
                  ((lint_t.get("tools") or {}).get("verilator") or {}).get("mode") == "lint-only",
                  f"{name}: lint target = verilator lint-only -Wall with {lint.WAIVER}")
        if "verilator" in args.tools:
            with tempfile.TemporaryDirectory(prefix="fmc_fusesoc_") as work:
                ok, diags = edalize_run(args, cores_by_vln, v, "lint", work)
            res.check(ok, f"{name}: lint target, run as FuseSoC/Edalize would (exported files), "
                          "clean", diags)
    # primitives (cores without a .f): their lint target, as FuseSoC would run it
    if "verilator" in args.tools:
        cfg_tops = {e["top"] for e in cfg_cores}
        for top, (v, name, doc, files) in sorted(by_top.items(), key=lambda x: str(x[0])):
            if top in cfg_tops or (args.core and top not in args.core) or top is None:
                continue
            with tempfile.TemporaryDirectory(prefix="fmc_fusesoc_") as work:
                ok, diags = edalize_run(args, cores_by_vln, v, "lint", work)
            res.check(ok, f"{name}: lint target, run as FuseSoC/Edalize would, clean", diags)


def check_fusesoc_sim(args):
    """Every core's `sim` target, built and run as FuseSoC/Edalize would (the smoke main)."""
    res = Result()
    res.section("[fusesoc sim] sim targets built and run as FuseSoC/Edalize would")
    docs = load_cores_files(res, args.root)
    cores_by_vln = {vln(doc.get("name") or n): (n, doc) for n, doc in docs.items()}
    for v, (name, doc) in sorted(cores_by_vln.items()):
        top = ((doc.get("targets") or {}).get("sim") or {}).get("toplevel")
        if top is None or (args.core and top not in args.core):
            continue
        t0 = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="fmc_fusesoc_sim_") as work:
            ok, diags = edalize_run(args, cores_by_vln, v, "sim", work)
        res.check(ok, f"{name}: sim target builds and its smoke run passes "
                      f"({time.monotonic() - t0:.0f} s): {diags[-1] if diags else ''}", diags)
    return res


# ---------------------------------------------------------------------------------------------
# Self-test: every check above fails on a broken copy of the repository
# ---------------------------------------------------------------------------------------------
def _edit(path, old, new, regex=False):
    with open(path) as f:
        text = f.read()
    out = re.sub(old, new, text, count=1, flags=re.M) if regex else text.replace(old, new, 1)
    if out == text:
        raise ListError(f"mutation does not apply to {path}: {old!r} not found")
    with open(path, "w") as f:
        f.write(out)


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


ENC_F = "rtl/ebpc/ebpc_encoder.f"
ENC_SV = "rtl/ebpc/ebpc_encoder.sv"
ENC_CORE = "fmcodec_ebpc_encoder.core"
V, Y, VY = ("verilator",), ("yosys",), ("verilator", "yosys")

# (name, tools, core, mutation(root), failures expected (substrings, all must occur))
MUTATIONS = [
    ("unchanged copy", VY, "ebpc_encoder", lambda r: None, []),
    ("file removed from the .f (Verilator)", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_F}", "rtl/ebpc/ebpc_encoder_symbol.sv\n", ""),
     ["Verilator lint-only -Wall --assert from the .f alone", "order and content",
      "is in a .f or in STANDALONE"]),
    ("file removed from the .f (Yosys)", Y, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_F}", "rtl/ebpc/ebpc_encoder_symbol.sv\n", ""),
     ["Yosys read_verilog -sv + hierarchy -check from the .f alone"]),
    ("top moved first in the .f", V, "ebpc_encoder",
     lambda r: (_edit(f"{r}/{ENC_F}", "rtl/ebpc/ebpc_encoder.sv\n", ""),
                _edit(f"{r}/{ENC_F}", "rtl/prim/fmc_bit_packer.sv", "rtl/ebpc/ebpc_encoder.sv\nrtl/prim/fmc_bit_packer.sv")),
     ["in dependency order", "defined in the last file", "order and content"]),
    ("search-path option in the .f", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_F}", "rtl/prim/fmc_bit_packer.sv", "-y rtl\nrtl/prim/fmc_bit_packer.sv"),
     ["file list readable"]),
    ("unused file in the .f", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_F}", "rtl/prim/fmc_bit_packer.sv", "rtl/prim/fmc_fifo.sv\nrtl/prim/fmc_bit_packer.sv"),
     ["every listed file is used", "order and content"]),
    ("source file in no .f and no core", V, "ebpc_encoder",
     lambda r: _write(f"{r}/rtl/prim/fmc_orphan.sv", "module fmc_orphan;\nendmodule\n"),
     ["is in a .f or in STANDALONE", "is in a FuseSoC core"]),
    ("lint warning in the top (Verilator)", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_SV}", r"^endmodule", "  logic selftest_dangling;\n"
                     "  assign selftest_dangling = in_valid_i;\nendmodule", True),
     ["w8_b8 (DataWidth=8 BlockSize=8): Verilator", "lint target, run as FuseSoC"]),
    ("implicit net in the top (Yosys)", Y, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_SV}", r"^endmodule", "  assign selftest_implicit = 1'b0;\nendmodule", True),
     ["w8_b8 (DataWidth=8 BlockSize=8): Yosys"]),
    ("parameter check weakened (Verilator)", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_SV}", "BlockSize <= DataWidth &&", "1'b1 &&"),
     ["illegal DataWidth=8 BlockSize=16: Verilator rejects it"]),
    ("parameter check weakened (Yosys)", Y, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_SV}", "BlockSize <= DataWidth &&", "1'b1 &&"),
     ["illegal DataWidth=8 BlockSize=16: Yosys rejects it"]),
    ("primitive parameter check removed", VY, "fmc_fifo",
     lambda r: _edit(f"{r}/rtl/prim/fmc_fifo.sv", "(Depth & (Depth - 1)) != 0", "1'b0"),
     ["fmc_fifo illegal Depth=3: Verilator rejects", "fmc_fifo illegal Depth=3: Yosys rejects"]),
    ("file dropped from the .core", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_CORE}", "      - rtl/ebpc/ebpc_encoder_bpc.sv\n", ""),
     ["order and content", "is in a FuseSoC core"]),
    ("two files swapped in the .core", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_CORE}", "rtl/ebpc/ebpc_encoder_symbol.sv\n      - rtl/ebpc/ebpc_encoder_collect",
                     "rtl/ebpc/ebpc_encoder_collect.sv\n      - rtl/ebpc/ebpc_encoder_symbol"),
     ["order and content"]),
    ("missing file in the .core", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_CORE}", "rtl/ebpc/ebpc_encoder_bpc.sv", "rtl/ebpc/ebpc_encoder_bpcx.sv"),
     ["every listed file exists"]),
    ("unknown dependency in the .core", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_CORE}", "fmcodec:prim:bit_packer", "fmcodec:prim:bit_packr"),
     ["CAPI2 structure", "order and content"]),
    ("wrong parameter default in the .core", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_CORE}", r"(  BlockSize:\n    datatype: int\n    default: )8",
                     r"\g<1>16", True),
     ["same defaults", "lint target, run as FuseSoC"]),
    ("waiver left out of the lint target", V, "ebpc_encoder",  # first such pair: target lint
     lambda r: _edit(f"{r}/{ENC_CORE}", "      - rtl\n      - files_lint\n", "      - rtl\n"),
     ["with rtl/lint.vlt", "lint target, run as FuseSoC"]),
    ("file order wrong in the integration guide", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{INTEGRATION_DOC}", "`ebpc_encoder_symbol.sv`, `ebpc_encoder_collect.sv`",
                     "`ebpc_encoder_collect.sv`, `ebpc_encoder_symbol.sv`"),
     ["files of ebpc_encoder listed as in"]),
    ("port missing from the integration guide", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{INTEGRATION_DOC}", r"^\| `bpc_last_o` \|.*\n", "", True),
     ["port table of ebpc_encoder"]),
    ("port direction wrong in the integration guide", V, "ebpc_decoder",
     lambda r: _edit(f"{r}/{INTEGRATION_DOC}", "| `cmd_ready_o` | out |", "| `cmd_ready_o` | in |"),
     ["port table of ebpc_decoder"]),
    ("parameter missing from the integration guide", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{INTEGRATION_DOC}", r"^\| `BpcSlackWords` \|.*\n", "", True),
     ["parameter table covers every parameter of ebpc_encoder"]),
    ("malformed YAML in the .core", V, "ebpc_encoder",
     lambda r: _edit(f"{r}/{ENC_CORE}", "  files_lint:\n", "  files_lint:\n   oops: 1\n"),
     ["readable CAPI2 file"]),
]


def selftest(args):
    """Runs the checks on mutated copies of the repository; each must fail as expected."""
    res = Result()
    res.section("[selftest] each check fails on a broken copy (core files, lists, RTL)")
    keep = (glob.glob(os.path.join(args.root, "rtl", "**", "*.sv"), recursive=True)
            + glob.glob(os.path.join(args.root, "rtl", "**", "*.f"), recursive=True)
            + glob.glob(os.path.join(args.root, "*.core"))
            + glob.glob(os.path.join(args.root, "verif", "fusesoc", "*"))
            + [os.path.join(args.root, INTEGRATION_DOC)]
            + [os.path.join(args.root, lint.WAIVER), os.path.join(args.root, lint.CONFIGS)])
    with tempfile.TemporaryDirectory(prefix="fmc_filelists_selftest_") as tmp:
        base = os.path.join(tmp, "base")
        for p in keep:
            dst = os.path.join(base, os.path.relpath(p, args.root))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(p, dst)
        for i, (name, tools, core, mutate, expects) in enumerate(MUTATIONS):
            sub = argparse.Namespace(**vars(args))
            sub.root = os.path.join(tmp, f"m{i}")
            sub.tools = [t for t in tools if t in args.tools]
            sub.core, sub.only = [core], ["w8_b8"]
            if not sub.tools:
                continue
            shutil.copytree(base, sub.root)
            try:
                mutate(sub.root)
            except ListError as e:
                res.check(False, f"{name}: mutation applies", [str(e)])
                continue
            r = run_checks(sub, verbose=False)
            missing = [x for x in expects if not any(x in f for f in r.fails)]
            if not expects:
                res.check(not r.fails, f"{name}: every check passes ({r.passes})", r.fails)
            else:
                res.check(not missing, f"{name}: fails ({len(r.fails)} checks), as expected",
                          [f"expected a failure containing: {x}" for x in missing] +
                          [f"failures seen: {f}" for f in r.fails])
            shutil.rmtree(sub.root)
    return res.fails, res.passes


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------
def run_checks(args, verbose=True):
    res = Result(verbose)
    try:
        cfg_cores = lint.load_cores(args.root)
    except (ListError, OSError, ValueError) as e:
        res.check(False, f"{lint.CONFIGS} readable", [str(e)])
        return res
    for e in cfg_cores:
        if args.core and e["core"] not in args.core:
            continue
        if not os.path.isfile(os.path.join(args.root, e["filelist"])):
            res.section(f"[core {e['core']}] skipped: {e['filelist']} does not exist yet")
            continue
        check_core(res, args, e)
    if not args.core or any(p in args.core for p in lint.PRIMITIVES):
        check_primitives_illegal(res, args)
    check_completeness(res, args.root, cfg_cores)
    check_fusesoc(res, args, cfg_cores)
    check_docs(res, args, cfg_cores)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=lint.REPO_ROOT, help="repository root (default: this checkout)")
    ap.add_argument("--verilator", default=os.environ.get("VERILATOR", "verilator"))
    ap.add_argument("--yosys", default=os.environ.get("YOSYS", "yosys"))
    ap.add_argument("--tools", default="verilator,yosys",
                    help="comma-separated subset of verilator,yosys (default: both)")
    ap.add_argument("--core", action="append", default=[], help="only this core")
    ap.add_argument("--only", action="append", default=[], metavar="CONFIG",
                    help="only this named configuration")
    ap.add_argument("--selftest", action="store_true",
                    help="prove that every check fails on a broken copy of the repository")
    ap.add_argument("--fusesoc-sim", action="store_true",
                    help="only build and run every core's FuseSoC `sim` target (compiles C++)")
    args = ap.parse_args(argv)
    args.root = os.path.abspath(args.root)
    args.tools = [t for t in args.tools.split(",") if t]
    for t in args.tools:
        exe = {"verilator": args.verilator, "yosys": args.yosys}.get(t)
        if exe is None or shutil.which(exe) is None:
            print(f"check_filelists: error: tool {t!r} not found ({exe})", file=sys.stderr)
            return 1
    t0 = time.monotonic()
    if args.fusesoc_sim:
        res = check_fusesoc_sim(args)
        fails, passes = res.fails, res.passes
    elif args.selftest:
        fails, passes = selftest(args)
    else:
        res = run_checks(args)
        fails, passes = res.fails, res.passes
    print(f"check_filelists: {time.monotonic() - t0:.1f} s")
    if fails:
        print("check_filelists: FAILED:")
        for f in fails:
            print(f"  - {f}")
    print(f"{passes} passed, {len(fails)} failed")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
