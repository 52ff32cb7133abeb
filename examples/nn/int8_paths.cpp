// Does int8 quantisation change the paths picture? Trains the origin study's MLP 784-64-32-2 on MNIST 1s
// and 7s (or 784-64-32-10 on the ten digits with --all), quantises it (post-training int8, chemin/nn/quantize.hpp), records the hidden layers'
// signatures of the test 1s and 7s from BOTH networks (record_signatures, record_int8_signatures: the
// int8 ones are the codes times their scales), and runs the same clustering on each: K chosen by the
// silhouette (2..8) per layer, then every image's path, then the Sankey's flows. It prints what changed:
// the K of each layer, how far the two clusterings of a layer agree (adjusted Rand index, 1 = the same
// partition whatever the cluster numbers), the share of images on the same path up to renumbering
// (the ARI of the whole paths) and the number of distinct flows of each Sankey.
//
//     int8_paths [--data DIR] [--epochs 2] [--all]      (--all: the ten digits, 784-64-32-10)
//
// Ends with: RESULT float_k=<k1,k2> int8_k=<k1,k2> ari_layer1=<x> ari_layer2=<x> ari_paths=<x>
//            flows_float=<n> flows_int8=<n> prediction_agreement=<0..1>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

namespace {
struct LayerClusters {
    int k = 0;
    std::vector<chemin::Label> labels;
};

chemin::Result<LayerClusters> cluster_layer(const chemin::Matrix& signatures) {
    chemin::cluster::ChooseKOptions options;
    options.k_min = 2;
    options.k_max = 8;
    options.kmeans.seed = 1;
    CHEMIN_TRY_ASSIGN(auto chosen, chemin::cluster::choose_k(signatures, options));
    LayerClusters result;
    result.k = chosen.best_k;
    result.labels.assign(chosen.best().labels.begin(), chosen.best().labels.end());
    return result;
}

/// Runs the clustering on both layers and returns the path table (true class, clusters, prediction).
chemin::Result<chemin::paths::PathTable> paths_of(const chemin::nn::Signatures& s, const std::vector<chemin::Label>& labels,
                                            std::vector<LayerClusters>& layers) {
    chemin::paths::PathTable table;
    table.layer_count = s.outputs.size();
    const std::size_t n = labels.size();
    table.clusters.assign(n * table.layer_count, 0);
    for (std::size_t l = 0; l < table.layer_count; ++l) {
        CHEMIN_TRY_ASSIGN(auto clusters, cluster_layer(s.outputs[l]));
        for (std::size_t i = 0; i < n; ++i) table.clusters[i * table.layer_count + l] = clusters.labels[i];
        layers.push_back(clusters);
    }
    table.true_class = labels;
    table.predicted_class = s.predictions;
    table.is_anomaly.assign(n, 0);
    return table;
}

std::size_t flow_count(const chemin::paths::PathTable& table) {
    auto flows = chemin::paths::count_flows(table);
    if (!flows.ok()) return 0;
    std::size_t total = 0;
    for (const auto& stage : flows->stages) total += stage.size();
    return total;
}

/// One integer per distinct path (so two path tables can be compared as two partitions of the images).
std::vector<chemin::Label> path_ids(const chemin::paths::PathTable& table) {
    std::map<std::vector<chemin::Label>, int> ids;
    std::vector<chemin::Label> result(table.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
        const std::vector<chemin::Label> path(table.path(i), table.path(i) + table.layer_count);
        auto found = ids.emplace(path, static_cast<int>(ids.size())).first;
        result[i] = found->second;
    }
    return result;
}

int fail(const chemin::Status& s) {
    std::fprintf(stderr, "error: %s\n", s.message());
    return 1;
}
}  // namespace

