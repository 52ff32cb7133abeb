// The HTML report: files written, inline SVG well-formed (xmllint), data JSON valid (python3 json),
// no network reference, escaping of awkward class names, named errors for inconsistent experiments.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "chemin/chemin.hpp"
#include "synthetic_experiment.hpp"

namespace {

std::string read_text(const std::string& path) {
    auto bytes = chemin::read_file(path);
    REQUIRE_MESSAGE(bytes.ok(), bytes.status().message());
    return std::string(bytes->begin(), bytes->end());
}

/// Every "<svg ...>...</svg>" fragment of a page (they do not nest in the report).
std::vector<std::string> svg_fragments(const std::string& html) {
    std::vector<std::string> found;
    std::size_t at = 0;
    while ((at = html.find("<svg", at)) != std::string::npos) {
        const std::size_t end = html.find("</svg>", at);
        REQUIRE(end != std::string::npos);
        found.push_back(html.substr(at, end + 6 - at));
        at = end + 6;
    }
    return found;
}

std::string data_block(const std::string& html) {
    const std::string open = "<script type=\"application/json\" id=\"chemin-data\">";
    const std::size_t start = html.find(open);
    REQUIRE(start != std::string::npos);
    const std::size_t end = html.find("</script>", start);
    REQUIRE(end != std::string::npos);
    return html.substr(start + open.size(), end - start - open.size());
}

/// Every value of `attribute="..."` in the page's markup (the script is left out: it builds its
/// own elements from data).
std::vector<std::string> attribute_values(const std::string& html, const std::string& attribute) {
    const std::string markup = html.substr(0, html.find("<script>"));
    std::vector<std::string> values;
    const std::string needle = " " + attribute + "=\"";
    std::size_t at = 0;
    while ((at = markup.find(needle, at)) != std::string::npos) {
        const std::size_t start = at + needle.size(), end = markup.find('"', start);
        values.push_back(markup.substr(start, end - start));
        at = end;
    }
    return values;
}

const char* const folder = "report_test_out";

}  // namespace

TEST_CASE("write_report writes index.html and one page per experiment, and nothing else") {
    std::vector<chemin::paths::ExperimentResult> experiments{synthetic::make_experiment(), synthetic::make_experiment(30, 10, 0, 3)};
    REQUIRE(chemin::output::write_report(folder, experiments).ok());
    CHECK(std::system("python3 -c \"import os, sys; names = sorted(os.listdir('report_test_out')); "
                      "sys.exit(0 if names == ['index.html', 'synthetic_1_7.html', 'synthetic_1_7_anomaly_3.html'] else 1)\"") == 0);
    // Writing again over an existing folder works (atomic replace).
    CHECK(chemin::output::write_report(std::string(folder) + "/", experiments).ok());

    const std::string index = read_text(std::string(folder) + "/index.html");
    CHECK(index.find("<a href=\"synthetic_1_7_anomaly_3.html\">") != std::string::npos);
    CHECK(index.find("&lt;one&gt;, seven &amp; &quot;co&quot;") != std::string::npos);  // classes column
    CHECK(index.find("it&apos;s &lt;3&gt;") != std::string::npos);                      // anomalies column
    CHECK(index.find("<td>none</td>") != std::string::npos);                            // no anomalies
    CHECK(index.find("<one>") == std::string::npos);
}

TEST_CASE("every inline SVG is well-formed XML and the page data is valid JSON (real parsers)") {
    std::vector<chemin::paths::ExperimentResult> experiments{synthetic::make_experiment(), synthetic::make_experiment(30, 10, 0, 3)};
    REQUIRE(chemin::output::write_report(folder, experiments).ok());
    for (const auto& e : experiments) {
        const std::string html = read_text(std::string(folder) + "/" + e.name + ".html");
        const auto svgs = svg_fragments(html);
        // Training loss, training accuracy, the Sankey, and the ROC chart when there are anomalies.
        CHECK(svgs.size() == (e.anomaly_scores.empty() ? 3u : 4u));
        for (std::size_t s = 0; s < svgs.size(); ++s) {
            REQUIRE(chemin::write_file_atomic("report_fragment.svg", svgs[s]).ok());
            CHECK_MESSAGE(std::system("xmllint --noout report_fragment.svg") == 0, e.name << " SVG " << s);
        }
        REQUIRE(chemin::write_file_atomic("report_data.json", data_block(html)).ok());
        const std::string check =
            "python3 -c \"import json, base64; d = json.load(open('report_data.json')); n = len(d['true_class']); "
            "assert n == " + std::to_string(e.size()) + "; "
            "assert d['class_names'][0] == '<one>' and 'seven & \\\"co\\\"' in d['class_names']; "
            "assert all(len(c) == n for c in d['clusters']) and len(d['clusters']) == 2; "
            "assert all(len(l['embedding']) == 2 * n for l in d['layers']); "
            "assert all(0 <= v <= 1000 for l in d['layers'] for v in l['embedding']); "
            "assert len(d['thumbs']) == n and all(base64.b64decode(t)[:8] == b'\\x89PNG\\r\\n\\x1a\\n' for t in d['thumbs']); "
            "assert len(d['sankey_nodes']) > 0 and d['stages'][0] == 'class'\"";
        CHECK_MESSAGE(std::system(check.c_str()) == 0, e.name);
        std::remove("report_fragment.svg");
        std::remove("report_data.json");
    }
}

