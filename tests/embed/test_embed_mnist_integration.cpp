// Integration test on real MNIST (the repository's data/mnist, or CHEMIN_DATA when set): NN-descent's recall against the exact
// 15 nearest neighbours of the 10,000 test images must be at least 0.95.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "chemin/chemin.hpp"

TEST_CASE("NN-descent recall >= 0.95 at k = 15 on the 10,000 MNIST test images") {
    auto mnist = chemin::data::load_mnist("");
    REQUIRE_MESSAGE(mnist.ok(), mnist.status().message());
    const chemin::Matrix& images = mnist->test.images;
    REQUIRE(images.rows == 10000);
    const int threads = chemin::hardware_threads();
    auto exact = chemin::embed::exact_knn(images, 15, threads);
    REQUIRE(exact.ok());
    chemin::embed::NnDescentOptions o;
    o.threads = threads;
    auto approximate = chemin::embed::nn_descent(images, 15, o);
    REQUIRE(approximate.ok());
    const double recall = chemin::embed::knn_recall(*approximate, *exact);
    MESSAGE("NN-descent recall at k = 15 on MNIST 10k: " << recall);
    CHECK(recall >= 0.95);
}
