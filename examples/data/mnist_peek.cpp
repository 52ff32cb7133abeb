// mnist_peek — the first look at the data: loads MNIST, prints how many images each class has and a
// few digits as ASCII art, and how long loading took.
//
//   mnist_peek [--data DIR] [--show N]
//
// DIR defaults to the environment variable CHEMIN_DATA, else the repository's data/mnist; it holds
// the four standard MNIST files (.gz or not).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

namespace {
void print_counts(const char* name, const chemin::data::Dataset& d) {
    std::size_t counts[10] = {};
    std::size_t other = 0;
    for (int label : d.labels) {
        if (label >= 0 && label <= 9) ++counts[label];
        else ++other;
    }
    std::printf("%-5s %6zu images:", name, d.size());
    for (int c = 0; c < 10; ++c) std::printf("  %d:%zu", c, counts[c]);
    if (other != 0) std::printf("  other:%zu", other);
    std::printf("\n");
}

/// One image as text: darker pixels get denser characters (ten levels).
void print_digit(const chemin::data::Dataset& d, std::size_t i) {
    static const char ramp[] = " .:-=+*#%@";
    std::printf("image %lld, label %d:\n", static_cast<long long>(d.ids[i]), d.labels[i]);
    const float* pixels = d.images.row(i);
    for (std::size_t r = 0; r < d.image_rows; ++r) {
        std::printf("  |");
        for (std::size_t c = 0; c < d.image_cols; ++c) {
            const float v = pixels[r * d.image_cols + c];  // in [0,1]
            const int level = static_cast<int>(v * 9.0f + 0.5f);
            std::putchar(ramp[level < 0 ? 0 : level > 9 ? 9 : level]);
        }
        std::printf("|\n");
    }
}
}  // namespace

int main(int argc, char** argv) {
    std::string folder;
    std::size_t show = 3;
    examples::Arguments args("mnist_peek", "The first look at the data: loads MNIST, prints the images per class and a few digits as text.");
    args.text("--data", folder, "DIR", "MNIST folder (default: $CHEMIN_DATA, else the repository's data/mnist)");
    args.whole("--show", show, std::size_t{0}, std::size_t{60000}, "training images to print as text");
    if (auto stop = args.parse(argc, argv)) return *stop;
    const auto start = std::chrono::steady_clock::now();
    auto mnist = chemin::data::load_mnist(folder);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!mnist.ok()) {
        std::fprintf(stderr, "mnist_peek: %s\n", mnist.status().message());
        return 1;
    }
    std::printf("MNIST from %s: %zu x %zu pixels per image, loaded in %.3f s\n",
                chemin::data::mnist_folder(folder).c_str(), mnist->train.image_rows, mnist->train.image_cols, seconds);
    print_counts("train", mnist->train);
    print_counts("test", mnist->test);
    for (std::size_t i = 0; i < show && i < mnist->train.size(); ++i)
        print_digit(mnist->train, i);
    std::printf("RESULT train_images=%zu test_images=%zu load_seconds=%.3f\n", mnist->train.size(), mnist->test.size(),
                seconds);
    return 0;
}
