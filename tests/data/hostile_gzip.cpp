// The gzip bombs behind the memory figures of README.md, "Reliability". Not a test: a tool.
//
//   hostile_gzip write FILE IMAGES ZEROS [crc]   an IDX header announcing IMAGES images of 28 x 28,
//                                                then ZEROS zero bytes (as many as announced, or far
//                                                more), gzip-compressed by the tests' encoder in about
//                                                ZEROS / 158 bytes; "crc": a correct CRC-32 (slower)
//   hostile_gzip read FILE                       chemin::data::read_idx on FILE (run it under /usr/bin/time -v)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "deflate_encoder.hpp"

namespace {
int write_bomb(const char* path, unsigned long images, unsigned long long zeros, bool with_crc) {
    std::vector<std::uint8_t> header = {0, 0, 0x08, 3};
    for (unsigned long d : {images, 28ul, 28ul})
        for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<std::uint8_t>(d >> shift));
    const auto file = test_deflate::gzip_zeros(header, zeros, with_crc);
    const chemin::Status s = chemin::write_file_atomic(path, file.data(), file.size());
    if (!s.ok()) {
        std::fprintf(stderr, "hostile_gzip: %s\n", s.message());
        return 1;
    }
    std::printf("RESULT bytes=%zu announced_images=%lu zeros=%llu\n", file.size(), images, zeros);
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "write" && (argc == 5 || argc == 6))
        return write_bomb(argv[2], std::strtoul(argv[3], nullptr, 10), std::strtoull(argv[4], nullptr, 10),
                          argc == 6 && std::string(argv[5]) == "crc");
    if (command == "read" && argc == 3) {
        auto array = chemin::data::read_idx(std::string(argv[2]));
        if (!array.ok()) {
            std::fprintf(stderr, "hostile_gzip: %s\n", array.status().message());
            std::printf("RESULT ok=0\n");
            return 1;
        }
        std::printf("RESULT ok=1 elements=%llu\n", static_cast<unsigned long long>(array->count()));
        return 0;
    }
    std::fprintf(stderr, "usage: hostile_gzip write FILE IMAGES ZEROS [crc] | hostile_gzip read FILE\n");
    return 2;
}
