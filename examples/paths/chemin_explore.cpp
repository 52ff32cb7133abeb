// chemin-explore: the main job. Trains small networks on MNIST subsets, follows every image's path
// through the hidden layers' clusters, answers the origin study's questions as numbers, and writes
// each experiment's outputs (summary.json, paths, flows, signatures, embeddings, pictures, manifest)
// and the HTML report (index.html plus one page per experiment) into --out (default chemin-out).
//
//     chemin-explore [--data DIR] [--out DIR]                     the default experiments
//     chemin-explore --classes 1,7 [--per-class N] [--anomalies 3,4] [--hidden 64,32 | --cnn]
//                    [--k 2..10] [--k-rule silhouette|faithfulness] [--epochs N] [--seed N] [--seeds N]
//                    [--threads N] [--preset study]
//                    [--refit-with-anomalies] [--no-umap] [--name NAME] [--data DIR] [--out DIR] [--force]
//     chemin-explore --experiments FILE [--data DIR] [--out DIR]  experiments from a file
//
// --out must be new, empty, or a folder chemin wrote before; --force writes into another folder beside
// its files, never replacing one (the rules: chemin/output/output_folder.hpp).
// MNIST comes from --data or the environment variable CHEMIN_DATA. The last line of the output is
// `RESULT experiments=<n> seconds=<total> ...`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

bool parse_size(const std::string& text, std::size_t& out) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 9) return false;
    out = static_cast<std::size_t>(std::strtoull(text.c_str(), nullptr, 10));
    return true;
}

bool parse_int_list(const std::string& text, std::vector<int>& out) {
    out.clear();
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        std::size_t v = 0;
        if (!parse_size(item, v)) return false;
        out.push_back(static_cast<int>(v));
    }
    return !out.empty();
}

