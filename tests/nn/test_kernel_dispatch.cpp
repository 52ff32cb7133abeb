// The neural-network kernels' AVX2 and AVX-512 copies (chosen at run time on x86-64) give the same bits as the
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
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
/// detail::adam_update over all n parameters, with the signature of the AVX copies.
void adam_update_all(float* params, const float* grads, float* m, float* v, std::size_t n, float step_size,
                     float inverse_sqrt_correction2, float beta1, float beta2, float epsilon) noexcept {
    chemin::nn::detail::adam_update(params, grads, m, v, 0, n, step_size, inverse_sqrt_correction2, beta1, beta2,
                                    epsilon);
}

/// One compiled copy of the kernels (SSE2, AVX2 or AVX-512), as function pointers.
struct Copy {
    const char* name;
    decltype(&chemin::nn::detail::dense_forward_avx2) dense_forward;
    decltype(&chemin::nn::detail::dense_backward_avx2) dense_backward;
    decltype(&chemin::nn::detail::conv2d_forward_avx2) conv2d_forward;
    decltype(&chemin::nn::detail::conv2d_backward_avx2) conv2d_backward;
    decltype(&chemin::nn::detail::adam_update_avx2) adam_update;
};

/// The copies this processor runs (they can only be compared where they run); says which are missing.
std::vector<Copy> runnable_copies() {
    namespace d = chemin::nn::detail;
    std::vector<Copy> copies;
    // The baseline copy: the body for Adam, the tiled kernels with 4-float vectors.
    copies.push_back({"sse2", d::dense_forward_sse2, d::dense_backward_sse2, d::conv2d_forward_sse2,
                      d::conv2d_backward_sse2, adam_update_all});
    if (chemin::detail::cpu_has_avx2())
        copies.push_back({"avx2", d::dense_forward_avx2, d::dense_backward_avx2, d::conv2d_forward_avx2,
                          d::conv2d_backward_avx2, d::adam_update_avx2});
    else
        MESSAGE("this processor has no AVX2 (or CHEMIN_CPU_LEVEL caps it): the AVX2 copies were not compared");
    if (chemin::detail::cpu_has_avx512())
        copies.push_back({"avx512", d::dense_forward_avx512, d::dense_backward_avx512, d::conv2d_forward_avx512,
                          d::conv2d_backward_avx512, d::adam_update_avx512});
    else
        MESSAGE("this processor has no AVX-512 (or CHEMIN_CPU_LEVEL caps it): the AVX-512 copies were not compared");
    return copies;
}
#endif

struct ConvCase {
    std::size_t batch, C, H, W, OC, K, S, P;
};

}  // namespace

#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
TEST_CASE("dense forward and backward: the AVX2 and AVX-512 copies give the same bits as the portable code") {
    for (const Copy& copy : runnable_copies()) {
        CAPTURE(copy.name);
        struct Size { std::size_t batch, in, out; };
        for (const Size s : {Size{1, 784, 128}, Size{5, 37, 19}, Size{64, 128, 64}, Size{7, 3, 10}, Size{3, 1, 1},
                                  Size{2, 30, 200}, Size{4, 64, 135}, Size{16, 256, 120}, Size{16, 120, 84},
                                  Size{3, 2500, 40}, Size{2, 0, 5}}) {
            CAPTURE(s.batch);
            CAPTURE(s.in);
            CAPTURE(s.out);
            chemin::Rng rng(1000 + s.batch * 31 + s.in);
            const std::vector<float> x = random_floats(s.batch * s.in, rng);
            const std::vector<float> w = random_floats(s.in * s.out, rng, false);
            const std::vector<float> b = random_floats(s.out, rng, false), dy = random_floats(s.batch * s.out, rng);
            std::vector<float> y_portable(s.batch * s.out), y_copy(s.batch * s.out);
            chemin::nn::detail::dense_forward_body(x.data(), w.data(), b.data(), y_portable.data(), s.batch, s.in,
                                                   s.out);
            copy.dense_forward(x.data(), w.data(), b.data(), y_copy.data(), s.batch, s.in, s.out);
            CHECK(same_bits(y_portable, y_copy));

            // Gradients accumulate: start both from the same non-zero values.
            const std::vector<float> dw0 = random_floats(s.in * s.out, rng), db0 = random_floats(s.out, rng);
            std::vector<float> dx_portable(s.batch * s.in), dx_copy(s.batch * s.in);
            std::vector<float> dw_portable = dw0, dw_copy = dw0, db_portable = db0, db_copy = db0;
            chemin::nn::detail::dense_backward_body(x.data(), w.data(), dy.data(), dx_portable.data(),
                                                    dw_portable.data(),
                                                    db_portable.data(), s.batch, s.in, s.out);
            copy.dense_backward(x.data(), w.data(), dy.data(), dx_copy.data(), dw_copy.data(),
                                db_copy.data(), s.batch, s.in, s.out);
            CHECK(same_bits(dx_portable, dx_copy));
            CHECK(same_bits(dw_portable, dw_copy));
            CHECK(same_bits(db_portable, db_copy));
        }
    }
}

