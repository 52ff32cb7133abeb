// Max pooling, ReLU and softmax: chemin::nn's kernels against chemin::reference's. Pooling and ReLU
// only compare and copy, so they give the reference's values exactly; the softmax agrees to rounding.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "chemin/chemin.hpp"
#include "reference_checks.hpp"

TEST_CASE("max pooling forward and backward give the reference's values, ties to the first maximum") {
    struct PoolCase {
        std::size_t batch, channels, height, width, pool;
    };
    // Odd sizes drop the last row or column; a third of the inputs are 0, so many windows tie.
    for (const PoolCase p : {PoolCase{2, 3, 6, 5, 2}, PoolCase{1, 4, 24, 24, 2}, PoolCase{3, 2, 7, 9, 3},
                             PoolCase{1, 1, 4, 4, 4}}) {
        CAPTURE(p.height);
        CAPTURE(p.width);
        CAPTURE(p.pool);
        chemin::Rng rng(700 + p.height * p.pool);
        const std::size_t in = p.batch * p.channels * p.height * p.width;
        const std::size_t out = p.batch * p.channels * (p.height / p.pool) * (p.width / p.pool);
        const std::vector<float> x = checks::random_floats(in, rng), dy = checks::random_floats(out, rng, false);
        std::vector<float> y(out), same_y(out), dx(in), same_dx(in);
        chemin::nn::detail::maxpool_forward(x.data(), y.data(), p.batch, p.channels, p.height, p.width, p.pool);
        chemin::reference::maxpool_forward(x.data(), same_y.data(), p.batch, p.channels, p.height, p.width, p.pool);
        chemin::nn::detail::maxpool_backward(x.data(), dy.data(), dx.data(), p.batch, p.channels, p.height, p.width, p.pool);
        chemin::reference::maxpool_backward(x.data(), dy.data(), same_dx.data(), p.batch, p.channels, p.height, p.width,
                                            p.pool);
        CHECK(y == same_y);
        CHECK(dx == same_dx);
    }
}

TEST_CASE("ReLU forward and backward give the reference's values (the fast backward reads y, the reference x)") {
    chemin::Rng rng(800);
    const std::vector<float> x = checks::random_floats(1000, rng), dy = checks::random_floats(1000, rng);
    std::vector<float> y(1000), same_y(1000), dx(1000), same_dx(1000);
    chemin::nn::detail::relu_forward(x.data(), y.data(), x.size());
    chemin::reference::relu_forward(x.data(), same_y.data(), x.size());
    chemin::nn::detail::relu_backward(y.data(), dy.data(), dx.data(), x.size());
    chemin::reference::relu_backward(x.data(), dy.data(), same_dx.data(), x.size());
    CHECK(y == same_y);
    CHECK(dx == same_dx);
}

TEST_CASE("softmax forward and backward agree with the reference's (the Jacobian written out) to rounding") {
    chemin::Rng rng(900);
    for (const std::size_t classes : {2u, 3u, 10u, 37u}) {
        CAPTURE(classes);
        const std::size_t batch = 4;
        std::vector<float> z(batch * classes), dp(batch * classes);
        for (float& v : z) v = static_cast<float>(rng.uniform(-8.0, 8.0));
        for (float& v : dp) v = static_cast<float>(rng.normal());
        std::vector<float> p(z.size()), dz(z.size());
        chemin::nn::detail::softmax_forward(z.data(), p.data(), batch, classes);
        chemin::nn::detail::softmax_backward(p.data(), dp.data(), dz.data(), batch, classes);
        std::vector<double> exact_p(z.size()), exact_dz(z.size()), size_p(z.size()), size_dz(z.size());
        const std::vector<double> z_double = checks::to_double(z), dp_double = checks::to_double(dp);
        for (std::size_t n = 0; n < batch; ++n) {
            const std::size_t row = n * classes;
            chemin::reference::softmax(z_double.data() + row, exact_p.data() + row, classes);
            chemin::reference::softmax_backward(exact_p.data() + row, dp_double.data() + row, exact_dz.data() + row,
                                                classes);
            // Scales of the rounding errors: p_k itself; |p_j| (|dp_j| + sum_k |dp_k| p_k) for dz_j.
            double weighted = 0.0;
            for (std::size_t k = 0; k < classes; ++k) weighted += std::fabs(dp_double[row + k]) * exact_p[row + k];
            for (std::size_t j = 0; j < classes; ++j) {
                size_p[row + j] = exact_p[row + j];
                size_dz[row + j] = exact_p[row + j] * (std::fabs(dp_double[row + j]) + weighted);
            }
        }
        checks::check_agrees_to_rounding("p", p, exact_p, size_p);
        checks::check_agrees_to_rounding("dz", dz, exact_dz, size_dz);
    }
}
