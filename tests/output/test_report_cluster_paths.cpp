#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "synthetic_experiment.hpp"

namespace {
chemin::paths::ExperimentResult with_path_science() {
    chemin::paths::ExperimentResult e = synthetic::make_experiment();
    e.anomaly_scores[0].family = "path";
    e.anomaly_scores[1].family = "baseline";
    e.cluster_path_metrics.images = 40;
    e.cluster_path_metrics.path_complexity = 7;
    e.cluster_path_metrics.weighted_path_purity = 0.875;
    e.cluster_path_metrics.decision_alignment_faithfulness = 0.95;
    e.cluster_path_metrics.path_agreement = 0.9;
    e.cluster_path_metrics.sweep_sigma = {0.1, 0.2};
    e.cluster_path_metrics.sweep_agreement = {0.9, 0.8};
    e.rarest_step.assign(e.size(), 0);
    e.rarest_surprise.assign(e.size(), 0.5);
    e.rarest_step.back() = 1;
    e.rarest_surprise.back() = 4.25;  // the last image (an anomaly) takes the rarest step
    e.seeds = {0, 1};
    e.over_seeds.push_back({"test_accuracy", {0.9, 1.0}, 0.95, 0.0707, 0.9, 1.0});
    return e;
}
}  // namespace

TEST_CASE("the page shows the cluster-path metrics, the spread over seeds and the rarest steps") {
    auto page = chemin::output::report_page_html(with_path_science());
    REQUIRE(page.ok());
    for (const char* text : {"<h2>Cluster-path metrics</h2>", "<td>path complexity</td><td>7</td>", "<td>0.875</td>",
                             "0.800 at sigma 0.20", "<h2>Over 2 seeds</h2>", "<td>0.9500</td><td>0.0707</td>", "<h2>The rarest steps</h2>",
                             "<td>4.25</td>", "<td>path</td><td>path</td>", "<td>softmax</td><td>baseline</td>"})
        CHECK_MESSAGE(page->find(text) != std::string::npos, text);
    // The rarest step of the last image runs from layer 1 to layer 2 and is listed first.
    const std::size_t rarest = page->find("<td>4.25</td>"), other = page->find("<td>0.50</td>");
    CHECK(rarest < other);
    CHECK(page->find("&#8594; layer 2 cluster") < rarest);
}

TEST_CASE("the home page puts the best path score beside the best baseline") {
    auto e = with_path_science();
    e.anomaly_scores[0].roc.auroc = 0.91;
    e.anomaly_scores[1].roc.auroc = 0.87;
    auto index = chemin::output::report_index_html({e});
    REQUIRE(index.ok());
    CHECK(index->find("<th>best path score</th><th>best baseline</th>") != std::string::npos);
    CHECK(index->find("<td>0.9100 (path)</td><td>0.8700 (softmax)</td>") != std::string::npos);
}

TEST_CASE("rarest steps of the wrong length are named") {
    auto e = with_path_science();
    e.rarest_step.pop_back();
    CHECK(chemin::output::report_page_html(e).status().code() == chemin::Errc::size_mismatch);
}
