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
//                    [--no-csv]
//     chemin-explore --experiments FILE [--data DIR] [--out DIR]  experiments from a file
//     chemin-explore --help                                       every flag, its meaning and default
//
// --out must be new, empty, or a folder chemin wrote before; --force writes into another folder beside
// its files, never replacing one (the rules: chemin/study/output_folder.hpp).
// MNIST comes from --data, else the environment variable CHEMIN_DATA, else the repository's data/mnist
// (chemin's CMake build sets CHEMIN_DEFAULT_DATA_DIR). The last line of the output is
// `RESULT experiments=<n> seconds=<total> ...`.
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

namespace {

/// Applies one setting (a flag without its dashes, or a key of an experiment file) to a spec.
/// Returns an empty string when it worked, else the problem.
std::string apply(chemin::study::ExperimentSpec& spec, const std::string& key, const std::string& value) {
    const std::string got = " (got '" + value + "')";
    std::size_t number = 0;
    int whole = 0;
    std::vector<chemin::Label> list;
    if (key == "classes") {
        if (!chemin::parse_whole_list(value, chemin::Label{0}, chemin::Label{9}, list)) return "--classes takes digits 0-9 separated by commas, e.g. 1,7" + got;
        spec.classes = list;
    } else if (key == "anomalies") {
        if (!chemin::parse_whole_list(value, chemin::Label{0}, chemin::Label{9}, list)) return "--anomalies takes digits 0-9 separated by commas, e.g. 3,4" + got;
        spec.anomaly_classes = list;
    } else if (key == "per-class") {
        if (!chemin::parse_whole(value, std::size_t{1}, std::size_t{60000}, number)) return "--per-class takes a whole number from 1 to 60000" + got;
        spec.per_class = number;
    } else if (key == "anomalies-per-class") {
        if (!chemin::parse_whole(value, std::size_t{1}, std::size_t{10000}, number))
            return "--anomalies-per-class takes a whole number from 1 to 10000" + got;
        spec.anomalies_per_class = number;
    } else if (key == "hidden") {
        std::vector<std::size_t> widths;
        if (!chemin::parse_whole_list(value, std::size_t{1}, std::size_t{1000000000}, widths))
            return "--hidden takes positive layer widths separated by commas, e.g. 64,32" + got;
        spec.hidden = widths;  // the network's size is checked against its budget before anything trains
        spec.cnn = false;
    } else if (key == "cnn") {
        spec.cnn = true;
    } else if (key == "k") {
        if (!chemin::parse_whole_range(value, 1, 1000, spec.k_min, spec.k_max))
            return "--k takes a range LOW..HIGH with 1 <= LOW <= HIGH <= 1000, e.g. 2..10" + got;
    } else if (key == "epochs") {
        if (!chemin::parse_whole(value, 1, 10000, whole)) return "--epochs takes a whole number from 1 to 10000" + got;
        spec.training.epochs = whole;
    } else if (key == "seed") {
        if (!chemin::parse_whole(value, std::uint64_t{0}, ~std::uint64_t{0}, spec.seed))
            return "--seed takes a whole number from 0 to 18446744073709551615" + got;
    } else if (key == "k-rule") {
        if (value != "silhouette" && value != "faithfulness") return "--k-rule takes silhouette or faithfulness (got '" + value + "')";
        spec.k_rule = value == "faithfulness" ? chemin::study::KRule::faithfulness : chemin::study::KRule::silhouette;
    } else if (key == "seeds" || key == "repeat") {
        if (!chemin::parse_whole(value, 1, 100, spec.repeat)) return "--seeds takes a number from 1 to 100" + got;
    } else if (key == "threads") {
        if (!chemin::parse_whole(value, 1, 256, spec.threads)) return "--threads takes a number from 1 to 256" + got;
    } else if (key == "preset") {
        if (value != "study") return "--preset knows only 'study' (got '" + value + "')";
        const auto keep = spec;
        spec = chemin::study::ExperimentSpec::study_preset(keep.classes);
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
    return key != "cnn" && key != "refit-with-anomalies" && key != "no-umap";
}

/// The origin study's experiments: 1 vs 7 (MLP, two hidden layers); the same with 3s, and with 4s,
/// passed through as anomalies; the study preset on 0/1, 2/8, 5/6 and 1/3/7; one CNN on 1 vs 7; and
/// the standard open-set split of the literature: digits 0-5 known, 6-9 unknown (anomalies).
std::vector<chemin::study::ExperimentSpec> default_experiments() {
    std::vector<chemin::study::ExperimentSpec> all;
    chemin::study::ExperimentSpec base;
    base.classes = {1, 7};
    all.push_back(base);
    for (int anomaly : {3, 4}) {
        chemin::study::ExperimentSpec s = base;
        s.anomaly_classes = {anomaly};
        all.push_back(s);
    }
    for (const std::vector<chemin::Label>& classes : {std::vector<chemin::Label>{0, 1}, {2, 8}, {5, 6}, {1, 3, 7}}) {
        chemin::study::ExperimentSpec s = chemin::study::ExperimentSpec::study_preset(classes);
        s.name = "study_" + std::to_string(classes[0]);
        for (std::size_t i = 1; i < classes.size(); ++i) s.name += "_" + std::to_string(classes[i]);
        all.push_back(s);
    }
    chemin::study::ExperimentSpec cnn = base;
    cnn.cnn = true;
    cnn.k_max = 6;  // wide pooled maps: a shorter K scan keeps the default run within a minute
    cnn.scan_restarts = 3;
    cnn.final_restarts = 3;
    all.push_back(cnn);
    chemin::study::ExperimentSpec open_set = base;
    open_set.classes = {0, 1, 2, 3, 4, 5};
    open_set.anomaly_classes = {6, 7, 8, 9};
    all.push_back(open_set);
    return all;
}

/// Reads experiments from a small INI-like file (the syntax: chemin/study/experiment_file.hpp): a
/// line "[name]" starts an experiment; "key = value" lines set what the flags set (classes,
/// per-class, anomalies, hidden, cnn, k, epochs, seed, preset, refit-with-anomalies, no-umap).
bool read_experiment_file(const std::string& path, std::vector<chemin::study::ExperimentSpec>& out, std::string& problem) {
    auto sections = chemin::study::read_experiment_file(path);
    if (!sections.ok()) {
        problem = sections.status().message();
        return false;
    }
    for (const chemin::study::ExperimentSection& section : *sections) {
        out.emplace_back();
        apply(out.back(), "name", section.name);
        for (const chemin::study::ExperimentSetting& setting : section.settings) {
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

/// The pipeline's progress, one line per stage and per seed, through its hooks (the library prints nothing).
chemin::study::ExperimentHooks printing_hooks() {
    chemin::study::ExperimentHooks hooks;
    hooks.on_stage = [](void*, const char* stage, double seconds) { std::printf("  %-10s %7.2f s\n", stage, seconds); };
    hooks.on_seed = [](void*, std::uint64_t seed) { std::printf("  seed %llu\n", static_cast<unsigned long long>(seed)); };
    return hooks;
}

void print_answers(const chemin::paths::ExperimentResult& r) {
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

/// The --help page's closing text: the experiments file, the default run, the exit codes.
const char* const help_epilog =
    "With no experiment flag, the default experiments run: 1 vs 7 (MLP 784-64-32-2); the same with 3s, and\n"
    "with 4s, passed through as anomalies; the origin study's preset on 0/1, 2/8, 5/6 and 1/3/7; one CNN on\n"
    "1 vs 7; and the open-set split (0-5 known, 6-9 anomalies).\n"
    "\n"
    "--experiments FILE runs the experiments a small INI-like file lists. A line [name] starts an\n"
    "experiment; 'key = value' lines under it set what the flags of the same name set (a switch is a key\n"
    "alone); '#' starts a comment. Every experiment is checked before the first one trains. Example:\n"
    "\n"
    "    # two experiments, written to OUT/one_vs_seven and OUT/study_2_8\n"
    "    [one_vs_seven]\n"
    "    classes = 1,7\n"
    "    anomalies = 3,4\n"
    "    hidden = 128,64\n"
    "    no-umap\n"
    "    [study_2_8]\n"
    "    classes = 2,8\n"
    "    preset = study\n"
    "    seeds = 6\n"
    "\n"
    "Outputs: one folder per experiment and the HTML report (OUT/index.html). A folder chemin did not\n"
    "create is refused unless --force, and a file chemin did not write is never replaced. The last line\n"
    "is `RESULT experiments=N seconds=S first_experiment_seconds=S mean_test_accuracy=X`.\n"
    "Exit codes: 0 done, 1 a failure while running, 2 a bad flag, file or folder.";

/// Declares every flag of chemin-explore. Experiment settings are checked on a scratch spec as they
/// are read and kept in `settings`, to be applied in order (with --preset first) afterwards.
void declare_flags(examples::Arguments& args, std::string& data, std::string& out, std::string& experiment_file,
                   chemin::study::OutputFolderOptions& out_options, bool& no_csv,
                   std::vector<std::pair<std::string, std::string>>& settings) {
    const chemin::study::ExperimentSpec defaults;
    args.text("--data", data, "DIR", "MNIST folder (default: $CHEMIN_DATA, else the repository's data/mnist)");
    args.text("--out", out, "DIR", "output folder, taken from the current folder when relative");
    args.on_off("--force", out_options.force, "write into a non-empty folder chemin did not create (never replacing a file of yours)");
    args.on_off("--no-csv", no_csv, "leave out the CSV copies of signatures and embeddings (the .npy files stay)");
    args.text("--experiments", experiment_file, "FILE", "run the experiments this file lists (format below)");
    auto setting = [&](const std::string& key, const std::string& value_name, const std::string& help, const std::string& shown,
                       bool takes_value) {
        examples::Arguments::Flag& f = args.custom("--" + key, value_name, help, shown, [&settings, key](const std::string& v) {
            chemin::study::ExperimentSpec scratch;
            const std::string problem = apply(scratch, key, v);
            if (problem.empty()) settings.push_back({key, v});
            return problem;
        });
        f.takes_value = takes_value;
    };
    setting("classes", "D1,D2,...", "digits the network is trained on", "1,7", true);
    setting("per-class", "N", "training images per class (the first in the file)", std::to_string(defaults.per_class), true);
    setting("anomalies", "D1,D2,...", "digits passed through as anomalies, never trained on", "", true);
    setting("anomalies-per-class", "N", "test images per anomaly class", std::to_string(defaults.anomalies_per_class), true);
    setting("hidden", "W1,W2,...", "the MLP's hidden layer widths", "64,32", true);
    setting("cnn", "", "a LeNet-style CNN instead of the MLP", "", false);
    setting("k", "LOW..HIGH", "K scanned per layer", "2..10", true);
    setting("k-rule", "silhouette|faithfulness", "how K is chosen per layer", "silhouette", true);
    setting("epochs", "N", "training epochs", std::to_string(defaults.training.epochs), true);
    setting("seed", "N", "seed of every random choice", "0", true);
    setting("seeds", "N", "rerun over N seeds (seed, seed+1, ...) and report mean, sd, min, max", "1", true);
    setting("threads", "N", "threads (the same numbers for any count)", "1", true);
    setting("preset", "study", "the origin study's settings (100 images per class, MLP 784-32-16-C, ...)", "", true);
    setting("refit-with-anomalies", "", "fit scaling and clustering on normal images and anomalies together", "", false);
    setting("no-umap", "", "skip the 2-D projections", "", false);
    setting("name", "NAME", "the experiment's folder name (default: from its settings)", "", true);
    args.epilog(help_epilog);
}

/// "file:///absolute/path" of an existing file, or the path as given when it cannot be resolved.
std::string openable(const std::string& path) {
    auto absolute = chemin::absolute_path(path);
    return absolute.ok() ? "file://" + *absolute : path;
}

}  // namespace

int main(int argc, char** argv) {
    std::string data_flag, out = "chemin-out", experiment_file;
    chemin::study::OutputFolderOptions out_options;  // --force: write beside files chemin did not write
    bool no_csv = false;
    std::vector<std::pair<std::string, std::string>> settings;
    examples::Arguments args("chemin-explore",
                             "The main job: trains small networks on MNIST subsets, follows every image's path through the\n"
                             "hidden layers' clusters, answers the origin study's questions as numbers, and writes each\n"
                             "experiment's outputs and the HTML report.");
    declare_flags(args, data_flag, out, experiment_file, out_options, no_csv, settings);
    if (auto stop = args.parse(argc, argv)) return *stop;
    std::string command = "chemin-explore";
    for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
    const bool custom = !settings.empty();
    chemin::study::ExperimentSpec single;
    // Flags apply in order, except --preset first (it resets the training settings).
    for (const auto& s : settings)
        if (s.first == "classes" || s.first == "seed" || s.first == "seeds" || s.first == "threads") (void)apply(single, s.first, s.second);
    for (const auto& s : settings)
        if (s.first == "preset") (void)apply(single, s.first, s.second);
    for (const auto& s : settings)
        if (s.first != "preset") (void)apply(single, s.first, s.second);

    std::vector<chemin::study::ExperimentSpec> experiments;
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
    chemin::Status planned = chemin::study::check_experiments(experiments);
    if (!planned.ok()) return fail(planned.message());

    const std::string data_folder = chemin::data::mnist_folder(data_flag);
    const auto start = std::chrono::steady_clock::now();
    // The output folder's rules (marker, --force, one unit per experiment): chemin/study/output_folder.hpp.
    std::vector<std::string> names;
    for (const auto& spec : experiments) names.push_back(chemin::study::experiment_name(spec));
    chemin::study::OutputFolder output;  // a failed run (any return below) cleans up what it started
    chemin::Status opened = output.open(out, names, out_options);
    if (!opened.ok()) return fail(opened.message());
    chemin::output::ReportOptions report;
    report.title = "chemin: how images travel through small networks";
    auto mnist = chemin::data::load_mnist(data_folder);
    if (!mnist.ok()) return fail(mnist.status().message());

    std::vector<chemin::paths::ExperimentResult> results;
    double first_seconds = 0;
    for (std::size_t e = 0; e < experiments.size(); ++e) {
        const auto experiment_start = std::chrono::steady_clock::now();
        std::printf("[%zu/%zu] %s\n", e + 1, experiments.size(), chemin::study::experiment_name(experiments[e]).c_str());
        std::fflush(stdout);
        chemin::nn::DynamicNetwork<float> net;
        experiments[e].hooks = printing_hooks();
        auto result = chemin::study::run_experiment_over_seeds(*mnist, experiments[e], &net);
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
        auto manifest = chemin::study::manifest_json(*result, experiments[e], data_folder, command);
        if (!manifest.ok()) return fail(manifest.status().message());
        chemin::study::ExportOptions exports;
        exports.matrix_csv = !no_csv;
        chemin::Status written = chemin::study::write_experiment_folder(output, *result, net, *manifest, report, exports);
        if (!written.ok()) return fail(written.message());
        print_answers(*result);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - experiment_start).count();
        if (e == 0) first_seconds = seconds;
        std::printf("  %.2f s, outputs in %s/\n", seconds, folder.c_str());
        results.push_back(std::move(*result));
    }
    output.finish();  // the home page was rewritten as each experiment landed
    std::printf("report: %s\n", openable(out + "/index.html").c_str());
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double mean_accuracy = 0;
    for (const auto& r : results) mean_accuracy += r.test_accuracy / static_cast<double>(results.size());
    std::printf("RESULT experiments=%zu seconds=%.3f first_experiment_seconds=%.3f mean_test_accuracy=%.4f\n", results.size(), total,
                first_seconds, mean_accuracy);
    return 0;
}