/// Applies one setting (a flag without its dashes, or a key of an experiment file) to a spec.
/// Returns an empty string when it worked, else the problem.
std::string apply(chemin::ExperimentSpec& spec, const std::string& key, const std::string& value) {
    std::size_t number = 0;
    std::vector<int> list;
    if (key == "classes") {
        if (!parse_int_list(value, list)) return "--classes takes digits separated by commas, e.g. 1,7 (got '" + value + "')";
        spec.classes = list;
    } else if (key == "anomalies") {
        if (!parse_int_list(value, list)) return "--anomalies takes digits separated by commas, e.g. 3,4 (got '" + value + "')";
        spec.anomaly_classes = list;
    } else if (key == "per-class") {
        if (!parse_size(value, number) || number == 0) return "--per-class takes a positive whole number (got '" + value + "')";
        spec.per_class = number;
    } else if (key == "anomalies-per-class") {
        if (!parse_size(value, number) || number == 0) return "--anomalies-per-class takes a positive whole number (got '" + value + "')";
        spec.anomalies_per_class = number;
    } else if (key == "hidden") {
        if (!parse_int_list(value, list)) return "--hidden takes layer widths separated by commas, e.g. 64,32 (got '" + value + "')";
        spec.hidden.clear();
        for (int w : list) {
            if (w <= 0) return "--hidden widths must be positive (got '" + value + "')";
            spec.hidden.push_back(static_cast<std::size_t>(w));
        }
        spec.cnn = false;
    } else if (key == "cnn") {
        spec.cnn = true;
    } else if (key == "k") {
        const std::size_t dots = value.find("..");
        std::size_t lo = 0, hi = 0;
        if (dots == std::string::npos || !parse_size(value.substr(0, dots), lo) || !parse_size(value.substr(dots + 2), hi) || lo < 1 ||
            hi < lo)
            return "--k takes a range LOW..HIGH with 1 <= LOW <= HIGH, e.g. 2..10 (got '" + value + "')";
        spec.k_min = static_cast<int>(lo);
        spec.k_max = static_cast<int>(hi);
    } else if (key == "epochs") {
        if (!parse_size(value, number) || number == 0) return "--epochs takes a positive whole number (got '" + value + "')";
        spec.training.epochs = static_cast<int>(number);
    } else if (key == "seed") {
        if (!parse_size(value, number)) return "--seed takes a whole number (got '" + value + "')";
        spec.seed = number;
    } else if (key == "k-rule") {
        if (value != "silhouette" && value != "faithfulness") return "--k-rule takes silhouette or faithfulness (got '" + value + "')";
        spec.k_rule = value == "faithfulness" ? chemin::KRule::faithfulness : chemin::KRule::silhouette;
    } else if (key == "seeds" || key == "repeat") {
        if (!parse_size(value, number) || number == 0 || number > 100) return "--seeds takes a number from 1 to 100 (got '" + value + "')";
        spec.repeat = static_cast<int>(number);
    } else if (key == "threads") {
        if (!parse_size(value, number) || number == 0 || number > 256) return "--threads takes a number from 1 to 256 (got '" + value + "')";
        spec.threads = static_cast<int>(number);
    } else if (key == "preset") {
        if (value != "study") return "--preset knows only 'study' (got '" + value + "')";
        const auto keep = spec;
        spec = chemin::ExperimentSpec::study_preset(keep.classes);
        spec.anomaly_classes = keep.anomaly_classes;
        spec.seed = keep.seed;
        spec.repeat = keep.repeat;
        spec.threads = keep.threads;
        spec.name = keep.name;
    } else if (key == "refit-with-anomalies") {
        spec.refit_with_anomalies = true;
    } else if (key == "no-umap") {
        spec.umap = false;
    } else if (key == "name") {
        if (value.empty() || value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
            return "--name takes lower-case letters, digits, '_' and '-' (got '" + value + "')";
        spec.name = value;
    } else {
        return "unknown setting '" + key + "'";
    }
    return std::string();
}

bool takes_value(const std::string& key) {
    return key != "cnn" && key != "refit-with-anomalies" && key != "no-umap" && key != "force";
}

/// The origin study's experiments: 1 vs 7 (MLP, two hidden layers); the same with 3s, and with 4s,
/// passed through as anomalies; the study preset on 0/1, 2/8, 5/6 and 1/3/7; one CNN on 1 vs 7; and
/// the standard open-set split of the literature: digits 0-5 known, 6-9 unknown (anomalies).
std::vector<chemin::ExperimentSpec> default_experiments() {
    std::vector<chemin::ExperimentSpec> all;
    chemin::ExperimentSpec base;
    base.classes = {1, 7};
    all.push_back(base);
    for (int anomaly : {3, 4}) {
        chemin::ExperimentSpec s = base;
        s.anomaly_classes = {anomaly};
        all.push_back(s);
    }
    for (const std::vector<int>& classes : {std::vector<int>{0, 1}, {2, 8}, {5, 6}, {1, 3, 7}}) {
        chemin::ExperimentSpec s = chemin::ExperimentSpec::study_preset(classes);
        s.name = "study_" + std::to_string(classes[0]);
        for (std::size_t i = 1; i < classes.size(); ++i) s.name += "_" + std::to_string(classes[i]);
        all.push_back(s);
    }
    chemin::ExperimentSpec cnn = base;
    cnn.cnn = true;
    cnn.k_max = 6;  // wide pooled maps: a shorter K scan keeps the default run within a minute
    cnn.scan_restarts = 3;
    cnn.final_restarts = 3;
    all.push_back(cnn);
    chemin::ExperimentSpec open_set = base;
    open_set.classes = {0, 1, 2, 3, 4, 5};
    open_set.anomaly_classes = {6, 7, 8, 9};
    all.push_back(open_set);
    return all;
}

/// Reads experiments from a small INI-like file (the syntax: chemin/paths/experiment_file.hpp): a
/// line "[name]" starts an experiment; "key = value" lines set what the flags set (classes,
/// per-class, anomalies, hidden, cnn, k, epochs, seed, preset, refit-with-anomalies, no-umap).
bool read_experiment_file(const std::string& path, std::vector<chemin::ExperimentSpec>& out, std::string& problem) {
    auto sections = chemin::read_experiment_file(path);
    if (!sections.ok()) {
        problem = sections.status().message();
        return false;
    }
    for (const chemin::ExperimentSection& section : *sections) {
        out.emplace_back();
        apply(out.back(), "name", section.name);
        for (const chemin::ExperimentSetting& setting : section.settings) {
            const std::string where = path + ":" + std::to_string(setting.line) + ": ";
            if (!setting.has_value && takes_value(setting.key)) {
                problem = where + "expected 'key = value'";
                return false;
            }
            const std::string p = apply(out.back(), setting.key, setting.value);
            if (!p.empty()) {
                problem = where + p;
                return false;
            }
        }
    }
    return true;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "chemin-explore: %s\n", message.c_str());
    return 2;
}

