// chemin-kmeans — k-means, silhouette scores and choosing K on any matrix stored as NumPy .npy.
//
//   chemin-kmeans --input X.npy --k 10 [--n-init 10] [--seed 0] [--threads 2] [--labels-out L.npy]
//                 [--max-points-per-centre 256]
//   chemin-kmeans --input X.npy --labels L.npy --silhouette exact|sampled|simplified [--sample-size 1000]
//   chemin-kmeans --input X.npy --choose-k 2..10 [--n-init 10] [--seed 0] [--silhouette exact|...]
//
// X.npy: a 2-D float32 or float64 array in C order (float64 is converted to float32). L.npy: a 1-D
// int32 or int64 array. The last line of the output is `RESULT key=value ...`. Errors are one line on
// stderr and a non-zero exit (2: bad command line, 1: bad data).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

namespace {

struct Arguments {
    std::string input, labels, labels_out, silhouette, choose_k;
    int k = 0, n_init = 10, threads = 1, choose_k_min = 0, choose_k_max = 0;
    std::size_t sample_size = 1000, max_points_per_centre = 0;
    std::uint64_t seed = 0;
};

[[noreturn]] void fail(int code, const char* message) {
    std::fprintf(stderr, "chemin-kmeans: %s\n", message);
    std::exit(code);
}

/// Parses the command line; exits 0 after --help and 2 after a bad flag.
Arguments parse(int argc, char** argv) {
    Arguments a;
    examples::Arguments args("chemin-kmeans",
                             "k-means, silhouette scores and choosing K on a matrix stored as NumPy .npy. One of three jobs:\n"
                             "  --k K                        cluster into K groups (k-means++ seeding, n-init restarts)\n"
                             "  --labels L.npy --silhouette  score a given labelling\n"
                             "  --choose-k LOW..HIGH         cluster for every K in the range and keep the best silhouette");
    args.text("--input", a.input, "X.npy", "2-D float32/float64 matrix, one point per row").required();
    args.whole("--k", a.k, 1, 1000000, "clusters (the k-means job)").without_default();
    args.custom("--choose-k", "LOW..HIGH", "range of K to scan (the choose-K job), 1 <= LOW <= HIGH <= 1000", "",
                [&a](const std::string& v) {
                    return chemin::parse_whole_range(v, 1, 1000, a.choose_k_min, a.choose_k_max)
                               ? (a.choose_k = v, std::string())
                               : "--choose-k takes a range LOW..HIGH with 1 <= LOW <= HIGH <= 1000, e.g. 2..10 (got '" + v + "')";
                });
    args.text("--labels", a.labels, "L.npy", "1-D int32/int64 labels to score (with --silhouette)");
    args.choice("--silhouette", a.silhouette, {"exact", "sampled", "simplified"},
                "silhouette method (default: exact with --choose-k)");
    args.whole("--n-init", a.n_init, 1, 1000000, "k-means restarts; the lowest inertia wins");
    args.whole("--seed", a.seed, std::uint64_t{0}, ~std::uint64_t{0}, "random seed");
    args.whole("--threads", a.threads, 1, 1024, "threads (results are the same for any count)");
    args.whole("--max-points-per-centre", a.max_points_per_centre, std::size_t{0}, ~std::size_t{0},
               "k-means restarts on a sample of this many points per centre, refined on every point (0: no sample)");
    args.whole("--sample-size", a.sample_size, std::size_t{2}, std::size_t{100000000}, "points scored by --silhouette sampled");
    args.text("--labels-out", a.labels_out, "L.npy", "where the k-means job writes its labels (int32 .npy)");
    args.epilog("The last line of the output is `RESULT key=value ...`. Exit codes: 0 done, 1 bad data, 2 bad command line.");
    if (auto stop = args.parse(argc, argv)) std::exit(*stop);
    const int jobs = (a.k > 0) + !a.choose_k.empty() + !a.labels.empty();
    if (jobs != 1) std::exit(args.error("give exactly one of --k, --labels (with --silhouette) or --choose-k"));
    if (!a.labels.empty() && a.silhouette.empty()) std::exit(args.error("--labels needs --silhouette"));
    if (a.k > 0 && !a.silhouette.empty()) std::exit(args.error("--silhouette goes with --labels or --choose-k, not --k"));
    return a;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <class T>
T value_or_exit(chemin::Result<T>&& r) {
    if (!r.ok()) fail(1, r.status().message());
    return std::move(r).value();
}

}  // namespace

int main(int argc, char** argv) {
    const Arguments args = parse(argc, argv);
    const chemin::Matrix x = value_or_exit(chemin::io::read_npy_matrix(args.input));
    std::printf("input %s: %zu x %zu\n", args.input.c_str(), x.rows, x.cols);

    chemin::cluster::KMeansOptions kmeans_options;
    kmeans_options.n_init = args.n_init;
    kmeans_options.seed = args.seed;
    kmeans_options.threads = args.threads;
    kmeans_options.max_points_per_centre = args.max_points_per_centre;
    chemin::cluster::SilhouetteOptions silhouette_options;
    silhouette_options.threads = args.threads;

    if (!args.choose_k.empty()) {
        chemin::cluster::ChooseKOptions options;
        options.k_min = args.choose_k_min;
        options.k_max = args.choose_k_max;
        options.kmeans = kmeans_options;
        options.sample_size = args.sample_size;
        options.sample_seed = args.seed;
        if (args.silhouette == "sampled") options.method = chemin::cluster::SilhouetteMethod::sampled;
        if (args.silhouette == "simplified") options.method = chemin::cluster::SilhouetteMethod::simplified;
        const auto start = std::chrono::steady_clock::now();
        const chemin::cluster::ChooseKResult r = value_or_exit(chemin::cluster::choose_k(x, options));
        const double elapsed = seconds_since(start);
        for (std::size_t i = 0; i < r.ks.size(); ++i)
            std::printf("k=%d silhouette=%.6f inertia=%.6g iterations=%d\n", r.ks[i], r.scores[i],
                        r.clusterings[i].inertia, r.clusterings[i].iterations);
        std::printf("RESULT best_k=%d best_silhouette=%.6f choose_k_seconds=%.3f\n", r.best_k, r.best_score, elapsed);
        return 0;
    }

    if (!args.labels.empty()) {
        const std::vector<chemin::Label> labels = value_or_exit(chemin::io::read_npy_labels(args.labels));
        const auto start = std::chrono::steady_clock::now();
        double score = 0.0;
        if (args.silhouette == "exact")
            score = value_or_exit(chemin::cluster::silhouette(x, labels, silhouette_options));
        else if (args.silhouette == "sampled")
            score = value_or_exit(chemin::cluster::silhouette_sampled(x, labels, args.sample_size,
                                                             args.seed, silhouette_options));
        else
            score = value_or_exit(chemin::cluster::simplified_silhouette(x, labels));
        const double elapsed = seconds_since(start);
        std::printf("RESULT silhouette=%.6f silhouette_seconds=%.3f\n", score, elapsed);
        return 0;
    }

    const auto start = std::chrono::steady_clock::now();
    const chemin::cluster::KMeansResult r = value_or_exit(chemin::cluster::kmeans(x, args.k, kmeans_options));
    const double elapsed = seconds_since(start);
    if (!args.labels_out.empty()) {
        const chemin::Status written = chemin::io::write_npy(args.labels_out, r.labels.data(), r.labels.size());
        if (!written.ok()) fail(1, written.message());
    }
    std::printf("k=%d n_init=%d seed=%llu converged=%s best_restart=%d full_scans=%zu (%.1f%% of N x rounds)\n",
                args.k, args.n_init, static_cast<unsigned long long>(args.seed), r.converged ? "yes" : "no", r.best_restart, r.full_scans,
                100.0 * static_cast<double>(r.full_scans) / (static_cast<double>(x.rows) * r.iterations));
    std::printf("RESULT inertia=%.6f kmeans_seconds=%.3f iterations=%d\n", r.inertia, elapsed, r.iterations);
    return 0;
}
