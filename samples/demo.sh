#!/usr/bin/env bash
# The demo ./dev demo runs: one simulated athlete (weak, fast-tiring hamstrings on the
# right) goes through an H:Q screen and a 30-repetition fatigue test on the simulated
# dynamometer, faster than real time; both sessions are recorded to HDF5 in OUT_DIR,
# analysed, and the report a physiotherapist reads is printed. A PDF report is written too.
#   samples/demo.sh BIN_DIR OUT_DIR
set -euo pipefail
bin=${1:?usage: samples/demo.sh BIN_DIR OUT_DIR}
out=${2:?usage: samples/demo.sh BIN_DIR OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
isokin="$bin/isokin"
athlete='seed=11&hq=0.44&ham_fatigue=0.025&quad_fatigue=0.01&deficit_right=0.12'

echo "Recording an H:Q screen (both knees; 60 and 240 deg/s concentric, 30 deg/s eccentric)..."
"$isokin" acquire --device "sim://?speed=0&$athlete" --protocol "$here/protocols/hq-screen.toml" \
  --subject DEMO-01 --body-mass 78 --out "$out/demo-hq-screen.h5" --force --quiet
echo "Recording a 30-repetition fatigue test at 180 deg/s..."
"$isokin" acquire --device "sim://?speed=0&$athlete" --protocol "$here/protocols/fatigue-180.toml" \
  --subject DEMO-01 --body-mass 78 --out "$out/demo-fatigue.h5" --force --quiet
echo
"$isokin" analyze "$out/demo-hq-screen.h5"
echo
"$isokin" analyze "$out/demo-fatigue.h5"
echo
"$isokin" report "$out/demo-hq-screen.h5" -o "$out/demo-hq-screen.pdf" --force
echo "Files: $out/demo-hq-screen.h5, $out/demo-fatigue.h5 (HDF5, docs/hdf5-schema.md), report $out/demo-hq-screen.pdf"
echo "Look at them: build/bin/isokin gui $out/demo-hq-screen.h5"
