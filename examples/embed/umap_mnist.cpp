// UMAP of the 10,000 MNIST test images (or of up to all 70,000 images: the test images, then the
// training images): fit time, trustworthiness, 10-NN label agreement, SVG picture.
//
//     umap_mnist [--data DIR] [--threads N] [--seed S]
//                 [--svg umap_mnist.svg] [--images N] [--npy embedding.npy] [--knn-recall M]
//
// --knn-recall M also measures the recall of the approximate neighbour graph UMAP used (NN-descent,
// rebuilt with the fit's own options and seed, so the same graph) against the exact 15 nearest
// neighbours of M evenly spaced points (self excluded).
//
// Pixels in [0, 1], UMAP with umap-learn's defaults (n_neighbors 15, min_dist 0.1, 2-D, 500 epochs).
// Quality, with the definitions that benchmarks/embed/umap_learn_reference.py uses for umap-learn:
//   trustworthiness      k = 15 on the fixed 3,000-point subsample index_i = floor(i N / 3000);
//   knn_label_agreement  mean share (%) of each point's 10 nearest embedded neighbours with its digit.
// The last line is `RESULT seconds=... trustworthiness=... knn_label_agreement=...`; seconds is the
// wall-clock time of umap_fit alone (loading and scoring excluded).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

int main(int argc, char** argv) {
    int threads = chemin::hardware_threads();
    std::uint64_t seed = 0;
    std::string svg_path = "umap_mnist.svg";
    std::size_t images = 10000;
    std::string npy_path;
    std::string data_folder;
    examples::Arguments args("umap_mnist", "UMAP of the MNIST test images, drawn as an SVG scatter plot coloured by digit.");
    args.text("--data", data_folder, "DIR", "MNIST folder (default: $CHEMIN_DATA, else the repository's data/mnist)");
    std::size_t recall_points = 0;
    args.whole("--images", images, std::size_t{3000}, std::size_t{70000},
               "images to embed: the first N test images, then training images (quality uses a 3,000-point subsample)");
    args.whole("--knn-recall", recall_points, std::size_t{0}, std::size_t{70000},
               "also measure the neighbour graph's recall on this many points (0: no)");
    args.whole("--seed", seed, std::uint64_t{0}, ~std::uint64_t{0}, "random seed");
    args.whole("--threads", threads, 1, 1024, "threads (the embedding is the same for any count)");
    args.text("--svg", svg_path, "FILE", "scatter plot written here");
    args.text("--npy", npy_path, "FILE", "also write the embedding as float32 .npy");
    if (auto stop = args.parse(argc, argv)) return *stop;
    auto mnist = chemin::data::load_mnist(data_folder);
    if (!mnist) {
        std::fprintf(stderr, "umap_mnist: %s\n", mnist.status().message());
        return 1;
    }
    chemin::Matrix& all = mnist->test.images;
    if (images > all.rows) {  // the test images, then as many training images as asked
        const std::size_t extra = std::min(images - all.rows, mnist->train.images.rows);
        all.values.insert(all.values.end(), mnist->train.images.values.begin(),
                          mnist->train.images.values.begin() + static_cast<std::ptrdiff_t>(extra * all.cols));
        all.rows += extra;
        mnist->test.labels.insert(mnist->test.labels.end(), mnist->train.labels.begin(),
                                  mnist->train.labels.begin() + static_cast<std::ptrdiff_t>(extra));
    }
    if (images < all.rows) {
        all.values.resize(images * all.cols);
        all.rows = images;
        mnist->test.labels.resize(images);
    }
    const chemin::Matrix& x = all;
    const std::vector<chemin::Label>& labels = mnist->test.labels;
    std::printf("data: %zu MNIST images x %zu pixels, threads %d, seed %llu\n", x.rows, x.cols, threads,
                static_cast<unsigned long long>(seed));

    chemin::embed::UmapOptions options;
    options.threads = threads;
    options.seed = seed;
    const auto start = std::chrono::steady_clock::now();
    auto model = chemin::embed::umap_fit(x, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!model) {
        std::fprintf(stderr, "umap_mnist: %s\n", model.status().message());
        return 1;
    }
    std::printf("fit: %.3f s (a = %.4f, b = %.4f, %s initialisation)\n", seconds, model->curve.a, model->curve.b,
                model->spectral_used ? "spectral" : "random");

    // Scores on the fixed subsample (trustworthiness) and on every point (label agreement).
    const auto subsample = chemin::embed::even_subsample(x.rows, 3000);
    chemin::Matrix x_sub(subsample.size(), x.cols), y_sub(subsample.size(), 2);
    for (std::size_t i = 0; i < subsample.size(); ++i) {
        std::memcpy(x_sub.row(i), x.row(subsample[i]), x.cols * sizeof(float));
        std::memcpy(y_sub.row(i), model->embedding.row(subsample[i]), 2 * sizeof(float));
    }
    auto trust = chemin::embed::trustworthiness(x_sub, y_sub, 15, threads);
    auto agreement = chemin::embed::knn_label_agreement(model->embedding, labels, 10, threads);
    if (!trust || !agreement) {
        std::fprintf(stderr, "umap_mnist: %s\n", (!trust ? trust.status() : agreement.status()).message());
        return 1;
    }
    std::printf("trustworthiness (k = 15, %zu-point subsample): %.4f\n", subsample.size(), *trust);
    std::printf("10-NN label agreement in 2-D: %.2f %%\n", *agreement);

    // The picture: one dot per image, coloured by digit (chemin's scatter SVG).
    chemin::output::ScatterData scatter;
    scatter.points = model->embedding.view();
    scatter.labels = labels;
    chemin::output::ScatterOptions style;
    style.title = "UMAP of " + std::to_string(x.rows) + " MNIST images, coloured by digit";
    style.point_titles = false;
    auto svg = chemin::output::scatter_svg(scatter, style);
    if (!svg) {
        std::fprintf(stderr, "umap_mnist: %s\n", svg.status().message());
        return 1;
    }
    chemin::Status written = chemin::write_file_atomic(svg_path, *svg);
    if (!written.ok()) {
        std::fprintf(stderr, "umap_mnist: %s\n", written.message());
        return 1;
    }
    std::printf("picture: %s\n", svg_path.c_str());
    if (!npy_path.empty()) {
        chemin::Status saved = chemin::io::write_npy(npy_path, model->embedding);
        if (!saved.ok()) {
            std::fprintf(stderr, "umap_mnist: %s\n", saved.message());
            return 1;
        }
        std::printf("embedding: %s\n", npy_path.c_str());
    }
    double recall = -1.0;
    if (recall_points > 0) {
        // The fit's neighbour graph again (same options, same seed: umap.hpp's step 1), scored on a
        // subsample against the exact neighbours.
        chemin::embed::NnDescentOptions nnd;
        nnd.max_candidates = options.nn_descent_candidates;
        nnd.seed = chemin::Rng(options.seed).split(1).next_u64();
        nnd.threads = threads;
        const bool exact = x.rows < 4096;
        auto graph = exact ? chemin::embed::exact_knn(x, options.n_neighbors, threads)
                           : chemin::embed::nn_descent(x, options.n_neighbors, nnd);
        const auto picked = chemin::embed::even_subsample(x.rows, std::min(recall_points, x.rows));
        chemin::Matrix queries(picked.size(), x.cols);
        for (std::size_t i = 0; i < picked.size(); ++i)
            std::memcpy(queries.row(i), x.row(picked[i]), x.cols * sizeof(float));
        auto truth = chemin::embed::exact_knn_query(x, queries, options.n_neighbors, threads);
        if (!graph || !truth) {
            std::fprintf(stderr, "umap_mnist: %s\n", (!graph ? graph.status() : truth.status()).message());
            return 1;
        }
        chemin::embed::KnnGraph approximate;  // the graph's rows for the picked points
        approximate.points = picked.size();
        approximate.k = graph->k;
        for (std::size_t i = 0; i < picked.size(); ++i)
            approximate.indices.insert(approximate.indices.end(), graph->neighbors_of(picked[i]),
                                       graph->neighbors_of(picked[i]) + graph->k);
        approximate.distances.assign(approximate.indices.size(), 0.0f);
        recall = chemin::embed::knn_recall(approximate, *truth);
        std::printf("k-NN recall (k = %zu, %zu points, self excluded): %.4f\n", options.n_neighbors, picked.size(),
                    recall);
    }
    if (recall >= 0.0)
        std::printf("RESULT seconds=%.3f trustworthiness=%.4f knn_label_agreement=%.2f knn_recall=%.4f\n", seconds,
                    *trust, *agreement, recall);
    else
        std::printf("RESULT seconds=%.3f trustworthiness=%.4f knn_label_agreement=%.2f\n", seconds, *trust,
                    *agreement);
    return 0;
}
