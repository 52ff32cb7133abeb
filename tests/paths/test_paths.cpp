#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
// Six images, two hidden layers. Classes 1 and 7, plus one anomaly of class 3.
//   id  class  layer1  layer2  predicted
//   0   1      0       0       1
//   1   1      0       0       1
//   2   1      0       1       1
//   3   7      1       1       7
//   4   7      0       0       1     <- a 7 on the 1s' path
//   5   3      1       1       7     (anomaly)
chemin::paths::PathTable example() {
    chemin::paths::PathTable t;
    t.layer_count = 2;
    t.clusters = {0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1};
    t.true_class = {1, 1, 1, 7, 7, 3};
    t.predicted_class = {1, 1, 1, 7, 1, 7};
    t.is_anomaly = {0, 0, 0, 0, 0, 1};
    return t;
}
}  // namespace

TEST_CASE("stage values run from true class through the clusters to the prediction") {
    auto t = example();
    CHECK(t.stage_value(4, 0) == 7);
    CHECK(t.stage_value(4, 1) == 0);
    CHECK(t.stage_value(4, 2) == 0);
    CHECK(t.stage_value(4, 3) == 1);
}

TEST_CASE("flows between consecutive stages are counted in total and per class") {
    auto flows = chemin::paths::count_flows(example());
    REQUIRE(flows.ok());
    CHECK(flows->classes == std::vector<int>{1, 3, 7});
    REQUIRE(flows->stages.size() == 3);
    // Stage 0 -> 1: class 1 -> cluster 0 (3 images), class 3 -> cluster 1, class 7 -> 0 and -> 1.
    const auto& first = flows->stages[0];
    REQUIRE(first.size() == 4);
    CHECK(first[0].from == 1);
    CHECK(first[0].to == 0);
    CHECK(first[0].count == 3);
    CHECK(first[0].by_class == std::vector<std::int64_t>{3, 0, 0});
    CHECK(first[1].from == 3);
    CHECK(first[2].from == 7);
    CHECK(first[2].to == 0);
    CHECK(first[3].to == 1);
    // Layer 1 -> layer 2: (0 -> 0) holds images 0, 1, 4: two 1s and one 7.
    const auto& middle = flows->stages[1];
    CHECK(middle[0].from == 0);
    CHECK(middle[0].to == 0);
    CHECK(middle[0].by_class == std::vector<std::int64_t>{2, 0, 1});
    // Every stage's flows add up to all images.
    for (const auto& stage : flows->stages) {
        std::int64_t total = 0;
        for (const auto& f : stage) total += f.count;
        CHECK(total == 6);
    }
}

TEST_CASE("path statistics count distinct paths per class and each class's most common share") {
    auto t = example();
    std::vector<std::uint8_t> normal{1, 1, 1, 1, 1, 0};
    auto stats = chemin::paths::path_statistics(t, normal);
    REQUIRE(stats.ok());
    CHECK(stats->classes == std::vector<int>{1, 7});
    REQUIRE(stats->paths.size() == 3);
    CHECK(stats->paths[0].path == std::vector<int>{0, 0});
    CHECK(stats->paths[0].count == 3);
    CHECK(stats->paths[0].majority_class == 1);
    REQUIRE(stats->per_class.size() == 2);
    CHECK(stats->per_class[0].class_label == 1);
    CHECK(stats->per_class[0].distinct_paths == 2);
    CHECK(stats->per_class[0].most_common_share == doctest::Approx(2.0 / 3.0));
    CHECK(stats->per_class[1].distinct_paths == 2);
    CHECK(stats->per_class[1].most_common_share == doctest::Approx(0.5));
    CHECK(stats->paths[stats->find(t.path(3), 2)].majority_class == 7);
    // With the anomaly counted too, path (1,1) holds one 3 and one 7: a tie goes to the smaller class.
    auto all = chemin::paths::path_statistics(t);
    CHECK(all->paths[all->find(t.path(3), 2)].majority_class == 3);
}

TEST_CASE("the 7 on the 1s' path is found, and only it") {
    auto t = example();
    std::vector<std::uint8_t> normal{1, 1, 1, 1, 1, 0};
    auto stats = chemin::paths::path_statistics(t, normal);
    CHECK(chemin::paths::images_on_other_class_paths(t, *stats, normal) == std::vector<std::size_t>{4});
}

TEST_CASE("path rarity is low for common paths and highest for unseen ones") {
    auto t = example();
    std::vector<std::uint8_t> reference{1, 1, 1, 1, 1, 0};
    auto stats = chemin::paths::path_statistics(t, reference);
    t.clusters[11] = 5;  // the anomaly now takes a path no reference image took: (1, 5)
    auto rarity = chemin::paths::path_rarity(t, *stats);
    CHECK(rarity[0] == doctest::Approx(-std::log(4.0 / 6.0)));
    CHECK(rarity[2] == doctest::Approx(-std::log(2.0 / 6.0)));
    CHECK(rarity[5] == doctest::Approx(std::log(6.0)));
    CHECK(rarity[5] > rarity[2]);
}

TEST_CASE("inconsistent path tables are rejected with the sizes named") {
    auto t = example();
    t.clusters.pop_back();
    auto flows = chemin::paths::count_flows(t);
    CHECK(flows.status().code() == chemin::Errc::size_mismatch);
    CHECK(std::string(flows.status().message()) == "path table: 11 cluster ids for 6 images x 2 layers");
    t = example();
    t.predicted_class.pop_back();
    CHECK(std::string(chemin::paths::count_flows(t).status().message()) ==
          "path table: 6 true classes, 5 predictions, 6 anomaly flags");
    t = example();
    t.clusters[3] = -1;
    CHECK(std::string(chemin::paths::count_flows(t).status().message()) == "path table: image 1 has cluster -1 at layer 2");
    auto none = chemin::paths::path_statistics(example(), std::vector<std::uint8_t>(6, 0));
    CHECK(std::string(none.status().message()) == "path statistics: no image selected");
}
