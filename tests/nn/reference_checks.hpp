// Test helper: compares a fast kernel's output with its textbook version in chemin::reference.
//
// Two kinds of promise:
//   * the same values: the fast kernel does the reference's multiply-adds in the reference's order,
//     each product and sum rounded on its own, so every value equals the reference's (compared with
//     ==). A build that lets the compiler fuse multiply-adds (FMA, e.g. -march=native) rounds some of
//     them differently, so there those values are compared to rounding instead;
//   * agreement to rounding: the fast kernel adds the same terms in another order. Every value must
//     then lie within 1e-5 x (the sum of the absolute values of its terms) of the reference computed
//     in double. That sum is the scale of a float sum's rounding error (Higham, "Accuracy and
//     Stability of Numerical Algorithms", 2nd ed., section 4.2), so the test does not depend on how
//     much the terms happen to cancel; the caller gets it by running the reference on |inputs|.
#ifndef CHEMIN_TESTS_NN_REFERENCE_CHECKS_HPP
#define CHEMIN_TESTS_NN_REFERENCE_CHECKS_HPP

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace checks {

/// Relative tolerance of "agreement to rounding", in units of the sum of the absolute terms.
constexpr double rounding_tolerance = 1e-5;

/// n values of N(0, 1), about a third of them exactly 0 when `with_zeros` (as MNIST pixels, ReLU
/// outputs and the gradients behind a ReLU), which exercises the fast kernels' skips.
inline std::vector<float> random_floats(std::size_t n, chemin::Rng& rng, bool with_zeros = true) {
    std::vector<float> v(n);
    for (float& x : v) x = with_zeros && rng.uniform() < 0.35 ? 0.0f : static_cast<float>(rng.normal());
    return v;
}

inline std::vector<double> to_double(const std::vector<float>& v) { return std::vector<double>(v.begin(), v.end()); }

inline std::vector<double> absolute(const std::vector<float>& v) {
    std::vector<double> out(v.size());
    for (std::size_t j = 0; j < v.size(); ++j) out[j] = std::fabs(static_cast<double>(v[j]));
    return out;
}

/// How many values of `fast` lie farther from `exact` than rounding_tolerance x magnitude.
inline std::size_t count_beyond_rounding(const std::vector<float>& fast, const std::vector<double>& exact,
                                         const std::vector<double>& magnitude) {
    std::size_t beyond = 0;
    for (std::size_t j = 0; j < fast.size(); ++j)
        if (!(std::fabs(static_cast<double>(fast[j]) - exact[j]) <= rounding_tolerance * magnitude[j] + 1e-30))
            ++beyond;
    return beyond;
}

/// Checks that every value of `fast` agrees with `exact` to rounding (see the top of this file).
inline void check_agrees_to_rounding(const char* what, const std::vector<float>& fast, const std::vector<double>& exact,
                                     const std::vector<double>& magnitude) {
    INFO(std::string(what));
    REQUIRE(fast.size() == exact.size());
    CHECK(count_beyond_rounding(fast, exact, magnitude) == 0);
}

/// Checks that `fast` holds the same values as `same` (the reference in float), or, in a build that
/// fuses multiply-adds, that it agrees with `exact` to rounding.
inline void check_same_values(const char* what, const std::vector<float>& fast, const std::vector<float>& same,
                              const std::vector<double>& exact, const std::vector<double>& magnitude) {
    INFO(std::string(what));
    REQUIRE(fast.size() == same.size());
#if defined(__FMA__) || defined(__FP_FAST_FMAF)
    (void)same;
    CHECK(count_beyond_rounding(fast, exact, magnitude) == 0);
#else
    (void)exact;
    (void)magnitude;
    std::size_t different = 0;
    for (std::size_t j = 0; j < fast.size(); ++j) different += fast[j] == same[j] ? 0 : 1;
    CHECK(different == 0);
#endif
}

/// Largest relative error |analytic - numeric| / max(|analytic|, |numeric|, 1e-6) between `analytic`
/// and central differences (step 1e-6) of loss() with respect to each of `values` (changed in place
/// and put back): the usual gradient check, in double.
template <class Loss>
double worst_gradient_error(std::vector<double>& values, const std::vector<double>& analytic, Loss loss) {
    double worst = 0.0;
    for (std::size_t j = 0; j < values.size(); ++j) {
        const double saved = values[j];
        values[j] = saved + 1e-6;
        const double up = loss();
        values[j] = saved - 1e-6;
        const double down = loss();
        values[j] = saved;
        const double numeric = (up - down) / 2e-6;
        const double scale = std::fmax(std::fmax(std::fabs(analytic[j]), std::fabs(numeric)), 1e-6);
        worst = std::fmax(worst, std::fabs(analytic[j] - numeric) / scale);
    }
    return worst;
}

}  // namespace checks

#endif  // CHEMIN_TESTS_NN_REFERENCE_CHECKS_HPP
