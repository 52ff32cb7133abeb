#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "test_data.hpp"

namespace {

// Seeded Gaussian blobs built in code: `per` points around each of `centres` random centres.
chemin::Matrix blobs(std::size_t centres, std::size_t per, std::size_t d, double spread, std::uint64_t seed) {
    chemin::Rng rng(seed);
    chemin::Matrix means(centres, d), x(centres * per, d);
    for (float& v : means.values) v = static_cast<float>(rng.uniform(-10.0, 10.0));
    for (std::size_t i = 0; i < x.rows; ++i)
        for (std::size_t k = 0; k < d; ++k)
            x(i, k) = means(i % centres, k) + static_cast<float>(spread * rng.normal());
    return x;
}

std::string message(const chemin::Status& s) { return s.message(); }

// Two runs of chemin::cluster::kmeans that must agree bit for bit.
void check_same_clustering(const chemin::Result<chemin::cluster::KMeansResult>& a,
                           const chemin::Result<chemin::cluster::KMeansResult>& b) {
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->labels == b->labels);
    CHECK(a->centroids.values == b->centroids.values);
    CHECK(a->inertia == b->inertia);
    CHECK(a->best_restart == b->best_restart);
}

}  // namespace

TEST_CASE("from scikit-learn's starting centres, k-means gives its labels and inertia (Lloyd)") {
    for (const char* name : test_data::fixtures) {
        CAPTURE(name);
        const chemin::Matrix x = test_data::matrix(std::string(name) + "_x.npy");
        const chemin::Matrix init = test_data::matrix(std::string(name) + "_init.npy");
        const auto expected = test_data::labels(std::string(name) + "_lloyd_labels.npy");
        for (auto algorithm : {chemin::cluster::KMeansAlgorithm::hamerly, chemin::cluster::KMeansAlgorithm::lloyd}) {
            chemin::cluster::KMeansOptions options;
            options.algorithm = algorithm;
            auto r = chemin::cluster::kmeans_from(x, init, options);
            REQUIRE_MESSAGE(r.ok(), r.status().message());
            CHECK(r->labels == expected);
            const double inertia = test_data::figure(name, "lloyd_inertia");
            CHECK(std::fabs(r->inertia - inertia) <= 1e-5 * inertia);
            CHECK(r->iterations == static_cast<int>(test_data::figure(name, "lloyd_iterations")));
            CHECK(r->converged);
        }
    }
}

TEST_CASE("with n_init = 10, inertia is no worse than scikit-learn's best by more than 0.5%") {
    for (const char* name : test_data::fixtures) {
        CAPTURE(name);
        const chemin::Matrix x = test_data::matrix(std::string(name) + "_x.npy");
        const int k = static_cast<int>(test_data::figure(name, "k"));
        auto r = chemin::cluster::kmeans(x, k);
        REQUIRE_MESSAGE(r.ok(), r.status().message());
        CHECK(r->inertia <= 1.005 * test_data::figure(name, "best_of_10_inertia"));
        CHECK(r->labels.size() == x.rows);
        CHECK(r->centroids.rows == static_cast<std::size_t>(k));
    }
}

TEST_CASE("Hamerly's accelerated rounds give exactly plain Lloyd's labels, centroids and inertia") {
    struct Case { std::size_t centres, per, d; double spread; int k; std::uint64_t seed; };
    const Case cases[] = {{5, 60, 2, 3.0, 5, 1},  {8, 40, 17, 6.0, 6, 2},  {3, 200, 64, 9.0, 12, 3},
                          {10, 30, 5, 0.5, 10, 4}, {4, 100, 33, 20.0, 20, 5}, {6, 50, 130, 4.0, 7, 6},
                          // scans 4 points at a time: K = 16 fills a panel of centres; D = 300 is too wide to pack
                          {8, 30, 9, 3.0, 16, 7},  {4, 50, 300, 10.0, 9, 8}};
    for (const Case& c : cases) {
        CAPTURE(c.d);
        CAPTURE(c.k);
        const chemin::Matrix x = blobs(c.centres, c.per, c.d, c.spread, c.seed);
        chemin::cluster::KMeansOptions hamerly, lloyd;
        hamerly.n_init = lloyd.n_init = 3;
        hamerly.seed = lloyd.seed = c.seed;
        hamerly.tol = lloyd.tol = 0.0;  // run to strict convergence: many rounds with bounds at work
        lloyd.algorithm = chemin::cluster::KMeansAlgorithm::lloyd;
        auto a = chemin::cluster::kmeans(x, c.k, hamerly);
        auto b = chemin::cluster::kmeans(x, c.k, lloyd);
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        CHECK(a->labels == b->labels);
        CHECK(a->centroids.values == b->centroids.values);
        CHECK(a->inertia == b->inertia);
        CHECK(a->iterations == b->iterations);
        CHECK(b->full_scans == x.rows * static_cast<std::size_t>(b->iterations));
        if (b->iterations > 3) CHECK(a->full_scans < b->full_scans);  // the bounds did prune
    }
}

