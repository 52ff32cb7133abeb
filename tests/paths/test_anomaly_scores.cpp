#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
// One layer, 2-D signatures: class 0 near (0,0), class 1 near (10,0); an outlier at (5, 20).
struct Cloud {
    chemin::Matrix x{9, 2};
    std::vector<int> labels{0, 0, 0, 0, 1, 1, 1, 1, 2};
    std::vector<int> predicted{0, 0, 0, 0, 1, 1, 1, 1, 1};
    std::vector<std::uint8_t> reference{1, 1, 1, 1, 1, 1, 1, 1, 0};
    Cloud() {
        const float pts[9][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {10, 0}, {11, 0}, {10, 1}, {11, 1}, {5, 20}};
        for (std::size_t i = 0; i < 9; ++i) { x(i, 0) = pts[i][0]; x(i, 1) = pts[i][1]; }
    }
};
}  // namespace

TEST_CASE("softmax score is one minus the confidence") {
    auto s = chemin::paths::softmax_anomaly_score({1.0f, 0.75f, 0.5f});
    CHECK(s[0] == 0.0);
    CHECK(s[1] == doctest::Approx(0.25));
    CHECK(s[2] == doctest::Approx(0.5));
}

TEST_CASE("Deep k-NN counts neighbours whose label disagrees with the prediction, never the image itself") {
    Cloud c;
    // Make image 3 (a 0 predicted as 0) sit between the two classes' neighbourhoods: no change needed,
    // its 3 nearest other references are all 0s.
    auto s = chemin::paths::dknn_anomaly_score({c.x.view()}, c.reference, c.labels, c.predicted, 3);
    REQUIRE(s.ok());
    for (std::size_t i = 0; i < 8; ++i) CHECK((*s)[i] == 0.0);
    // The outlier is predicted 1; its 3 nearest references: two 0s and one 1, or the reverse; the
    // ties between classes are symmetric, so count what exact search gives: at least one disagrees.
    CHECK((*s)[8] >= 1.0);
    // Predicting a 0 image as 1 makes all its neighbours disagree.
    c.predicted[0] = 1;
    auto t = chemin::paths::dknn_anomaly_score({c.x.view(), c.x.view()}, c.reference, c.labels, c.predicted, 3);
    CHECK((*t)[0] == 6.0);  // 3 neighbours x 2 layers
    CHECK(std::string(chemin::paths::dknn_anomaly_score({c.x.view()}, c.reference, c.labels, c.predicted, 9).status().message()) ==
          "Deep k-NN: k = 9, need 1..8 (the reference images)");
}

TEST_CASE("Mahalanobis score is highest for the point far from both classes") {
    Cloud c;
    auto s = chemin::paths::mahalanobis_anomaly_score({c.x.view()}, c.reference, c.labels);
    REQUIRE(s.ok());
    for (std::size_t i = 0; i < 8; ++i) CHECK((*s)[8] > 10 * (*s)[i]);
    CHECK(std::string(chemin::paths::mahalanobis_anomaly_score({c.x.view()}, {1, 0}, c.labels).status().message()) ==
          "Mahalanobis: 9 images but 2 reference flags and 9 labels");
}

TEST_CASE("path score adds path rarity and the distance to the centroids relative to the reference median") {
    chemin::paths::PathTable t;
    t.layer_count = 1;
    t.clusters = {0, 0, 0, 1};
    t.true_class = {1, 1, 1, 3};
    t.predicted_class = {1, 1, 1, 1};
    t.is_anomaly = {0, 0, 0, 1};
    std::vector<std::uint8_t> reference{1, 1, 1, 0};
    auto stats = chemin::paths::path_statistics(t, reference);
    REQUIRE(stats.ok());
    std::vector<std::vector<double>> distances{{1.0, 2.0, 3.0, 8.0}};  // reference median 2
    auto s = chemin::paths::path_anomaly_score(t, *stats, distances, reference);
    REQUIRE(s.ok());
    CHECK((*s)[0] == doctest::Approx(-std::log(4.0 / 4.0) + 0.5));
    CHECK((*s)[3] == doctest::Approx(std::log(4.0) + 4.0));
    distances[0].pop_back();
    CHECK(std::string(chemin::paths::path_anomaly_score(t, *stats, distances, reference).status().message()) ==
          "path score: layer 1 has 3 distances for 4 images");
}

