#!/usr/bin/python3
"""Prints umap-learn's fitted (a, b) for the (min_dist, spread) pairs that tests/embed/test_umap.cpp
checks chemin::embed::fit_ab against. Needs Debian's umap-learn (apt-get install umap-learn); run with the
system interpreter: /usr/bin/python3 tests/embed/umap_learn_ab_reference.py

Output on umap-learn 0.5.3 / scipy 1.10 (Debian 12), pasted into the test:
0.1 1.0 1.5769434601962196 0.8950608779914887
0.5 1.0 0.583030020479462 1.3341669929263487
0.0 1.0 1.9328083975546724 0.7904949734010681
0.25 2.0 0.41627349693884963 0.9218551322340262
"""
from umap.umap_ import find_ab_params

for min_dist, spread in [(0.1, 1.0), (0.5, 1.0), (0.0, 1.0), (0.25, 2.0)]:
    a, b = find_ab_params(spread, min_dist)
    print(min_dist, spread, repr(float(a)), repr(float(b)))
