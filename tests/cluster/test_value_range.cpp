// Values whose squares overflow or underflow float: every clustering entry point refuses them with
// a clear error instead of printing inf, NaN or a one-cluster answer.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
/// 60 points of 4 columns in three well-separated blobs, every value multiplied by `scale`.
chemin::Matrix three_blobs(float scale) {
    chemin::Matrix m(60, 4);
    chemin::Rng rng(7);
    for (std::size_t i = 0; i < m.rows; ++i)
        for (std::size_t j = 0; j < m.cols; ++j)
            m(i, j) = scale * (static_cast<float>(i / 20) * 5.0f + static_cast<float>(rng.uniform()));
    return m;
}
std::vector<std::int32_t> blob_labels() {
    std::vector<std::int32_t> labels(60);
    for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<std::int32_t>(i / 20);
    return labels;
}
std::string message_of(const chemin::Status& s) { return s.message(); }
}  // namespace

TEST_CASE("the distance range check accepts ordinary data and names the first value out of range") {
    CHECK(chemin::check_distance_range(three_blobs(1.0f), "data").ok());
    CHECK(chemin::check_distance_range(three_blobs(1e12f), "data").ok());
    CHECK(chemin::check_distance_range(three_blobs(1e-12f), "data").ok());
    const chemin::Matrix big = three_blobs(1e19f);
    const chemin::Status s = chemin::check_distance_range(big, "data");
    CHECK(s.code() == chemin::Errc::non_finite);
    CHECK(message_of(s).find("data: row 0, column 0 is ") == 0);
    CHECK(message_of(s).find("squared distances over 4 columns overflow float") != std::string::npos);
    chemin::Matrix same(5, 3, 1e-42f);  // all rows equal: spread 0 is each algorithm's own business
    CHECK(chemin::check_distance_range(same, "data").ok());
    // Each row is checked whole before it is searched: the first bad value in row order is named,
    // also when a later column of the same row or a later row is worse; negative values count too.
    chemin::Matrix mixed(4, 5, 1.0f);
    mixed(2, 3) = -1e19f;  // beyond sqrt(FLT_MAX / (64 x 5)), about 1e18
    mixed(2, 4) = 3e38f;
    mixed(3, 0) = std::numeric_limits<float>::quiet_NaN();
    mixed(1, 4) = std::numeric_limits<float>::infinity();
    CHECK(message_of(chemin::check_distance_range(mixed, "data")) == "data: row 1, column 4 is infinite");
    mixed(1, 4) = 1.0f;
    CHECK(message_of(chemin::check_distance_range(mixed, "data")) == "data: row 3, column 0 is NaN");
    mixed(3, 0) = 1.0f;
    CHECK(message_of(chemin::check_distance_range(mixed, "data")).find("data: row 2, column 3 is -1e+19: ") == 0);
    CHECK(chemin::detail::distance_safe_magnitude(784) > 8e16);
    CHECK(chemin::detail::distance_safe_magnitude(784) < 9e16);
}

TEST_CASE("k-means refuses values whose squares overflow float, at every scale the probe tried") {
    for (float scale : {1e19f, 1e30f}) {
        auto r = chemin::cluster::kmeans(three_blobs(scale), 3);
        REQUIRE_FALSE(r.ok());
        CHECK(r.status().code() == chemin::Errc::non_finite);
        CHECK(message_of(r.status()).find("k-means data: row ") == 0);
    }
    chemin::Matrix extreme = three_blobs(1.0f);
    for (std::size_t i = 0; i < extreme.rows; ++i) extreme(i, 0) = i % 2 ? 3e38f : -3e38f;
    auto r = chemin::cluster::kmeans(extreme, 3);
    REQUIRE_FALSE(r.ok());
    CHECK(message_of(r.status()).find("overflow float") != std::string::npos);
}

TEST_CASE("k-means refuses values whose squares underflow float") {
    auto r = chemin::cluster::kmeans(three_blobs(1e-42f), 3);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == chemin::Errc::bad_argument);
    CHECK(message_of(r.status()).find("k-means data: the values differ by at most ") == 0);
    CHECK(message_of(r.status()).find("underflow float") != std::string::npos);
}

TEST_CASE("the same data at an ordinary scale clusters into its three blobs with finite inertia") {
    auto r = chemin::cluster::kmeans(three_blobs(1.0f), 3);
    REQUIRE(r.ok());
    CHECK(std::isfinite(r->inertia));
    CHECK(r->inertia > 0.0);
    auto agreement = chemin::paths::adjusted_rand_index(r->labels, blob_labels());
    REQUIRE(agreement.ok());
    CHECK(*agreement == doctest::Approx(1.0));
}

TEST_CASE("k-means from given centres and assignment check the centres' range too") {
    const chemin::Matrix data = three_blobs(1.0f);
    chemin::Matrix centres(3, 4, 1e30f);
    CHECK(chemin::cluster::kmeans_from(data, centres).status().code() == chemin::Errc::non_finite);
    CHECK(chemin::cluster::kmeans_assign(data, centres).status().code() == chemin::Errc::non_finite);
    CHECK(chemin::cluster::kmeans_assign(three_blobs(1e-42f), chemin::Matrix(3, 4, 1.0f)).status().code() ==
          chemin::Errc::bad_argument);
}

TEST_CASE("every silhouette refuses data out of the float distance range instead of returning NaN") {
    const auto labels = blob_labels();
    for (float scale : {1e19f, 1e30f, 1e-42f}) {
        const chemin::Matrix data = three_blobs(scale);
        CHECK_FALSE(chemin::cluster::silhouette(data, labels).ok());
        CHECK_FALSE(chemin::cluster::simplified_silhouette(data, labels).ok());
        CHECK_FALSE(chemin::cluster::silhouette_sampled(data, labels, 30, 1).ok());
        CHECK(message_of(chemin::cluster::simplified_silhouette(data, labels).status()).find("silhouette data: ") == 0);
    }
    auto fine = chemin::cluster::simplified_silhouette(three_blobs(1.0f), labels);
    REQUIRE(fine.ok());
    CHECK(std::isfinite(*fine));
}

TEST_CASE("choose_k refuses tiny data rather than answering one cluster") {
    chemin::cluster::ChooseKOptions options;
    options.k_max = 5;
    for (float scale : {1e-42f, 1e30f}) {
        auto r = chemin::cluster::choose_k(three_blobs(scale), options);
        REQUIRE_FALSE(r.ok());
        CHECK(message_of(r.status()).find("choose K data: ") == 0);
    }
    auto fine = chemin::cluster::choose_k(three_blobs(1.0f), options);
    REQUIRE(fine.ok());
    CHECK(fine->best_k == 3);
}
