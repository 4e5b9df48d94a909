#!/bin/bash
# Crash harness: SIGKILL a training run at random moments (some while a checkpoint or probe is
# being written, caught by its temporary file), resume it, and check that the folder loads
# without warnings, every mark is complete and the result equals an uninterrupted run: the
# exported CSV byte for byte (losses and probes at all 81 marks) and the final checkpoint bit
# for bit. Then a full disk (a 3 MB tmpfs; needs root, else skipped with a message): a named
# error, status "failed", no temporary files, and an exact resume once there is space.
# usage: crash_test.sh RANKSCOPE_CLI [TRIALS]   (exit 0: all passed; 1: a failure)
set -u
cli="$1"
trials="${2:-20}"
work=$(mktemp -d)
mounted=""
cleanup() {
    [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# The test preset with a mark at every one of its 80 steps (512 tokens each).
"$cli" preset test | sed "s/\"checkpoint_tokens\": \[\]/\"checkpoint_tokens\": [$(seq -s, 0 512 40960)]/" \
    >"$work/config.json"
final=checkpoints/ckpt-000000040960.pt
train() { "$cli" train --config "$work/config.json" --threads 2 --precision fp32 --out "$1" >"$1.log" 2>&1; }

mkdir -p "$work/ref"
train "$work/ref/run" || { echo "reference run failed: $(tail -3 "$work/ref/run.log")"; exit 1; }
"$cli" export --run "$work/ref/run" --csv "$work/ref.csv" >/dev/null || exit 1

# check NAME DIR: the resumed run against the reference.
check() {
    local name=$1 dir=$2
    grep -q '"state": "done"' "$dir/status.json" || fail "$name: status $(cat "$dir/status.json")"
    "$cli" export --run "$dir" --csv "$work/$name.csv" >"$work/$name.export" 2>&1 ||
        fail "$name: export failed: $(cat "$work/$name.export")"
    grep -q warning "$work/$name.export" && fail "$name: $(grep warning "$work/$name.export")"
    cmp -s "$work/ref.csv" "$work/$name.csv" || fail "$name: exported metrics differ from the uninterrupted run"
    cmp -s "$work/ref/run/$final" "$dir/$final" || fail "$name: final checkpoint differs"
    local probes
    probes=$(ls "$dir"/probes/*/summary.json 2>/dev/null | wc -l)
    [ "$probes" -eq 81 ] || fail "$name: $probes of 81 marks probed"
    local stray
    stray=$(find "$dir" -name '*.tmp-*' | head -3)
    [ -z "$stray" ] || fail "$name: temporary files left: $stray"
}

ref_seconds=$(grep -o '"wall_s":[0-9.]*' "$work/ref/run/metrics.jsonl" | tail -1 | cut -d: -f2)
hits=0
passed=0
for i in $(seq 1 "$trials"); do
    dir="$work/t$i/run"
    mkdir -p "$work/t$i"
    "$cli" train --config "$work/config.json" --threads 2 --precision fp32 --out "$dir" >"$dir.log" 2>&1 &
    pid=$!
    hit=""
    if [ $((i % 2)) -eq 0 ]; then
        # Kill while a checkpoint or probe file is being written: poll for its temporary file.
        # Let a random number of writes pass first (each write has a name of its own).
        skip=$((RANDOM % 1500))
        last=""
        shopt -s nullglob
        while kill -0 "$pid" 2>/dev/null; do
            tmp=("$dir"/checkpoints/*.tmp-* "$dir"/probes/*/*.tmp-*)
            if [ ${#tmp[@]} -gt 0 ] && [ "${tmp[0]}" != "$last" ]; then
                if [ "$skip" -eq 0 ]; then
                    kill -9 "$pid" 2>/dev/null && hit=" (during a write of ${tmp[0]#"$dir"/})"
                    break
                fi
                skip=$((skip - 1))
                last="${tmp[0]}"
            fi
        done
        shopt -u nullglob
    else
        sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
        sleep "$((RANDOM % 4))"
        kill -9 "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    [ -n "$hit" ] && hits=$((hits + 1))
    train "$dir" || fail "t$i: resume failed: $(tail -2 "$dir.log")"
    before=$fails
    check "t$i" "$dir"
    [ "$fails" -eq "$before" ] && passed=$((passed + 1))
    echo "trial $i: killed$hit; resumed: $([ "$fails" -eq "$before" ] && echo identical || echo DIFFERENT)"
done
echo "crash harness: $passed/$trials resumed runs identical to the uninterrupted one ($hits kills during a checkpoint or probe write; reference run ${ref_seconds}s)"

# A full disk while writing a checkpoint.
if [ "$(id -u)" -ne 0 ]; then
    echo "disk-full case skipped: mounting a small tmpfs needs root"
else
    disk="$work/disk"
    mkdir -p "$disk"
    if mount -t tmpfs -o size=3M tmpfs "$disk"; then
        mounted="$disk"
        train "$disk/run"
        code=$?
        [ "$code" -eq 1 ] || fail "disk full: exit $code, expected 1: $(tail -2 "$disk/run.log")"
        grep -q "No space left on device" "$disk/run.log" || fail "disk full: no reason named: $(tail -2 "$disk/run.log")"
        grep -q '"state": "failed"' "$disk/run/status.json" || fail "disk full: status $(cat "$disk/run/status.json")"
        stray=$(find "$disk" -name '*.tmp-*' | head -3)
        [ -z "$stray" ] || fail "disk full: temporary files left: $stray"
        reason=$(grep -o 'cannot write checkpoint[^(]*' "$disk/run.log" | head -1)
        mount -o remount,size=200M "$disk"
        train "$disk/run" || fail "disk full: resume failed: $(tail -2 "$disk/run.log")"
        before=$fails
        check disk "$disk/run"
        [ "$fails" -eq "$before" ] && echo "disk full: named error (${reason}), status failed, no temporary files; resumed run identical"
    else
        echo "disk-full case skipped: cannot mount a tmpfs here"
    fi
fi
exit $((fails > 0))
