// The distance kernel behind k-means and the silhouette: every code path gives the same bits.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

constexpr std::size_t W = chemin::cluster::detail::distance_panel_width, R = chemin::cluster::detail::distance_row_block;

struct Case {
    chemin::Matrix points;         // 4 rows x_r
    chemin::cluster::detail::DistancePanels panel;  // 16 rows y_j
};

Case random_case(std::size_t d, std::uint64_t seed) {
    chemin::Rng rng(seed);
    Case c{chemin::Matrix(R, d), {}};
    chemin::Matrix ys(W, d);
    for (float& v : c.points.values) v = static_cast<float>(rng.normal());
    for (float& v : ys.values) v = static_cast<float>(rng.normal() * 3.0);
    c.panel = chemin::cluster::detail::pack_distance_panels(ys);
    return c;
}

bool same_bits(const float* a, const float* b, std::size_t count) { return std::memcmp(a, b, count * sizeof(float)) == 0; }

}  // namespace

TEST_CASE("the distances are the same bits with the plain loops, every vector width and the CPU's choice") {
    for (std::size_t d : {0u, 1u, 3u, 16u, 63u, 64u, 129u, 784u}) {
        // distinct: 8 different points; then the slots callers fill by repeating their last point
        // (the kernel computes only the rows before the repeats and copies theirs).
        for (std::size_t distinct : {8u, 7u, 5u, 4u, 3u, 2u, 1u}) {
            CAPTURE(d);
            CAPTURE(distinct);
            const Case c = random_case(d, 100 + d);
            const float* xs[R];
            float norms[R];
            for (std::size_t r = 0; r < R; ++r) {
                xs[r] = c.points.row(std::min(r, distinct - 1));
                norms[r] = chemin::cluster::detail::squared_norm(xs[r], d);
            }
            const float* panel = c.panel.panel(0);
            const float* panel_norms = c.panel.panel_norms(0);
            float plain[R * W], chosen[R * W];
            chemin::cluster::detail::panel_distances_plain(xs, norms, panel, panel_norms, d, plain);
            chemin::cluster::detail::panel_distances(xs, norms, panel, panel_norms, d, chosen);
            CHECK(same_bits(plain, chosen, R * W));
#if defined(CHEMIN_DETAIL_VECTOR_KERNELS) && !defined(__AVX__)
            float four[R * W];   // the 4-float vectors a portable x86-64 build runs without AVX2
            chemin::cluster::detail::panel_distances_vector<4>(xs, norms, panel, panel_norms, d, four);
            CHECK(same_bits(plain, four, R * W));
#endif
#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
            if (chemin::detail::cpu_has_avx2()) {
                float eight[R * W];
                chemin::cluster::detail::panel_distances_avx2(xs, norms, panel, panel_norms, d, eight);
                CHECK(same_bits(plain, eight, R * W));
            } else {
                MESSAGE("this processor has no AVX2: only the SSE2 path was compared");
            }
            if (chemin::detail::cpu_has_avx512()) {
                float sixteen[R * W];
                chemin::cluster::detail::panel_distances_avx512(xs, norms, panel, panel_norms, d, sixteen);
                CHECK(same_bits(plain, sixteen, R * W));
            } else {
                MESSAGE("this processor has no AVX-512: the AVX-512 path was not compared");
            }
#endif
        }
    }
}

TEST_CASE("squared distances: a point gets the same value in any slot, never below 0, d(x, y) = d(y, x)") {
    const std::size_t d = 37;
    const Case c = random_case(d, 7);
    float norms[R];
    for (std::size_t r = 0; r < R; ++r) norms[r] = chemin::cluster::detail::squared_norm(c.points.row(r), d);
    const float* xs[R];
    for (std::size_t r = 0; r < R; ++r) xs[r] = c.points.row(r);
    float block[R * W];
    chemin::cluster::detail::panel_squared_distances_rows(xs, norms, c.panel.panel(0), c.panel.panel_norms(0), d, block);
    for (std::size_t r = 0; r < R; ++r) {
        float alone[W];
        chemin::cluster::detail::panel_squared_distances(c.points.row(r), norms[r], c.panel.panel(0), c.panel.panel_norms(0), d, alone);
        CHECK(same_bits(alone, block + r * W, W));
        for (std::size_t j = 0; j < W; ++j) {
            CHECK(block[r * W + j] >= 0.0f);
            double exact = 0.0;   // direct differences in double
            for (std::size_t k = 0; k < d; ++k) {
                float y = 0.0f;
                std::memcpy(&y, c.panel.panel(0) + k * W + j, sizeof y);
                const double diff = static_cast<double>(c.points(r, k)) - y;
                exact += diff * diff;
            }
            CHECK(block[r * W + j] == doctest::Approx(exact).epsilon(1e-4));
        }
    }
    // Swap the roles: x_0 packed as a panel lane, y_j as a point. The same products in the same
    // order, so the same bits: the silhouette uses one computed value for both orders of a pair.
    chemin::Matrix first_point(1, d);
    std::copy(c.points.row(0), c.points.row(0) + d, first_point.row(0));
    const chemin::cluster::detail::DistancePanels x_panel = chemin::cluster::detail::pack_distance_panels(first_point);
    for (std::size_t j = 0; j < W; ++j) {
        std::vector<float> y(d);
        for (std::size_t k = 0; k < d; ++k) y[k] = c.panel.panel(0)[k * W + j];
        float swapped[W];
        chemin::cluster::detail::panel_squared_distances(y.data(), c.panel.panel_norms(0)[j], x_panel.panel(0), x_panel.panel_norms(0), d, swapped);
        CHECK(swapped[0] == block[j]);
    }
}

TEST_CASE("the panel kernel gives reference::expanded_squared_distance's bits: ||x||^2 + ||y||^2 - 2 x.y") {
    for (std::size_t d : {1u, 3u, 16u, 63u, 129u, 784u}) {
        CAPTURE(d);
        chemin::Rng rng(300 + d);
        chemin::Matrix xs(R, d), ys(W - 3, d);  // a panel with three padding lanes
        for (float& v : xs.values) v = static_cast<float>(rng.normal());
        for (float& v : ys.values) v = static_cast<float>(rng.normal() * 0.3);
        std::copy(xs.row(1), xs.row(1) + d, ys.row(2));  // x.x and ||x||^2 are the same sum: d = 0 exactly
        const chemin::cluster::detail::DistancePanels panel = chemin::cluster::detail::pack_distance_panels(ys);
        const float* rows[R];
        for (std::size_t r = 0; r < R; ++r) rows[r] = xs.row(r);  // distance_row_block rows, whatever it is
        float norms[R];
        for (std::size_t r = 0; r < R; ++r) norms[r] = chemin::cluster::detail::squared_norm(xs.row(r), d);
        float fast[R * W];
        chemin::cluster::detail::panel_squared_distances_rows(rows, norms, panel.panel(0), panel.panel_norms(0), d, fast);
        std::size_t different = 0;
        for (std::size_t r = 0; r < R; ++r) {
            const float x_norm = chemin::reference::squared_norm(xs.row(r), d);
            different += x_norm == norms[r] ? 0 : 1;
            for (std::size_t j = 0; j < ys.rows; ++j) {
                const float same = chemin::reference::expanded_squared_distance(
                    xs.row(r), x_norm, ys.row(j), chemin::reference::squared_norm(ys.row(j), d), d);
                different += std::memcmp(&same, &fast[r * W + j], sizeof same) == 0 ? 0 : 1;
            }
        }
        CHECK(different == 0);
        CHECK(fast[1 * W + 2] == 0.0f);
    }
}
