// The fast convolution kernels (chemin::nn::detail::conv2d_forward / conv2d_backward: gathered input columns,
// four taps at a time) against the seven plain loops of chemin::reference::conv2d_forward / backward.
// y and dW are the same values (dW only while the taps fit the transposed im2col block; past it, a
// dot product with eight running sums); dX and db are summed in another order and agree to rounding.
#include <doctest/doctest.h>

#include <vector>

#include "chemin/chemin.hpp"
#include "reference_checks.hpp"

namespace {
struct ConvCase {
    std::size_t batch, channels, height, width, filters, kernel, stride, pad;
    std::size_t taps() const { return channels * kernel * kernel; }
    std::size_t out_side(std::size_t size) const { return chemin::nn::detail::conv_output_size(size, kernel, stride, pad); }
    std::size_t input_size() const { return channels * height * width; }
    std::size_t output_size() const { return filters * out_side(height) * out_side(width); }
};
// LeNet's two convolutions, stride and padding, a window larger than the stride, and one with more
// taps (169 x 5 x 5 = 4,225) than the transposed im2col block of conv2d_backward holds.
const ConvCase cases[] = {{2, 1, 28, 28, 6, 5, 1, 0}, {3, 6, 12, 12, 16, 5, 1, 0}, {2, 3, 11, 9, 5, 3, 2, 1},
                          {1, 2, 17, 23, 3, 4, 3, 2}, {2, 1, 5, 5, 2, 5, 1, 2},   {1, 169, 6, 7, 2, 5, 1, 2}};
}  // namespace

TEST_CASE("conv2d forward gives the reference's values: the taps added in (c, ky, kx) order") {
    for (const ConvCase& c : cases) {
        CAPTURE(c.channels);
        CAPTURE(c.kernel);
        CAPTURE(c.stride);
        CAPTURE(c.pad);
        chemin::Rng rng(400 + c.taps());
        const std::vector<float> x = checks::random_floats(c.batch * c.input_size(), rng);
        const std::vector<float> w = checks::random_floats(c.filters * c.taps(), rng, false);
        const std::vector<float> b = checks::random_floats(c.filters, rng, false);
        std::vector<float> fast(c.batch * c.output_size()), same(fast.size());
        chemin::nn::detail::conv2d_forward(x.data(), w.data(), b.data(), fast.data(), c.batch, c.channels, c.height, c.width,
                                   c.filters, c.kernel, c.stride, c.pad);
        chemin::reference::conv2d_forward(x.data(), w.data(), b.data(), same.data(), c.batch, c.channels, c.height,
                                          c.width, c.filters, c.kernel, c.stride, c.pad);
        std::vector<double> exact(fast.size()), magnitude(fast.size());
        chemin::reference::conv2d_forward(checks::to_double(x).data(), checks::to_double(w).data(),
                                          checks::to_double(b).data(), exact.data(), c.batch, c.channels, c.height,
                                          c.width, c.filters, c.kernel, c.stride, c.pad);
        chemin::reference::conv2d_forward(checks::absolute(x).data(), checks::absolute(w).data(),
                                          checks::absolute(b).data(), magnitude.data(), c.batch, c.channels, c.height,
                                          c.width, c.filters, c.kernel, c.stride, c.pad);
        checks::check_same_values("y", fast, same, exact, magnitude);
    }
}

TEST_CASE("conv2d backward: dW is the reference's values, dX and db agree to rounding") {
    for (const ConvCase& c : cases) {
        CAPTURE(c.channels);
        CAPTURE(c.kernel);
        CAPTURE(c.stride);
        CAPTURE(c.pad);
        chemin::Rng rng(500 + c.taps());
        const std::vector<float> x = checks::random_floats(c.batch * c.input_size(), rng);
        const std::vector<float> w = checks::random_floats(c.filters * c.taps(), rng, false);
        const std::vector<float> dy = checks::random_floats(c.batch * c.output_size(), rng);
        std::vector<float> dx(x.size()), dw(w.size(), 0.0f), db(c.filters, 0.0f);  // dW, db from 0: this batch alone
        chemin::nn::detail::conv2d_backward(x.data(), w.data(), dy.data(), dx.data(), dw.data(), db.data(), c.batch, c.channels,
                                    c.height, c.width, c.filters, c.kernel, c.stride, c.pad);
        std::vector<float> same_dx(dx.size()), same_dw(dw.size()), same_db(db.size());
        chemin::reference::conv2d_backward(x.data(), w.data(), dy.data(), same_dx.data(), same_dw.data(),
                                           same_db.data(), c.batch, c.channels, c.height, c.width, c.filters, c.kernel,
                                           c.stride, c.pad);
        std::vector<double> exact_dx(dx.size()), exact_dw(dw.size()), exact_db(db.size());
        chemin::reference::conv2d_backward(checks::to_double(x).data(), checks::to_double(w).data(),
                                           checks::to_double(dy).data(), exact_dx.data(), exact_dw.data(),
                                           exact_db.data(), c.batch, c.channels, c.height, c.width, c.filters,
                                           c.kernel, c.stride, c.pad);
        std::vector<double> size_dx(dx.size()), size_dw(dw.size()), size_db(db.size());
        chemin::reference::conv2d_backward(checks::absolute(x).data(), checks::absolute(w).data(),
                                           checks::absolute(dy).data(), size_dx.data(), size_dw.data(), size_db.data(),
                                           c.batch, c.channels, c.height, c.width, c.filters, c.kernel, c.stride,
                                           c.pad);
        if (c.taps() <= chemin::nn::detail::conv_gradient_rows)
            checks::check_same_values("dW", dw, same_dw, exact_dw, size_dw);
        else  // one dot product with eight running sums per weight
            checks::check_agrees_to_rounding("dW (dot-product fallback)", dw, exact_dw, size_dw);
        checks::check_agrees_to_rounding("db", db, exact_db, size_db);
        checks::check_agrees_to_rounding("dX", dx, exact_dx, size_dx);
    }
}

