#!/usr/bin/env bash
# The main job in one command: installs a C++ toolchain and CMake with apt when missing, builds
# chemin-explore (Release) into build/explore, and runs it with the arguments given.
#
#   tools/explore.sh --data DIR [--out DIR] [chemin-explore flags...]
#
# With no experiment flags it runs the default experiments (1 vs 7; with 3s and with 4s as anomalies;
# the origin study's preset on 0/1, 2/8, 5/6 and 1/3/7; one CNN) and writes every output and the HTML
# report into --out (default chemin-out/). MNIST comes from --data or the environment variable
# CHEMIN_DATA (tools/download_mnist.py fetches it once where there is internet).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for p in cmake g++ make; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "explore: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

cmake -S . -B build/explore -DCMAKE_BUILD_TYPE=Release -DCHEMIN_BUILD_TESTS=OFF -DCHEMIN_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/explore -j"$(nproc 2>/dev/null || echo 2)" --target chemin_explore >/dev/null
exec build/explore/examples/paths/chemin-explore "$@"
