#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}
struct Example {
    chemin::Matrix xy{5, 2};
    chemin::output::ScatterData data;
    Example() {
        const float pts[5][2] = {{0, 0}, {1, 0}, {0, 1}, {5, 5}, {9, -3}};
        for (std::size_t i = 0; i < 5; ++i) { xy(i, 0) = pts[i][0]; xy(i, 1) = pts[i][1]; }
        data.points = xy;
        data.labels = {1, 1, 7, 7, 3};
        data.is_anomaly = {0, 0, 0, 0, 1};
        data.clusters = {0, 0, 1, 1, 1};
        data.ids = {10, 11, 12, 13, 14};
    }
};
}  // namespace

TEST_CASE("scatter SVG draws one circle per normal point and one cross per anomaly, with a legend") {
    Example e;
    chemin::output::ScatterOptions o;
    o.title = "layer 2 (K = 2)";
    o.class_names = {"1", "<3>", "7"};
    auto svg = chemin::output::scatter_svg(e.data, o);
    REQUIRE(svg.ok());
    CHECK(count(*svg, "<circle cx") == 4 + 2);  // 4 points + 2 legend markers
    CHECK(count(*svg, "<title>") == 5);
    CHECK(svg->find("image 14, class &lt;3&gt;, cluster 1 (anomaly)") != std::string::npos);
    CHECK(svg->find("layer 2 (K = 2)") != std::string::npos);
    CHECK(svg->find(chemin::output::detail::anomaly_colour(0)) != std::string::npos);
    REQUIRE(chemin::write_file_atomic("scatter_test.svg", *svg).ok());
    CHECK(std::system("xmllint --noout scatter_test.svg") == 0);
    std::remove("scatter_test.svg");
}

TEST_CASE("point JSON and Plotly JSON parse and carry every point") {
    Example e;
    auto points = chemin::output::scatter_points_json(e.data);
    REQUIRE(points.ok());
    auto plotly = chemin::output::scatter_plotly_json(e.data);
    REQUIRE(plotly.ok());
    REQUIRE(chemin::write_file_atomic("scatter_points.json", *points).ok());
    REQUIRE(chemin::write_file_atomic("scatter_plotly.json", *plotly).ok());
    CHECK(std::system("python3 -c \"import json; p = json.load(open('scatter_points.json')); "
                      "assert len(p) == 5 and p[4]['is_anomaly'] and p[4]['id'] == 14 and p[0]['prediction'] is None; "
                      "f = json.load(open('scatter_plotly.json')); "
                      "assert sum(len(t['x']) for t in f['data']) == 5; "
                      "assert [t['marker']['symbol'] for t in f['data']] == ['circle', 'x', 'circle']\"") == 0);
    std::remove("scatter_points.json");
    std::remove("scatter_plotly.json");
}

TEST_CASE("scatter rejects wrong shapes, mismatched vectors, NaN and unknown labels") {
    Example e;
    chemin::Matrix three(5, 3);
    chemin::output::ScatterData bad = e.data;
    bad.points = three;
    CHECK(std::string(chemin::output::scatter_svg(bad).status().message()) == "scatter: points must have 2 columns, got 3");
    bad = e.data;
    bad.labels.pop_back();
    CHECK(std::string(chemin::output::scatter_svg(bad).status().message()) == "scatter: 5 points but 4 labels");
    bad = e.data;
    bad.clusters = {1};
    CHECK(std::string(chemin::output::scatter_points_json(bad).status().message()) == "scatter: 5 points but 1 cluster ids");
    e.xy(2, 1) = std::numeric_limits<float>::quiet_NaN();
    CHECK(std::string(chemin::output::scatter_svg(e.data).status().message()) == "scatter points: row 2, column 1 is NaN");
    Example f;
    chemin::output::ScatterOptions o;
    o.classes = {1, 7};
    CHECK(std::string(chemin::output::scatter_svg(f.data, o).status().message()) == "scatter: label 3 is not among the given classes");
}
