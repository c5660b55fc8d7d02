#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""README check: every `make TARGET` the README shows is a target of the Makefile (and listed by
`make help`), and every relative link of README.md and docs/*.md points at a file of the
repository. Exits 1 with one line per problem.

Usage: verif/tests/check_readme.py --root REPO
Standard library only.
"""

import argparse
import glob
import os
import re
import sys


def check(root):
    errors = []
    makefile = open(os.path.join(root, "Makefile"), encoding="utf-8").read()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    helped = set(re.findall(r"^([a-z][a-z-]*):.*## ", makefile, re.M))
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    for t in sorted(set(re.findall(r"\bmake ([a-z][a-z-]*)", readme))):
        if t not in targets:
            errors.append(f"README.md: `make {t}` is not a Makefile target")
        elif t not in helped:
            errors.append(f"README.md: `make {t}` is not listed by `make help` (no ## text)")
    for md in [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md"))):
        text = open(md, encoding="utf-8").read()
        for link in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", link) or link.startswith("#"):
                continue
            path = os.path.normpath(os.path.join(os.path.dirname(md), link.split("#")[0]))
            if not os.path.exists(path):
                errors.append(f"{os.path.relpath(md, root)}: link {link} points at nothing")
    return errors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help="the repository")
    args = ap.parse_args(argv)
    errors = check(args.root)
    for e in errors:
        print(f"check_readme: FAIL: {e}", file=sys.stderr)
    if not errors:
        print("check_readme: every make target and every relative link of README.md and docs/*.md exists: PASS")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
