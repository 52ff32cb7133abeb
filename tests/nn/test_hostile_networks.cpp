// Hostile network requests and weight files: a width that would need terabytes, one that passes the
// documented parameter budget, and weight files with NaN, infinite or absurd parameters behind a
// valid checksum. Each is a clear error; a rejected file leaves the network's parameters untouched.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
// Read at run time, so the compiler does not specialise the code for these sizes.
volatile std::size_t huge_width = 999999999;
volatile std::size_t wide_width = 200000;
}  // namespace

TEST_CASE("an MLP of 999,999,999 hidden units is a budget error, not std::bad_alloc") {
    chemin::nn::DynamicNetwork<float> net;
    const chemin::Status s = chemin::nn::make_mlp(net, 784, {huge_width}, 2, 1);
    REQUIRE_FALSE(s.ok());
    CHECK(s.code() == chemin::Errc::out_of_memory);
    CHECK(std::string(s.message()) ==
          "layer 0 (dense 784 -> 999999999 values): the network would pass its budget of 67108864 parameters "
          "(256 MiB as float; see DynamicNetwork::default_max_parameters)");
    CHECK(net.param_count() == 0);
    CHECK_FALSE(net.finished());
}

TEST_CASE("an MLP of 200,000 hidden units passes the budget up front; a smaller budget can be given") {
    chemin::nn::DynamicNetwork<float> net;
    CHECK(chemin::nn::make_mlp(net, 784, {wide_width}, 2, 1).code() == chemin::Errc::out_of_memory);
    const auto made = chemin::nn::make_mlp(784, {wide_width}, 2, 1);  // the Result form says the same
    REQUIRE_FALSE(made.ok());
    CHECK(made.status().code() == chemin::Errc::out_of_memory);
    chemin::nn::DynamicNetwork<float> small(784, 1, 1);
    small.add_dense(64).add_relu().add_dense(10);
    CHECK(small.check_size().ok());
    const chemin::Status tight = small.check_size(1000);
    CHECK(tight.code() == chemin::Errc::out_of_memory);
    CHECK(std::string(tight.message()).find("layer 0 (dense 784 -> 64 values)") == 0);
    CHECK(small.finish(1, 784 * 64 + 64 + 64 * 10 + 10).ok());
    CHECK(small.param_count() == 784 * 64 + 64 + 64 * 10 + 10);
}

TEST_CASE("layer sizes whose product overflows size_t are a budget error") {
    chemin::nn::DynamicNetwork<float> net(1, 1, 1);
    net.add_dense(~std::size_t{0} / 2).add_dense(4);
    CHECK(net.check_size().code() == chemin::Errc::out_of_memory);
    CHECK(net.finish(3).code() == chemin::Errc::out_of_memory);
}

namespace {
/// A small finished network and its weight file with parameter `index` replaced by `value`, the
/// checksum recomputed so that only the value is wrong.
struct TamperedWeights {
    chemin::nn::DynamicNetwork<float> net;
    std::vector<std::uint8_t> file;
    TamperedWeights(std::size_t index, float value) : net(4, 1, 1) {
        net.add_dense(3).add_relu().add_dense(2);
        REQUIRE(net.finish(5).ok());
        file = chemin::nn::encode_weights(net);
        const std::size_t at = 24 + 40 * net.layer_count() + 4 * index;
        std::uint32_t bits;
        std::memcpy(&bits, &value, 4);
        for (int i = 0; i < 4; ++i) file[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(bits >> (8 * i));
        const std::uint32_t crc = chemin::crc32(file.data(), file.size() - 4);
        for (int i = 0; i < 4; ++i)
            file[file.size() - 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (8 * i));
    }
};
}  // namespace

TEST_CASE("weight files with NaN, infinite or absurd parameters are refused despite a valid checksum") {
    const float bad[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                         -std::numeric_limits<float>::infinity(), 3e38f, -2e6f};
    for (float value : bad) {
        TamperedWeights t(7, value);
        chemin::nn::DynamicNetwork<float> target(4, 1, 1);
        target.add_dense(3).add_relu().add_dense(2);
        REQUIRE(target.finish(9).ok());
        const std::vector<float> before(target.params(), target.params() + target.param_count());
        const chemin::Status s = chemin::nn::decode_weights(t.file.data(), t.file.size(), target);
        REQUIRE_FALSE(s.ok());
        CHECK(s.code() == chemin::Errc::non_finite);
        CHECK(std::string(s.message()).find("parameter 7 is ") != std::string::npos);
        CHECK(std::string(s.message()).find("must be finite and at most 1e+06 in absolute value") != std::string::npos);
        CHECK(std::vector<float>(target.params(), target.params() + target.param_count()) == before);
    }
    TamperedWeights fine(7, 0.25f);
    chemin::nn::DynamicNetwork<float> target(4, 1, 1);
    target.add_dense(3).add_relu().add_dense(2);
    REQUIRE(target.finish(9).ok());
    REQUIRE(chemin::nn::decode_weights(fine.file.data(), fine.file.size(), target).ok());
    CHECK(target.params()[7] == 0.25f);
}

TEST_CASE("a batch size whose buffers would pass 2^28 values is refused before anything is allocated") {
    chemin::nn::DynamicNetwork<float> net(784, 1, 1);
    net.add_dense(64).add_relu().add_dense(2);
    REQUIRE(net.finish(1).ok());
    chemin::nn::TrainOptions options;
    options.batch_size = huge_width * 1000;  // 10^12 samples: the buffer size would overflow size_t
    chemin::nn::Trainer<float> trainer;
    const chemin::Status s = trainer.prepare(net, options);
    CHECK(s.code() == chemin::Errc::out_of_memory);
    CHECK(std::string(s.message()) ==
          "trainer: a batch of 999999999000 samples of up to 784 values passes 2^28 values per buffer");
    options.batch_size = 64;
    CHECK(trainer.prepare(net, options).ok());
}
