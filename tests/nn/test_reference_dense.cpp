// The fast dense kernels (chemin::nn::detail::dense_forward / dense_backward) against their textbook version,
// chemin::reference::dense_forward / dense_backward: y, dW and db the same values, dX to rounding.
#include <doctest/doctest.h>

#include <vector>

#include "chemin/chemin.hpp"
#include "reference_checks.hpp"

namespace {
struct DenseSize {
    std::size_t batch, in, out;
};
// An MNIST input layer, odd sizes (the fast kernels take four inputs or samples at a time), a
// hidden layer batch, and the smallest layer.
const DenseSize sizes[] = {{1, 784, 128}, {5, 37, 19}, {64, 128, 64}, {7, 3, 10}, {3, 1, 1}};
}  // namespace

TEST_CASE("dense forward gives the reference's values: b + x_0 w_0 + x_1 w_1 + ... in that order") {
    for (const DenseSize s : sizes) {
        CAPTURE(s.batch);
        CAPTURE(s.in);
        CAPTURE(s.out);
        chemin::Rng rng(100 + s.in);
        const std::vector<float> x = checks::random_floats(s.batch * s.in, rng);
        const std::vector<float> w = checks::random_floats(s.in * s.out, rng, false);
        const std::vector<float> b = checks::random_floats(s.out, rng, false);
        std::vector<float> fast(s.batch * s.out), same(s.batch * s.out);
        chemin::nn::detail::dense_forward(x.data(), w.data(), b.data(), fast.data(), s.batch, s.in, s.out);
        chemin::reference::dense_forward(x.data(), w.data(), b.data(), same.data(), s.batch, s.in, s.out);
        std::vector<double> exact(fast.size()), magnitude(fast.size());
        chemin::reference::dense_forward(checks::to_double(x).data(), checks::to_double(w).data(),
                                         checks::to_double(b).data(), exact.data(), s.batch, s.in, s.out);
        chemin::reference::dense_forward(checks::absolute(x).data(), checks::absolute(w).data(),
                                         checks::absolute(b).data(), magnitude.data(), s.batch, s.in, s.out);
        checks::check_same_values("y", fast, same, exact, magnitude);
    }
}

TEST_CASE("dense backward: dW and db are the reference's values, dX agrees to rounding") {
    for (const DenseSize s : sizes) {
        CAPTURE(s.batch);
        CAPTURE(s.in);
        CAPTURE(s.out);
        chemin::Rng rng(200 + s.in);
        const std::vector<float> x = checks::random_floats(s.batch * s.in, rng);
        const std::vector<float> w = checks::random_floats(s.in * s.out, rng, false);
        const std::vector<float> dy = checks::random_floats(s.batch * s.out, rng);
        // The fast kernel adds to dW and db: start from 0 to get the gradient of this batch alone.
        std::vector<float> dx(s.batch * s.in), dw(s.in * s.out, 0.0f), db(s.out, 0.0f);
        chemin::nn::detail::dense_backward(x.data(), w.data(), dy.data(), dx.data(), dw.data(), db.data(), s.batch, s.in, s.out);
        std::vector<float> same_dx(dx.size()), same_dw(dw.size()), same_db(db.size());
        chemin::reference::dense_backward(x.data(), w.data(), dy.data(), same_dx.data(), same_dw.data(), same_db.data(),
                                          s.batch, s.in, s.out);
        std::vector<double> exact_dx(dx.size()), exact_dw(dw.size()), exact_db(db.size());
        chemin::reference::dense_backward(checks::to_double(x).data(), checks::to_double(w).data(),
                                          checks::to_double(dy).data(), exact_dx.data(), exact_dw.data(),
                                          exact_db.data(), s.batch, s.in, s.out);
        std::vector<double> size_dx(dx.size()), size_dw(dw.size()), size_db(db.size());
        chemin::reference::dense_backward(checks::absolute(x).data(), checks::absolute(w).data(),
                                          checks::absolute(dy).data(), size_dx.data(), size_dw.data(), size_db.data(),
                                          s.batch, s.in, s.out);
        checks::check_same_values("dW", dw, same_dw, exact_dw, size_dw);
        checks::check_same_values("db", db, same_db, exact_db, size_db);
        checks::check_agrees_to_rounding("dX", dx, exact_dx, size_dx);
    }
}

