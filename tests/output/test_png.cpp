#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

TEST_CASE("base64 matches the RFC 4648 test vectors") {
    auto b64 = [](const std::string& s) { return chemin::output::detail::base64(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); };
    CHECK(b64("") == "");
    CHECK(b64("f") == "Zg==");
    CHECK(b64("fo") == "Zm8=");
    CHECK(b64("foo") == "Zm9v");
    CHECK(b64("foob") == "Zm9vYg==");
    CHECK(b64("fooba") == "Zm9vYmE=");
    CHECK(b64("foobar") == "Zm9vYmFy");
}

TEST_CASE("Adler-32 of 'Wikipedia' is 0x11E60398") {
    const std::string s = "Wikipedia";
    CHECK(chemin::output::detail::adler32(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()) == 0x11E60398u);
}

TEST_CASE("a PNG decodes, with an independent zlib, back to the exact pixels") {
    // A 28x28 'digit': black background, a bright bar and a gradient: runs and literals both.
    const std::size_t w = 28, h = 28;
    std::vector<std::uint8_t> pixels(w * h, 0);
    for (std::size_t y = 4; y < 24; ++y)
        for (std::size_t x = 12; x < 16; ++x) pixels[y * w + x] = static_cast<std::uint8_t>(255 - 3 * y);
    for (std::size_t x = 0; x < w; ++x) pixels[27 * w + x] = static_cast<std::uint8_t>(x * 9);
    auto png = chemin::output::encode_png(pixels.data(), w, h, 1);
    REQUIRE(png.ok());
    CHECK(png->size() < w * h / 2);  // long runs of black compress
    REQUIRE(chemin::write_file_atomic("png_test.png", png->data(), png->size()).ok());
    REQUIRE(chemin::write_file_atomic("png_test.raw", pixels.data(), pixels.size()).ok());
    // Python's zlib (the reference implementation) checks the zlib stream, Adler-32 and each CRC.
    const char* check =
        "python3 -c \"import struct, zlib\n"
        "d = open('png_test.png', 'rb').read(); raw = open('png_test.raw', 'rb').read()\n"
        "assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'\n"
        "i, idat = 8, b''\n"
        "while i < len(d):\n"
        "    n, t = struct.unpack('>I4s', d[i:i+8]); body = d[i+8:i+8+n]\n"
        "    assert struct.unpack('>I', d[i+8+n:i+12+n])[0] == zlib.crc32(t + body)\n"
        "    if t == b'IHDR': assert struct.unpack('>IIBBBBB', body) == (28, 28, 8, 0, 0, 0, 0)\n"
        "    if t == b'IDAT': idat += body\n"
        "    i += 12 + n\n"
        "rows = zlib.decompress(idat)\n"
        "assert b''.join(rows[r*29+1:(r+1)*29] for r in range(28)) == raw\n"
        "assert all(rows[r*29] == 0 for r in range(28))\"";
    CHECK(std::system(check) == 0);
    std::remove("png_test.png");
    std::remove("png_test.raw");
}

TEST_CASE("deflate_fixed round-trips long and random inputs through an independent zlib") {
    chemin::Rng rng(5);
    std::vector<std::uint8_t> data(100000);
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = i % 1000 < 600 ? static_cast<std::uint8_t>(i % 7) : static_cast<std::uint8_t>(rng.below(256));
    auto deflated = chemin::output::detail::deflate_fixed(data.data(), data.size());
    REQUIRE(chemin::write_file_atomic("deflate_test.bin", deflated.data(), deflated.size()).ok());
    REQUIRE(chemin::write_file_atomic("deflate_test.raw", data.data(), data.size()).ok());
    CHECK(std::system("python3 -c \"import zlib; "
                      "assert zlib.decompress(open('deflate_test.bin','rb').read(), -15) == open('deflate_test.raw','rb').read()\"") == 0);
    std::remove("deflate_test.bin");
    std::remove("deflate_test.raw");
}

TEST_CASE("PNG rejects empty images and unknown channel counts") {
    std::uint8_t pixel = 0;
    CHECK(std::string(chemin::output::encode_png(&pixel, 0, 5, 1).status().message()) == "PNG: image size 0 x 5 is not allowed");
    CHECK(std::string(chemin::output::encode_png(&pixel, 1, 1, 2).status().message()) == "PNG: 2 channels (expected 1, 3 or 4)");
}
