// zlib as an independent oracle (linked to this test program only, never to the library): data
// compressed by zlib at every level and strategy must inflate back to the original with chemin's
// decoder, as raw DEFLATE and wrapped in gzip. zlib's encoder makes block layouts and code-length
// sequences the tests' own encoder never produces.
#include <doctest/doctest.h>
#include <zlib.h>

#include <vector>

#include "chemin/chemin.hpp"
#include "deflate_encoder.hpp"

namespace {
/// Compresses with zlib: window_bits -15 gives raw DEFLATE, 31 gives gzip.
std::vector<std::uint8_t> zlib_compress(const std::vector<std::uint8_t>& data, int level, int strategy, int window_bits) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, strategy) == Z_OK);
    std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(data.size())) + 64);
    z.next_in = const_cast<Bytef*>(data.data());
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}
}  // namespace

TEST_CASE("chemin inflates what zlib deflates, at every level and strategy") {
    const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED};
    for (std::size_t n : {0u, 1u, 100u, 5000u, 200000u}) {
        const auto data = test_deflate::sample_bytes(n, 100 + n);
        for (int level = 0; level <= 9; ++level) {
            for (int strategy : strategies) {
                CAPTURE(n);
                CAPTURE(level);
                CAPTURE(strategy);
                const auto raw = zlib_compress(data, level, strategy, -15);
                std::size_t used = 0;
                std::vector<std::uint8_t> out(n + 8);
                chemin::data::InflateOutput output;
                output.data = out.data();
                output.capacity = out.size();
                REQUIRE(chemin::data::inflate(raw.data(), raw.size(), output, &used).ok());
                CHECK(used == raw.size());
                out.resize(output.size);
                CHECK(out == data);
                const auto gz = zlib_compress(data, level, strategy, 31);
                auto back = chemin::data::gunzip(gz);
                REQUIRE(back.ok());
                CHECK(*back == data);
            }
        }
    }
}

TEST_CASE("chemin's CRC-32 equals zlib's") {
    const auto data = test_deflate::sample_bytes(12345, 77);
    for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 12345u})
        CHECK(chemin::crc32(data.data(), n) == static_cast<std::uint32_t>(::crc32(0L, data.data(), static_cast<uInt>(n))));
}
