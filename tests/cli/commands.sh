#!/bin/sh
# Every command of rankscope-cli answers --help and -h with its usage and exit 0, and one bad
# input with exit 1 (an error in the work) or 2 (a usage error) and a message naming the problem.
# The command list is read from `rankscope-cli --help`, so a new command without a case here
# fails. Then the conventions: --version, --opt=value, exit codes, signals, completion.
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

commands=$("$cli" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands listed by --help"
for c in $commands; do
    expect 0 "usage: rankscope-cli $c" "$c" --help
    expect 0 "usage: rankscope-cli $c" "$c" -h
    case $c in
    train) expect 1 "unknown preset 'nope'" train --preset nope --out "$tmp/run" ;;
    matrix) expect 1 "--seeds must be between 1 and 10000" matrix --seeds 0 --out "$tmp/m" --synthetic ;;
    probe) expect 1 "cannot read '$tmp/none/run.json'" probe --run "$tmp/none" ;;
    surgery) expect 2 "--fraction (see rankscope-cli surgery --help)" surgery --run "$tmp/none" --fraction 0.5 ;;
    export) expect 1 "'$tmp/none' does not exist" export --experiment "$tmp/none" --csv "$tmp/x.csv" ;;
    bench) expect 2 "option --steps expects an integer, got 'ten'" bench --steps ten --no-python ;;
    data) expect 1 "no prepared data in '$tmp/none'" data stats --data "$tmp/none" ;;
    preset) expect 1 "unknown preset 'nope'" preset nope ;;
    figures) expect 2 "--out is required" figures --experiment "$tmp" ;;
    report) expect 1 "--metric 'rank': use one of pr, cov_pr" report --experiment "$tmp" --out "$tmp/r" --metric rank ;;
    slurm) expect 1 '--time "soon" is not valid' slurm submit --out "$tmp/s" --synthetic --time soon --dry-run ;;
    run-task) expect 1 "has no experiment.json" run-task --experiment "$tmp" --index 0 ;;
    completion) expect 2 "no completion for 'zsh'" completion zsh ;;
    *) fail "no error case for command '$c': add one to tests/cli/commands.sh" ;;
    esac
done
expect 2 "unknown command 'trian'" trian
expect 2 "usage: rankscope-cli" # no command
expect 2 "not expected: --bogus" train --preset test --out "$tmp/run" --bogus
expect 2 "give --config FILE or --preset NAME" train --out "$tmp/run"
expect 0 "rankscope-cli $("$cli" --version | cut -d' ' -f2)" --version
# Subcommands answer -h too; --opt=value is --opt value; a repeatable option keeps every value.
expect 0 "usage: rankscope-cli data prepare" data prepare -h
expect 0 "usage: rankscope-cli slurm status" slurm status -h
expect 1 "unknown preset 'nope'" train --preset=nope --out="$tmp/run"
expect 0 "#SBATCH --constraint=a100" slurm submit --preset test --out "$tmp/s" --synthetic --cells A1 --seeds 1 --dry-run --sbatch-arg=--constraint=a100 --sbatch-arg=--exclusive
grep -qF -- "--exclusive" "$tmp/out" || fail "the second --sbatch-arg was lost"
# train --cell trains that cell: its factors, not only its name.
expect 1 "unknown cell 'Z9'" train --preset test --cell Z9 --out "$tmp/z9"
expect 0 "" train --preset test --cell B2 --budget 1024 --out "$tmp/b2"
grep -q '"optimizer": *"adamw"' "$tmp/b2/run.json" || fail "train --cell B2 did not train with adamw"
grep -q '"qk_norm": *false' "$tmp/b2/run.json" || fail "train --cell B2 kept QK-Norm"
grep -q '"cell": *"B2"' "$tmp/b2/run.json" || fail "train --cell B2: not named B2"
# export carries the run's factors and hyper-parameters as columns.
expect 0 "" export --run "$tmp/b2" --csv "$tmp/b2.csv"
head -1 "$tmp/b2.csv" | grep -q '^run,cell,seed,qk_norm,optimizer,data,muon_grouping,decay_hidden,preset,muon_lr,adamw_lr,weight_decay,d_model,n_layers,token_budget,tokens,layer,head,qk,tap,metric,value$' ||
    fail "export header: $(head -1 "$tmp/b2.csv")"
sed -n 2p "$tmp/b2.csv" | grep -q '^b2,B2,0,off,adamw,standard,-,yes,test,-,0.006,0.2,' ||
    fail "export factor columns: $(sed -n 2p "$tmp/b2.csv")"
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
# The completion offers commands, a command's options and an option's choices.
complete_words() {
    bash -c 'complete() { :; }; source <("$0" completion bash); COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _rankscope_cli; echo "${COMPREPLY[*]}"' "$cli" rankscope-cli "$@"
}
case " $(complete_words tr) " in *" train "*) ;; *) fail "completion of 'tr': $(complete_words tr)" ;; esac
case " $(complete_words train --no) " in *" --no-resume "*) ;; *) fail "completion of 'train --no'" ;; esac
case " $(complete_words train --precision "") " in *" bf16 "*) ;; *) fail "completion of --precision: $(complete_words train --precision "")" ;; esac
case " $(complete_words data p) " in *" prepare "*) ;; *) fail "completion of 'data p'" ;; esac
[ "$fails" -eq 0 ] && echo "$(echo "$commands" | wc -w) commands: --help and one error path each"
exit "$fails"
