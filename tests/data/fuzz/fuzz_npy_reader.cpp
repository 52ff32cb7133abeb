// libFuzzer target: the .npy reader (io/npy.hpp) on arbitrary bytes.
//   - parse_npy_matrix and parse_npy_labels on the input;
//   - a matrix or label vector that parses must re-encode (as <f4 / <i4) and parse back to the same
//     values, bit for bit, and a parsed matrix goes through the distance range check.
// Every call must return (ok or an error): crashes, sanitizer reports, leaks and hangs are bugs.
// Build and run: see benchmarks/README.md, "Data layer", and README.md, "Reliability".
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "chemin/chemin.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto matrix = chemin::io::parse_npy_matrix(data, size, "fuzz.npy");
    if (matrix.ok()) {
        const auto again = chemin::io::encode_npy(matrix->view());
        auto back = chemin::io::parse_npy_matrix(again.data(), again.size(), "again.npy");
        if (!back.ok() || back->rows != matrix->rows || back->cols != matrix->cols) __builtin_trap();
        if (!matrix->values.empty() &&
            std::memcmp(back->values.data(), matrix->values.data(), matrix->values.size() * sizeof(float)) != 0)
            __builtin_trap();
        if (matrix->rows != 0 && matrix->cols != 0) (void)chemin::check_distance_range(matrix->view(), "fuzz");
    }
    auto labels = chemin::io::parse_npy_labels(data, size, "fuzz.npy");
    if (labels.ok()) {
        const auto again = chemin::io::encode_npy(labels->data(), labels->size());
        auto back = chemin::io::parse_npy_labels(again.data(), again.size(), "again.npy");
        if (!back.ok() || *back != *labels) __builtin_trap();
    }
    return 0;
}