TEST_CASE("conv2d backward without dX (the first layer) gives the same parameter gradients") {
    const ConvCase c{3, 2, 9, 8, 4, 3, 1, 1};
    chemin::Rng rng(600);
    const std::vector<float> x = checks::random_floats(c.batch * c.input_size(), rng);
    const std::vector<float> w = checks::random_floats(c.filters * c.taps(), rng, false);
    const std::vector<float> dy = checks::random_floats(c.batch * c.output_size(), rng);
    std::vector<float> dw(w.size(), 0.0f), db(c.filters, 0.0f), same_dw(w.size()), same_db(c.filters);
    chemin::nn::detail::conv2d_backward(x.data(), w.data(), dy.data(), static_cast<float*>(nullptr), dw.data(), db.data(),
                                c.batch, c.channels, c.height, c.width, c.filters, c.kernel, c.stride, c.pad);
    chemin::reference::conv2d_backward(x.data(), w.data(), dy.data(), static_cast<float*>(nullptr), same_dw.data(),
                                       same_db.data(), c.batch, c.channels, c.height, c.width, c.filters, c.kernel,
                                       c.stride, c.pad);
    std::vector<double> exact_dw(dw.size()), exact_db(db.size()), size_dw(dw.size()), size_db(db.size());
    chemin::reference::conv2d_backward(checks::to_double(x).data(), checks::to_double(w).data(),
                                       checks::to_double(dy).data(), static_cast<double*>(nullptr), exact_dw.data(),
                                       exact_db.data(), c.batch, c.channels, c.height, c.width, c.filters, c.kernel,
                                       c.stride, c.pad);
    chemin::reference::conv2d_backward(checks::absolute(x).data(), checks::absolute(w).data(),
                                       checks::absolute(dy).data(), static_cast<double*>(nullptr), size_dw.data(),
                                       size_db.data(), c.batch, c.channels, c.height, c.width, c.filters, c.kernel,
                                       c.stride, c.pad);
    checks::check_same_values("dW", dw, same_dw, exact_dw, size_dw);
    checks::check_agrees_to_rounding("db", db, exact_db, size_db);
}

TEST_CASE("reference::conv2d_backward is the gradient of reference::conv2d_forward (finite differences)") {
    // L = sum_j r_j y_j with fixed random r, so dL/dy = r; with stride and padding.
    for (const ConvCase& c : {ConvCase{2, 2, 7, 6, 3, 3, 2, 1}, ConvCase{1, 1, 5, 5, 2, 5, 1, 2}}) {
        CAPTURE(c.stride);
        chemin::Rng rng(610 + c.kernel);
        std::vector<double> x(c.batch * c.input_size()), w(c.filters * c.taps()), b(c.filters);
        std::vector<double> r(c.batch * c.output_size());
        for (auto* v : {&x, &w, &b, &r})
            for (double& value : *v) value = rng.uniform(-1.0, 1.0);
        auto loss = [&]() {
            std::vector<double> y(r.size());
            chemin::reference::conv2d_forward(x.data(), w.data(), b.data(), y.data(), c.batch, c.channels, c.height,
                                              c.width, c.filters, c.kernel, c.stride, c.pad);
            double sum = 0.0;
            for (std::size_t j = 0; j < y.size(); ++j) sum += r[j] * y[j];
            return sum;
        };
        std::vector<double> dx(x.size()), dw(w.size()), db(b.size());
        chemin::reference::conv2d_backward(x.data(), w.data(), r.data(), dx.data(), dw.data(), db.data(), c.batch,
                                           c.channels, c.height, c.width, c.filters, c.kernel, c.stride, c.pad);
        CHECK(checks::worst_gradient_error(x, dx, loss) < 1e-6);
        CHECK(checks::worst_gradient_error(w, dw, loss) < 1e-6);
        CHECK(checks::worst_gradient_error(b, db, loss) < 1e-6);
    }
}
