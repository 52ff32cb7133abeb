// hello — chemin in one screen: train a small network on MNIST 1s and 7s, record what its second
// hidden layer outputs for every training image, let the silhouette choose how many clusters those
// signatures form, and ask whether the clusters follow the digits. No flags: MNIST comes from the
// repository's data/mnist (or CHEMIN_DATA). Ends with `RESULT k=... silhouette=... purity=...`.
#include <cstdio>
#include <exception>

#include "chemin/chemin.hpp"

int main() try {
    using chemin::value_or_throw;  // the opt-in throwing style: an error becomes a chemin::Error
    const std::vector<chemin::Label> digits{1, 7};  // a class label and a cluster id share one type
    chemin::data::KeepClassesOptions first_thousand;
    first_thousand.per_class = 1000;
    const auto mnist = value_or_throw(chemin::data::load_mnist(""));
    const auto train = value_or_throw(chemin::data::keep_classes(mnist.train, digits, first_thousand));
    const auto targets = value_or_throw(chemin::data::class_indices(train.labels, digits));  // 1 -> 0, 7 -> 1

    auto net = value_or_throw(chemin::nn::make_mlp(784, {64, 32}, digits.size(), /*seed=*/0));  // 784 -> 64 -> ReLU -> 32 -> ReLU -> 2
    chemin::nn::TrainOptions training;  // Adam, lr 1e-3, 5 epochs, softmax cross-entropy
    chemin::throw_if_error(chemin::nn::train(net, train.images, targets, training));

    const auto signatures = value_or_throw(chemin::nn::record_signatures(net, train.images));
    chemin::cluster::Standardizer scale;  // every neuron gets the same say in the distances
    chemin::throw_if_error(scale.fit(signatures.outputs[1]));
    chemin::cluster::ChooseKOptions scan;  // K = 2..10, 10 k-means++ restarts each, exact silhouette
    const auto chosen = value_or_throw(chemin::cluster::choose_k(value_or_throw(scale.transform(signatures.outputs[1])), scan));
    const std::vector<chemin::Label>& clusters = chosen.best().labels;  // image i is in cluster clusters[i]
    const double purity = value_or_throw(chemin::paths::purity(clusters, train.labels));

    std::printf("layer 2 of the 1-vs-7 network: %zu images form %d clusters (silhouette %.4f); purity %.4f:\n"
                "%s\nRESULT k=%d silhouette=%.4f purity=%.4f\n",
                clusters.size(), chosen.best_k, chosen.best_score, purity,
                purity >= 0.95 ? "the layer already tells 1s from 7s." : "the layer mixes 1s and 7s.", chosen.best_k,
                chosen.best_score, purity);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "hello: %s\n", e.what());
    return 1;
}
