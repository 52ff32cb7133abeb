#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "synthetic_mnist.hpp"
#include "../capture_output.hpp"

namespace {
chemin::study::ExperimentSpec small_spec() {
    chemin::study::ExperimentSpec spec;
    spec.classes = {1, 7};
    spec.per_class = 40;  // of the 60 synthetic training images per class: 20 left for calibration
    spec.anomaly_classes = {3};
    spec.anomalies_per_class = 20;
    spec.hidden = {16, 8};
    spec.training.epochs = 4;
    spec.training.batch_size = 16;
    spec.k_max = 4;
    spec.scan_restarts = 2;
    spec.final_restarts = 2;
    spec.umap_options.n_neighbors = 8;
    spec.umap_options.n_epochs = 60;
    spec.dknn_k = 5;
    spec.seed = 3;
    return spec;
}
const chemin::data::MnistData& data() {
    static const chemin::data::MnistData mnist = chemin_test::synthetic_mnist({1, 7, 3}, 60, 11);
    return mnist;
}
}  // namespace

TEST_CASE("an experiment trains, clusters every layer, follows paths and scores anomalies") {
    auto r = chemin::study::run_experiment(data(), small_spec());
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    CHECK(r->name == "mlp_1_7_anomalies_3");
    CHECK(r->test_accuracy >= 0.95);  // the synthetic digits are easy
    REQUIRE(r->layers.size() == 2);
    const std::size_t n = 80 + 60 + 20;
    CHECK(r->size() == n);
    CHECK(r->paths.clusters.size() == n * 2);
    for (const auto& layer : r->layers) {
        CHECK(layer.k >= 2);
        CHECK(layer.k <= 4);
        CHECK(layer.k_values.size() == 3);
        CHECK(layer.signatures.rows == n);
        CHECK(layer.embedding.rows == n);
        CHECK(layer.embedding.cols == 2);
        CHECK(layer.purity >= 0.5);
    }
    // Flows through every stage hold every image.
    REQUIRE(r->flows.stages.size() == 3);
    for (const auto& stage : r->flows.stages) {
        std::int64_t total = 0;
        for (const auto& f : stage) total += f.count;
        CHECK(total == static_cast<std::int64_t>(n));
    }
    REQUIRE(r->anomaly_scores.size() == 11);
    for (const auto& s : r->anomaly_scores) {
        CHECK(s.values.size() == n);
        CHECK(s.family == (s.name.compare(0, 4, "path") == 0 ? "path" : "baseline"));
        CHECK(s.roc.positives == 20);
        CHECK(s.roc.negatives == 60);
    }
    REQUIRE(r->anomaly_paths.per_class.size() == 1);
    CHECK(r->anomaly_paths.per_class[0].class_label == 3);
    CHECK(r->anomaly_paths.per_class[0].images == 20);
    CHECK(r->anomaly_scores[0].name == "path_mixture");
    CHECK(r->anomaly_scores[0].roc.auroc > 0.9);
    CHECK(r->anomaly_scores[5].name == "path");
    CHECK(r->anomaly_scores[10].name == "mahalanobis");
    CHECK(r->anomaly_scores[10].roc.auroc > 0.9);  // a 3 looks nothing like a 1 or a 7 here
    // The four cluster-path metrics, on the 60 normal test images.
    const chemin::paths::ClusterPathMetrics& m = r->cluster_path_metrics;
    CHECK(m.images == 60);
    CHECK(m.path_complexity >= 1);
    CHECK(m.weighted_path_purity >= 0.5);
    CHECK(m.weighted_path_purity <= 1.0);
    CHECK(m.decision_alignment_faithfulness >= 0.5);
    CHECK(m.sweep_sigma == std::vector<double>{0.1, 0.05, 0.2});
    CHECK(m.path_agreement == m.sweep_agreement[0]);
    CHECK(r->rarest_step.size() == n);
    for (std::size_t step : r->rarest_step) CHECK(step < 2);
}

TEST_CASE("the same spec gives the same numbers, bit for bit") {
    auto a = chemin::study::run_experiment(data(), small_spec());
    auto b = chemin::study::run_experiment(data(), small_spec());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->paths.clusters == b->paths.clusters);
    CHECK(a->confidence == b->confidence);
    CHECK(a->cluster_path_metrics.sweep_agreement == b->cluster_path_metrics.sweep_agreement);
    for (std::size_t l = 0; l < a->layers.size(); ++l) {
        CHECK(a->layers[l].embedding.values == b->layers[l].embedding.values);
        CHECK(a->layers[l].silhouette == b->layers[l].silhouette);
    }
    for (std::size_t s = 0; s < a->anomaly_scores.size(); ++s) CHECK(a->anomaly_scores[s].values == b->anomaly_scores[s].values);
}

TEST_CASE("refitting with anomalies is recorded and changes what the clusters are fitted on") {
    auto spec = small_spec();
    spec.refit_with_anomalies = true;
    spec.umap = false;
    auto r = chemin::study::run_experiment(data(), spec);
    REQUIRE(r.ok());
    CHECK(r->clustering_fit == "normal+anomalies");
    CHECK(r->layers[0].embedding.rows == 0);
}

