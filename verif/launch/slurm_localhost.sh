#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A single-node Slurm on this machine, for testing verif/launch/regress_slurm.sh (CI or by hand):
# controller and compute node both `localhost`, munge for authentication, no cgroups, no
# accounting, no systemd (the daemons are started directly). Needs root and the Debian packages
# slurm-wlm and munge.
#
# Usage: verif/launch/slurm_localhost.sh start [CPUS]   write the configuration, start munged,
#                                                       slurmctld, slurmd; wait for an idle node
#        verif/launch/slurm_localhost.sh stop           stop the daemons this script started
#        verif/launch/slurm_localhost.sh status
# Configuration: /etc/slurm/slurm.conf (written only if absent or written by this script before;
# partition `regress`, node `localhost` with CPUS CPUs, default: nproc). State, logs and pid files
# under $FMC_SLURM_DIR (default /var/spool/fmc-slurm).
set -euo pipefail

dir=${FMC_SLURM_DIR:-/var/spool/fmc-slurm}
conf=/etc/slurm/slurm.conf
mark="# written by verif/launch/slurm_localhost.sh"

need_root() {
  [ "$(id -u)" -eq 0 ] || { echo "slurm_localhost: run as root" >&2; exit 1; }
  for b in munged slurmctld slurmd sinfo; do
    command -v "$b" > /dev/null || {
      echo "slurm_localhost: $b not found: apt-get install slurm-wlm munge" >&2; exit 1; }
  done
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2> /dev/null; }

start() {
  need_root
  local cpus=${1:-$(nproc)}
  if [ -f "$conf" ] && ! grep -qF "$mark" "$conf"; then
    echo "slurm_localhost: $conf exists and is not ours; not touching it" >&2
    exit 1
  fi
  mkdir -p "$dir/ctld" "$dir/d" /etc/slurm
  cat > "$conf" <<CONF
$mark start; edit freely, it is rewritten by the next start
ClusterName=fmc
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/d
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
NodeName=localhost NodeHostname=localhost CPUs=$cpus State=UNKNOWN
PartitionName=regress Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  # munge: the package's key; the daemon as the munge user
  install -d -o munge -g munge -m 0755 /run/munge
  if ! alive /run/munge/munged.pid; then
    [ -f /etc/munge/munge.key ] || mungekey --create
    runuser -u munge -- munged
  fi
  alive "$dir/slurmctld.pid" || slurmctld
  alive "$dir/slurmd.pid" || slurmd -N localhost
  for _ in $(seq 60); do
    if sinfo -h -o %T 2> /dev/null | grep -q idle; then
      echo "slurm_localhost: node localhost idle ($cpus CPUs, partition regress)"
      sinfo
      return 0
    fi
    sleep 1
  done
  echo "slurm_localhost: no idle node after 60 s; see $dir/slurmctld.log and $dir/slurmd.log" >&2
  sinfo >&2 || true
  exit 1
}

stop() {
  need_root
  for p in "$dir/slurmd.pid" "$dir/slurmctld.pid" /run/munge/munged.pid; do
    if alive "$p"; then
      pid=$(cat "$p")
      kill "$pid"
      for _ in $(seq 30); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
    fi
  done
  echo "slurm_localhost: stopped"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status)
    for p in "$dir/slurmctld.pid" "$dir/slurmd.pid" /run/munge/munged.pid; do
      if alive "$p"; then echo "running: $(basename "$p" .pid) (pid $(cat "$p"))"
      else echo "stopped: $(basename "$p" .pid)"; fi
    done
    sinfo 2> /dev/null || true ;;
  *) sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