namespace {
chemin::Matrix column(const std::vector<float>& values) {
    chemin::Matrix m(values.size(), 1);
    for (std::size_t i = 0; i < values.size(); ++i) m(i, 0) = values[i];
    return m;
}
}  // namespace

TEST_CASE("energy is -logsumexp of the logits, computed without overflow") {
    chemin::Matrix logits(3, 2);
    logits(0, 0) = 0; logits(0, 1) = 0;        // -log 2
    logits(1, 0) = 1000; logits(1, 1) = 0;     // -(1000 + log(1 + e^-1000)) = -1000
    logits(2, 0) = 1; logits(2, 1) = 2;        // -log(e + e^2)
    auto e = chemin::paths::energy_anomaly_score(logits);
    REQUIRE(e.ok());
    CHECK((*e)[0] == doctest::Approx(-std::log(2.0)));
    CHECK((*e)[1] == doctest::Approx(-1000.0));
    CHECK((*e)[2] == doctest::Approx(-std::log(std::exp(1.0) + std::exp(2.0))));
    logits(2, 1) = std::nanf("");
    CHECK_FALSE(chemin::paths::energy_anomaly_score(logits).ok());
}

TEST_CASE("k-NN (Sun et al.) is the k-th distance between L2-normalised features, never to the image itself") {
    // Reference: (1,0), (0,1), (2,0) -> directions (1,0), (0,1), (1,0). Query (-1,0) is not a reference.
    chemin::Matrix f(4, 2);
    const float pts[4][2] = {{1, 0}, {0, 1}, {2, 0}, {-1, 0}};
    for (std::size_t i = 0; i < 4; ++i) { f(i, 0) = pts[i][0]; f(i, 1) = pts[i][1]; }
    const std::vector<std::uint8_t> reference{1, 1, 1, 0};
    auto k1 = chemin::paths::knn_anomaly_score(f, reference, 1);
    REQUIRE(k1.ok());
    CHECK((*k1)[0] == doctest::Approx(0.0));                  // (2,0) has the same direction
    CHECK((*k1)[1] == doctest::Approx(std::sqrt(2.0)));       // its own row does not count
    CHECK((*k1)[2] == doctest::Approx(0.0));
    CHECK((*k1)[3] == doctest::Approx(std::sqrt(2.0)));       // nearest: (0,1), a quarter turn away
    auto k2 = chemin::paths::knn_anomaly_score(f, reference, 2);
    REQUIRE(k2.ok());
    CHECK((*k2)[0] == doctest::Approx(std::sqrt(2.0)));
    CHECK((*k2)[3] == doctest::Approx(2.0));                  // second: (1,0), the opposite direction
    CHECK(std::string(chemin::paths::knn_anomaly_score(f, reference, 3).status().message()) ==
          "k-NN score: k = 3, need 1..2 (reference images - 1)");
}

TEST_CASE("calibrated Deep k-NN: p-values against the calibration nonconformities") {
    // Reference: 0, 1, 2 (label 0) and 10, 11, 12 (label 1); k = 3, one layer.
    // Calibration: 1 (label 0, alpha 0), 11 (label 1, alpha 0), 7.5 (label 0: its neighbours are 10, 11, 12, alpha 3).
    // Query 1.5: alpha(0) = 0 -> p = 3/3, credibility 1, score 0.
    // Query 6.1: neighbours 10, 2, 11 -> alpha(0) = 2, alpha(1) = 1 -> p = 1/3 both, score 2/3.
    const chemin::Matrix x = column({0, 1, 2, 10, 11, 12, 1, 11, 7.5f, 1.5f, 6.1f});
    const std::vector<std::uint8_t> reference{1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    const std::vector<std::uint8_t> calibration{0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0};
    const std::vector<int> labels{0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0};
    auto s = chemin::paths::dknn_calibrated_anomaly_score({x.view()}, reference, calibration, labels, 3);
    REQUIRE(s.ok());
    CHECK((*s)[9] == doctest::Approx(0.0));
    CHECK((*s)[10] == doctest::Approx(2.0 / 3.0));
    CHECK((*s)[8] == doctest::Approx(0.0));  // alpha(1) = 0: label 1 has p-value 1
    // Without calibration images there are no p-values.
    const std::vector<std::uint8_t> none(11, 0);
    CHECK(std::string(chemin::paths::dknn_calibrated_anomaly_score({x.view()}, reference, none, labels, 3).status().message()) ==
          "Deep k-NN: no calibration images");
}
