#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

using Flags = std::vector<std::uint8_t>;

TEST_CASE("AUROC of scikit-learn's documented example is 0.75, FPR at 95% TPR is 0.5") {
    auto r = chemin::paths::roc({0.1, 0.4, 0.35, 0.8}, Flags{0, 0, 1, 1});
    REQUIRE(r.ok());
    CHECK(r->auroc == doctest::Approx(0.75));
    CHECK(r->fpr_at_95_tpr == doctest::Approx(0.5));
    CHECK(r->positives == 2);
    CHECK(r->negatives == 2);
    REQUIRE(r->curve.size() == 5);
    CHECK(r->curve.front().false_positive_rate == 0.0);
    CHECK(r->curve.front().true_positive_rate == 0.0);
    CHECK(r->curve.back().false_positive_rate == 1.0);
    CHECK(r->curve.back().true_positive_rate == 1.0);
}

TEST_CASE("a perfect score has AUROC 1 and FPR95 0; an inverted one has AUROC 0") {
    auto good = chemin::paths::roc({5, 6, 7, 1, 2}, Flags{1, 1, 1, 0, 0});
    CHECK(good->auroc == 1.0);
    CHECK(good->fpr_at_95_tpr == 0.0);
    auto bad = chemin::paths::roc({1, 2, 7, 8}, Flags{1, 1, 0, 0});
    CHECK(bad->auroc == 0.0);
    CHECK(bad->fpr_at_95_tpr == 1.0);
}

TEST_CASE("tied scores count half, so a constant score has AUROC 0.5") {
    auto r = chemin::paths::roc({3, 3, 3, 3, 3}, Flags{1, 0, 0, 1, 0});
    CHECK(r->auroc == doctest::Approx(0.5));
    CHECK(r->fpr_at_95_tpr == doctest::Approx(0.95));  // on the tied diagonal, at TPR 0.95
    // Mann-Whitney by brute force on a mixed example with ties.
    std::vector<double> s{0.2, 0.5, 0.5, 0.9, 0.1, 0.5, 0.7};
    Flags f{0, 1, 0, 1, 0, 1, 0};
    double wins = 0;
    int pairs = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        for (std::size_t j = 0; j < s.size(); ++j)
            if (f[i] && !f[j]) {
                wins += s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0);
                ++pairs;
            }
    CHECK(chemin::paths::roc(s, f)->auroc == doctest::Approx(wins / pairs));
}

TEST_CASE("FPR at 95% TPR is interpolated through the tied group that reaches 95% TPR") {
    // 10 positives: 9 score 5 (alone above the negatives), 1 ties with 4 of 8 negatives at score 2.
    // The tied step goes from (0, 0.9) to (0.5, 1.0): TPR 0.95 is half-way, FPR 0.25.
    std::vector<double> s{5, 5, 5, 5, 5, 5, 5, 5, 5, 2, 2, 2, 2, 2, 1, 1, 1, 1};
    Flags f{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    auto r = chemin::paths::roc(s, f);
    REQUIRE(r.ok());
    CHECK(r->fpr_at_95_tpr == doctest::Approx(0.25));
    // Untied: the first threshold reaching 95% TPR, as before.
    auto u = chemin::paths::roc({9, 8, 7, 6}, Flags{1, 0, 1, 0});
    CHECK(u->fpr_at_95_tpr == doctest::Approx(0.5));
}

TEST_CASE("ROC rejects mismatched lengths, one-sided labels and non-finite scores") {
    auto a = chemin::paths::roc({1, 2}, Flags{1});
    CHECK(std::string(a.status().message()) == "ROC: 2 scores but 1 labels");
    auto b = chemin::paths::roc({1, 2}, Flags{1, 1});
    CHECK(std::string(b.status().message()) == "ROC: needs both positives and negatives (got 2 and 0)");
    auto c = chemin::paths::roc({1, std::nan("")}, Flags{1, 0});
    CHECK(c.status().code() == chemin::Errc::non_finite);
    CHECK(std::string(c.status().message()) == "ROC: score 1 is NaN");
}
