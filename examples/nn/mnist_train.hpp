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

namespace mnist_example {

inline bool parse_list(const char* text, std::vector<std::size_t>& out) {
    out.clear();
    const char* p = text;
    while (*p != '\0') {
        char* end = nullptr;
        const long v = std::strtol(p, &end, 10);
        if (end == p || v <= 0) return false;
        out.push_back(static_cast<std::size_t>(v));
        p = *end == ',' ? end + 1 : end;
        if (*end != ',' && *end != '\0') return false;
    }
    return !out.empty();
}

inline int usage(const char* program, bool cnn) {
    std::fprintf(stderr,
                 "usage: %s [--data DIR] [--epochs N] [--threads N] [--batch N] [--lr X] [--seed N]\n"
                 "          [--loss ce|mse] [--optimizer adam|sgd] [--digits 1,7] [--save FILE] [--quiet]%s\n"
                 "          [--calibration N]   (training images that calibrate the int8 scales; 2000)\n"
                 "MNIST is read from --data or the environment variable CHEMIN_DATA.\n",
                 program, cnn ? "" : " [--hidden 128,64]");
    return 2;
}

/// Runs the example; `cnn` picks the LeNet-style CNN instead of the MLP.
inline int run(int argc, char** argv, bool cnn) {
    std::string data_folder;
    if (const char* env = std::getenv("CHEMIN_DATA")) data_folder = env;
    chemin::nn::TrainOptions options;  // Adam, lr 1e-3, batch 64, 5 epochs, cross-entropy
    std::vector<std::size_t> hidden = {128, 64};
    std::vector<std::size_t> digits;
    std::uint64_t seed = 1;
    std::string save_path;
    std::size_t calibration_images = 2000;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        auto need = [&](void) { if (value == nullptr) { std::fprintf(stderr, "%s needs a value\n", arg.c_str()); std::exit(2); } ++i; };
        if (arg == "--data") { need(); data_folder = value; }
        else if (arg == "--epochs") { need(); options.epochs = std::atoi(value); }
        else if (arg == "--threads") { need(); options.threads = std::atoi(value); }
        else if (arg == "--batch") { need(); options.batch_size = static_cast<std::size_t>(std::atol(value)); }
        else if (arg == "--lr") { need(); options.optimizer.learning_rate = std::atof(value); }
        else if (arg == "--seed") { need(); seed = static_cast<std::uint64_t>(std::atoll(value)); }
        else if (arg == "--save") { need(); save_path = value; }
        else if (arg == "--calibration") { need(); calibration_images = static_cast<std::size_t>(std::atol(value)); }
        else if (arg == "--quiet") { options.progress = false; }
        else if (arg == "--loss") {
            need();
            if (std::strcmp(value, "mse") == 0) options.loss = chemin::nn::Loss::mse_on_softmax;
            else if (std::strcmp(value, "ce") == 0) options.loss = chemin::nn::Loss::softmax_cross_entropy;
            else { std::fprintf(stderr, "--loss: expected ce or mse, not '%s'\n", value); return 2; }
        } else if (arg == "--optimizer") {
            need();
            if (std::strcmp(value, "sgd") == 0) options.optimizer.kind = chemin::nn::OptimizerKind::sgd_momentum;
            else if (std::strcmp(value, "adam") == 0) options.optimizer.kind = chemin::nn::OptimizerKind::adam;
            else { std::fprintf(stderr, "--optimizer: expected adam or sgd, not '%s'\n", value); return 2; }
        } else if (arg == "--hidden" && !cnn) {
            need();
            if (!parse_list(value, hidden)) { std::fprintf(stderr, "--hidden: expected sizes like 128,64, not '%s'\n", value); return 2; }
        } else if (arg == "--digits") {
            need();
            // A comma-separated list of digits 0..9, e.g. 1,7 (the origin study's case).
            digits.clear();
            for (const char* p = value; *p != '\0'; ++p) {
                const bool digit = *p >= '0' && *p <= '9';
                const bool separated = p[1] == ',' || p[1] == '\0';
                if (!digit || !separated) { std::fprintf(stderr, "--digits: expected digits like 1,7, not '%s'\n", value); return 2; }
                digits.push_back(static_cast<std::size_t>(*p - '0'));
                if (p[1] == ',') ++p;
            }
        } else {
            return usage(argv[0], cnn);
        }
    }
    if (options.epochs < 1 || options.threads < 1 || options.batch_size < 1 || calibration_images < 1) {
        std::fprintf(stderr, "--epochs, --threads, --batch and --calibration must be positive\n");
        return 2;
    }
    if (data_folder.empty()) {
        std::fprintf(stderr, "error: no MNIST folder: pass --data DIR or set CHEMIN_DATA "
                             "(download with: python3 tools/download_mnist.py DIR)\n");
        return 1;
    }
    auto mnist = chemin::load_mnist(data_folder);
    if (!mnist.ok()) {
        std::fprintf(stderr, "error: %s\n", mnist.status().message());
        return 1;
    }
    chemin::Dataset train = std::move(mnist->train), test = std::move(mnist->test);
    std::size_t classes = 10;
    if (!digits.empty()) {
        std::vector<int> kept(digits.begin(), digits.end());
        auto train_kept = chemin::keep_classes(train, kept);
        auto test_kept = chemin::keep_classes(test, kept);
        if (!train_kept.ok() || !test_kept.ok()) {
            std::fprintf(stderr, "error: --digits: %s\n", (!train_kept.ok() ? train_kept : test_kept).status().message());
            return 1;
        }
        train = std::move(*train_kept);
        test = std::move(*test_kept);
        auto train_labels = chemin::class_indices(train.labels, kept);
        auto test_labels = chemin::class_indices(test.labels, kept);
        train.labels = *train_labels;
        test.labels = *test_labels;
        classes = kept.size();
    }

    chemin::nn::DynamicNetwork<float> net;
    const chemin::Status built = cnn ? chemin::nn::make_lenet(net, 28, classes, seed)
                                     : chemin::nn::make_mlp(net, 784, hidden, classes, seed);
    if (!built.ok()) {
        std::fprintf(stderr, "error: %s\n", built.message());
        return 1;
    }
    std::printf("%s: %zu layers, %zu parameters; %zu training and %zu test images; batch %zu, %s, lr %g, %d thread(s)\n",
                cnn ? "LeNet CNN" : "MLP", net.layer_count(), net.param_count(), train.size(), test.size(),
                options.batch_size, chemin::nn::to_string(options.loss), options.optimizer.learning_rate, options.threads);

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
                "infer_int8_us=%.2f\n",
                result->accuracy, seconds > 0 ? samples / seconds : 0.0, best_us, int8_accuracy, best_int8_us);
    return 0;
}

}  // namespace mnist_example

#endif  // CHEMIN_EXAMPLES_NN_MNIST_TRAIN_HPP
