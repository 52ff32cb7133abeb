// UMAP on hostile input: a neighbour count that would wrap n_neighbors + 1 to 0, and data whose
// squared distances overflow or underflow float. Each is a clear error, before any work.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "chemin/chemin.hpp"

namespace {
// Read at run time: with a compile-time SIZE_MAX, g++ warns about loops in code the check skips.
volatile std::size_t largest_size = ~std::size_t{0};
chemin::Matrix grid_points(std::size_t n, float scale) {
    chemin::Matrix m(n, 3);
    chemin::Rng rng(3);
    for (float& v : m.values) v = scale * static_cast<float>(rng.uniform());
    return m;
}
}  // namespace

TEST_CASE("UMAP with the largest n_neighbors says there are too few points instead of aborting") {
    chemin::embed::UmapOptions options;
    options.n_neighbors = largest_size;  // n_neighbors + 1 wraps to 0
    options.local_connectivity = 1.0;
    auto r = chemin::embed::umap_fit(grid_points(40, 1.0f), options);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == chemin::Errc::bad_shape);
    CHECK(std::string(r.status().message()).find("UMAP input: N = 40 points is too few for n_neighbors = 18446744073709551615 (need at least n_neighbors + 1 = 2^64)") == 0);
    CHECK(chemin::embed::exact_knn(grid_points(40, 1.0f), largest_size).status().code() == chemin::Errc::bad_shape);
    chemin::embed::NnDescentOptions nnd;
    CHECK(chemin::embed::nn_descent(grid_points(40, 1.0f), largest_size, nnd).status().code() == chemin::Errc::bad_shape);
}

TEST_CASE("UMAP refuses data whose squared distances overflow or underflow float") {
    chemin::embed::UmapOptions options;
    options.n_epochs = 10;
    for (float scale : {1e30f, 1e-42f}) {
        auto r = chemin::embed::umap_fit(grid_points(40, scale), options);
        REQUIRE_FALSE(r.ok());
        CHECK(std::string(r.status().message()).find("UMAP input: ") == 0);
    }
    auto model = chemin::embed::umap_fit(grid_points(40, 1.0f), options);
    REQUIRE(model.ok());
    auto placed = chemin::embed::umap_transform(*model, grid_points(5, 1e30f));
    REQUIRE_FALSE(placed.ok());
    CHECK(std::string(placed.status().message()).find("UMAP transform input: row 0, column 0 is ") == 0);
}
