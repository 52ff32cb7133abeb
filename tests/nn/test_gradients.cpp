// Gradient checks by central finite differences, in double, for every layer type, both losses and
// whole networks (fixed-size and run-time-sized): relative error under 1e-4.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
using chemin::nn::LayerKind;
using chemin::nn::LayerShape;

/// |a - b| / max(|a|, |b|, 1e-6): the usual relative error of a gradient check.
double relative_error(double a, double b) {
    const double scale = std::fmax(std::fmax(std::fabs(a), std::fabs(b)), 1e-6);
    return std::fabs(a - b) / scale;
}

std::vector<double> random_values(std::size_t n, chemin::Rng& rng, double low = -1.0, double high = 1.0) {
    std::vector<double> v(n);
    for (double& x : v) x = rng.uniform(low, high);
    return v;
}

/// Loss used to check one layer: L = sum_j r_j y_j with fixed random r, so dL/dy = r.
double probe_loss(const LayerShape& s, const std::vector<double>& params, const std::vector<double>& x,
                  const std::vector<double>& r, std::size_t batch) {
    std::vector<double> y(batch * s.out_size());
    chemin::nn::detail::layer_forward(s, params.data(), x.data(), y.data(), batch);
    double loss = 0;
    for (std::size_t j = 0; j < y.size(); ++j) loss += r[j] * y[j];
    return loss;
}

/// Compares layer_backward's dL/dparams and dL/dx with central differences (step 1e-6).
void check_layer(const LayerShape& s, std::size_t batch, double input_low = -1.0) {
    chemin::Rng rng(7);
    std::vector<double> params = random_values(s.param_count(), rng);
    std::vector<double> x = random_values(batch * s.in_size(), rng, input_low, 1.0);
    const std::vector<double> r = random_values(batch * s.out_size(), rng);
    std::vector<double> y(batch * s.out_size()), dx(x.size()), grads(params.size(), 0.0);
    chemin::nn::detail::layer_forward(s, params.data(), x.data(), y.data(), batch);
    chemin::nn::detail::layer_backward(s, params.data(), x.data(), y.data(), r.data(), dx.data(), grads.data(), batch);
    const double h = 1e-6;
    double worst = 0;
    for (std::size_t j = 0; j < params.size(); ++j) {
        const double saved = params[j];
        params[j] = saved + h;
        const double up = probe_loss(s, params, x, r, batch);
        params[j] = saved - h;
        const double down = probe_loss(s, params, x, r, batch);
        params[j] = saved;
        worst = std::fmax(worst, relative_error(grads[j], (up - down) / (2 * h)));
    }
    for (std::size_t j = 0; j < x.size(); ++j) {
        const double saved = x[j];
        x[j] = saved + h;
        const double up = probe_loss(s, params, x, r, batch);
        x[j] = saved - h;
        const double down = probe_loss(s, params, x, r, batch);
        x[j] = saved;
        worst = std::fmax(worst, relative_error(dx[j], (up - down) / (2 * h)));
    }
    INFO("layer " << chemin::nn::to_string(s.kind) << ", worst relative error " << worst);
    CHECK(worst < 1e-4);
}
}  // namespace

TEST_CASE("dense backward matches finite differences") { check_layer(chemin::nn::dense_shape(7, 5), 3); }

TEST_CASE("conv2d backward matches finite differences, with stride and padding") {
    check_layer(chemin::nn::conv2d_shape(2, 7, 6, 3, 3, 1, 0), 2);
    check_layer(chemin::nn::conv2d_shape(2, 7, 6, 3, 3, 2, 1), 2);
    check_layer(chemin::nn::conv2d_shape(1, 5, 5, 2, 5, 1, 2), 1);
    // 65 x 8 x 8 taps > conv_gradient_rows: the weight gradient takes the one-dot-per-weight path.
    static_assert(65 * 8 * 8 > chemin::nn::detail::conv_gradient_rows, "this case must exercise the fallback");
    check_layer(chemin::nn::conv2d_shape(65, 8, 8, 1, 8, 1, 0), 1);
}

TEST_CASE("maxpool backward matches finite differences") {
    check_layer(chemin::nn::maxpool_shape(2, 6, 5, 2), 2);  // odd width: the last column is dropped
}

TEST_CASE("activations and flatten backward match finite differences") {
    // Inputs kept away from 0 for ReLU, whose derivative jumps there.
    check_layer(chemin::nn::activation_shape(LayerKind::relu, 3, 2, 2), 2, 0.05);
    check_layer(chemin::nn::activation_shape(LayerKind::sigmoid, 10, 1, 1), 2);
    check_layer(chemin::nn::activation_shape(LayerKind::tanh, 10, 1, 1), 2);
    check_layer(chemin::nn::activation_shape(LayerKind::softmax, 6, 1, 1), 3);
    check_layer(chemin::nn::flatten_shape(2, 3, 2), 2);
}