void print_answers(const chemin::ExperimentResult& r) {
    std::printf("\n%s\n", r.title.c_str());
    std::printf("  model %s, trained on %s; train accuracy %.4f, test accuracy %.4f\n", r.model.c_str(),
                r.clustering_fit == "train" ? "normal images" : "normal images + anomalies", r.train_accuracy, r.test_accuracy);
    std::printf("  %-34s %3s %10s %7s %7s %7s %16s %8s\n", "layer", "K", "silhouette", "purity", "ARI", "NMI", "nearest-centroid",
                "K(faith)");
    for (const auto& l : r.layers)
        std::printf("  %-34s %3d %10.3f %7.3f %7.3f %7.3f %16.3f %8d\n", l.name.c_str(), l.k, l.silhouette, l.purity, l.ari, l.nmi,
                    l.nearest_centroid_accuracy, l.k_by_faithfulness);
    if (r.first_separating_layer > 0)
        std::printf("  the classes separate from layer %d on (purity >= %.2f)\n", r.first_separating_layer, r.separation_threshold);
    else
        std::printf("  no layer reaches purity %.2f\n", r.separation_threshold);
    for (const auto& c : r.training_paths.per_class)
        std::printf("  class %d: %zu distinct path%s, %.1f%% on its most common path\n", c.class_label, c.distinct_paths,
                    c.distinct_paths == 1 ? "" : "s", 100.0 * c.most_common_share);
    std::printf("  %zu images take a path typical of another class\n", r.other_class_path_images.size());
    for (std::size_t c = 0; c < r.anomaly_paths.per_class.size(); ++c) {
        const auto& a = r.anomaly_paths.per_class[c];
        const auto& path = r.anomaly_paths.paths[a.most_common_path];
        std::string text;
        for (std::size_t l = 0; l < path.path.size(); ++l) text += (l ? "," : "") + std::to_string(path.path[l]);
        const std::size_t t = r.training_paths.find(path.path.data(), r.paths.layer_count);
        std::printf("  anomaly class %d: %zu distinct path%s; %.1f%% take (%s), %s\n", a.class_label, a.distinct_paths,
                    a.distinct_paths == 1 ? "" : "s", 100.0 * a.most_common_share, text.c_str(),
                    t < r.training_paths.paths.size() ? ("the path of class " + std::to_string(r.training_paths.paths[t].majority_class)).c_str()
                                                      : "a path no training image takes");
    }
    const auto& m = r.cluster_path_metrics;
    std::printf("  cluster paths: complexity %zu, weighted purity %.3f, faithfulness %.3f, agreement %.3f (noise sigma %.2f)\n",
                m.path_complexity, m.weighted_path_purity, m.decision_alignment_faithfulness, m.path_agreement, m.agreement_sigma);
    for (const auto& s : r.anomaly_scores)
        std::printf("  anomaly score %-26s %-8s AUROC %.3f  FPR at 95%% TPR %.3f\n", s.name.c_str(), s.family.c_str(), s.roc.auroc,
                    s.roc.fpr_at_95_tpr);
    if (!r.over_seeds.empty()) {
        std::printf("  over %zu seeds (mean, sd, min, max):\n", r.seeds.size());
        for (const auto& f : r.over_seeds)
            std::printf("    %-52s %8.4f %8.4f %8.4f %8.4f\n", f.name.c_str(), f.mean, f.sd, f.min, f.max);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string data_flag, out = "chemin-out", experiment_file;
    chemin::OutputFolderOptions out_options;  // --force: write beside files chemin did not write
    chemin::ExperimentSpec single;
    bool custom = false;
    std::vector<std::pair<std::string, std::string>> settings;
    std::string command = "chemin-explore";
    for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (flag.rfind("--", 0) != 0) return fail("unexpected argument '" + flag + "' (flags start with --)");
        const std::string key = flag.substr(2);
        std::string value;
        if (key == "help") {
            std::printf("usage: chemin-explore [--data DIR] [--out DIR] [--experiments FILE] [--classes 1,7] [--per-class N]\n"
                        "       [--anomalies 3,4] [--hidden 64,32 | --cnn] [--k 2..10] [--k-rule silhouette|faithfulness] [--epochs N]\n"
                        "       [--seed N] [--seeds N] [--threads N]\n"
                        "       [--preset study] [--refit-with-anomalies] [--no-umap] [--name NAME] [--force]\n");
            return 0;
        }
        if (takes_value(key)) {
            if (i + 1 >= argc) return fail("missing value after " + flag);
            value = argv[++i];
        }
        if (key == "data") data_flag = value;
        else if (key == "out") out = value;
        else if (key == "experiments") experiment_file = value;
        else if (key == "force") out_options.force = true;
        else {
            custom = true;
            settings.push_back({key, value});
        }
    }
    // Flags apply in order, except --preset first (it resets the training settings).
    for (const auto& s : settings)
        if (s.first == "classes" || s.first == "seed" || s.first == "seeds" || s.first == "threads") {
            const std::string p = apply(single, s.first, s.second);
            if (!p.empty()) return fail(p);
        }
    for (const auto& s : settings)
        if (s.first == "preset") {
            const std::string p = apply(single, s.first, s.second);
            if (!p.empty()) return fail(p);
        }
    for (const auto& s : settings)
        if (s.first != "preset") {
            const std::string p = apply(single, s.first, s.second);
            if (!p.empty()) return fail(p);
        }

    std::vector<chemin::ExperimentSpec> experiments;
    if (!experiment_file.empty()) {
        if (custom) return fail("--experiments cannot be combined with experiment flags (put them in the file)");
        std::string problem;
        if (!read_experiment_file(experiment_file, experiments, problem)) return fail(problem);
    } else if (custom) {
        experiments.push_back(single);
    } else {
        experiments = default_experiments();
    }

    // Every experiment is checked before the first one trains (names, settings, network sizes).
    chemin::Status planned = chemin::check_experiments(experiments);
    if (!planned.ok()) return fail(planned.message());

    const std::string data_folder = chemin::mnist_folder(data_flag);
    const auto start = std::chrono::steady_clock::now();
    // The output folder's rules (marker, --force, one unit per experiment): chemin/output/output_folder.hpp.
    std::vector<std::string> names;
    for (const auto& spec : experiments) names.push_back(chemin::experiment_name(spec));
    chemin::OutputFolder output;  // a failed run (any return below) cleans up what it started
    chemin::Status opened = output.open(out, names, out_options);
    if (!opened.ok()) return fail(opened.message());
    chemin::ReportOptions report;
    report.title = "chemin: how images travel through small networks";
    auto mnist = chemin::load_mnist(data_folder);
    if (!mnist.ok()) return fail(mnist.status().message());

    std::vector<chemin::ExperimentResult> results;
    double first_seconds = 0;
    for (std::size_t e = 0; e < experiments.size(); ++e) {
        const auto experiment_start = std::chrono::steady_clock::now();
        std::printf("[%zu/%zu] %s\n", e + 1, experiments.size(), chemin::experiment_name(experiments[e]).c_str());
        std::fflush(stdout);
        chemin::nn::DynamicNetwork<float> net;
        auto result = chemin::run_experiment_over_seeds(*mnist, experiments[e], &net);
        if (!result.ok()) return fail(result.status().message());
        std::string title;
        for (std::size_t c = 0; c < result->classes.size(); ++c) title += (c ? " vs " : "") + std::to_string(result->classes[c]);
        title += ", " + result->model;
        if (!result->anomaly_classes.empty()) {
            title += ", anomalies";
            for (int a : result->anomaly_classes) title += " " + std::to_string(a);
        }
        result->title = title;
        const std::string folder = out + "/" + result->name;
        auto manifest = chemin::manifest_json(*result, experiments[e], data_folder, command);
        if (!manifest.ok()) return fail(manifest.status().message());
        chemin::Status written = chemin::write_experiment_folder(output, *result, net, *manifest, report);
        if (!written.ok()) return fail(written.message());
        print_answers(*result);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - experiment_start).count();
        if (e == 0) first_seconds = seconds;
        std::printf("  %.2f s, outputs in %s/\n", seconds, folder.c_str());
        results.push_back(std::move(*result));
    }
    output.finish();  // the home page was rewritten as each experiment landed
    std::printf("report: %s/index.html\n", out.c_str());
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double mean_accuracy = 0;
    for (const auto& r : results) mean_accuracy += r.test_accuracy / static_cast<double>(results.size());
    std::printf("RESULT experiments=%zu seconds=%.3f first_experiment_seconds=%.3f mean_test_accuracy=%.4f\n", results.size(), total,
                first_seconds, mean_accuracy);
    return 0;
}
