// Losses and optimisers: chemin::nn's against chemin::reference's, and Adam's first steps against
// numbers worked out by hand (Kingma & Ba 2015, Algorithm 1, with its bias correction).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "chemin/chemin.hpp"
#include "reference_checks.hpp"

TEST_CASE("softmax cross-entropy and MSE on softmax agree with the reference's: loss, p and dL/dz") {
    chemin::Rng rng(1000);
    for (const std::size_t classes : {2u, 3u, 10u}) {
        for (std::size_t label = 0; label < classes; label += 2) {
            CAPTURE(classes);
            CAPTURE(label);
            std::vector<double> z(classes);
            for (double& v : z) v = rng.uniform(-5.0, 5.0);
            std::vector<double> p(classes), dz(classes), same_p(classes), same_dp(classes), same_dz(classes);
            // In double both are exact to about 1e-15; the fast code takes another route (log-sum-exp,
            // the Jacobian folded into O(K)), so agreement to 1e-12 says they compute the same thing.
            const double ce = chemin::nn::softmax_cross_entropy(z.data(), label, p.data(), dz.data(), classes, 1.0);
            const double same_ce = chemin::reference::cross_entropy(z.data(), label, same_p.data(), same_dz.data(), classes);
            CHECK(ce == doctest::Approx(same_ce).epsilon(1e-12));
            for (std::size_t k = 0; k < classes; ++k) {
                CHECK(p[k] == doctest::Approx(same_p[k]).epsilon(1e-12));
                CHECK(dz[k] == doctest::Approx(same_dz[k]).epsilon(1e-12));
            }
            const double mse = chemin::nn::mse_on_softmax(z.data(), label, p.data(), dz.data(), classes, 1.0);
            const double same_mse =
                chemin::reference::mse_on_softmax(z.data(), label, same_p.data(), same_dp.data(), same_dz.data(), classes);
            CHECK(mse == doctest::Approx(same_mse).epsilon(1e-12));
            for (std::size_t k = 0; k < classes; ++k) CHECK(dz[k] == doctest::Approx(same_dz[k]).epsilon(1e-12));

            // In float, against the reference in double: the loss to 1e-5 of (1 + the largest |z|),
            // the scale of log-sum-exp's rounding; the gradients, which lie in [-1, 1], to 1e-6.
            std::vector<float> zf(z.begin(), z.end()), pf(classes), dzf(classes);
            double largest = 0.0;
            for (double v : z) largest = std::fmax(largest, std::fabs(v));
            const float cef = chemin::nn::softmax_cross_entropy(zf.data(), label, pf.data(), dzf.data(), classes, 1.0f);
            const std::vector<double> z_rounded(zf.begin(), zf.end());
            const double exact_ce = chemin::reference::cross_entropy(z_rounded.data(), label, same_p.data(),
                                                                     same_dz.data(), classes);
            CHECK(std::fabs(cef - exact_ce) <= 1e-5 * (1.0 + largest));
            for (std::size_t k = 0; k < classes; ++k) CHECK(std::fabs(dzf[k] - same_dz[k]) <= 1e-6);
        }
    }
}

TEST_CASE("SGD with momentum gives the reference's values, step after step") {
    chemin::Rng rng(1100);
    const std::size_t n = 101;
    std::vector<float> params = checks::random_floats(n, rng, false), same_params = params;
    std::vector<float> velocity(n, 0.0f), same_velocity(n, 0.0f);
    for (int step = 0; step < 5; ++step) {
        const std::vector<float> grads = checks::random_floats(n, rng);
        chemin::nn::sgd_momentum_step(params.data(), grads.data(), velocity.data(), n, 0.05f, 0.9f);
        chemin::reference::sgd_momentum_step(same_params.data(), grads.data(), same_velocity.data(), n, 0.05f, 0.9f);
    }
    CHECK(params == same_params);
    CHECK(velocity == same_velocity);
}

