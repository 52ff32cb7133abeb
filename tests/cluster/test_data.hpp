// Test helper: reads tests/cluster/data (fixtures and scikit-learn figures from make_sklearn_reference.py).
// Its namespace is test_data, not to be confused with chemin::reference (the textbook kernels).
#ifndef CHEMIN_TESTS_CLUSTER_TEST_DATA_HPP
#define CHEMIN_TESTS_CLUSTER_TEST_DATA_HPP

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace test_data {

inline const char* const fixtures[] = {"blobs2d", "blobs16", "uniform50", "far8", "singleton3"};

inline std::string path(const std::string& file) { return std::string(CHEMIN_CLUSTER_TEST_DATA) + "/" + file; }

inline chemin::Matrix matrix(const std::string& file) {
    auto m = chemin::io::read_npy_matrix(path(file));
    REQUIRE_MESSAGE(m.ok(), m.status().message());
    return std::move(m).value();
}

inline std::vector<std::int32_t> labels(const std::string& file) {
    auto l = chemin::io::read_npy_labels(path(file));
    REQUIRE_MESSAGE(l.ok(), l.status().message());
    return std::move(l).value();
}

/// figure("blobs16", "lloyd_inertia") from reference.txt.
inline double figure(const std::string& fixture, const std::string& key) {
    std::ifstream in(path("reference.txt"));
    REQUIRE_MESSAGE(in.good(), "cannot open reference.txt");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string name, k;
        double value = 0.0;
        if (words >> name >> k >> value && name == fixture && k == key) return value;
    }
    FAIL("no figure " << fixture << " " << key);
    return 0.0;
}

}  // namespace test_data

#endif