TEST_CASE("bad experiment specs are named") {
    auto spec = small_spec();
    spec.classes = {1};
    CHECK(std::string(chemin::study::run_experiment(data(), spec).status().message()) == "experiment: needs at least 2 classes, got 1");
    spec = small_spec();
    spec.anomaly_classes = {7};
    CHECK(std::string(chemin::study::run_experiment(data(), spec).status().message()) == "experiment: class 7 is both trained and an anomaly");
    spec = small_spec();
    spec.classes = {1, 12};
    CHECK(std::string(chemin::study::run_experiment(data(), spec).status().message()) == "experiment: class 12 is not an MNIST digit (0-9)");
    spec = small_spec();
    spec.k_min = 5;
    spec.k_max = 3;
    CHECK(std::string(chemin::study::run_experiment(data(), spec).status().message()) ==
          "experiment: K range 5..3 is empty or starts below 1");
    spec = small_spec();
    spec.per_class = 1000;
    CHECK(std::string(chemin::study::run_experiment(data(), spec).status().message()) ==
          "training images: keep_classes: class 1 has 60 images, 1000 requested");
    spec = small_spec();
    spec.per_class = 60;  // every synthetic training image: none left to calibrate the scores
    CHECK(std::string(chemin::study::run_experiment(data(), spec).status().message()) ==
          "calibration images: every training image of the classes is trained on; lower per_class to leave held-out images "
          "for calibration");
}

TEST_CASE("the exports write every promised file, atomically, with a complete summary") {
    chemin::nn::DynamicNetwork<float> net;
    auto spec = small_spec();
    auto r = chemin::study::run_experiment(data(), spec, &net);
    REQUIRE(r.ok());
    REQUIRE(chemin::make_folder("pipeline_export_test").ok());
    REQUIRE(chemin::study::write_experiment("pipeline_export_test", *r, net, "{}\n").ok());
    for (const char* f : {"summary.json", "run_manifest.json", "paths.csv", "flows.csv", "flows.json", "model.weights", "sankey.svg",
                          "sankey.json", "signatures_layer1.npy", "signatures_layer2.csv", "embedding_layer1.npy", "embedding_layer2.csv",
                          "scatter_layer1.svg", "scatter_layer2.json", "scatter_layer1_plotly.json", "projector_layer1_tensors.tsv",
                          "projector_sprite.png", "projector_layer2_projector_config.pbtxt"})
        CHECK_MESSAGE(chemin::read_file(std::string("pipeline_export_test/") + f).ok(), f);
    // One sprite serves every layer's projector files.
    CHECK_FALSE(chemin::read_file("pipeline_export_test/projector_layer1_sprite.png").ok());
    auto config = chemin::read_file("pipeline_export_test/projector_layer2_projector_config.pbtxt");
    REQUIRE(config.ok());
    CHECK(std::string(config->begin(), config->end()).find("image_path: \"projector_sprite.png\"") != std::string::npos);
    CHECK(std::system("python3 -c \"import json, csv\n"
                      "s = json.load(open('pipeline_export_test/summary.json'))\n"
                      "assert s['classes'] == [1, 7] and s['anomaly_classes'] == [3]\n"
                      "assert len(s['layers']) == 2 and all(k in s['layers'][0] for k in ('k', 'silhouette', 'purity', 'ari', 'nmi', 'nearest_centroid_accuracy'))\n"
                      "assert {'path_mixture', 'path', 'softmax', 'energy', 'knn', 'dknn', 'mahalanobis'} <= set(s['anomaly'])\n"
                      "assert all(v['family'] in ('path', 'baseline') for v in s['anomaly'].values())\n"
                      "m = s['cluster_path_metrics']; assert all(k in m for k in ('path_complexity', 'weighted_path_purity', 'decision_alignment_faithfulness', 'path_agreement'))\n"
                      "a = s['anomaly_paths']; assert len(a) == 1 and a[0]['class'] == 3 and a[0]['images'] == 20\n"
                      "assert sum(p['images'] for p in a[0]['paths']) <= 20 and len(a[0]['clusters_per_layer']) == 2\n"
                      "assert all(sum(c) == 20 for c in a[0]['clusters_per_layer'])\n"
                      "assert all('auroc' in v and 'fpr95' in v for v in s['anomaly'].values())\n"
                      "assert 'paths.csv' in s['outputs'] and 'total' in s['seconds']\n"
                      "rows = list(csv.DictReader(open('pipeline_export_test/paths.csv')))\n"
                      "assert len(rows) == 160 and 'cluster_layer2' in rows[0] and 'score_dknn' in rows[0]\"") == 0);
    CHECK(std::system("xmllint --noout pipeline_export_test/sankey.svg pipeline_export_test/scatter_layer1.svg") == 0);
    // Reloading the weights gives the same predictions.
    chemin::nn::DynamicNetwork<float> again;
    again = chemin::value_or_throw(chemin::nn::make_mlp(784, {16, 8}, 2, 99));
    REQUIRE(chemin::nn::load_weights("pipeline_export_test/model.weights", again).ok());
    CHECK(std::vector<float>(again.params(), again.params() + again.param_count()) ==
          std::vector<float>(net.params(), net.params() + net.param_count()));
}