TEST_CASE("pages reference nothing outside themselves") {
    std::vector<chemin::paths::ExperimentResult> experiments{synthetic::make_experiment()};
    REQUIRE(chemin::output::write_report(folder, experiments).ok());
    for (const std::string page : {"index.html", "synthetic_1_7_anomaly_3.html"}) {
        const std::string html = read_text(std::string(folder) + "/" + page);
        // The only URI allowed is the SVG namespace, which is a name, not something fetched.
        std::string stripped = html;
        for (std::size_t at; (at = stripped.find("http://www.w3.org/2000/svg")) != std::string::npos;) stripped.erase(at, 26);
        CHECK_MESSAGE(stripped.find("http://") == std::string::npos, page);
        CHECK_MESSAGE(stripped.find("https://") == std::string::npos, page);
        CHECK(attribute_values(html, "src").empty());  // no external scripts or images
        CHECK(html.find("<link") == std::string::npos);
        CHECK(html.find("@import") == std::string::npos);
        for (const auto& href : attribute_values(html, "href"))
            CHECK_MESSAGE((href == "index.html" || href == "synthetic_1_7_anomaly_3.html"), page << " links to " << href);
    }
}

TEST_CASE("an experiment page holds every section, and leaves out anomalies when there are none") {
    auto with = chemin::output::report_page_html(synthetic::make_experiment());
    REQUIRE(with.ok());
    for (const char* id : {"id=\"training\"", "id=\"layers\"", "id=\"sankey\"", "id=\"linked\"", "id=\"gallery\"",
                           "id=\"anomalies\"", "class=\"chemin-sankey\"", "class=\"band\"", "class=\"chart roc\"",
                           "<tr class=\"separating\"><td>layer 2 (dense 8, relu)"})
        CHECK_MESSAGE(with->find(id) != std::string::npos, id);
    CHECK(with->find("<?xml") == std::string::npos);  // the Sankey's XML declaration is dropped inline
    CHECK(with->find("rarity of the image&apos;s path &lt;among&gt; training paths") != std::string::npos);
    CHECK(with->find("<among>") == std::string::npos);

    auto without = chemin::output::report_page_html(synthetic::make_experiment(30, 10, 0));
    REQUIRE(without.ok());
    CHECK(without->find("id=\"anomalies\"") == std::string::npos);
    CHECK(without->find("id=\"sankey\"") != std::string::npos);

    chemin::output::ReportOptions no_thumbnails;
    no_thumbnails.thumbnails = false;
    auto small = chemin::output::report_page_html(synthetic::make_experiment(), no_thumbnails);
    REQUIRE(small.ok());
    CHECK(small->find("\"thumbs\":[]") != std::string::npos);
    CHECK(small->size() < with->size());
}

TEST_CASE("flows are counted when the pipeline left them empty") {
    auto e = synthetic::make_experiment();
    auto full = chemin::output::report_page_html(e);
    e.flows = chemin::paths::FlowTable{};
    auto counted = chemin::output::report_page_html(e);
    REQUIRE(full.ok());
    REQUIRE(counted.ok());
    CHECK(*full == *counted);
}

TEST_CASE("a page of 4,500 images stays under 5 MB") {
    // 2,000 training + 2,000 test + 500 anomalies, as in the default 1-vs-7 experiment.
    auto page = chemin::output::report_page_html(synthetic::make_experiment(2000, 2000, 500));
    REQUIRE(page.ok());
    MESSAGE("synthetic page of 4,500 images: " << page->size() << " bytes");
    CHECK(page->size() < 5u * 1024 * 1024);
}

