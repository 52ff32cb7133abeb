// Nearest neighbours: exact search on data with known answers, NN-descent's recall and determinism,
// trustworthiness and k-NN label agreement.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

/// `clusters` Gaussian blobs of `per_cluster` points in `dim` dimensions, centres `separation` apart on
/// the axes, unit spread. Labels are the blob numbers.
chemin::Matrix make_blobs(std::size_t clusters, std::size_t per_cluster, std::size_t dim, double separation,
                          std::uint64_t seed, std::vector<int>* labels = nullptr) {
    chemin::Rng rng(seed);
    chemin::Matrix m(clusters * per_cluster, dim);
    if (labels != nullptr) labels->clear();
    for (std::size_t c = 0; c < clusters; ++c)
        for (std::size_t p = 0; p < per_cluster; ++p) {
            float* row = m.row(c * per_cluster + p);
            for (std::size_t j = 0; j < dim; ++j)
                row[j] = static_cast<float>(rng.normal() + (j == c % dim ? separation * (1 + c / dim) : 0.0));
            if (labels != nullptr) labels->push_back(static_cast<int>(c));
        }
    return m;
}

}  // namespace

TEST_CASE("exact_knn lists self first, then the others by distance, ties to the smaller index") {
    // Points on a line at 0, 1, 3, 6, 10 and a duplicate of 3.
    const float xs[] = {0, 1, 3, 6, 10, 3};
    chemin::Matrix m(6, 1);
    for (int i = 0; i < 6; ++i) m(i, 0) = xs[i];
    auto g = chemin::embed::exact_knn(m, 3);
    REQUIRE(g.ok());
    CHECK(g->k == 3);
    const std::uint32_t expected[6][3] = {{0, 1, 2}, {1, 0, 2}, {2, 5, 1}, {3, 2, 5}, {4, 3, 2}, {5, 2, 1}};
    const float expected_distance[6][3] = {{0, 1, 3}, {0, 1, 2}, {0, 0, 2}, {0, 3, 3}, {0, 4, 7}, {0, 0, 2}};
    for (int i = 0; i < 6; ++i)
        for (int s = 0; s < 3; ++s) {
            CHECK(g->neighbors_of(i)[s] == expected[i][s]);
            CHECK(g->distances_of(i)[s] == doctest::Approx(expected_distance[i][s]));
        }
}

TEST_CASE("exact_knn_query finds the nearest reference rows of new points") {
    chemin::Matrix reference(4, 2);
    const float pts[4][2] = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
    for (int i = 0; i < 4; ++i) reference(i, 0) = pts[i][0], reference(i, 1) = pts[i][1];
    chemin::Matrix queries(2, 2);
    queries(0, 0) = 9, queries(0, 1) = 1;
    queries(1, 0) = 0, queries(1, 1) = 0;
    auto g = chemin::embed::exact_knn_query(reference, queries, 2);
    REQUIRE(g.ok());
    CHECK(g->neighbors_of(0)[0] == 1);
    CHECK(g->distances_of(0)[0] == doctest::Approx(std::sqrt(2.0)));
    CHECK(g->neighbors_of(1)[0] == 0);
    CHECK(g->distances_of(1)[0] == 0.0f);
    CHECK(g->neighbors_of(1)[1] == 1);  // (10,0) and (0,10) tie: the smaller index wins
    chemin::Matrix wrong(1, 3);
    auto bad = chemin::embed::exact_knn_query(reference, wrong, 2);
    REQUIRE(!bad.ok());
    CHECK(std::string(bad.status().message()) == "exact_knn_query: queries have D = 3 columns, the reference has 2");
}