TEST_CASE("the exports leave out the CSV copies of the .npy matrices when asked") {
    chemin::nn::DynamicNetwork<float> net;
    auto r = chemin::study::run_experiment(data(), small_spec(), &net);
    REQUIRE(r.ok());
    REQUIRE(chemin::make_folder("pipeline_export_no_csv").ok());
    chemin::study::ExportOptions options;
    options.matrix_csv = false;
    REQUIRE(chemin::study::write_experiment("pipeline_export_no_csv", *r, net, "{}\n", options).ok());
    for (const char* f : {"signatures_layer1.npy", "embedding_layer2.npy", "paths.csv", "flows.csv"})
        CHECK_MESSAGE(chemin::read_file(std::string("pipeline_export_no_csv/") + f).ok(), f);
    for (const char* f : {"signatures_layer1.csv", "signatures_layer2.csv", "embedding_layer1.csv", "embedding_layer2.csv"})
        CHECK_MESSAGE(!chemin::read_file(std::string("pipeline_export_no_csv/") + f).ok(), f);
    for (const auto& output : r->outputs) CHECK(output.second.find("_layer1.csv") == std::string::npos);
}

TEST_CASE("figures over seeds: mean, sample standard deviation, min and max") {
    chemin::paths::ExperimentResult a, b, c;
    a.test_accuracy = 0.9;
    b.test_accuracy = 1.0;
    c.test_accuracy = 0.95;
    auto spread = chemin::study::spread_over_seeds({a, b, c});
    REQUIRE(spread.ok());
    REQUIRE((*spread)[1].name == "test_accuracy");
    CHECK((*spread)[1].mean == doctest::Approx(0.95));
    CHECK((*spread)[1].sd == doctest::Approx(0.05));  // sqrt((0.0025 + 0.0025 + 0) / 2)
    CHECK((*spread)[1].min == 0.9);
    CHECK((*spread)[1].max == 1.0);
    CHECK((*spread)[1].values == std::vector<double>{0.9, 1.0, 0.95});
    auto one = chemin::study::spread_over_seeds({a});
    CHECK((*one)[1].sd == 0.0);
}

TEST_CASE("an experiment over seeds keeps the first seed's result and the spread of every figure") {
    auto spec = small_spec();
    spec.umap = false;
    spec.repeat = 2;
    struct Told {
        std::vector<std::string> events;
        std::vector<double> seconds;
    } told;
    spec.hooks.user = &told;
    spec.hooks.on_stage = [](void* user, const char* stage, double seconds) {
        static_cast<Told*>(user)->events.push_back(stage);
        static_cast<Told*>(user)->seconds.push_back(seconds);
    };
    spec.hooks.on_seed = [](void* user, std::uint64_t seed) {
        static_cast<Told*>(user)->events.push_back("seed " + std::to_string(seed));
    };
    auto r = chemin::study::run_experiment_over_seeds(data(), spec);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    CHECK(r->seeds == std::vector<std::uint64_t>{3, 4});
    const std::vector<std::string> stages{"train", "record", "cluster", "metrics", "scores"};
    std::vector<std::string> expected{"seed 3"};
    expected.insert(expected.end(), stages.begin(), stages.end());
    expected.push_back("seed 4");
    expected.insert(expected.end(), stages.begin(), stages.end());
    CHECK(told.events == expected);
    REQUIRE(r->seconds.size() == stages.size());  // the first seed's result: its stages' times as told
    for (std::size_t s = 0; s < stages.size(); ++s) {
        CHECK(r->seconds[s].first == stages[s]);
        CHECK(r->seconds[s].second == told.seconds[s]);
    }
    // Without hooks the pipeline prints nothing (and gives the same numbers).
    chemin::Result<chemin::paths::ExperimentResult> first = chemin::Status::error(chemin::Errc::bad_argument, "not run");
    long printed = -1, complained = -1;
    {  // no doctest assertion in here: its own messages would be captured too
        chemin_test::CaptureOutput out(1), err(2);
        first = chemin::study::run_experiment(data(), [] { auto s = small_spec(); s.umap = false; return s; }());
        printed = out.written();
        complained = err.written();
    }
    CHECK(printed == 0);
    CHECK(complained == 0);
    REQUIRE(first.ok());
    CHECK(r->paths.clusters == first->paths.clusters);
    REQUIRE_FALSE(r->over_seeds.empty());
    for (const auto& f : r->over_seeds) {
        CHECK(f.values.size() == 2);
        CHECK(f.min <= f.mean);
        CHECK(f.mean <= f.max);
    }
    spec.repeat = 0;
    CHECK(std::string(chemin::study::run_experiment_over_seeds(data(), spec).status().message()) == "experiment: repeat 0 must be at least 1");
}
