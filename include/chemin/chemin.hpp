// chemin — open the black box of small neural networks.           SPDX-License-Identifier: MIT
//
// chemin trains small MLPs and CNNs on MNIST-style images, records what every hidden layer outputs for
// every image (its signature), clusters each layer's signatures with k-means (K chosen by silhouette),
// projects them to 2-D with an approximate UMAP, and follows how images flow from cluster to cluster,
// layer after layer. C++17, header-only, no dependencies.
//
// USE
//   Either add include/ to your include path and `#include "chemin/chemin.hpp"`, or drop the generated
//   single_include/chemin/chemin.hpp into your project and include that. With CMake:
//   `target_link_libraries(app PRIVATE chemin::chemin)` after add_subdirectory, find_package(chemin
//   CONFIG) or FetchContent. Every configuration macro (CHEMIN_ASSERT, CHEMIN_NO_FILESYSTEM,
//   CHEMIN_ENABLE_THREADS, CHEMIN_NO_EXCEPTIONS, CHEMIN_STATUS_MESSAGE_CAPACITY,
//   CHEMIN_DEFAULT_DATA_DIR, CHEMIN_NO_CPU_DISPATCH) is documented in chemin/core/config.hpp.
//
// EXAMPLE (examples/hello.cpp): does the second hidden layer of a 1-vs-7 network tell 1s from 7s?
//
//   #include "chemin/chemin.hpp"
//   int main() {
//     using chemin::value_or_throw;                     // or check each Status / Result yourself
//     const std::vector<chemin::Label> digits{1, 7};    // one label type: classes and cluster ids
//     auto mnist = value_or_throw(chemin::data::load_mnist("path/to/mnist"));
//     chemin::data::KeepClassesOptions first_thousand;
//     first_thousand.per_class = 1000;
//     auto train = value_or_throw(chemin::data::keep_classes(mnist.train, digits, first_thousand));
//     auto targets = value_or_throw(chemin::data::class_indices(train.labels, digits));
//     auto net = value_or_throw(chemin::nn::make_mlp(784, {64, 32}, 2, /*seed=*/0));
//     chemin::throw_if_error(chemin::nn::train(net, train.images, targets, chemin::nn::TrainOptions()));
//     auto signatures = value_or_throw(chemin::nn::record_signatures(net, train.images));
//     chemin::cluster::Standardizer scale;
//     chemin::throw_if_error(scale.fit(signatures.outputs[1]));
//     auto chosen = value_or_throw(chemin::cluster::choose_k(value_or_throw(scale.transform(signatures.outputs[1])),
//                                                            chemin::cluster::ChooseKOptions()));  // K = 2..10
//     double purity = value_or_throw(chemin::paths::purity(chosen.best().labels, train.labels));  // 1 = digits
//     return purity > 0.9 ? 0 : 1;
//   }
//
// ERRORS
//   Fallible calls return chemin::Status or chemin::Result<T>; nothing throws unless you ask for it
//   with chemin::value_or_throw() / chemin::throw_if_error(). Messages name the file, the byte offset
//   and the problem.
//
// OUTPUT
//   The library prints nothing. Progress reaches the caller through hooks, a function pointer and a
//   user pointer each: nn::TrainOptions::on_epoch (each epoch's figures) and study::ExperimentSpec::hooks
//   (each stage's time, each seed); the example programs print through them.
//
// MODULES AND NAMESPACES
//   Each folder of include/chemin/ is a module and declares its names in the namespace of the same name
//   (tools/check_layers.py fails the tests otherwise); what only a module's own code needs (kernels, panel
//   widths, block sizes, packers, format constants) sits in <module>::detail and may change without notice.
//   The library is a house of layers; a folder includes only folders below it (tools/check_layers.py
//   again):
//     core -> data, io -> nn, cluster, embed -> paths -> output -> study
//   chemin/core/      chemin::          configuration, Status/Result, the seeded generator (Rng), file and
//                                       folder I/O, strict number parsing, Matrix/MatrixView, Label (the
//                                       one type of a class label or a cluster id), CRC-32 and SHA-256,
//                                       threads (parallel_for_chunks); internals in chemin::detail
//   chemin/data/      chemin::data::    IDX files, gzip (own inflate), MNIST loading, the preparation steps
//   chemin/io/        chemin::io::      NumPy .npy reading and writing
//   chemin/nn/        chemin::nn::      fixed-size and run-time-sized layers, backprop, training, hooks,
//                                       weight files, post-training int8 quantisation and integer-only
//                                       inference (int8.hpp, quantize.hpp); the kernels in chemin::nn::detail
//   chemin/cluster/   chemin::cluster:: k-means, silhouette, choosing K, standardising, nearest centroid
//   chemin/embed/     chemin::embed::   nearest neighbours and UMAP
//   chemin/paths/     chemin::paths::   cluster paths, flows, the answers per layer, anomaly scores, detectors
//   chemin/output/    chemin::output::  JSON, CSV, PNG, SVG, the Sankey and scatter plots, projector files,
//                                       the HTML report
//   chemin/study/     chemin::study::   the experiment pipeline (run_experiment), its exports, the output
//                                       folder, experiment files
//   chemin/reference/ chemin::reference:: the textbook versions of the fast kernels, which their tests
//                                       compare them with (beside the house: it includes only core/, and
//                                       only tests and readers use it)
#ifndef CHEMIN_CHEMIN_HPP
#define CHEMIN_CHEMIN_HPP

#include "chemin/core/config.hpp"
#include "chemin/core/status.hpp"
#include "chemin/core/random.hpp"
#include "chemin/core/file.hpp"
#include "chemin/core/folder.hpp"
#include "chemin/core/matrix.hpp"
#include "chemin/core/parallel.hpp"
#include "chemin/core/parse.hpp"
#include "chemin/core/sorted_distinct.hpp"
#include "chemin/core/labels.hpp"

// One umbrella header per concern, bottom layer first.
#include "chemin/data.hpp"
#include "chemin/io.hpp"
#include "chemin/nn.hpp"
#include "chemin/cluster.hpp"
#include "chemin/embed.hpp"
#include "chemin/paths.hpp"
#include "chemin/output.hpp"
#include "chemin/study.hpp"
#include "chemin/reference.hpp"

#endif  // CHEMIN_CHEMIN_HPP
