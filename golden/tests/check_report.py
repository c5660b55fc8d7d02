#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""ctest golden/report: renders the report of `make report-render` (golden/tools/report.py) from
the repository's docs/results into a temporary folder and checks it: every section is there,
every plot (SVG and PNG) exists and is not empty, every image and file link of the Markdown
resolves, and the headline table has a row per core codec. Then the same with one input removed,
which must fail naming it.

    check_report.py --results DOCS_RESULTS --work DIR [--gnuplot gnuplot]

Python standard library only (and gnuplot, which the renderer runs).
"""
import argparse
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import report  # noqa: E402  (golden/tools/report.py)

SECTIONS = ["# Results", "## Inputs and the commands that produced them",
            "## Compression ratio per codec", "### Every co-simulated configuration",
            "### GRLC: default and best parameters", "### DCT at three quality points",
            "### Ratio per layer through MobileNetV2", "### Ratio vs sparsity",
            "### DCT: ratio against PSNR beside the LSB-drop baseline", "### Area vs words/cycle",
            "## Area and words/cycle per core and configuration", "## Verification and speed"]
PLOTS = ["ratio_per_layer_int8", "ratio_per_layer_int16", "ratio_vs_sparsity",
         "dct_psnr_int8_relu", "dct_psnr_int8_linear", "ge_vs_words_per_cycle"]


def render(results, work, gnuplot):
    md = os.path.join(work, "docs", "results.md")
    plots = os.path.join(work, "docs", "results", "plots")
    head = os.path.join(work, "docs", "results", "headline.md")
    rc = report.main(["--results", results, "--md", md, "--plots", plots, "--headline", head,
                      "--gnuplot", gnuplot])
    return rc, md, plots, head


def check(args):
    errors = []
    shutil.rmtree(args.work, ignore_errors=True)
    rc, md, plots, head = render(args.results, os.path.join(args.work, "full"), args.gnuplot)
    if rc != 0:
        return [f"report.py exited with {rc} on {args.results}"]
    text = open(md).read()
    lines = text.splitlines()
    errors += [f"section missing: {s}" for s in SECTIONS if s not in lines]
    for p in PLOTS:
        for ext in ("svg", "png", "gp"):
            f = os.path.join(plots, f"{p}.{ext}")
            if not os.path.isfile(f) or os.path.getsize(f) == 0:
                errors.append(f"plot missing or empty: {f}")
        if f"{p}.svg" not in text:
            errors.append(f"{md} does not show {p}.svg")
    for link in re.findall(r"\]\(([^)#]+)\)", text):
        if not link.startswith("http") and not os.path.exists(os.path.join(os.path.dirname(md), link)):
            errors.append(f"{md}: broken link {link}")
    for codec in ("EBPC", "ZVC", "GRLC", "DCT", "MCRC"):
        if not re.search(rf"^\| {codec} \|", open(head).read(), re.M):
            errors.append(f"{head}: no row for {codec}")
    if re.search(r"\| (nan|inf) ", text):
        errors.append(f"{md}: a nan/inf figure")
    # One input missing: the renderer must fail.
    partial = os.path.join(args.work, "partial-results")
    shutil.copytree(args.results, partial, ignore=shutil.ignore_patterns("plots", "headline.md"))
    os.remove(os.path.join(partial, "area.json"))
    rc2, _, _, _ = render(partial, os.path.join(args.work, "partial"), args.gnuplot)
    if rc2 == 0:
        errors.append("report.py passed without area.json")
    if not errors:
        print(f"check_report: {md}: {len(SECTIONS)} sections, {len(PLOTS)} plots; without "
              "area.json it fails: PASS")
    return errors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", required=True, help="the repository's docs/results")
    ap.add_argument("--work", required=True, help="scratch folder (emptied)")
    ap.add_argument("--gnuplot", default="gnuplot")
    args = ap.parse_args(argv)
    errors = check(args)
    for e in errors:
        print(f"check_report: FAIL: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
