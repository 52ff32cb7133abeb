// UMAP's pieces: local scales, fuzzy union, the a/b curve, spectral initialisation, the layout, fit,
// transform, determinism, and every bad input's message.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

chemin::Matrix make_blobs(std::size_t clusters, std::size_t per_cluster, std::size_t dim, double separation,
                          std::uint64_t seed, std::vector<int>* labels = nullptr) {
    chemin::Rng rng(seed);
    chemin::Matrix m(clusters * per_cluster, dim);
    if (labels != nullptr) labels->clear();
    for (std::size_t c = 0; c < clusters; ++c)
        for (std::size_t p = 0; p < per_cluster; ++p) {
            float* row = m.row(c * per_cluster + p);
            for (std::size_t j = 0; j < dim; ++j)
                row[j] = static_cast<float>(rng.normal() + (j == c % dim ? separation : 0.0));
            if (labels != nullptr) labels->push_back(static_cast<int>(c));
        }
    return m;
}

float weight_of(const chemin::embed::SparseGraph& g, std::uint32_t i, std::uint32_t j) {
    for (std::size_t e = g.row_start[i]; e < g.row_start[i + 1]; ++e)
        if (g.columns[e] == j) return g.weights[e];
    return 0.0f;
}

std::string fit_error(const chemin::MatrixView& data, const chemin::embed::UmapOptions& o) {
    auto r = chemin::embed::umap_fit(data, o);
    return r.ok() ? std::string("ok") : std::string(r.status().message());
}

}  // namespace

TEST_CASE("local scales: rho is the nearest non-zero distance, memberships sum to log2(k)") {
    const chemin::Matrix data = make_blobs(2, 80, 4, 3.0, 1);
    auto knn = chemin::embed::exact_knn(data, 15);
    REQUIRE(knn.ok());
    const chemin::embed::LocalScales s = chemin::embed::smooth_knn_distances(*knn);
    for (std::size_t i = 0; i < data.rows; ++i) {
        const float* d = knn->distances_of(i);
        CHECK(s.rho[i] == d[1]);
        double sum = 0.0;
        for (std::size_t j = 1; j < 15; ++j) sum += std::exp(-std::max(0.0, double(d[j]) - s.rho[i]) / s.sigma[i]);
        CHECK(sum == doctest::Approx(std::log2(15.0)).epsilon(1e-4));
    }
}

TEST_CASE("local scales: duplicates sit at distance 0 and get full membership") {
    // Row: self, a duplicate (0), then 1, 2, 3.
    chemin::embed::KnnGraph g;
    g.points = 1;
    g.k = 5;
    g.indices = {0, 1, 2, 3, 4};
    g.distances = {0.0f, 0.0f, 1.0f, 2.0f, 3.0f};
    const chemin::embed::LocalScales s = chemin::embed::smooth_knn_distances(g);
    CHECK(s.rho[0] == 1.0f);  // the first NON-zero distance
    CHECK(chemin::embed::membership_strength(0.0f, s.rho[0], s.sigma[0]) == 1.0f);
    CHECK(chemin::embed::membership_strength(1.0f, s.rho[0], s.sigma[0]) == 1.0f);
    // 1 (duplicate) + 1 (nearest) + exp(-1/sigma) + exp(-2/sigma) = log2(5)
    const double sum = 2.0 + std::exp(-1.0 / s.sigma[0]) + std::exp(-2.0 / s.sigma[0]);
    CHECK(sum == doctest::Approx(std::log2(5.0)).epsilon(1e-4));
}

TEST_CASE("the fuzzy union of two directed memberships is a + b - ab, symmetric, without self-loops") {
    // Three points, k = 2 (self + one): 0 -> 1, 1 -> 0, 2 -> 1. Local scales chosen by hand.
    chemin::embed::KnnGraph g;
    g.points = 3;
    g.k = 2;
    g.indices = {0, 1, 1, 0, 2, 1};
    g.distances = {0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 2.0f};
    chemin::embed::LocalScales s;
    s.rho = {0.5f, 0.25f, 1.0f};
    s.sigma = {1.0f, 2.0f, 0.5f};
    const chemin::embed::SparseGraph u = chemin::embed::fuzzy_simplicial_set(g, s);
    const float a = std::exp(-(1.0f - 0.5f) / 1.0f);   // w(0 -> 1)
    const float b = std::exp(-(1.0f - 0.25f) / 2.0f);  // w(1 -> 0)
    const float c = std::exp(-(2.0f - 1.0f) / 0.5f);   // w(2 -> 1), nobody points back
    CHECK(weight_of(u, 0, 1) == doctest::Approx(a + b - a * b));
    CHECK(weight_of(u, 1, 0) == weight_of(u, 0, 1));
    CHECK(weight_of(u, 2, 1) == doctest::Approx(c));
    CHECK(weight_of(u, 1, 2) == weight_of(u, 2, 1));
    CHECK(weight_of(u, 0, 0) == 0.0f);
    CHECK(u.entries() == 4);
}

