#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The randomized regression (verif/regress.py) as a Slurm job array: the per-run shell lines of
# `regress.py --emit-commands` cut into --tasks slices, one array task per slice
# (verif/launch/regress.sbatch), every run writing its own log in the out directory; then a merge
# job (dependency afterany: it runs whatever became of the array) writes regress.py's summary to
# OUT/summary.txt: coverage, totals, failing runs with their replay command.
#
# Usage: verif/launch/regress_slurm.sh [--tasks N] [--wait] [--summary MD] [--sbatch "ARGS"]
#            --cosim build/bin/fmc_cosim --out out/regress [other verif/regress.py plan options]
#   --tasks N       array tasks (default 4); each runs ceil(runs / N) runs one after another
#   --wait          wait for the merge job (sbatch --wait), print the summary, exit with its status
#   --summary MD    also write the summary as Markdown (regress.py --summary)
#   --sbatch ARGS   more sbatch options for both jobs, e.g. "--partition=long --time=2:00:00"
# The jobs run in this directory (--chdir) and the lines cd to its absolute path: the checkout,
# its build and the out directory must be at the same path on every node (a shared file system);
# no file is staged or copied.
# Exit status: without --wait 0 once submitted; with --wait 0 if every run passed, else 1.
set -euo pipefail

here=$(dirname "$0")
regress="$here/../regress.py"
tasks=4
wait=0
summary=()
sbatch_args=""
plan=()
out="out/regress"
while [ $# -gt 0 ]; do
  case "$1" in
    --tasks) tasks="$2"; shift 2 ;;
    --wait) wait=1; shift ;;
    --summary) summary=(--summary "$2"); shift 2 ;;
    --sbatch) sbatch_args="$2"; shift 2 ;;
    --out) out="$2"; plan+=(--out "$2"); shift 2 ;;
    -h|--help) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) plan+=("$1"); shift ;;
  esac
done
command -v sbatch > /dev/null || { echo "regress_slurm: sbatch not found" >&2; exit 2; }

mkdir -p "$out"
rm -f "$out"/*_seed*.log "$out"/slurm-*.out "$out/summary.txt"   # no stale log stands in for a run
cmds="$out/commands.txt"
python3 "$regress" "${plan[@]}" --emit-commands "$cmds"
n=$(wc -l < "$cmds")
per=$(((n + tasks - 1) / tasks))
ntasks=$(((n + per - 1) / per))
# shellcheck disable=SC2086  # ARGS are sbatch options, split on purpose
array=$(sbatch --parsable --array="0-$((ntasks - 1))" --chdir="$PWD" \
        --output="$out/slurm-%A_%a.out" $sbatch_args "$here/regress.sbatch" "$cmds" "$per")
array=${array%%;*}
merge_cmd="python3 $(printf '%q' "$regress") --merge $(printf '%q' "$out") --commands \
$(printf '%q' "$cmds")"
[ ${#summary[@]} -eq 0 ] || merge_cmd+=" --summary $(printf '%q' "${summary[1]}")"
merge_cmd+=" > $(printf '%q' "$out/summary.txt")"
echo "regress_slurm: $n runs in job array $array ($ntasks tasks of $per runs), logs in $out"
merge_opts=(--parsable --job-name=fmc-regress-merge --dependency="afterany:$array" --chdir="$PWD"
            --output="$out/slurm-merge-%j.out")
if [ "$wait" -eq 0 ]; then
  # shellcheck disable=SC2086
  merge=$(sbatch "${merge_opts[@]}" $sbatch_args --wrap "$merge_cmd")
  echo "regress_slurm: merge job ${merge%%;*} (after the array): summary in $out/summary.txt"
  exit 0
fi
echo "regress_slurm: waiting for the merge job (after the array)"
rc=0
# shellcheck disable=SC2086
sbatch "${merge_opts[@]}" --wait $sbatch_args --wrap "$merge_cmd" > /dev/null || rc=$?
if [ ! -s "$out/summary.txt" ]; then
  echo "regress_slurm: the merge job wrote no summary:" >&2
  cat "$out"/slurm-merge-*.out >&2 || true
  exit 2
fi
cat "$out/summary.txt"
exit "$rc"
