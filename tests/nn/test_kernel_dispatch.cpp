// The neural-network kernels' AVX2 copies (chosen at run time on x86-64) give the same bits as the
// portable code, on random inputs of awkward sizes, with zeros that exercise every skip.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

/// n values of N(0, 1), about a third of them exactly 0 when `with_zeros` (as MNIST pixels or ReLU outputs).
std::vector<float> random_floats(std::size_t n, chemin::Rng& rng, bool with_zeros = true) {
    std::vector<float> v(n);
    for (float& x : v) x = with_zeros && rng.uniform() < 0.35 ? 0.0f : static_cast<float>(rng.normal());
    return v;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

/// Whether the AVX2 copies can be compared here; says why not when they cannot.
bool avx2_available() {
#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
    if (chemin::detail::cpu_has_avx2()) return true;
    MESSAGE("this processor has no AVX2: the AVX2 copies of the kernels were not compared");
#else
    MESSAGE("no run-time AVX2 dispatch in this build (not x86-64 GCC/Clang, -mavx given, or CHEMIN_NO_CPU_DISPATCH)");
#endif
    return false;
}

struct ConvCase {
    std::size_t batch, C, H, W, OC, K, S, P;
};

}  // namespace

#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
TEST_CASE("dense forward and backward: the AVX2 copy gives the same bits as the portable code") {
    if (!avx2_available()) return;
    struct Size { std::size_t batch, in, out; };
    for (const Size s : {Size{1, 784, 128}, Size{5, 37, 19}, Size{64, 128, 64}, Size{7, 3, 10}, Size{3, 1, 1}}) {
        CAPTURE(s.batch);
        CAPTURE(s.in);
        CAPTURE(s.out);
        chemin::Rng rng(1000 + s.batch * 31 + s.in);
        const std::vector<float> x = random_floats(s.batch * s.in, rng), w = random_floats(s.in * s.out, rng, false);
        const std::vector<float> b = random_floats(s.out, rng, false), dy = random_floats(s.batch * s.out, rng);
        std::vector<float> y_portable(s.batch * s.out), y_avx2(s.batch * s.out);
        chemin::nn::detail::dense_forward_body(x.data(), w.data(), b.data(), y_portable.data(), s.batch, s.in, s.out);
        chemin::nn::detail::dense_forward_avx2(x.data(), w.data(), b.data(), y_avx2.data(), s.batch, s.in, s.out);
        CHECK(same_bits(y_portable, y_avx2));

        // Gradients accumulate: start both from the same non-zero values.
        const std::vector<float> dw0 = random_floats(s.in * s.out, rng), db0 = random_floats(s.out, rng);
        std::vector<float> dx_portable(s.batch * s.in), dx_avx2(s.batch * s.in);
        std::vector<float> dw_portable = dw0, dw_avx2 = dw0, db_portable = db0, db_avx2 = db0;
        chemin::nn::detail::dense_backward_body(x.data(), w.data(), dy.data(), dx_portable.data(), dw_portable.data(),
                                                db_portable.data(), s.batch, s.in, s.out);
        chemin::nn::detail::dense_backward_avx2(x.data(), w.data(), dy.data(), dx_avx2.data(), dw_avx2.data(),
                                                db_avx2.data(), s.batch, s.in, s.out);
        CHECK(same_bits(dx_portable, dx_avx2));
        CHECK(same_bits(dw_portable, dw_avx2));
        CHECK(same_bits(db_portable, db_avx2));
    }
}

TEST_CASE("convolution forward and backward: the AVX2 copy gives the same bits as the portable code") {
    if (!avx2_available()) return;
    // LeNet's two convolutions, stride and padding, and one with more taps (C K K = 4,225) than the
    // transposed im2col block holds (the dot-product fallback for the weight gradient).
    for (const ConvCase c : {ConvCase{2, 1, 28, 28, 6, 5, 1, 0}, ConvCase{3, 6, 12, 12, 16, 5, 1, 0},
                             ConvCase{2, 3, 11, 9, 5, 3, 2, 1}, ConvCase{1, 2, 17, 23, 3, 4, 3, 2},
                             ConvCase{1, 169, 6, 7, 2, 5, 1, 2}}) {
        CAPTURE(c.C);
        CAPTURE(c.K);
        CAPTURE(c.S);
        CAPTURE(c.P);
        const std::size_t OH = chemin::nn::conv_output_size(c.H, c.K, c.S, c.P);
        const std::size_t OW = chemin::nn::conv_output_size(c.W, c.K, c.S, c.P);
        const std::size_t in = c.C * c.H * c.W, out = c.OC * OH * OW, weights = c.OC * c.C * c.K * c.K;
        chemin::Rng rng(2000 + c.C * 7 + c.K);
        const std::vector<float> x = random_floats(c.batch * in, rng), w = random_floats(weights, rng, false);
        const std::vector<float> b = random_floats(c.OC, rng, false), dy = random_floats(c.batch * out, rng);
        std::vector<float> y_portable(c.batch * out), y_avx2(c.batch * out);
        chemin::nn::detail::conv2d_forward_body(x.data(), w.data(), b.data(), y_portable.data(), c.batch, c.C, c.H,
                                                c.W, c.OC, c.K, c.S, c.P);
        chemin::nn::detail::conv2d_forward_avx2(x.data(), w.data(), b.data(), y_avx2.data(), c.batch, c.C, c.H, c.W,
                                                c.OC, c.K, c.S, c.P);
        CHECK(same_bits(y_portable, y_avx2));

        const std::vector<float> dw0 = random_floats(weights, rng), db0 = random_floats(c.OC, rng);
        std::vector<float> dx_portable(c.batch * in), dx_avx2(c.batch * in);
        std::vector<float> dw_portable = dw0, dw_avx2 = dw0, db_portable = db0, db_avx2 = db0;
        chemin::nn::detail::conv2d_backward_body(x.data(), w.data(), dy.data(), dx_portable.data(),
                                                 dw_portable.data(), db_portable.data(), c.batch, c.C, c.H, c.W,
                                                 c.OC, c.K, c.S, c.P);
        chemin::nn::detail::conv2d_backward_avx2(x.data(), w.data(), dy.data(), dx_avx2.data(), dw_avx2.data(),
                                                 db_avx2.data(), c.batch, c.C, c.H, c.W, c.OC, c.K, c.S, c.P);
        CHECK(same_bits(dx_portable, dx_avx2));
        CHECK(same_bits(dw_portable, dw_avx2));
        CHECK(same_bits(db_portable, db_avx2));
    }
}