TEST_CASE("inconsistent experiments are refused with a message naming the field") {
    auto message = [](const chemin::paths::ExperimentResult& e) {
        return std::string(chemin::output::report_page_html(e).status().message());
    };
    auto e = synthetic::make_experiment();
    e.name = "../escape";
    CHECK(message(e) == "report: experiment name \"../escape\" is not a safe file name (letters, digits, '_', '-', '.'; "
                        "not empty, not starting with '.', not \"index\")");
    e = synthetic::make_experiment();
    e.confidence.pop_back();
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: 71 confidences for 72 images");
    e = synthetic::make_experiment();
    e.image_ids.resize(70);
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: 70 image ids for 72 images");
    e = synthetic::make_experiment();
    e.split.clear();
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3 has no images");
    e = synthetic::make_experiment();
    e.layers[1].embedding = chemin::Matrix(72, 3);
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: layer 2 embedding is 72 x 3, expected 72 x 2");
    e = synthetic::make_experiment();
    e.layers[0].embedding(5, 1) = std::nanf("");
    CHECK(chemin::output::report_page_html(e).status().code() == chemin::Errc::non_finite);
    CHECK(message(e).rfind("report: experiment synthetic_1_7_anomaly_3: layer 1: ", 0) == 0);
    e = synthetic::make_experiment();
    e.anomaly_scores[1].values.resize(3);
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: anomaly score softmax has 3 values for 72 images");
    e = synthetic::make_experiment();
    e.layers.pop_back();
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: 1 layer answers but 2 layers in the path table");
    e = synthetic::make_experiment();
    e.class_names.pop_back();
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: 2 class names for 3 classes");
    e = synthetic::make_experiment();
    e.images = chemin::Matrix(72, 10);
    CHECK(message(e) ==
          "report: experiment synthetic_1_7_anomaly_3: images are 72 x 10 but the experiment has 72 images of 28 x 28 pixels");
    e = synthetic::make_experiment();
    e.other_class_path_images.push_back(72);
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: other-class path image 72 is not below 72");
    e = synthetic::make_experiment();
    e.split.pop_back();
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: 71 images in the split but 72 in the path table");
    e = synthetic::make_experiment();
    e.paths.clusters.pop_back();
    CHECK(message(e) == "report: experiment synthetic_1_7_anomaly_3: path table: 143 cluster ids for 72 images x 2 layers");

    std::vector<chemin::paths::ExperimentResult> twins{synthetic::make_experiment(), synthetic::make_experiment()};
    CHECK(std::string(chemin::output::write_report(folder, twins).message()) ==
          "report: two experiments are named \"synthetic_1_7_anomaly_3\"");
    twins[1].name = "index";
    CHECK(std::string(chemin::output::write_report(folder, twins).message()) ==
          "report: experiment 1: name \"index\" is not a safe file name");
}

TEST_CASE("write_report names a folder it cannot use, and writes nothing for a bad experiment") {
    REQUIRE(chemin::write_file_atomic("report_not_a_folder", std::string("x")).ok());
    std::vector<chemin::paths::ExperimentResult> experiments{synthetic::make_experiment()};
    CHECK(std::string(chemin::output::write_report("report_not_a_folder", experiments).message()) ==
          "report_not_a_folder: cannot use as a folder: it is a file");
    CHECK(std::string(chemin::output::write_report("report_missing_parent/inner", experiments).message()) ==
          "report_missing_parent/inner: cannot create the folder: No such file or directory");
    CHECK(std::string(chemin::output::write_report("", experiments).message()) == "report: the folder name is empty");
    experiments[0].confidence.clear();
    experiments[0].split.pop_back();
    CHECK_FALSE(chemin::output::write_report("report_never_made", experiments).ok());
    CHECK(std::system("test ! -e report_never_made") == 0);
    std::remove("report_not_a_folder");
}

namespace {

/// The texts of every `<text class="<tick_class>" ...>label</text>` of the SVG with class `chart_class`.
std::vector<std::string> tick_labels(const std::string& html, const std::string& chart_class, const std::string& tick_class) {
    std::vector<std::string> labels;
    for (const std::string& svg : svg_fragments(html)) {
        if (svg.find("class=\"" + chart_class + "\"") == std::string::npos) continue;
        const std::string needle = "<text class=\"" + tick_class + "\"";
        for (std::size_t at = 0; (at = svg.find(needle, at)) != std::string::npos;) {
            const std::size_t start = svg.find('>', at) + 1, end = svg.find("</text>", start);
            labels.push_back(svg.substr(start, end - start));
            at = end;
        }
    }
    return labels;
}

std::string joined(const std::vector<double>& values) {
    std::string text;
    for (const double v : values) text += (text.empty() ? "" : " ") + chemin::output::detail::report_fixed(v, 4);
    return text;
}

}  // namespace

