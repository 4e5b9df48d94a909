#!/usr/bin/env bash
# Starts a single-node Slurm cluster for the cluster tests, as root and without systemd:
# munged, slurmctld and slurmd with their state, spool, logs and pid files in DIR.
# usage: tests/cluster/slurm-up.sh DIR      (stop it with tests/cluster/slurm-down.sh DIR)
# Needs the Debian packages slurmctld slurmd slurm-client munge (packaging/install-deps.sh).
# DIR/env holds SLURM_CONF for the clients (sbatch, squeue, scontrol) to source.
set -euo pipefail

dir=${1:?usage: slurm-up.sh DIR}
if [[ $(id -u) -ne 0 ]]; then
  echo "slurm-up: the test cluster runs its daemons as root; run as root" >&2
  exit 77
fi
for cmd in munged slurmctld slurmd sbatch; do
  if ! command -v "$cmd" >/dev/null; then
    echo "slurm-up: $cmd is missing; install slurmctld slurmd slurm-client munge" \
      "(packaging/install-deps.sh)" >&2
    exit 1
  fi
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mkdir -p "$dir"/{munge,state,spool,log,run}
chmod 700 "$dir/munge"

# munge: its own key, socket and pid file, so a munged the machine runs is left alone.
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
socket="$dir/munge/munge.socket"
munged --key-file="$dir/munge/munge.key" --socket="$socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
  --seed-file="$dir/munge/munged.seed" --force

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024))
# The loopback address: containers often cannot resolve their own host name.
# Ports of their own (not 6817/6818), so a cluster the machine belongs to is not disturbed.
cat >"$dir/slurm.conf" <<CONF
ClusterName=rankscope-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket,cred_expire=5
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=1
JobRequeue=1
KillWait=10
MinJobAge=600
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
echo "export SLURM_CONF='$dir/slurm.conf'" >"$dir/env"
export SLURM_CONF="$dir/slurm.conf"

slurmctld -f "$SLURM_CONF" -c -i
slurmd -f "$SLURM_CONF" -c

# Up when the node is idle (about 5 s).
for _ in $(seq 1 120); do
  if sinfo -h -N -o '%t' 2>/dev/null | grep -qx 'idle'; then
    echo "slurm-up: cluster up on $host ($cpus CPUs), SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.25
done
echo "slurm-up: the node did not become idle in 30 s; logs in $dir/log" >&2
sinfo -N >&2 || true
tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
exit 1
