// The per-point loops of a k-means round (cluster/lloyd_kernels.hpp): every vector form gives the
// plain form's values, bit for bit, ties and padding lanes included.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

namespace d = chemin::cluster::detail;
constexpr std::size_t R = d::distance_row_block, W = d::distance_panel_width;

bool same_block(const d::NearestTwoBlock& a, const d::NearestTwoBlock& b) {
    return std::memcmp(a.best, b.best, sizeof a.best) == 0 && std::memcmp(a.second, b.second, sizeof a.second) == 0 &&
           std::memcmp(a.label, b.label, sizeof a.label) == 0;
}

/// Distances with many exact ties (values drawn from a few levels) and +infinity now and then.
std::vector<float> tied_distances(chemin::Rng& rng, std::size_t panels) {
    std::vector<float> out(panels * R * W);
    for (float& v : out) {
        const double u = rng.uniform();
        v = u < 0.02 ? std::numeric_limits<float>::infinity() : static_cast<float>(std::floor(rng.uniform() * 6.0) * 0.5);
    }
    return out;
}

/// The plain loops' nearest two of `panels` panels (the last with `last_lanes` real lanes).
d::NearestTwoBlock plain_nearest(const std::vector<float>& distances, std::size_t panels, std::size_t last_lanes) {
    d::NearestTwoBlock near;
    for (std::size_t p = 0; p < panels; ++p)
        d::nearest_two_block_plain(distances.data() + p * R * W, p + 1 == panels ? last_lanes : W,
                                   static_cast<chemin::Label>(p * W), near);
    return near;
}

}  // namespace

TEST_CASE("nearest_two_block: the plain loops give reference::nearest_two, lanes 1..16 and across panels") {
    chemin::Rng rng(5);
    for (std::size_t panels : {1u, 2u, 3u}) {
        const std::vector<float> distances = tied_distances(rng, panels);
        for (std::size_t last_lanes = 1; last_lanes <= W; ++last_lanes) {
            CAPTURE(panels);
            CAPTURE(last_lanes);
            const d::NearestTwoBlock near = plain_nearest(distances, panels, last_lanes);
            const std::size_t count = (panels - 1) * W + last_lanes;
            for (std::size_t r = 0; r < R; ++r) {
                std::vector<float> row(count);  // point r's distances to centres 0 .. count-1
                for (std::size_t j = 0; j < count; ++j) row[j] = distances[(j / W) * R * W + r * W + j % W];
                const chemin::reference::NearestTwo expected = chemin::reference::nearest_two(row.data(), count);
                CHECK(near.label[r] == expected.index);
                CHECK(near.best[r] == expected.best);
                CHECK(near.second[r] == expected.second);
            }
        }
    }
}

TEST_CASE("nearest_two_block: the AVX2, AVX-512 and chosen forms give the plain values, over several panels") {
    chemin::Rng rng(17);
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t panels = 1 + static_cast<std::size_t>(trial % 3);
        const std::size_t last_lanes = 1 + static_cast<std::size_t>(trial % W);
        const std::vector<float> distances = tied_distances(rng, panels);
        const d::NearestTwoBlock expected = plain_nearest(distances, panels, last_lanes);
        auto run = [&](void (*form)(const float*, std::size_t, chemin::Label, d::NearestTwoBlock&)) {
            d::NearestTwoBlock near;
            for (std::size_t p = 0; p < panels; ++p)
                form(distances.data() + p * R * W, p + 1 == panels ? last_lanes : W, static_cast<chemin::Label>(p * W), near);
            return near;
        };
        CHECK(same_block(expected, run(d::nearest_two_block)));
#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
        if (chemin::detail::cpu_has_avx2()) CHECK(same_block(expected, run(d::nearest_two_block_avx2)));
        if (chemin::detail::cpu_has_avx512()) CHECK(same_block(expected, run(d::nearest_two_block_avx512)));
#endif
    }
#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
    if (!chemin::detail::cpu_has_avx512()) MESSAGE("this processor has no AVX-512 (or CHEMIN_CPU_LEVEL caps it): that form was not compared");
#endif
}