TEST_CASE("Adam: m and v are the reference's values; the parameters agree to rounding") {
    chemin::Rng rng(1200);
    for (const std::size_t n : {1u, 7u, 8u, 9u, 100u, 1003u}) {  // around the AVX2 copy's 8 lanes
        CAPTURE(n);
        std::vector<float> params = checks::random_floats(n, rng, false), same_params = params;
        std::vector<float> m(n, 0.0f), v(n, 0.0f), same_m(n, 0.0f), same_v(n, 0.0f);
        for (std::uint64_t t = 1; t <= 6; ++t) {
            const std::vector<float> grads = checks::random_floats(n, rng);
            chemin::nn::adam_step(params.data(), grads.data(), m.data(), v.data(), n, t, 1e-3f, 0.9f, 0.999f, 1e-8f);
            chemin::reference::adam_step(same_params.data(), grads.data(), same_m.data(), same_v.data(), n, t, 1e-3f,
                                         0.9f, 0.999f, 1e-8f);
        }
        CHECK(m == same_m);
        CHECK(v == same_v);
        // The fast step folds both corrections into lr / (1 - b1^t) and 1 / sqrt(1 - b2^t), rounded
        // once: each step differs from the reference's by a few units in the last place of the step
        // (at most 1e-3 here), so six steps stay within 1e-6 of parameters of size about 1.
        std::size_t beyond = 0;
        for (std::size_t j = 0; j < n; ++j)
            beyond += std::fabs(params[j] - same_params[j]) <= 1e-6f * std::fmax(1.0f, std::fabs(same_params[j])) ? 0 : 1;
        CHECK(beyond == 0);
    }
}

