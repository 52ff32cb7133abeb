// MNIST for the benchmarks: loaded once per program, from CHEMIN_DATA when set, else the repository's
// data/mnist; a program that cannot read it stops with one line naming the problem. Also the
// activations stand-in both clustering programs use.
#ifndef CHEMIN_BENCHMARKS_BENCH_MNIST_HPP
#define CHEMIN_BENCHMARKS_BENCH_MNIST_HPP

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "chemin/chemin.hpp"

namespace bench {

inline const chemin::data::MnistData& mnist(const char* program) {
    static const chemin::data::MnistData data = [program] {
        auto r = chemin::data::load_mnist("");  // CHEMIN_DATA, else the repository's data/mnist
        if (!r.ok()) {
            std::fprintf(stderr, "%s: %s\n", program, r.status().message());  // the message names the folder
            std::exit(1);
        }
        return std::move(r).value();
    }();
    return data;
}

/// The stand-in for a hidden layer's signatures that bench_cluster and profile_kmeans cluster:
/// relu(x W), W: 784 x width with N(0,1)/28 entries from Rng(width).
inline chemin::Matrix activations(const chemin::Matrix& images, std::size_t width) {
    chemin::Rng rng(width);
    std::vector<float> w(images.cols * width);
    for (float& v : w) v = static_cast<float>(rng.normal() / 28.0);
    chemin::Matrix out(images.rows, width);
    for (std::size_t i = 0; i < images.rows; ++i)
        for (std::size_t k = 0; k < images.cols; ++k) {
            const float p = images(i, k);
            if (p == 0.0f) continue;
            const float* wk = w.data() + k * width;
            float* o = out.row(i);
            for (std::size_t j = 0; j < width; ++j) o[j] += p * wk[j];
        }
    for (float& v : out.values) v = v > 0.0f ? v : 0.0f;
    return out;
}

}  // namespace bench

#endif  // CHEMIN_BENCHMARKS_BENCH_MNIST_HPP
