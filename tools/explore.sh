#!/usr/bin/env bash
# The main job in one command, from any folder: installs a C++ toolchain and CMake with apt when
# missing, builds chemin-explore (Release) into the repository's build/explore, and runs it with the
# arguments given, in the caller's folder (relative --data and --out paths are the caller's).
#
#   tools/explore.sh [chemin-explore flags...]          e.g. tools/explore.sh --classes 1,7 --anomalies 3
#
# With no arguments it runs the default experiments (1 vs 7; with 3s and with 4s as anomalies; the
# origin study's preset on 0/1, 2/8, 5/6 and 1/3/7; one CNN) on the MNIST the repository carries
# (data/mnist) and writes every output and the HTML report into ./chemin-out/. `--help` lists the flags.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/explore"
jobs="$(nproc 2>/dev/null || echo 2)"
step() { printf 'explore: %s\n' "$*"; }

missing=()
for p in cmake g++ make; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]} with apt (once)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

started=$SECONDS
step "configuring the build in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCHEMIN_BUILD_TESTS=OFF -DCHEMIN_BUILD_BENCHMARKS=OFF >/dev/null
if [ -x "$build/examples/paths/chemin-explore" ]; then
  step "bringing chemin-explore up to date"
else
  step "compiling chemin-explore (one C++ file; about a minute on a 2-core machine, once)"
fi
log="$build/build.log"
if ! cmake --build "$build" -j"$jobs" --target chemin_explore >"$log" 2>&1; then
  cat "$log" >&2
  step "the build failed (the compiler's messages are above)" >&2
  exit 1
fi
step "built in $((SECONDS - started)) s; running chemin-explore $*"
exec "$build/examples/paths/chemin-explore" "$@"
