#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

TEST_CASE("standardizer gives every column mean 0 and variance 1, constant columns become 0") {
    chemin::Matrix x(4, 3);
    const float values[4][3] = {{1, 10, 5}, {2, 20, 5}, {3, 30, 5}, {4, 40, 5}};
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 3; ++j) x(i, j) = values[i][j];
    chemin::cluster::Standardizer s;
    REQUIRE(s.fit(x).ok());
    CHECK(s.mean[0] == doctest::Approx(2.5));
    CHECK(s.scale[0] == doctest::Approx(std::sqrt(1.25)));  // population standard deviation
    CHECK(s.scale[2] == 1.0);
    auto z = s.transform(x);
    REQUIRE(z.ok());
    for (std::size_t j = 0; j < 2; ++j) {
        double mean = 0, var = 0;
        for (std::size_t i = 0; i < 4; ++i) mean += (*z)(i, j);
        for (std::size_t i = 0; i < 4; ++i) var += (*z)(i, j) * (*z)(i, j);
        CHECK(mean == doctest::Approx(0.0).epsilon(1e-6));
        CHECK(var / 4 == doctest::Approx(1.0));
    }
    for (std::size_t i = 0; i < 4; ++i) CHECK((*z)(i, 2) == 0.0f);
}

TEST_CASE("standardizer rejects transform before fit, wrong widths and NaN") {
    chemin::cluster::Standardizer s;
    chemin::Matrix x(2, 2, 1.0f);
    CHECK(std::string(s.transform(x).status().message()) == "standardizer: transform before fit");
    REQUIRE(s.fit(x).ok());
    chemin::Matrix wide(2, 3, 1.0f);
    CHECK(std::string(s.transform(wide).status().message()) == "standardizer: fitted on 2 columns, given 3");
    x(1, 1) = std::numeric_limits<float>::quiet_NaN();
    CHECK(std::string(s.fit(x).message()) == "standardizer input: row 1, column 1 is NaN");
}

TEST_CASE("nearest centroid separates two clouds and scores held-out rows") {
    chemin::Matrix x(6, 2);
    std::vector<int> y{1, 1, 1, 7, 7, 7};
    const float pts[6][2] = {{0, 0}, {0, 1}, {1, 0}, {5, 5}, {5, 6}, {6, 5}};
    for (std::size_t i = 0; i < 6; ++i) { x(i, 0) = pts[i][0]; x(i, 1) = pts[i][1]; }
    chemin::cluster::NearestCentroid model;
    REQUIRE(model.fit(x, y).ok());
    CHECK(model.classes == std::vector<int>{1, 7});
    CHECK(model.centroids(1, 0) == doctest::Approx(16.0 / 3.0));
    const float near_seven[2] = {4.0f, 4.5f};
    CHECK(model.predict(near_seven) == 7);
    chemin::Matrix test(2, 2);
    test(0, 0) = 0.2f; test(0, 1) = 0.2f;   // a 1, correctly near the 1s
    test(1, 0) = 0.5f; test(1, 1) = 0.5f;   // labelled 7 but sits with the 1s
    auto acc = model.accuracy(test, {1, 7});
    REQUIRE(acc.ok());
    CHECK(*acc == doctest::Approx(0.5));
    CHECK(std::string(model.fit(x, {1, 7}).message()) == "nearest centroid: 6 rows but 2 labels");
}

TEST_CASE("Mahalanobis distance uses the shared covariance: stretched directions count less") {
    // Two classes whose spread is 10x larger along x than along y.
    chemin::Matrix x(8, 2);
    std::vector<int> y{0, 0, 0, 0, 1, 1, 1, 1};
    const float pts[8][2] = {{-10, 0}, {10, 0}, {0, -1}, {0, 1}, {90, 0}, {110, 0}, {100, -1}, {100, 1}};
    for (std::size_t i = 0; i < 8; ++i) { x(i, 0) = pts[i][0]; x(i, 1) = pts[i][1]; }
    chemin::paths::MahalanobisModel model;
    REQUIRE(model.fit(x, y).ok());
    // Covariance: var_x = 200/4 = 50, var_y = 2/4 = 0.5, no correlation.
    const float along_x[2] = {10.0f, 0.0f}, along_y[2] = {0.0f, 1.0f};
    CHECK(model.score(along_x) == doctest::Approx(100.0 / 50.0).epsilon(1e-4));
    CHECK(model.score(along_y) == doctest::Approx(1.0 / 0.5).epsilon(1e-4));
    const float far_off[2] = {50.0f, 5.0f};
    CHECK(model.score(far_off) > 40.0);
    auto all = model.scores(x);
    REQUIRE(all.ok());
    CHECK((*all)[0] == doctest::Approx(2.0).epsilon(1e-4));
}

TEST_CASE("Mahalanobis survives a dead neuron (zero-variance column) thanks to the ridge") {
    chemin::Matrix x(6, 3, 0.0f);
    std::vector<int> y{0, 0, 0, 1, 1, 1};
    for (std::size_t i = 0; i < 6; ++i) {
        x(i, 0) = static_cast<float>(i);
        x(i, 1) = static_cast<float>(i * i % 5);
    }
    chemin::paths::MahalanobisModel model;
    REQUIRE(model.fit(x, y).ok());
    CHECK(model.ridge > 0);
    auto s = model.scores(x);
    REQUIRE(s.ok());
    for (double v : *s) CHECK(std::isfinite(v));
    chemin::Matrix narrow(1, 2, 0.0f);
    CHECK(std::string(model.scores(narrow).status().message()) == "Mahalanobis: fitted on 3 columns, given 2");
}