TEST_CASE("Adam: the AVX2 update gives the same bits as the portable loop, step after step") {
    if (!avx2_available()) return;
    for (const std::size_t n : {1u, 7u, 8u, 9u, 100u, 1003u}) {
        CAPTURE(n);
        chemin::Rng rng(3000 + n);
        std::vector<float> params_portable = random_floats(n, rng, false), params_avx2 = params_portable;
        std::vector<float> m_portable(n, 0.0f), v_portable(n, 0.0f), m_avx2(n, 0.0f), v_avx2(n, 0.0f);
        for (std::uint64_t t = 1; t <= 5; ++t) {
            const std::vector<float> grads = random_floats(n, rng);  // zeros too: v stays 0, sqrt(0) + eps
            const float step_size = 1e-3f / (1.0f - static_cast<float>(t) * 0.1f);
            const float inverse_sqrt_correction2 = 1.0f + static_cast<float>(t) * 0.37f;
            chemin::nn::detail::adam_update(params_portable.data(), grads.data(), m_portable.data(), v_portable.data(),
                                            0, n, step_size, inverse_sqrt_correction2, 0.9f, 0.999f, 1e-8f);
            chemin::nn::detail::adam_update_avx2(params_avx2.data(), grads.data(), m_avx2.data(), v_avx2.data(), n,
                                                 step_size, inverse_sqrt_correction2, 0.9f, 0.999f, 1e-8f);
        }
        CHECK(same_bits(params_portable, params_avx2));
        CHECK(same_bits(m_portable, m_avx2));
        CHECK(same_bits(v_portable, v_avx2));
    }
}
#endif

TEST_CASE("the dispatching entry points give the portable code's bits (whichever copy this processor runs)") {
    // Runs in every build: with dispatch it compares the processor's choice with the portable body,
    // without it the entry point is the portable body itself.
    avx2_available();
    chemin::Rng rng(4000);
    const std::size_t batch = 6, in = 50, out = 21;
    const std::vector<float> x = random_floats(batch * in, rng), w = random_floats(in * out, rng, false);
    const std::vector<float> b = random_floats(out, rng, false), dy = random_floats(batch * out, rng);
    std::vector<float> y_chosen(batch * out), y_portable(batch * out);
    chemin::nn::dense_forward(x.data(), w.data(), b.data(), y_chosen.data(), batch, in, out);
    chemin::nn::detail::dense_forward_body(x.data(), w.data(), b.data(), y_portable.data(), batch, in, out);
    CHECK(same_bits(y_chosen, y_portable));

    std::vector<float> params_chosen = random_floats(in, rng, false), params_portable = params_chosen;
    std::vector<float> m_chosen(in, 0.0f), v_chosen(in, 0.0f), m_portable(in, 0.0f), v_portable(in, 0.0f);
    const std::vector<float> grads = random_floats(in, rng);
    chemin::nn::adam_step(params_chosen.data(), grads.data(), m_chosen.data(), v_chosen.data(), in, 3, 1e-3f, 0.9f,
                          0.999f, 1e-8f);
    const float correction1 = 1.0f - static_cast<float>(std::pow(static_cast<double>(0.9f), 3.0));
    const float correction2 = 1.0f - static_cast<float>(std::pow(static_cast<double>(0.999f), 3.0));
    chemin::nn::detail::adam_update(params_portable.data(), grads.data(), m_portable.data(), v_portable.data(), 0, in,
                                    1e-3f / correction1, 1.0f / std::sqrt(correction2), 0.9f, 0.999f, 1e-8f);
    CHECK(same_bits(params_chosen, params_portable));
}