TEST_CASE("the fuzzy set of real data is symmetric") {
    const chemin::Matrix data = make_blobs(3, 50, 5, 3.0, 2);
    auto knn = chemin::embed::exact_knn(data, 10);
    REQUIRE(knn.ok());
    const chemin::embed::SparseGraph g = chemin::embed::fuzzy_simplicial_set(*knn, chemin::embed::smooth_knn_distances(*knn));
    for (std::uint32_t i = 0; i < g.rows; ++i)
        for (std::size_t e = g.row_start[i]; e < g.row_start[i + 1]; ++e) {
            CHECK(g.columns[e] != i);
            CHECK(weight_of(g, g.columns[e], i) == g.weights[e]);
            CHECK(g.weights[e] > 0.0f);
            CHECK(g.weights[e] <= 1.0f);
        }
}

TEST_CASE("a and b match umap-learn's find_ab_params") {
    // Values printed by tests/embed/umap_learn_ab_reference.py (umap-learn 0.5.3, scipy's curve_fit).
    struct Case { double min_dist, spread, a, b; };
    const Case cases[] = {{0.1, 1.0, 1.5769434601962196, 0.8950608779914887},
                          {0.5, 1.0, 0.583030020479462, 1.3341669929263487},
                          {0.0, 1.0, 1.9328083975546724, 0.7904949734010681},
                          {0.25, 2.0, 0.41627349693884963, 0.9218551322340262}};
    for (const Case& c : cases) {
        auto ab = chemin::embed::fit_ab(c.min_dist, c.spread);
        REQUIRE(ab.ok());
        CHECK(ab->a == doctest::Approx(c.a).epsilon(1e-4));
        CHECK(ab->b == doctest::Approx(c.b).epsilon(1e-4));
    }
    auto bad = chemin::embed::fit_ab(2.0, 1.0);
    REQUIRE(!bad.ok());
    CHECK(std::string(bad.status().message()) == "UMAP: min_dist = 2 is larger than spread = 1 (need min_dist <= spread)");
    auto zero = chemin::embed::fit_ab(0.1, 0.0);
    REQUIRE(!zero.ok());
    CHECK(std::string(zero.status().message()) == "UMAP: spread = 0, need a finite spread > 0");
    auto negative = chemin::embed::fit_ab(-0.1, 1.0);
    REQUIRE(!negative.ok());
    CHECK(std::string(negative.status().message()) == "UMAP: min_dist = -0.1, need a finite min_dist >= 0");
}

TEST_CASE("jacobi_eigen diagonalises a known symmetric matrix") {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, -1)/sqrt2 and (1, 1)/sqrt2.
    std::vector<double> m = {2, 1, 1, 2}, values, vectors;
    chemin::embed::detail::jacobi_eigen(m, 2, values, vectors);
    const std::size_t big = values[0] > values[1] ? 0 : 1;
    CHECK(values[big] == doctest::Approx(3.0));
    CHECK(values[1 - big] == doctest::Approx(1.0));
    CHECK(std::fabs(vectors[0 * 2 + big]) == doctest::Approx(std::sqrt(0.5)));
    CHECK(vectors[0 * 2 + big] * vectors[1 * 2 + big] > 0.0);
}