TEST_CASE("both losses give the gradient of their value") {
    chemin::Rng rng(3);
    for (chemin::nn::Loss loss : {chemin::nn::Loss::softmax_cross_entropy, chemin::nn::Loss::mse_on_softmax}) {
        std::vector<double> z = random_values(5, rng, -2, 2), p(5), dz(5), scratch(5);
        const double value = chemin::nn::loss_and_gradient(loss, z.data(), 2, p.data(), dz.data(), 5, 1.0);
        CHECK(value > 0);
        for (std::size_t k = 0; k < 5; ++k) {
            const double saved = z[k];
            z[k] = saved + 1e-6;
            const double up = chemin::nn::loss_and_gradient<double>(loss, z.data(), 2, scratch.data(), nullptr, 5, 1.0);
            z[k] = saved - 1e-6;
            const double down = chemin::nn::loss_and_gradient<double>(loss, z.data(), 2, scratch.data(), nullptr, 5, 1.0);
            z[k] = saved;
            CHECK(relative_error(dz[k], (up - down) / 2e-6) < 1e-4);
        }
    }
}

TEST_CASE("softmax cross-entropy of known logits") {
    const double z[3] = {1.0, 2.0, 3.0};
    double p[3], dz[3];
    const double loss = chemin::nn::softmax_cross_entropy(z, 0, p, dz, 3, 1.0);
    // p_0 = e^1 / (e^1 + e^2 + e^3) = 0.09003057...
    CHECK(p[0] == doctest::Approx(0.0900305731703804).epsilon(1e-12));
    CHECK(loss == doctest::Approx(-std::log(0.0900305731703804)).epsilon(1e-12));
    CHECK(dz[0] == doctest::Approx(0.0900305731703804 - 1.0).epsilon(1e-12));
}

TEST_CASE("a whole run-time-sized CNN matches finite differences") {
    chemin::nn::DynamicNetwork<double> net(1, 8, 8);
    net.add_conv2d(2, 3, 1, 1).add_tanh().add_maxpool(2).add_conv2d(3, 3).add_sigmoid().add_flatten();
    net.add_dense(5).add_relu().add_dense(4);
    REQUIRE(net.finish(11).ok());
    chemin::Rng rng(5);
    const std::size_t batch = 2;
    const std::vector<double> x = random_values(batch * 64, rng, 0, 1);
    const int labels[batch] = {1, 3};
    typename chemin::nn::DynamicNetwork<double>::Workspace work;
    net.prepare(work, batch);
    auto loss_of = [&](bool with_gradient, std::vector<double>* grads) {
        const double* logits = net.forward(x.data(), batch, work);
        double loss = 0, p[4], dz[batch * 4];
        for (std::size_t n = 0; n < batch; ++n)
            loss += chemin::nn::mse_on_softmax(logits + 4 * n, static_cast<std::size_t>(labels[n]), p,
                                               with_gradient ? dz + 4 * n : nullptr, 4, 1.0);
        if (with_gradient) net.backward(x.data(), batch, dz, work, grads->data());
        return loss;
    };
    std::vector<double> grads(net.param_count(), 0.0);
    loss_of(true, &grads);
    double worst = 0;
    for (std::size_t j = 0; j < net.param_count(); ++j) {
        double& w = net.params()[j];
        const double saved = w;
        w = saved + 1e-6;
        const double up = loss_of(false, nullptr);
        w = saved - 1e-6;
        const double down = loss_of(false, nullptr);
        w = saved;
        worst = std::fmax(worst, relative_error(grads[j], (up - down) / 2e-6));
    }
    INFO("worst relative error " << worst);
    CHECK(worst < 1e-4);
}

TEST_CASE("a whole fixed-size MLP matches finite differences, and matches the run-time-sized one") {
    using namespace chemin::nn;
    using Mlp = Network<Dense<6, 5, double>, Tanh<5, double>, Dense<5, 4, double>, Sigmoid<4, double>,
                        Dense<4, 3, double>>;
    static_assert(Mlp::param_count == 6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3, "parameter count");
    Mlp net;
    chemin::Rng rng(9);
    net.initialize(rng);
    Mlp::Workspace work;
    const std::vector<double> x = random_values(6, rng);
    auto loss_of = [&](std::vector<double>* grads) {
        const double* z = net.forward(x.data(), work);
        double p[3], dz[3];
        const double loss = softmax_cross_entropy(z, 1, p, grads ? dz : nullptr, 3, 1.0);
        if (grads) net.backward(x.data(), dz, work, grads->data());
        return loss;
    };
    std::vector<double> grads(Mlp::param_count, 0.0);
    loss_of(&grads);
    double worst = 0;
    for (std::size_t j = 0; j < Mlp::param_count; ++j) {
        const double saved = net.params[j];
        net.params[j] = saved + 1e-6;
        const double up = loss_of(nullptr);
        net.params[j] = saved - 1e-6;
        const double down = loss_of(nullptr);
        net.params[j] = saved;
        worst = std::fmax(worst, relative_error(grads[j], (up - down) / 2e-6));
    }
    CHECK(worst < 1e-4);

    // The same layers described at run time, with the same parameters, give the same outputs bit for bit.
    DynamicNetwork<double> same(6, 1, 1);
    same.add_dense(5).add_tanh().add_dense(4).add_sigmoid().add_dense(3);
    REQUIRE(same.finish(0).ok());
    REQUIRE(same.param_count() == Mlp::param_count);
    for (std::size_t j = 0; j < Mlp::param_count; ++j) same.params()[j] = net.params[j];
    DynamicNetwork<double>::Workspace dynamic_work;
    same.prepare(dynamic_work, 1);
    const double* a = net.forward(x.data(), work);
    const double* b = same.forward(x.data(), 1, dynamic_work);
    for (int k = 0; k < 3; ++k) CHECK(a[k] == b[k]);
}
