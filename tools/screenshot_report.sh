#!/usr/bin/env bash
# Screenshots of chemin's HTML report, for the README: the home page and one experiment page, taken by
# headless Debian chromium into tools/screenshots/.
#
# Usage: tools/screenshot_report.sh [report-folder [experiment-page]]
#   With no argument, builds make_synthetic_report (build/report) and screenshots the synthetic report
#   of the tests. With a folder (e.g. the one chemin-explore wrote), screenshots its index.html and the
#   given page (default: the first page index.html links to).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tools/screenshots
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

folder=${1:-}
if [ -z "$folder" ]; then
  cmake -S . -B build/report -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/report -j2 --target make_synthetic_report >/dev/null
  folder=$work/report
  build/report/tests/output/make_synthetic_report "$folder" >/dev/null
fi
page=${2:-$(grep -o 'href="[^"]*\.html"' "$folder/index.html" | head -1 | sed 's/href="\(.*\)"/\1/')}

shoot() {  # shoot <url> <png> <height>
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --hide-scrollbars --window-size=1240,"$3" \
    --virtual-time-budget=3000 --screenshot="$2" "$1" 2>/dev/null
}
folder=$(cd "$folder" && pwd)
shoot "file://$folder/index.html" "$out/report_index.png" 420
shoot "file://$folder/$page#node=1" "$out/report_experiment.png" 4200
echo "RESULT index=$out/report_index.png experiment=$out/report_experiment.png page=$page"
