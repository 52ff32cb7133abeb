// Shared driver of mnist_mlp and mnist_cnn: parse the options, load MNIST, train, evaluate, time
// batch-1 inference, quantise to int8 (activation scales calibrated on the first --calibration training
// images) and evaluate that, print
// `RESULT test_accuracy=... train_samples_per_s=... infer_batch1_us=... test_accuracy_int8=... infer_int8_us=...`.
#ifndef CHEMIN_EXAMPLES_NN_MNIST_TRAIN_HPP
#define CHEMIN_EXAMPLES_NN_MNIST_TRAIN_HPP

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

namespace mnist_example {

/// One line per epoch, through the trainer's epoch hook (the library itself prints nothing).
inline void print_epoch(void*, const chemin::nn::EpochReport& r) {
    std::printf("epoch %d/%d  %.0f samples/s  loss %.4f  accuracy %.4f\n", r.epoch, r.epochs, r.samples_per_second,
                r.mean_loss, r.accuracy);
}

/// Runs the example; `cnn` picks the LeNet-style CNN instead of the MLP.
inline int run(int argc, char** argv, bool cnn) {
    std::string data_folder;
    // MLP: TrainOptions' defaults (Adam, constant lr 1e-3, batch 64, 5 epochs, cross-entropy); CNN: the
    // LeNet recipe (chemin/nn/train.hpp, lenet_train_options: the same with Adam from a higher peak rate,
    // cosine-annealed towards 0 over the run). The flags below override either.
    chemin::nn::TrainOptions options = cnn ? chemin::nn::lenet_train_options() : chemin::nn::TrainOptions{};
    std::vector<std::size_t> hidden = {128, 64};
    std::vector<std::size_t> digits;
    std::uint64_t seed = 1;
    std::string save_path, loss = "ce", optimizer = "adam";
    std::size_t calibration_images = 2000, validation_images = 0;
    std::string schedule = chemin::nn::to_string(options.schedule);
    bool quiet = false;
    examples::Arguments args(cnn ? "mnist_cnn" : "mnist_mlp",
                             cnn ? "Trains the LeNet-style CNN on MNIST, measures test accuracy, training speed and batch-1 latency,\n"
                                   "then quantises it to int8 and measures that too."
                                 : "Trains an MLP on MNIST, measures test accuracy, training speed and batch-1 latency, then\n"
                                   "quantises it to int8 and measures that too.");
    args.text("--data", data_folder, "DIR", "MNIST folder (default: $CHEMIN_DATA, else the repository's data/mnist)");
    args.whole("--epochs", options.epochs, 1, 1000, "passes over the training images");
    args.whole("--threads", options.threads, 1, 256, "threads over the batch (same weights for any count)");
    args.whole("--batch", options.batch_size, std::size_t{1}, std::size_t{65536}, "mini-batch size");
    args.real("--lr", options.optimizer.learning_rate, 1e-12, 10.0, "learning rate (with --schedule cosine: the first, highest one)");
    args.whole("--seed", seed, std::uint64_t{0}, ~std::uint64_t{0}, "seed of the initial weights and the shuffles");
    args.choice("--loss", loss, {"ce", "mse"}, "softmax cross-entropy, or MSE on the softmax output");
    args.choice("--optimizer", optimizer, {"adam", "sgd"}, "Adam, or SGD with momentum");
    args.choice("--schedule", schedule, {"constant", "cosine"},
                "learning rate over the run: constant, or annealed from --lr towards 0 by a cosine (SGDR, ICLR 2017)");
    args.whole("--validation", validation_images, std::size_t{0}, std::size_t{1} << 30,
               "hold the last N training images (after --digits) out of training, measure the network on them "
               "(0: train on all)");
    if (!cnn) args.list("--hidden", hidden, std::size_t{1}, std::size_t{65536}, "W1,W2,...", "hidden layer widths");
    args.list("--digits", digits, std::size_t{0}, std::size_t{9}, "D1,D2,...", "train and test on these digits only (default: all ten)");
    args.text("--save", save_path, "FILE", "write the trained weights here (chemin's weight format)");
    args.whole("--calibration", calibration_images, std::size_t{1}, std::size_t{60000},
               "training images that calibrate the int8 activation scales");
    args.on_off("--quiet", quiet, "no line per epoch");
    args.epilog("The last line is `RESULT test_accuracy=... train_samples_per_s=... infer_batch1_us=... test_accuracy_int8=... "
                "infer_int8_us=...`.");
    if (auto stop = args.parse(argc, argv)) return *stop;
    if (!quiet) options.on_epoch.function = &print_epoch;
    options.loss = loss == "mse" ? chemin::nn::Loss::mse_on_softmax : chemin::nn::Loss::softmax_cross_entropy;
    options.optimizer.kind = optimizer == "sgd" ? chemin::nn::OptimizerKind::sgd_momentum : chemin::nn::OptimizerKind::adam;
    options.schedule = schedule == "cosine" ? chemin::nn::LearningRateSchedule::cosine : chemin::nn::LearningRateSchedule::constant;
    auto mnist = chemin::data::load_mnist(data_folder);
    if (!mnist.ok()) {
        std::fprintf(stderr, "error: %s\n", mnist.status().message());
        return 1;
    }
    chemin::data::Dataset train = std::move(mnist->train), test = std::move(mnist->test);
    std::size_t classes = 10;
    if (!digits.empty()) {
        std::vector<chemin::Label> kept(digits.begin(), digits.end());
        auto train_kept = chemin::data::keep_classes(train, kept);
        auto test_kept = chemin::data::keep_classes(test, kept);
        if (!train_kept.ok() || !test_kept.ok()) {
            std::fprintf(stderr, "error: --digits: %s\n", (!train_kept.ok() ? train_kept : test_kept).status().message());
            return 1;
        }
        train = std::move(*train_kept);
        test = std::move(*test_kept);
        auto train_labels = chemin::data::class_indices(train.labels, kept);
        auto test_labels = chemin::data::class_indices(test.labels, kept);
        if (!train_labels.ok() || !test_labels.ok()) {
            std::fprintf(stderr, "error: --digits: %s\n", (!train_labels.ok() ? train_labels : test_labels).status().message());
            return 1;
        }
        train.labels = *train_labels;
        test.labels = *test_labels;
        classes = kept.size();
    }

    chemin::data::Dataset validation;
    if (validation_images > 0) {
        if (validation_images >= train.size()) {
            std::fprintf(stderr, "error: --validation %zu leaves no image to train on (there are %zu training images)\n",
                         validation_images, train.size());
            return 1;
        }
        std::vector<std::size_t> kept_rows(train.size() - validation_images), held_rows(validation_images);
        for (std::size_t i = 0; i < kept_rows.size(); ++i) kept_rows[i] = i;
        for (std::size_t i = 0; i < held_rows.size(); ++i) held_rows[i] = kept_rows.size() + i;
        auto held = chemin::data::select_rows(train, held_rows);
        auto kept = chemin::data::select_rows(train, kept_rows);
        if (!held.ok() || !kept.ok()) {
            std::fprintf(stderr, "error: --validation: %s\n", (!held.ok() ? held : kept).status().message());
            return 1;
        }
        validation = std::move(*held);
        train = std::move(*kept);
    }

    auto built = cnn ? chemin::nn::make_lenet(28, classes, seed) : chemin::nn::make_mlp(784, hidden, classes, seed);
    if (!built.ok()) {
        std::fprintf(stderr, "error: %s\n", built.status().message());
        return 1;
    }
    chemin::nn::DynamicNetwork<float> net = std::move(*built);
    std::printf("%s: %zu layers, %zu parameters; %zu training and %zu test images; batch %zu, %s, %s, lr %g (%s), "
                "%d thread(s)\n",
                cnn ? "LeNet CNN" : "MLP", net.layer_count(), net.param_count(), train.size(), test.size(),
                options.batch_size, chemin::nn::to_string(options.loss), optimizer == "sgd" ? "SGD with momentum" : "Adam",
                options.optimizer.learning_rate, chemin::nn::to_string(options.schedule), options.threads);

    std::vector<chemin::nn::EpochReport> reports;
    options.shuffle_seed = seed;
    const chemin::Status trained = chemin::nn::train(net, train.images, train.labels, options, &reports);
    if (!trained.ok()) {
        std::fprintf(stderr, "error: %s\n", trained.message());
        return 1;
    }
    double samples = 0, seconds = 0;
    for (const auto& r : reports) {
        samples += static_cast<double>(train.size());
        seconds += r.seconds;
    }
    auto result = chemin::nn::evaluate(net, test.images, test.labels, options.loss);
    if (!result.ok()) {
        std::fprintf(stderr, "error: %s\n", result.status().message());
        return 1;
    }
    double validation_accuracy = -1;
    if (validation_images > 0) {
        auto checked = chemin::nn::evaluate(net, validation.images, validation.labels, options.loss);
        if (!checked.ok()) {
            std::fprintf(stderr, "error: %s\n", checked.status().message());
            return 1;
        }
        validation_accuracy = checked->accuracy;
        std::printf("validation (the last %zu training images, held out): accuracy %.4f, loss %.4f\n", validation_images,
                    checked->accuracy, checked->mean_loss);
    }
    std::printf("test: accuracy %.4f, loss %.4f\nconfusion (rows: true class, columns: predicted)\n", result->accuracy,
                result->mean_loss);
    for (std::size_t t = 0; t < classes; ++t) {
        for (std::size_t p = 0; p < classes; ++p) std::printf(" %5zu", result->confusion_at(t, p));
        std::printf("\n");
    }

    // Batch-1 inference latency: every test image once through forward(batch = 1), best of 3 passes.
    chemin::nn::DynamicNetwork<float>::Workspace work;
    net.prepare(work, 1);
    double best_us = 1e30;
    volatile float sink = 0;
    const std::size_t timed = test.size() < 10000 ? test.size() : 10000;
    for (int pass = 0; pass < 3; ++pass) {
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < timed; ++i) sink = sink + net.forward(test.images.row(i), 1, work)[0];
        const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
                          static_cast<double>(timed);
        best_us = us < best_us ? us : best_us;
    }
    if (!save_path.empty()) {
        const chemin::Status saved = chemin::nn::save_weights(save_path, net);
        if (!saved.ok()) {
            std::fprintf(stderr, "error: %s\n", saved.message());
            return 1;
        }
        std::printf("weights saved to %s\n", save_path.c_str());
    }
    // Post-training int8 quantisation (chemin/nn/quantize.hpp), calibrated on the first training images.
    const std::size_t calibration_rows = calibration_images < train.size() ? calibration_images : train.size();
    const chemin::MatrixView calibration{train.images.values.data(), calibration_rows, train.images.cols};
    auto quantized = chemin::nn::quantize(net, calibration);
    if (!quantized.ok()) {
        std::fprintf(stderr, "error: %s\n", quantized.status().message());
        return 1;
    }
    auto int8_predictions = chemin::nn::predict_int8(*quantized, test.images);
    if (!int8_predictions.ok()) {
        std::fprintf(stderr, "error: %s\n", int8_predictions.status().message());
        return 1;
    }
    std::size_t int8_correct = 0, int8_agree = 0;
    for (std::size_t i = 0; i < test.size(); ++i) {
        int8_correct += (*int8_predictions)[i] == test.labels[i] ? 1 : 0;
        int8_agree += (*int8_predictions)[i] == result->predictions[i] ? 1 : 0;
    }
    const double int8_accuracy = static_cast<double>(int8_correct) / static_cast<double>(test.size());
    // int8 batch-1 latency: the integer-only forward pass of one already quantised image, best of 3 passes.
    std::vector<std::int8_t> codes(timed * net.input_size()), int8_hidden(quantized->hidden_count() + 1);
    std::vector<std::int32_t> logits(quantized->output_size());
    for (std::size_t i = 0; i < timed; ++i)
        for (std::size_t j = 0; j < net.input_size(); ++j)
            codes[i * net.input_size() + j] = chemin::nn::quantize_value(test.images.row(i)[j], quantized->input_scale);
    double best_int8_us = 1e30;
    volatile std::int32_t int8_sink = 0;
    for (int pass = 0; pass < 3; ++pass) {
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < timed; ++i) {
            quantized->forward(codes.data() + i * net.input_size(), int8_hidden.data(), logits.data());
            int8_sink = int8_sink + logits[0];
        }
        const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
                          static_cast<double>(timed);
        best_int8_us = us < best_int8_us ? us : best_int8_us;
    }
    std::printf("int8 (calibrated on %zu training images): accuracy %.4f, same prediction as float for %zu of %zu test images, "
                "parameters %zu B (int8 weights %zu B, int32 biases and requantizers %zu B; float: %zu B)\n",
                calibration_rows, int8_accuracy, int8_agree, test.size(),
                quantized->weights.size() + 12 * quantized->biases.size(), quantized->weights.size(),
                12 * quantized->biases.size(), 4 * net.param_count());
    std::printf("RESULT test_accuracy=%.4f train_samples_per_s=%.0f infer_batch1_us=%.2f test_accuracy_int8=%.4f "
                "infer_int8_us=%.2f",
                result->accuracy, seconds > 0 ? samples / seconds : 0.0, best_us, int8_accuracy, best_int8_us);
    if (validation_images > 0) std::printf(" validation_accuracy=%.4f", validation_accuracy);
    std::printf("\n");
    return 0;
}

}  // namespace mnist_example

#endif  // CHEMIN_EXAMPLES_NN_MNIST_TRAIN_HPP
