// Integration test against real MNIST (the repository's data/mnist, or CHEMIN_DATA when set): the
// decoded contents must match the SHA-256 checksums of data/README.md, and the per-class counts the
// published ones.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "chemin/chemin.hpp"

namespace {
std::string data_folder() { return chemin::data::mnist_folder(""); }
std::string file_in(const std::string& folder, const char* name) {
    return folder + (folder.empty() || folder.back() == '/' ? "" : "/") + name;
}
std::string sha256_of_decompressed(const std::string& path) {
    auto bytes = chemin::read_file(path);
    REQUIRE_MESSAGE(bytes.ok(), bytes.status().message());
    if (!chemin::data::is_gzip(bytes->data(), bytes->size())) return chemin::sha256_hex(bytes->data(), bytes->size());
    auto plain = chemin::data::gunzip(*bytes);
    REQUIRE_MESSAGE(plain.ok(), plain.status().message());
    return chemin::sha256_hex(plain->data(), plain->size());
}
}  // namespace

TEST_CASE("real MNIST decompresses to the published SHA-256 and loads with the published counts") {
    const std::string folder = data_folder();
    REQUIRE_MESSAGE(!folder.empty(), "no MNIST folder: the build defines CHEMIN_DEFAULT_DATA_DIR as data/mnist");
    const struct {
        const char* name;
        const char* sha256;
    } files[4] = {
        {"train-images-idx3-ubyte.gz", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"},
        {"train-labels-idx1-ubyte.gz", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"},
        {"t10k-images-idx3-ubyte.gz", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"},
        {"t10k-labels-idx1-ubyte.gz", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"},
    };
    for (const auto& f : files) {
        CAPTURE(f.name);
        CHECK(sha256_of_decompressed(file_in(folder, f.name)) == f.sha256);
    }
    auto mnist = chemin::data::load_mnist("");  // from CHEMIN_DATA, else the repository's data/mnist
    REQUIRE_MESSAGE(mnist.ok(), mnist.status().message());
    CHECK(mnist->train.size() == 60000);
    CHECK(mnist->test.size() == 10000);
    CHECK(mnist->train.image_rows == 28);
    CHECK(mnist->train.image_cols == 28);
    CHECK(mnist->train.images.cols == 784);
    const int expected[10] = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
    int counts[10] = {};
    for (int label : mnist->train.labels) {
        REQUIRE(label >= 0);
        REQUIRE(label <= 9);
        ++counts[label];
    }
    for (int c = 0; c < 10; ++c) CHECK(counts[c] == expected[c]);
    float low = 1.0f, high = 0.0f;
    for (float v : mnist->train.images.values) {
        low = v < low ? v : low;
        high = v > high ? v : high;
    }
    CHECK(low == 0.0f);
    CHECK(high == 1.0f);
}