TEST_CASE("same seed, same result bit for bit; restarts on threads change nothing") {
    const chemin::Matrix x = blobs(7, 50, 12, 4.0, 9);
    chemin::cluster::KMeansOptions one, many;
    many.threads = 3;
    const auto a = chemin::cluster::kmeans(x, 7, one);
    check_same_clustering(a, chemin::cluster::kmeans(x, 7, one));
    check_same_clustering(a, chemin::cluster::kmeans(x, 7, many));
    one.seed = 1;
    auto d = chemin::cluster::kmeans(x, 7, one);
    REQUIRE(d.ok());
    CHECK(d->inertia > 0.0);
}

TEST_CASE("k-means++ scoring packed candidates against the data picks reference::kmeans_plus_plus's points") {
    // The reference draws the same random numbers in the same order and measures one candidate at a
    // time with plain loops; the fast seeding packs the candidates as panels and meets the data
    // points eight at a time.
    for (int k : {3, 10, 25}) {  // 3, 4 and 5 candidates per step: one or two groups of row slots
        CAPTURE(k);
        const chemin::Matrix x = blobs(7, 29, 7, 3.0, 17);  // 203 points: the last group of eight is partial
        const auto data = chemin::cluster::detail::centre_data(x, 1e-4);
        const chemin::reference::CentredData same_data = chemin::reference::centre_columns(x);
        CHECK(same_data.points.values == data.centred.values);
        CHECK(same_data.norms == data.norms);
        CHECK(chemin::reference::kmeans_tolerance(x, 1e-4) == data.tol_abs);
        chemin::Rng rng(5), reference_rng(5);
        const chemin::Matrix seeds = chemin::cluster::detail::kmeans_plus_plus(data, static_cast<std::size_t>(k), rng);
        const std::vector<std::size_t> chosen =
            chemin::reference::kmeans_plus_plus(same_data, static_cast<std::size_t>(k), reference_rng);
        REQUIRE(seeds.rows == chosen.size());
        const std::size_t d = x.cols;
        for (std::size_t j = 0; j < chosen.size(); ++j)
            CHECK(std::equal(seeds.row(j), seeds.row(j) + d, data.centred.row(chosen[j])));
        CHECK(rng.next_u64() == reference_rng.next_u64());  // and both consumed the same draws
    }
}

namespace {
/// Largest |a - b| / max(|b|, 1) over two matrices of the same shape.
double largest_relative_difference(const chemin::Matrix& a, const chemin::Matrix& b) {
    REQUIRE(a.values.size() == b.values.size());
    double largest = 0.0;
    for (std::size_t j = 0; j < a.values.size(); ++j)
        largest = std::max(largest, std::fabs(static_cast<double>(a.values[j]) - b.values[j]) /
                                        std::max(1.0, std::fabs(static_cast<double>(b.values[j]))));
    return largest;
}
}  // namespace

