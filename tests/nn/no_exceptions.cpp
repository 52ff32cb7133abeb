// Built with -fno-exceptions -fno-rtti: the training and inference core (fixed and run-time-sized
// networks, training, weight files in memory, int8 quantisation and inference) works as on a microcontroller.
#include <cstdio>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
using Mlp = chemin::nn::Network<chemin::nn::Dense<2, 8>, chemin::nn::Relu<8>, chemin::nn::Dense<8, 2>>;
Mlp fixed;             // static storage
Mlp::Workspace work;
using Int8Mlp = chemin::nn::Int8Network<chemin::nn::Dense<2, 8>, chemin::nn::Relu<8>, chemin::nn::Dense<8, 2>>;
Int8Mlp::Workspace int8_work;
}  // namespace

int main() {
    // XOR-like data: the class is whether x and y have the same sign.
    chemin::Rng rng(3);
    chemin::Matrix x(200, 2);
    std::vector<int> labels;
    for (std::size_t i = 0; i < 200; ++i) {
        x(i, 0) = static_cast<float>(rng.uniform(-1, 1));
        x(i, 1) = static_cast<float>(rng.uniform(-1, 1));
        labels.push_back(x(i, 0) * x(i, 1) > 0 ? 1 : 0);
    }
    auto made = chemin::nn::make_mlp(2, {8}, 2, 1);
    check(made.ok(), "make_mlp");
    if (!made.ok()) return 1;
    chemin::nn::DynamicNetwork<float> net = std::move(*made);
    chemin::nn::TrainOptions options;
    options.epochs = 60;
    options.batch_size = 10;
    options.optimizer.learning_rate = 0.02;
    int epochs_told = 0;  // the epoch hook: a function pointer and a user pointer, no std::function
    options.on_epoch.function = [](void* user, const chemin::nn::EpochReport& r) {
        if (r.epoch == *static_cast<int*>(user) + 1) ++*static_cast<int*>(user);
    };
    options.on_epoch.user = &epochs_told;
    check(chemin::nn::train(net, x, labels, options).ok(), "train");
    check(epochs_told == 60, "the epoch hook is told every epoch, in order");
    auto result = chemin::nn::evaluate(net, x, labels);
    check(result.ok() && result->accuracy > 0.9, "the run-time-sized MLP learns XOR");

    // Its weights go through the weight format into the fixed-size network (same layer shapes).
    std::vector<std::uint8_t> bytes = chemin::nn::encode_weights(net);
    check(chemin::nn::decode_weights(bytes.data(), bytes.size(), Mlp::shapes.data(), Mlp::layer_count,
                                     fixed.params.data(), Mlp::param_count)
              .ok(),
          "the fixed network loads the weights");
    int agree = 0;
    for (std::size_t i = 0; i < 200; ++i) {
        const float* z = fixed.forward(x.row(i), work);
        agree += (z[1] > z[0] ? 1 : 0) == result->predictions[i] ? 1 : 0;
    }
    check(agree == 200, "fixed and run-time-sized networks predict the same");
    // Post-training int8 quantisation, then the fixed-size int8 network over the quantised arrays.
    auto quantized = chemin::nn::quantize(net, x);
    check(quantized.ok(), "quantize");
    if (quantized.ok()) {
        check(chemin::nn::check_int8_shapes(*quantized, Int8Mlp::shapes.data(), Int8Mlp::layer_count).ok(),
              "the int8 network has the float network's shapes");
        const Int8Mlp int8_net{quantized->weights.data(), quantized->biases.data(), quantized->requantizers.data()};
        int int8_agree = 0;
        for (std::size_t i = 0; i < 200; ++i) {
            const std::int8_t codes[2] = {chemin::nn::quantize_value(x(i, 0), quantized->input_scale),
                                          chemin::nn::quantize_value(x(i, 1), quantized->input_scale)};
            const std::int32_t* z = int8_net.forward(codes, int8_work);
            int8_agree += (z[1] > z[0] ? 1 : 0) == result->predictions[i] ? 1 : 0;
        }
        check(int8_agree >= 190, "the int8 network decides like the float one");
        check(chemin::nn::int8_header(*quantized).find("static const std::int8_t model_weights[32]") != std::string::npos,
              "the int8 header writer");
    }
    bytes[30] ^= 4;
    check(chemin::nn::decode_weights(bytes.data(), bytes.size(), Mlp::shapes.data(), Mlp::layer_count,
                                     fixed.params.data(), Mlp::param_count)
                  .code() == chemin::Errc::size_mismatch,
          "a changed layer table is refused");
    std::printf("%s\n", failures == 0 ? "all checks passed" : "some checks FAILED");
    return failures == 0 ? 0 : 1;
}
