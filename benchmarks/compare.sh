#!/usr/bin/env bash
# chemin and its anchors side by side, in one run, on the same data and the same machine.
#
#     benchmarks/compare.sh [BUILD_DIR]          # default build/compare; prints the table at the end
#
# Anchors (Debian 12 packages; run as root once):
#     apt-get install python3-torch python3-sklearn python3-threadpoolctl python3-faiss r-cran-uwot \
#                     libopenblas0-pthread
# The anchors get their best kernels: OpenBLAS (which Debian's scikit-learn, faiss and PyTorch load
# through libblas.so.3 once libopenblas0-pthread is installed) is told the processor's family
# with OPENBLAS_CORETYPE (SkylakeX where /proc/cpuinfo has avx512f, Haswell where it has avx2:
# OpenBLAS 0.3.21 does not recognise recent processors and would fall back to SSE3 kernels), and
# OpenMP threads sleep when idle (OMP_WAIT_POLICY=PASSIVE), so they do not steal the other core.
# threadpoolctl's `architecture` (the kernels OpenBLAS really chose) is printed beside the figures.
#
# chemin: the default Release build (portable flags; the kernels pick AVX2 or AVX-512 at run time,
# named by chemin_kernel_isa). Networks: bench_nn (batch 64, first 6,400 MNIST training images, median
# of 3 repetitions, wall-clock); clustering: bench_cluster (both cores, median of 3; its inputs and
# labels are written as .npy and the anchors read the very same files, best of 3 runs each: faiss's
# time varies by up to 1.5x from one run to the next on a 2-core machine); UMAP: umap_mnist on the 10,000 MNIST
# test images and on all 70,000 MNIST images (set CHEMIN_COMPARE_SKIP_70K=1 to leave that out: it
# takes minutes), 2 threads, with the neighbour graph's recall on 1,000 points. Every program's own
# output is kept in the output folder (printed first).
# Sections: CHEMIN_COMPARE_ONLY="nn cluster umap" (any of the three, separated by spaces or commas;
# default all) runs only those, chemin's side and its anchors, e.g.
#     CHEMIN_COMPARE_ONLY=cluster benchmarks/compare.sh     # k-means and silhouette only, ~1 minute
# The table then shows "?" in the rows of the sections left out.
# The data: the repository's data/mnist, or $CHEMIN_DATA.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build/compare}
out=$(mktemp -d /tmp/chemin-compare.XXXXXX)
python=/usr/bin/python3
only=" $(echo "${CHEMIN_COMPARE_ONLY:-nn cluster umap}" | tr ',' ' ') "
for section in $only; do
    case "$section" in nn|cluster|umap) ;; *) echo "compare.sh: unknown section '$section' in CHEMIN_COMPARE_ONLY (expected nn, cluster, umap)" >&2; exit 2 ;; esac
done
wants() { case "$only" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
echo "output folder: $out"

if grep -qw avx512f /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=SkylakeX
elif grep -qw avx2 /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=Haswell
fi
export OMP_WAIT_POLICY=PASSIVE
isa=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(sse2|avx2|fma|avx512f|avx512bw|avx512dq|avx512vl|avx512_vnni)$' | tr '\n' ' ')
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), $(nproc) cores; ISA: $isa"
    echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
} > "$out/machine.txt"
cat "$out/machine.txt"

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release > "$out/cmake.txt"
targets=()
wants nn && targets+=(bench_nn)
wants cluster && targets+=(bench_cluster)
wants umap && targets+=(umap_mnist)
cmake --build "$build" -j2 --target "${targets[@]}" >> "$out/cmake.txt"

if wants nn; then
    echo "== chemin: networks"
    "$build/benchmarks/nn/bench_nn" --benchmark_filter='mlp_train|cnn_train|mlp_infer/1$' \
        --benchmark_min_time=1 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
        --benchmark_out="$out/nn.json" --benchmark_out_format=json | tail -n +1
fi
if wants cluster; then
    echo "== chemin: clustering"
    CHEMIN_CLUSTER_DUMP="$out" "$build/benchmarks/cluster/bench_cluster" \
        --benchmark_filter='BM_KMeans|BM_SilhouetteExact/(784|64)/' --benchmark_repetitions=3 \
        --benchmark_report_aggregates_only=true --benchmark_out="$out/cluster.json" --benchmark_out_format=json
fi
if wants umap; then
    echo "== chemin: UMAP"
    "$build/examples/embed/umap_mnist" --threads 2 --seed 0 --knn-recall 1000 --npy "$out/umap.npy" --svg "$out/umap.svg" \
        | tee "$out/umap.txt"
    if [ "${CHEMIN_COMPARE_SKIP_70K:-0}" != 1 ]; then   # all of MNIST: the test images, then the training images
        "$build/examples/embed/umap_mnist" --images 70000 --threads 2 --seed 0 --knn-recall 1000 \
            --npy "$out/umap70k.npy" --svg "$out/umap70k.svg" | tee "$out/umap70k.txt"
    fi
fi

if wants nn; then
    echo "== PyTorch"
    "$python" "$repo/benchmarks/anchors/pytorch_nn.py" | tee "$out/torch.txt"
fi
if wants cluster; then
    echo "== scikit-learn and faiss"
    "$python" "$repo/benchmarks/anchors/cluster_anchors.py" "$out" 3 | tee "$out/cluster_anchors.txt"
fi
if wants umap; then
    echo "== uwot"
    "$python" "$repo/benchmarks/anchors/uwot_anchor.py" --threads 2 --chemin "$out/umap.npy" | tee "$out/uwot.txt"
    if [ "${CHEMIN_COMPARE_SKIP_70K:-0}" != 1 ]; then
        "$python" "$repo/benchmarks/anchors/uwot_anchor.py" --images 70000 --threads 2 --chemin "$out/umap70k.npy" \
            | tee "$out/uwot70k.txt"
    fi
fi
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"

echo
"$python" "$repo/benchmarks/anchors/table.py" "$out" | tee "$out/table.md"
