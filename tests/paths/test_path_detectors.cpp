#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
chemin::Matrix column(const std::vector<float>& values) {
    chemin::Matrix m(values.size(), 1);
    for (std::size_t i = 0; i < values.size(); ++i) m(i, 0) = values[i];
    return m;
}
// One 1-D layer: cluster 0 = {-1, 1}, cluster 1 = {9, 11} (reference); queries 0 and 5.
struct TwoClusters {
    chemin::Matrix x = column({-1, 1, 9, 11, 0, 5});
    std::vector<std::vector<int>> clusters{{0, 0, 1, 1, 0, 0}};
    std::vector<std::uint8_t> reference{1, 1, 1, 1, 0, 0};
};
}  // namespace

TEST_CASE("cluster Gaussian: squared Mahalanobis distance to the nearest cluster mean, shared covariance") {
    TwoClusters c;
    // Means 0 and 10; within-cluster variance (1 + 1 + 1 + 1) / 4 = 1 (plus a 1e-6 ridge).
    auto s = chemin::paths::cluster_gaussian_layer_scores({c.x.view()}, c.clusters, c.reference);
    REQUIRE(s.ok());
    REQUIRE(s->size() == 1);
    CHECK((*s)[0][4] == doctest::Approx(0.0));
    CHECK((*s)[0][5] == doctest::Approx(25.0).epsilon(1e-5));
    CHECK((*s)[0][0] == doctest::Approx(1.0).epsilon(1e-5));
}

TEST_CASE("cluster mixture: -log density of the clusters' Gaussians, covariances shrunk to the pooled one") {
    TwoClusters c;
    // Each cluster: scatter 2, pooled variance 1, D = 1: variance (2 + 1 * 1) / (2 + 1) = 1; weights 1/2.
    // score(0) = -log(1/2 e^0 + 1/2 e^-50) = log 2; score(5) = -log(e^-12.5) = 12.5 (constants dropped).
    auto s = chemin::paths::cluster_mixture_layer_scores({c.x.view()}, c.clusters, c.reference);
    REQUIRE(s.ok());
    CHECK((*s)[0][4] == doctest::Approx(std::log(2.0)).epsilon(1e-5));
    CHECK((*s)[0][5] == doctest::Approx(12.5).epsilon(1e-5));
    // A wide cluster beside a narrow one: the same distance from each mean scores lower at the wide one.
    chemin::Matrix y = column({-3, 3, -3, 3, 9.9f, 10.1f, 9.9f, 10.1f, 2, 12});
    std::vector<std::vector<int>> k{{0, 0, 0, 0, 1, 1, 1, 1, 0, 1}};
    std::vector<std::uint8_t> r{1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
    auto w = chemin::paths::cluster_mixture_layer_scores({y.view()}, k, r);
    REQUIRE(w.ok());
    CHECK((*w)[0][8] < (*w)[0][9]);
    CHECK_FALSE(chemin::paths::cluster_mixture_layer_scores({y.view()}, k, std::vector<std::uint8_t>(10, 0)).ok());
}

TEST_CASE("transition surprise: add-one smoothed first layer and layer-to-layer steps, rarest step named") {
    // Reference paths (0,0), (0,0), (0,1), (1,1); queries (1,0) and (0,1). K = 2 at both layers.
    const std::vector<int> paths{0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1};
    const std::vector<std::uint8_t> reference{1, 1, 1, 1, 0, 0};
    auto t = chemin::paths::transition_surprise(paths, 2, {2, 2}, reference);
    REQUIRE(t.ok());
    // P(c1 = 1) = (1 + 1) / (4 + 2) = 1/3; P(0 | 1) = (0 + 1) / (1 + 2) = 1/3: two equal steps, the first is named.
    CHECK(t->total[4] == doctest::Approx(2 * std::log(3.0)));
    CHECK(t->rarest_step[4] == 0);
    // P(c1 = 0) = 4/6; P(1 | 0) = (1 + 1) / (3 + 2) = 2/5: the step between layers is the rarer.
    CHECK(t->total[5] == doctest::Approx(-std::log(4.0 / 6.0) - std::log(2.0 / 5.0)));
    CHECK(t->rarest_step[5] == 1);
    CHECK(t->rarest_surprise[5] == doctest::Approx(std::log(5.0 / 2.0)));
    CHECK(std::string(chemin::paths::transition_surprise({0, 2}, 2, {2, 2}, {1}).status().message()) ==
          "transitions: image 0 has cluster 2 at layer 2 (K = 2)");
}

TEST_CASE("standardized sum: each part centred and scaled on the calibration rows") {
    const std::vector<std::uint8_t> calibration{1, 1, 1, 0};
    auto s = chemin::paths::standardized_sum({{1, 2, 3, 10}, {5, 5, 5, 7}}, calibration);
    REQUIRE(s.ok());
    // Part 1: mean 2, sd sqrt(2/3); part 2: mean 5, sd 0 -> 1.
    CHECK((*s)[3] == doctest::Approx(8.0 / std::sqrt(2.0 / 3.0) + 2.0));
    CHECK((*s)[1] == doctest::Approx(0.0));
    CHECK_FALSE(chemin::paths::standardized_sum({{1, 2, 3, 10}}, {0, 0, 0, 0}).ok());
}

TEST_CASE("whitened distances equal the Mahalanobis model's forward substitutions") {
    chemin::Rng rng(5);
    chemin::Matrix x(200, 6);
    std::vector<int> clusters(200);
    for (std::size_t i = 0; i < 200; ++i) {
        clusters[i] = static_cast<int>(i % 4);
        for (std::size_t j = 0; j < 6; ++j) x(i, j) = static_cast<float>(rng.normal() + (j == i % 4 ? 3.0 : 0.0) + 0.5 * (j > 0 ? x(i, j - 1) : 0.0f));
    }
    chemin::paths::MahalanobisModel model;
    REQUIRE(model.fit(x, clusters).ok());
    const auto fast = chemin::paths::detail::whitened_min_distances(model, x);
    const auto plain = model.scores(x);
    REQUIRE(plain.ok());
    for (std::size_t i = 0; i < 200; ++i) CHECK(fast[i] == doctest::Approx((*plain)[i]).epsilon(1e-9));
}

TEST_CASE("a wide layer's mixture shares one covariance: the hand-computed 1-D case with the threshold at 0") {
    TwoClusters c;
    chemin::paths::ClusterMixtureModel model;
    REQUIRE(model.fit(chemin::copy_rows(c.x, {0, 1, 2, 3}), {0, 0, 1, 1}, 0).ok());
    CHECK(model.shared);
    // Pooled variance 1: score(0) = -log(1/2 + 1/2 e^-50) = log 2; score(5) = -log(e^-12.5) = 12.5.
    CHECK(model.score(c.x.row(4)) == doctest::Approx(std::log(2.0)).epsilon(1e-5));
    CHECK(model.score(c.x.row(5)) == doctest::Approx(12.5).epsilon(1e-5));
    chemin::paths::ClusterMixtureModel own;
    REQUIRE(own.fit(chemin::copy_rows(c.x, {0, 1, 2, 3}), {0, 0, 1, 1}).ok());
    CHECK_FALSE(own.shared);
}