TEST_CASE("NN-descent recalls at least 95% of the exact 15 nearest neighbours") {
    // Overlapping blobs in 20 dimensions: neighbourhoods are not trivial.
    const chemin::Matrix data = make_blobs(5, 300, 20, 3.0, 7);
    auto exact = chemin::embed::exact_knn(data, 15);
    REQUIRE(exact.ok());
    chemin::embed::NnDescentOptions o;
    o.seed = 3;
    auto approx = chemin::embed::nn_descent(data, 15, o);
    REQUIRE(approx.ok());
    const double recall = chemin::embed::knn_recall(*approx, *exact);
    MESSAGE("NN-descent recall " << recall);
    CHECK(recall >= 0.95);
    for (std::size_t i = 0; i < data.rows; ++i) CHECK(approx->neighbors_of(i)[0] == i);
    CHECK(chemin::embed::knn_recall(*exact, *exact) == 1.0);
}

TEST_CASE("NN-descent is deterministic for a seed and independent of the thread count") {
    const chemin::Matrix data = make_blobs(3, 200, 10, 4.0, 11);
    chemin::embed::NnDescentOptions o;
    o.seed = 5;
    auto one = chemin::embed::nn_descent(data, 10, o);
    auto again = chemin::embed::nn_descent(data, 10, o);
    o.threads = 3;
    auto threaded = chemin::embed::nn_descent(data, 10, o);
    REQUIRE(one.ok());
    REQUIRE(again.ok());
    REQUIRE(threaded.ok());
    CHECK(one->indices == again->indices);
    CHECK(one->distances == again->distances);
    CHECK(one->indices == threaded->indices);
    CHECK(one->distances == threaded->distances);
}

TEST_CASE("exact_knn is the same for any thread count") {
    const chemin::Matrix data = make_blobs(3, 100, 5, 4.0, 2);
    auto one = chemin::embed::exact_knn(data, 8, 1);
    auto two = chemin::embed::exact_knn(data, 8, 2);
    REQUIRE(one.ok());
    REQUIRE(two.ok());
    CHECK(one->indices == two->indices);
    CHECK(one->distances == two->distances);
}

TEST_CASE("neighbour search rejects bad input with a message naming it") {
    chemin::Matrix small(5, 2, 1.0f);
    auto few = chemin::embed::nn_descent(small, 5);
    REQUIRE(!few.ok());
    CHECK(std::string(few.status().message()) ==
          "nn_descent: N = 5 points is too few for n_neighbors = 5 (need at least n_neighbors + 1 = 6)");
    auto one = chemin::embed::exact_knn(small, 1);
    REQUIRE(!one.ok());
    CHECK(std::string(one.status().message()) == "exact_knn: n_neighbors = 1, need at least 2 (self and one other)");
    chemin::Matrix with_nan(10, 2, 0.0f);
    with_nan(4, 1) = std::nanf("");
    auto nan = chemin::embed::exact_knn(with_nan, 3);
    REQUIRE(!nan.ok());
    CHECK(std::string(nan.status().message()) == "exact_knn: row 4, column 1 is NaN");
    chemin::embed::NnDescentOptions o;
    o.max_candidates = 0;
    auto zero = chemin::embed::nn_descent(make_blobs(1, 20, 2, 0, 1), 3, o);
    REQUIRE(!zero.ok());
    CHECK(std::string(zero.status().message()) == "nn_descent: max_candidates = 0, need at least 1");
}

TEST_CASE("duplicate points get distance 0 and do not break NN-descent") {
    chemin::Matrix data = make_blobs(2, 50, 3, 5.0, 4);
    chemin::Matrix doubled(200, 3);
    for (std::size_t i = 0; i < 200; ++i)
        for (std::size_t j = 0; j < 3; ++j) doubled(i, j) = data(i % 100, j);
    auto g = chemin::embed::nn_descent(doubled, 5);
    REQUIRE(g.ok());
    auto e = chemin::embed::exact_knn(doubled, 5);
    REQUIRE(e.ok());
    for (std::size_t i = 0; i < 200; ++i) {
        CHECK(e->neighbors_of(i)[1] == (i + 100) % 200);  // its twin, at distance 0
        CHECK(e->distances_of(i)[1] == 0.0f);
    }
    std::size_t twins_found = 0;
    for (std::size_t i = 0; i < 200; ++i) twins_found += g->neighbors_of(i)[1] == (i + 100) % 200 ? 1 : 0;
    CHECK(twins_found == 200);  // NN-descent finds every twin too
    CHECK(chemin::embed::knn_recall(*g, *e) >= 0.8);
}

