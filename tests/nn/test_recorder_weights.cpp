// The signature recorder, layer hooks and the weight file format.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
chemin::Matrix random_images(std::size_t n, std::size_t width, std::uint64_t seed) {
    chemin::Rng rng(seed);
    chemin::Matrix m(n, width);
    for (float& v : m.values) v = rng.uniform_float();
    return m;
}
struct HookLog {
    std::vector<std::size_t> layers, widths;
};
void log_layer(void* user, std::size_t layer, const float*, std::size_t, std::size_t width) {
    static_cast<HookLog*>(user)->layers.push_back(layer);
    static_cast<HookLog*>(user)->widths.push_back(width);
}
}  // namespace

TEST_CASE("the recorder keeps every hidden layer's outputs as N x width, equal to a one-image forward pass") {
    chemin::nn::DynamicNetwork<float> net;
    net = chemin::value_or_throw(chemin::nn::make_mlp(12, {7, 5}, 3, 4));
    const chemin::Matrix images = random_images(10, 12, 1);
    chemin::nn::RecordOptions options;
    options.batch = 4;  // 10 images: batches of 4, 4 and 2
    auto signatures = chemin::nn::record_signatures(net, images, options);
    REQUIRE(signatures.ok());
    REQUIRE(signatures->layers == std::vector<std::size_t>{1, 3});  // the two ReLU layers
    CHECK(signatures->names[0] == "layer 1 (relu, 7 values)");
    REQUIRE(signatures->outputs.size() == 2);
    CHECK(signatures->outputs[0].rows == 10);
    CHECK(signatures->outputs[0].cols == 7);
    CHECK(signatures->outputs[1].cols == 5);
    CHECK(signatures->probabilities.cols == 3);

    chemin::nn::DynamicNetwork<float>::Workspace work;
    net.prepare(work, 1);
    for (std::size_t i = 0; i < 10; ++i) {
        const float* logits = net.forward(images.row(i), 1, work);
        for (std::size_t j = 0; j < 7; ++j) CHECK(signatures->outputs[0](i, j) == work.outputs[1][j]);
        for (std::size_t j = 0; j < 5; ++j) CHECK(signatures->outputs[1](i, j) == work.outputs[3][j]);
        std::size_t best = 0;
        for (std::size_t k = 1; k < 3; ++k) best = logits[k] > logits[best] ? k : best;
        CHECK(signatures->predictions[i] == static_cast<int>(best));
        CHECK(signatures->confidences[i] == signatures->probabilities(i, best));
    }
    options.layers = {9};
    CHECK(std::string(chemin::nn::record_signatures(net, images, options).status().message()) ==
          "record_signatures: layer 9 does not exist (the network has 5)");
    CHECK(std::string(chemin::nn::record_signatures(net, random_images(2, 5, 1)).status().message()) ==
          "record_signatures: 5 values per image, the network takes 12");
}

