// Test helper: a tiny MNIST-like data set made in code, so pipeline tests need no files.
// Class c's image is a fixed stroke pattern for that digit plus seeded noise and a small shift.
#ifndef CHEMIN_TESTS_SYNTHETIC_MNIST_HPP
#define CHEMIN_TESTS_SYNTHETIC_MNIST_HPP

#include <cstdint>
#include <vector>

#include "chemin/chemin.hpp"

namespace chemin_test {

inline void draw_digit(int digit, float* image, chemin::Rng& rng) {
    const int shift_x = static_cast<int>(rng.below(3)) - 1, shift_y = static_cast<int>(rng.below(3)) - 1;
    auto set = [&](int r, int c) {
        r += shift_y;
        c += shift_x;
        if (r >= 0 && r < 28 && c >= 0 && c < 28) image[r * 28 + c] = 0.8f + 0.2f * static_cast<float>(rng.uniform());
    };
    for (int i = 0; i < 28 * 28; ++i) image[i] = 0.1f * static_cast<float>(rng.uniform());
    switch (digit) {
        case 1: for (int r = 4; r < 24; ++r) { set(r, 13); set(r, 14); } break;
        case 7: for (int c = 8; c < 21; ++c) set(5, c); for (int r = 5; r < 24; ++r) set(r, 20 - (r - 5) / 2); break;
        case 3: for (int row : {5, 13, 22}) for (int c = 9; c < 19; ++c) set(row, c); for (int r = 5; r < 23; ++r) set(r, 18); break;
        case 4: for (int r = 4; r < 14; ++r) set(r, 9); for (int c = 9; c < 20; ++c) set(14, c); for (int r = 4; r < 24; ++r) set(r, 17); break;
        default: for (int r = 6; r < 22; ++r) { set(r, 8); set(r, 19); } for (int c = 8; c < 20; ++c) { set(6, c); set(21, c); } break;
    }
}

/// `per_class` training and `per_class / 2` test images of each digit in `digits`, in an interleaved
/// order like the real files.
inline chemin::data::MnistData synthetic_mnist(const std::vector<int>& digits, std::size_t per_class, std::uint64_t seed) {
    chemin::data::MnistData data;
    chemin::Rng rng(seed);
    for (chemin::data::Dataset* d : {&data.train, &data.test}) {
        const std::size_t count = (d == &data.train ? per_class : per_class / 2) * digits.size();
        d->images = chemin::Matrix(count, 28 * 28);
        d->image_rows = d->image_cols = 28;
        for (std::size_t i = 0; i < count; ++i) {
            const int digit = digits[i % digits.size()];
            draw_digit(digit, d->images.row(i), rng);
            d->labels.push_back(digit);
            d->ids.push_back(static_cast<std::int64_t>(i));
            d->is_anomaly.push_back(0);
        }
    }
    return data;
}

}  // namespace chemin_test

#endif
