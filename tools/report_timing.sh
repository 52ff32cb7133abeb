#!/usr/bin/env bash
# How long a report page takes to open in headless Debian chromium.
#
# The page's script writes performance.now() into <body data-render-ms="..."> when it has drawn
# everything: the milliseconds from the start of navigation (reading the file, parsing the HTML and the
# embedded JSON, decoding nothing yet lazily) to the end of drawing the Sankey handlers, the parallel
# categories, every scatter and the gallery. Browser start-up is not included; it is reported apart as
# the wall-clock seconds of the whole chromium run.
#
# Usage: tools/report_timing.sh [page.html [runs]]
#   With no page, builds make_synthetic_report (build/report) and times a synthetic page of 2,000
#   training + 2,000 test + 500 anomaly images (the size of the default 1-vs-7 experiment); when
#   CHEMIN_DATA names an MNIST folder, its thumbnails are real MNIST digits of classes 1, 7 and 3.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
page=${1:-}
runs=${2:-5}
if [ -z "$page" ]; then
  cmake -S . -B build/report -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/report -j2 --target make_synthetic_report >/dev/null
  build/report/tests/output/make_synthetic_report "$work/report" 2000 2000 500 ${CHEMIN_DATA:-} >/dev/null
  page=$work/report/synthetic_1_7_anomaly_3.html
fi
page=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
render=()
wall=()
for run in $(seq "$runs"); do
  start=$(date +%s.%N)
  dom=$(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
          --disable-background-networking --disable-component-update --disable-sync \
          --user-data-dir="$(mktemp -d -p "$work")" --dump-dom "file://$page" 2>/dev/null)
  end=$(date +%s.%N)
  ms=$(grep -o 'data-render-ms="[0-9.]*"' <<<"$dom" | grep -o '[0-9.]*' || true)
  [ -n "$ms" ] || { echo "report_timing: the page's script did not finish (no data-render-ms)" >&2; exit 1; }
  render+=("$ms")
  wall+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
  echo "run $run: page drawn after ${ms} ms; chromium ran $(printf '%.2f' "${wall[-1]}") s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
bytes=$(stat -c %s "$page")
echo "RESULT page_bytes=$bytes runs=$runs render_ms_median=$(median "${render[@]}") chromium_seconds_median=$(printf '%.2f' "$(median "${wall[@]}")")"
