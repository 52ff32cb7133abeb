// MNIST for the benchmarks: loaded once per program, from CHEMIN_DATA when set, else the repository's
// data/mnist; a program that cannot read it stops with one line naming the problem.
#ifndef CHEMIN_BENCHMARKS_BENCH_MNIST_HPP
#define CHEMIN_BENCHMARKS_BENCH_MNIST_HPP

#include <cstdio>
#include <cstdlib>

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

}  // namespace bench

#endif  // CHEMIN_BENCHMARKS_BENCH_MNIST_HPP