TEST_CASE("Adam's first two steps match numbers worked out by hand (bias correction at t = 1 and 2)") {
    // lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, gradient g = (0.5, -2, 0, 0.001) at both steps.
    // t = 1: m = (1 - b1) g = 0.1 g = (0.05, -0.2, 0, 1e-4); v = (1 - b2) g^2 = 0.001 g^2
    //        = (2.5e-4, 4e-3, 0, 1e-9). Bias correction: m_hat = m / (1 - 0.9) = g,
    //        v_hat = v / (1 - 0.999) = g^2, so the step is lr g / (|g| + eps), about lr in size:
    //        w0 = 1 - 0.1 * 0.5 / 0.50000001       = 0.900000002
    //        w1 = 1 + 0.1 * 2 / 2.00000001         = 1.0999999995
    //        w2 = 1 - 0.1 * 0 / (0 + 1e-8)         = 1
    //        w3 = -0.5 - 0.1 * 0.001 / 0.00100001  = -0.599999000009999...   (eps shows for tiny g)
    //        (without the correction the first step would be lr 0.1 g / (sqrt(0.001) |g|) = 0.316 lr.)
    // t = 2: m = 0.9 * 0.1 g + 0.1 g = 0.19 g, m_hat = 0.19 g / (1 - 0.81) = g; v = 0.999 * 0.001 g^2
    //        + 0.001 g^2 = 0.001999 g^2, v_hat = 0.001999 g^2 / (1 - 0.998001) = g^2: the same step again.
    const double g[4] = {0.5, -2.0, 0.0, 0.001};
    const double after_one[4] = {1.0 - 0.1 * 0.5 / 0.50000001, 1.0 + 0.1 * 2.0 / 2.00000001, 1.0,
                                 -0.5 - 0.1 * 0.001 / 0.00100001};
    const double after_two[4] = {1.0 - 0.2 * 0.5 / 0.50000001, 1.0 + 0.2 * 2.0 / 2.00000001, 1.0,
                                 -0.5 - 0.2 * 0.001 / 0.00100001};
    CHECK(after_one[0] == doctest::Approx(0.900000002).epsilon(1e-15));
    CHECK(after_one[1] == doctest::Approx(1.0999999995).epsilon(1e-15));
    CHECK(after_one[3] == doctest::Approx(-0.59999900001).epsilon(1e-11));

    // |a - b| <= tolerance |b|: relative, so that it means something for v = 1e-9 too (and b = 0
    // demands exactly 0).
    auto close = [](double a, double b, double tolerance) { return std::fabs(a - b) <= tolerance * std::fabs(b); };
    // In float the constants are rounded: 0.999f = 0.99900001287, so 1 - b2 is 1.3e-5 away from
    // 0.001 and v with it (the bias correction divides the same rounded 1 - b2 out again, so w is not
    // affected): m and v are checked to 2e-5 there, w to 1e-6.
    auto check_steps = [&](auto step, auto zero, double state_tolerance, double param_tolerance) {
        using T = decltype(zero);
        T w[4] = {T(1), T(1), T(1), T(-0.5)}, grads[4], m[4] = {}, v[4] = {};
        for (int k = 0; k < 4; ++k) grads[k] = static_cast<T>(g[k]);
        step(w, grads, m, v, std::uint64_t{1});
        for (int k = 0; k < 4; ++k) {
            CAPTURE(k);
            CHECK(close(static_cast<double>(m[k]), 0.1 * g[k], state_tolerance));
            CHECK(close(static_cast<double>(v[k]), 0.001 * g[k] * g[k], state_tolerance));
            CHECK(close(static_cast<double>(w[k]), after_one[k], param_tolerance));
        }
        step(w, grads, m, v, std::uint64_t{2});
        for (int k = 0; k < 4; ++k) {
            CAPTURE(k);
            CHECK(close(static_cast<double>(m[k]), 0.19 * g[k], state_tolerance));
            CHECK(close(static_cast<double>(v[k]), 0.001999 * g[k] * g[k], state_tolerance));
            CHECK(close(static_cast<double>(w[k]), after_two[k], param_tolerance));
        }
    };
    auto fast = [](auto* w, const auto* grads, auto* m, auto* v, std::uint64_t t) {
        using T = std::remove_pointer_t<decltype(w)>;
        chemin::nn::adam_step(w, grads, m, v, 4, t, T(0.1), T(0.9), T(0.999), T(1e-8));
    };
    auto reference = [](auto* w, const auto* grads, auto* m, auto* v, std::uint64_t t) {
        using T = std::remove_pointer_t<decltype(w)>;
        chemin::reference::adam_step(w, grads, m, v, 4, t, T(0.1), T(0.9), T(0.999), T(1e-8));
    };
    SUBCASE("chemin::nn::adam_step in double") { check_steps(fast, 0.0, 1e-12, 1e-12); }
    SUBCASE("chemin::nn::adam_step in float") { check_steps(fast, 0.0f, 2e-5, 1e-6); }
    SUBCASE("chemin::reference::adam_step in double") { check_steps(reference, 0.0, 1e-12, 1e-12); }
    SUBCASE("chemin::reference::adam_step in float") { check_steps(reference, 0.0f, 2e-5, 1e-6); }
}

TEST_CASE("reference losses: dL/dz is the gradient of L (finite differences)") {
    chemin::Rng rng(1300);
    const std::size_t classes = 6, label = 4;
    std::vector<double> z(classes);
    for (double& v : z) v = rng.uniform(-3.0, 3.0);
    std::vector<double> p(classes), dp(classes), dz(classes);
    auto cross_entropy = [&]() {
        std::vector<double> p_(classes), dz_(classes);
        return chemin::reference::cross_entropy(z.data(), label, p_.data(), dz_.data(), classes);
    };
    chemin::reference::cross_entropy(z.data(), label, p.data(), dz.data(), classes);
    CHECK(checks::worst_gradient_error(z, dz, cross_entropy) < 1e-6);
    auto mse = [&]() {
        std::vector<double> p_(classes), dp_(classes), dz_(classes);
        return chemin::reference::mse_on_softmax(z.data(), label, p_.data(), dp_.data(), dz_.data(), classes);
    };
    chemin::reference::mse_on_softmax(z.data(), label, p.data(), dp.data(), dz.data(), classes);
    CHECK(checks::worst_gradient_error(z, dz, mse) < 1e-6);
}
