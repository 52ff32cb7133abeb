// Teaching example, stage 2 of 4: cluster one hidden layer's signatures and choose K.
//
// What it teaches: images that the network treats alike have nearby signatures, so clusters of
// signatures are the "concepts" a layer uses. We do not know how many there are, so we try K = 2..10,
// score each k-means clustering with the silhouette (how much closer a point is to its own cluster
// than to the next one; Rousseeuw 1987) and keep the best K. Then we compare the clusters with the
// true classes: do the layer's concepts follow the digits?
//
//     stage2_cluster_layer [--signatures FILE] [--labels FILE]
//
// Run stage1_train_and_record first: the defaults are its outputs signatures_layer2.npy and
// labels.npy in the current folder (try --signatures signatures_layer1.npy for the first layer).
// Ends with `RESULT best_k=... silhouette=... purity=... ari=... nmi=...`.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

int main(int argc, char** argv) {
    std::string signatures_path = "signatures_layer2.npy", labels_path = "labels.npy";
    examples::Arguments args("stage2_cluster_layer",
                             "Teaching example, stage 2 of 4: clusters one layer's signatures (written by stage 1), chooses K\n"
                             "by silhouette and compares the clusters with the true classes.");
    args.text("--signatures", signatures_path, "FILE", "N x D signatures (.npy, float32)");
    args.text("--labels", labels_path, "FILE", "N true labels (.npy, int32)");
    if (auto stop = args.parse(argc, argv)) return *stop;

    // 1. One row per image, one column per neuron; and each image's true digit.
    auto signatures = chemin::io::read_npy_matrix(signatures_path);
    auto labels_read = chemin::io::read_npy_labels(labels_path);
    if (!signatures.ok() || !labels_read.ok()) {
        std::fprintf(stderr, "stage2: %s (run stage1_train_and_record first)\n",
                     (!signatures.ok() ? signatures.status() : labels_read.status()).message());
        return 2;
    }
    const std::vector<chemin::Label> labels(labels_read->begin(), labels_read->end());
    if (labels.size() != signatures->rows) {
        std::fprintf(stderr, "stage2: %s has %zu rows but %s has %zu labels\n", signatures_path.c_str(), signatures->rows,
                     labels_path.c_str(), labels.size());
        return 2;
    }
    std::printf("%s: %zu images x %zu neurons\n", signatures_path.c_str(), signatures->rows, signatures->cols);

    // 2. Standardise each neuron to mean 0 and variance 1. k-means measures Euclidean distance, so
    // without this a neuron with large outputs would decide the clusters alone; after it, every
    // neuron has the same say. (A dead neuron, constant 0, becomes a column of zeros.)
    chemin::cluster::Standardizer scaler;
    chemin::Status fitted = scaler.fit(*signatures);
    auto scaled = fitted.ok() ? scaler.transform(*signatures) : chemin::Result<chemin::Matrix>(fitted);
    if (!scaled.ok()) {
        std::fprintf(stderr, "stage2: %s\n", scaled.status().message());
        return 1;
    }

    // 3. k-means for every K in 2..10 (10 seeded k-means++ restarts each, the lowest inertia wins),
    // each scored by the exact mean silhouette over all pairs of images: from -1 (wrong clusters)
    // through 0 (overlapping) to 1 (tight, well separated). The highest score picks K.
    chemin::cluster::ChooseKOptions scan;
    scan.k_min = 2;
    scan.k_max = 10;
    scan.kmeans.n_init = 10;
    scan.kmeans.seed = 0;
    auto chosen = chemin::cluster::choose_k(*scaled, scan);
    if (!chosen.ok()) {
        std::fprintf(stderr, "stage2: %s\n", chosen.status().message());
        return 1;
    }
    std::printf("\n K  silhouette\n");
    for (std::size_t i = 0; i < chosen->ks.size(); ++i) {
        const double score = chosen->scores[i];
        const int bar = score > 0 ? static_cast<int>(score * 60 + 0.5) : 0;  // 60 characters = silhouette 1
        std::printf("%2d  %+.4f  %s%s\n", chosen->ks[i], score, std::string(static_cast<std::size_t>(bar), '#').c_str(),
                    chosen->ks[i] == chosen->best_k ? "  <- best" : "");
    }

    // 4. How well do the clusters match the digits? Purity: the share of images in their cluster's
    // majority class (1 = every cluster holds one digit; it rewards many small clusters). ARI and NMI
    // also punish splitting one digit over many clusters: 1 = the same partition as the classes,
    // about 0 = no better than chance.
    const chemin::cluster::KMeansResult& best = chosen->best();
    const std::vector<chemin::Label>& clusters = best.labels;
    auto purity = chemin::paths::purity(clusters, labels);
    auto ari = chemin::paths::adjusted_rand_index(clusters, labels);
    auto nmi = chemin::paths::normalized_mutual_information(clusters, labels);
    auto table = chemin::paths::contingency(clusters, labels);
    const chemin::Status problem = !purity.ok() ? purity.status() : !ari.ok() ? ari.status() : !nmi.ok() ? nmi.status() : table.status();
    if (!problem.ok()) {
        std::fprintf(stderr, "stage2: %s\n", problem.message());
        return 1;
    }
    std::printf("\nbest K = %d: purity %.4f, ARI %.4f, NMI %.4f\n", chosen->best_k, *purity, *ari, *nmi);

    // 5. The contingency table: which digits each cluster holds. A row with one large count is a
    // cluster that stands for one digit; a row split between digits is a concept they share.
    std::printf("\ncluster");
    for (int c : table->second_values) std::printf("  digit %d", c);
    std::printf("    total\n");
    for (std::size_t i = 0; i < table->first_values.size(); ++i) {
        std::printf("%7d", table->first_values[i]);
        for (std::size_t j = 0; j < table->second_values.size(); ++j) std::printf("  %7lld", static_cast<long long>(table->at(i, j)));
        std::printf("  %7lld\n", static_cast<long long>(table->row_sum(i)));
    }
    std::printf("RESULT best_k=%d silhouette=%.4f purity=%.4f ari=%.4f nmi=%.4f\n", chosen->best_k, chosen->best_score, *purity, *ari, *nmi);
    return 0;
}
