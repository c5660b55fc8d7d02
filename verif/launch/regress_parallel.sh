#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The randomized regression (verif/regress.py) on any set of hosts through GNU parallel: the
# per-run shell lines of `regress.py --emit-commands` handed to `parallel --sshloginfile FILE`,
# each run writing its own log in the out directory, then `regress.py --merge` of those logs: the
# same summary (coverage, totals, failing runs with their replay command) as the local pool.
#
# Usage: verif/launch/regress_parallel.sh --sshloginfile FILE [--jobs N] [--summary MD]
#            --cosim build/bin/fmc_cosim --out out/regress [other verif/regress.py plan options]
#   --sshloginfile FILE  parallel's login file, ':' = this machine (verif/launch/local.sshlogin)
#   --jobs N             runs at a time per host (parallel --jobs; N/host in FILE wins)
#   --summary MD         also write the summary as Markdown (regress.py --summary)
#   PARALLEL=...         the GNU parallel command (default: parallel)
# Every line cds to the absolute path of the directory it was emitted in (the checkout, for make)
# and runs fmc_cosim there, so every host needs the same checkout, built, at the same path, and
# the out directory must be the same directory on every host (a shared file system, or only ':'):
# no --workdir, --basefile or file transfer.
# Exit status: 0 if every run passed, 1 if a run failed or did not leave a finished log.
set -euo pipefail

here=$(dirname "$0")
regress="$here/../regress.py"
slf=""
jobs=()
summary=()
plan=()
out="out/regress"
while [ $# -gt 0 ]; do
  case "$1" in
    --sshloginfile) slf="$2"; shift 2 ;;
    --jobs) jobs=(--jobs "$2"); shift 2 ;;
    --summary) summary=(--summary "$2"); shift 2 ;;
    --out) out="$2"; plan+=(--out "$2"); shift 2 ;;
    -h|--help) sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) plan+=("$1"); shift ;;
  esac
done
[ -n "$slf" ] || { echo "regress_parallel: --sshloginfile FILE is required" >&2; exit 2; }
[ -r "$slf" ] || { echo "regress_parallel: cannot read $slf" >&2; exit 2; }
par=${PARALLEL:-parallel}
if ! $par --version 2>/dev/null | grep -q "GNU parallel"; then
  echo "regress_parallel: GNU parallel not found ($par); apt-get install parallel" >&2
  exit 2
fi

mkdir -p "$out"
rm -f "$out"/*_seed*.log            # no stale log may stand in for a run that did not happen
cmds="$out/commands.txt"
python3 "$regress" "${plan[@]}" --emit-commands "$cmds"
hosts=$(grep -v -e '^#' -e '^[[:space:]]*$' "$slf" | tr '\n' ' ')
echo "regress_parallel: $(wc -l < "$cmds") runs on: $hosts(job log $out/parallel.joblog)"
# parallel's exit status is the number of failed lines; the merge below is the verdict.
$par --sshloginfile "$slf" "${jobs[@]}" --joblog "$out/parallel.joblog" < "$cmds" || true
python3 "$regress" --merge "$out" --commands "$cmds" "${summary[@]}"
