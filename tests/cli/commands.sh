#!/bin/sh
# Every command of rankscope-cli answers --help with its usage and exit 0, and one bad input
# with exit 1 and a message naming the problem. The command list is read from
# `rankscope-cli --help`, so a new command without a case here fails.
# usage: commands.sh RANKSCOPE_CLI
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# expect CODE PATTERN ARGS...: exit code CODE and PATTERN (grep -F) in stdout + stderr.
expect() {
    code=$1
    pattern=$2
    shift 2
    "$cli" "$@" >"$tmp/out" 2>&1
    got=$?
    [ "$got" -eq "$code" ] || fail "rankscope-cli $*: exit $got, expected $code"
    grep -qF -- "$pattern" "$tmp/out" || fail "rankscope-cli $*: no '$pattern' in: $(cat "$tmp/out")"
}

commands=$("$cli" --help | sed -n 's/^  \([a-z-]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands listed by --help"
for c in $commands; do
    case $c in
    data) expect 0 "usage: rankscope-cli data" data --help ;;
    *) expect 0 "usage: rankscope-cli $c" "$c" --help ;;
    esac
    case $c in
    train) expect 1 "unknown preset 'nope'" train --preset nope --out "$tmp/run" ;;
    matrix) expect 1 "--seeds must be between 1 and 10000" matrix --seeds 0 --out "$tmp/m" --synthetic ;;
    probe) expect 1 "cannot read '$tmp/none/run.json'" probe --run "$tmp/none" ;;
    surgery) expect 1 "unknown option --fraction" surgery --run "$tmp/none" --fraction 0.5 ;;
    export) expect 1 "'$tmp/none' does not exist" export --experiment "$tmp/none" --csv "$tmp/x.csv" ;;
    bench) expect 1 "option --steps expects an integer, got 'ten'" bench --steps ten --no-python ;;
    data) expect 1 "no prepared data in '$tmp/none'" data stats --data "$tmp/none" ;;
    preset) expect 1 "unknown preset 'nope'" preset nope ;;
    figures) expect 1 "missing required option --out" figures --experiment "$tmp" ;;
    report) expect 1 "--metric 'rank': use one of pr, cov_pr" report --experiment "$tmp" --out "$tmp/r" --metric rank ;;
    slurm) expect 1 '--time "soon" is not valid' slurm submit --out "$tmp/s" --synthetic --time soon --dry-run ;;
    run-task) expect 1 "has no experiment.json" run-task --experiment "$tmp" --index 0 ;;
    *) fail "no error case for command '$c': add one to tests/cli/commands.sh" ;;
    esac
done
expect 2 "unknown command 'trian'" trian
# Paths of the wrong kind are named with the reason; a failed export leaves the old CSV whole.
echo "good" >"$tmp/file"
expect 1 "'$tmp/file' is a file; choose another path" matrix --out "$tmp/file/m" --preset test --synthetic --cells A1 --seeds 1
expect 1 "is a folder; give a file name, e.g. $tmp/metrics.csv" export --experiment "$tmp" --csv "$tmp"
expect 1 "'$tmp' is a folder; give the file in it" train --config "$tmp" --out "$tmp/run"
expect 1 "does not exist" export --experiment "$tmp/none" --csv "$tmp/file"
[ "$(cat "$tmp/file")" = "good" ] || fail "a failed export changed the existing CSV"
# A signal stops a run at its next step with a resume point and exits 128 + its number; one
# signal delivered twice at once (Slurm signals the task and its batch script forwards it) is
# still one request, not a kill.
stop_by_signal() {
    run="$tmp/sig-$1"
    "$cli" train --preset test --out "$run" --budget 100000000 --threads 1 >"$tmp/sig.out" 2>&1 &
    pid=$!
    i=0
    until grep -q '"step"' "$run/metrics.jsonl" 2>/dev/null || [ $i -ge 300 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    for _ in $(seq 1 "$2"); do kill -s "$1" $pid; done
    wait $pid
    got=$?
    [ "$got" -eq "$3" ] || fail "train stopped by $2x SIG$1: exit $got, expected $3: $(cat "$tmp/sig.out")"
    grep -q '"state": *"cancelled"' "$run/status.json" || fail "SIG$1: status is not cancelled"
    [ -e "$run/checkpoints/resume.pt" ] || fail "SIG$1: no resume point"
}
stop_by_signal HUP 1 129
stop_by_signal TERM 2 143
stop_by_signal INT 1 130
# slurm submit --dry-run writes and submits nothing (no sbatch needed).
expect 0 "#SBATCH --array=0-3" slurm submit --preset test --out "$tmp/s" --synthetic --cells A1,A2 --seeds 2 --dry-run
[ -e "$tmp/s" ] && fail "slurm submit --dry-run wrote $tmp/s"
[ "$fails" -eq 0 ] && echo "$(echo "$commands" | wc -w) commands: --help and one error path each"
exit "$fails"