TEST_CASE("from scikit-learn's starting centres, both algorithms give reference::lloyd's labels") {
    for (const char* name : test_data::fixtures) {
        CAPTURE(name);
        const chemin::Matrix x = test_data::matrix(std::string(name) + "_x.npy");
        const chemin::Matrix init = test_data::matrix(std::string(name) + "_init.npy");
        const chemin::reference::CentredData data = chemin::reference::centre_columns(x);
        chemin::Matrix start = init;
        for (std::size_t j = 0; j < start.rows; ++j)
            for (std::size_t q = 0; q < start.cols; ++q) start(j, q) -= data.mean[q];
        const chemin::reference::LloydResult same =
            chemin::reference::lloyd(data, start, 300, chemin::reference::kmeans_tolerance(x, 1e-4));
        CHECK(same.labels == test_data::labels(std::string(name) + "_lloyd_labels.npy"));  // scikit-learn's too
        chemin::Matrix same_centres = same.centres;
        for (std::size_t j = 0; j < same_centres.rows; ++j)
            for (std::size_t q = 0; q < same_centres.cols; ++q) same_centres(j, q) += data.mean[q];
        for (auto algorithm : {chemin::cluster::KMeansAlgorithm::hamerly, chemin::cluster::KMeansAlgorithm::lloyd}) {
            chemin::cluster::KMeansOptions options;
            options.algorithm = algorithm;
            auto r = chemin::cluster::kmeans_from(x, init, options);
            REQUIRE_MESSAGE(r.ok(), r.status().message());
            CHECK(r->labels == same.labels);
            CHECK(r->iterations == same.iterations);
            CHECK(r->converged == same.converged);
            CHECK(largest_relative_difference(r->centroids, same_centres) <= 1e-6);
            CHECK(std::fabs(r->inertia - same.inertia) <= 1e-6 * same.inertia);
        }
    }
}

TEST_CASE("chemin::cluster::kmeans (k-means++, restarts, Hamerly's bounds) gives reference::kmeans's labels") {
    struct Case { std::size_t centres, per, d; double spread; int k; std::uint64_t seed; };
    // Separated and overlapping blobs, more clusters than blobs, wide points (not packed), k = 1,
    // 2,000 overlapping points (dozens of rounds), and tol = 0 (every restart runs until no label
    // changes).
    const Case cases[] = {{5, 60, 2, 3.0, 5, 1},   {8, 40, 17, 6.0, 6, 2},  {3, 200, 64, 9.0, 12, 3},
                          {10, 30, 5, 0.5, 10, 4},  {6, 50, 130, 4.0, 7, 6}, {8, 30, 9, 3.0, 16, 7},
                          {4, 50, 300, 10.0, 9, 8}, {3, 20, 4, 1.0, 1, 9},   {20, 100, 32, 8.0, 10, 11}};
    for (const Case& c : cases) {
        CAPTURE(c.d);
        CAPTURE(c.k);
        const chemin::Matrix x = blobs(c.centres, c.per, c.d, c.spread, c.seed);
        for (double tol : {1e-4, 0.0}) {
            CAPTURE(tol);
            chemin::cluster::KMeansOptions options;
            options.n_init = 3;
            options.seed = c.seed;
            options.tol = tol;
            chemin::reference::KMeansSettings settings;
            settings.n_init = 3;
            settings.seed = c.seed;
            settings.tol = tol;
            auto fast = chemin::cluster::kmeans(x, c.k, options);
            REQUIRE(fast.ok());
            const chemin::reference::LloydResult same = chemin::reference::kmeans(x, static_cast<std::size_t>(c.k), settings);
            CHECK(fast->labels == same.labels);
            CHECK(fast->iterations == same.iterations);
            CHECK(fast->converged == same.converged);
            CHECK(largest_relative_difference(fast->centroids, same.centres) <= 1e-6);
            CHECK(std::fabs(fast->inertia - same.inertia) <= 1e-6 * same.inertia);
        }
    }
}

