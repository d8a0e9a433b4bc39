#!/usr/bin/env bash
# `isokin analyze` against its floor and its peer, whole processes, on 4 M- and
# 10 M-sample session files made by the simulator and written as isokin writes them
# (shuffle + deflate 4). For each file, ROUNDS interleaved rounds of:
#   analyze   build/bin/isokin analyze FILE > /dev/null
#   floor     build/bin/isokin_read_floor FILE   (the bare read of the four channels)
#   numpy     /usr/bin/python3 bench/analysis_numpy_reference.py FILE
# and the ratios of the medians of this one run (numpy/analyze: aim >= 5;
# analyze/floor: aim <= 1.3), with the load average before and after.
#   bench/harness_analyze.sh BIN_DIR [ROUNDS]
set -euo pipefail
bin=${1:?usage: harness_analyze.sh BIN_DIR [ROUNDS]}
rounds=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wall() { # command... -> seconds
  local t0 t1
  t0=$EPOCHREALTIME
  "$@" > /dev/null
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for samples in 4000000 10000000; do
  file=$work/big-$samples.h5
  "$bin/isokin" acquire --device 'sim://?speed=0&seed=5&quad_fatigue=0&ham_fatigue=0' --out "$file" \
    --subject B01 --body-mass 75 --mode con-con --velocity 180 --side left --duration $((samples / 1000)) \
    --gravity-torque 11 --gravity-angle 0 --quiet > /dev/null
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  a=() f=() p=()
  for _ in $(seq "$rounds"); do
    a+=("$(wall "$bin/isokin" analyze "$file")")
    f+=("$(wall "$bin/isokin_read_floor" "$file")")
    p+=("$(wall /usr/bin/python3 "$here/analysis_numpy_reference.py" "$file")")
  done
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  ma=$(median "${a[@]}") mf=$(median "${f[@]}") mp=$(median "${p[@]}")
  printf 'analyze_%dM: analyze %s s, floor %s s, numpy %s s (medians of %d; all: analyze %s | floor %s | numpy %s)\n' \
    $((samples / 1000000)) "$ma" "$mf" "$mp" "$rounds" "${a[*]}" "${f[*]}" "${p[*]}"
  printf 'analyze_%dM: numpy/analyze %.2fx (aim >= 5), analyze/floor %.2fx (aim <= 1.3); load average %s -> %s\n' \
    $((samples / 1000000)) "$(ratio "$mp" "$ma")" "$(ratio "$ma" "$mf")" "$load_before" "$load_after"
done
