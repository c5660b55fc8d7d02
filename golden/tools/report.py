#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`make report`: renders docs/results.md and its plots from the generated results of
`make results` (docs/results/: stat.json, stat.csv, stat-layers.md, sim.csv, sim.md, area.json,
grlc-design.md, dct-design.md, mcrc-design.md, bench.json, regress.md, perf.md). Every figure of
the report is read from those files; nothing is typed in by hand.

    report.py [--results docs/results] [--md docs/results.md] [--plots docs/results/plots]
              [--headline docs/results/headline.md] [--readme README.md] [--gnuplot gnuplot]

Writes the Markdown report, the headline table (also between the `results:begin`/`results:end`
markers of --readme when given), and per plot its gnuplot data (.dat), script (.gp), SVG and PNG.
A missing or malformed input is an error (exit 1) naming the file. Python standard library and
gnuplot only.
"""
import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
from collections import OrderedDict, defaultdict

CLASSES = [("relu6", "int8"), ("linear", "int8"), ("relu6", "int16"), ("linear", "int16")]
# What the report would like to show per codec/baseline column of stat (label, description);
# a column absent from stat.json is reported as absent.
WANTED = OrderedDict([
    ("ebpc", "EBPC (8/8 for int8, 16/16 block 16 for int16)"),
    ("zvc", "ZVC"),
    ("grlc", "GRLC (default parameters)"),
    ("dct", "DCT (lossy, default quality)"),
    ("mcrc", "MCRC (lossless)"),
    ("zrle", "zero-RLE"),
    ("bpc", "plain BPC"),
    ("zstd3", "zstd -3"),
    ("zstd19", "zstd -19"),
    ("lz4", "lz4"),
    ("xz9", "xz -9"),
    ("jpegls", "JPEG-LS"),
    ("entropy", "order-0 entropy bound (m/H)"),
])
CORE_CODECS = ["ebpc", "zvc", "grlc", "dct", "mcrc"]
COLORS = ["#1f77b4", "#aec7e8", "#d62728", "#ff9896", "#2ca02c", "#98df8a", "#9467bd", "#c5b0d5",
          "#ff7f0e", "#ffbb78", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"]
DCT_FAMILY = "4x4 S+TS edge dz3"  # the family docs/dct-format.md names as the DCT format
LSB_FAMILIES = ["LSB-drop + mcrc", "LSB-drop + grlc", "LSB-drop + ebpc", "LSB-drop + zvc",
                "LSB-drop trunc + ebpc"]
INPUTS = ["stat.json", "stat.csv", "stat.md", "stat-layers.md", "sim.csv", "sim.md", "area.json",
          "grlc-design.md", "dct-design.md", "mcrc-design.md", "bench.json", "regress.md",
          "perf.md"]


class InputError(Exception):
    """A missing or malformed input file (the message names it)."""


# ---------------------------------------------------------------------------------------------
# Reading the generated files


def read_text(d, name):
    path = os.path.join(d, name)
    if not os.path.isfile(path):
        raise InputError(f"missing input {path} (make results FMAPS=... writes it)")
    with open(path) as f:
        return f.read()


def md_tables(text):
    """[(heading, [row dicts])] of every Markdown table of `text`, each with the last heading
    above it; cells keyed by the header row."""
    out, heading, rows, header = [], "", None, None
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header = cells
            elif set("".join(cells)) <= set("-: "):
                rows = []
            elif rows is not None:
                rows.append(dict(zip(header, cells)))
            continue
        if header is not None and rows is not None:
            out.append((heading, rows))
        header, rows = None, None
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
    return out


def first_command(text):
    """The first `...` span of a generated file's preamble (before its first table)."""
    pre = text.split("\n|", 1)[0]
    m = re.search(r"`([^`]+)`", pre)
    return m.group(1) if m else ""


