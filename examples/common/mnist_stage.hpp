// The main() of a teaching stage that needs only MNIST and a --data flag.  SPDX-License-Identifier: MIT
//
//     chemin::Status run(const chemin::data::MnistData& mnist);   // the stage itself, errors as a Status
//     int main(int argc, char** argv) {
//         return examples::run_mnist_stage(argc, argv, "stage4_anomaly_scores", "stage4", "What it shows.", run);
//     }
//
// Parses --data (and --help), loads MNIST, runs the stage, and turns an error into one line on stderr
// "stage4: problem": exit 2 when MNIST cannot be read, 1 when the stage fails, 0 otherwise.
// Also what several stages share: stage 1's network (train_as_stage_one) and the ROC table of stages
// 4 and 5 (print_roc_table).
// Part of the examples, not of the library.
#ifndef CHEMIN_EXAMPLES_COMMON_MNIST_STAGE_HPP
#define CHEMIN_EXAMPLES_COMMON_MNIST_STAGE_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

namespace examples {

/// Stage 1's network, as the later stages start from it: the pipeline's first two stages
/// (chemin/study/pipeline.hpp) on the default experiment: the first 1,000 1s and 7s, MLP 784-64-32-2,
/// Adam 1e-3, batch 32, 5 epochs, seed 0: the same network, bit for bit, as stage 1 trains by hand.
struct StageOneNetwork {
    chemin::study::ExperimentSpec spec;
    chemin::study::ExperimentImages images;    ///< images.train: the training images
    chemin::paths::ExperimentResult trained;   ///< the model's name, training curve and accuracies
    chemin::nn::DynamicNetwork<float> net;
};

inline chemin::Result<StageOneNetwork> train_as_stage_one(const chemin::data::MnistData& mnist) {
    StageOneNetwork stage;
    CHEMIN_TRY_ASSIGN(stage.images, chemin::study::select_images(mnist, stage.spec));
    CHEMIN_TRY_ASSIGN(stage.net, chemin::study::train_network(stage.spec, stage.images, mnist.train.image_rows, stage.trained));
    return stage;
}

/// One anomaly score to measure: its name in the table and its value for every image.
struct NamedScore {
    const char* name;
    const std::vector<double>* values;
};

/// The last step of stages 4 and 5: each score's ROC on rows [first, first + count) of the images,
/// anomalies (is_anomaly[i] != 0) the positives and normal images the negatives, printed as a table of
/// AUROC and FPR at 95% TPR (the name column one wider than the longest name). Returns the AUROCs in
/// the order given.
inline chemin::Result<std::vector<double>> print_roc_table(const std::vector<NamedScore>& scores,
                                                           const std::vector<std::uint8_t>& is_anomaly,
                                                           std::size_t first, std::size_t count) {
    int width = 5;  // "score"
    for (const NamedScore& s : scores) width = std::max(width, static_cast<int>(std::strlen(s.name)) + 1);
    std::printf("\n%-*s  AUROC   FPR at 95%% TPR\n", width, "score");
    std::vector<double> auroc;
    for (const NamedScore& s : scores) {
        const auto at = [first](std::size_t offset) { return static_cast<std::ptrdiff_t>(first + offset); };
        std::vector<double> values(s.values->begin() + at(0), s.values->begin() + at(count));
        std::vector<std::uint8_t> positive(is_anomaly.begin() + at(0), is_anomaly.begin() + at(count));
        auto curve = chemin::paths::roc(values, positive);
        if (!curve.ok()) return chemin::Status(curve.status()).prefix(s.name);
        auroc.push_back(curve->auroc);
        std::printf("%-*s  %.4f  %.4f\n", width, s.name, curve->auroc, curve->fpr_at_95_tpr);
    }
    return auroc;
}

inline int run_mnist_stage(int argc, char** argv, const char* program, const char* short_name, const char* description,
                           chemin::Status (*stage)(const chemin::data::MnistData&)) {
    std::string data_folder;
    Arguments args(program, description);
    args.text("--data", data_folder, "DIR", "MNIST folder (default: $CHEMIN_DATA, else the repository's data/mnist)");
    if (auto stop = args.parse(argc, argv)) return *stop;
    auto mnist = chemin::data::load_mnist(data_folder);
    if (!mnist.ok()) {
        std::fprintf(stderr, "%s: %s\n", short_name, mnist.status().message());
        return 2;
    }
    const chemin::Status done = stage(*mnist);
    if (!done.ok()) {
        std::fprintf(stderr, "%s: %s\n", short_name, done.message());
        return 1;
    }
    return 0;
}

}  // namespace examples

#endif  // CHEMIN_EXAMPLES_COMMON_MNIST_STAGE_HPP
