#!/usr/bin/python3
"""Times scikit-learn on the inputs bench_cluster writes (same data, same tasks, both cores).

    mkdir -p /tmp/cluster_dump
    CHEMIN_CLUSTER_DUMP=/tmp/cluster_dump build/bench/benchmarks/cluster/bench_cluster
    /usr/bin/python3 benchmarks/cluster/sklearn_reference.py /tmp/cluster_dump

Needs Debian's python3-sklearn (1.2). Prints one line per task with seconds and the figure.
"""
import sys
import time
import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

folder = sys.argv[1]
data = {name: np.load("%s/%s.npy" % (folder, name)) for name in ("mnist784", "act128", "act64")}
for name in ("mnist784", "act64"):
    start = time.perf_counter()
    km = KMeans(n_clusters=10, n_init=10, random_state=0).fit(data[name])
    print("kmeans %s: %.3f s inertia=%.6g iterations=%d" % (name, time.perf_counter() - start, km.inertia_, km.n_iter_))
for name in ("mnist784", "act128", "act64"):
    labels = KMeans(n_clusters=10, n_init=1, random_state=0).fit(data[name]).labels_
    start = time.perf_counter()
    s = silhouette_score(data[name], labels)
    print("silhouette %s: %.3f s score=%.6f" % (name, time.perf_counter() - start, s))
start = time.perf_counter()
scores = []
for k in range(2, 11):
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit(data["act64"]).labels_
    scores.append(silhouette_score(data["act64"], labels))
best = 2 + int(np.argmax(scores))
print("choose_k act64: %.3f s best_k=%d best=%.6f" % (time.perf_counter() - start, best, max(scores)))
