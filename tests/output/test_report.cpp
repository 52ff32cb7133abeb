// The HTML report: files written, inline SVG well-formed (xmllint), data JSON valid (python3 json),
// no network reference, escaping of awkward class names, named errors for inconsistent experiments.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
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
    std::vector<chemin::ExperimentResult> experiments{synthetic::make_experiment(), synthetic::make_experiment(30, 10, 0, 3)};
    REQUIRE(chemin::write_report(folder, experiments).ok());
    CHECK(std::system("python3 -c \"import os, sys; names = sorted(os.listdir('report_test_out')); "
                      "sys.exit(0 if names == ['index.html', 'synthetic_1_7.html', 'synthetic_1_7_anomaly_3.html'] else 1)\"") == 0);
    // Writing again over an existing folder works (atomic replace).
    CHECK(chemin::write_report(std::string(folder) + "/", experiments).ok());

    const std::string index = read_text(std::string(folder) + "/index.html");
    CHECK(index.find("<a href=\"synthetic_1_7_anomaly_3.html\">") != std::string::npos);
    CHECK(index.find("&lt;one&gt;, seven &amp; &quot;co&quot;") != std::string::npos);  // classes column
    CHECK(index.find("it&apos;s &lt;3&gt;") != std::string::npos);                      // anomalies column
    CHECK(index.find("<td>none</td>") != std::string::npos);                            // no anomalies
    CHECK(index.find("<one>") == std::string::npos);
}

TEST_CASE("every inline SVG is well-formed XML and the page data is valid JSON (real parsers)") {
    std::vector<chemin::ExperimentResult> experiments{synthetic::make_experiment(), synthetic::make_experiment(30, 10, 0, 3)};
    REQUIRE(chemin::write_report(folder, experiments).ok());
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
    std::vector<chemin::ExperimentResult> experiments{synthetic::make_experiment()};
    REQUIRE(chemin::write_report(folder, experiments).ok());
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
    auto with = chemin::report_page_html(synthetic::make_experiment());
    REQUIRE(with.ok());
    for (const char* id : {"id=\"training\"", "id=\"layers\"", "id=\"sankey\"", "id=\"linked\"", "id=\"gallery\"",
                           "id=\"anomalies\"", "class=\"chemin-sankey\"", "class=\"band\"", "class=\"chart roc\"",
                           "<tr class=\"separating\"><td>layer 2 (dense 8, relu)"})
        CHECK_MESSAGE(with->find(id) != std::string::npos, id);
    CHECK(with->find("<?xml") == std::string::npos);  // the Sankey's XML declaration is dropped inline
    CHECK(with->find("rarity of the image&apos;s path &lt;among&gt; training paths") != std::string::npos);
    CHECK(with->find("<among>") == std::string::npos);

    auto without = chemin::report_page_html(synthetic::make_experiment(30, 10, 0));
    REQUIRE(without.ok());
    CHECK(without->find("id=\"anomalies\"") == std::string::npos);
    CHECK(without->find("id=\"sankey\"") != std::string::npos);

    chemin::ReportOptions no_thumbnails;
    no_thumbnails.thumbnails = false;
    auto small = chemin::report_page_html(synthetic::make_experiment(), no_thumbnails);
    REQUIRE(small.ok());
    CHECK(small->find("\"thumbs\":[]") != std::string::npos);
    CHECK(small->size() < with->size());
}

TEST_CASE("flows are counted when the pipeline left them empty") {
    auto e = synthetic::make_experiment();
    auto full = chemin::report_page_html(e);
    e.flows = chemin::FlowTable{};
    auto counted = chemin::report_page_html(e);
    REQUIRE(full.ok());
    REQUIRE(counted.ok());
    CHECK(*full == *counted);
}

TEST_CASE("a page of 4,500 images stays under 5 MB") {
    // 2,000 training + 2,000 test + 500 anomalies, as in the default 1-vs-7 experiment.
    auto page = chemin::report_page_html(synthetic::make_experiment(2000, 2000, 500));
    REQUIRE(page.ok());
    MESSAGE("synthetic page of 4,500 images: " << page->size() << " bytes");
    CHECK(page->size() < 5u * 1024 * 1024);
}

TEST_CASE("inconsistent experiments are refused with a message naming the field") {
    auto message = [](const chemin::ExperimentResult& e) {
        return std::string(chemin::report_page_html(e).status().message());
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
    CHECK(chemin::report_page_html(e).status().code() == chemin::Errc::non_finite);
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

    std::vector<chemin::ExperimentResult> twins{synthetic::make_experiment(), synthetic::make_experiment()};
    CHECK(std::string(chemin::write_report(folder, twins).message()) ==
          "report: two experiments are named \"synthetic_1_7_anomaly_3\"");
    twins[1].name = "index";
    CHECK(std::string(chemin::write_report(folder, twins).message()) ==
          "report: experiment 1: name \"index\" is not a safe file name");
}

TEST_CASE("write_report names a folder it cannot use, and writes nothing for a bad experiment") {
    REQUIRE(chemin::write_file_atomic("report_not_a_folder", std::string("x")).ok());
    std::vector<chemin::ExperimentResult> experiments{synthetic::make_experiment()};
    CHECK(std::string(chemin::write_report("report_not_a_folder", experiments).message()) ==
          "report_not_a_folder: cannot use as a folder: it is a file");
    CHECK(std::string(chemin::write_report("report_missing_parent/inner", experiments).message()) ==
          "report_missing_parent/inner: cannot create the folder: No such file or directory");
    CHECK(std::string(chemin::write_report("", experiments).message()) == "report: the folder name is empty");
    experiments[0].confidence.clear();
    experiments[0].split.pop_back();
    CHECK_FALSE(chemin::write_report("report_never_made", experiments).ok());
    CHECK(std::system("test ! -e report_never_made") == 0);
    std::remove("report_not_a_folder");
}

TEST_CASE("the home page is its lines in order, and a page's home link can point elsewhere") {
    std::vector<chemin::ExperimentResult> experiments{synthetic::make_experiment(), synthetic::make_experiment(40, 20, 0)};
    auto index = chemin::report_index_html(experiments);
    REQUIRE(index.ok());
    const std::vector<std::string> rows{chemin::report_index_row(experiments[0], experiments[0].name + ".html"),
                                        chemin::report_index_row(experiments[1], experiments[1].name + ".html")};
    CHECK(*index == chemin::report_index_from_rows(rows));
    CHECK(rows[0].find("<a href=\"" + experiments[0].name + ".html\">") != std::string::npos);
    chemin::ReportOptions inside;
    inside.home_link = "../index.html";
    auto page = chemin::report_page_html(experiments[0], inside);
    REQUIRE(page.ok());
    CHECK(attribute_values(*page, "href") == std::vector<std::string>{"../index.html"});
}