TEST_CASE("spectral embedding of a ring is its first Fourier pair: a circle") {
    // A cycle of n points with unit weights: B = W / 2, eigenvalues cos(2 pi m / n). The top non-trivial
    // eigenvalue cos(2 pi / n) is double, its eigenspace spanned by cos(2 pi j / n) and sin(2 pi j / n):
    // the 2-D spectral embedding puts the points on a circle, in ring order.
    const std::size_t n = 40;
    chemin::embed::SparseGraph g;
    g.rows = g.cols = n;
    g.row_start.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t a = static_cast<std::uint32_t>((i + n - 1) % n), b = static_cast<std::uint32_t>((i + 1) % n);
        if (a > b) std::swap(a, b);
        g.columns.push_back(a);
        g.columns.push_back(b);
        g.weights.push_back(1.0f);
        g.weights.push_back(1.0f);
        g.row_start[i + 1] = g.columns.size();
    }
    auto y = chemin::embed::spectral_embedding(g, 2, 1);
    REQUIRE(y.ok());
    const double pi = 3.14159265358979323846;
    for (std::size_t c = 0; c < 2; ++c) {
        double norm = 0.0, in_span = 0.0, cos_part = 0.0, sin_part = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            norm += double((*y)(j, c)) * (*y)(j, c);
            cos_part += (*y)(j, c) * std::cos(2 * pi * j / n);
            sin_part += (*y)(j, c) * std::sin(2 * pi * j / n);
        }
        in_span = (cos_part * cos_part + sin_part * sin_part) / (n / 2.0);
        CHECK(norm == doctest::Approx(1.0).epsilon(1e-4));
        CHECK(in_span == doctest::Approx(1.0).epsilon(1e-4));  // all of it lies in the Fourier pair
    }
    double radius0 = -1.0;
    for (std::size_t j = 0; j < n; ++j) {
        const double r = std::hypot((*y)(j, 0), (*y)(j, 1));
        if (radius0 < 0) radius0 = r;
        CHECK(r == doctest::Approx(radius0).epsilon(1e-3));
    }
}

TEST_CASE("spectral embedding refuses a disconnected graph") {
    chemin::embed::SparseGraph g;
    g.rows = g.cols = 4;
    g.row_start = {0, 1, 2, 3, 4};
    g.columns = {1, 0, 3, 2};
    g.weights = {1, 1, 1, 1};
    auto y = chemin::embed::spectral_embedding(g, 1, 0);
    REQUIRE(!y.ok());
    CHECK(std::string(y.status().message()) == "spectral_embedding: the graph has 2 connected components, need 1");
}

TEST_CASE("layout edges are sampled in proportion to their weight; weak edges are pruned") {
    chemin::embed::SparseGraph g;
    g.rows = g.cols = 3;
    g.row_start = {0, 2, 3, 4};
    g.columns = {1, 2, 0, 0};
    g.weights = {1.0f, 0.25f, 1.0f, 0.001f};
    const chemin::embed::LayoutEdges e = chemin::embed::layout_edges(g);
    REQUIRE(e.head.size() == 4);
    CHECK(e.epochs_per_sample[0] == 1.0);
    CHECK(e.epochs_per_sample[1] == 4.0);
    const chemin::embed::SparseGraph pruned = chemin::embed::prune_weak_edges(g, 200);  // drops weight < 1/200
    CHECK(pruned.entries() == 3);
    CHECK(pruned.row_start == std::vector<std::size_t>{0, 2, 3, 3});
}

TEST_CASE("separable blobs stay separated and every point's neighbours share its label") {
    std::vector<int> labels;
    const chemin::Matrix data = make_blobs(3, 100, 8, 10.0, 3, &labels);
    chemin::embed::UmapOptions o;
    o.n_epochs = 200;
    auto model = chemin::embed::umap_fit(data, o);
    REQUIRE(model.ok());
    CHECK(model->embedding.rows == 300);
    CHECK(model->embedding.cols == 2);
    CHECK_FALSE(model->spectral_used);  // three components: random initialisation, as documented
    auto agreement = chemin::embed::knn_label_agreement(model->embedding, labels, 10);
    REQUIRE(agreement.ok());
    CHECK(*agreement == doctest::Approx(100.0));
    for (float v : model->embedding.values) CHECK(std::isfinite(v));
}

TEST_CASE("a connected cloud uses the spectral start and keeps neighbourhoods (trustworthiness)") {
    std::vector<int> labels;
    const chemin::Matrix data = make_blobs(2, 150, 6, 3.0, 8, &labels);
    chemin::embed::UmapOptions o;
    o.n_epochs = 200;
    auto model = chemin::embed::umap_fit(data, o);
    REQUIRE(model.ok());
    CHECK(model->spectral_used);
    auto t = chemin::embed::trustworthiness(data, model->embedding, 10);
    REQUIRE(t.ok());
    MESSAGE("trustworthiness " << *t);
    CHECK(*t > 0.85);
}

