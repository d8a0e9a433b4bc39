#!/bin/bash
# The cluster path for real: a one-node Slurm cluster (munged, slurmctld, slurmd from
# Debian's slurm-wlm and munge) started in a temporary folder, the shipped
# packaging/slurm/isokin-cohort.sbatch submitted as a job array over a simulated cohort
# with its merge job depending on it, and the merged tables compared byte for byte with
# one `isokin batch` of the same cohort on this machine. Every daemon started here is
# stopped by its pid.
# usage: test_slurm_cohort.sh ISOKIN MAKE_SYNTHETIC_SESSIONS SBATCH_SCRIPT
# Exit 77 (skipped, with the reason) only where the daemons cannot be started.
set -uo pipefail
isokin=$(readlink -f "$1") make=$(readlink -f "$2") script=$(readlink -f "$3")

skip() { echo "SKIPPED: $*"; exit 77; }
fail() {
  echo "FAILED: $*"
  for f in "$tmp"/*.log "$tmp"/out/logs/*; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done
  exit 1
}

for exe in munged mungekey slurmctld slurmd sbatch scontrol sinfo; do
  command -v "$exe" >/dev/null || [ -x "/usr/sbin/$exe" ] ||
    skip "$exe not found: install Debian's slurm-wlm and munge (./dev setup does)"
done
export PATH=$PATH:/usr/sbin
[ "$(id -u)" -eq 0 ] || skip "the one-node cluster runs its daemons as root (SlurmUser=root); run as root"

tmp=$(mktemp -d /tmp/isokin-slurm.XXXXXX)
pids=()
cleanup() {
  # Stop what this test started, by pid, newest first; then wait for each.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Free TCP ports for slurmctld and slurmd, picked now (other tests run beside this one).
read -r ctld_port slurmd_port < <(/usr/bin/python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')

# munge: its own key and socket in the temporary folder (a system munged is left alone).
timeout 20 mungekey --create --keyfile="$tmp/munge.key" >/dev/null 2>&1 || skip "mungekey cannot create a key"
chmod 600 "$tmp/munge.key"
munged --foreground --force --socket="$tmp/munge.sock" --key-file="$tmp/munge.key" --pid-file="$tmp/munged.pid" \
  --seed-file="$tmp/munge.seed" --log-file="$tmp/munged.log" >"$tmp/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$tmp/munge.sock" ] && break; sleep 0.1; done
[ -S "$tmp/munge.sock" ] || skip "munged did not start: $(tail -n 3 "$tmp/munged.out" "$tmp/munged.log" 2>/dev/null)"

node=$(hostname -s)
cpus=$(nproc)
memory_mb=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 / 2))
mkdir -p "$tmp/state" "$tmp/spool/$node"
cat >"$tmp/slurm.conf" <<CONF
ClusterName=isokintest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge.sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool/%n
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf

slurmctld -D -i >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$node" >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
# Every client call is bounded: a controller that cannot be reached would otherwise keep
# sinfo and scontrol waiting for their own message timeouts, again and again.
up="" deadline=$((SECONDS + 20))
while [ $SECONDS -lt $deadline ]; do
  state=$(timeout 5 sinfo -h -N -o %t 2>/dev/null | head -n 1)
  case "$state" in idle*|mix*|alloc*) up=1; break ;; esac
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || skip "a Slurm daemon exited at start: $(tail -n 5 "$tmp"/slurm*.out "$tmp"/slurm*.log 2>/dev/null)"; done
  sleep 0.2
done
[ -n "$up" ] || skip "the node did not come up within 20 s (state '$state'): $(tail -n 5 "$tmp"/slurm*.log 2>/dev/null)"
echo "one-node cluster up: $node, $cpus CPUs, slurmctld :$ctld_port, slurmd :$slurmd_port"

# The cohort: 9 simulated sessions and a broken file (an error row that must survive).
"$make" "$tmp/cohort" 9 3 >/dev/null || fail "make_synthetic_sessions"
echo "not a session" >"$tmp/cohort/broken.h5"
"$isokin" batch "$tmp/cohort" --out "$tmp/whole-efforts.csv" --ratios "$tmp/whole-ratios.csv" \
  --bilateral "$tmp/whole-bilateral.csv" --quiet >/dev/null 2>&1
[ $? -eq 1 ] || fail "the single-machine batch should report the broken file (exit 1)"

# Submit the shipped script as a user would, from the results' parent folder.
cd "$tmp"
COHORT=$tmp/cohort OUT=$tmp/out TASKS=4 ISOKIN=$isokin timeout 60 bash "$script" >"$tmp/submit.log" 2>&1 ||
  fail "submitting: $(cat "$tmp/submit.log")"
read -r array merge <"$tmp/out/jobs" || fail "no job ids"
echo "submitted: array $array, merge $merge"

job_state() { timeout 5 scontrol show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n 's/^JobState=//p' | sort -u | tr '\n' ' '; }
deadline=$((SECONDS + 150))
while :; do
  ms=$(job_state "$merge")
  case "$ms" in *COMPLETED*|*FAILED*|*CANCELLED*|*TIMEOUT*|*NODE_FAIL*) break ;; esac
  [ $SECONDS -lt $deadline ] || fail "the jobs did not end within 150 s (array: $(job_state "$array"), merge: $ms)"
  sleep 0.5
done
as=$(job_state "$array")
echo "array tasks: $as; merge: $ms"
[ "$as" = "COMPLETED " ] || fail "every array task should complete, got '$as'"
# The merge lists the broken file and ends with status 1 once the tables are written.
[ "$ms" = "FAILED " ] || fail "the merge job should end FAILED (exit 1: one file has an error row), got '$ms'"
grep -q "broken.h5" "$tmp"/out/logs/merge-*.out || fail "the merge log does not name the broken file"
for t in efforts ratios bilateral; do
  ls "$tmp"/out/parts/"$t"-*.csv | wc -l | grep -qx 4 || fail "expected 4 parts of $t"
  cmp "$tmp/out/$t.csv" "$tmp/whole-$t.csv" || fail "merged $t differs from the single-machine batch"
done
head -n 1 "$tmp/out/parts/efforts-2.csv" | grep -q "^# isokin batch part: shard=3/4 " ||
  fail "task 2 should be shard 3/4: $(head -n 1 "$tmp/out/parts/efforts-2.csv")"
echo "ok: merged tables equal the single-machine batch ($(($(wc -l <"$tmp/out/efforts.csv") - 1)) effort rows)"
