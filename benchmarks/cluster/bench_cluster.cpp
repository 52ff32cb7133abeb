// Clustering benchmarks on real MNIST (data/mnist, or CHEMIN_DATA when set), both cores (threads = 2):
//   - k-means, K = 10, n_init = 10, on the 10,000 MNIST test images (784 pixels in [0, 1]) and on
//     10,000 x 64 "activations", on every point (BM_KMeans) and with the restarts on 256 points per
//     centre refined on every point (BM_KMeansSampled, faiss's sample size);
//   - exact silhouette of a K = 10 clustering on 10,000 x 784, x 128, x 64, and on 60,000 x 64;
//   - choosing K over 2..10 (k-means n_init = 10 + exact silhouette for each K) on 10,000 x 64.
// Activations stand-in (until trained networks record real ones): relu(W x) with W a fixed 784 x 64
// (or x 128) matrix of N(0, 1) / 28 entries drawn from chemin::Rng(64) (or Rng(128)). Documented in
// benchmarks/README.md. With CHEMIN_CLUSTER_DUMP=DIR set, the inputs are also written to DIR as .npy
// so that benchmarks/cluster/sklearn_reference.py and benchmarks/anchors/cluster_anchors.py time
// scikit-learn and faiss on exactly the same data (with the labels the silhouettes score, labelsD.npy).
// Run: build/bench/benchmarks/cluster/bench_cluster
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "bench_mnist.hpp"

namespace {

constexpr int threads = 2;

const chemin::data::MnistData& mnist() { return bench::mnist("bench_cluster"); }

void dump(const chemin::Matrix& m, const char* name) {
    const char* dir = std::getenv("CHEMIN_CLUSTER_DUMP");
    if (dir == nullptr) return;
    const chemin::Status s = chemin::io::write_npy(std::string(dir) + "/" + name + ".npy", m);
    if (!s.ok()) std::fprintf(stderr, "bench_cluster: %s\n", s.message());
}

const chemin::Matrix& input(int which) {
    static const chemin::Matrix pixels = [] { dump(mnist().test.images, "mnist784"); return mnist().test.images; }();
    static const chemin::Matrix act64 = [] { auto m = bench::activations(mnist().test.images, 64); dump(m, "act64"); return m; }();
    static const chemin::Matrix act128 = [] { auto m = bench::activations(mnist().test.images, 128); dump(m, "act128"); return m; }();
    switch (which) {
        case 784: return pixels;
        case 128: return act128;
        default: return act64;
    }
}

/// k-means, K = 10, n_init = 10, on every point, or with `per_centre` > 0 restarts on a sample of
/// that many points per centre refined on every point (KMeansOptions::max_points_per_centre).
void run_kmeans(benchmark::State& state, std::size_t per_centre) {
    const chemin::Matrix& x = input(static_cast<int>(state.range(0)));
    chemin::cluster::KMeansOptions options;
    options.threads = threads;
    options.max_points_per_centre = per_centre;
    chemin::cluster::KMeansResult last;
    for (auto _ : state) {
        auto r = chemin::cluster::kmeans(x, 10, options);
        if (!r.ok()) {
            state.SkipWithError(r.status().message());
            return;
        }
        last = std::move(r).value();
    }
    state.counters["inertia"] = last.inertia;
    state.counters["rounds"] = last.iterations;
}
void BM_KMeans(benchmark::State& state) { run_kmeans(state, 0); }
BENCHMARK(BM_KMeans)->Arg(784)->Arg(64)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
/// Restarts on 256 points per centre (2,560 of the 10,000), as faiss's default training sample.
void BM_KMeansSampled(benchmark::State& state) { run_kmeans(state, 256); }
BENCHMARK(BM_KMeansSampled)->Arg(784)->Arg(64)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_SilhouetteExact(benchmark::State& state) {
    const chemin::Matrix& x = input(static_cast<int>(state.range(0)));
    chemin::cluster::KMeansOptions k_options;
    k_options.n_init = 1;
    auto clustering = chemin::cluster::kmeans(x, 10, k_options);
    if (!clustering.ok()) {
        state.SkipWithError(clustering.status().message());
        return;
    }
    if (const char* dir = std::getenv("CHEMIN_CLUSTER_DUMP")) {  // the labels scored, for the anchors
        const std::string path = std::string(dir) + "/labels" + std::to_string(state.range(0)) + ".npy";
        const chemin::Status s = chemin::io::write_npy(path, clustering->labels.data(), clustering->labels.size());
        if (!s.ok()) std::fprintf(stderr, "bench_cluster: %s\n", s.message());
    }
    chemin::cluster::SilhouetteOptions options;
    options.threads = threads;
    double score = 0.0;
    for (auto _ : state) {
        auto s = chemin::cluster::silhouette(x, clustering->labels, options);
        if (!s.ok()) {
            state.SkipWithError(s.status().message());
            return;
        }
        score = *s;
    }
    state.counters["silhouette"] = score;
}
BENCHMARK(BM_SilhouetteExact)->Arg(784)->Arg(128)->Arg(64)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_SilhouetteExact60000x64(benchmark::State& state) {
    static const chemin::Matrix x = bench::activations(mnist().train.images, 64);
    chemin::cluster::KMeansOptions k_options;
    k_options.n_init = 1;
    k_options.threads = threads;
    auto clustering = chemin::cluster::kmeans(x, 10, k_options);
    if (!clustering.ok()) {
        state.SkipWithError(clustering.status().message());
        return;
    }
    chemin::cluster::SilhouetteOptions options;
    options.threads = threads;
    double score = 0.0;
    for (auto _ : state) {
        auto s = chemin::cluster::silhouette(x, clustering->labels, options);
        if (!s.ok()) {
            state.SkipWithError(s.status().message());
            return;
        }
        score = *s;
    }
    state.counters["silhouette"] = score;
}
BENCHMARK(BM_SilhouetteExact60000x64)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_ChooseK(benchmark::State& state) {
    const chemin::Matrix& x = input(64);
    chemin::cluster::ChooseKOptions options;
    options.kmeans.threads = threads;
    chemin::cluster::ChooseKResult last;
    for (auto _ : state) {
        auto r = chemin::cluster::choose_k(x, options);
        if (!r.ok()) {
            state.SkipWithError(r.status().message());
            return;
        }
        last = std::move(r).value();
    }
    state.counters["best_k"] = last.best_k;
    state.counters["best_silhouette"] = last.best_score;
}
BENCHMARK(BM_ChooseK)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
