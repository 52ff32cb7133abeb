// Teaching example, stage 3 of 4: follow every image's path through the layers' clusters.
//
// What it teaches: cluster every hidden layer (as stage 2 did for one), and an image's "path" is the
// sequence of clusters it lands in, e.g. (layer 1: cluster 0, layer 2: cluster 1). Counting how many
// images go from each cluster to each cluster of the next layer gives the flows of a Sankey diagram:
// true class -> layer 1 clusters -> layer 2 clusters -> predicted class. Where the flows of two
// digits merge, the network has stopped telling them apart; an image on the path most images of
// another digit take is one the network "sees" as that other digit.
//
//     stage3_paths_and_flows [--dir DIR]
//
// Run stage1_train_and_record first: reads its signatures_layer1.npy, signatures_layer2.npy,
// labels.npy and predictions.npy from DIR (default "."), and writes sankey.svg there.
// Ends with `RESULT distinct_paths=... other_class_images=...`.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

int main(int argc, char** argv) {
    std::string dir = ".";
    examples::Arguments args("stage3_paths_and_flows",
                             "Teaching example, stage 3 of 4: clusters both layers of stage 1's signatures, builds every image's\n"
                             "path, prints the flows per class and writes sankey.svg.");
    args.text("--dir", dir, "DIR", "folder holding stage 1's outputs; sankey.svg is written there");
    if (auto stop = args.parse(argc, argv)) return *stop;

    // 1. Stage 1's outputs: two layers of signatures, the true and the predicted digit of each image.
    std::vector<chemin::Matrix> layers;
    for (const char* name : {"signatures_layer1.npy", "signatures_layer2.npy"}) {
        auto layer = chemin::io::read_npy_matrix(dir + "/" + name);
        if (!layer.ok()) {
            std::fprintf(stderr, "stage3: %s (run stage1_train_and_record --out %s first)\n", layer.status().message(), dir.c_str());
            return 2;
        }
        layers.push_back(std::move(*layer));
    }
    auto labels = chemin::io::read_npy_labels(dir + "/labels.npy");
    auto predictions = chemin::io::read_npy_labels(dir + "/predictions.npy");
    if (!labels.ok() || !predictions.ok()) {
        std::fprintf(stderr, "stage3: %s (run stage1_train_and_record --out %s first)\n",
                     (!labels.ok() ? labels.status() : predictions.status()).message(), dir.c_str());
        return 2;
    }

    // 2. The path table: per image its true class, its cluster at each layer, its prediction.
    chemin::paths::PathTable table;
    table.layer_count = layers.size();
    table.true_class.assign(labels->begin(), labels->end());
    table.predicted_class.assign(predictions->begin(), predictions->end());
    table.is_anomaly.assign(table.true_class.size(), 0);
    table.clusters.assign(table.true_class.size() * table.layer_count, 0);

    // 3. Cluster each layer on its own, as stage 2 does: standardise the neurons, scan K = 2..10 by
    // silhouette, keep the best K's k-means labels as that layer's column of the path table. (The
    // k-means seed differs per layer, 1000 x layer, as in chemin's pipeline.)
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (layers[l].rows != table.size()) {
            std::fprintf(stderr, "stage3: layer %zu has %zu rows but labels.npy has %zu\n", l + 1, layers[l].rows, table.size());
            return 2;
        }
        chemin::cluster::Standardizer scaler;
        chemin::Status fitted = scaler.fit(layers[l]);
        auto scaled = fitted.ok() ? scaler.transform(layers[l]) : chemin::Result<chemin::Matrix>(fitted);
        chemin::cluster::ChooseKOptions scan;
        scan.kmeans.seed = 1000 * (l + 1);
        auto chosen = scaled.ok() ? chemin::cluster::choose_k(*scaled, scan) : chemin::Result<chemin::cluster::ChooseKResult>(scaled.status());
        if (!chosen.ok()) {
            std::fprintf(stderr, "stage3: layer %zu: %s\n", l + 1, chosen.status().message());
            return 1;
        }
        std::printf("layer %zu (%zu neurons): K = %d, silhouette %.4f\n", l + 1, layers[l].cols, chosen->best_k, chosen->best_score);
        for (std::size_t n = 0; n < table.size(); ++n) table.clusters[n * table.layer_count + l] = chosen->best().labels[n];
    }

    // 4. Flows between consecutive stages (the bands of the Sankey diagram), split by true digit.
    auto flows = chemin::paths::count_flows(table);
    auto stats = chemin::paths::path_statistics(table);
    if (!flows.ok() || !stats.ok()) {
        std::fprintf(stderr, "stage3: %s\n", (!flows.ok() ? flows.status() : stats.status()).message());
        return 1;
    }
    const char* stage_names[] = {"true class", "layer 1 cluster", "layer 2 cluster", "prediction"};
    for (std::size_t s = 0; s < flows->stages.size(); ++s) {
        std::printf("\nflows %s -> %s\n  from    to   images", stage_names[s], stage_names[s + 1]);
        for (int c : flows->classes) std::printf("  digit %d", c);
        std::printf("\n");
        for (const chemin::paths::Flow& f : flows->stages[s]) {
            std::printf("  %4d  %4d  %7lld", f.from, f.to, static_cast<long long>(f.count));
            for (std::int64_t k : f.by_class) std::printf("  %7lld", static_cast<long long>(k));
            std::printf("\n");
        }
    }

    // 5. Paths per class: how many different routes a digit takes, and how concentrated it is on its
    // most common route. One dominant path = the layers agree on one concept for that digit.
    std::printf("\n%zu distinct path%s (cluster at layer 1, layer 2)\n", stats->paths.size(), stats->paths.size() == 1 ? "" : "s");
    for (const auto& c : stats->per_class) {
        const auto& path = stats->paths[c.most_common_path].path;
        std::printf("  digit %d: %lld images on %zu path%s; most common (%d, %d) holds %.1f%%\n", c.class_label,
                    static_cast<long long>(c.images), c.distinct_paths, c.distinct_paths == 1 ? "" : "s", path[0], path[1], 100.0 * c.most_common_share);
    }

    // 6. Images on a path whose majority is another digit: "the 7s that travel with the 1s".
    const std::vector<std::size_t> others = chemin::paths::images_on_other_class_paths(table, *stats);
    std::printf("\n%zu images on another digit's path (row in stage 1's files: digit, prediction, path):\n", others.size());
    for (std::size_t i = 0; i < others.size() && i < 20; ++i) {
        const std::size_t n = others[i];
        std::printf("  row %4zu: digit %d, predicted %d, path (%d, %d)\n", n, table.true_class[n], table.predicted_class[n], table.path(n)[0],
                    table.path(n)[1]);
    }
    if (others.size() > 20) std::printf("  ... and %zu more\n", others.size() - 20);

    // 7. The Sankey diagram: columns are stages, node heights are image counts, bands are coloured by
    // true digit, and node order is chosen to reduce crossings.
    chemin::output::SankeyOptions picture;
    picture.stage_names = {"true class", "layer 1", "layer 2", "prediction"};
    picture.title = "MNIST 1s and 7s through an MLP 784-64-32-2";
    auto layout = chemin::output::layout_sankey(*flows, picture);
    chemin::Status written = layout.ok() ? chemin::write_file_atomic(dir + "/sankey.svg", chemin::output::sankey_svg(*layout)) : layout.status();
    if (!written.ok()) {
        std::fprintf(stderr, "stage3: %s\n", written.message());
        return 1;
    }
    std::printf("\nwrote %s/sankey.svg\n", dir.c_str());
    std::printf("RESULT distinct_paths=%zu other_class_images=%zu\n", stats->paths.size(), others.size());
    return 0;
}
