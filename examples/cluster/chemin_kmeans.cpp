// chemin-kmeans — k-means, silhouette scores and choosing K on any matrix stored as NumPy .npy.
//
//   chemin-kmeans --input X.npy --k 10 [--n-init 10] [--seed 0] [--threads 2] [--labels-out L.npy]
//   chemin-kmeans --input X.npy --labels L.npy --silhouette exact|sampled|simplified [--sample-size 1000]
//   chemin-kmeans --input X.npy --choose-k 2..10 [--n-init 10] [--seed 0] [--silhouette exact|...]
//
// X.npy: a 2-D float32 or float64 array in C order (float64 is converted to float32). L.npy: a 1-D
// int32 or int64 array. The last line of the output is `RESULT key=value ...`. Errors are one line on
// stderr and a non-zero exit (2: bad command line, 1: bad data).
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

struct Arguments {
    std::string input, labels, labels_out, silhouette, choose_k;
    long long k = -1, n_init = 10, threads = 1, sample_size = 1000;
    unsigned long long seed = 0;
};

[[noreturn]] void fail(int code, const char* message) {
    std::fprintf(stderr, "chemin-kmeans: %s\n", message);
    std::exit(code);
}

[[noreturn]] void usage_error(const std::string& message) {
    fail(2, (message + " (usage: chemin-kmeans --input X.npy --k K | --labels L.npy --silhouette "
                       "exact|sampled|simplified | --choose-k 2..10)").c_str());
}

long long parse_integer(const char* flag, const char* text) {
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0')
        usage_error(std::string(flag) + " expects an integer, got '" + text + "'");
    return value;
}

Arguments parse(int argc, char** argv) {
    Arguments a;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) usage_error(flag + " needs a value");
        const char* value = argv[++i];
        if (flag == "--input") a.input = value;
        else if (flag == "--k") a.k = parse_integer("--k", value);
        else if (flag == "--n-init") a.n_init = parse_integer("--n-init", value);
        else if (flag == "--seed") a.seed = static_cast<unsigned long long>(parse_integer("--seed", value));
        else if (flag == "--threads") a.threads = parse_integer("--threads", value);
        else if (flag == "--labels") a.labels = value;
        else if (flag == "--labels-out") a.labels_out = value;
        else if (flag == "--silhouette") a.silhouette = value;
        else if (flag == "--sample-size") a.sample_size = parse_integer("--sample-size", value);
        else if (flag == "--choose-k") a.choose_k = value;
        else usage_error("unknown flag '" + flag + "'");
    }
    if (a.input.empty()) usage_error("--input is required");
    if (!a.silhouette.empty() && a.silhouette != "exact" && a.silhouette != "sampled" && a.silhouette != "simplified")
        usage_error("--silhouette must be exact, sampled or simplified, got '" + a.silhouette + "'");
    if (a.n_init < 1 || a.n_init > 1000000) usage_error("--n-init must be between 1 and 1000000");
    if (a.threads < 1 || a.threads > 1024) usage_error("--threads must be between 1 and 1024");
    if (a.sample_size < 2) usage_error("--sample-size must be at least 2");
    if (a.choose_k.empty() && a.labels.empty() && a.k < 0) usage_error("give --k, --labels with --silhouette, or --choose-k");
    if (!a.labels.empty() && a.silhouette.empty()) usage_error("--labels needs --silhouette");
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
    const chemin::Matrix x = value_or_exit(chemin::read_npy_matrix(args.input));
    std::printf("input %s: %zu x %zu\n", args.input.c_str(), x.rows, x.cols);

    chemin::KMeansOptions kmeans_options;
    kmeans_options.n_init = static_cast<int>(args.n_init);
    kmeans_options.seed = args.seed;
    kmeans_options.threads = static_cast<int>(args.threads);
    chemin::SilhouetteOptions silhouette_options;
    silhouette_options.threads = static_cast<int>(args.threads);

    if (!args.choose_k.empty()) {
        int k_min = 0, k_max = 0, used = 0;
        if (std::sscanf(args.choose_k.c_str(), "%d..%d%n", &k_min, &k_max, &used) != 2 ||
            static_cast<std::size_t>(used) != args.choose_k.size())
            usage_error("--choose-k expects a range such as 2..10, got '" + args.choose_k + "'");
        chemin::ChooseKOptions options;
        options.k_min = k_min;
        options.k_max = k_max;
        options.kmeans = kmeans_options;
        options.sample_size = static_cast<std::size_t>(args.sample_size);
        options.sample_seed = args.seed;
        if (args.silhouette == "sampled") options.method = chemin::SilhouetteMethod::sampled;
        if (args.silhouette == "simplified") options.method = chemin::SilhouetteMethod::simplified;
        const auto start = std::chrono::steady_clock::now();
        const chemin::ChooseKResult r = value_or_exit(chemin::choose_k(x, options));
        const double elapsed = seconds_since(start);
        for (std::size_t i = 0; i < r.ks.size(); ++i)
            std::printf("k=%d silhouette=%.6f inertia=%.6g iterations=%d\n", r.ks[i], r.scores[i],
                        r.clusterings[i].inertia, r.clusterings[i].iterations);
        std::printf("RESULT best_k=%d best_silhouette=%.6f choose_k_seconds=%.3f\n", r.best_k, r.best_score, elapsed);
        return 0;
    }

    if (!args.labels.empty()) {
        const std::vector<std::int32_t> labels = value_or_exit(chemin::read_npy_labels(args.labels));
        const auto start = std::chrono::steady_clock::now();
        double score = 0.0;
        if (args.silhouette == "exact")
            score = value_or_exit(chemin::silhouette(x, labels, silhouette_options));
        else if (args.silhouette == "sampled")
            score = value_or_exit(chemin::silhouette_sampled(x, labels, static_cast<std::size_t>(args.sample_size),
                                                             args.seed, silhouette_options));
        else
            score = value_or_exit(chemin::simplified_silhouette(x, labels));
        const double elapsed = seconds_since(start);
        std::printf("RESULT silhouette=%.6f silhouette_seconds=%.3f\n", score, elapsed);
        return 0;
    }

    if (args.k < 1 || args.k > 1000000000) {
        const std::string text = "--k = " + std::to_string(args.k) + ", must be at least 1";
        usage_error(text);
    }
    const auto start = std::chrono::steady_clock::now();
    const chemin::KMeansResult r = value_or_exit(chemin::kmeans(x, static_cast<int>(args.k), kmeans_options));
    const double elapsed = seconds_since(start);
    if (!args.labels_out.empty()) {
        const chemin::Status written = chemin::write_npy(args.labels_out, r.labels.data(), r.labels.size());
        if (!written.ok()) fail(1, written.message());
    }
    std::printf("k=%lld n_init=%lld seed=%llu converged=%s best_restart=%d full_scans=%zu (%.1f%% of N x rounds)\n",
                args.k, args.n_init, args.seed, r.converged ? "yes" : "no", r.best_restart, r.full_scans,
                100.0 * static_cast<double>(r.full_scans) / (static_cast<double>(x.rows) * r.iterations));
    std::printf("RESULT inertia=%.6f kmeans_seconds=%.3f iterations=%d\n", r.inertia, elapsed, r.iterations);
    return 0;
}