int main(int argc, char** argv) {
    std::string data_folder;
    int epochs = 2;
    bool all_digits = false;
    examples::Arguments args("int8_paths",
                             "Does int8 quantisation change the paths picture? Trains an MLP, quantises it, and clusters the\n"
                             "float and the int8 network's signatures side by side.");
    args.text("--data", data_folder, "DIR", "MNIST folder (default: $CHEMIN_DATA, else the repository's data/mnist)");
    args.whole("--epochs", epochs, 1, 1000, "training epochs");
    args.on_off("--all", all_digits, "the ten digits (784-64-32-10) instead of 1s and 7s (784-64-32-2)");
    if (auto stop = args.parse(argc, argv)) return *stop;
    auto mnist = chemin::data::load_mnist(data_folder);
    if (!mnist.ok()) return fail(mnist.status());
    const std::vector<chemin::Label> digits = all_digits ? std::vector<chemin::Label>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} : std::vector<chemin::Label>{1, 7};
    auto train = chemin::data::keep_classes(mnist->train, digits);
    auto test = chemin::data::keep_classes(mnist->test, digits);
    if (!train.ok()) return fail(train.status());
    if (!test.ok()) return fail(test.status());
    auto train_labels = chemin::data::class_indices(train->labels, digits);
    auto test_labels = chemin::data::class_indices(test->labels, digits);
    if (!train_labels.ok()) return fail(train_labels.status());
    if (!test_labels.ok()) return fail(test_labels.status());

    auto built = chemin::nn::make_mlp(784, {64, 32}, digits.size(), 1);
    if (!built.ok()) return fail(built.status());
    chemin::nn::DynamicNetwork<float> net = std::move(*built);
    chemin::nn::TrainOptions options;
    options.epochs = epochs;
    chemin::Status trained = chemin::nn::train(net, train->images, *train_labels, options);
    if (!trained.ok()) return fail(trained);
    const std::size_t calibration_rows = train->size() < 2000 ? train->size() : 2000;
    auto q = chemin::nn::quantize(net, chemin::MatrixView{train->images.values.data(), calibration_rows, 784});
    if (!q.ok()) return fail(q.status());

    auto float_signatures = chemin::nn::record_signatures(net, test->images);
    auto int8_signatures = chemin::nn::record_int8_signatures(*q, test->images);
    if (!float_signatures.ok()) return fail(float_signatures.status());
    if (!int8_signatures.ok()) return fail(int8_signatures.status());
    std::vector<LayerClusters> float_layers, int8_layers;
    auto float_paths = paths_of(*float_signatures, *test_labels, float_layers);
    auto int8_paths = paths_of(*int8_signatures, *test_labels, int8_layers);
    if (!float_paths.ok()) return fail(float_paths.status());
    if (!int8_paths.ok()) return fail(int8_paths.status());

    double ari[2] = {0, 0};
    for (std::size_t l = 0; l < 2; ++l) {
        auto a = chemin::paths::adjusted_rand_index(float_layers[l].labels, int8_layers[l].labels);
        if (!a.ok()) return fail(a.status());
        ari[l] = *a;
    }
    auto ari_paths = chemin::paths::adjusted_rand_index(path_ids(*float_paths), path_ids(*int8_paths));
    if (!ari_paths.ok()) return fail(ari_paths.status());
    std::size_t agree = 0;
    for (std::size_t i = 0; i < test->size(); ++i)
        agree += float_signatures->predictions[i] == int8_signatures->predictions[i] ? 1 : 0;
    std::printf("%zu test images of %s; float and int8 networks agree on %zu predictions\n", test->size(), all_digits ? "the ten digits" : "1 and 7", agree);
    for (std::size_t l = 0; l < 2; ++l)
        std::printf("hidden layer %zu: K = %d (float) and %d (int8), adjusted Rand index %.4f\n", l + 1, float_layers[l].k,
                    int8_layers[l].k, ari[l]);
    std::printf("RESULT float_k=%d,%d int8_k=%d,%d ari_layer1=%.4f ari_layer2=%.4f ari_paths=%.4f flows_float=%zu "
                "flows_int8=%zu prediction_agreement=%.4f\n",
                float_layers[0].k, float_layers[1].k, int8_layers[0].k, int8_layers[1].k, ari[0], ari[1], *ari_paths,
                flow_count(*float_paths), flow_count(*int8_paths),
                static_cast<double>(agree) / static_cast<double>(test->size()));
    return 0;
}
