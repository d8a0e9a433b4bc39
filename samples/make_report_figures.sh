#!/usr/bin/env bash
# Remakes the report pictures shown in docs/reports.md from the sample sessions:
#   samples/make_report_figures.sh [BIN_DIR]      (default: build/bin)
# docs/images/report-page-N.png  the clinical report of hq-screen-P01.h5, page by page
# docs/images/report-fatigue.png the fatigue figure of fatigue-P01.h5 (--format png)
# docs/images/progress.png       `isokin progress` over the three rehab visits of P02
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/bin}
images="$here/../docs/images"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$images"
"$bin/isokin" report "$here/sessions/hq-screen-P01.h5" -o "$tmp/report.pdf"
pdftoppm -r 60 -png "$tmp/report.pdf" "$tmp/page"
i=1
for page in "$tmp"/page-*.png; do
  cp "$page" "$images/report-page-$i.png"
  i=$((i + 1))
done
"$bin/isokin" report "$here/sessions/fatigue-P01.h5" -o "$tmp/fig.png" >/dev/null
cp "$tmp/fig-fatigue.png" "$images/report-fatigue.png"
"$bin/isokin" progress "$here"/sessions/rehab-P02-week*.h5 -o "$tmp/progress.png" >/dev/null
cp "$tmp/progress.png" "$images/progress.png"
ls -l "$images"/report-*.png "$images/progress.png"
