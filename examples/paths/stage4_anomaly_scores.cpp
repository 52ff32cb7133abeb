// Teaching example, stage 4 of 4: score images the network never saw a class of.
//
// What it teaches: a network trained on 1s and 7s still answers "1" or "7" for a 3 or a 4. Can its
// signatures tell that such an image is unusual? We train a network as in stage 1, pass 500 test 3s
// and 500 test 4s (the anomalies) and every test 1 and 7 (normal) through it, and give each image four
// scores, higher = more anomalous, each measured against the training images only:
//   path        - rarity of the image's cluster path among training paths + distance to its centroids;
//   softmax     - 1 - the largest softmax probability (Hendrycks & Gimpel, ICLR 2017);
//   dknn        - how many of the 50 nearest training signatures disagree with the prediction, summed
//                 over layers (Papernot & McDaniel, arXiv:1803.04765, 2018);
//   mahalanobis - distance to the nearest class mean under a shared covariance (Lee et al., NeurIPS 2018).
// Each score's ROC says how well it ranks anomalies above normal images: AUROC 1 = perfectly, 0.5 =
// chance; FPR95 = the share of normal images flagged when the threshold catches 95% of anomalies.
// (The dknn score is a whole number of disagreeing neighbours, so many images tie; the ROC reads FPR95
// through the tied group, as the expected FPR when tied images are flagged in random order.) The same
// run as `chemin-explore --classes 1,7 --anomalies 3,4 --no-umap`, which prints the same path, softmax
// and mahalanobis AUROCs beside more scores: energy, k-NN, Deep k-NN with calibrated p-values (its dknn,
// not this plain count), and the path detectors of paths/path_detectors.hpp.
//
//     stage4_anomaly_scores [--data DIR]          (MNIST from --data, CHEMIN_DATA or data/mnist; trains its own network)
//
// Ends with `RESULT auroc_path=... auroc_softmax=... auroc_dknn=... auroc_mahalanobis=...`.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/mnist_stage.hpp"

