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
//   using chemin::value_or_throw;                     // or check each Status / Result yourself
//   auto mnist = value_or_throw(chemin::load_mnist("path/to/mnist"));
//   chemin::KeepClassesOptions first_thousand;
//   first_thousand.per_class = 1000;
//   auto train = value_or_throw(chemin::keep_classes(mnist.train, {1, 7}, first_thousand));
//   auto targets = value_or_throw(chemin::class_indices(train.labels, {1, 7}));
//   auto net = value_or_throw(chemin::nn::make_mlp(784, {64, 32}, 2, /*seed=*/0));
//   chemin::throw_if_error(chemin::nn::train(net, train.images, targets, chemin::nn::TrainOptions()));
//   auto signatures = value_or_throw(chemin::nn::record_signatures(net, train.images));
//   chemin::Standardizer scale;
//   chemin::throw_if_error(scale.fit(signatures.outputs[1]));
//   auto chosen = value_or_throw(chemin::choose_k(value_or_throw(scale.transform(signatures.outputs[1])),
//                                                 chemin::ChooseKOptions()));   // K = 2..10 by silhouette
//   std::vector<int> clusters(chosen.best().labels.begin(), chosen.best().labels.end());
//   double purity = value_or_throw(chemin::purity(clusters, train.labels));    // 1 = clusters are digits
//
// ERRORS
//   Fallible calls return chemin::Status or chemin::Result<T>; nothing throws unless you ask for it
//   with chemin::value_or_throw() / chemin::throw_if_error(). Messages name the file, the byte offset
//   and the problem.
//
// OUTPUT
//   The library prints nothing. Progress reaches the caller through hooks, a function pointer and a
//   user pointer each: nn::TrainOptions::on_epoch (each epoch's figures) and ExperimentSpec::hooks (each
//   stage's time, each seed); the example programs print through them.
//
// The library is a house of layers; a folder includes only folders below it (tests/check_layers.py
// fails the build's tests otherwise):
//   core -> data, io -> nn, cluster, embed -> paths -> output -> study
//   chemin/core/   configuration, Status/Result, the seeded generator, file and folder I/O, strict number
//                  parsing, matrices, CRC-32 and SHA-256, threads
//   chemin/data/   IDX files, gzip (own inflate), MNIST loading and the preparation steps
//   chemin/io/     NumPy .npy reading and writing
//   chemin/nn/     fixed-size and run-time-sized layers, backprop, training, hooks, weight files,
//                  post-training int8 quantisation and integer-only inference (int8.hpp, quantize.hpp)
//   chemin/cluster/ k-means, silhouette, choosing K
//   chemin/embed/  nearest neighbours and UMAP
//   chemin/paths/  cluster paths, flows, the answers per layer, anomaly scores and detectors
//   chemin/output/ JSON, CSV, PNG, SVG, the Sankey and scatter plots, projector files, the HTML report
//   chemin/study/  the experiment pipeline (run_experiment), its exports, the output folder, experiment files
//   chemin/reference/ the textbook versions of the fast kernels, which their tests compare them with
//                  (beside the house: it includes only core/, and only tests and readers use it)
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
