#!/usr/bin/env bash
# Stops the daemons tests/cluster/slurm-up.sh DIR started, by the pids in their pid files,
# and nothing else. Safe to run twice or after a failed start.
# usage: tests/cluster/slurm-down.sh DIR [--remove]
set -uo pipefail

dir=${1:?usage: slurm-down.sh DIR [--remove]}
stop() { # pid file, name
  local pidfile=$1 name=$2 pid
  [[ -f "$pidfile" ]] || return 0
  pid=$(cat "$pidfile")
  # Only if that pid still runs the daemon we started (pids are reused).
  if [[ -n "$pid" ]] && grep -qa "$name" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
}
# Jobs first, so no task outlives the cluster (scancel reaches only this cluster's jobs).
if [[ -f "$dir/slurm.conf" && -f "$dir/run/slurmctld.pid" ]]; then
  export SLURM_CONF="$dir/slurm.conf"
  jobs=$(timeout 10 squeue -h -o %A 2>/dev/null | sort -u)
  if [[ -n "$jobs" ]]; then
    timeout 10 scancel $jobs 2>/dev/null
    for _ in $(seq 1 60); do
      [[ -z "$(timeout 5 squeue -h -t running,completing -o %A 2>/dev/null)" ]] && break
      sleep 0.5
    done
  fi
fi
stop "$dir/run/slurmd.pid" slurmd
stop "$dir/run/slurmctld.pid" slurmctld
stop "$dir/munge/munged.pid" munged
if [[ "${2:-}" == "--remove" ]]; then
  rm -rf "$dir"
fi
