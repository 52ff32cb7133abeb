// Tests of the preparation steps: keep classes, one-hot, shuffle, split, mixing in anomalies.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
/// 20 tiny 1x2 images; image i has label i % 5 and pixels (i, -i) so rows can be traced.
chemin::data::Dataset small_dataset() {
    chemin::data::Dataset d;
    d.image_rows = 1;
    d.image_cols = 2;
    d.images = chemin::Matrix(20, 2);
    for (int i = 0; i < 20; ++i) {
        d.images(static_cast<std::size_t>(i), 0) = static_cast<float>(i);
        d.images(static_cast<std::size_t>(i), 1) = static_cast<float>(-i);
        d.labels.push_back(i % 5);
        d.ids.push_back(i);
        d.is_anomaly.push_back(0);
    }
    return d;
}
/// Every row still carries its own label, id and pixels.
void check_aligned(const chemin::data::Dataset& d) {
    REQUIRE(chemin::data::check_dataset(d, "d").ok());
    for (std::size_t i = 0; i < d.size(); ++i) {
        CHECK(d.images(i, 0) == static_cast<float>(d.ids[i]));
        CHECK(d.labels[i] == static_cast<int>(d.ids[i] % 5));
    }
}
}  // namespace

TEST_CASE("keep_classes keeps the first N of each class in file order") {
    auto kept = chemin::data::keep_classes(small_dataset(), {3, 1}, {2, false, 0});
    REQUIRE(kept.ok());
    CHECK(kept->ids == std::vector<std::int64_t>{1, 3, 6, 8});
    CHECK(kept->labels == std::vector<int>{1, 3, 1, 3});
    check_aligned(*kept);
    auto all = chemin::data::keep_classes(small_dataset(), {4});
    REQUIRE(all.ok());
    CHECK(all->ids == std::vector<std::int64_t>{4, 9, 14, 19});
}

TEST_CASE("keep_classes with a seed picks the same random subset every time") {
    const chemin::data::KeepClassesOptions options{2, true, 42};
    auto a = chemin::data::keep_classes(small_dataset(), {0, 2}, options);
    auto b = chemin::data::keep_classes(small_dataset(), {0, 2}, options);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->ids == b->ids);
    CHECK(a->size() == 4);
    CHECK(std::count(a->labels.begin(), a->labels.end(), 0) == 2);
    CHECK(std::count(a->labels.begin(), a->labels.end(), 2) == 2);
    CHECK(std::is_sorted(a->ids.begin(), a->ids.end()));
    check_aligned(*a);
    // Different seeds reach different subsets (over a few seeds at least one differs).
    bool differs = false;
    for (std::uint64_t seed = 1; seed < 6; ++seed)
        differs = differs || chemin::data::keep_classes(small_dataset(), {0, 2}, {2, true, seed})->ids != a->ids;
    CHECK(differs);
}

TEST_CASE("keep_classes rejects bad requests with their exact errors") {
    auto d = small_dataset();
    CHECK(std::string(chemin::data::keep_classes(d, {}).status().message()) == "keep_classes: no classes given");
    CHECK(std::string(chemin::data::keep_classes(d, {1, 1}).status().message()) == "keep_classes: class 1 is listed twice");
    CHECK(std::string(chemin::data::keep_classes(d, {8}).status().message()) == "keep_classes: class 8 has no images");
    CHECK(std::string(chemin::data::keep_classes(d, {1}, {5, false, 0}).status().message()) ==
          "keep_classes: class 1 has 4 images, 5 requested");
    d.ids.pop_back();
    CHECK(std::string(chemin::data::keep_classes(d, {1}).status().message()) ==
          "keep_classes: 20 images but 20 labels, 19 ids, 20 anomaly flags");
}

TEST_CASE("one_hot orders columns by the sorted kept labels") {
    auto m = chemin::data::one_hot({7, 1, 3, 7}, {7, 3, 1});
    REQUIRE(m.ok());
    CHECK(m->rows == 4);
    CHECK(m->cols == 3);
    const float expected[4][3] = {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 3; ++j) CHECK((*m)(i, j) == expected[i][j]);
    CHECK(std::string(chemin::data::one_hot({1, 3, 5}, {1, 3, 7}).status().message()) ==
          "label 5 at row 2 is not among the kept classes {1, 3, 7}");
    CHECK(std::string(chemin::data::one_hot({1}, {1, 1}).status().message()) == "class_indices: class 1 is listed twice");
    CHECK(*chemin::data::class_indices({7, 1, 3}, {1, 3, 7}) == std::vector<int>{2, 0, 1});
}

TEST_CASE("shuffle_dataset is a seeded permutation that keeps rows aligned") {
    const auto d = small_dataset();
    const auto a = chemin::data::shuffle_dataset(d, 7);
    const auto b = chemin::data::shuffle_dataset(d, 7);
    CHECK(a.ids == b.ids);
    CHECK(a.images.values == b.images.values);
    CHECK(a.ids != d.ids);
    auto sorted = a.ids;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == d.ids);
    check_aligned(a);
    CHECK(chemin::data::shuffle_dataset(d, 8).ids != a.ids);
}

TEST_CASE("split_train_validation takes the last rows as validation") {
    auto parts = chemin::data::split_train_validation(small_dataset(), 5);
    REQUIRE(parts.ok());
    CHECK(parts->train.size() == 15);
    CHECK(parts->validation.size() == 5);
    CHECK(parts->validation.ids.front() == 15);
    check_aligned(parts->train);
    check_aligned(parts->validation);
    CHECK(std::string(chemin::data::split_train_validation(small_dataset(), 21).status().message()) ==
          "split_train_validation: 21 validation images requested, the dataset has 20");
}

TEST_CASE("mix_anomalies appends flagged images of other classes") {
    auto base = chemin::data::keep_classes(small_dataset(), {1, 3});
    REQUIRE(base.ok());
    auto mixed = chemin::data::mix_anomalies(*base, small_dataset(), {4}, {2, false, 0});
    REQUIRE(mixed.ok());
    CHECK(mixed->size() == base->size() + 2);
    CHECK(mixed->ids[base->size()] == 4);
    CHECK(mixed->ids[base->size() + 1] == 9);
    for (std::size_t i = 0; i < mixed->size(); ++i) CHECK(mixed->is_anomaly[i] == (mixed->labels[i] == 4 ? 1 : 0));
    check_aligned(*mixed);
    // The flags survive a shuffle and a split.
    const auto shuffled = chemin::data::shuffle_dataset(*mixed, 3);
    for (std::size_t i = 0; i < shuffled.size(); ++i) CHECK(shuffled.is_anomaly[i] == (shuffled.labels[i] == 4 ? 1 : 0));
    CHECK(std::string(chemin::data::mix_anomalies(*base, small_dataset(), {3}).status().message()) ==
          "mix_anomalies: anomaly class 3 already occurs in the base dataset");
    CHECK(std::string(chemin::data::mix_anomalies(*base, small_dataset(), {4}, {9, false, 0}).status().message()) ==
          "mix_anomalies: keep_classes: class 4 has 4 images, 9 requested");
    auto other = small_dataset();
    other.image_cols = 1;
    other.image_rows = 2;
    CHECK(std::string(chemin::data::mix_anomalies(*base, other, {4}).status().message()) ==
          "concatenate: images of 1 x 2 and 2 x 1");
}
