#!/usr/bin/python3
"""uwot's UMAP of MNIST, timed and scored with the definitions of chemin's umap_mnist.

    /usr/bin/python3 benchmarks/anchors/uwot_anchor.py [--images N] [--threads T] [--mnist DIR] [--chemin Y.npy]

Needs Debian's r-cran-uwot and python3-sklearn. Data: the first N (default 10,000) MNIST test images
(or, with N > 10,000, the 10,000 test images followed by the training images: N = 70,000 is all of
MNIST), pixels in [0, 1]. uwot runs with n_neighbors 15, min_dist 0.1 and T threads for both the
neighbour search and the SGD (benchmarks/anchors/uwot_umap.R). Quality, as chemin/embed/quality.hpp:
trustworthiness with k = 15 on the 3,000-point subsample index_i = floor(i N / 3000), and the 10-NN
label agreement in percent. With --chemin, chemin's embedding of the same images is scored the same way.
Ends with one `RESULT` line.
"""
import argparse
import os
import re
import subprocess
import tempfile

import numpy as np
from sklearn.manifold import trustworthiness
from sklearn.neighbors import NearestNeighbors

from mnist_idx import folder, images


def scores(x, y, labels):
    n = x.shape[0]
    sub = np.array([i * n // 3000 for i in range(3000)], dtype=np.int64)
    trust = trustworthiness(x[sub], y[sub], n_neighbors=15)
    neighbours = NearestNeighbors(n_neighbors=10).fit(y).kneighbors(return_distance=False)
    return trust, 100.0 * np.mean(labels[neighbours] == labels[:, None])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=10000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--mnist", default=None)
    parser.add_argument("--chemin", default=None)
    args = parser.parse_args()
    where = folder(args.mnist)
    x, labels = images(where, "t10k")
    if args.images > len(x):
        xt, lt = images(where, "train")
        x, labels = np.concatenate([x, xt]), np.concatenate([labels, lt])
    x, labels = np.ascontiguousarray(x[:args.images]), labels[:args.images]
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        x.tofile(os.path.join(tmp, "x.f32"))
        out = subprocess.run(["Rscript", os.path.join(here, "uwot_umap.R"), os.path.join(tmp, "x.f32"),
                              str(x.shape[0]), str(x.shape[1]), os.path.join(tmp, "y.f32"), str(args.threads)],
                             check=True, capture_output=True, text=True).stdout
        print(out.strip())
        seconds = float(re.search(r"uwot_seconds=([0-9.]+)", out).group(1))
        y = np.fromfile(os.path.join(tmp, "y.f32"), dtype=np.float32).reshape(-1, 2)
    trust, agreement = scores(x, y, labels)
    line = "uwot_seconds=%.3f uwot_trust=%.4f uwot_knn_agreement=%.2f" % (seconds, trust, agreement)
    if args.chemin:
        t2, a2 = scores(x, np.load(args.chemin).astype(np.float32), labels)
        line += " chemin_trust_sklearn=%.4f chemin_knn_agreement_sklearn=%.2f" % (t2, a2)
    print("RESULT images=%d %s" % (args.images, line))


if __name__ == "__main__":
    main()
