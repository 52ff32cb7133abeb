#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "test_data.hpp"


TEST_CASE("exact silhouette equals scikit-learn's silhouette_score to 1e-5 on every fixture") {
    for (const char* name : test_data::fixtures) {
        CAPTURE(name);
        const chemin::Matrix x = test_data::matrix(std::string(name) + "_x.npy");
        for (const char* which : {"lloyd_labels", "truth"}) {
            CAPTURE(which);
            const auto labels = test_data::labels(std::string(name) + "_" + which + ".npy");
            auto s = chemin::cluster::silhouette(x, labels);
            REQUIRE_MESSAGE(s.ok(), s.status().message());
            CHECK(std::fabs(*s - test_data::figure(name, std::string("silhouette_") + which)) < 1e-5);
        }
    }
}

TEST_CASE("every s(i) of the exact silhouette agrees with reference::silhouette_samples to 1e-6") {
    // The fast silhouette adds float distances as exact fixed-point integers over 64 x 64 tiles; the
    // reference adds double distances from direct differences, one point at a time.
    for (const char* name : test_data::fixtures) {
        CAPTURE(name);
        const chemin::Matrix x = test_data::matrix(std::string(name) + "_x.npy");
        for (const char* which : {"lloyd_labels", "truth"}) {
            CAPTURE(which);
            const auto labels = test_data::labels(std::string(name) + "_" + which + ".npy");
            auto fast = chemin::cluster::silhouette_samples(x, labels);
            REQUIRE(fast.ok());
            const std::vector<double> same = chemin::reference::silhouette_samples(x, labels);
            REQUIRE(same.size() == fast->samples.size());
            double largest = 0.0;
            for (std::size_t i = 0; i < same.size(); ++i) largest = std::max(largest, std::fabs(fast->samples[i] - same[i]));
            CAPTURE(largest);
            CHECK(largest <= 1e-6);
            const double textbook = chemin::reference::silhouette(x, labels);
            CHECK(std::fabs(fast->mean - textbook) <= 1e-6);
            // The reference itself is scikit-learn's silhouette_score (double distances) to 1e-10.
            CHECK(std::fabs(textbook - test_data::figure(name, std::string("silhouette_") + which)) <= 1e-10);
        }
    }
}

TEST_CASE("per-sample silhouettes: a point alone in its cluster scores 0, the mean is their mean") {
    const chemin::Matrix x = test_data::matrix("singleton3_x.npy");
    const auto labels = test_data::labels("singleton3_truth.npy");  // the last point is label 7, alone
    auto r = chemin::cluster::silhouette_samples(x, labels);
    REQUIRE(r.ok());
    CHECK(r->samples.back() == 0.0);
    double total = 0.0;
    for (double s : r->samples) {
        CHECK(s >= -1.0);
        CHECK(s <= 1.0);
        total += s;
    }
    CHECK(r->mean == doctest::Approx(total / static_cast<double>(x.rows)).epsilon(1e-12));
    CHECK(r->mean == doctest::Approx(chemin::reference::silhouette(x, labels)).epsilon(1e-6));
}

TEST_CASE("silhouette: label values need not be 0..L-1 (renumbered in order)") {
    const chemin::Matrix x = test_data::matrix("blobs2d_x.npy");
    auto labels = test_data::labels("blobs2d_truth.npy");
    auto base = chemin::cluster::silhouette(x, labels);
    for (auto& l : labels) l = l * 10 - 7;
    auto shifted = chemin::cluster::silhouette(x, labels);
    REQUIRE(base.ok());
    REQUIRE(shifted.ok());
    CHECK(*base == *shifted);
}

TEST_CASE("silhouette with threads equals the single-threaded result bit for bit") {
    const chemin::Matrix x = test_data::matrix("blobs16_x.npy");
    const auto labels = test_data::labels("blobs16_truth.npy");
    chemin::cluster::SilhouetteOptions one, three;
    three.threads = 3;
    auto a = chemin::cluster::silhouette_samples(x, labels, one);
    auto b = chemin::cluster::silhouette_samples(x, labels, three);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->mean == b->mean);
    CHECK(a->samples == b->samples);
}

