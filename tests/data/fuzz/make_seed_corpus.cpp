// Writes the fuzzer's seed corpus into the folder given as argument: small IDX files of every type
// (plain and gzip-wrapped with every block type and header field) and raw DEFLATE streams, all built
// in code by the test encoder. Usage: make_seed_corpus DIR
#include <cstdio>
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

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seed_corpus DIR\n");
        return 2;
    }
    const std::string folder = argv[1];
    using test_deflate::Mode;
    std::vector<std::vector<std::uint8_t>> idx_files;
    {
        std::vector<std::uint8_t> pixels(3 * 4 * 4);
        for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i * 37);
        idx_files.push_back(*chemin::encode_idx(chemin::make_idx_array<std::uint8_t>({3, 4, 4}, pixels.data())));
        const std::uint8_t labels[3] = {1, 3, 7};
        idx_files.push_back(*chemin::encode_idx(chemin::make_idx_array<std::uint8_t>({3}, labels)));
        const std::int8_t s8[4] = {-1, 2, -3, 4};
        idx_files.push_back(*chemin::encode_idx(chemin::make_idx_array<std::int8_t>({2, 2}, s8)));
        const std::int16_t s16[3] = {-300, 0, 300};
        idx_files.push_back(*chemin::encode_idx(chemin::make_idx_array<std::int16_t>({3}, s16)));
        const std::int32_t s32[2] = {-70000, 70000};
        idx_files.push_back(*chemin::encode_idx(chemin::make_idx_array<std::int32_t>({1, 2}, s32)));
        const float f32[2] = {0.5f, -1.25f};
        idx_files.push_back(*chemin::encode_idx(chemin::make_idx_array<float>({2}, f32)));
        const double f64[2] = {1e-300, 3.5};
        idx_files.push_back(*chemin::encode_idx(chemin::make_idx_array<double>({1, 1, 2}, f64)));
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
