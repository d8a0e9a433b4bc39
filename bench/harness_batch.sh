#!/usr/bin/env bash
# `isokin batch --jobs 2` against `--jobs 1`, whole processes, on cohorts of 40 and 400
# sessions (analytic H:Q screens made by tests/report/make_synthetic_sessions, 4 trials
# of 5 repetitions, about 0.3 MB each) and on 40 copies of the simulated sample
# sessions. ROUNDS interleaved rounds (-j1, -j2, -j1, ...); the speed-up is the ratio of
# the medians of this one run (aim >= 1.7 on 2 cores), printed with the load average.
# The tables of -j1 and -j2 are compared byte for byte.
#   bench/harness_batch.sh BIN_DIR [ROUNDS]
set -euo pipefail
bin=${1:?usage: harness_batch.sh BIN_DIR [ROUNDS]}
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wall() {
  local t0 t1
  t0=$EPOCHREALTIME
  "$@" > /dev/null 2>&1 || [ $? -eq 1 ]
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

"$bin/make_synthetic_sessions" "$work/c40" 40 5 > /dev/null
"$bin/make_synthetic_sessions" "$work/c400" 400 5 > /dev/null
mkdir -p "$work/s40"
for i in $(seq 8); do
  for f in "$here"/../samples/sessions/*.h5; do cp "$f" "$work/s40/$i-$(basename "$f")"; done
done

for cohort in c40 c400 s40; do
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  one=() two=()
  for _ in $(seq "$rounds"); do
    one+=("$(wall "$bin/isokin" batch "$work/$cohort" --out "$work/$cohort-j1.csv" --jobs 1 -q --force)")
    two+=("$(wall "$bin/isokin" batch "$work/$cohort" --out "$work/$cohort-j2.csv" --jobs 2 -q --force)")
  done
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  cmp -s "$work/$cohort-j1.csv" "$work/$cohort-j2.csv" || { echo "batch_$cohort: -j1 and -j2 tables differ"; exit 1; }
  m1=$(median "${one[@]}") m2=$(median "${two[@]}")
  printf 'batch_%s: -j1 %s s, -j2 %s s (medians of %d; all -j1 %s | -j2 %s)\n' "$cohort" "$m1" "$m2" "$rounds" \
    "${one[*]}" "${two[*]}"
  printf 'batch_%s: speed-up %.2fx (aim >= 1.7); load average %s -> %s\n' "$cohort" "$(ratio "$m1" "$m2")" \
    "$load_before" "$load_after"
done
