#!/usr/bin/env bash
# Runs every fuzz target of the file readers (tests/fuzz) from the seed corpus in the
# repository and prints how many inputs each tried. Any crash, sanitizer report, leak, timeout
# or exception other than a UserError fails the run; the input that did it is kept.
# usage: tests/fuzz/run-fuzzers.sh [--runs N | --seconds S] [--seed N] [TARGET...]
#   default: --seconds 60 for each of config metrics probe_summary run_json npy tokens csv;
#   --runs with --seed tries the same inputs on every machine (CI), --seconds without it new ones
# Build first: cmake --preset fuzz && cmake --build --preset fuzz
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build="${RANKSCOPE_FUZZ_BUILD:-$here/../../build-fuzz}/tests/fuzz"
limit=(-max_total_time=60)
seed=()
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --runs) limit=(-runs="$2"); shift 2 ;;
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --seed) seed=(-seed="$2"); shift 2 ;;
    *) echo "unknown option $1; use --runs N, --seconds S or --seed N" >&2; exit 2 ;;
  esac
done
targets=("$@")
((${#targets[@]})) || targets=(config metrics probe_summary run_json npy tokens csv)

work=$(mktemp -d "${TMPDIR:-/tmp}/rankscope-fuzz-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The targets write each input to a file: a memory-backed folder keeps that cheap.
scratch=$work
[[ -d /dev/shm && -w /dev/shm ]] && scratch=$(mktemp -d /dev/shm/rankscope-fuzz.XXXXXX)
trap 'rm -rf "$work" "$scratch"' EXIT
artifacts="${RANKSCOPE_FUZZ_ARTIFACTS:-$build/artifacts}"

status=0
printf '%-14s %12s %8s %10s  %s\n' target executions seconds "exec/s" result
for t in "${targets[@]}"; do
  exe="$build/fuzz_$t"
  [[ -x "$exe" ]] || { echo "no $exe: build with cmake --preset fuzz && cmake --build --preset fuzz" >&2; exit 2; }
  corpus="$work/corpus-$t"
  mkdir -p "$corpus" "$artifacts"
  cp "$here/corpus/$t"/* "$corpus/" # the repository's seeds stay as they are
  log="$work/$t.log"
  start=$SECONDS
  if TMPDIR="$scratch" "$exe" "${limit[@]}" "${seed[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$artifacts/$t-" \
      "$corpus" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (log and input: $artifacts/$t-*)"
    cp "$log" "$artifacts/$t.log"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$((SECONDS - start))
  printf '%-14s %12s %8s %10s  %s\n' "$t" "${runs:-?}" "$secs" "$(( ${runs:-0} / (secs > 0 ? secs : 1) ))" "$result"
done
exit $status
