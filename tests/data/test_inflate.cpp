// Tests of CRC-32, SHA-256, inflate (RFC 1951) and gzip (RFC 1952), with streams built in code.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "deflate_encoder.hpp"

using test_deflate::BitWriter;
using test_deflate::Mode;

namespace {
std::vector<std::uint8_t> bytes_of(const std::string& s) { return std::vector<std::uint8_t>(s.begin(), s.end()); }

chemin::Result<std::vector<std::uint8_t>> inflate_bytes(const std::vector<std::uint8_t>& stream) {
    return chemin::data::inflate_to_vector(stream.data(), stream.size());
}
std::string inflate_error(const std::vector<std::uint8_t>& stream) {
    auto r = inflate_bytes(stream);
    return r.ok() ? std::string("(no error)") : std::string(r.status().message());
}
std::string gunzip_error(const std::vector<std::uint8_t>& file) {
    auto r = chemin::data::gunzip(file);
    return r.ok() ? std::string("(no error)") : std::string(r.status().message());
}
}  // namespace

TEST_CASE("crc32 matches the standard check value and continues across calls") {
    CHECK(chemin::crc32("123456789", 9) == 0xCBF43926u);
    CHECK(chemin::crc32("", 0) == 0u);
    const auto data = test_deflate::sample_bytes(1001, 3);
    const std::uint32_t whole = chemin::crc32(data.data(), data.size());
    const std::uint32_t split = chemin::Crc32::update(chemin::Crc32::update(0, data.data(), 333), data.data() + 333, 668);
    CHECK(whole == split);
    // The bitwise definition (RFC 1952 section 8), one bit at a time, as an independent check.
    std::uint32_t c = 0xFFFFFFFFu;
    for (auto byte : data) {
        c ^= byte;
        for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    CHECK(whole == (c ^ 0xFFFFFFFFu));
}

TEST_CASE("sha256 reproduces the FIPS 180-4 example digests") {
    CHECK(chemin::sha256_hex("abc", 3) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(chemin::sha256_hex("", 0) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK(chemin::sha256_hex(two_blocks.data(), two_blocks.size()) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // One million 'a', fed in uneven pieces: exercises the streaming buffer.
    chemin::Sha256 h;
    const std::string piece(997, 'a');
    std::size_t left = 1000000;
    while (left > 0) {
        const std::size_t n = left < piece.size() ? left : piece.size();
        h.update(piece.data(), n);
        left -= n;
    }
    CHECK(h.finish_hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("inflate decodes hand-assembled fixed and stored blocks") {
    // Final fixed block holding only end-of-block: bits 1, 01, 0000000 -> 0x03 0x00.
    auto empty = inflate_bytes({0x03, 0x00});
    REQUIRE(empty.ok());
    CHECK(empty->empty());
    // "a" in a fixed block: literal 0x61 = code 0x91 (8 bits), then end-of-block.
    auto a = inflate_bytes({0x4b, 0x04, 0x00});
    REQUIRE(a.ok());
    CHECK(*a == bytes_of("a"));
    // A stored block: header bits 1,00, pad, LEN=3, NLEN=~3, "xyz".
    auto stored = inflate_bytes({0x01, 0x03, 0x00, 0xfc, 0xff, 'x', 'y', 'z'});
    REQUIRE(stored.ok());
    CHECK(*stored == bytes_of("xyz"));
}

TEST_CASE("inflate round-trips stored, fixed and dynamic blocks of the test encoder") {
    for (std::size_t n : {0u, 1u, 7u, 258u, 1000u, 70000u}) {
        const auto data = test_deflate::sample_bytes(n, n + 1);
        for (Mode mode : {Mode::stored, Mode::fixed, Mode::dynamic}) {
            for (std::size_t block : {std::size_t{1} << 16, std::size_t{777}}) {
                CAPTURE(n);
                CAPTURE(static_cast<int>(mode));
                CAPTURE(block);
                const auto stream = test_deflate::deflate(data, mode, block);
                std::size_t used = 0;
                std::vector<std::uint8_t> out(n + 16);
                chemin::data::InflateOutput output;
                output.data = out.data();
                output.capacity = out.size();
                chemin::data::Inflater inflater;
                const chemin::Status s = inflater.inflate(stream.data(), stream.size(), output, &used);
                REQUIRE(s.ok());
                CHECK(used == stream.size());
                out.resize(output.size);
                CHECK(out == data);
                auto grown = inflate_bytes(stream);
                REQUIRE(grown.ok());
                CHECK(*grown == data);
            }
        }
    }
}

TEST_CASE("inflate handles long codes (sub-tables) and long-distance matches") {
    // Skewed frequencies give 15-bit literal codes; a 32 KiB back-reference gives distance 32768.
    chemin::Rng rng(9);
    std::vector<std::uint8_t> data;
    for (int i = 0; i < 40000; ++i) {
        const auto r = rng.below(1u << 16);
        int symbol = 0;
        while (symbol < 255 && (r >> symbol) & 1u) ++symbol;  // geometric: rare symbols get long codes
        data.push_back(static_cast<std::uint8_t>(symbol));
    }
    const std::vector<std::uint8_t> head(data.begin(), data.begin() + 300);
    data.resize(32768);
    data.insert(data.end(), head.begin(), head.end());
    const auto stream = test_deflate::deflate(data, Mode::dynamic);
    auto out = inflate_bytes(stream);
    REQUIRE(out.ok());
    CHECK(*out == data);
}

TEST_CASE("inflate into a caller-sized buffer stops at its end with a clear error") {
    const auto data = test_deflate::sample_bytes(5000, 4);
    const auto stream = test_deflate::deflate(data, Mode::dynamic);
    std::vector<std::uint8_t> small(100);
    chemin::data::InflateOutput output;
    output.data = small.data();
    output.capacity = small.size();
    const chemin::Status s = chemin::data::inflate(stream.data(), stream.size(), output);
    CHECK(s.code() == chemin::Errc::size_mismatch);
    CHECK(std::string(s.message()).find("output buffer full: the stream needs more than 100 bytes") != std::string::npos);
}

TEST_CASE("inflate rejects a reserved block type") {
    CHECK(inflate_error({0x07}) == "byte 0: deflate block type 3 is reserved (invalid)");
}

TEST_CASE("inflate rejects a stored block whose length does not match its complement") {
    CHECK(inflate_error({0x01, 0x05, 0x00, 0x00, 0x00}) ==
          "byte 1: stored block length 0x0005 does not match its one's complement 0x0000");
    CHECK(inflate_error({0x01, 0x05, 0x00, 0xfa, 0xff, 'a'}) ==
          "byte 5: stored block of 5 bytes is truncated: only 1 bytes remain");
}

TEST_CASE("inflate reports a truncated stream at every cut point") {
    const auto data = test_deflate::sample_bytes(3000, 5);
    for (Mode mode : {Mode::stored, Mode::fixed, Mode::dynamic}) {
        const auto stream = test_deflate::deflate(data, mode, 1000);
        for (std::size_t cut = 0; cut < stream.size(); ++cut) {
            CAPTURE(cut);
            auto r = chemin::data::inflate_to_vector(stream.data(), cut);
            REQUIRE_FALSE(r.ok());
            CHECK(r.status().code() == chemin::Errc::truncated);
        }
    }
    CHECK(inflate_error({}) == "byte 0: deflate stream is truncated: the input ends inside a block");
    CHECK(inflate_error({0x4b, 0x04}) == "byte 2: deflate stream is truncated: the input ends inside a block");
}

TEST_CASE("inflate rejects a match that reaches before the start of the output") {
    // Fixed block: literal 'a', then length 3 (symbol 257, 7-bit code 0000001) at distance 2 (code 00001).
    BitWriter w;
    w.put(1, 1);
    w.put(1, 2);
    w.put_code(0x30 + 'a', 8);
    w.put_code(1, 7);
    w.put_code(1, 5);
    w.put_code(0, 7);
    const auto stream = w.finish();
    CHECK(inflate_error(stream) == "byte 2: distance 2 is too far back: only 1 bytes written so far");
    // Bytes already in the output buffer (an earlier gzip member) are not part of this stream's window.
    std::vector<std::uint8_t> buffer(64, 'z');
    chemin::data::InflateOutput output;
    output.data = buffer.data();
    output.size = 10;
    output.capacity = buffer.size();
    CHECK(std::string(chemin::data::inflate(stream.data(), stream.size(), output).message()) ==
          "byte 2: distance 2 is too far back: only 1 bytes written so far");
}

TEST_CASE("inflate rejects invalid literal/length and distance symbols of the fixed code") {
    BitWriter w;  // literal/length symbol 286: fixed code 11000110 (8 bits)
    w.put(1, 1);
    w.put(1, 2);
    w.put_code(0xC6, 8);
    w.put(0, 16);
    CHECK(inflate_error(w.finish()) == "byte 1: invalid literal/length code");
    BitWriter d;  // 'a', length 3, distance symbol 30 (5-bit code 11110)
    d.put(1, 1);
    d.put(1, 2);
    d.put_code(0x30 + 'a', 8);
    d.put_code(1, 7);
    d.put_code(30, 5);
    d.put(0, 16);
    CHECK(inflate_error(d.finish()) == "byte 2: invalid distance code");
}

namespace {
/// The start of a dynamic block: header bits and the 3-bit code-length-code lengths.
void dynamic_header(BitWriter& w, unsigned hlit, unsigned hdist, const std::vector<unsigned>& cl_lengths_in_order) {
    w.put(1, 1);
    w.put(2, 2);
    w.put(hlit - 257, 5);
    w.put(hdist - 1, 5);
    w.put(static_cast<unsigned>(cl_lengths_in_order.size()) - 4, 4);
    for (unsigned l : cl_lengths_in_order) w.put(l, 3);
}
}  // namespace

TEST_CASE("inflate rejects bad Huffman tables in a dynamic block") {
    {
        BitWriter w;
        dynamic_header(w, 287, 1, {1, 1, 1, 1});
        w.put(0, 16);
        CHECK(inflate_error(w.finish()) == "byte 2: dynamic block declares 287 literal/length codes, at most 286 are valid");
    }
    {
        BitWriter w;
        dynamic_header(w, 257, 31, {1, 1, 1, 1});
        w.put(0, 16);
        CHECK(inflate_error(w.finish()) == "byte 2: dynamic block declares 31 distance codes, at most 30 are valid");
    }
    {
        BitWriter w;  // four code-length codes of 1 bit: oversubscribed
        dynamic_header(w, 257, 1, {1, 1, 1, 1});
        w.put(0, 16);
        CHECK(inflate_error(w.finish()) == "byte 3: the code-length code is oversubscribed");
    }
    {
        BitWriter w;  // lengths 1, 2 for two symbols: incomplete
        dynamic_header(w, 257, 1, {1, 2, 0, 0});
        w.put(0, 16);
        CHECK(inflate_error(w.finish()) == "byte 3: the code-length code is incomplete");
    }
    {
        // Code-length code: symbols 16 and 18 with one bit each (order 16, 17, 18, 0).
        // Code 0 = symbol 16 first: a repeat with nothing to repeat.
        BitWriter w;
        dynamic_header(w, 257, 1, {1, 0, 1, 0});
        w.put_code(0, 1);
        w.put(0, 2);
        w.put(0, 16);
        CHECK(inflate_error(w.finish()) == "byte 3: code-length repeat (symbol 16) with no previous length");
    }
    {
        // Symbols 17 and 18: 18 with 127 extra (138 zeros) twice = 276 > 258 lengths.
        BitWriter w;
        dynamic_header(w, 257, 1, {0, 1, 1, 0});
        w.put_code(1, 1);
        w.put(127, 7);
        w.put_code(1, 1);
        w.put(127, 7);
        w.put(0, 16);
        CHECK(inflate_error(w.finish()) == "byte 5: code-length repeat runs past the end of the code lengths");
    }
    {
        // Code-length code: symbols 0 (code 0) and 18 (code 1). 258 zero lengths: no end-of-block.
        BitWriter w;
        dynamic_header(w, 257, 1, {0, 0, 1, 1});
        w.put_code(1, 1);
        w.put(127, 7);  // 138 zeros
        w.put_code(1, 1);
        w.put(109, 7);  // 120 zeros: 258
        w.put(0, 16);
        CHECK(inflate_error(w.finish()) == "byte 5: the literal/length code has no end-of-block symbol (256)");
    }
    {
        // Symbols 1 (code 0) and 18 (code 1) with lengths 1 (order: 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1).
        // 256 zeros, then lengths 1,1,1 for symbols 256-258 (three 1-bit codes oversubscribe), 1 for
        // the distance.
        BitWriter w;
        std::vector<unsigned> cl(18, 0);
        cl[2] = 1;   // symbol 18
        cl[17] = 1;  // symbol 1
        dynamic_header(w, 259, 1, cl);
        w.put_code(1, 1);
        w.put(127, 7);  // 138 zeros
        w.put_code(1, 1);
        w.put(107, 7);  // 118 zeros: 256
        for (int i = 0; i < 4; ++i) w.put_code(0, 1);
        w.put(0, 16);
        CHECK(inflate_error(w.finish()) == "byte 11: the literal/length code is oversubscribed");
    }
}

TEST_CASE("gunzip reads every optional header field and multiple members") {
    const auto data = test_deflate::sample_bytes(4000, 6);
    test_deflate::GzipFields fields;
    fields.name = "digits.idx";
    fields.comment = "a comment";
    fields.extra = {1, 2, 3, 4, 5};
    fields.extra_present = true;
    fields.header_crc = true;
    auto file = test_deflate::gzip(data, Mode::dynamic, fields);
    auto out = chemin::data::gunzip(file);
    REQUIRE(out.ok());
    CHECK(*out == data);
    // Two members: the contents concatenate.
    const auto second = test_deflate::sample_bytes(100, 7);
    const auto member2 = test_deflate::gzip(second, Mode::fixed);
    file.insert(file.end(), member2.begin(), member2.end());
    auto both = chemin::data::gunzip(file);
    REQUIRE(both.ok());
    auto expected = data;
    expected.insert(expected.end(), second.begin(), second.end());
    CHECK(*both == expected);
    // Caller-owned buffer, no growth.
    std::vector<std::uint8_t> buffer(expected.size());
    chemin::data::InflateOutput output;
    output.data = buffer.data();
    output.capacity = buffer.size();
    chemin::data::Inflater inflater;
    REQUIRE(chemin::data::gunzip(file.data(), file.size(), output, inflater).ok());
    CHECK(buffer == expected);
}

TEST_CASE("gunzip rejects corrupt headers with their exact errors") {
    const auto good = test_deflate::gzip(bytes_of("hello, hello, hello"), Mode::fixed);
    CHECK(gunzip_error({}) == "byte 0: gzip header is truncated: need 10 bytes, got 0");
    CHECK(gunzip_error({0x1f, 0x8b, 8, 0}) == "byte 0: gzip header is truncated: need 10 bytes, got 4");
    auto bad = good;
    bad[0] = 0x1e;
    CHECK(gunzip_error(bad) == "byte 0: not gzip data: the first bytes are 0x1e 0x8b, expected 0x1f 0x8b");
    bad = good;
    bad[2] = 7;
    CHECK(gunzip_error(bad) == "byte 2: gzip compression method 7 is not deflate (8)");
    bad = good;
    bad[3] = 0x20;
    CHECK(gunzip_error(bad) == "byte 3: reserved gzip flag bits are set (flags 0x20)");
    bad = std::vector<std::uint8_t>(good.begin(), good.begin() + 10);
    bad[3] = 0x08;  // FNAME with no terminator
    bad.push_back('a');
    CHECK(gunzip_error(bad) == "byte 10: gzip file name is not terminated");
    bad[3] = 0x10;  // FCOMMENT with no terminator
    CHECK(gunzip_error(bad) == "byte 10: gzip comment is not terminated");
    bad[3] = 0x04;  // FEXTRA of 0x61 + ... bytes: too long
    bad.push_back(0);
    CHECK(gunzip_error(bad) == "byte 12: gzip extra field of 97 bytes is truncated");
    test_deflate::GzipFields fields;
    fields.header_crc = true;
    bad = test_deflate::gzip(bytes_of("x"), Mode::fixed, fields);
    bad[10] ^= 1;
    CHECK(gunzip_error(bad).find("byte 10: gzip header CRC 0x") == 0);
}

TEST_CASE("gunzip checks CRC-32, ISIZE and what follows a member") {
    const auto good = test_deflate::gzip(bytes_of("hello, hello, hello"), Mode::fixed);
    const std::size_t trailer = good.size() - 8;
    auto bad = good;
    bad[trailer] ^= 0xFF;
    const std::string crc = gunzip_error(bad);
    CHECK(crc.find("byte " + std::to_string(trailer) + ": CRC-32 mismatch: the data's is 0x") == 0);
    bad = good;
    bad[trailer + 4] += 1;
    CHECK(gunzip_error(bad) == "byte " + std::to_string(trailer + 4) +
                                   ": ISIZE mismatch: the data is 19 bytes, the gzip trailer says 20 (mod 2^32)");
    bad = good;
    bad.push_back(0);
    bad.push_back(0);
    CHECK(gunzip_error(bad) == "byte " + std::to_string(good.size()) + ": 2 bytes of trailing garbage after the gzip data");
    bad = std::vector<std::uint8_t>(good.begin(), good.end() - 3);
    CHECK(gunzip_error(bad) == "byte " + std::to_string(trailer) +
                                   ": gzip trailer is truncated: need 8 bytes (CRC-32, ISIZE), got 5");
    // A corrupt deflate body inside gzip: the offset counts from the start of the file.
    bad = good;
    bad[10] = 0x07;
    CHECK(gunzip_error(bad) == "byte 10: deflate block type 3 is reserved (invalid)");
    // Truncated at every point: never a crash, always an error.
    for (std::size_t cut = 0; cut < good.size(); ++cut) CHECK_FALSE(chemin::data::gunzip(good.data(), cut).ok());
}
