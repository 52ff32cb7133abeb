#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
// 1s go to cluster 1 of layer 1, 7s to cluster 0: drawn in value order the two bands would cross,
// since class 1 sits above class 7 in the first column.
chemin::paths::PathTable crossing_example() {
    chemin::paths::PathTable t;
    t.layer_count = 2;
    t.true_class = {1, 1, 1, 7, 7, 3};
    t.clusters = {1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1};
    t.predicted_class = {1, 1, 1, 7, 7, 7};
    t.is_anomaly = {0, 0, 0, 0, 0, 1};
    return t;
}
chemin::output::SankeyLayout layout_of(const chemin::paths::PathTable& t, int sweeps, std::vector<std::string> names = {}) {
    auto flows = chemin::paths::count_flows(t);
    REQUIRE(flows.ok());
    chemin::output::SankeyOptions options;
    options.ordering_sweeps = sweeps;
    options.anomaly_classes = {3};
    options.class_names = names;
    auto layout = chemin::output::layout_sankey(*flows, options);
    REQUIRE(layout.ok());
    return *layout;
}
}  // namespace

TEST_CASE("nodes are numbered column by column, so every band goes forward") {
    auto layout = layout_of(crossing_example(), 4);
    CHECK(layout.stage_count == 4);
    CHECK(layout.nodes.size() == 3 + 2 + 2 + 2);
    for (std::size_t i = 1; i < layout.nodes.size(); ++i) CHECK(layout.nodes[i - 1].stage <= layout.nodes[i].stage);
    for (const auto& b : layout.bands) {
        CHECK(b.source < b.target);
        CHECK(layout.nodes[b.target].stage == layout.nodes[b.source].stage + 1);
    }
}

TEST_CASE("node heights are proportional to counts and every column holds every image") {
    auto layout = layout_of(crossing_example(), 4);
    for (std::size_t s = 0; s < layout.stage_count; ++s) {
        std::int64_t total = 0;
        for (const auto& n : layout.nodes)
            if (n.stage == s) {
                total += n.count;
                CHECK(n.height == doctest::Approx(static_cast<double>(n.count) * layout.pixels_per_image));
            }
        CHECK(total == 6);
    }
    // Bands leave a node stacked without gaps or overlaps.
    for (std::size_t id = 0; id < layout.nodes.size(); ++id) {
        double out = 0;
        for (const auto& b : layout.bands)
            if (b.source == id) out += b.thickness;
        if (layout.nodes[id].stage + 1 < layout.stage_count) CHECK(out == doctest::Approx(layout.nodes[id].height));
    }
}

TEST_CASE("barycentre ordering removes the crossing that value order creates") {
    auto unordered = layout_of(crossing_example(), 0);
    auto ordered = layout_of(crossing_example(), 4);
    CHECK(chemin::output::detail::sankey_weighted_crossings(unordered) > 0);
    CHECK(chemin::output::detail::sankey_weighted_crossings(ordered) == 0);
}

TEST_CASE("SVG has a title on every node and band, anomaly colours, and escapes class names") {
    auto layout = layout_of(crossing_example(), 4, {"one & only", "<three>", "se\"ven"});
    const std::string svg = chemin::output::sankey_svg(layout);
    std::size_t titles = 0;
    for (std::size_t at = svg.find("<title>"); at != std::string::npos; at = svg.find("<title>", at + 1)) ++titles;
    CHECK(titles == layout.nodes.size() + layout.bands.size());
    CHECK(svg.find("&lt;three&gt; (anomaly)") != std::string::npos);
    CHECK(svg.find("one &amp; only") != std::string::npos);
    CHECK(svg.find("se&quot;ven") != std::string::npos);
    CHECK(svg.find("<three>") == std::string::npos);
    CHECK(svg.find(chemin::output::detail::anomaly_colour(0)) != std::string::npos);
    CHECK(svg.find("% of class") != std::string::npos);
}

TEST_CASE("SVG and JSON parse with real parsers (xmllint, python json)") {
    auto layout = layout_of(crossing_example(), 4, {"one & only", "<three>", "se\"ven"});
    REQUIRE(chemin::write_file_atomic("sankey_test.svg", chemin::output::sankey_svg(layout)).ok());
    REQUIRE(chemin::write_file_atomic("sankey_test.json", chemin::output::sankey_json(layout)).ok());
    CHECK(std::system("xmllint --noout sankey_test.svg") == 0);
    CHECK(std::system("python3 -c \"import json; d = json.load(open('sankey_test.json')); "
                      "assert all(l['source'] < l['target'] for l in d['links']); "
                      "assert d['class_names'][1] == '<three>'; assert len(d['nodes']) == 9\"") == 0);
    std::remove("sankey_test.svg");
    std::remove("sankey_test.json");
}

TEST_CASE("bad Sankey options are named") {
    auto flows = chemin::paths::count_flows(crossing_example());
    chemin::output::SankeyOptions options;
    options.class_names = {"a"};
    CHECK(std::string(chemin::output::layout_sankey(*flows, options).status().message()) == "Sankey: 1 class names for 3 classes");
    options = {};
    options.stage_names = {"a", "b"};
    CHECK(std::string(chemin::output::layout_sankey(*flows, options).status().message()) == "Sankey: 2 stage names for 4 stages");
    options = {};
    options.height = 20;
    CHECK(chemin::output::layout_sankey(*flows, options).status().code() == chemin::Errc::bad_argument);
    CHECK(std::string(chemin::output::layout_sankey(chemin::paths::FlowTable{}, {}).status().message()) == "Sankey: no flows to draw");
}

TEST_CASE("sankey_column_order lists each column's values from top to bottom, in the barycentre order") {
    auto layout = layout_of(crossing_example(), 4);
    const auto order = chemin::output::detail::sankey_column_order(layout);
    REQUIRE(order.size() == layout.stage_count);
    // Classes stay in class order; at layer 1 the 1s' cluster (1) climbs above the 7s' (0); at layer 2
    // the 1s' cluster is 0, on top already.
    CHECK(order[0] == std::vector<int>{1, 3, 7});
    CHECK(order[1] == std::vector<int>{1, 0});
    CHECK(order[2] == std::vector<int>{0, 1});
    CHECK(order[3] == std::vector<int>{1, 7});
    for (const auto& node : layout.nodes) CHECK(order[node.stage][node.rank] == node.value);
    // Without sweeps the columns keep value order.
    CHECK(chemin::output::detail::sankey_column_order(layout_of(crossing_example(), 0))[1] == std::vector<int>{0, 1});
}
