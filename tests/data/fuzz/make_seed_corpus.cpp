// Writes a fuzzer's seed corpus into the folder given as argument, all built in code:
//   idx (default)  small IDX files of every type (plain and gzip-wrapped with every block type and
//                  header field) and raw DEFLATE streams, by the test encoder (fuzz_data_reader);
//   npy            .npy matrices and label vectors of every dtype the reader knows (fuzz_npy_reader);
//   weights        weight files of fuzz_weights_reader's two networks (fuzz_weights_reader);
//   experiments    experiment files using every syntax rule (fuzz_experiment_file).
// Usage: make_seed_corpus DIR [idx|npy|weights|experiments]
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "../deflate_encoder.hpp"

namespace {
int written = 0;
bool save(const std::string& folder, const std::string& name, const std::vector<std::uint8_t>& bytes) {
    const auto s = chemin::write_file_atomic(folder + "/" + name, bytes.data(), bytes.size());
    if (!s.ok()) {
        std::fprintf(stderr, "make_seed_corpus: %s\n", s.message());
        return false;
    }
    ++written;
    return true;
}
}  // namespace

bool npy_seeds(const std::string& folder) {
    bool ok = true;
    chemin::Matrix m(3, 2);
    for (std::size_t i = 0; i < m.values.size(); ++i) m.values[i] = 0.5f * static_cast<float>(i) - 1.0f;
    ok = ok && save(folder, "matrix_f4.npy", chemin::io::encode_npy(m.view()));
    std::vector<std::uint8_t> f8 = chemin::io::detail::encode_npy_header(chemin::io::NpyDtype::float64, {2, 2});
    for (double v : {1.0, -2.5, 1e300, 0.0})
        for (int b = 0; b < 8; ++b) {
            std::uint64_t bits;
            std::memcpy(&bits, &v, 8);
            f8.push_back(static_cast<std::uint8_t>(bits >> (8 * b)));
        }
    ok = ok && save(folder, "matrix_f8.npy", f8);
    const std::int32_t labels32[4] = {0, 3, -1, 7};
    ok = ok && save(folder, "labels_i4.npy", chemin::io::encode_npy(labels32, 4));
    const std::int64_t labels64[3] = {5, 1ll << 40, -9};
    ok = ok && save(folder, "labels_i8.npy", chemin::io::encode_npy(labels64, 3));
    return ok;
}

bool weights_seeds(const std::string& folder) {
    chemin::nn::DynamicNetwork<float> mlp(6, 1, 1);
    mlp.add_dense(4).add_relu().add_dense(3);
    chemin::nn::DynamicNetwork<float> cnn(1, 6, 6);
    cnn.add_conv2d(2, 3).add_relu().add_maxpool(2).add_flatten().add_dense(2);
    if (!mlp.finish(1).ok() || !cnn.finish(2).ok()) return false;
    return save(folder, "mlp.weights", chemin::nn::encode_weights(mlp)) &&
           save(folder, "cnn.weights", chemin::nn::encode_weights(cnn));
}

bool experiment_seeds(const std::string& folder) {
    const char* files[] = {
        "[one_vs_seven]\nclasses = 1,7\nhidden = 64,32\n",
        "# the study\n[study_0_1]\npreset = study   # origin\nclasses = 0,1\n\n[cnn-b]\r\ncnn\nk = 2..6\n",
        "[a]\nanomalies = 3,4\nrefit-with-anomalies\nno-umap\n[b]\nseed = 7\nepochs = 2\n",
    };
    bool ok = true;
    int i = 0;
    for (const char* text : files) {
        const std::vector<std::uint8_t> bytes(text, text + std::strlen(text));
        ok = ok && save(folder, "plan" + std::to_string(i++) + ".ini", bytes);
    }
    return ok;
}

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: make_seed_corpus DIR [idx|npy|weights|experiments]\n");
        return 2;
    }
    const std::string folder = argv[1];
    const std::string kind = argc == 3 ? argv[2] : "idx";
    if (kind != "idx") {
        bool ok = false;
        if (kind == "npy") ok = npy_seeds(folder);
        else if (kind == "weights") ok = weights_seeds(folder);
        else if (kind == "experiments") ok = experiment_seeds(folder);
        else std::fprintf(stderr, "make_seed_corpus: unknown kind '%s'\n", kind.c_str());
        std::printf("RESULT seed_files=%d\n", written);
        return ok ? 0 : 1;
    }
    using test_deflate::Mode;
    std::vector<std::vector<std::uint8_t>> idx_files;
    {
        std::vector<std::uint8_t> pixels(3 * 4 * 4);
        for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i * 37);
        idx_files.push_back(*chemin::data::encode_idx(chemin::data::make_idx_array<std::uint8_t>({3, 4, 4}, pixels.data())));
        const std::uint8_t labels[3] = {1, 3, 7};
        idx_files.push_back(*chemin::data::encode_idx(chemin::data::make_idx_array<std::uint8_t>({3}, labels)));
        const std::int8_t s8[4] = {-1, 2, -3, 4};
        idx_files.push_back(*chemin::data::encode_idx(chemin::data::make_idx_array<std::int8_t>({2, 2}, s8)));
        const std::int16_t s16[3] = {-300, 0, 300};
        idx_files.push_back(*chemin::data::encode_idx(chemin::data::make_idx_array<std::int16_t>({3}, s16)));
        const std::int32_t s32[2] = {-70000, 70000};
        idx_files.push_back(*chemin::data::encode_idx(chemin::data::make_idx_array<std::int32_t>({1, 2}, s32)));
        const float f32[2] = {0.5f, -1.25f};
        idx_files.push_back(*chemin::data::encode_idx(chemin::data::make_idx_array<float>({2}, f32)));
        const double f64[2] = {1e-300, 3.5};
        idx_files.push_back(*chemin::data::encode_idx(chemin::data::make_idx_array<double>({1, 1, 2}, f64)));
    }
    bool ok = true;
    test_deflate::GzipFields fields;
    fields.name = "seed.idx";
    fields.comment = "seed";
    fields.extra = {1, 2};
    fields.extra_present = true;
    fields.header_crc = true;
    for (std::size_t i = 0; i < idx_files.size(); ++i) {
        const std::string base = "idx" + std::to_string(i);
        ok = ok && save(folder, base, idx_files[i]);
        ok = ok && save(folder, base + "_stored.gz", test_deflate::gzip(idx_files[i], Mode::stored));
        ok = ok && save(folder, base + "_fixed.gz", test_deflate::gzip(idx_files[i], Mode::fixed));
        ok = ok && save(folder, base + "_dynamic.gz", test_deflate::gzip(idx_files[i], Mode::dynamic, fields));
    }
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
        const auto bytes = test_deflate::sample_bytes(200 + 400 * seed, seed);
        ok = ok && save(folder, "deflate" + std::to_string(seed) + "_fixed", test_deflate::deflate(bytes, Mode::fixed));
        ok = ok && save(folder, "deflate" + std::to_string(seed) + "_dynamic", test_deflate::deflate(bytes, Mode::dynamic, 300));
        ok = ok && save(folder, "deflate" + std::to_string(seed) + "_stored", test_deflate::deflate(bytes, Mode::stored, 100));
    }
    std::printf("RESULT seed_files=%d\n", written);
    return ok ? 0 : 1;
}
