#!/usr/bin/env bash
# The cluster tests (ctest label "cluster"): a real single-node Slurm, started here and stopped
# at the end whatever happens, runs what `rankscope-cli slurm submit` writes.
#  1. a matrix of the test preset (synthetic data, 2 cells x 2 seeds) ends with every run done
#     and a probe at every checkpoint;
#  2. a run requeued mid-training (scontrol requeue) resumes from its resume point and ends
#     with the validation losses of an uninterrupted run;
#  3. a run with a short --time gets USR1 --grace seconds before the limit, saves a resume
#     point, requeues itself and ends with the losses of an uninterrupted run.
# usage: cluster_test.sh RANKSCOPE_CLI     (exit 77 = skipped: not root)
set -uo pipefail

cli=$(readlink -f "${1:?usage: cluster_test.sh RANKSCOPE_CLI}")
here=$(cd "$(dirname "$0")" && pwd)
if [[ $(id -u) -ne 0 ]]; then
  echo "SKIPPED: the cluster test starts Slurm's daemons and needs root (run ctest as root)"
  exit 77
fi
work=$(mktemp -d /tmp/rankscope-cluster.XXXXXX)
cleanup() { "$here/slurm-down.sh" "$work/slurm"; rm -rf "$work"; }
trap cleanup EXIT
cd "$work" || exit 1 # jobs start in the folder sbatch was given in
t_start=$SECONDS

fail() {
  echo "FAIL: $*"
  for f in "$work"/*/slurm/logs/*.out; do
    [[ -f "$f" ]] && { echo "--- $f"; grep -v 'train loss\|\] step \|checkpoint at' "$f" | tail -n 8; }
  done
  tail -n 20 "$work/slurm/log/slurmctld.log"
  exit 1
}
state_of() { sed -n 's/.*"state": "\([a-z]*\)".*/\1/p' "$1/status.json" 2>/dev/null; }
tokens_of() { sed -n 's/.*"tokens_done": \([0-9]*\).*/\1/p' "$1/status.json" 2>/dev/null; }
# wait_done SECONDS RUN_DIR...: every run "done" in time, else fail with the states.
wait_done() {
  local limit=$1 t0=$SECONDS run all
  shift
  while ((SECONDS - t0 < limit)); do
    all=1
    for run in "$@"; do
      case $(state_of "$run") in
      done) ;;
      failed | diverged) fail "$run ended $(state_of "$run"): $(cat "$run/status.json")" ;;
      *) all=0 ;; # queued, running, or cancelled between a requeue and the restart
      esac
    done
    ((all)) && return 0
    sleep 1
  done
  "$cli" slurm status --experiment "$(dirname "$1")"
  fail "runs not done after $limit s"
}
# The validation losses of every checkpoint, one per line.
val_losses() { grep -o '"kind":"checkpoint".*"val_loss":[-0-9.e]*' "$1/metrics.jsonl" | sed 's/.*"tokens":\([0-9]*\).*"val_loss":\([-0-9.e]*\)/\1 \2/'; }
# same_as_uninterrupted EXPERIMENT RUN: trains the plan's entry 0 again here, in one piece.
same_as_uninterrupted() {
  local exp=$1 run=$2 ref="$work/reference-$2-$RANDOM"
  mkdir -p "$ref" && cp "$exp/experiment.json" "$ref/"
  "$cli" run-task --experiment "$ref" --index 0 >"$ref.log" 2>&1 || fail "reference run: $(tail -3 "$ref.log")"
  if ! diff <(val_losses "$ref/$run") <(val_losses "$exp/$run"); then
    fail "$run after requeue differs from the uninterrupted run (diff above)"
  fi
  echo "  $(val_losses "$exp/$run" | wc -l) checkpoints with the validation losses of an uninterrupted run (final $(val_losses "$exp/$run" | tail -1))"
}
restarts_of() { sed -n 's/.*"restarts": \([0-9]*\).*/\1/p' "$1/slurm/tasks/$2.json" 2>/dev/null; }

"$here/slurm-up.sh" "$work/slurm" || fail "the test cluster did not start"
source "$work/slurm/env"
echo "cluster up after $((SECONDS - t_start)) s"