TEST_CASE("nice_axis puts ticks at 1, 2 or 5 x 10^k and widens the axis to whole steps (Heckbert 1990)") {
    // A training loss from 0 to 0.11: steps of 0.05, not 0.0275.
    auto loss = chemin::output::detail::nice_axis(0, 0.11);
    CHECK(joined(loss.values) == "0.0000 0.0500 0.1000 0.1500");
    CHECK(loss.step == doctest::Approx(0.05));
    CHECK(loss.decimals == 2);
    CHECK(loss.first == 0);
    CHECK(loss.last == doctest::Approx(0.15));
    // 0 to 0.7 (the synthetic experiment's loss), 0 to 1 (accuracy, ROC), 0 to 2.3, 0 to 1.1.
    CHECK(joined(chemin::output::detail::nice_axis(0, 0.7).values) == "0.0000 0.2000 0.4000 0.6000 0.8000");
    CHECK(joined(chemin::output::detail::nice_axis(0, 1).values) == "0.0000 0.2000 0.4000 0.6000 0.8000 1.0000");
    CHECK(chemin::output::detail::nice_axis(0, 1).decimals == 1);
    CHECK(joined(chemin::output::detail::nice_axis(0, 2.3).values) == "0.0000 1.0000 2.0000 3.0000");
    CHECK(joined(chemin::output::detail::nice_axis(0, 1.1).values) == "0.0000 0.5000 1.0000 1.5000");  // 1.1 / 0.1 is 11.000000000000002
    // Large and negative ranges.
    CHECK(joined(chemin::output::detail::nice_axis(-37, 412).values) == "-100.0000 0.0000 100.0000 200.0000 300.0000 400.0000 500.0000");
    CHECK(chemin::output::detail::nice_axis(-37, 412).decimals == 0);
    // Every tick is a whole multiple of the step and the step is 1, 2 or 5 times a power of ten.
    for (const double hi : {0.003, 0.07, 0.9, 3.7, 42.0, 999.0, 12345.0}) {
        const auto axis = chemin::output::detail::nice_axis(0, hi);
        const double mantissa = axis.step / std::pow(10.0, std::floor(std::log10(axis.step) + 1e-9));
        CHECK_MESSAGE((std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9), hi);
        CHECK(axis.values.front() <= 0);
        CHECK(axis.values.back() >= hi);
        CHECK(axis.values.size() >= 3);
        CHECK(axis.values.size() <= 11);
    }
}

TEST_CASE("nice_axis with a minimum step of 1 gives whole-number epoch ticks") {
    CHECK(joined(chemin::output::detail::nice_axis(1, 5, 5, 1).values) == "1.0000 2.0000 3.0000 4.0000 5.0000");
    CHECK(chemin::output::detail::nice_axis(1, 5, 5, 1).decimals == 0);
    CHECK(joined(chemin::output::detail::nice_axis(1, 2, 5, 1).values) == "1.0000 2.0000");  // not 1.0, 1.2, ...
    CHECK(joined(chemin::output::detail::nice_axis(1, 15, 5, 1).values) == "0.0000 5.0000 10.0000 15.0000");  // not 4.5, 8.0, 11.5
    CHECK(joined(chemin::output::detail::nice_axis(1, 10, 5, 1).values) == "0.0000 2.0000 4.0000 6.0000 8.0000 10.0000");
    CHECK(joined(chemin::output::detail::nice_axis(1, 1, 5, 1).values) == "1.0000 2.0000");  // one epoch
    // Degenerate input falls back to a range of one step rather than dividing by zero.
    CHECK(joined(chemin::output::detail::nice_axis(0, 0).values) == "0.0000 0.2000 0.4000 0.6000 0.8000 1.0000");
    CHECK(joined(chemin::output::detail::nice_axis(0, std::nan("")).values) == "0.0000 0.2000 0.4000 0.6000 0.8000 1.0000");
    // A range one ulp wide at 1e17 (steps below double precision) and an overflowing one end.
    CHECK(chemin::output::detail::nice_axis(1e17, std::nextafter(1e17, 1e18)).values.size() == 2);
    CHECK(chemin::output::detail::nice_axis(-1e308, 1e308).values.size() <= 11);
}