TEST_CASE("a fit is bit-identical for a seed, whatever the thread count, and differs for another seed") {
    const chemin::Matrix data = make_blobs(2, 150, 6, 3.0, 4);
    chemin::embed::UmapOptions o;
    o.n_epochs = 60;
    o.neighbors = chemin::embed::UmapNeighbors::nn_descent;
    o.seed = 42;
    auto first = chemin::embed::umap_fit(data, o);
    auto second = chemin::embed::umap_fit(data, o);
    o.threads = 2;
    auto threaded = chemin::embed::umap_fit(data, o);
    for (int threads : {3, 7, 64}) {  // the layout's chunks split into runs, one per thread (or per chunk)
        o.threads = threads;
        auto more = chemin::embed::umap_fit(data, o);
        REQUIRE(more.ok());
        CHECK(more->embedding.values == threaded->embedding.values);
    }
    o.seed = 43;
    auto other = chemin::embed::umap_fit(data, o);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    REQUIRE(threaded.ok());
    REQUIRE(other.ok());
    CHECK(first->embedding.values == second->embedding.values);
    CHECK(first->embedding.values == threaded->embedding.values);
    CHECK(first->embedding.values != other->embedding.values);
}

TEST_CASE("n_components 1 and 3 and random initialisation work") {
    const chemin::Matrix data = make_blobs(2, 60, 5, 6.0, 5);
    for (std::size_t components : {1u, 3u}) {
        chemin::embed::UmapOptions o;
        o.n_components = components;
        o.n_epochs = 50;
        auto model = chemin::embed::umap_fit(data, o);
        REQUIRE(model.ok());
        CHECK(model->embedding.cols == components);
    }
    chemin::embed::UmapOptions o;
    o.init = chemin::embed::UmapInit::random;
    o.n_epochs = 50;
    auto model = chemin::embed::umap_fit(data, o);
    REQUIRE(model.ok());
    CHECK_FALSE(model->spectral_used);
}

TEST_CASE("transform puts a training point near its own embedding and new points near their blob") {
    std::vector<int> labels;
    const chemin::Matrix data = make_blobs(3, 100, 8, 10.0, 6, &labels);
    chemin::embed::UmapOptions o;
    o.n_epochs = 200;
    auto model = chemin::embed::umap_fit(data, o);
    REQUIRE(model.ok());
    // The embedding's extent, for scale.
    float lo = model->embedding.values[0], hi = lo;
    for (float v : model->embedding.values) lo = std::min(lo, v), hi = std::max(hi, v);
    const float extent = hi - lo;

    chemin::Matrix again(3, 8);
    const std::size_t picks[3] = {5, 150, 299};
    for (int r = 0; r < 3; ++r)
        for (std::size_t j = 0; j < 8; ++j) again(r, j) = data(picks[r], j);
    auto placed = chemin::embed::umap_transform(*model, again);
    REQUIRE(placed.ok());
    for (int r = 0; r < 3; ++r) {
        const double d = std::hypot(placed.value()(r, 0) - model->embedding(picks[r], 0),
                                    placed.value()(r, 1) - model->embedding(picks[r], 1));
        CHECK(d < 0.1 * extent);
    }
    // Fresh points of blob 1: their nearest embedded training point must be of blob 1.
    std::vector<int> new_labels;
    chemin::Matrix fresh = make_blobs(3, 10, 8, 10.0, 99, &new_labels);
    auto y = chemin::embed::umap_transform(*model, fresh, 7);
    REQUIRE(y.ok());
    int right = 0;
    for (std::size_t i = 0; i < fresh.rows; ++i) {
        std::size_t best = 0;
        double best_d = 1e30;
        for (std::size_t t = 0; t < data.rows; ++t) {
            const double d = std::hypot(y.value()(i, 0) - model->embedding(t, 0), y.value()(i, 1) - model->embedding(t, 1));
            if (d < best_d) best_d = d, best = t;
        }
        right += labels[best] == new_labels[i] ? 1 : 0;
    }
    CHECK(right == 30);
    auto repeat = chemin::embed::umap_transform(*model, fresh, 7);
    REQUIRE(repeat.ok());
    CHECK(repeat->values == y->values);
}

TEST_CASE("duplicate points: all-equal data and doubled data fit to finite embeddings") {
    chemin::Matrix same(30, 4, 2.5f);
    chemin::embed::UmapOptions o;
    o.n_epochs = 30;
    auto flat = chemin::embed::umap_fit(same, o);
    REQUIRE(flat.ok());
    for (float v : flat->embedding.values) CHECK(std::isfinite(v));
    const chemin::Matrix base = make_blobs(2, 40, 3, 6.0, 12);
    chemin::Matrix doubled(160, 3);
    for (std::size_t i = 0; i < 160; ++i)
        for (std::size_t j = 0; j < 3; ++j) doubled(i, j) = base(i % 80, j);
    auto twice = chemin::embed::umap_fit(doubled, o);
    REQUIRE(twice.ok());
    for (float v : twice->embedding.values) CHECK(std::isfinite(v));
}