# 1. The matrix: 2 cells x 2 seeds, synthetic data, one CPU per task, in a folder whose name a
#    shell would execute if anything passed it through one unquoted.
t=$SECONDS
exp1="$work/matrix it's \$(touch pwned) \`touch pwned\`"
"$cli" slurm submit --preset test --out "$exp1" --synthetic --cells A1,A2 --seeds 2 \
  --cpus-per-task 1 --time 00:10:00 || fail "submit"
wait_done 300 "$exp1"/A1-s0 "$exp1"/A1-s1 "$exp1"/A2-s0 "$exp1"/A2-s1
for run in "$exp1"/A?-s?; do # a glob after the quoted part: the name stays one word
  n_ckpt=$(ls "$run/checkpoints" | grep -c '^ckpt-.*\.pt$')
  n_probe=$(ls "$run"/probes/*/summary.json 2>/dev/null | wc -l)
  ((n_ckpt > 0 && n_ckpt == n_probe)) || fail "$run: $n_ckpt checkpoints but $n_probe probes"
done
"$cli" slurm status --experiment "$exp1" | grep -q 'A2-s1 .*done' || fail "slurm status"
[[ -z "$(find "$work" "$exp1" / -maxdepth 1 -name pwned 2>/dev/null)" ]] || fail "a path reached a shell"
echo "1. matrix of 4 runs done with probes in $((SECONDS - t)) s"

# 2 and 3 side by side: one CPU each, one thread each (deterministic, so losses compare).
# Run 3 gets USR1 50 s before its 1-minute limit, i.e. after about 10-15 s: even a CPU three
# times faster than a 2-core EPYC trains its 2.4M tokens for longer than that.
t=$SECONDS
exp2="$work/requeued"
exp3="$work/timelimit"
"$cli" slurm submit --preset test --out "$exp2" --synthetic --cells A1 --seeds 1 \
  --cpus-per-task 1 --threads 1 --budget 1200000 --time 00:10:00 || fail "submit 2"
"$cli" slurm submit --preset test --out "$exp3" --synthetic --cells A1 --seeds 1 \
  --cpus-per-task 1 --threads 1 --budget 2400000 --time 1 --grace 50 || fail "submit 3"
job2=$(sed -n 's/.*"array_job": "\([0-9]*\)".*/\1/p' "$exp2/slurm/submissions.json")
# Requeue run 2 once it has trained past its first marks.
for _ in $(seq 1 300); do
  tokens=$(tokens_of "$exp2/A1-s0")
  [[ "$(state_of "$exp2/A1-s0")" == running && ${tokens:-0} -ge 100000 ]] && break
  sleep 0.2
done
[[ "$(state_of "$exp2/A1-s0")" == running ]] || fail "run 2 did not start"
echo "  requeueing job ${job2}_0 at ${tokens:-0} tokens"
scontrol requeue "${job2}_0" || fail "scontrol requeue"
wait_done 400 "$exp2/A1-s0" "$exp3/A1-s0"
[[ "$(restarts_of "$exp2" A1-s0)" -ge 1 ]] || fail "run 2 was not restarted"
# It resumes at the step where it stopped: from resume.pt, or from the mark checkpoint of the
# same step when the signal came at a mark.
stopped=$(sed -n 's/.*cancelled at step \([0-9]*\);.*/\1/p' "$exp2/A1-s0/train.log" | head -1)
grep -q "resumed from .* at step ${stopped:-none}\$" "$exp2/A1-s0/train.log" ||
  fail "run 2 did not resume where it stopped (step ${stopped:-unknown})"
[[ "$(restarts_of "$exp3" A1-s0)" -ge 1 ]] || fail "run 3 was not requeued before its time limit"
grep -q "requeueing job" "$exp3"/slurm/logs/*.out || fail "run 3's task did not requeue itself"
echo "2./3. requeued and time-limited runs done in $((SECONDS - t)) s (requeued $(restarts_of "$exp2" A1-s0)x and $(restarts_of "$exp3" A1-s0)x)"
same_as_uninterrupted "$exp2" A1-s0
same_as_uninterrupted "$exp3" A1-s0
echo "cluster tests passed in $((SECONDS - t_start)) s"