TEST_CASE("constant columns are left out of the work: the same labels, centroids and inertia as reference::kmeans") {
    // Blobs in 9 dimensions, spread into 16 columns of which 7 are constant (0, 0.3 or -2.5 for every
    // point: blank pixels, dead ReLU units). k-means leaves them out of its centred copy; nothing it
    // returns may change, and the centroids hold the constants in those columns.
    const chemin::Matrix blob = blobs(6, 40, 9, 4.0, 21);
    const std::size_t d = 16;
    const std::size_t kept_at[9] = {0, 2, 3, 6, 8, 9, 11, 12, 15};
    const float constant_at[16] = {0, 0.0f, 0, 0, 0.3f, -2.5f, 0, 0.0f, 0, 0, 0.0f, 0, 0, 0.3f, 0.0f, 0};
    chemin::Matrix x(blob.rows, d);
    for (std::size_t i = 0; i < x.rows; ++i) {
        for (std::size_t q = 0; q < d; ++q) x(i, q) = constant_at[q];
        for (std::size_t q = 0; q < 9; ++q) x(i, kept_at[q]) = blob(i, q);
    }
    const auto data = chemin::cluster::detail::centre_data(x, 1e-4, 1, true);
    CHECK(data.centred.cols == 9);
    CHECK(data.columns == std::vector<std::size_t>(kept_at, kept_at + 9));
    for (int k : {1, 4, 6, 9}) {
        CAPTURE(k);
        chemin::cluster::KMeansOptions options;
        options.n_init = 3;
        options.seed = 5;
        chemin::reference::KMeansSettings settings;
        settings.n_init = 3;
        settings.seed = 5;
        auto fast = chemin::cluster::kmeans(x, k, options);
        REQUIRE(fast.ok());
        const chemin::reference::LloydResult same = chemin::reference::kmeans(x, static_cast<std::size_t>(k), settings);
        CHECK(fast->labels == same.labels);
        CHECK(fast->iterations == same.iterations);
        REQUIRE(fast->centroids.cols == d);
        CHECK(largest_relative_difference(fast->centroids, same.centres) <= 1e-6);
        CHECK(std::fabs(fast->inertia - same.inertia) <= 1e-6 * same.inertia);
        for (std::size_t j = 0; j < fast->centroids.rows; ++j)
            for (std::size_t q : {1u, 4u, 5u, 7u, 10u, 13u, 14u}) CHECK(fast->centroids(j, q) == constant_at[q]);
    }
    // Every column constant (all points equal): one column is kept, K = 1 works.
    chemin::Matrix flat(20, 5, 0.7f);
    auto one = chemin::cluster::kmeans(flat, 1);
    REQUIRE(one.ok());
    CHECK(one->inertia == 0.0);
    CHECK(one->centroids.cols == 5);
    for (float v : one->centroids.values) CHECK(v == 0.7f);
}

TEST_CASE("nearest_two_rows finds a plain argmin's nearest two (ties to the lower index), any slot count") {
    const chemin::Matrix x = blobs(5, 7, 19, 2.0, 23);  // 35 points
    std::vector<float> norms(x.rows);
    for (std::size_t i = 0; i < x.rows; ++i) norms[i] = chemin::reference::squared_norm(x.row(i), x.cols);
    for (std::size_t k : {1u, 2u, 5u, 10u, 16u, 17u, 33u}) {
        CAPTURE(k);
        chemin::Matrix centres(k, x.cols);
        for (std::size_t j = 0; j < k; ++j)  // centres on data points, some twice: exact ties
            std::copy(x.row((j * 3) % 11), x.row((j * 3) % 11) + x.cols, centres.row(j));
        const chemin::cluster::detail::DistancePanels panels = chemin::cluster::detail::pack_distance_panels(centres);
        for (std::size_t first = 0; first < x.rows; first += 3) {
            const std::size_t count = std::min<std::size_t>(1 + first % 8, x.rows - first);
            const float* xs[8];
            for (std::size_t r = 0; r < count; ++r) xs[r] = x.row(first + r);
            chemin::cluster::detail::NearestTwoBlock near;
            chemin::cluster::detail::nearest_two_rows(xs, norms.data() + first, count, panels, near);
            for (std::size_t r = 0; r < count; ++r) {
                std::vector<float> d(k);
                for (std::size_t j = 0; j < k; ++j)
                    d[j] = chemin::reference::expanded_squared_distance(
                        xs[r], norms[first + r], centres.row(j), chemin::reference::squared_norm(centres.row(j), x.cols), x.cols);
                const chemin::reference::NearestTwo expected = chemin::reference::nearest_two(d.data(), k);
                CHECK(near.label[r] == expected.index);
                CHECK(near.best[r] == expected.best);
                CHECK(near.second[r] == expected.second);
            }
        }
    }
}