TEST_CASE("convolution forward and backward: the tiled kernels (SSE2, AVX2, AVX-512) give the bodies' bits") {
    for (const Copy& copy : runnable_copies()) {
        CAPTURE(copy.name);
        // LeNet's two convolutions, stride and padding, and one with more taps (C K K = 4,225) than the
        // transposed im2col block holds (the dot-product fallback for the weight gradient).
        for (const ConvCase c : {ConvCase{2, 1, 28, 28, 6, 5, 1, 0}, ConvCase{3, 6, 12, 12, 16, 5, 1, 0},
                                 ConvCase{2, 3, 11, 9, 5, 3, 2, 1}, ConvCase{1, 2, 17, 23, 3, 4, 3, 2},
                                 ConvCase{1, 169, 6, 7, 2, 5, 1, 2}, ConvCase{1, 3, 30, 30, 9, 3, 1, 1},
                                 ConvCase{2, 7, 10, 10, 20, 1, 1, 0}, ConvCase{1, 12, 9, 9, 13, 4, 1, 1}}) {
            CAPTURE(c.C);
            CAPTURE(c.K);
            CAPTURE(c.S);
            CAPTURE(c.P);
            const std::size_t OH = chemin::nn::detail::conv_output_size(c.H, c.K, c.S, c.P);
            const std::size_t OW = chemin::nn::detail::conv_output_size(c.W, c.K, c.S, c.P);
            const std::size_t in = c.C * c.H * c.W, out = c.OC * OH * OW, weights = c.OC * c.C * c.K * c.K;
            chemin::Rng rng(2000 + c.C * 7 + c.K);
            const std::vector<float> x = random_floats(c.batch * in, rng), w = random_floats(weights, rng, false);
            const std::vector<float> b = random_floats(c.OC, rng, false), dy = random_floats(c.batch * out, rng);
            std::vector<float> y_portable(c.batch * out), y_copy(c.batch * out);
            chemin::nn::detail::conv2d_forward_body(x.data(), w.data(), b.data(), y_portable.data(), c.batch, c.C, c.H,
                                                    c.W, c.OC, c.K, c.S, c.P);
            copy.conv2d_forward(x.data(), w.data(), b.data(), y_copy.data(), c.batch, c.C, c.H, c.W,
                                c.OC, c.K, c.S, c.P);
            CHECK(same_bits(y_portable, y_copy));

            const std::vector<float> dw0 = random_floats(weights, rng), db0 = random_floats(c.OC, rng);
            std::vector<float> dx_portable(c.batch * in), dx_copy(c.batch * in);
            std::vector<float> dw_portable = dw0, dw_copy = dw0, db_portable = db0, db_copy = db0;
            chemin::nn::detail::conv2d_backward_body(x.data(), w.data(), dy.data(), dx_portable.data(),
                                                     dw_portable.data(), db_portable.data(), c.batch, c.C, c.H, c.W,
                                                     c.OC, c.K, c.S, c.P);
            copy.conv2d_backward(x.data(), w.data(), dy.data(), dx_copy.data(), dw_copy.data(),
                                 db_copy.data(), c.batch, c.C, c.H, c.W, c.OC, c.K, c.S, c.P);
            CHECK(same_bits(dx_portable, dx_copy));
            CHECK(same_bits(dw_portable, dw_copy));
            CHECK(same_bits(db_portable, db_copy));
        }
    }
}

