#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chemin/chemin.hpp"

using V = std::vector<int>;

TEST_CASE("contingency counts pairs of values, with values in increasing order") {
    auto t = chemin::paths::contingency(V{7, 1, 1, 7, 7}, V{0, 0, 2, 2, 2});
    REQUIRE(t.ok());
    CHECK(t->first_values == V{1, 7});
    CHECK(t->second_values == V{0, 2});
    CHECK(t->at(0, 0) == 1);
    CHECK(t->at(0, 1) == 1);
    CHECK(t->at(1, 0) == 1);
    CHECK(t->at(1, 1) == 2);
    CHECK(t->row_sum(1) == 3);
    CHECK(t->column_sum(1) == 3);
}

TEST_CASE("purity is the share of items in their cluster's majority class") {
    // cluster 0: classes 1,1,7 -> 2; cluster 1: 7,7 -> 2; cluster 2: 3 -> 1  => 5/6
    auto p = chemin::paths::purity(V{0, 0, 0, 1, 1, 2}, V{1, 1, 7, 7, 7, 3});
    REQUIRE(p.ok());
    CHECK(*p == doctest::Approx(5.0 / 6.0));
    CHECK(*chemin::paths::purity(V{4, 4, 9}, V{1, 1, 7}) == doctest::Approx(1.0));
}

TEST_CASE("ARI: scikit-learn's documented examples") {
    CHECK(*chemin::paths::adjusted_rand_index(V{0, 0, 1, 1}, V{0, 0, 1, 1}) == doctest::Approx(1.0));
    CHECK(*chemin::paths::adjusted_rand_index(V{0, 0, 1, 1}, V{1, 1, 0, 0}) == doctest::Approx(1.0));
    CHECK(*chemin::paths::adjusted_rand_index(V{0, 0, 1, 2}, V{0, 0, 1, 1}) == doctest::Approx(0.5714285714));
    CHECK(*chemin::paths::adjusted_rand_index(V{0, 0, 1, 1}, V{0, 0, 1, 2}) == doctest::Approx(0.5714285714));
    CHECK(*chemin::paths::adjusted_rand_index(V{0, 0, 0, 0}, V{0, 1, 2, 3}) == doctest::Approx(0.0));
    CHECK(*chemin::paths::adjusted_rand_index(V{0, 0, 1, 1}, V{0, 1, 0, 1}) == doctest::Approx(-0.5));
    // Trivial labelings that match are perfect, as in scikit-learn.
    CHECK(*chemin::paths::adjusted_rand_index(V{3, 3, 3}, V{5, 5, 5}) == 1.0);
    CHECK(*chemin::paths::adjusted_rand_index(V{0, 1, 2}, V{2, 0, 1}) == 1.0);
}

TEST_CASE("NMI: identical up to renaming is 1, independent is 0, refinement gives the exact ratio") {
    CHECK(*chemin::paths::normalized_mutual_information(V{0, 0, 1, 1}, V{1, 1, 0, 0}) == doctest::Approx(1.0));
    CHECK(*chemin::paths::normalized_mutual_information(V{0, 0, 1, 1}, V{0, 1, 0, 1}) == doctest::Approx(0.0));
    CHECK(*chemin::paths::normalized_mutual_information(V{0, 0, 0, 0}, V{0, 1, 2, 3}) == doctest::Approx(0.0));
    // V refines U: I = H(U) = ln 2, H(V) = 1.5 ln 2, so NMI = ln 2 / (1.25 ln 2) = 0.8 exactly.
    CHECK(*chemin::paths::normalized_mutual_information(V{0, 0, 1, 1}, V{0, 0, 1, 2}) == doctest::Approx(0.8));
    CHECK(*chemin::paths::normalized_mutual_information(V{2, 2}, V{9, 9}) == 1.0);
}

TEST_CASE("agreement measures reject labelings of different lengths or no items") {
    auto r = chemin::paths::adjusted_rand_index(V{0, 1}, V{0});
    CHECK(r.status().code() == chemin::Errc::size_mismatch);
    CHECK(std::string(r.status().message()) == "labelings differ in length: 2 and 1");
    CHECK(std::string(chemin::paths::purity(V{}, V{}).status().message()) == "labelings are empty (N = 0)");
    CHECK(chemin::paths::normalized_mutual_information(V{}, V{}).status().code() == chemin::Errc::bad_shape);
}
