#!/usr/bin/python3
"""umap-learn's figures on the data and definitions that chemin's examples/embed/umap_mnist uses.

    /usr/bin/python3 benchmarks/embed/umap_learn_reference.py /work/shared/data/mnist [chemin_embedding.npy]
    /usr/bin/python3 benchmarks/embed/umap_learn_reference.py --score-only /work/shared/data/mnist Y.npy

Needs Debian's umap-learn and python3-sklearn (apt-get install -y umap-learn python3-sklearn); run with
the system interpreter. Data: the first 10,000 MNIST test images (t10k-images-idx3-ubyte[.gz]), pixels
scaled to [0, 1]. umap-learn with its defaults (n_neighbors 15, min_dist 0.1, 2-D, 500 epochs for
10,000 points), random_state=None so that it uses both cores (numba parallel), fitted twice: the first
fit compiles numba's functions, the second is the "warm" time.

Quality, with the same definitions as chemin/embed/quality.hpp:
  trustworthiness   sklearn.manifold.trustworthiness, k = 15, on the fixed 3,000-point subsample
                    index_i = floor(i * N / 3000) (chemin::embed::even_subsample);
  knn agreement     mean over all points of the fraction of their 10 nearest embedded neighbours (self
                    excluded) with the same digit, in percent.
With a second argument (an N x 2 .npy from chemin-umap), the same two figures are printed for it, so
both implementations are scored by the same code; --score-only skips umap-learn and only scores it.
"""
import gzip
import os
import sys
import time

import numpy as np
from sklearn.manifold import trustworthiness
from sklearn.neighbors import NearestNeighbors


def read_idx(folder, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            ndim = data[3]
            dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    sys.exit("missing %s[.gz] in %s" % (name, folder))


def even_subsample(n, count):
    return np.array([i * n // count for i in range(count)], dtype=np.int64)


def scores(x, y, labels):
    sub = even_subsample(x.shape[0], 3000)
    trust = trustworthiness(x[sub], y[sub], n_neighbors=15)
    neighbours = NearestNeighbors(n_neighbors=10).fit(y).kneighbors(return_distance=False)
    agreement = 100.0 * np.mean(labels[neighbours] == labels[:, None])
    return trust, agreement


def main():
    args = [a for a in sys.argv[1:] if a != "--score-only"]
    score_only = len(args) != len(sys.argv) - 1
    repository_data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist")
    folder = args[0] if args else os.environ.get("CHEMIN_DATA") or repository_data
    images = read_idx(folder, "t10k-images-idx3-ubyte")[:10000]
    labels = read_idx(folder, "t10k-labels-idx1-ubyte")[:10000].astype(np.int64)
    x = images.reshape(len(images), -1).astype(np.float32) / 255.0

    if score_only:
        theirs = np.load(args[1]).astype(np.float32)
        t2, a2 = scores(x, theirs, labels)
        print("%s: trustworthiness %.4f knn_label_agreement %.2f" % (args[1], t2, a2))
        print("RESULT trustworthiness=%.4f knn_label_agreement=%.2f" % (t2, a2))
        return

    import umap
    import numba
    print("umap-learn", umap.__version__ if hasattr(umap, "__version__") else "?", "numba", numba.__version__,
          "threads", numba.config.NUMBA_NUM_THREADS)
    start = time.perf_counter()
    umap.UMAP().fit_transform(x)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    y = umap.UMAP().fit_transform(x)
    warm = time.perf_counter() - start
    trust, agreement = scores(x, y, labels)
    print("umap-learn cold %.2f s warm %.2f s trustworthiness %.4f knn_label_agreement %.2f" %
          (cold, warm, trust, agreement))
    result = "RESULT umap_learn_warm_seconds=%.2f umap_learn_cold_seconds=%.2f " \
             "umap_learn_trustworthiness=%.4f umap_learn_knn_label_agreement=%.2f" % (warm, cold, trust, agreement)
    if len(args) > 1:
        theirs = np.load(args[1]).astype(np.float32)
        t2, a2 = scores(x, theirs, labels)
        print("%s: trustworthiness %.4f knn_label_agreement %.2f" % (args[1], t2, a2))
        result += " other_trustworthiness=%.4f other_knn_label_agreement=%.2f" % (t2, a2)
    print(result)


if __name__ == "__main__":
    main()