TEST_CASE("inertia is the sum of squared distances to the returned centroids, which are the means") {
    const chemin::Matrix x = blobs(4, 40, 6, 2.0, 11);
    auto r = chemin::cluster::kmeans(x, 4);
    REQUIRE(r.ok());
    double inertia = 0.0;
    std::vector<double> sums(4 * 6, 0.0), counts(4, 0.0);
    for (std::size_t i = 0; i < x.rows; ++i) {
        const auto a = static_cast<std::size_t>(r->labels[i]);
        counts[a] += 1.0;
        for (std::size_t k = 0; k < 6; ++k) {
            const double diff = static_cast<double>(x(i, k)) - r->centroids(a, k);
            inertia += diff * diff;
            sums[a * 6 + k] += x(i, k);
        }
    }
    CHECK(r->inertia == doctest::Approx(inertia).epsilon(1e-5));
    for (std::size_t a = 0; a < 4; ++a)
        for (std::size_t k = 0; k < 6; ++k)
            CHECK(r->centroids(a, k) == doctest::Approx(sums[a * 6 + k] / counts[a]).epsilon(1e-5));
    // Each point is labelled with its nearest centroid: assigning the data again changes nothing.
    auto again = chemin::cluster::kmeans_assign(x, r->centroids);
    REQUIRE(again.ok());
    CHECK(*again == r->labels);
}

TEST_CASE("restarts on a sample, refined on every point: a fixed point of Lloyd on all the data") {
    const chemin::Matrix x = blobs(8, 300, 10, 6.0, 21);  // overlapping blobs: the rounds have work to do
    chemin::cluster::KMeansOptions full, sampled;
    full.tol = sampled.tol = 0.0;  // run until no label changes
    sampled.max_points_per_centre = 40;  // 320 of the 2,400 points
    auto a = chemin::cluster::kmeans(x, 8, full);
    auto b = chemin::cluster::kmeans(x, 8, sampled);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(b->converged);
    CHECK(b->labels != a->labels);  // a different path (were they equal, the sample would not be used)
    CHECK(b->inertia <= a->inertia * 1.01);
    // Every point labelled with its nearest centroid, every centroid the mean of its points.
    auto again = chemin::cluster::kmeans_assign(x, b->centroids);
    REQUIRE(again.ok());
    CHECK(*again == b->labels);
    std::vector<double> sums(8 * 10, 0.0), counts(8, 0.0);
    for (std::size_t i = 0; i < x.rows; ++i) {
        const auto j = static_cast<std::size_t>(b->labels[i]);
        counts[j] += 1.0;
        for (std::size_t k = 0; k < 10; ++k) sums[j * 10 + k] += x(i, k);
    }
    for (std::size_t j = 0; j < 8; ++j)
        for (std::size_t k = 0; k < 10; ++k)
            CHECK(b->centroids(j, k) == doctest::Approx(sums[j * 10 + k] / counts[j]).epsilon(1e-5));
}

TEST_CASE("restarts on a sample: the same bits for any thread count; a sample as large as the data is no sample") {
    const chemin::Matrix x = blobs(6, 200, 8, 5.0, 22);
    chemin::cluster::KMeansOptions one, two, whole;
    one.max_points_per_centre = two.max_points_per_centre = 30;
    two.threads = 2;
    check_same_clustering(chemin::cluster::kmeans(x, 6, one), chemin::cluster::kmeans(x, 6, two));
    const auto plain = chemin::cluster::kmeans(x, 6, whole);
    for (std::size_t per_centre : {std::size_t{200}, std::size_t{1000}, std::numeric_limits<std::size_t>::max()}) {
        whole.max_points_per_centre = per_centre;  // 200 x 6 = N: every point already
        check_same_clustering(chemin::cluster::kmeans(x, 6, whole), plain);
    }
}

TEST_CASE("restarts on a sample: the draw, and a sample with fewer than K distinct points") {
    const std::vector<std::size_t> drawn = chemin::cluster::detail::sample_indices(1000, 100, chemin::Rng(5));
    REQUIRE(drawn.size() == 100);
    CHECK(std::is_sorted(drawn.begin(), drawn.end()));
    CHECK(std::adjacent_find(drawn.begin(), drawn.end()) == drawn.end());  // no repeats
    CHECK(drawn.back() < 1000);
    CHECK(drawn.back() >= 500);  // spread over the range, not the first 100
    CHECK(drawn == chemin::cluster::detail::sample_indices(1000, 100, chemin::Rng(5)));
    CHECK(drawn != chemin::cluster::detail::sample_indices(1000, 100, chemin::Rng(6)));
    // 500 copies of one point (rows 0-499) and 3 others: the sample of 2 x 2 points that seed 0 draws
    // is all copies (checked first, so that the fallback is what this exercises), and the restarts
    // then run on every point (the same result as without the sample).
    const std::vector<std::size_t> four = chemin::cluster::detail::sample_indices(
        503, 4, chemin::Rng(0).split(chemin::cluster::detail::kmeans_sample_stream));
    REQUIRE(four.back() < 500);
    chemin::Matrix x(503, 2, 0.0f);
    x(500, 0) = 5.0f;
    x(501, 1) = 5.0f;
    x(502, 0) = x(502, 1) = 5.0f;
    chemin::cluster::KMeansOptions sampled, whole;
    sampled.max_points_per_centre = 2;
    check_same_clustering(chemin::cluster::kmeans(x, 2, sampled), chemin::cluster::kmeans(x, 2, whole));
}

