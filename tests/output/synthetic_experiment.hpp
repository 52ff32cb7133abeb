// A small synthetic ExperimentResult for the report's tests, the browser test and the screenshot tool.
// Built in code with chemin's own generator: three "digits" drawn as strokes (two trained classes and
// one anomaly class), two hidden layers whose clusters follow the classes with a few strays, 2-D
// embeddings as noisy blobs, and anomaly scores with their ROC. Class names hold <, &, quotes and an
// apostrophe, so every escaping path of the report is exercised.
#ifndef CHEMIN_TESTS_SYNTHETIC_EXPERIMENT_HPP
#define CHEMIN_TESTS_SYNTHETIC_EXPERIMENT_HPP

#include <cmath>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace synthetic {

/// Draws a 28 x 28 "digit": 1 is a vertical bar, 7 a bar with a top stroke, 3 two arcs.
inline void draw_digit(int label, chemin::Rng& rng, float* pixels) {
    const int size = 28;
    const double shift = rng.uniform(-2.0, 2.0);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            double ink = 0;
            const double cx = x - 14 - shift, cy = y - 14;
            if (label == 1 || label == 7) ink = std::abs(cx + (label == 7 ? cy * 0.3 : 0)) < 2 && std::abs(cy) < 10 ? 1 : 0;
            if (label == 7 && y >= 4 && y <= 6 && x >= 8 && x <= 21) ink = 1;
            if (label == 3) {
                const double r1 = std::hypot(cx, cy + 5), r2 = std::hypot(cx, cy - 5);
                ink = ((std::abs(r1 - 5) < 1.5 || std::abs(r2 - 5) < 1.5) && cx > -2) ? 1 : 0;
            }
            pixels[y * size + x] = static_cast<float>(std::min(1.0, ink * (0.7 + 0.3 * rng.uniform())));
        }
}

/// An experiment of `train` + `test` images of classes 1 and 7 and `anomalies` images of class 3
/// (none when 0). Deterministic for a given seed.
inline chemin::paths::ExperimentResult make_experiment(std::size_t train = 40, std::size_t test = 20, std::size_t anomalies = 12,
                                                std::uint64_t seed = 7) {
    chemin::Rng rng(seed);
    chemin::paths::ExperimentResult e;
    e.name = anomalies > 0 ? "synthetic_1_7_anomaly_3" : "synthetic_1_7";
    e.title = "Synthetic <1> vs \"7\" & friends";
    e.classes = {1, 7};
    if (anomalies > 0) e.anomaly_classes = {3};
    e.class_names = {"<one>", "seven & \"co\""};
    if (anomalies > 0) e.class_names.push_back("it's <3>");
    e.model = "MLP 784-16-8-2 (synthetic)";
    e.clustering_fit = "train";
    for (int epoch = 1; epoch <= 5; ++epoch)
        e.training_curve.push_back({epoch, 0.7 / epoch, 1.0 - 0.3 / epoch, 1000.0});
    e.train_accuracy = 0.95;
    e.test_accuracy = 0.9;

    const std::size_t n = train + test + anomalies;
    const std::size_t layers = 2;
    e.paths.layer_count = layers;
    e.images = chemin::Matrix(n, 28 * 28);
    e.image_rows = e.image_cols = 28;
    for (std::size_t l = 0; l < layers; ++l) {
        chemin::paths::LayerAnswer answer;
        answer.name = "layer " + std::to_string(l + 1) + (l == 0 ? " (dense 16, relu)" : " (dense 8, relu)");
        answer.width = l == 0 ? 16 : 8;
        answer.k_values = {2, 3, 4};
        answer.k_silhouettes = {0.5, 0.55, 0.4};
        answer.k = 3;
        answer.silhouette = 0.55;
        answer.purity = l == 0 ? 0.8 : 0.95;
        answer.ari = l == 0 ? 0.5 : 0.85;
        answer.nmi = l == 0 ? 0.45 : 0.8;
        answer.nearest_centroid_accuracy = l == 0 ? 0.85 : 0.93;
        answer.embedding = chemin::Matrix(n, 2);
        e.layers.push_back(answer);
    }
    e.separation_threshold = 0.9;
    e.first_separating_layer = 2;

    std::vector<std::uint8_t> is_train(n, 0), normal(n, 0), positive(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const chemin::paths::ImageSplit split = i < train ? chemin::paths::ImageSplit::train
                                         : i < train + test ? chemin::paths::ImageSplit::test
                                                            : chemin::paths::ImageSplit::anomaly;
        const int label = split == chemin::paths::ImageSplit::anomaly ? 3 : (i % 2 == 0 ? 1 : 7);
        e.split.push_back(split);
        e.image_ids.push_back(static_cast<std::int64_t>(1000 + i));
        draw_digit(label, rng, e.images.row(i));
        e.paths.true_class.push_back(label);
        // Clusters follow the class (1 -> 0, 7 -> 1, 3 -> 2), with about one image in eight astray.
        for (std::size_t l = 0; l < layers; ++l) {
            int cluster = label == 1 ? 0 : label == 7 ? 1 : 2;
            if (rng.below(8) == 0) cluster = static_cast<int>(rng.below(3));
            e.paths.clusters.push_back(cluster);
            e.layers[l].embedding(i, 0) = static_cast<float>(3.0 * cluster + rng.normal());
            e.layers[l].embedding(i, 1) = static_cast<float>((l == 0 ? 1.0 : -2.0) * cluster + rng.normal());
        }
        const int last = e.paths.clusters.back();
        e.paths.predicted_class.push_back(last == 0 ? 1 : last == 1 ? 7 : (rng.below(2) == 0 ? 1 : 7));
        e.paths.is_anomaly.push_back(split == chemin::paths::ImageSplit::anomaly ? 1 : 0);
        e.confidence.push_back(static_cast<float>(0.5 + 0.5 * rng.uniform()));
        is_train[i] = split == chemin::paths::ImageSplit::train;
        normal[i] = split != chemin::paths::ImageSplit::anomaly;
        positive[i] = split == chemin::paths::ImageSplit::anomaly;
    }
    e.flows = chemin::value_or_throw(chemin::paths::count_flows(e.paths));
    e.training_paths = chemin::value_or_throw(chemin::paths::path_statistics(e.paths, is_train));
    e.other_class_path_images = chemin::paths::images_on_other_class_paths(e.paths, e.training_paths, normal);

    if (anomalies > 0) {
        // ROC over test images (negatives) and anomalies (positives) only.
        const char* names[2] = {"path", "softmax"};
        for (int s = 0; s < 2; ++s) {
            chemin::paths::AnomalyScore score;
            score.name = names[s];
            score.description = s == 0 ? "rarity of the image's path <among> training paths" : "1 - softmax confidence";
            score.values.resize(n);
            std::vector<double> evaluated;
            std::vector<std::uint8_t> flags;
            for (std::size_t i = 0; i < n; ++i) {
                score.values[i] = rng.uniform() + (positive[i] ? 0.6 - 0.3 * s : 0.0);
                if (e.split[i] == chemin::paths::ImageSplit::train) continue;
                evaluated.push_back(score.values[i]);
                flags.push_back(positive[i]);
            }
            score.roc = chemin::value_or_throw(chemin::paths::roc(evaluated, flags));
            e.anomaly_scores.push_back(score);
        }
    }
    return e;
}

}  // namespace synthetic

#endif  // CHEMIN_TESTS_SYNTHETIC_EXPERIMENT_HPP