TEST_CASE("UMAP rejects bad input with a message naming it") {
    chemin::embed::UmapOptions o;
    CHECK(fit_error(chemin::Matrix(15, 3, 1.0f), o) ==
          "UMAP input: N = 15 points is too few for n_neighbors = 15 (need at least n_neighbors + 1 = 16)");
    chemin::Matrix with_nan = make_blobs(1, 40, 3, 0.0, 1);
    with_nan(7, 2) = std::nanf("");
    CHECK(fit_error(with_nan, o) == "UMAP input: row 7, column 2 is NaN");
    with_nan(7, 2) = INFINITY;
    CHECK(fit_error(with_nan, o) == "UMAP input: row 7, column 2 is infinite");
    CHECK(fit_error(chemin::Matrix(), o) == "UMAP input: no rows (N = 0)");
    const chemin::Matrix ok_data = make_blobs(1, 40, 3, 0.0, 1);
    o.n_components = 0;
    CHECK(fit_error(ok_data, o) == "UMAP: n_components = 0 is not supported (1 to 8)");
    o.n_components = 9;
    CHECK(fit_error(ok_data, o) == "UMAP: n_components = 9 is not supported (1 to 8)");
    o = chemin::embed::UmapOptions();
    o.n_neighbors = 1;
    CHECK(fit_error(ok_data, o) == "UMAP: n_neighbors = 1, need at least 2");
    o = chemin::embed::UmapOptions();
    o.min_dist = 1.5;
    CHECK(fit_error(ok_data, o) == "UMAP: min_dist = 1.5 is larger than spread = 1 (need min_dist <= spread)");
    o = chemin::embed::UmapOptions();
    o.n_epochs = -1;
    CHECK(fit_error(ok_data, o) == "UMAP: n_epochs = -1, need >= 0 (0 = automatic)");
    o = chemin::embed::UmapOptions();
    o.learning_rate = 0;
    CHECK(fit_error(ok_data, o) == "UMAP: learning_rate = 0, need a finite value > 0");
    o = chemin::embed::UmapOptions();
    o.negative_sample_rate = -1;
    CHECK(fit_error(ok_data, o) == "UMAP: negative_sample_rate = -1, need a finite value >= 0");
    o = chemin::embed::UmapOptions();
    o.repulsion_strength = NAN;
    CHECK(fit_error(ok_data, o) == "UMAP: repulsion_strength = nan, need a finite value >= 0");
    o = chemin::embed::UmapOptions();
    o.local_connectivity = 20;
    CHECK(fit_error(ok_data, o) == "UMAP: local_connectivity = 20, need 0 <= it <= n_neighbors - 1 = 14");
    o = chemin::embed::UmapOptions();
    o.nn_descent_candidates = 0;
    CHECK(fit_error(ok_data, o) == "UMAP: nn_descent_candidates = 0, need at least 1");

    o = chemin::embed::UmapOptions();
    o.n_epochs = 20;
    auto model = chemin::embed::umap_fit(ok_data, o);
    REQUIRE(model.ok());
    auto wrong_columns = chemin::embed::umap_transform(*model, chemin::Matrix(2, 5));
    REQUIRE(!wrong_columns.ok());
    CHECK(std::string(wrong_columns.status().message()) ==
          "UMAP transform input: D = 5 columns, the model was fitted on D = 3");
    chemin::Matrix nan_points(2, 3, 0.0f);
    nan_points(1, 0) = std::nanf("");
    auto nan_transform = chemin::embed::umap_transform(*model, nan_points);
    REQUIRE(!nan_transform.ok());
    CHECK(std::string(nan_transform.status().message()) == "UMAP transform input: row 1, column 0 is NaN");
    auto empty_model = chemin::embed::umap_transform(chemin::embed::UmapModel(), nan_points);
    REQUIRE(!empty_model.ok());
    CHECK(std::string(empty_model.status().message()) == "UMAP transform input: row 1, column 0 is NaN");
    auto empty_model2 = chemin::embed::umap_transform(chemin::embed::UmapModel(), chemin::Matrix(2, 3));
    REQUIRE(!empty_model2.ok());
    CHECK(std::string(empty_model2.status().message()) == "UMAP transform: the model is empty (fit it first)");
}

TEST_CASE("optimize_layout refuses a dimension it cannot hold") {
    chemin::embed::LayoutEdges edges;
    chemin::Rng rng(0);
    std::vector<float> y(9 * 2, 0.0f);
    chemin::Status s = chemin::embed::optimize_layout(y.data(), y.data(), 2, 9, edges, chemin::embed::LayoutParameters(), rng);
    CHECK(std::string(s.message()) == "optimize_layout: dim = 9, need 1 to 8");
}
