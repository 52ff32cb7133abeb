// Teaching example, stage 1 of 4: train a small network and record its signatures.
//
// What it teaches: a "signature" is the vector of values a hidden layer outputs for one image. We
// train an MLP 784-64-32-2 to tell MNIST 1s from 7s, then run the training images through it once
// more and keep, for every image, the 64 values of hidden layer 1 and the 32 values of hidden layer 2.
// Stages 2 and 3 cluster these signatures; nothing later needs the network itself.
//
//     stage1_train_and_record [--data DIR] [--out DIR]
//
// MNIST comes from --data, else the environment variable CHEMIN_DATA, else the repository's data/mnist. Writes into --out (default "."):
// signatures_layer1.npy (N x 64 float32), signatures_layer2.npy (N x 32), labels.npy (N int32: the
// true digit), predictions.npy (N int32: the digit the network predicts). Row i of every file is the
// same image. The files open in NumPy with np.load. Ends with `RESULT test_accuracy=... ...`.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

int main(int argc, char** argv) {
    std::string data_folder, out_folder = ".";
    examples::Arguments args("stage1_train_and_record",
                             "Teaching example, stage 1 of 4: trains an MLP 784-64-32-2 on MNIST 1s and 7s and records both\n"
                             "hidden layers' signatures of the training images as .npy files.");
    args.text("--data", data_folder, "DIR", "MNIST folder (default: $CHEMIN_DATA, else the repository's data/mnist)");
    args.text("--out", out_folder, "DIR", "folder the .npy files are written to");
    if (auto stop = args.parse(argc, argv)) return *stop;

    // 1. The data: MNIST's 60,000 training and 10,000 test images, pixels scaled to [0, 1].
    auto mnist = chemin::data::load_mnist(data_folder);
    if (!mnist.ok()) {
        std::fprintf(stderr, "stage1: %s\n", mnist.status().message());
        return 2;
    }
    // Keep two classes that look alike at a glance: the first 1,000 ones and 1,000 sevens of the
    // training file. Every test image of the two classes measures how well the network generalises.
    const std::vector<chemin::Label> classes{1, 7};
    chemin::data::KeepClassesOptions first_thousand;
    first_thousand.per_class = 1000;
    auto train = chemin::data::keep_classes(mnist->train, classes, first_thousand);
    auto test = chemin::data::keep_classes(mnist->test, classes);
    if (!train.ok() || !test.ok()) {
        std::fprintf(stderr, "stage1: %s\n", (!train.ok() ? train.status() : test.status()).message());
        return 1;
    }
    // The network answers with an output index (0 or 1), so each digit becomes its position among the
    // kept classes: 1 -> 0, 7 -> 1.
    auto train_targets = chemin::data::class_indices(train->labels, classes);
    auto test_targets = chemin::data::class_indices(test->labels, classes);
    if (!train_targets.ok() || !test_targets.ok()) {
        std::fprintf(stderr, "stage1: %s\n", (!train_targets.ok() ? train_targets.status() : test_targets.status()).message());
        return 1;
    }

    // 2. The network: dense 784->64, ReLU, dense 64->32, ReLU, dense 32->2. The two ReLU outputs are
    // the hidden layers whose signatures we record. Seed 0 fixes the initial weights.
    auto built = chemin::nn::make_mlp(train->images.cols, {64, 32}, classes.size(), 0);
    if (!built.ok()) {
        std::fprintf(stderr, "stage1: %s\n", built.status().message());
        return 1;
    }
    chemin::nn::DynamicNetwork<float> net = std::move(*built);

    // 3. Training: Adam (learning rate 1e-3) on the softmax cross-entropy, mini-batches of 32 images,
    // 5 passes (epochs) over the 2,000 images in a seeded shuffled order.
    chemin::nn::TrainOptions training;
    training.epochs = 5;
    training.batch_size = 32;
    training.optimizer.learning_rate = 1e-3;
    std::vector<chemin::nn::EpochReport> epochs;
    const auto start = std::chrono::steady_clock::now();
    chemin::Status trained = chemin::nn::train(net, train->images, *train_targets, training, &epochs);
    const double train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!trained.ok()) {
        std::fprintf(stderr, "stage1: %s\n", trained.message());
        return 1;
    }
    for (const auto& e : epochs) std::printf("epoch %d: mean loss %.4f, training accuracy %.4f\n", e.epoch, e.mean_loss, e.accuracy);
    auto evaluation = chemin::nn::evaluate(net, test->images, *test_targets);
    if (!evaluation.ok()) {
        std::fprintf(stderr, "stage1: %s\n", evaluation.status().message());
        return 1;
    }
    std::printf("test accuracy on %zu test 1s and 7s: %.4f (trained in %.2f s)\n", test->size(), evaluation->accuracy, train_seconds);

    // 4. Signatures: one more forward pass over the training images, with a hook that copies each
    // hidden layer's output into an N x width matrix. By default every activation layer except the
    // last one is recorded: here the two ReLUs.
    auto signatures = chemin::nn::record_signatures(net, train->images);
    if (!signatures.ok()) {
        std::fprintf(stderr, "stage1: %s\n", signatures.status().message());
        return 1;
    }
    // A ReLU neuron that outputs 0 for every image is "dead": it carries no information and, after
    // standardisation, becomes a column of zeros that cannot influence the clustering.
    for (std::size_t l = 0; l < signatures->outputs.size(); ++l) {
        const chemin::Matrix& s = signatures->outputs[l];
        std::size_t dead = 0;
        for (std::size_t j = 0; j < s.cols; ++j) {
            bool always_zero = true;
            for (std::size_t i = 0; i < s.rows && always_zero; ++i) always_zero = s(i, j) == 0.0f;
            dead += always_zero;
        }
        std::printf("hidden layer %zu: signatures %zu x %zu, dead ReLU neurons %zu of %zu (%.3f)\n", l + 1, s.rows, s.cols, dead,
                    s.cols, static_cast<double>(dead) / static_cast<double>(s.cols));
    }

    // 5. Files for stages 2 and 3. Predictions go back from output index to digit (0 -> 1, 1 -> 7).
    std::vector<chemin::Label> labels(train->labels.begin(), train->labels.end()), predictions;
    for (int p : signatures->predictions) predictions.push_back(classes[static_cast<std::size_t>(p)]);
    chemin::Status written = chemin::make_folder(out_folder);
    for (std::size_t l = 0; l < signatures->outputs.size() && written.ok(); ++l)
        written = chemin::io::write_npy(out_folder + "/signatures_layer" + std::to_string(l + 1) + ".npy", signatures->outputs[l]);
    if (written.ok()) written = chemin::io::write_npy(out_folder + "/labels.npy", labels.data(), labels.size());
    if (written.ok()) written = chemin::io::write_npy(out_folder + "/predictions.npy", predictions.data(), predictions.size());
    if (!written.ok()) {
        std::fprintf(stderr, "stage1: %s\n", written.message());
        return 1;
    }
    std::printf("wrote signatures_layer1.npy, signatures_layer2.npy, labels.npy, predictions.npy to %s\n", out_folder.c_str());
    std::printf("RESULT test_accuracy=%.4f train_seconds=%.2f layer1_width=%zu layer2_width=%zu\n", evaluation->accuracy, train_seconds,
                signatures->outputs[0].cols, signatures->outputs[1].cols);
    return 0;
}