TEST_CASE("kmeans_assign gives new points the nearest centroid, ties to the lower index") {
    chemin::Matrix centroids(3, 2);
    centroids.values = {0, 0, 10, 0, 0, 10};
    chemin::Matrix points(4, 2);
    points.values = {1, 1, 9, -1, 5, 0, -3, 8};
    auto labels = chemin::cluster::kmeans_assign(points, centroids);
    REQUIRE(labels.ok());
    CHECK(*labels == std::vector<std::int32_t>{0, 1, 0, 2});  // (5, 0) is a tie between 0 and 1
    auto wrong = chemin::cluster::kmeans_assign(chemin::Matrix(2, 3, 1.0f), centroids);
    REQUIRE_FALSE(wrong.ok());
    CHECK(message(wrong.status()) == "k-means assign: centroids have 2 columns, the points 3");
}

TEST_CASE("an empty cluster takes the point farthest from its centre") {
    // Start two centres far from every point: one cluster gets everything in round 1, the other is
    // repaired with the farthest point and both end up on the two groups.
    chemin::Matrix x(6, 1);
    x.values = {0.0f, 0.1f, 0.2f, 10.0f, 10.1f, 10.2f};
    chemin::Matrix init(2, 1);
    init.values = {-100.0f, -200.0f};
    for (auto algorithm : {chemin::cluster::KMeansAlgorithm::hamerly, chemin::cluster::KMeansAlgorithm::lloyd}) {
        chemin::cluster::KMeansOptions options;
        options.algorithm = algorithm;
        auto r = chemin::cluster::kmeans_from(x, init, options);
        REQUIRE(r.ok());
        CHECK(r->labels[0] == r->labels[2]);
        CHECK(r->labels[3] == r->labels[5]);
        CHECK(r->labels[0] != r->labels[3]);
        CHECK(r->inertia == doctest::Approx(0.04).epsilon(1e-4));
    }
}

TEST_CASE("k = 1 and k = N are valid; the iteration cap is reported as not converged") {
    const chemin::Matrix x = blobs(3, 10, 4, 1.0, 5);
    auto one = chemin::cluster::kmeans(x, 1);
    REQUIRE(one.ok());
    for (auto l : one->labels) CHECK(l == 0);
    auto all = chemin::cluster::kmeans(x, static_cast<int>(x.rows));
    REQUIRE(all.ok());
    CHECK(all->inertia == 0.0);
    chemin::cluster::KMeansOptions capped;
    capped.max_iter = 1;
    capped.tol = 0.0;
    capped.n_init = 1;
    const chemin::Matrix y = blobs(6, 40, 3, 8.0, 6);
    auto r = chemin::cluster::kmeans(y, 6, capped);
    REQUIRE(r.ok());
    CHECK(r->iterations == 1);
    CHECK_FALSE(r->converged);
}

TEST_CASE("all points identical: k = 1 works with inertia 0, k = 2 is a clear error") {
    chemin::Matrix same(5, 3, 2.5f);
    auto one = chemin::cluster::kmeans(same, 1);
    REQUIRE(one.ok());
    CHECK(one->inertia == 0.0);
    auto two = chemin::cluster::kmeans(same, 2);
    REQUIRE_FALSE(two.ok());
    CHECK(message(two.status()) == "k-means: k = 2 but the data has only 1 distinct point");
}