TEST_CASE("dense backward adds to the gradients already there: two batches give the sum of theirs") {
    chemin::Rng rng(300);
    const std::size_t batch = 6, in = 23, out = 9;
    const std::vector<float> w = checks::random_floats(in * out, rng, false);
    const std::vector<float> x1 = checks::random_floats(batch * in, rng), dy1 = checks::random_floats(batch * out, rng);
    const std::vector<float> x2 = checks::random_floats(batch * in, rng), dy2 = checks::random_floats(batch * out, rng);
    std::vector<float> dx(batch * in), dw(in * out, 0.0f), db(out, 0.0f);
    chemin::nn::detail::dense_backward(x1.data(), w.data(), dy1.data(), dx.data(), dw.data(), db.data(), batch, in, out);
    chemin::nn::detail::dense_backward(x2.data(), w.data(), dy2.data(), dx.data(), dw.data(), db.data(), batch, in, out);
    // The two batches as one batch of twelve samples: the same sums in the same order.
    std::vector<float> x(x1), dy(dy1);
    x.insert(x.end(), x2.begin(), x2.end());
    dy.insert(dy.end(), dy2.begin(), dy2.end());
    std::vector<float> both_dx(2 * batch * in), both_dw(in * out), both_db(out);
    chemin::reference::dense_backward(x.data(), w.data(), dy.data(), both_dx.data(), both_dw.data(), both_db.data(),
                                      2 * batch, in, out);
    std::vector<double> exact_dx(both_dx.size()), exact_dw(dw.size()), exact_db(db.size());
    chemin::reference::dense_backward(checks::to_double(x).data(), checks::to_double(w).data(),
                                      checks::to_double(dy).data(), exact_dx.data(), exact_dw.data(), exact_db.data(),
                                      2 * batch, in, out);
    std::vector<double> size_dx(both_dx.size()), size_dw(dw.size()), size_db(db.size());
    chemin::reference::dense_backward(checks::absolute(x).data(), checks::absolute(w).data(), checks::absolute(dy).data(),
                                      size_dx.data(), size_dw.data(), size_db.data(), 2 * batch, in, out);
    checks::check_same_values("dW over two batches", dw, both_dw, exact_dw, size_dw);
    checks::check_same_values("db over two batches", db, both_db, exact_db, size_db);
}

TEST_CASE("reference::dense_backward is the gradient of reference::dense_forward (finite differences)") {
    // L = sum_j r_j y_j with fixed random r, so dL/dy = r.
    chemin::Rng rng(310);
    const std::size_t batch = 3, in = 7, out = 5;
    std::vector<double> x(batch * in), w(in * out), b(out), r(batch * out);
    for (auto* v : {&x, &w, &b, &r})
        for (double& value : *v) value = rng.uniform(-1.0, 1.0);
    auto loss = [&]() {
        std::vector<double> y(batch * out);
        chemin::reference::dense_forward(x.data(), w.data(), b.data(), y.data(), batch, in, out);
        double sum = 0.0;
        for (std::size_t j = 0; j < y.size(); ++j) sum += r[j] * y[j];
        return sum;
    };
    std::vector<double> dx(x.size()), dw(w.size()), db(b.size());
    chemin::reference::dense_backward(x.data(), w.data(), r.data(), dx.data(), dw.data(), db.data(), batch, in, out);
    CHECK(checks::worst_gradient_error(x, dx, loss) < 1e-6);
    CHECK(checks::worst_gradient_error(w, dw, loss) < 1e-6);
    CHECK(checks::worst_gradient_error(b, db, loss) < 1e-6);
}
