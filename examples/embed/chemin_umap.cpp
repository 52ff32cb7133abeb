// chemin-umap: UMAP from the command line, .npy in, .npy out.
//
//     chemin-umap --input X.npy --output Y.npy [--seed 0] [--n-neighbors 15] [--min-dist 0.1]
//                 [--n-components 2] [--n-epochs 0] [--init spectral|random] [--threads N]
//                 [--transform-input Z.npy --transform-output W.npy]
//
// Reads an N x D float32 or float64 matrix, fits UMAP (chemin/embed/umap.hpp, umap-learn's defaults),
// writes the N x n_components embedding as float32 .npy. With --transform-input, the rows of Z (same D)
// are placed into the fitted embedding and written to --transform-output. Nothing is written unless every
// step succeeded (exit 0): on exit 1 or 2 neither output file was created or replaced. Each output is
// written as OUTPUT.chemin-partial-PID, created exclusively (a file of that name is never overwritten),
// and renamed into place when complete; a run killed mid-write leaves that temporary, and the next run
// writing the same OUTPUT removes it once process PID is gone (POSIX). OUTPUT.partial and any other
// file of the user's are never touched. The last line is
// `RESULT seconds=<fit wall-clock, reading and writing excluded> ...`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "common/arguments.hpp"

namespace {

/// Writes the embedding (and the transformed points, when asked) as .npy: both files are written in full
/// as NAME.chemin-partial-PID (chemin::AtomicFile) before either is renamed into place, so a failed write
/// leaves neither behind (only a failure of the second rename itself, after the first, can leave the first
/// file). A kill (SIGKILL) can leave that temporary; the next run writing NAME removes it.
chemin::Status write_outputs(const std::string& output, const chemin::Matrix& embedding, const std::string& transform_output,
                             const chemin::Matrix& placed) {
    const std::vector<std::uint8_t> first = chemin::io::encode_npy(embedding);
    chemin::AtomicFile out, transformed;
    CHEMIN_TRY(out.open(output));
    CHEMIN_TRY(out.write(first.data(), first.size()));
    if (!transform_output.empty()) {
        const std::vector<std::uint8_t> second = chemin::io::encode_npy(placed);
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
    std::string input, output, transform_input, transform_output, init = "spectral";
    chemin::embed::UmapOptions options;
    options.threads = chemin::hardware_threads();
    examples::Arguments args("chemin-umap",
                             "UMAP from the command line (chemin/embed/umap.hpp, umap-learn's defaults): reads an N x D\n"
                             "float32/float64 .npy matrix, writes its N x n-components embedding as float32 .npy.");
    args.text("--input", input, "X.npy", "the points, one per row").required();
    args.text("--output", output, "Y.npy", "where the embedding is written").required();
    args.whole("--seed", options.seed, std::uint64_t{0}, ~std::uint64_t{0}, "random seed (same seed, same embedding)");
    args.whole("--n-neighbors", options.n_neighbors, std::size_t{2}, std::size_t{1000}, "neighbourhood size, self included");
    args.real("--min-dist", options.min_dist, 0.0, 10.0, "how tightly points may pack (at most --spread, which is 1)");
    args.whole("--n-components", options.n_components, std::size_t{1}, std::size_t{8}, "output dimension");
    args.whole("--n-epochs", options.n_epochs, 0, 100000, "layout epochs; 0: 500 up to 10,000 points, else 200");
    args.choice("--init", init, {"spectral", "random"}, "initial layout");
    args.whole("--threads", options.threads, 1, 1024, "threads (the embedding is the same for any count)");
    args.text("--transform-input", transform_input, "Z.npy", "new points (same D) to place into the fitted embedding");
    args.text("--transform-output", transform_output, "W.npy", "where the placed points are written");
    args.epilog("The last line is `RESULT seconds=<fit wall-clock> points=N transformed=M transform_seconds=S`.");
    if (auto stop = args.parse(argc, argv)) return *stop;
    options.init = init == "random" ? chemin::embed::UmapInit::random : chemin::embed::UmapInit::spectral;
    if (transform_input.empty() != transform_output.empty())
        return args.error("--transform-input and --transform-output go together");
    if (!transform_output.empty() && transform_output == output) return args.error("--output and --transform-output name the same file");

    auto data = chemin::io::read_npy_matrix(input);
    if (!data) {
        std::fprintf(stderr, "chemin-umap: %s\n", data.status().message());
        return 1;
    }
    std::printf("input: %s, %zu x %zu\n", input.c_str(), data->rows, data->cols);
    const auto start = std::chrono::steady_clock::now();
    auto model = chemin::embed::umap_fit(*data, options);
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
        auto fresh = chemin::io::read_npy_matrix(transform_input);
        if (!fresh) {
            std::fprintf(stderr, "chemin-umap: %s\n", fresh.status().message());
            return 1;
        }
        const auto t0 = std::chrono::steady_clock::now();
        auto placed = chemin::embed::umap_transform(*model, *fresh, options.seed);
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
