"""Reads MNIST from the repository's data/mnist (IDX, optionally .gz), as chemin's loader does.

Shared by the anchor scripts in this folder. The folder is the first existing of: the argument,
$CHEMIN_DATA, the repository's data/mnist. Pixels are scaled to [0, 1] as float32 (x / 255).
"""
import gzip
import os
import sys

import numpy as np


def folder(argument=None):
    repository_data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist")
    return argument or os.environ.get("CHEMIN_DATA") or repository_data


def read_idx(where, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(where, candidate)
        if os.path.exists(path):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            ndim = data[3]
            dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    sys.exit("missing %s[.gz] in %s" % (name, where))


def images(where, split):
    """split: 'train' or 't10k'. Returns (N x 784 float32 in [0, 1], N int64 labels)."""
    x = read_idx(where, "%s-images-idx3-ubyte" % split)
    y = read_idx(where, "%s-labels-idx1-ubyte" % split)
    return x.reshape(len(x), -1).astype(np.float32) / np.float32(255.0), y.astype(np.int64)


def blas_architecture():
    """'name architecture threads' of every BLAS / OpenMP library threadpoolctl sees in this process."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl missing"
    parts = []
    for lib in threadpool_info():
        name = lib.get("internal_api", "?")
        arch = lib.get("architecture", "-")
        parts.append("%s:%s:%s" % (name, arch, lib.get("num_threads", "?")))
    return ",".join(parts) if parts else "none"