TEST_CASE("sampled silhouette: seeded, the exact score of the sample, all points when S >= N") {
    const chemin::Matrix x = test_data::matrix("blobs16_x.npy");
    const auto labels = test_data::labels("blobs16_truth.npy");
    auto full = chemin::cluster::silhouette(x, labels);
    auto all = chemin::cluster::silhouette_sampled(x, labels, 10000, 1);
    REQUIRE(full.ok());
    REQUIRE(all.ok());
    CHECK(*full == *all);
    auto s1 = chemin::cluster::silhouette_sampled(x, labels, 200, 42);
    auto s2 = chemin::cluster::silhouette_sampled(x, labels, 200, 42);
    auto s3 = chemin::cluster::silhouette_sampled(x, labels, 200, 43);
    REQUIRE(s1.ok());
    REQUIRE(s2.ok());
    REQUIRE(s3.ok());
    CHECK(*s1 == *s2);
    CHECK(*s1 != *s3);
    CHECK(std::fabs(*s1 - *full) < 0.05);
    auto tiny = chemin::cluster::silhouette_sampled(x, labels, 1, 0);
    REQUIRE_FALSE(tiny.ok());
    CHECK(std::string(tiny.status().message()) == "silhouette: sample size 1, must be at least 2");
}

TEST_CASE("simplified silhouette is close to the exact one on separated blobs and in [-1, 1]") {
    const chemin::Matrix x = test_data::matrix("blobs2d_x.npy");
    const auto labels = test_data::labels("blobs2d_truth.npy");
    auto simple = chemin::cluster::simplified_silhouette(x, labels);
    auto exact = chemin::cluster::silhouette(x, labels);
    REQUIRE(simple.ok());
    REQUIRE(exact.ok());
    CHECK(*simple > *exact);  // distances to means are shorter than mean distances: a(i) shrinks
    CHECK(*simple < 1.0);
    CHECK(std::fabs(*simple - *exact) < 0.2);
    // Two points per cluster at +-1 around means 0 and 10 (1-D): a = 1, b = 10 -> 0.9 for the inner
    // points, b = 11 or 9 ... computed by hand: points 0,2 | 9,11 with means 1 and 10.
    chemin::Matrix m(4, 1);
    m.values = {0.0f, 2.0f, 9.0f, 11.0f};
    auto hand = chemin::cluster::simplified_silhouette(m, {0, 0, 1, 1});
    REQUIRE(hand.ok());
    // s = (b - a) / b: point 0: a = 1, b = 10 -> 0.9; point 2: a = 1, b = 8 -> 0.875;
    // point 9: a = 1, b = 8 -> 0.875; point 11: a = 1, b = 10 -> 0.9.
    CHECK(*hand == doctest::Approx((0.9 + 0.875 + 0.875 + 0.9) / 4.0).epsilon(1e-12));
}

TEST_CASE("duplicated points: distances clamp at 0, all-identical clusters score 0, never NaN") {
    chemin::Matrix x(6, 3);
    for (std::size_t i = 0; i < 6; ++i)
        for (std::size_t k = 0; k < 3; ++k) x(i, k) = 1e4f + (i < 3 ? 0.0f : 1.0f);
    auto r = chemin::cluster::silhouette_samples(x, {0, 0, 0, 1, 1, 1});
    REQUIRE(r.ok());
    for (double s : r->samples) CHECK(s == 1.0);  // a = 0 exactly, b > 0
    chemin::Matrix same(4, 2, 3.0f);
    auto z = chemin::cluster::silhouette_samples(same, {0, 0, 1, 1});
    REQUIRE(z.ok());
    for (double s : z->samples) CHECK(s == 0.0);  // a = b = 0
}

TEST_CASE("silhouette bad input: clear errors") {
    chemin::Matrix x(4, 2, 1.0f);
    x(1, 0) = 2.0f;
    auto one = chemin::cluster::silhouette(x, {3, 3, 3, 3});
    REQUIRE_FALSE(one.ok());
    CHECK(std::string(one.status().message()) == "silhouette: 1 cluster among 4 points; needs 2 to N - 1 = 3 clusters");
    auto all = chemin::cluster::silhouette(x, {0, 1, 2, 3});
    REQUIRE_FALSE(all.ok());
    CHECK(std::string(all.status().message()) == "silhouette: 4 clusters among 4 points; needs 2 to N - 1 = 3 clusters");
    auto count = chemin::cluster::silhouette(x, {0, 1});
    REQUIRE_FALSE(count.ok());
    CHECK(count.status().code() == chemin::Errc::size_mismatch);
    CHECK(std::string(count.status().message()) == "silhouette: 2 labels for 4 points");
    x(2, 1) = std::nanf("");
    auto nan = chemin::cluster::silhouette(x, {0, 0, 1, 1});
    REQUIRE_FALSE(nan.ok());
    CHECK(std::string(nan.status().message()) == "silhouette data: row 2, column 1 is NaN");
    auto empty = chemin::cluster::silhouette(chemin::Matrix(0, 3), {});
    REQUIRE_FALSE(empty.ok());
    CHECK(std::string(empty.status().message()) == "silhouette data: no rows (N = 0)");
    auto simple = chemin::cluster::simplified_silhouette(chemin::Matrix(3, 0), {0, 1, 1});
    REQUIRE_FALSE(simple.ok());
    CHECK(std::string(simple.status().message()) == "silhouette data: no columns (D = 0)");
}

