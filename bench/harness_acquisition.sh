#!/usr/bin/env bash
# Whole-process acquisition figures (docs/benchmarks.md, ## Acquisition):
#  1. CPU of `isokin acquire` recording isokin-devsim at 2 kHz over a pty for 20 s
#     (user+sys seconds / wall seconds, as % of one core).
#  2. Memory over a one-hour simulated session: `isokin acquire` from sim://?speed=0
#     for 600 s and for 3600 s of device time; flat memory means equal peak RSS.
#   bench/harness_acquisition.sh BIN_DIR
set -euo pipefail
bin=${1:?usage: harness_acquisition.sh BIN_DIR}
work=$(mktemp -d)
trap 'kill $devsim_pid 2>/dev/null || true; rm -rf "$work"' EXIT
devsim_pid=

"$bin/isokin-devsim" --sim 'rate=2000&speed=1' > "$work/devsim.out" &
devsim_pid=$!
for _ in $(seq 50); do [ -s "$work/devsim.out" ] && break; sleep 0.1; done
port=$(head -1 "$work/devsim.out")
/usr/bin/time -f "%e %U %S %M" -o "$work/cpu.time" \
  "$bin/isokin" acquire --device "serial://$port?format=frame" --out "$work/cpu.h5" --duration 20 --quiet > /dev/null
read -r wall user sys rss < "$work/cpu.time"
kill $devsim_pid 2>/dev/null || true
awk -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
  'BEGIN { printf "cpu_2khz: %.1f s wall, %.2f s user + %.2f s sys = %.2f %% of one core, peak RSS %d kB\n", w, u, s, 100*(u+s)/w, m }'

for seconds in 600 3600; do
  /usr/bin/time -f "%e %M" -o "$work/mem.time" \
    "$bin/isokin" acquire --device 'sim://?speed=0&rate=1000' --out "$work/mem$seconds.h5" --duration "$seconds" --quiet > /dev/null
  read -r wall rss < "$work/mem.time"
  echo "memory_session_${seconds}s: $((seconds * 1000)) samples in ${wall} s wall, peak RSS ${rss} kB, file $(du -k "$work/mem$seconds.h5" | cut -f1) kB"
done
