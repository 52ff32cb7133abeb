// Neural-network speed: training throughput of the reference MLP and CNN (1 and 2 threads, batch 64,
// float32, wall-clock time), MLP inference at batch 1 and 256, the dense layers' GFLOP/s, and batch-1
// inference of the MLP and LeNet in float and int8. Reads the first 6,400 MNIST training images from the
// repository's data/mnist, or CHEMIN_DATA when set (the kernels skip zero inputs, so real images matter).
//   bench_nn          (the context line chemin_kernel_isa names the vector code the kernels run)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "chemin/chemin.hpp"
#include "bench_mnist.hpp"

namespace {
struct Data {
    chemin::Matrix images;
    std::vector<int> labels;
};
const Data& data() {
    static Data d = [] {
        Data out;
        const chemin::data::Dataset& train = bench::mnist("bench_nn").train;
        const std::size_t n = 6400;
        out.images = chemin::Matrix(n, 784);
        for (std::size_t j = 0; j < n * 784; ++j) out.images.values[j] = train.images.values[j];
        out.labels.assign(train.labels.begin(), train.labels.begin() + static_cast<std::ptrdiff_t>(n));
        return out;
    }();
    return d;
}

/// Training throughput: one train_step per iteration on consecutive batches of 64, on range(0) threads
/// (the batch is cut into TrainOptions' 4 chunks whatever the thread count: the same numbers), with the
/// options the examples train with: TrainOptions' defaults for the MLP (as mnist_mlp), the LeNet recipe
/// for the CNN (lenet_train_options, as mnist_cnn: its cosine schedule spans the 2 x 938 steps of
/// 2 epochs of MNIST, as in benchmarks/anchors/pytorch_nn.py).
void train_throughput(benchmark::State& state, chemin::nn::DynamicNetwork<float>& net,
                      chemin::nn::TrainOptions options) {
    const Data& d = data();
    options.batch_size = 64;
    options.threads = static_cast<int>(state.range(0));
    chemin::nn::Trainer<float> trainer;
    if (!trainer.prepare(net, options).ok()) state.SkipWithError("prepare failed");
    trainer.set_schedule_steps(2 * 938);
    std::size_t first = 0;
    double loss = 0;
    std::size_t correct = 0;
    for (auto _ : state) {
        trainer.train_step(net, d.images.row(first), d.labels.data() + first, 64, loss, correct);
        first = (first + 64) % d.images.rows;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 64);
}

void BM_mlp_train_batch64(benchmark::State& state) {
    chemin::nn::DynamicNetwork<float> net;
    (void)chemin::nn::make_mlp(net, 784, {128, 64}, 10, 1);
    train_throughput(state, net, chemin::nn::TrainOptions{});
}
BENCHMARK(BM_mlp_train_batch64)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_cnn_train_batch64(benchmark::State& state) {
    chemin::nn::DynamicNetwork<float> net;
    (void)chemin::nn::make_lenet(net, 28, 10, 1);
    train_throughput(state, net, chemin::nn::lenet_train_options());
}
BENCHMARK(BM_cnn_train_batch64)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_mlp_infer(benchmark::State& state) {
    const Data& d = data();
    const std::size_t batch = static_cast<std::size_t>(state.range(0));
    chemin::nn::DynamicNetwork<float> net;
    (void)chemin::nn::make_mlp(net, 784, {128, 64}, 10, 1);
    chemin::nn::DynamicNetwork<float>::Workspace work;
    net.prepare(work, batch);
    std::size_t first = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(net.forward(d.images.row(first), batch, work));
        first = (first + batch) % (d.images.rows - batch);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
}
BENCHMARK(BM_mlp_infer)->Arg(1)->Arg(256)->Unit(benchmark::kMicrosecond);

/// One dense forward 64 x 784 by 784 x 128 (+ bias): GFLOP/s counting 2 * 64 * 784 * 128 flops.
/// range(0) = 1: MNIST images (about 80% zeros, skipped); 0: dense random inputs (no zero to skip).
void BM_dense_forward_64x784x128(benchmark::State& state) {
    const Data& d = data();
    chemin::Rng rng(1);
    std::vector<float> w(784 * 128), b(128, 0.0f), y(64 * 128), x(64 * 784);
    for (float& v : w) v = static_cast<float>(rng.uniform(-0.05, 0.05));
    for (std::size_t j = 0; j < x.size(); ++j)
        x[j] = state.range(0) == 1 ? d.images.values[j] : static_cast<float>(rng.uniform(0.01, 1.0));
    for (auto _ : state) {
        chemin::nn::detail::dense_forward(x.data(), w.data(), b.data(), y.data(), 64, 784, 128);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * 64 * 784 * 128 * static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_dense_forward_64x784x128)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

/// Batch-1 inference, float against int8: range(0) = 0 the MLP 784-128-64-10, 1 LeNet; range(1) = 0 the
/// float network (DynamicNetwork::forward), 1 its int8 quantisation (QuantizedNetwork::forward, the
/// integer-only kernels of nn/int8.hpp, on inputs quantised beforehand). Untrained weights (seed 1)
/// calibrated on the first 640 images: the speed does not depend on the values, but the MNIST images'
/// zeros (skipped by both dense kernels) matter.
void BM_infer_batch1_float_vs_int8(benchmark::State& state) {
    const Data& d = data();
    const bool lenet = state.range(0) == 1, int8 = state.range(1) == 1;
    chemin::nn::DynamicNetwork<float> net;
    (void)(lenet ? chemin::nn::make_lenet(net, 28, 10, 1) : chemin::nn::make_mlp(net, 784, {128, 64}, 10, 1));
    std::size_t image = 0;
    if (!int8) {
        chemin::nn::DynamicNetwork<float>::Workspace work;
        net.prepare(work, 1);
        for (auto _ : state) {
            benchmark::DoNotOptimize(net.forward(d.images.row(image), 1, work));
            image = (image + 1) % d.images.rows;
        }
        return;
    }
    auto q = chemin::nn::quantize(net, chemin::MatrixView{d.images.values.data(), 640, 784});
    if (!q.ok()) {
        state.SkipWithError(q.status().message());
        return;
    }
    std::vector<std::int8_t> codes(d.images.values.size()), hidden(q->hidden_count() + 1);
    std::vector<std::int32_t> logits(q->output_size());
    for (std::size_t j = 0; j < codes.size(); ++j) codes[j] = chemin::nn::quantize_value(d.images.values[j], q->input_scale);
    for (auto _ : state) {
        q->forward(codes.data() + image * 784, hidden.data(), logits.data());
        benchmark::DoNotOptimize(logits.data());
        image = (image + 1) % d.images.rows;
    }
}
BENCHMARK(BM_infer_batch1_float_vs_int8)->ArgsProduct({{0, 1}, {0, 1}})->Unit(benchmark::kMicrosecond);
}  // namespace
