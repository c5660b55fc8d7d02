# SPDX-License-Identifier: Apache-2.0
"""The cores table (synth/configs.json) and the file-list grammar: the one reader every Python
tool uses (synth_area.py, gatesim.py, lint.py, check_filelists.py, verif/regress.py).
verif/CMakeLists.txt reads the same table and the same file lists with CMake's JSON support.

File-list grammar: one path per line, relative to the repository root, in dependency order (a
module's file before the file that instantiates it; the top last); blank lines and lines starting
with '#' are ignored. Nothing else: no options, no include directories, no search paths, no
nested lists. Only the Python standard library is used.
"""

import json
import os

TABLE = "synth/configs.json"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ListError(Exception):
    """A malformed or inconsistent file list or cores table; the message says why."""


def load_table(root=REPO_ROOT, path=None):
    """The whole table, validated: every core and self-test entry has core, top, filelist and
    configs (clock and reset default to clk_i / rst_ni, illegal to []), configuration names are
    unique per core, each configuration has a name and params."""
    path = path or os.path.join(root, TABLE)
    name = os.path.relpath(path, root)
    with open(path) as f:
        table = json.load(f)
    for group in ("cores", "selftest"):
        for e in table.get(group, []):
            for key in ("core", "top", "filelist", "configs"):
                if key not in e:
                    raise ListError(f"{name}: {group} entry without '{key}': {e}")
            e.setdefault("clock", "clk_i")
            e.setdefault("reset", "rst_ni")
            e.setdefault("illegal", [])
            names = []
            for c in e["configs"]:
                if "name" not in c or "params" not in c:
                    raise ListError(f"{name}: {e['core']}: configuration without name or params: {c}")
                names.append(c["name"])
            if len(set(names)) != len(names):
                raise ListError(f"{name}: {e['core']}: duplicate configuration names")
    return table


def load_cores(root=REPO_ROOT):
    """The table's cores: [{core, top, filelist, clock, reset, illegal, configs: [...]}]."""
    return load_table(root)["cores"]


def read_filelist(path, root=REPO_ROOT):
    """The files of a file list, in order, as paths relative to root (see the grammar above).
    Anything else, a missing file or a file listed twice is a ListError."""
    files = []
    name = os.path.relpath(path, root)
    with open(path) as f:
        for n, line in enumerate(f, 1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if len(s.split()) != 1 or s.startswith(("-", "+", "/")):
                raise ListError(f"{name}:{n}: only one repo-relative path per line is allowed "
                                f"(verif/CMakeLists.txt reads the list line by line): {s!r}")
            if not s.endswith((".sv", ".v")):
                raise ListError(f"{name}:{n}: not a Verilog/SystemVerilog source: {s!r}")
            if os.path.normpath(s) != s:
                raise ListError(f"{name}:{n}: path not normalized: {s!r}")
            if not os.path.isfile(os.path.join(root, s)):
                raise ListError(f"{name}:{n}: listed file does not exist: {s}")
            if s in files:
                raise ListError(f"{name}:{n}: file listed twice: {s}")
            files.append(s)
    if not files:
        raise ListError(f"{name}: empty file list")
    return files


def cosim_runs(root=REPO_ROOT, path=None):
    """(role, configuration) of every co-simulated configuration: a core named <codec>_<role>
    (encoder, decoder) runs in each of its configurations with "cosim": true, and each codec runs
    loopback (encoder -> decoder) in each configuration name both its cores have."""
    per_codec = {}
    for core in load_table(root, path)["cores"]:
        codec, role = core["core"].rsplit("_", 1)
        names = [c["name"] for c in core["configs"] if c.get("cosim")]
        per_codec.setdefault(codec, {})[role] = names
    runs = []
    for codec, roles in per_codec.items():
        for role, names in roles.items():
            runs += [(role, n) for n in names]
        both = [n for n in roles.get("encoder", []) if n in roles.get("decoder", [])]
        runs += [("loopback", n) for n in both]
    return runs