TEST_CASE("k-means bad input: clear errors") {
    chemin::Matrix x(4, 2);
    x.values = {0, 0, 1, 1, 1, 1, 2, 2};
    auto r = chemin::cluster::kmeans(x, 0);
    CHECK(message(r.status()) == "k-means: k = 0, must be at least 1");
    r = chemin::cluster::kmeans(x, 5);
    CHECK(message(r.status()) == "k-means: k = 5 is more than the 4 points");
    r = chemin::cluster::kmeans(x, 4);
    CHECK(message(r.status()) == "k-means: k = 4 but the data has only 3 distinct points");
    r = chemin::cluster::kmeans(chemin::Matrix(0, 2), 1);
    CHECK(message(r.status()) == "k-means data: no rows (N = 0)");
    r = chemin::cluster::kmeans(chemin::Matrix(3, 0), 1);
    CHECK(message(r.status()) == "k-means data: no columns (D = 0)");
    chemin::Matrix bad = x;
    bad(3, 1) = INFINITY;
    r = chemin::cluster::kmeans(bad, 2);
    CHECK(message(r.status()) == "k-means data: row 3, column 1 is infinite");
    CHECK(r.status().code() == chemin::Errc::non_finite);
    chemin::cluster::KMeansOptions options;
    options.n_init = 0;
    CHECK(message(chemin::cluster::kmeans(x, 2, options).status()) == "k-means: n_init = 0, must be at least 1");
    options = {};
    options.max_iter = 0;
    CHECK(message(chemin::cluster::kmeans(x, 2, options).status()) == "k-means: max_iter = 0, must be at least 1");
    options = {};
    options.tol = -1.0;
    CHECK(message(chemin::cluster::kmeans(x, 2, options).status()) == "k-means: tol = -1, must be finite and >= 0");
    chemin::Matrix init(2, 3, 0.0f);
    CHECK(message(chemin::cluster::kmeans_from(x, init).status()) == "k-means: initial centroids have 3 columns, the data 2");
}

TEST_CASE("choose_k scores every K, keeps every clustering, and picks the best") {
    const chemin::Matrix x = blobs(4, 40, 5, 0.8, 21);
    chemin::cluster::ChooseKOptions options;
    options.k_max = 7;
    options.kmeans.n_init = 3;
    auto r = chemin::cluster::choose_k(x, options);
    REQUIRE(r.ok());
    CHECK(r->ks == std::vector<int>{2, 3, 4, 5, 6, 7});
    REQUIRE(r->scores.size() == 6);
    REQUIRE(r->clusterings.size() == 6);
    CHECK(r->best_k == 4);  // four well-separated blobs
    for (std::size_t i = 0; i < r->ks.size(); ++i) {
        CHECK(r->scores[i] <= r->best_score);
        auto again = chemin::cluster::kmeans(x, r->ks[i], options.kmeans);
        REQUIRE(again.ok());
        CHECK(again->labels == r->clusterings[i].labels);
        auto s = chemin::cluster::silhouette(x, again->labels);
        REQUIRE(s.ok());
        CHECK(*s == r->scores[i]);
    }
    CHECK(r->best().centroids.rows == 4);
    options.method = chemin::cluster::SilhouetteMethod::simplified;
    auto simple = chemin::cluster::choose_k(x, options);
    REQUIRE(simple.ok());
    CHECK(simple->best_k == 4);
    options.method = chemin::cluster::SilhouetteMethod::sampled;
    options.sample_size = 100;
    auto sampled = chemin::cluster::choose_k(x, options);
    REQUIRE(sampled.ok());
    CHECK(sampled->best_k == 4);
}

TEST_CASE("choose_k: fewer distinct points than K and bad ranges are clear errors") {
    chemin::Matrix x(4, 1);
    x.values = {0.0f, 0.0f, 5.0f, 5.0f};
    chemin::cluster::ChooseKOptions options;
    options.k_max = 3;
    auto r = chemin::cluster::choose_k(x, options);
    REQUIRE_FALSE(r.ok());
    CHECK(message(r.status()) == "k-means: k = 3 but the data has only 2 distinct points");
    options.k_max = 2;
    auto two = chemin::cluster::choose_k(x, options);
    REQUIRE(two.ok());
    CHECK(two->best_k == 2);
    CHECK(two->best_score == 1.0);
    options.k_min = 1;
    CHECK(message(chemin::cluster::choose_k(x, options).status()) == "choose K: k_min = 1, must be at least 2");
    options.k_min = 3;
    CHECK(message(chemin::cluster::choose_k(x, options).status()) == "choose K: k_max = 2 is below k_min = 3");
    options.k_min = 2;
    options.k_max = 4;
    CHECK(message(chemin::cluster::choose_k(x, options).status()) == "choose K: k_max = 4, but 4 points allow at most 3 clusters");
}
