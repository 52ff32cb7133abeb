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
# Each compile runs under Python, which reads both its wall-clock time and its CPU time (user + system,
# from getrusage): on a busy machine the wall time grows with the load, the CPU time much less.
python3 - "$compiler" "$work" "$repetitions" <<'PY'
import resource, subprocess, sys, time
compiler, work, repetitions = sys.argv[1], sys.argv[2], int(sys.argv[3])
walls, cpus = [], []
for _ in range(repetitions):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([compiler, "-O2", "-std=c++17", "-I" + work, "-c", work + "/tu.cpp", "-o", work + "/tu.o"], check=True)
    walls.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
lines = sum(1 for _ in open(work + "/chemin/chemin.hpp"))
print("compile wall seconds:", " ".join(f"{w:.3f}" for w in walls))
print("compile CPU seconds: ", " ".join(f"{c:.3f}" for c in cpus))
print(f"RESULT compiler={compiler} single_header_lines={lines} best_seconds={min(walls):.3f} "
      f"best_cpu_seconds={min(cpus):.3f} runs={repetitions}")
PY
