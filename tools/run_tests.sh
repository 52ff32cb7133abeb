#!/usr/bin/env bash
# Builds and runs chemin's whole test suite, installing what it needs from the system package manager
# (Debian/Ubuntu apt) when missing. Three configurations, each in its own build folder:
#   build/test-gcc     g++, -Werror, include/ sources, examples and benchmarks built too; every test,
#                      including those on real MNIST (label integration), the browser test and the
#                      consumer projects
#   build/test-clang   clang++, -Werror, everything compiled against the generated single header; the
#                      unit tests (the integration, browser and consumer tests ran in the first one)
#   build/test-asan    g++ with AddressSanitizer + UndefinedBehaviorSanitizer; the unit tests
# The gcc and clang configurations also compile and link chemin-explore (examples/paths) for Windows with the
# MinGW-w64 cross compiler (test windows_cross_build, label cross).
# The integration tests read real MNIST from the repository's data/mnist: CHEMIN_DATA is unset here,
# so the suite always checks the data the repository carries. Runs from any folder; needs no network
# beyond the distribution's package mirror (for the first install). About 12 minutes on 2 cores from
# clean build folders (12 min 18 s; it was 20.5 min), almost all of it compiling. To keep
# it so, the test programs are built at -O1 with one precompiled header (doctest + chemin.hpp), the
# sanitizer configuration at -O1, and the asan configuration builds only what it runs (no compile-only
# checks, no programs of integration/browser tests); examples and benchmarks stay at Release (-O3).
# Figures: benchmarks/README.md, "Test suite build time".
# Usage: tools/run_tests.sh [gcc|clang|asan ...]   (default: all three)
set -euo pipefail
unset CHEMIN_DATA
cd "$(dirname "$0")/.."

packages=(cmake g++ clang make python3 doctest-dev libbenchmark-dev zlib1g-dev libxml2-utils chromium
          g++-mingw-w64-x86-64-posix)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "run_tests: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
variants=("$@")
[ ${#variants[@]} -eq 0 ] && variants=(gcc clang asan)

run_variant() {
  local name=$1; shift
  local dir=build/test-$name
  echo "=== run_tests: $name ==="
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs" ${CTEST_EXTRA:-}
}

for v in "${variants[@]}"; do
  case "$v" in
    gcc)   run_variant gcc -DCMAKE_CXX_COMPILER=g++ ;;
    clang) CTEST_EXTRA="-LE integration|browser|consumer" run_variant clang -DCMAKE_CXX_COMPILER=clang++ \
             -DCHEMIN_USE_SINGLE_HEADER=ON -DCHEMIN_BUILD_BENCHMARKS=OFF ;;
    asan)  CTEST_EXTRA="-LE integration|browser|consumer" run_variant asan -DCMAKE_CXX_COMPILER=g++ \
             -DCHEMIN_SANITIZE=ON -DCHEMIN_BUILD_EXAMPLES=OFF -DCHEMIN_BUILD_BENCHMARKS=OFF \
             -DCHEMIN_BUILD_HEADER_CHECKS=OFF -DCHEMIN_BUILD_INTEGRATION_TESTS=OFF ;;
    *) echo "run_tests: unknown configuration '$v' (expected gcc, clang or asan)" >&2; exit 2 ;;
  esac
done
echo "run_tests: all configurations passed (${variants[*]})"
