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
//   CONFIG) or FetchContent. Every configuration macro is documented in chemin/core/config.hpp.
//
// ERRORS
//   Fallible calls return chemin::Status or chemin::Result<T>; nothing throws unless you ask for it
//   with chemin::value_or_throw(). Messages name the file, the byte offset and the problem.
//
// The library is organised by concern:
//   chemin/core/   configuration, Status/Result, the seeded generator, file I/O
//   chemin/data/   IDX files, gzip (own inflate), MNIST loading and the preparation steps
//   chemin/io/     NumPy .npy reading and writing
//   chemin/nn/     fixed-size and run-time-sized layers, backprop, training, hooks, weight files,
//                  post-training int8 quantisation and integer-only inference (int8.hpp, quantize.hpp)
//   chemin/reference/ plain textbook versions of the fast kernels, which the tests compare against
//   chemin/cluster/ k-means, silhouette, choosing K
//   chemin/embed/  nearest neighbours and UMAP
#ifndef CHEMIN_CHEMIN_HPP
#define CHEMIN_CHEMIN_HPP

#include "chemin/core/config.hpp"
#include "chemin/core/status.hpp"
#include "chemin/core/random.hpp"
#include "chemin/core/file.hpp"
#include "chemin/core/matrix.hpp"
#include "chemin/core/parallel.hpp"

// Concern umbrellas are added below as they land (data, io, nn, cluster, embed).
#include "chemin/data.hpp"
#include "chemin/nn.hpp"
#include "chemin/paths.hpp"
#include "chemin/output.hpp"
#include "chemin/embed.hpp"
#include "chemin/io.hpp"
#include "chemin/cluster.hpp"
#include "chemin/reference/int8_kernels.hpp"  // the int8 kernels' textbook versions (tests compare against them)

#endif  // CHEMIN_CHEMIN_HPP
