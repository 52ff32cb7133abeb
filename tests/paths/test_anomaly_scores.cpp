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
    auto s = chemin::softmax_anomaly_score({1.0f, 0.75f, 0.5f});
    CHECK(s[0] == 0.0);
    CHECK(s[1] == doctest::Approx(0.25));
    CHECK(s[2] == doctest::Approx(0.5));
}

TEST_CASE("Deep k-NN counts neighbours whose label disagrees with the prediction, never the image itself") {
    Cloud c;
    // Make image 3 (a 0 predicted as 0) sit between the two classes' neighbourhoods: no change needed,
    // its 3 nearest other references are all 0s.
    auto s = chemin::dknn_anomaly_score({c.x.view()}, c.reference, c.labels, c.predicted, 3);
    REQUIRE(s.ok());
    for (std::size_t i = 0; i < 8; ++i) CHECK((*s)[i] == 0.0);
    // The outlier is predicted 1; its 3 nearest references: two 0s and one 1, or the reverse; the
    // ties between classes are symmetric, so count what exact search gives: at least one disagrees.
    CHECK((*s)[8] >= 1.0);
    // Predicting a 0 image as 1 makes all its neighbours disagree.
    c.predicted[0] = 1;
    auto t = chemin::dknn_anomaly_score({c.x.view(), c.x.view()}, c.reference, c.labels, c.predicted, 3);
    CHECK((*t)[0] == 6.0);  // 3 neighbours x 2 layers
    CHECK(std::string(chemin::dknn_anomaly_score({c.x.view()}, c.reference, c.labels, c.predicted, 9).status().message()) ==
          "Deep k-NN: k = 9, need 1..8 (the reference images)");
}

TEST_CASE("Mahalanobis score is highest for the point far from both classes") {
    Cloud c;
    auto s = chemin::mahalanobis_anomaly_score({c.x.view()}, c.reference, c.labels);
    REQUIRE(s.ok());
    for (std::size_t i = 0; i < 8; ++i) CHECK((*s)[8] > 10 * (*s)[i]);
    CHECK(std::string(chemin::mahalanobis_anomaly_score({c.x.view()}, {1, 0}, c.labels).status().message()) ==
          "Mahalanobis: 9 images but 2 reference flags and 9 labels");
}

TEST_CASE("path score adds path rarity and the distance to the centroids relative to the reference median") {
    chemin::PathTable t;
    t.layer_count = 1;
    t.clusters = {0, 0, 0, 1};
    t.true_class = {1, 1, 1, 3};
    t.predicted_class = {1, 1, 1, 1};
    t.is_anomaly = {0, 0, 0, 1};
    std::vector<std::uint8_t> reference{1, 1, 1, 0};
    auto stats = chemin::path_statistics(t, reference);
    REQUIRE(stats.ok());
    std::vector<std::vector<double>> distances{{1.0, 2.0, 3.0, 8.0}};  // reference median 2
    auto s = chemin::path_anomaly_score(t, *stats, distances, reference);
    REQUIRE(s.ok());
    CHECK((*s)[0] == doctest::Approx(-std::log(4.0 / 4.0) + 0.5));
    CHECK((*s)[3] == doctest::Approx(std::log(4.0) + 4.0));
    distances[0].pop_back();
    CHECK(std::string(chemin::path_anomaly_score(t, *stats, distances, reference).status().message()) ==
          "path score: layer 1 has 3 distances for 4 images");
}