def fnum(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def load(d):
    """Every input, parsed."""
    r = {"dir": d, "text": {n: read_text(d, n) for n in INPUTS}}
    try:
        r["stat"] = json.loads(r["text"]["stat.json"])
        r["area"] = json.loads(r["text"]["area.json"])
        r["bench"] = json.loads(r["text"]["bench.json"])
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON in {d}: {e}")
    r["stat_rows"] = list(csv.DictReader(r["text"]["stat.csv"].splitlines()))
    r["sim_rows"] = list(csv.DictReader(r["text"]["sim.csv"].splitlines()))
    if not r["stat_rows"] or not r["sim_rows"]:
        raise InputError(f"{d}: stat.csv or sim.csv has no rows")
    for need in ("kind", "dtype", "name", "sparsity", "entropy_bound"):
        if need not in r["stat_rows"][0]:
            raise InputError(f"{d}/stat.csv: no column {need}")
    for need in ("tensor", "codec", "config", "ratio", "enc_words_per_cycle", "dec_words_per_cycle"):
        if need not in r["sim_rows"][0]:
            raise InputError(f"{d}/sim.csv: no column {need}")
    r["dct"] = md_tables(r["text"]["dct-design.md"])
    r["grlc"] = md_tables(r["text"]["grlc-design.md"])
    if not any(rows for _, rows in r["dct"]) or not any(rows for _, rows in r["grlc"]):
        raise InputError(f"{d}: no table in dct-design.md or grlc-design.md")
    return r


# ---------------------------------------------------------------------------------------------
# Figures


def p1(values):
    """1st percentile, nearest rank."""
    v = sorted(values)
    return v[max(0, math.ceil(0.01 * len(v)) - 1)]


def mean(values):
    return sum(values) / len(values)


def sim_kind(tensor):
    """relu6 or linear from a tensor file name (the ReLU layers' names end in _relu)."""
    return "relu6" if "_relu_" in tensor else "linear"


def sim_dtype(tensor):
    return "int16" if tensor.endswith("_int16.npy") else "int8"


def fmt(x, nd=2):
    return "—" if x is None else f"{x:.{nd}f}"


def stat_columns(r):
    cols = list(r["stat"]["columns"])
    return [c for c in WANTED if c in cols or c == "entropy"], [c for c in WANTED
                                                              if c not in cols and c != "entropy"]


def ratio_table(r):
    """Per codec/baseline column of stat.csv: mean and 1st percentile per class and overall."""
    present, absent = stat_columns(r)
    rows = r["stat_rows"]
    out = ["| codec | " + " | ".join(f"{k} {t}: mean / p1" for k, t in CLASSES)
           + " | all: mean / p1 |", "|---|" + "---:|" * (len(CLASSES) + 1)]
    for c in present:
        key = "entropy_bound" if c == "entropy" else f"{c}_ratio"
        cells = []
        for k, t in CLASSES + [(None, None)]:
            v = [float(x[key]) for x in rows if k is None or (x["kind"] == k and x["dtype"] == t)]
            cells.append(f"{mean(v):.3f} / {p1(v):.3f}" if v else "—")
        out.append(f"| {WANTED[c]} | " + " | ".join(cells) + " |")
    return out, absent


def check_stat_means(r):
    """stat.csv must be the run of stat.json: the per-group means agree."""
    for g in r["stat"]["groups"]:
        name = g["group"]
        sel = [x for x in r["stat_rows"] if name == "all" or f"{x['kind']} {x['dtype']}" == name]
        for c, v in g["mean_ratio"].items():
            m = mean([float(x[f"{c}_ratio"]) for x in sel])
            if abs(m - v) > 1e-3:
                raise InputError(f"stat.csv and stat.json disagree ({name} {c}: {m:.4f} vs {v})")


def loss_table(r):
    out = ["| group | codec | mean PSNR dB | max abs err | exact values |", "|---|---|---:|---:|---:|"]
    for g in r["stat"]["groups"]:
        for c, l in g.get("loss", {}).items():
            ps = l.get("mean_psnr_db")
            out.append(f"| {g['group']} | {c} | {'exact' if ps is None else f'{ps:.2f}'} | "
                       f"{l['max_abs_err']} | {100 * l['exact_fraction']:.1f} % |")
    return out


def config_table(r):
    """Every co-simulated configuration's ratio (sim.csv) per class: mean / p1; configurations
    whose ratios equal an earlier one's (same format, other buffers) are folded into it."""
    per = OrderedDict()
    for x in r["sim_rows"]:
        per.setdefault((x["codec"], x["config"]), []).append(x)
    seen, out = {}, []
    out += ["| codec | configuration | " + " | ".join(f"{k} {t}: mean / p1" for k, t in CLASSES)
            + " | mean PSNR dB |", "|---|---|" + "---:|" * (len(CLASSES) + 1)]
    for (codec, cfg), xs in per.items():
        sig = (codec, tuple(x["ratio"] for x in xs))
        if sig in seen:
            seen[sig][1].append(cfg)
            continue
        cells = []
        for k, t in CLASSES:
            v = [float(x["ratio"]) for x in xs if sim_kind(x["tensor"]) == k and sim_dtype(x["tensor"]) == t]
            cells.append(f"{mean(v):.3f} / {p1(v):.3f}" if v else "")
        ps = [fnum(x["psnr"]) for x in xs if fnum(x.get("psnr")) not in (None, math.inf)]
        row = [codec, cfg, cells, f"{mean(ps):.2f}" if ps else ""]
        seen[sig] = (row, [])
        out.append(row)
    lines = out[:2]
    for row in out[2:]:
        codec, cfg, cells, ps = row
        same = seen[(codec, tuple(x["ratio"] for x in per[(codec, cfg)]))][1]
        name = cfg + (f" (= {', '.join(same)})" if same else "")
        lines.append(f"| {codec} | {name} | " + " | ".join(cells) + f" | {ps} |")
    return lines


def grlc_best(r):
    """Per class of grlc-design.md: the candidate with the best mean ratio."""
    rows = [x for _, rows in r["grlc"] for x in rows]
    cols = [c for c in rows[0] if c != "candidate"]
    out = ["| class (grlc-design.md) | best candidate | mean / min / total | stat grlc (default): mean |",
           "|---|---|---|---:|"]
    for c in cols:
        best = max(rows, key=lambda x: fnum(x[c].split("/")[0]))
        m = re.match(r"(int\d+) (\w+)", c)
        dtype, kind = m.group(1), ("relu6" if m.group(2) == "relu" else "linear")
        v = [float(x["grlc_ratio"]) for x in r["stat_rows"] if x["kind"] == kind and x["dtype"] == dtype]
        out.append(f"| {c.split(':')[0]} | {best['candidate']} | {best[c]} | {mean(v):.3f} |")
    return out


def dct_rows(r):
    """{class heading: [rows]} of the main tables of dct-design.md ("int8 relu (105 tensors)")."""
    return {h: rows for h, rows in r["dct"] if rows and "family" in rows[0] and "setting" in rows[0]}


def dct_points(r):
    """The DCT family's rows at s = 6, 7, 8 per class."""
    out = ["| class | setting | mean ratio | mean PSNR dB | max abs err | exact values |",
           "|---|---|---:|---:|---:|---:|"]
    for h, rows in dct_rows(r).items():
        for x in rows:
            if x["family"] == DCT_FAMILY and x["setting"] in ("s=6", "s=7", "s=8"):
                out.append(f"| {h} | {x['setting']} | {x['mean ratio']} | {x['mean PSNR dB']} | "
                           f"{x['max abs err']} | {x['exact values']} |")
    return out


def area_rows(r):
    """Per core and configuration: area.json figures and sim.csv's mean words/cycle."""
    wpc = defaultdict(list)
    for x in r["sim_rows"]:
        for role, col in (("encoder", "enc_words_per_cycle"), ("decoder", "dec_words_per_cycle")):
            v = fnum(x[col])
            if v is not None and x[col] != "":
                wpc[(f"{x['codec']}_{role}", x["config"])].append(v)
    rows = []
    for a in r["area"]["results"]:
        w = wpc.get((a["core"], a["config"]))
        e = a.get("efficiency") or {}
        rows.append({"core": a["core"], "config": a["config"], "ge": a["ge_total"],
                     "ff": a["ff_count"], "mem": a["mem_bits"], "mem_ge": a.get("mem_ge_as_flops"),
                     "wpc": mean(w) if w else None, "eff": e.get("mean"), "worst": e.get("worst")})
    return rows


def area_table(r):
    out = ["| core | config | GE logic | FFs | RAM bits | RAM as FFs, GE | words/cycle (mean, sim.csv) | efficiency mean / worst |",
           "|---|---|---:|---:|---:|---:|---:|---|"]
    for a in area_rows(r):
        eff = f"{a['eff']:.3f} / {a['worst']:.3f}" if a["eff"] is not None else "not co-simulated on tensors"
        mem_ge = f"{a['mem_ge']:.0f}" if a["mem_ge"] else ""
        out.append(f"| {a['core']} | {a['config']} | {a['ge']:.0f} | {a['ff']} | {a['mem']} | "
                   f"{mem_ge} | {fmt(a['wpc'], 3)} | {eff} |")
    for ref in r["area"].get("references", []):
        out.append(f"| {ref['core']} | {ref['config']} | {ref['ge_total']} | {ref.get('ff_count', '')} | "
                   f" |  | — | reference: {ref['label']} |")
    return out


# ---------------------------------------------------------------------------------------------
# Plots (gnuplot)


def write_dat(path, header, rows):
    with open(path, "w") as f:
        f.write("# " + " ".join(header) + "\n")
        for row in rows:
            f.write(" ".join(str(v) for v in row) + "\n")


def render(gnuplot, plots, name, body):
    """Writes name.gp (SVG, then PNG of the same plot) and runs gnuplot in `plots`."""
    gp = os.path.join(plots, name + ".gp")
    with open(gp, "w") as f:
        f.write("# generated by golden/tools/report.py (make report); do not edit\n")
        f.write(f"set terminal svg size 900,540 dynamic noenhanced font 'sans,11'\nset output '{name}.svg'\n")
        f.write(body + "\n")
        f.write(f"set terminal pngcairo size 900,540 noenhanced font 'sans,10'\nset output '{name}.png'\nreplot\n")
    res = subprocess.run([gnuplot, name + ".gp"], cwd=plots, capture_output=True, text=True)
    if res.returncode != 0:
        raise InputError(f"gnuplot failed on {gp}: {res.stderr.strip()}")
    for ext in ("svg", "png"):
        p = os.path.join(plots, f"{name}.{ext}")
        if not os.path.isfile(p) or os.path.getsize(p) == 0:
            raise InputError(f"gnuplot wrote no {p}")


def q(s):
    """A text for a single-quoted gnuplot string (the terminals are noenhanced: no markup)."""
    return s.replace("'", "''")


def plot_layers(r, plots, gnuplot):
    """Mean ratio per MobileNetV2 layer (over the images) of every stat column, per data type."""
    present, _ = stat_columns(r)
    names = []
    for dtype in ("int8", "int16"):
        layers = OrderedDict()
        for x in sorted(r["stat_rows"], key=lambda x: os.path.basename(x["name"])):
            if x["dtype"] != dtype:
                continue
            layer = os.path.basename(x["name"]).rsplit("_", 1)[0]
            e = layers.setdefault(layer, defaultdict(list))
            for c in present:
                e[c].append(float(x["entropy_bound" if c == "entropy" else f"{c}_ratio"]))
        if not layers:
            continue
        name = f"ratio_per_layer_{dtype}"
        write_dat(os.path.join(plots, name + ".dat"), ["index", "layer"] + present,
                  [[i, k] + [f"{mean(v[c]):.4f}" for c in present] for i, (k, v) in enumerate(layers.items())])
        series = ", ".join(f"'{name}.dat' using 1:{i + 3} with linespoints pt {1 + i % 7} ps 0.5 "
                           f"lc rgb '{COLORS[i % len(COLORS)]}' dt {1 + i // 7} title '{q(c)}'"
                           for i, c in enumerate(present))
        render(gnuplot, plots, name,
               f"set title 'MobileNetV2 {dtype}: mean ratio per layer (stat.csv)'\n"
               "set xlabel 'layer index (stat-layers.md order)'\nset ylabel 'ratio (log scale)'\n"
               "set logscale y\nset yrange [0.5:*]\nset key outside right\nset grid\n" + "plot " + series)
        names.append(name)
    return names


def plot_sparsity(r, plots, gnuplot):
    """Per tensor: ratio against the fraction of zeros, the lossless cores and zstd -3."""
    cols = [c for c in ("ebpc", "zvc", "grlc", "mcrc", "zstd3") if f"{c}_ratio" in r["stat_rows"][0]]
    name = "ratio_vs_sparsity"
    write_dat(os.path.join(plots, name + ".dat"), ["sparsity"] + cols,
              [[x["sparsity"]] + [x[f"{c}_ratio"] for c in cols] for x in r["stat_rows"]])
    series = ", ".join(f"'{name}.dat' using 1:{i + 2} with points pt {5 + i} ps 0.5 "
                       f"lc rgb '{COLORS[2 * i % len(COLORS)]}' title '{q(c)}'"
                       for i, c in enumerate(cols))
    render(gnuplot, plots, name,
           "set title 'Ratio vs sparsity, every tensor (stat.csv)'\nset xlabel 'fraction of zeros'\n"
           "set ylabel 'ratio'\nset key left top\nset grid\nplot " + series)
    return [name]


def plot_dct(r, plots, gnuplot):
    """Ratio against mean PSNR of the DCT family beside the LSB-drop curves (dct-design.md)."""
    names = []
    for h, rows in dct_rows(r).items():
        fams = [DCT_FAMILY] + LSB_FAMILIES
        m = re.match(r"(int\d+) (\w+)", h)
        name = f"dct_psnr_{m.group(1)}_{m.group(2)}"
        series = []
        for i, fam in enumerate(fams):
            pts = [(fnum(x["mean PSNR dB"]), fnum(x["mean ratio"])) for x in rows if x["family"] == fam]
            pts = [p for p in pts if p[0] is not None and p[1] is not None]
            if not pts:
                continue
            dat = f"{name}_{i}.dat"
            write_dat(os.path.join(plots, dat), ["psnr_db", "ratio"], sorted(pts))
            w = "linespoints lw 2 pt 7" if i == 0 else "linespoints pt 6 ps 0.7"
            series.append(f"'{dat}' using 1:2 with {w} title '{q(fam)}'")
        render(gnuplot, plots, name,
               f"set title 'DCT vs LSB-drop, {h} (dct-design.md)'\nset xlabel 'mean PSNR, dB'\n"
               "set ylabel 'mean ratio'\nset key right top\nset grid\nplot " + ", ".join(series))
        names.append(name)
    return names


def plot_area(r, plots, gnuplot):
    """GE against mean words/cycle on the tensors of every co-simulated core configuration; the
    references of area.json (GE only: they carry no measured words/cycle) as vertical lines."""
    name = "ge_vs_words_per_cycle"
    rows = [a for a in area_rows(r) if a["wpc"] is not None]
    series, arrows = [], []
    for i, core in enumerate(OrderedDict.fromkeys(a["core"] for a in rows)):
        dat = f"{name}_{i}.dat"
        write_dat(os.path.join(plots, dat), ["ge", "words_per_cycle", "config"],
                  [[f"{a['ge']:.1f}", f"{a['wpc']:.4f}", a["config"]] for a in rows if a["core"] == core])
        color = COLORS[i % len(COLORS)]
        series.append(f"'{dat}' using 1:2 with points pt {5 + i % 8} ps 1 lc rgb '{color}' "
                      f"title '{q(core)}'")
        series.append(f"'{dat}' using 1:2:3 with labels offset 0,0.6 font ',6' tc rgb '{color}' "
                      "notitle")
    for j, ref in enumerate(r["area"].get("references", [])):
        arrows.append(f"set arrow from {ref['ge_total']},graph 0 to {ref['ge_total']},graph 1 nohead "
                      f"dt {2 + j % 3} lc rgb 'gray40'\n"
                      f"set label '{q(ref['core'].split('_')[1])}: {q(ref['label'].split()[0])} "
                      f"{ref['ge_total']}' at {ref['ge_total']},graph 0.02 rotate by 90 left "
                      "font ',7' tc rgb 'gray30'")
    render(gnuplot, plots, name,
           "set title 'Area vs throughput per core configuration (area.json, sim.csv)'\n"
           "set xlabel 'GE logic (log scale)'\nset ylabel 'mean words/cycle on the tensors'\n"
           "set logscale x\nset key outside right\nset grid\n" + "\n".join(arrows)
           + "\nplot " + ", ".join(series))
    return [name]


# ---------------------------------------------------------------------------------------------
# The report


def git(*args):
    try:
        return subprocess.run(["git"] + list(args), capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def headline(r):
    """Per core codec: ratio on ReLU and linear int8 (stat), the default configuration's GE and
    mean words/cycle of both cores."""
    rows = r["stat_rows"]
    area = {(a["core"], a["config"]): a for a in area_rows(r)}
    out = ["| codec | ratio ReLU int8 (mean) | ratio linear int8 (mean) | int8 config | GE encoder + decoder | words/cycle enc / dec |",
           "|---|---:|---:|---|---:|---|"]
    for c in CORE_CODECS:
        if f"{c}_ratio" not in rows[0]:
            continue
        relu = [float(x[f"{c}_ratio"]) for x in rows if x["kind"] == "relu6" and x["dtype"] == "int8"]
        lin = [float(x[f"{c}_ratio"]) for x in rows if x["kind"] == "linear" and x["dtype"] == "int8"]
        cfg = next((x["config"] for x in r["sim_rows"] if x["codec"] == c and x["tensor"].endswith("_int8.npy")), None)
        e, d = area.get((f"{c}_encoder", cfg)), area.get((f"{c}_decoder", cfg))
        ge = f"{e['ge']:.0f} + {d['ge']:.0f}" if e and d else "—"
        wpc = f"{fmt(e['wpc'], 3)} / {fmt(d['wpc'], 3)}" if e and d else "—"
        out.append(f"| {c.upper()} | {mean(relu):.2f} | {mean(lin):.2f} | {cfg} | {ge} | {wpc} |")
    return out


def report(r, md_path, plots, headline_path, gnuplot):
    os.makedirs(plots, exist_ok=True)
    check_stat_means(r)
    figs = OrderedDict()
    figs["layers"] = plot_layers(r, plots, gnuplot)
    figs["sparsity"] = plot_sparsity(r, plots, gnuplot)
    figs["dct"] = plot_dct(r, plots, gnuplot)
    figs["area"] = plot_area(r, plots, gnuplot)
    rel = os.path.relpath(plots, os.path.dirname(os.path.abspath(md_path)))
    res_rel = os.path.relpath(r["dir"], os.path.dirname(os.path.abspath(md_path)))

    def img(n):
        return f"![{n}]({rel}/{n}.svg) ([PNG]({rel}/{n}.png), [data and script]({rel}/{n}.gp))"

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    t = r["text"]
    corpus = r["stat"]["command"].split()[2] if len(r["stat"]["command"].split()) > 2 else "?"
    L = ["<!-- generated by golden/tools/report.py (make report); do not edit -->", "",
         "# Results", "",
         f"Rendered by `make report-render` at commit `{head}` from the generated results in "
         f"[{res_rel}/]({res_rel}/), which `make results FMAPS={corpus}` writes (`make report FMAPS=...` "
         "does both). Every number below is read from those files.", "",
         "## Inputs and the commands that produced them", "",
         "| file | command (from the file) | last commit of the file |", "|---|---|---|"]
    cmds = {"stat.json": r["stat"]["command"], "stat.csv": r["stat"]["command"] + " --csv",
            "sim.csv": first_command(t["sim.md"]) + " --csv",
            "bench.json": r["bench"].get("command", ""),
            "stat-layers.md": re.sub(r"^<!-- generated by (.*?);.*", r"\1", t["stat-layers.md"].splitlines()[0]),
            "area.json": f"{r['area'].get('generator', '')} ({r['area'].get('yosys', '')})"}
    for n in INPUTS:
        c = cmds.get(n) or first_command(t[n]) or re.sub(r"^<!-- generated by (.*?);.*", r"\1", t[n].splitlines()[0])
        L.append(f"| [{n}]({res_rel}/{n}) | `{c}` | {git('log', '-1', '--format=%h', '--', os.path.join(r['dir'], n)) or '—'} |")
    table, absent = ratio_table(r)
    L += ["", "## Compression ratio per codec", "",
          f"From stat.csv (`{r['stat']['command']}`), per tensor class and format: mean of the "
          "per-tensor ratios (input bits / stored bits) and the 1st percentile (nearest rank).", ""]
    L += table
    L += ["", "Absent from stat.json (not measured, not shown): "
          + (", ".join(WANTED[c] for c in absent) if absent else "none") + ".", "",
          "Loss of the lossy and near-lossless codecs (stat.json):", ""] + loss_table(r)
    L += ["", "### Every co-simulated configuration", "",
          "From sim.csv (the cores' streams on every tensor of the configuration's width; e.g. EBPC "
          "8/8 = w8_b8, 16/8 = w16_b8, 16/16 with block 16 = w16_b16): mean / 1st percentile.", ""]
    L += config_table(r)
    L += ["", "### GRLC: default and best parameters", "",
          "The best candidate of the design space per class (grlc-design.md) beside the default "
          "parameters (stat.csv).", ""] + grlc_best(r)
    L += ["", "### DCT at three quality points", "",
          f"The DCT format's family (`{DCT_FAMILY}` in dct-design.md) at quantizer shift s = 6, 7 "
          "(default), 8 on the int8 tensors.", ""] + dct_points(r)
    L += ["", "## Plots", "", "### Ratio per layer through MobileNetV2", ""]
    L += [img(n) + "\n" for n in figs["layers"]]
    L += ["### Ratio vs sparsity", "", img(figs["sparsity"][0]), "",
          "### DCT: ratio against PSNR beside the LSB-drop baseline", ""]
    L += [img(n) + "\n" for n in figs["dct"]]
    L += ["### Area vs words/cycle", "",
          "Every co-simulated core configuration: GE (logic, memories excluded) against its mean "
          "words/cycle on the tensors (sim.csv). The references of area.json (the EBPC paper, the "
          "authors' RTL in this flow) carry GE but no words/cycle, so they are drawn as vertical "
          "lines at their GE.", "", img(figs["area"][0]), "",
          "## Area and words/cycle per core and configuration", "",
          "area.json (Yosys, generic cells: estimates) with the mean words/cycle of sim.csv and the "
          "efficiency (words/cycle over the port bound) that synth_area.py took from it.", ""]
    L += area_table(r)
    bench = r["bench"]
    L += ["", "## Verification and speed", ""]
    reg = re.search(r"`make regress[^`]*`[^\n]*", t["regress.md"])
    L += [f"- Regression (regress.md): {reg.group(0) if reg else '—'}"]
    mism = sum(int(x["mismatches"] or 0) for x in r["sim_rows"])
    L += [f"- Co-simulation on the tensors (sim.csv): {len(r['sim_rows'])} tensor runs, {mism} mismatches.",
          f"- Golden codec speed ([bench.md]({res_rel}/bench.md)): "
          + ", ".join(f"{c['codec']} {c['encode_mb_s']:.0f} / {c['decode_mb_s']:.0f} MB/s"
                      for c in bench["rows"]) + " (encode / decode, one thread).",
          f"- Words/cycle per synthetic class: [perf.md]({res_rel}/perf.md); per layer: "
          f"[stat-layers.md]({res_rel}/stat-layers.md); MCRC design space: "
          f"[mcrc-design.md]({res_rel}/mcrc-design.md).", ""]
    with open(md_path, "w") as f:
        f.write("\n".join(L))
    hl = ["<!-- generated by golden/tools/report.py (make report); do not edit -->", ""] + headline(r)
    with open(headline_path, "w") as f:
        f.write("\n".join(hl) + "\n")
    return hl, figs


def update_readme(path, hl, md_path, plot):
    """Rewrites the text between `<!-- results:begin -->` and `<!-- results:end -->` of README."""
    with open(path) as f:
        text = f.read()
    b, e = "<!-- results:begin -->", "<!-- results:end -->"
    if b not in text or e not in text:
        raise InputError(f"{path}: no {b} ... {e} markers")
    d = os.path.dirname(os.path.abspath(path))
    body = "\n".join(hl[2:]) + "\n\n" + \
        f"![ratio per layer]({os.path.relpath(plot, d)}) — full report: [{os.path.relpath(md_path, d)}]({os.path.relpath(md_path, d)})\n"
    text = text[:text.index(b) + len(b)] + "\n" + body + text[text.index(e):]
    with open(path, "w") as f:
        f.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", default="docs/results", help="the generated results (make results)")
    ap.add_argument("--md", default="docs/results.md")
    ap.add_argument("--plots", default="docs/results/plots")
    ap.add_argument("--headline", default="docs/results/headline.md")
    ap.add_argument("--readme", help="rewrite this file's results:begin/end block (README.md)")
    ap.add_argument("--gnuplot", default="gnuplot")
    args = ap.parse_args(argv)
    try:
        r = load(args.results)
        os.makedirs(os.path.dirname(os.path.abspath(args.md)), exist_ok=True)
        hl, figs = report(r, args.md, args.plots, args.headline, args.gnuplot)
        if args.readme:
            update_readme(args.readme, hl, args.md, os.path.join(args.plots, figs["layers"][0] + ".svg"))
    except (InputError, OSError, KeyError, ValueError) as e:
        print(f"report: error: {e}", file=sys.stderr)
        return 1
    print(f"report: {args.md}, {args.headline}, plots in {args.plots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