TEST_CASE("Adam: the AVX2 and AVX-512 updates give the same bits as the portable loop, step after step") {
    for (const Copy& copy : runnable_copies()) {
        CAPTURE(copy.name);
        for (const std::size_t n : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 100u, 1003u}) {
            CAPTURE(n);
            chemin::Rng rng(3000 + n);
            std::vector<float> params_portable = random_floats(n, rng, false), params_copy = params_portable;
            std::vector<float> m_portable(n, 0.0f), v_portable(n, 0.0f), m_copy(n, 0.0f), v_copy(n, 0.0f);
            for (std::uint64_t t = 1; t <= 5; ++t) {
                const std::vector<float> grads = random_floats(n, rng);  // zeros too: v stays 0, sqrt(0) + eps
                const float step_size = 1e-3f / (1.0f - static_cast<float>(t) * 0.1f);
                const float inverse_sqrt_correction2 = 1.0f + static_cast<float>(t) * 0.37f;
                chemin::nn::detail::adam_update(params_portable.data(), grads.data(), m_portable.data(),
                                                v_portable.data(),
                                                0, n, step_size, inverse_sqrt_correction2, 0.9f, 0.999f, 1e-8f);
                copy.adam_update(params_copy.data(), grads.data(), m_copy.data(), v_copy.data(), n,
                                 step_size, inverse_sqrt_correction2, 0.9f, 0.999f, 1e-8f);
            }
            CHECK(same_bits(params_portable, params_copy));
            CHECK(same_bits(m_portable, m_copy));
            CHECK(same_bits(v_portable, v_copy));
        }
    }
}
#endif

