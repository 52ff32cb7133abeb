#!/usr/bin/env bash
# Runs the main job as a Windows program: cross-compiles chemin-explore for x86-64 Windows with
# MinGW-w64, then runs it under wine on the repository's MNIST, twice into the same output folder (the
# second run replaces every file the first wrote, which exercises the Windows file code), and checks that
# both end with a RESULT line and leave the expected files and no temporaries. A separate command, not
# part of tools/run_tests.sh (which only compiles and links for Windows): wine is large (~700 MB) and
# this takes about a minute. Installs what it needs with apt when missing.
# Usage: tools/windows_smoke.sh [output folder]   (default: a fresh temporary folder, removed after)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

packages=(g++-mingw-w64-x86-64-posix wine64)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "windows_smoke: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)

work=$(mktemp -d)
out=${1:-$work/out}
trap 'rm -rf "$work"' EXIT
export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all

echo "windows_smoke: cross-compiling chemin-explore"
x86_64-w64-mingw32-g++-posix -std=c++17 -O2 -Wall -Wextra -Wpedantic -Werror -DCHEMIN_ENABLE_THREADS \
    -I"$repo/include" -I"$repo/examples" "$repo/examples/paths/chemin_explore.cpp" -static -o "$work/chemin-explore.exe"

run() {  # one small experiment: 1 vs 7, 300 images per class, 2 epochs, both threads
  CHEMIN_DATA="Z:$repo/data/mnist" "$wine" "$work/chemin-explore.exe" --out "Z:$out" "$@" \
      --classes 1,7 --per-class 300 --epochs 2 --threads 2 --name one_vs_seven 2>&1 | tee "$work/log.txt"
  tail -n 1 "$work/log.txt" | grep -q '^RESULT experiments=1 ' || { echo "windows_smoke: no RESULT line" >&2; exit 1; }
}
echo "windows_smoke: first run (a new output folder)"
run
echo "windows_smoke: second run into the same folder (every file replaced)"
run --force

for f in index.html one_vs_seven/report.html one_vs_seven/model.weights one_vs_seven/paths.csv; do
  [ -s "$out/$f" ] || { echo "windows_smoke: $out/$f is missing or empty" >&2; exit 1; }
done
leftovers=$(find "$out" -name '*.chemin-partial-*' | wc -l)
[ "$leftovers" -eq 0 ] || { echo "windows_smoke: $leftovers temporary files left in $out" >&2; exit 1; }
accuracy=$(tail -n 1 "$work/log.txt" | sed -n 's/.*mean_test_accuracy=\([0-9.]*\).*/\1/p')
echo "RESULT windows_runs=2 files=$(find "$out" -type f | wc -l) mean_test_accuracy=$accuracy"