namespace {

chemin::Status run(const chemin::data::MnistData& mnist) {
    // 1. Train exactly as stage 1 (examples::train_as_stage_one: the pipeline's first two stages on the
    // default experiment): the first 1,000 1s and 7s, MLP 784-64-32-2, Adam 1e-3, batch 32, 5 epochs.
    CHEMIN_TRY_ASSIGN(const examples::StageOneNetwork stage_one, examples::train_as_stage_one(mnist));
    const std::vector<chemin::Label>& classes = stage_one.spec.classes;
    const chemin::data::Dataset& train = stage_one.images.train;
    const chemin::nn::DynamicNetwork<float>& net = stage_one.net;

    // 2. The images to score: every test 1 and 7 (normal), then 500 test 3s and 500 test 4s flagged as
    // anomalies. They go after the training images, so rows [0, n_train) are the reference.
    CHEMIN_TRY_ASSIGN(auto normal, chemin::data::keep_classes(mnist.test, classes));
    chemin::data::KeepClassesOptions five_hundred;
    five_hundred.per_class = 500;
    CHEMIN_TRY_ASSIGN(auto scored, chemin::data::mix_anomalies(normal, mnist.test, {3, 4}, five_hundred));
    CHEMIN_TRY_ASSIGN(auto all, chemin::data::concatenate(train, scored));
    const std::size_t n = all.size(), n_train = train.size();
    std::vector<std::uint8_t> is_train(n, 0);
    for (std::size_t i = 0; i < n_train; ++i) is_train[i] = 1;
    std::printf("%zu training images, %zu normal test images, %zu anomalies (test 3s and 4s)\n", n_train, normal.size(),
                scored.size() - normal.size());

    // 3. Signatures of every image, and the network's answer (always 1 or 7, even for a 3).
    CHEMIN_TRY_ASSIGN(auto signatures, chemin::nn::record_signatures(net, all.images));
    chemin::paths::PathTable table;
    table.layer_count = signatures.outputs.size();
    table.true_class = all.labels;
    table.is_anomaly = all.is_anomaly;
    for (int p : signatures.predictions) table.predicted_class.push_back(classes[static_cast<std::size_t>(p)]);
    table.clusters.assign(n * table.layer_count, 0);

    // 4. Per layer: standardise with the TRAINING images' means and deviations (an anomaly must not
    // shift the scale it is measured on), choose K and cluster on the training rows only, then assign
    // every image to its nearest training centroid and keep how far it is from that centroid.
    std::vector<chemin::Matrix> scaled;
    std::vector<std::vector<double>> centroid_distance(table.layer_count, std::vector<double>(n));
    for (std::size_t l = 0; l < table.layer_count; ++l) {
        const chemin::Matrix& raw = signatures.outputs[l];
        chemin::cluster::Standardizer scaler;
        CHEMIN_TRY(scaler.fit(chemin::MatrixView{raw.values.data(), n_train, raw.cols}));
        CHEMIN_TRY_ASSIGN(auto z, scaler.transform(raw));
        scaled.push_back(std::move(z));
        const chemin::Matrix& s = scaled.back();
        chemin::cluster::ChooseKOptions scan;
        scan.kmeans.seed = 1000 * (l + 1);
        CHEMIN_TRY_ASSIGN(auto chosen, chemin::cluster::choose_k(chemin::MatrixView{s.values.data(), n_train, s.cols}, scan));
        const chemin::Matrix& centroids = chosen.best().centroids;
        CHEMIN_TRY_ASSIGN(auto assigned, chemin::cluster::kmeans_assign(s, centroids));
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t c = static_cast<std::size_t>((assigned)[i]);
            table.clusters[i * table.layer_count + l] = static_cast<int>(c);
            centroid_distance[l][i] = std::sqrt(static_cast<double>(chemin::squared_distance(s.row(i), centroids.row(c), s.cols)));
        }
        std::printf("layer %zu: K = %d (silhouette %.4f on the training images)\n", l + 1, chosen.best_k, chosen.best_score);
    }

    // 5. The four scores for every image (training images included; the ROC ignores them).
    CHEMIN_TRY_ASSIGN(auto training_paths, chemin::paths::path_statistics(table, is_train));
    CHEMIN_TRY_ASSIGN(auto path, chemin::paths::path_anomaly_score(table, training_paths, centroid_distance, is_train));
    const std::vector<chemin::MatrixView> layers(scaled.begin(), scaled.end());
    CHEMIN_TRY_ASSIGN(auto dknn, chemin::paths::dknn_anomaly_score(layers, is_train, table.true_class, table.predicted_class, 50));
    CHEMIN_TRY_ASSIGN(auto mahalanobis, chemin::paths::mahalanobis_anomaly_score(layers, is_train, table.true_class));
    const std::vector<double> softmax = chemin::paths::softmax_anomaly_score(signatures.confidences);

    // 6. ROC of each score on the test rows: anomalies are the positives, normal test images the negatives.
    CHEMIN_TRY_ASSIGN(const std::vector<double> auroc,
                      examples::print_roc_table({{"path", &path}, {"softmax", &softmax}, {"dknn", &dknn}, {"mahalanobis", &mahalanobis}},
                                                all.is_anomaly, n_train, all.size() - n_train));
    std::printf("RESULT auroc_path=%.4f auroc_softmax=%.4f auroc_dknn=%.4f auroc_mahalanobis=%.4f\n", auroc[0], auroc[1], auroc[2], auroc[3]);
    return chemin::Status();
}

}  // namespace

int main(int argc, char** argv) {
    return examples::run_mnist_stage(argc, argv, "stage4_anomaly_scores", "stage4",
                                     "Teaching example, stage 4 of 4: trains on 1s and 7s, passes 3s and 4s through as anomalies and\n"
                                     "measures four anomaly scores with their ROC.",
                                     run);
}
