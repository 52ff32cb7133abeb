#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
// Seven images, two layers: (0,0) x3 class 1, (0,1) class 7, (1,1) x2 class 7, (0,0) class 7.
chemin::paths::PathTable table() {
    chemin::paths::PathTable t;
    t.layer_count = 2;
    t.clusters = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0};
    t.true_class = {1, 1, 1, 7, 7, 7, 7};
    t.predicted_class = {1, 1, 1, 7, 7, 7, 7};
    t.is_anomaly.assign(7, 0);
    return t;
}
}  // namespace

TEST_CASE("path complexity counts the distinct paths of the selected images") {
    const auto t = table();
    CHECK(*chemin::paths::path_complexity(t, std::vector<std::uint8_t>(7, 1)) == 3);
    CHECK(*chemin::paths::path_complexity(t, {1, 1, 1, 0, 0, 0, 1}) == 1);
    CHECK(std::string(chemin::paths::path_complexity(t, std::vector<std::uint8_t>(7, 0)).status().message()) ==
          "path complexity: no image selected");
}

TEST_CASE("weighted path purity: the majority class of each path, weighted by its size") {
    const auto t = table();
    // (0,0): 3 of 4 are 1s; (0,1): 1 of 1; (1,1): 2 of 2 -> (3 + 1 + 2) / 7.
    CHECK(*chemin::paths::weighted_path_purity(t, std::vector<std::uint8_t>(7, 1)) == doctest::Approx(6.0 / 7.0));
}

TEST_CASE("decision-alignment faithfulness: the path's training label against the prediction") {
    auto t = table();
    auto reference = chemin::paths::path_statistics(t);
    REQUIRE(reference.ok());
    const std::vector<std::uint8_t> all(7, 1);
    // The 7 on path (0,0) is predicted 7 but the path's label is 1.
    CHECK(*chemin::paths::decision_alignment_faithfulness(t, *reference, all) == doctest::Approx(6.0 / 7.0));
    // Paths no reference image took count as not aligned: reference = the first three images only.
    auto first_three = chemin::paths::path_statistics(t, {1, 1, 1, 0, 0, 0, 0});
    CHECK(*chemin::paths::decision_alignment_faithfulness(t, *first_three, all) == doctest::Approx(3.0 / 7.0));
}

TEST_CASE("path agreement: the share of paths unchanged under perturbation") {
    CHECK(*chemin::paths::path_agreement({0, 0, 0, 1, 1, 1}, {0, 0, 1, 1, 1, 1}, 2) == doctest::Approx(2.0 / 3.0));
    CHECK(*chemin::paths::path_agreement({0, 1}, {0, 1}, 2) == 1.0);
    CHECK(std::string(chemin::paths::path_agreement({0, 1}, {0}, 2).status().message()) ==
          "path agreement: 2 clean and 1 perturbed cluster ids");
}

TEST_CASE("one layer's faithfulness and the smallest K where it plateaus") {
    auto t = table();  // predictions = true classes: 1 1 1 7 7 7 7
    const std::vector<std::size_t> rows{0, 1, 2, 3, 4, 5, 6};
    const std::vector<std::uint8_t> all(7, 1);
    // One cluster: majority class 7 (4 of 7) -> 4/7 aligned.
    CHECK(chemin::study::detail::layer_faithfulness({0, 0, 0, 0, 0, 0, 0}, rows, all, t) == doctest::Approx(4.0 / 7.0));
    // Clusters {0,1,2,6} (class 1 by 3 to 1) and {3,4,5} (class 7): only image 6 misaligned.
    CHECK(chemin::study::detail::layer_faithfulness({0, 0, 0, 1, 1, 1, 0}, rows, all, t) == doctest::Approx(6.0 / 7.0));
    // Rows not flagged as training do not count.
    CHECK(chemin::study::detail::layer_faithfulness({0, 0, 0, 1, 1, 1, 0}, rows, {1, 1, 1, 1, 1, 1, 0}, t) == doctest::Approx(1.0));
    CHECK(chemin::study::detail::faithfulness_plateau({0.5, 0.9, 0.97, 0.972, 0.973}) == 2);
    CHECK(chemin::study::detail::faithfulness_plateau({0.5, 0.9, 0.95, 0.972, 0.973}) == 3);
    CHECK(chemin::study::detail::faithfulness_plateau({0.8}) == 0);
}
