#!/usr/bin/python3
"""scikit-learn's and faiss's figures for the clustering tasks chemin's bench_cluster measures.

    CHEMIN_CLUSTER_DUMP=/tmp/dir build/compare/benchmarks/cluster/bench_cluster   # writes the inputs
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 benchmarks/anchors/cluster_anchors.py /tmp/dir

Same data as chemin (the .npy files bench_cluster writes: mnist784 = the 10,000 MNIST test images,
act64 = the documented 10,000 x 64 activations stand-in), both cores:
  k-means K = 10, n_init = 10: scikit-learn 1.2 KMeans(n_clusters=10, n_init=10, random_state=0) and
  faiss 1.7.3 Kmeans(d, 10, niter=25, nredo=10, seed=1234); seconds of the fit and inertia (faiss's
  inertia is recomputed in float64 from its centroids' assignment). faiss trains by default on a sample
  of 256 points per centroid (2,560 of the 10,000 here: its max_points_per_centroid); so that the work
  can also be compared like for like, faiss is timed a second time on every point
  (max_points_per_centroid = N, the "faiss_all" figures), still for its fixed 25 rounds;
  exact silhouette: sklearn.metrics.silhouette_score on the labels chemin scored (labels784.npy,
  labels64.npy from the same dump), so the two scores can be compared digit for digit.
Each timing is the best of `repeats` runs (argument 2, default 1). Ends with one `RESULT` line.
"""
import sys
import time

import numpy as np

from mnist_idx import blas_architecture


def best_time(function, repeats):
    best, value = None, None
    for _ in range(repeats):
        start = time.perf_counter()
        value = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None or elapsed < best else best
    return best, value


def inertia(x, centres):
    x64 = x.astype(np.float64)
    c64 = centres.astype(np.float64)
    d = (x64 * x64).sum(1)[:, None] + (c64 * c64).sum(1)[None, :] - 2.0 * x64 @ c64.T
    return float(np.maximum(d.min(1), 0.0).sum())


def main():
    folder = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    import faiss
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    result = []
    for name, short in (("mnist784", "784"), ("act64", "64")):
        x = np.ascontiguousarray(np.load("%s/%s.npy" % (folder, name)).astype(np.float32))
        t, km = best_time(lambda: KMeans(n_clusters=10, n_init=10, random_state=0).fit(x), repeats)
        result.append("sklearn_kmeans%s_s=%.4f sklearn_kmeans%s_inertia=%.2f" % (short, t, short, km.inertia_))

        def faiss_fit():
            f = faiss.Kmeans(x.shape[1], 10, niter=25, nredo=10, seed=1234)
            f.train(x)
            return f
        t, fk = best_time(faiss_fit, repeats)
        result.append("faiss_kmeans%s_s=%.4f faiss_kmeans%s_inertia=%.2f" % (short, t, short, inertia(x, fk.centroids)))

        def faiss_fit_all_points():
            f = faiss.Kmeans(x.shape[1], 10, niter=25, nredo=10, seed=1234, max_points_per_centroid=x.shape[0])
            f.train(x)
            return f
        t, fk = best_time(faiss_fit_all_points, repeats)
        result.append("faiss_all_kmeans%s_s=%.4f faiss_all_kmeans%s_inertia=%.2f"
                      % (short, t, short, inertia(x, fk.centroids)))

        labels = np.load("%s/labels%s.npy" % (folder, short)).reshape(-1).astype(np.int64)
        t, s = best_time(lambda: silhouette_score(x, labels), repeats)
        result.append("sklearn_silhouette%s_s=%.4f sklearn_silhouette%s=%.6f" % (short, t, short, s))
    import sklearn
    arch = blas_architecture()
    print("scikit-learn %s, faiss %s, omp threads %d, blas %s" % (sklearn.__version__, faiss.__version__,
          faiss.omp_get_max_threads(), arch))
    print("RESULT " + " ".join(result) + " cluster_arch=" + arch.replace(" ", "_"))


if __name__ == "__main__":
    main()
