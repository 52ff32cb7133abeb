// The main() of a teaching stage that needs only MNIST and a --data flag.  SPDX-License-Identifier: MIT
//
//     chemin::Status run(const chemin::data::MnistData& mnist);   // the stage itself, errors as a Status
//     int main(int argc, char** argv) {
//         return examples::run_mnist_stage(argc, argv, "stage4_anomaly_scores", "stage4", "What it shows.", run);
//     }
//
// Parses --data (and --help), loads MNIST, runs the stage, and turns an error into one line on stderr
// "stage4: problem": exit 2 when MNIST cannot be read, 1 when the stage fails, 0 otherwise.
// Part of the examples, not of the library.
#ifndef CHEMIN_EXAMPLES_COMMON_MNIST_STAGE_HPP
#define CHEMIN_EXAMPLES_COMMON_MNIST_STAGE_HPP

#include <cstdio>
#include <string>

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
