// Integration test on real MNIST (the repository's data/mnist, or CHEMIN_DATA when set): the origin study's case, 1s against 7s,
// with two hidden layers, reaches at least 99.5% test accuracy; the recorder gives one signature
// matrix per hidden layer.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "chemin/chemin.hpp"

TEST_CASE("an MLP with two hidden layers separates MNIST 1s from 7s at >= 99.5%") {
    auto mnist = chemin::data::load_mnist("");
    REQUIRE_MESSAGE(mnist.ok(), mnist.status().message());
    auto train = chemin::data::keep_classes(mnist->train, {1, 7});
    auto test = chemin::data::keep_classes(mnist->test, {1, 7});
    REQUIRE(train.ok());
    REQUIRE(test.ok());
    auto train_labels = chemin::data::class_indices(train->labels, {1, 7});
    auto test_labels = chemin::data::class_indices(test->labels, {1, 7});
    REQUIRE(train_labels.ok());
    REQUIRE(test_labels.ok());

    chemin::nn::DynamicNetwork<float> net;
    net = chemin::value_or_throw(chemin::nn::make_mlp(784, {128, 64}, 2, 1));
    chemin::nn::TrainOptions options;
    options.epochs = 3;
    REQUIRE(chemin::nn::train(net, train->images, *train_labels, options).ok());
    auto result = chemin::nn::evaluate(net, test->images, *test_labels);
    REQUIRE(result.ok());
    INFO("test accuracy " << result->accuracy);
    CHECK(result->accuracy >= 0.995);

    auto signatures = chemin::nn::record_signatures(net, test->images);
    REQUIRE(signatures.ok());
    REQUIRE(signatures->outputs.size() == 2);
    CHECK(signatures->outputs[0].rows == test->size());
    CHECK(signatures->outputs[0].cols == 128);
    CHECK(signatures->outputs[1].cols == 64);
    CHECK(signatures->predictions == result->predictions);
}