TEST_CASE("the dispatching entry points give the portable code's bits (whichever copy this processor runs)") {
    // Runs in every build: with dispatch it compares the processor's choice with the portable body,
    // without it the entry point is the portable body itself.
    chemin::Rng rng(4000);
    const std::size_t batch = 6, in = 50, out = 21;
    const std::vector<float> x = random_floats(batch * in, rng), w = random_floats(in * out, rng, false);
    const std::vector<float> b = random_floats(out, rng, false), dy = random_floats(batch * out, rng);
    std::vector<float> y_chosen(batch * out), y_portable(batch * out);
    chemin::nn::detail::dense_forward(x.data(), w.data(), b.data(), y_chosen.data(), batch, in, out);
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

/// The 2 x 2 max-pooling copies this build and processor can run (forward when dx is null).
using Pool2 = void (*)(const float*, const float*, float*, float*, std::size_t, std::size_t, std::size_t);
std::vector<std::pair<const char*, Pool2>> pool_copies() {
    std::vector<std::pair<const char*, Pool2>> copies;
    // The entry points, whichever copy they choose, with a batch of one image of `planes` channels.
    copies.push_back({"entry", [](const float* x, const float* g, float* y, float* dx, std::size_t planes,
                                  std::size_t H, std::size_t W) {
                          if (dx == nullptr)
                              chemin::nn::detail::maxpool_forward(x, y, 1, planes, H, W, 2);
                          else
                              chemin::nn::detail::maxpool_backward(x, g, dx, 1, planes, H, W, 2);
                      }});
#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
    copies.push_back({"sse2", chemin::nn::detail::maxpool2_sse2});
    if (chemin::detail::cpu_has_avx2()) copies.push_back({"avx2", chemin::nn::detail::maxpool2_avx2});
    if (chemin::detail::cpu_has_avx512()) copies.push_back({"avx512", chemin::nn::detail::maxpool2_avx512});
#endif
    return copies;
}

TEST_CASE("2 x 2 max-pooling: every copy gives the textbook loop's bits, ties and odd sizes included") {
    for (const auto& copy : pool_copies()) {
        CAPTURE(copy.first);
        for (const std::size_t side : {4u, 5u, 7u, 24u, 40u, 70u}) {
            CAPTURE(side);
            const std::size_t C = 3, H = side, W = side + 1, OH = H / 2, OW = W / 2;
            chemin::Rng rng(5000 + side);
            std::vector<float> x(C * H * W), g(C * OH * OW);
            for (float& v : x) v = static_cast<float>(static_cast<int>(rng.uniform() * 4.0)) - 1.0f;  // many ties
            for (float& v : g) v = static_cast<float>(rng.normal());
            g[0] = -0.0f;
            std::vector<float> y(C * OH * OW), dx(C * H * W, 7.0f);
            copy.second(x.data(), nullptr, y.data(), nullptr, C, H, W);
            copy.second(x.data(), g.data(), nullptr, dx.data(), C, H, W);
            std::vector<float> y_plain(C * OH * OW), dx_plain(C * H * W, 0.0f);
            for (std::size_t c = 0; c < C; ++c)
                for (std::size_t oy = 0; oy < OH; ++oy)
                    for (std::size_t ox = 0; ox < OW; ++ox) {  // the textbook loop: first maximum, row-major
                        std::size_t best = (c * H + 2 * oy) * W + 2 * ox;
                        for (std::size_t dy = 0; dy < 2; ++dy)
                            for (std::size_t dxi = 0; dxi < 2; ++dxi) {
                                const std::size_t index = (c * H + 2 * oy + dy) * W + 2 * ox + dxi;
                                if (x[index] > x[best]) best = index;
                            }
                        y_plain[(c * OH + oy) * OW + ox] = x[best];
                        dx_plain[best] += g[(c * OH + oy) * OW + ox];
                    }
            CHECK(same_bits(y, y_plain));
            CHECK(same_bits(dx, dx_plain));
        }
    }
}

TEST_CASE("ReLU forward and backward give the plain select's bits (NaN, -0, in place included)") {
    chemin::Rng rng(6000);
    for (const std::size_t count : {0u, 1u, 15u, 16u, 17u, 100u, 1001u}) {
        CAPTURE(count);
        std::vector<float> x = random_floats(count, rng), dy = random_floats(count, rng);
        if (count > 3) {
            x[1] = -0.0f;
            x[2] = std::nanf("");
            dy[3] = -0.0f;
        }
        std::vector<float> y(count), dx(count), y_plain(count), dx_plain(count);
        chemin::nn::detail::relu_forward(x.data(), y.data(), count);
        chemin::nn::detail::relu_backward(y.data(), dy.data(), dx.data(), count);
        for (std::size_t j = 0; j < count; ++j) y_plain[j] = x[j] > 0.0f ? x[j] : 0.0f;
        for (std::size_t j = 0; j < count; ++j) dx_plain[j] = y_plain[j] > 0.0f ? dy[j] : 0.0f;
        CHECK(same_bits(y, y_plain));
        CHECK(same_bits(dx, dx_plain));
        std::vector<float> in_place = x;  // the layer may write over its input
        chemin::nn::detail::relu_forward(in_place.data(), in_place.data(), count);
        CHECK(same_bits(in_place, y_plain));
#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
        std::vector<float> copy(count);
        chemin::nn::detail::relu_sse2(x.data(), x.data(), copy.data(), count);
        CHECK(same_bits(copy, y_plain));
        if (chemin::detail::cpu_has_avx2()) {
            chemin::nn::detail::relu_avx2(x.data(), x.data(), copy.data(), count);
            CHECK(same_bits(copy, y_plain));
        }
        if (chemin::detail::cpu_has_avx512()) {
            chemin::nn::detail::relu_avx512(y_plain.data(), dy.data(), copy.data(), count);
            CHECK(same_bits(copy, dx_plain));
        }
#endif
    }
}