TEST_CASE("trustworthiness is 1 for an isometric embedding and drops for a scrambled one") {
    const chemin::Matrix data = make_blobs(3, 60, 2, 5.0, 9);
    auto same = chemin::embed::trustworthiness(data, data, 5);
    REQUIRE(same.ok());
    CHECK(*same == doctest::Approx(1.0));
    chemin::Matrix scrambled = data;
    chemin::Rng rng(1);
    rng.shuffle(scrambled.values.data(), scrambled.values.size());
    auto low = chemin::embed::trustworthiness(data, scrambled, 5);
    REQUIRE(low.ok());
    CHECK(*low < 0.7);
    auto two = chemin::embed::trustworthiness(data, scrambled, 5, 2);
    REQUIRE(two.ok());
    CHECK(*two == *low);
    auto bad_k = chemin::embed::trustworthiness(data, data, 100);
    REQUIRE(!bad_k.ok());
    CHECK(std::string(bad_k.status().message()) == "trustworthiness: k = 100 needs 1 <= k < n / 2 (n = 180)");
}

TEST_CASE("trustworthiness matches a hand computation and scikit-learn") {
    // Original points on a line at 0, 1, 3, 6, 10, 15; the embedding swaps the two ends (0 <-> 15).
    // k = 1, each point's embedded nearest neighbour j and j's rank r(i, j) in the original space:
    //   i=0 (now at 15): j=4 (at 10), original rank 4 -> penalty r - k = 3
    //   i=1 (at 1):      j=5 (at 0),  original rank 5 -> penalty 4
    //   i=5 (now at 0):  j=1 (at 1),  original rank 4 -> penalty 3
    //   i=2, 3, 4: their embedded nearest is also their original nearest -> 0
    // T = 1 - 2 / (n k (2n - 3k - 1)) * 10 = 1 - 2 / 48 * 10 = 0.58333...
    // scikit-learn 1.2's trustworthiness(X, Y, n_neighbors=1) gives 0.5833333333333334 and
    // n_neighbors=2 gives 0.5666666666666667.
    const float xs[6] = {0, 1, 3, 6, 10, 15};
    chemin::Matrix original(6, 1), embedded(6, 1);
    for (int i = 0; i < 6; ++i) original(i, 0) = xs[i], embedded(i, 0) = xs[i];
    embedded(0, 0) = 15;
    embedded(5, 0) = 0;
    auto t1 = chemin::embed::trustworthiness(original, embedded, 1);
    REQUIRE(t1.ok());
    CHECK(*t1 == doctest::Approx(0.5833333333333334).epsilon(1e-12));
    auto t2 = chemin::embed::trustworthiness(original, embedded, 2);
    REQUIRE(t2.ok());
    CHECK(*t2 == doctest::Approx(0.5666666666666667).epsilon(1e-12));
}

TEST_CASE("k-NN label agreement counts same-label neighbours in percent") {
    chemin::Matrix points(4, 1);
    points(0, 0) = 0, points(1, 0) = 1, points(2, 0) = 10, points(3, 0) = 11;
    auto a = chemin::embed::knn_label_agreement(points, {0, 0, 1, 1}, 1);
    REQUIRE(a.ok());
    CHECK(*a == doctest::Approx(100.0));
    auto b = chemin::embed::knn_label_agreement(points, {0, 1, 1, 0}, 1);
    REQUIRE(b.ok());
    CHECK(*b == doctest::Approx(0.0));
    auto c = chemin::embed::knn_label_agreement(points, {0, 1}, 1);
    REQUIRE(!c.ok());
    CHECK(std::string(c.status().message()) == "knn_label_agreement: 2 labels for 4 points");
    const auto sub = chemin::embed::even_subsample(10, 3);
    CHECK(sub == std::vector<std::size_t>{0, 3, 6});
}
