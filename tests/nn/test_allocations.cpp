// No heap allocation in forward, backward, the optimiser step or a training step, once prepared.
// Counts calls to the global operator new in this program.
#include <doctest/doctest.h>

#include <cstdlib>
#include <new>
#include <vector>

#include "chemin/chemin.hpp"

// The replacement operator new below uses malloc, so its delete uses free: GCC cannot see that they pair.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::size_t allocations = 0;
}
void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("forward, backward, the optimiser step and a whole training step do not allocate") {
    chemin::nn::DynamicNetwork<float> net(1, 8, 8);
    net.add_conv2d(3, 3, 1, 1).add_relu().add_maxpool(2).add_flatten().add_dense(6).add_relu().add_dense(3);
    REQUIRE(net.finish(1).ok());
    chemin::nn::DynamicNetwork<float>::Workspace work;
    net.prepare(work, 4);
    std::vector<float> x(4 * 64, 0.5f), d_output(4 * 3, 0.1f), grads(net.param_count(), 0.0f);
    chemin::nn::Optimizer<float> adam;
    REQUIRE(adam.prepare(chemin::nn::OptimizerOptions{}, net.param_count()).ok());
    chemin::nn::Trainer<float> trainer;
    chemin::nn::TrainOptions options;
    options.batch_size = 4;
    REQUIRE(trainer.prepare(net, options).ok());
    const int labels[4] = {0, 1, 2, 1};
    double loss = 0;
    std::size_t correct = 0;

    const std::size_t before = allocations;
    (void)net.forward(x.data(), 4, work);
    net.backward(x.data(), 4, d_output.data(), work, grads.data());
    adam.step(net.params(), grads.data());
    trainer.train_step(net, x.data(), labels, 4, loss, correct);
    CHECK(allocations == before);

    // A whole epoch, its hook included, once the first epoch has set up the sample order.
    std::vector<int> epoch_labels{0, 1, 2, 1, 2, 0, 1, 0};
    chemin::Matrix images(epoch_labels.size(), 64);
    for (std::size_t j = 0; j < images.values.size(); ++j) images.values[j] = static_cast<float>(j % 7) / 7.0f;
    int told = 0;
    chemin::nn::TrainOptions hooked = options;
    hooked.on_epoch.function = [](void* user, const chemin::nn::EpochReport&) { ++*static_cast<int*>(user); };
    hooked.on_epoch.user = &told;
    chemin::nn::Trainer<float> epoch_trainer;
    REQUIRE(epoch_trainer.prepare(net, hooked).ok());
    chemin::nn::EpochReport report;
    REQUIRE(epoch_trainer.run_epoch(net, images, epoch_labels, report).ok());
    const std::size_t before_epoch = allocations;
    REQUIRE(epoch_trainer.run_epoch(net, images, epoch_labels, report).ok());
    CHECK(allocations == before_epoch);
    CHECK(told == 2);

    // The fixed-size network: nothing to allocate at all.
    using Mlp = chemin::nn::Network<chemin::nn::Dense<64, 8>, chemin::nn::Relu<8>, chemin::nn::Dense<8, 3>>;
    static Mlp fixed;
    static Mlp::Workspace fixed_work;
    std::vector<float> fixed_grads(Mlp::param_count);
    const std::size_t before_fixed = allocations;
    (void)fixed.forward(x.data(), fixed_work);
    fixed.backward(x.data(), d_output.data(), fixed_work, fixed_grads.data());
    static Mlp::InferenceWorkspace inference_work;
    const float* logits = fixed.forward(x.data(), inference_work);
    CHECK(allocations == before_fixed);
    for (std::size_t k = 0; k < Mlp::output_size; ++k) CHECK(logits[k] == fixed_work.output_of(Mlp::layer_count - 1)[k]);
}