TEST_CASE("a layer hook sees every layer in order; a fixed network's hook too") {
    chemin::nn::DynamicNetwork<float> net;
    net = chemin::value_or_throw(chemin::nn::make_mlp(4, {3}, 2, 1));
    HookLog log;
    chemin::nn::LayerHook<float> hook{&log_layer, &log};
    chemin::nn::DynamicNetwork<float>::Workspace work;
    net.prepare(work, 2);
    const float x[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    (void)net.forward(x, 2, work, hook);
    CHECK(log.layers == std::vector<std::size_t>{0, 1, 2});
    CHECK(log.widths == std::vector<std::size_t>{3, 3, 2});

    using Mlp = chemin::nn::Network<chemin::nn::Dense<4, 3>, chemin::nn::Relu<3>, chemin::nn::Dense<3, 2>>;
    Mlp fixed;
    Mlp::Workspace fixed_work;
    std::vector<std::size_t> seen;
    (void)fixed.forward(x, fixed_work, [&](std::size_t layer, const float*, std::size_t) { seen.push_back(layer); });
    CHECK(seen == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("weights survive a save and load bit for bit; other architectures, truncation and corruption are refused") {
    chemin::nn::DynamicNetwork<float> net, other;
    net = chemin::value_or_throw(chemin::nn::make_mlp(6, {4}, 3, 1));
    other = chemin::value_or_throw(chemin::nn::make_mlp(6, {4}, 3, 2));
    std::vector<std::uint8_t> bytes = chemin::nn::encode_weights(net);
    REQUIRE(bytes.size() == chemin::nn::weights_file_size(3, 6 * 4 + 4 + 4 * 3 + 3));
    CHECK(std::memcmp(bytes.data(), "CHEMINNN\x01\x00\x00\x00\x03\x00\x00\x00", 16) == 0);
    REQUIRE(chemin::nn::decode_weights(bytes.data(), bytes.size(), other).ok());
    CHECK(std::memcmp(net.params(), other.params(), net.param_count() * sizeof(float)) == 0);

    chemin::nn::DynamicNetwork<float> wider;
    wider = chemin::value_or_throw(chemin::nn::make_mlp(6, {5}, 3, 1));
    CHECK(std::string(chemin::nn::decode_weights(bytes.data(), bytes.size(), wider).message()) ==
          "byte 16: layer 0 is dense 6x1x1 -> 4x1x1 in the file but dense 6x1x1 -> 5x1x1 in the network");
    chemin::nn::DynamicNetwork<float> deeper;
    deeper = chemin::value_or_throw(chemin::nn::make_mlp(6, {4, 4}, 3, 1));
    CHECK(std::string(chemin::nn::decode_weights(bytes.data(), bytes.size(), deeper).message()) ==
          "byte 12: the file has 3 layers, the network 5");
    CHECK(std::string(chemin::nn::decode_weights(bytes.data(), bytes.size() - 1, other).message()) ==
          "byte 319: weight file is truncated: 319 of 320 bytes");
    CHECK(std::string(chemin::nn::decode_weights(bytes.data(), 10, other).message()) ==
          "byte 10: weight file ends after 10 bytes, inside its 16-byte header");
    std::vector<std::uint8_t> corrupt = bytes;
    corrupt[200] ^= 1;  // a parameter byte
    const chemin::Status bad = chemin::nn::decode_weights(corrupt.data(), corrupt.size(), other);
    CHECK(bad.code() == chemin::Errc::corrupt);
    CHECK(std::string(bad.message()).find("byte 316: checksum mismatch (stored ") == 0);
    corrupt = bytes;
    corrupt[0] = 'X';
    CHECK(std::string(chemin::nn::decode_weights(corrupt.data(), corrupt.size(), other).message()) ==
          "byte 0: not a chemin weight file (the magic is not \"CHEMINNN\")");
    corrupt = bytes;
    corrupt[8] = 2;
    CHECK(std::string(chemin::nn::decode_weights(corrupt.data(), corrupt.size(), other).message()) ==
          "byte 8: weight file version 2; this build reads version 1");

    const std::string path = "test_nn_weights.bin";
    REQUIRE(chemin::nn::save_weights(path, net).ok());
    chemin::nn::DynamicNetwork<float> loaded;
    loaded = chemin::value_or_throw(chemin::nn::make_mlp(6, {4}, 3, 9));
    REQUIRE(chemin::nn::load_weights(path, loaded).ok());
    CHECK(std::memcmp(net.params(), loaded.params(), net.param_count() * sizeof(float)) == 0);
    CHECK(std::string(chemin::nn::load_weights(path, wider).message()) ==
          "test_nn_weights.bin: byte 16: layer 0 is dense 6x1x1 -> 4x1x1 in the file but dense 6x1x1 -> 5x1x1 in the network");
    std::remove(path.c_str());
    CHECK(chemin::nn::load_weights(path, loaded).code() == chemin::Errc::not_found);
}