TEST_CASE("several labellings at once: each gets exactly what it gets alone, bit for bit") {
    const chemin::Matrix x = test_data::matrix("blobs16_x.npy");
    std::vector<std::vector<std::int32_t>> labellings = {test_data::labels("blobs16_truth.npy"),
                                                          test_data::labels("blobs16_lloyd_labels.npy")};
    std::vector<std::int32_t> stripes(x.rows);   // a third labelling unrelated to the others
    for (std::size_t i = 0; i < x.rows; ++i) stripes[i] = static_cast<std::int32_t>(i % 7);
    labellings.push_back(stripes);
    chemin::cluster::SilhouetteOptions two;
    two.threads = 2;
    auto all = chemin::cluster::silhouette_samples_many(x, labellings, two);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 3);
    for (std::size_t m = 0; m < labellings.size(); ++m) {
        auto alone = chemin::cluster::silhouette_samples(x, labellings[m]);
        REQUIRE(alone.ok());
        CHECK((*all)[m].mean == alone->mean);
        CHECK((*all)[m].samples == alone->samples);
        CHECK((*all)[m].mean == doctest::Approx(chemin::reference::silhouette(x, labellings[m])).epsilon(1e-6));
    }
    auto none = chemin::cluster::silhouette_samples_many(x, {});
    REQUIRE(none.ok());
    CHECK(none->empty());
    auto bad = chemin::cluster::silhouette_samples_many(x, {labellings[0], std::vector<std::int32_t>(x.rows, 4)});
    REQUIRE_FALSE(bad.ok());
    CHECK(std::string(bad.status().message()) ==
          "labelling 1: silhouette: 1 cluster among 500 points; needs 2 to N - 1 = 499 clusters");
}

TEST_CASE("the silhouette does not depend on the order of the points: shuffled in, shuffled out, same bits") {
    const chemin::Matrix x = test_data::matrix("blobs16_x.npy");
    const auto labels = test_data::labels("blobs16_truth.npy");
    std::vector<std::size_t> order(x.rows);
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    chemin::Rng rng(5);
    rng.shuffle(order.data(), order.size());
    chemin::Matrix shuffled(x.rows, x.cols);
    std::vector<std::int32_t> shuffled_labels(x.rows);
    for (std::size_t i = 0; i < x.rows; ++i) {
        std::copy(x.row(order[i]), x.row(order[i]) + x.cols, shuffled.row(i));
        shuffled_labels[i] = labels[order[i]];
    }
    auto a = chemin::cluster::silhouette_samples(x, labels);
    auto b = chemin::cluster::silhouette_samples(shuffled, shuffled_labels);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    for (std::size_t i = 0; i < x.rows; ++i) CHECK(b->samples[i] == a->samples[order[i]]);
}

TEST_CASE("silhouette at very large and very small scales: the fixed-point sums keep full precision") {
    const chemin::Matrix base = test_data::matrix("blobs2d_x.npy");
    const auto labels = test_data::labels("blobs2d_truth.npy");
    const double reference_score = chemin::reference::silhouette(base, labels);
    for (float factor : {1e-12f, 1e-3f, 1e3f, 1e12f}) {
        chemin::Matrix scaled = base;
        for (float& v : scaled.values) v *= factor;
        CAPTURE(factor);
        auto s = chemin::cluster::silhouette(scaled, labels);
        REQUIRE(s.ok());
        CHECK(*s == doctest::Approx(reference_score).epsilon(1e-6));
    }
}

TEST_CASE("silhouette: values whose squares overflow float are a clear error, not undefined behaviour") {
    chemin::Matrix x(4, 2);
    const float values[] = {0.0f, 0.0f, 1.0f, 0.0f, 3e19f, 0.0f, 1.0f, 1.0f};
    std::copy(values, values + 8, x.values.begin());
    auto s = chemin::cluster::silhouette(x, {0, 0, 1, 1});
    REQUIRE_FALSE(s.ok());
    CHECK(s.status().code() == chemin::Errc::non_finite);
    CHECK(std::string(s.status().message()) ==
          "silhouette data: row 2, column 0 is 3e+19: squared distances over 2 columns overflow float beyond "
          "|value| = 1.63e+18; rescale the data (e.g. divide it by its largest value)");
}
