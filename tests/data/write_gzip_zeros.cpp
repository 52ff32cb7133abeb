// Writes a hostile MNIST image file for the memory measurements of README.md, "Reliability": an IDX
// header announcing IMAGES images of 28 x 28 followed by ZEROS zero bytes (as many as the header
// announces, or far more), gzip-compressed by the tests' encoder in about ZEROS / 158 bytes.
// Usage: write_gzip_zeros FILE IMAGES ZEROS [crc]   ("crc": a correct CRC-32, slower to build)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "deflate_encoder.hpp"

int main(int argc, char** argv) {
    if (argc != 4 && argc != 5) {
        std::fprintf(stderr, "usage: write_gzip_zeros FILE IMAGES ZEROS [crc]\n");
        return 2;
    }
    const unsigned long images = std::strtoul(argv[2], nullptr, 10);
    const unsigned long long zeros = std::strtoull(argv[3], nullptr, 10);
    std::vector<std::uint8_t> header = {0, 0, 0x08, 3};
    for (unsigned long d : {images, 28ul, 28ul})
        for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<std::uint8_t>(d >> shift));
    const bool with_crc = argc == 5 && std::string(argv[4]) == "crc";
    const auto file = test_deflate::gzip_zeros(header, zeros, with_crc);
    const chemin::Status s = chemin::write_file_atomic(argv[1], file.data(), file.size());
    if (!s.ok()) {
        std::fprintf(stderr, "write_gzip_zeros: %s\n", s.message());
        return 1;
    }
    std::printf("RESULT bytes=%zu announced_images=%lu zeros=%llu\n", file.size(), images, zeros);
    return 0;
}
