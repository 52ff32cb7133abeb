#!/usr/bin/python3
"""Prints the side-by-side table of benchmarks/compare.sh from the files it wrote into one folder.

    /usr/bin/python3 benchmarks/anchors/table.py OUT_DIR

Reads nn.json and cluster.json (Google Benchmark JSON of bench_nn and bench_cluster, medians of the
repetitions), umap[70k].txt (umap_mnist), torch.txt, cluster_anchors.txt and uwot[70k].txt (the
anchors' `RESULT` lines) and machine.txt (CPU, ISA, load). A ratio > 1 means chemin is faster.
"""
import json
import os
import re
import sys


def results(path):
    values = {}
    if not os.path.exists(path):
        return values
    for line in open(path):
        if line.startswith("RESULT "):
            for item in line.split()[1:]:
                key, _, value = item.partition("=")
                values[key] = value
    return values


def medians(path):
    """benchmark name (without the /real_time suffixes) -> the median's run record."""
    if not os.path.exists(path):
        return {}
    data = json.load(open(path))
    out = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name", "median") != "median":
            continue
        name = re.sub(r"(/iterations:\d+)?(/real_time)?(_median)?$", "", b.get("run_name", b["name"]))
        out[name] = b
    return out, data.get("context", {})


def main():
    folder = sys.argv[1]
    nn, nn_context = medians(os.path.join(folder, "nn.json")) or ({}, {})
    cl, cl_context = medians(os.path.join(folder, "cluster.json")) or ({}, {})
    torch = results(os.path.join(folder, "torch.txt"))
    anchors = results(os.path.join(folder, "cluster_anchors.txt"))
    print(open(os.path.join(folder, "machine.txt")).read().strip())
    print("chemin kernels: %s" % nn_context.get("chemin_kernel_isa", cl_context.get("chemin_kernel_isa", "?")))
    print("anchors' BLAS/OpenMP (library:architecture:threads): torch %s; scikit-learn/faiss %s"
          % (torch.get("torch_arch", "?"), anchors.get("cluster_arch", "?")))
    print()
    print("| work (same run, same machine) | anchor | chemin | ratio | goal |")
    print("|---|---|---|---|---|")

    def rate(name):
        b = nn.get(name)
        return float(b["items_per_second"]) if b else None

    def row(work, anchor_text, chemin_text, ratio, goal):
        print("| %s | %s | %s | %s | %s |" % (work, anchor_text, chemin_text,
                                            "%.2fx" % ratio if ratio is not None else "-", goal))

    def fmt(x, spec):
        return spec % x if x is not None else "?"

    mlp1, mlp2 = rate("BM_mlp_train_batch64/1"), rate("BM_mlp_train_batch64/2")
    cnn1, cnn2 = rate("BM_cnn_train_batch64/1"), rate("BM_cnn_train_batch64/2")
    t_mlp = float(torch["torch_mlp_train_per_s"]) if "torch_mlp_train_per_s" in torch else None
    t_cnn = float(torch["torch_lenet_train_per_s"]) if "torch_lenet_train_per_s" in torch else None
    t_inf = float(torch["torch_mlp_infer1_us"]) if "torch_mlp_infer1_us" in torch else None
    row("MLP 784-128-64-10 training, 1 thread, batch 64", "PyTorch: %s samples/s" % fmt(t_mlp, "%.0f"),
        fmt(mlp1, "%.0f"), mlp1 / t_mlp if mlp1 and t_mlp else None, "2x")
    row("same, 2 threads vs 1", "-", fmt(mlp2, "%.0f"), mlp2 / mlp1 if mlp1 and mlp2 else None, "1.6x")
    row("LeNet training, 1 thread, batch 64, Adam 7e-3 cosine-annealed (both sides)", "PyTorch: %s samples/s" % fmt(t_cnn, "%.0f"),
        fmt(cnn1, "%.0f"), cnn1 / t_cnn if cnn1 and t_cnn else None, "1.5x")
    row("LeNet, 2 threads vs 1", "-", fmt(cnn2, "%.0f"), cnn2 / cnn1 if cnn1 and cnn2 else None, "-")
    inf = nn.get("BM_mlp_infer/1")
    inf_us = float(inf["real_time"]) if inf else None
    row("MLP inference, batch 1", "PyTorch: %s us" % fmt(t_inf, "%.2f"), "%s us" % fmt(inf_us, "%.2f"),
        t_inf / inf_us if inf_us and t_inf else None, "12x")
    for short, label in (("784", "10k x 784 MNIST"), ("64", "10k x 64 activations")):
        b = cl.get("BM_KMeans/%s" % short)
        seconds = float(b["real_time"]) if b else None
        inertia = float(b["inertia"]) if b else None
        sk = float(anchors.get("sklearn_kmeans%s_s" % short, "nan"))
        fa = float(anchors.get("faiss_kmeans%s_s" % short, "nan"))
        ski = float(anchors.get("sklearn_kmeans%s_inertia" % short, "nan"))
        fai = float(anchors.get("faiss_kmeans%s_inertia" % short, "nan"))
        row("k-means K=10 n_init=10, %s (inertia chemin %s, sklearn %.2f, faiss %.2f)"
            % (label, fmt(inertia, "%.2f"), ski, fai),
            "scikit-learn: %.3f s" % sk, "%s s" % fmt(seconds, "%.3f"), sk / seconds if seconds else None, "3x")
        fall = float(anchors.get("faiss_all_kmeans%s_s" % short, "nan"))
        falli = float(anchors.get("faiss_all_kmeans%s_inertia" % short, "nan"))
        row("same vs faiss on every point (max_points_per_centroid = N; inertia %.2f)" % falli,
            "faiss: %.3f s" % fall, "%s s" % fmt(seconds, "%.3f"), fall / seconds if seconds else None, "-")
        row("same vs faiss as it comes (restarts on 256 points per centroid, not refined)", "faiss: %.3f s" % fa,
            "%s s" % fmt(seconds, "%.3f"), fa / seconds if seconds else None, "-")
        b = cl.get("BM_KMeansSampled/%s" % short)
        sampled = float(b["real_time"]) if b else None
        sampled_inertia = float(b["inertia"]) if b else None
        row("k-means on 256 points per centre, refined on every point (max_points_per_centre = 256; inertia "
            "chemin %s = %s x sklearn's) vs faiss as it comes (inertia %.2f = %.4f x)"
            % (fmt(sampled_inertia, "%.2f"), fmt(sampled_inertia / ski if sampled_inertia else None, "%.4f"), fai,
               fai / ski), "faiss: %.3f s" % fa, "%s s" % fmt(sampled, "%.3f"), fa / sampled if sampled else None,
            "3x")
        b = cl.get("BM_SilhouetteExact/%s" % short)
        seconds = float(b["real_time"]) if b else None
        score = float(b["silhouette"]) if b else None
        ss = float(anchors.get("sklearn_silhouette%s_s" % short, "nan"))
        sv = float(anchors.get("sklearn_silhouette%s" % short, "nan"))
        row("exact silhouette, %s (chemin %s, sklearn %.6f, same labels)" % (label, fmt(score, "%.6f"), sv),
            "scikit-learn: %.3f s" % ss, "%s s" % fmt(seconds, "%.3f"), ss / seconds if seconds else None, "3x")
    for tag, label in (("", "10k"), ("70k", "70k (all MNIST)")):
        uwot = results(os.path.join(folder, "uwot%s.txt" % tag))
        umap = results(os.path.join(folder, "umap%s.txt" % tag))
        if not uwot and not umap:
            continue
        us = float(uwot.get("uwot_seconds", "nan"))
        cs = float(umap["seconds"]) if "seconds" in umap else None
        row("UMAP %s x 784, 2 threads (trustworthiness uwot %s, chemin %s; chemin k-NN recall %s)"
            % (label, uwot.get("uwot_trust", "?"), umap.get("trustworthiness", "?"), umap.get("knn_recall", "?")),
            "uwot: %.2f s" % us, "%s s" % fmt(cs, "%.2f"), us / cs if cs else None, "3x")


if __name__ == "__main__":
    main()
