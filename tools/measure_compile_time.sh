#!/usr/bin/env bash
# Measures the compile cost of chemin: the time to compile a translation unit that only includes the
# single header, at -O2. The single header is regenerated from include/ into a temporary folder (the
# checked-in single_include/ is not touched). Prints one RESULT line.
# Usage: tools/measure_compile_time.sh [compiler (default g++)] [repetitions (default 5)]
set -euo pipefail
cd "$(dirname "$0")/.."
compiler=${1:-g++}
repetitions=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/chemin"
python3 tools/amalgamate.py --output "$work/chemin/chemin.hpp" >/dev/null
printf '#include "chemin/chemin.hpp"\nint main() { return 0; }\n' > "$work/tu.cpp"
best=""
all=()
for ((i = 0; i < repetitions; i++)); do
  start=$(date +%s.%N)
  "$compiler" -O2 -std=c++17 -I"$work" -c "$work/tu.cpp" -o "$work/tu.o"
  end=$(date +%s.%N)
  t=$(python3 -c "print(f'{$end - $start:.3f}')")
  all+=("$t")
  if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
done
lines=$(wc -l < "$work/chemin/chemin.hpp")
echo "compile times (s): ${all[*]}"
echo "RESULT compiler=$compiler single_header_lines=$lines best_seconds=$best runs=$repetitions"
