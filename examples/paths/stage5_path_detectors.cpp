// Teaching example, stage 5: an anomaly detector built from the cluster paths.
//
// What it teaches: stage 4's path score only asks how rare an image's path is, and with two clusters
// per layer a path says little (a 3 takes the 1s' path). The paths know more: at every layer, which
// group of training images an image sits with. Here each layer gets a second, finer clustering kept for
// scoring (20 clusters on 1 vs 7), each cluster becomes a Gaussian, and an image is scored by how
// improbable it is under that mixture, layer by layer:
//   1. train as in stage 1; hold out 200 more training 1s and 7s, never trained on (the calibration set);
//   2. record every layer for training, test, anomaly and calibration images; standardise on training;
//   3. per layer: k-means with 20 clusters on the training rows, every image to its nearest centre;
//   4. per layer: ClusterMixtureModel (a Gaussian per cluster, covariance shrunk towards the pooled
//      one) fitted on the training rows; an image's term is the mixture's -log density;
//   5. standardized_sum: each layer's term minus its mean over the calibration images, over its sd
//      there, summed: layers count equally and nothing is fitted on an anomaly;
//   6. ROC against the Mahalanobis baseline (stage 4).
// chemin-explore's `path_mixture_standardized` is this detector (its `path_mixture` adds the same terms
// on the L2-normalised signatures); see include/chemin/paths/path_detectors.hpp.
//
//     stage5_path_detectors [--data DIR]          (MNIST from --data, CHEMIN_DATA or data/mnist)
//
// Ends with `RESULT auroc_path_mixture=... auroc_mahalanobis=...`.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/mnist_stage.hpp"

namespace {

chemin::Status run(const chemin::data::MnistData& mnist) {
    // 1. Train on the first 1,000 1s and 7s; the next 200 of each are the held-out calibration images.
    // Training as stage 1 (examples::train_as_stage_one: the pipeline's first two stages).
    CHEMIN_TRY_ASSIGN(const examples::StageOneNetwork stage_one, examples::train_as_stage_one(mnist));
    const std::vector<chemin::Label>& classes = stage_one.spec.classes;
    const chemin::data::Dataset& train = stage_one.images.train;
    const chemin::nn::DynamicNetwork<float>& net = stage_one.net;
    chemin::data::KeepClassesOptions first;
    first.per_class = 1200;
    CHEMIN_TRY_ASSIGN(auto wider, chemin::data::keep_classes(mnist.train, classes, first));
    std::vector<std::size_t> held_out;
    for (std::size_t i = 0; i < wider.size(); ++i)
        if (!std::binary_search(train.ids.begin(), train.ids.end(), wider.ids[i])) held_out.push_back(i);
    CHEMIN_TRY_ASSIGN(auto calibration, chemin::data::select_rows(wider, held_out));

    // 2. Rows: training, then test 1s and 7s with 500 test 3s and 500 test 4s, then calibration.
    CHEMIN_TRY_ASSIGN(auto normal, chemin::data::keep_classes(mnist.test, classes));
    chemin::data::KeepClassesOptions five_hundred;
    five_hundred.per_class = 500;
    CHEMIN_TRY_ASSIGN(auto scored, chemin::data::mix_anomalies(normal, mnist.test, {3, 4}, five_hundred));
    CHEMIN_TRY_ASSIGN(auto head, chemin::data::concatenate(train, scored));
    CHEMIN_TRY_ASSIGN(auto all, chemin::data::concatenate(head, calibration));
    const std::size_t n = all.size(), n_train = train.size(), n_scored = scored.size();
    std::vector<std::uint8_t> is_train(n, 0), is_calibration(n, 0);
    for (std::size_t i = 0; i < n_train; ++i) is_train[i] = 1;
    for (std::size_t i = n_train + n_scored; i < n; ++i) is_calibration[i] = 1;
    std::printf("%zu training, %zu test (%zu anomalies), %zu held-out calibration images\n", n_train, n_scored,
                n_scored - normal.size(), calibration.size());
    CHEMIN_TRY_ASSIGN(auto signatures, chemin::nn::record_signatures(net, all.images));

    // 3-4. Per layer: standardise on training rows, 20 scoring clusters, a Gaussian mixture over them.
    std::vector<chemin::Matrix> scaled;
    std::vector<std::vector<double>> terms;
    std::vector<std::size_t> train_rows(n_train);
    for (std::size_t i = 0; i < n_train; ++i) train_rows[i] = i;
    for (std::size_t l = 0; l < signatures.outputs.size(); ++l) {
        chemin::cluster::Standardizer scaler;
        CHEMIN_TRY(scaler.fit(chemin::copy_rows(signatures.outputs[l], train_rows)));
        CHEMIN_TRY_ASSIGN(auto z, scaler.transform(signatures.outputs[l]));
        scaled.push_back(std::move(z));
        const chemin::Matrix training_rows = chemin::copy_rows(scaled[l], train_rows);
        chemin::cluster::KMeansOptions options;
        options.n_init = 3;
        options.seed = 5000 + 1000 * (l + 1);
        CHEMIN_TRY_ASSIGN(auto clusters, chemin::cluster::kmeans(training_rows, 20, options));
        chemin::paths::ClusterMixtureModel mixture;
        CHEMIN_TRY(mixture.fit(training_rows, clusters.labels));
        std::vector<double> term(n);
        for (std::size_t i = 0; i < n; ++i) term[i] = mixture.score(scaled[l].row(i));
        terms.push_back(std::move(term));
        std::printf("layer %zu: %zu neurons, 20 scoring clusters, mixture fitted on %zu training images\n", l + 1, scaled[l].cols, n_train);
    }

    // 5. Standardise each layer's term on the calibration images and sum.
    CHEMIN_TRY_ASSIGN(auto path_mixture, chemin::paths::standardized_sum(terms, is_calibration));
    const std::vector<chemin::MatrixView> layers(scaled.begin(), scaled.end());
    CHEMIN_TRY_ASSIGN(auto mahalanobis, chemin::paths::mahalanobis_anomaly_score(layers, is_train, all.labels));

    // 6. ROC on the test rows only.
    CHEMIN_TRY_ASSIGN(const std::vector<double> auroc,
                      examples::print_roc_table({{"path_mixture", &path_mixture}, {"mahalanobis", &mahalanobis}}, all.is_anomaly,
                                                n_train, n_scored));
    std::printf("RESULT auroc_path_mixture=%.4f auroc_mahalanobis=%.4f\n", auroc[0], auroc[1]);
    return chemin::Status();
}

}  // namespace

int main(int argc, char** argv) {
    return examples::run_mnist_stage(argc, argv, "stage5_path_detectors", "stage5",
                                     "Teaching example, stage 5: an anomaly detector from the cluster paths (a Gaussian mixture over\n"
                                     "each layer's scoring clusters), against the Mahalanobis baseline, on 1 vs 7 with 3s and 4s.",
                                     run);
}
