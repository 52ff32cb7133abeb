// chemin-umap: UMAP from the command line, .npy in, .npy out.
//
//     chemin-umap --input X.npy --output Y.npy [--seed 0] [--n-neighbors 15] [--min-dist 0.1]
//                 [--n-components 2] [--n-epochs 0] [--init spectral|random] [--threads N]
//                 [--transform-input Z.npy --transform-output W.npy]
//
// Reads an N x D float32 or float64 matrix, fits UMAP (chemin/embed/umap.hpp, umap-learn's defaults),
// writes the N x n_components embedding as float32 .npy. With --transform-input, the rows of Z (same D)
// are placed into the fitted embedding and written to --transform-output. Nothing is written unless every
// step succeeded (exit 0): on exit 1 or 2 neither output file was created or replaced. The last line is
// `RESULT seconds=<fit wall-clock, reading and writing excluded> ...`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

int usage(const char* problem) {
    std::fprintf(stderr,
                 "chemin-umap: %s\n"
                 "usage: chemin-umap --input X.npy --output Y.npy [--seed S] [--n-neighbors K] [--min-dist M]\n"
                 "                   [--n-components C] [--n-epochs E] [--init spectral|random] [--threads N]\n"
                 "                   [--transform-input Z.npy --transform-output W.npy]\n",
                 problem);
    return 2;
}

/// Parses a whole decimal number or fails.
bool parse_unsigned(const char* text, unsigned long long& out) {
    if (text == nullptr || *text == '\0' || *text == '-') return false;
    char* end = nullptr;
    out = std::strtoull(text, &end, 10);
    return end != nullptr && *end == '\0';
}
bool parse_double(const char* text, double& out) {
    if (text == nullptr || *text == '\0') return false;
    char* end = nullptr;
    out = std::strtod(text, &end);
    return end != nullptr && *end == '\0';
}

/// Writes the embedding (and the transformed points, when asked) as .npy: both files are written in full
/// as NAME.partial before either is renamed into place, so a failed write leaves neither behind (only a
/// failure of the second rename itself, after the first, can leave the first file).
chemin::Status write_outputs(const std::string& output, const chemin::Matrix& embedding, const std::string& transform_output,
                             const chemin::Matrix& placed) {
    const std::vector<std::uint8_t> first = chemin::encode_npy(embedding);
    chemin::AtomicFile out, transformed;
    CHEMIN_TRY(out.open(output));
    CHEMIN_TRY(out.write(first.data(), first.size()));
    if (!transform_output.empty()) {
        const std::vector<std::uint8_t> second = chemin::encode_npy(placed);
        CHEMIN_TRY(transformed.open(transform_output));
        CHEMIN_TRY(transformed.write(second.data(), second.size()));
    }
    CHEMIN_TRY(out.commit());
    if (transform_output.empty()) return chemin::Status();
    chemin::Status second = transformed.commit();
    if (!second.ok()) (void)chemin::remove_file(output);
    return second;
}

}  // namespace

int main(int argc, char** argv) {
    std::string input, output, transform_input, transform_output;
    chemin::UmapOptions options;
    options.threads = chemin::hardware_threads();
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) return usage(("missing value after " + flag).c_str());
        const char* value = argv[++i];
        unsigned long long whole = 0;
        double real = 0.0;
        if (flag == "--input") input = value;
        else if (flag == "--output") output = value;
        else if (flag == "--transform-input") transform_input = value;
        else if (flag == "--transform-output") transform_output = value;
        else if (flag == "--seed" && parse_unsigned(value, whole)) options.seed = whole;
        else if (flag == "--n-neighbors" && parse_unsigned(value, whole)) options.n_neighbors = whole;
        else if (flag == "--n-components" && parse_unsigned(value, whole)) options.n_components = whole;
        else if (flag == "--n-epochs" && parse_unsigned(value, whole) && whole < 1000000) options.n_epochs = static_cast<int>(whole);
        else if (flag == "--threads" && parse_unsigned(value, whole) && whole >= 1 && whole <= 1024) options.threads = static_cast<int>(whole);
        else if (flag == "--min-dist" && parse_double(value, real)) options.min_dist = real;
        else if (flag == "--init" && std::strcmp(value, "spectral") == 0) options.init = chemin::UmapInit::spectral;
        else if (flag == "--init" && std::strcmp(value, "random") == 0) options.init = chemin::UmapInit::random;
        else return usage(("bad argument " + flag + " " + value).c_str());
    }
    if (input.empty() || output.empty()) return usage("--input and --output are required");
    if (transform_input.empty() != transform_output.empty())
        return usage("--transform-input and --transform-output go together");
    if (!transform_output.empty() && transform_output == output) return usage("--output and --transform-output name the same file");

    auto data = chemin::read_npy_matrix(input);
    if (!data) {
        std::fprintf(stderr, "chemin-umap: %s\n", data.status().message());
        return 1;
    }
    std::printf("input: %s, %zu x %zu\n", input.c_str(), data->rows, data->cols);
    const auto start = std::chrono::steady_clock::now();
    auto model = chemin::umap_fit(*data, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!model) {
        std::fprintf(stderr, "chemin-umap: %s: %s\n", input.c_str(), model.status().message());
        return 1;
    }
    std::printf("fit: %.3f s, %s initialisation, %d thread(s)\n", seconds,
                model->spectral_used ? "spectral" : "random", options.threads);

    // Everything is computed before anything is written, so a failure leaves no output behind.
    double transform_seconds = 0.0;
    chemin::Matrix placed_rows;
    if (!transform_input.empty()) {
        auto fresh = chemin::read_npy_matrix(transform_input);
        if (!fresh) {
            std::fprintf(stderr, "chemin-umap: %s\n", fresh.status().message());
            return 1;
        }
        const auto t0 = std::chrono::steady_clock::now();
        auto placed = chemin::umap_transform(*model, *fresh, options.seed);
        transform_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!placed) {
            std::fprintf(stderr, "chemin-umap: %s: %s\n", transform_input.c_str(), placed.status().message());
            return 1;
        }
        placed_rows = std::move(*placed);
    }
    chemin::Status written = write_outputs(output, model->embedding, transform_output, placed_rows);
    if (!written.ok()) {
        std::fprintf(stderr, "chemin-umap: %s\n", written.message());
        return 1;
    }
    std::printf("output: %s, %zu x %zu float32\n", output.c_str(), model->embedding.rows, model->embedding.cols);
    const std::size_t transformed = placed_rows.rows;
    if (!transform_output.empty())
        std::printf("transform: %zu points in %.3f s -> %s\n", transformed, transform_seconds, transform_output.c_str());
    std::printf("RESULT seconds=%.3f points=%zu transformed=%zu transform_seconds=%.3f\n", seconds, data->rows,
                transformed, transform_seconds);
    return 0;
}
