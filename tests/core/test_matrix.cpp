#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

TEST_CASE("squared_distance matches the definition for every length, including the tail") {
    for (std::size_t d = 0; d < 11; ++d) {
        std::vector<float> a(d), b(d);
        double expected = 0;
        for (std::size_t j = 0; j < d; ++j) {
            a[j] = 0.5f * static_cast<float>(j);
            b[j] = 1.0f - static_cast<float>(j * j) * 0.25f;
            expected += (double(a[j]) - b[j]) * (double(a[j]) - b[j]);
        }
        CHECK(chemin::squared_distance(a.data(), b.data(), d) == doctest::Approx(expected).epsilon(1e-6));
    }
}

TEST_CASE("Matrix rows are row-major and views see the same values") {
    chemin::Matrix m(3, 2);
    m(1, 0) = 5.0f;
    m.row(2)[1] = 7.0f;
    chemin::MatrixView v = m;
    CHECK(v.rows == 3);
    CHECK(v.cols == 2);
    CHECK(v.row(1)[0] == 5.0f);
    CHECK(v.data[5] == 7.0f);
}

TEST_CASE("check_matrix names empty shapes and the first non-finite value") {
    chemin::Matrix empty(0, 4);
    CHECK(std::string(chemin::check_matrix(empty, "X").message()) == "X: no rows (N = 0)");
    chemin::Matrix no_cols(4, 0);
    CHECK(std::string(chemin::check_matrix(no_cols, "X").message()) == "X: no columns (D = 0)");
    chemin::Matrix m(2, 3, 1.0f);
    CHECK(chemin::check_matrix(m, "X").ok());
    m(1, 2) = std::numeric_limits<float>::quiet_NaN();
    chemin::Status s = chemin::check_matrix(m, "signatures");
    CHECK(s.code() == chemin::Errc::non_finite);
    CHECK(std::string(s.message()) == "signatures: row 1, column 2 is NaN");
    m(1, 2) = 1.0f;
    m(0, 1) = -std::numeric_limits<float>::infinity();
    CHECK(std::string(chemin::check_matrix(m, "X").message()) == "X: row 0, column 1 is infinite");
}

TEST_CASE("parallel_for_chunks runs every chunk exactly once whatever the thread count") {
    for (int threads : {1, 2, 3, 8}) {
        std::vector<int> hits(17, 0);
        chemin::parallel_for_chunks(hits.size(), threads, [&](std::size_t c) { hits[c] += 1; });
        for (int h : hits) CHECK(h == 1);
    }
    int calls = 0;
    chemin::parallel_for_chunks(0, 4, [&](std::size_t) { ++calls; });
    CHECK(calls == 0);
    CHECK(chemin::hardware_threads() >= 1);
}

TEST_CASE("copy_rows copies the chosen rows in the chosen order") {
    chemin::Matrix m(3, 2);
    for (std::size_t i = 0; i < 3; ++i) { m(i, 0) = static_cast<float>(i); m(i, 1) = static_cast<float>(10 * i); }
    chemin::Matrix picked = chemin::copy_rows(m, {2, 0, 2});
    REQUIRE(picked.rows == 3);
    REQUIRE(picked.cols == 2);
    CHECK(picked(0, 0) == 2.0f);
    CHECK(picked(0, 1) == 20.0f);
    CHECK(picked(1, 1) == 0.0f);
    CHECK(picked(2, 0) == 2.0f);
    CHECK(chemin::copy_rows(m, {}).rows == 0);
}
