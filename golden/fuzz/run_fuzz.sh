#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets with clang++ (ASan + UBSan) in their own build directory, seeds the
# corpora from verif/vectors and golden/tests/vectors/fmc_v1 and runs each fuzzer for a fixed time.
# Fails on any crash, sanitizer report, timeout (a hang) or out-of-memory, and when clang++ or
# libFuzzer is missing. The fuzzers are codec-generic (every codec of the registry is fuzzed).
#
#   golden/fuzz/run_fuzz.sh <source dir> <seconds per fuzzer> [build dir] [corpus root]
#
# Defaults: build dir <source dir>/build-fuzz, corpus root <build dir>/corpus. Environment:
# CMAKE (cmake), FUZZ_CXX (clang++), FUZZ_CC (clang), FUZZ_JOBS (build parallelism, 1),
# FUZZERS (names to run, default all). `make fuzz` and the ctest "golden/fuzz_short" (label fuzz)
# call this script. Crash inputs and logs go to <build dir>/artifacts/.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <source dir> <seconds per fuzzer> [build dir] [corpus root]" >&2
  exit 2
fi
src=$(cd "$1" && pwd)
secs=$2
build=${3:-$src/build-fuzz}
corpus=${4:-$build/corpus}
cmake=${CMAKE:-cmake}
cxx=${FUZZ_CXX:-clang++}
cc=${FUZZ_CC:-clang}
jobs=${FUZZ_JOBS:-1}
fuzzers=${FUZZERS:-fuzz_decode fuzz_roundtrip fuzz_container}

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "run_fuzz.sh: FAILED: '$cxx' not found. The fuzzers need clang with libFuzzer" >&2
  echo "  (Debian: apt-get install clang libclang-rt-dev, or clang-14 libclang-rt-14-dev" >&2
  echo "  and FUZZ_CXX=clang++-14). Not skipping: a missing fuzzer must not look like a pass." >&2
  exit 1
fi
c_flag=()
if command -v "$cc" >/dev/null 2>&1; then c_flag=(-DCMAKE_C_COMPILER="$cc"); fi

mkdir -p "$build"
if ! "$cmake" -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
  "${c_flag[@]}" -DFMC_BUILD_FUZZ=ON -DFMC_BUILD_VERIF=OFF >"$build/fuzz-configure.log" 2>&1; then
  tail -40 "$build/fuzz-configure.log" >&2
  echo "run_fuzz.sh: FAILED: configuring $build" >&2
  exit 1
fi
# shellcheck disable=SC2086
if ! "$cmake" --build "$build" -j "$jobs" --target fuzz_seeds $fuzzers \
  >"$build/fuzz-build.log" 2>&1; then
  tail -40 "$build/fuzz-build.log" >&2
  echo "run_fuzz.sh: FAILED: building the fuzzers (is libclang-rt with libFuzzer installed?)" >&2
  exit 1
fi

mkdir -p "$corpus" "$build/artifacts"
"$build/bin/fuzz_seeds" "$src/verif/vectors" "$corpus" "$src/golden/tests/vectors/fmc_v1"

status=0
summary=""
for f in $fuzzers; do
  log=$build/artifacts/$f.log
  set +e
  "$build/bin/$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=1024 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$f-" "$corpus/$f" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  files=$(find "$corpus/$f" -type f | wc -l)
  if [[ $rc -ne 0 ]]; then
    echo "---- $f FAILED (exit $rc), last lines of $log:" >&2
    tail -40 "$log" >&2
    echo "---- reproduce: $build/bin/$f <artifact listed above>" >&2
    status=1
    summary+="  $f: FAILED (exit $rc) after ${runs:-?} runs"$'\n'
  else
    summary+="  $f: ok, ${runs:-?} runs in ${secs} s, corpus $files files"$'\n'
  fi
done
echo "run_fuzz.sh: $build"
printf '%s' "$summary"
exit $status