TEST_CASE("the training charts label epochs with whole numbers and the loss and rates at round values") {
    auto page = chemin::output::report_page_html(synthetic::make_experiment());
    REQUIRE(page.ok());
    const std::vector<std::string> epochs{"1", "2", "3", "4", "5"};
    CHECK(tick_labels(*page, "chart training-loss", "x-tick") == epochs);
    CHECK(tick_labels(*page, "chart training-accuracy", "x-tick") == epochs);
    // The synthetic loss falls from 0.7: ticks every 0.2, up to 0.8.
    CHECK(tick_labels(*page, "chart training-loss", "y-tick") == std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8"});
    const std::vector<std::string> rates{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"};
    CHECK(tick_labels(*page, "chart training-accuracy", "y-tick") == rates);
    CHECK(tick_labels(*page, "chart roc", "x-tick") == rates);
    CHECK(tick_labels(*page, "chart roc", "y-tick") == rates);

    // Fifteen epochs: 0, 5, 10, 15 rather than 4.5, 8.0, 11.5.
    auto e = synthetic::make_experiment();
    e.training_curve.clear();
    for (int epoch = 1; epoch <= 15; ++epoch) e.training_curve.push_back({epoch, 2.0 / epoch, 1.0 - 0.3 / epoch, 1000.0});
    page = chemin::output::report_page_html(e);
    REQUIRE(page.ok());
    CHECK(tick_labels(*page, "chart training-loss", "x-tick") == std::vector<std::string>{"0", "5", "10", "15"});
    CHECK(tick_labels(*page, "chart training-loss", "y-tick") == std::vector<std::string>{"0.0", "0.5", "1.0", "1.5", "2.0"});
}

TEST_CASE("the page data carries the Sankey's column order, which the parallel categories follow") {
    // In the synthetic experiment the barycentre ordering moves cluster 2 above cluster 1 at both
    // layers, so value order and the Sankey's order differ.
    const auto e = synthetic::make_experiment();
    auto page = chemin::output::report_page_html(e);
    REQUIRE(page.ok());
    // The order drawn: the Sankey's node bars grouped by x and sorted by y, as "value,value|...".
    const std::string data = data_block(*page);
    std::string drawn;
    {
        std::vector<std::pair<double, std::vector<std::pair<double, std::size_t>>>> columns;  // x -> (y, node id)
        const std::string needle = "<g class=\"node\" data-node=\"";
        for (std::size_t at = 0; (at = page->find(needle, at)) != std::string::npos; ++at) {
            const std::size_t id = std::stoul(page->substr(at + needle.size()));
            const std::size_t x_at = page->find("x=\"", at) + 3, y_at = page->find("y=\"", at) + 3;
            const double x = std::stod(page->substr(x_at)), y = std::stod(page->substr(y_at));
            if (columns.empty() || columns.back().first != x) columns.push_back({x, {}});
            columns.back().second.push_back({y, id});
        }
        auto flows = chemin::paths::count_flows(e.paths);
        REQUIRE(flows.ok());
        chemin::output::SankeyOptions options;
        options.anomaly_classes = e.anomaly_classes;
        auto layout = chemin::output::layout_sankey(*flows, options);
        REQUIRE(layout.ok());
        for (auto& column : columns) {
            std::sort(column.second.begin(), column.second.end());
            drawn += drawn.empty() ? "" : "|";
            for (std::size_t r = 0; r < column.second.size(); ++r)
                drawn += (r ? "," : "") + std::to_string(layout->nodes[column.second[r].second].value);
        }
    }
    CHECK(drawn == "1,3,7|0,2,1|0,2,1|1,7");
    CHECK(data.find("\"stage_order\":[[1,3,7],[0,2,1],[0,2,1],[1,7]]") != std::string::npos);
}

TEST_CASE("the home page is its lines in order, and a page's home link can point elsewhere") {
    std::vector<chemin::paths::ExperimentResult> experiments{synthetic::make_experiment(), synthetic::make_experiment(40, 20, 0)};
    auto index = chemin::output::report_index_html(experiments);
    REQUIRE(index.ok());
    const std::vector<std::string> rows{chemin::output::report_index_row(experiments[0], experiments[0].name + ".html"),
                                        chemin::output::report_index_row(experiments[1], experiments[1].name + ".html")};
    CHECK(*index == chemin::output::report_index_from_rows(rows));
    CHECK(rows[0].find("<a href=\"" + experiments[0].name + ".html\">") != std::string::npos);
    chemin::output::ReportOptions inside;
    inside.home_link = "../index.html";
    auto page = chemin::output::report_page_html(experiments[0], inside);
    REQUIRE(page.ok());
    CHECK(attribute_values(*page, "href") == std::vector<std::string>{"../index.html"});
}