TEST_CASE("scan_bounds: u = sqrt(best + err), l = sqrt(max(0, second - err)), the same bits in every form") {
    chemin::Rng rng(3);
    for (std::size_t count = 1; count <= R; ++count) {
        d::NearestTwoBlock near;
        double err[R];
        for (std::size_t r = 0; r < R; ++r) {
            near.best[r] = static_cast<float>(rng.uniform() * 10.0);
            near.second[r] = near.best[r] + static_cast<float>(rng.uniform() * (r % 2 == 0 ? 1e-6 : 5.0));
            err[r] = rng.uniform() * 1e-5;
        }
        double upper[R] = {}, lower[R] = {}, plain_upper[R] = {}, plain_lower[R] = {};
        d::scan_bounds_plain(near, err, count, plain_upper, plain_lower);
        d::scan_bounds(near, err, count, upper, lower);
        for (std::size_t r = 0; r < count; ++r) {
            CHECK(plain_upper[r] == std::sqrt(static_cast<double>(near.best[r]) + err[r]));
            CHECK(plain_lower[r] == std::sqrt(std::max(0.0, static_cast<double>(near.second[r]) - err[r])));
            CHECK(upper[r] == plain_upper[r]);
            CHECK(lower[r] == plain_lower[r]);
        }
        for (std::size_t r = count; r < R; ++r) CHECK(upper[r] == 0.0);  // nothing written past count
    }
}

TEST_CASE("hamerly_test: the AVX-512 and chosen forms keep the plain form's points and write its bounds") {
    chemin::Rng rng(11);
    for (std::size_t n : {1u, 7u, 8u, 9u, 64u, 1001u}) {
        CAPTURE(n);
        const std::size_t k = 10;
        std::vector<chemin::Label> labels(n);
        std::vector<double> upper(n), lower(n), roots(n), shift(k), half_gap(k);
        for (std::size_t i = 0; i < n; ++i) {
            labels[i] = i % 13 == 5 ? -1 : static_cast<chemin::Label>(rng.uniform() * k);
            upper[i] = rng.uniform() * 2.0;
            lower[i] = upper[i] + (rng.uniform() - 0.3) * 1.5;
            roots[i] = rng.uniform() * 5.0;
        }
        for (std::size_t j = 0; j < k; ++j) {
            shift[j] = rng.uniform() * 0.1;
            half_gap[j] = rng.uniform() * 2.0;
        }
        auto inputs = [&](std::vector<double>& u, std::vector<double>& l) {
            d::HamerlyInputs in;
            in.labels = labels.data();
            in.upper = u.data();
            in.lower = l.data();
            in.norm_roots = roots.data();
            in.shift = shift.data();
            in.half_gap = half_gap.data();
            in.farthest = 3;
            in.largest_move = 0.1;
            in.second_move = 0.05;
            in.max_centre_root = 4.0;
            in.error_unit = 1e-6;
            return in;
        };
        std::vector<double> u_plain = upper, l_plain = lower, u_fast = upper, l_fast = lower;
        std::vector<std::size_t> unsure_plain(n), unsure_fast(n);
        const std::size_t kept = d::hamerly_test_plain(inputs(u_plain, l_plain), 0, n, unsure_plain.data());
        if (n >= 64) {  // the draws make both kinds of point common
            CHECK(kept > 0);
            CHECK(kept < n);
        }
        const auto kept_end = unsure_plain.begin() + static_cast<std::ptrdiff_t>(kept);
        for (std::size_t i = 0; i < n; ++i)  // the never-scanned points are always kept
            if (labels[i] < 0) CHECK(std::find(unsure_plain.begin(), kept_end, i) != kept_end);
        const std::size_t fast = d::hamerly_test(inputs(u_fast, l_fast), 0, n, unsure_fast.data());
        REQUIRE(fast == kept);
        CHECK(std::equal(unsure_plain.begin(), kept_end, unsure_fast.begin()));
        CHECK(std::memcmp(u_plain.data(), u_fast.data(), n * sizeof(double)) == 0);
        CHECK(std::memcmp(l_plain.data(), l_fast.data(), n * sizeof(double)) == 0);
#if defined(CHEMIN_DETAIL_AVX2_DISPATCH)
        if (chemin::detail::cpu_has_avx512()) {  // the AVX-512 form itself, whatever the dispatch chose
            std::vector<double> u512 = upper, l512 = lower;
            std::vector<std::size_t> unsure512(n);
            REQUIRE(d::hamerly_test_avx512(inputs(u512, l512), 0, n, unsure512.data()) == kept);
            CHECK(std::equal(unsure_plain.begin(), kept_end, unsure512.begin()));
            CHECK(std::memcmp(u_plain.data(), u512.data(), n * sizeof(double)) == 0);
            CHECK(std::memcmp(l_plain.data(), l512.data(), n * sizeof(double)) == 0);
        }
#endif
    }
}
