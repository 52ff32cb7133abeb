// Tests of the strict text-to-number parsers (chemin/core/parse.hpp): whole text, stated range, no
// silent wrap, saturation or sign change.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

TEST_CASE("parse_whole takes digits only, in range, and leaves the target alone otherwise") {
    int v = 7;
    CHECK(chemin::parse_whole(std::string("42"), 1, 100, v));
    CHECK(v == 42);
    for (const char* bad : {"", "-1", "+3", " 3", "3 ", "12abc", "0x10", "101", "0", "1.5", "-"}) {
        CAPTURE(bad);
        int w = 7;
        CHECK_FALSE(chemin::parse_whole(std::string(bad), 1, 100, w));
        CHECK(w == 7);
    }
    std::uint64_t big = 0;
    CHECK(chemin::parse_whole(std::string("18446744073709551615"), std::uint64_t{0}, ~std::uint64_t{0}, big));
    CHECK(big == ~std::uint64_t{0});
    CHECK_FALSE(chemin::parse_whole(std::string("18446744073709551616"), std::uint64_t{0}, ~std::uint64_t{0}, big));
    CHECK_FALSE(chemin::parse_whole(std::string("99999999999999999999999"), std::uint64_t{0}, ~std::uint64_t{0}, big));
    CHECK_FALSE(chemin::parse_whole(std::string("-1"), std::uint64_t{0}, ~std::uint64_t{0}, big));
    std::int64_t s = 0;
    CHECK(chemin::parse_whole(std::string("-9223372036854775808"), INT64_MIN, INT64_MAX, s));
    CHECK(s == INT64_MIN);
    CHECK_FALSE(chemin::parse_whole(std::string("-9223372036854775809"), INT64_MIN, INT64_MAX, s));
    int n = 0;
    CHECK(chemin::parse_whole(std::string("-5"), -10, -2, n));
    CHECK(n == -5);
    CHECK_FALSE(chemin::parse_whole(std::string("-1"), -10, -2, n));
    CHECK_FALSE(chemin::parse_whole(std::string("2147483648"), 0, 2147483647, n));
}

TEST_CASE("parse_real takes a finite number in range from the whole text") {
    double x = 5;
    CHECK(chemin::parse_real("0.1", 0.0, 1.0, x));
    CHECK(x == 0.1);
    CHECK(chemin::parse_real("-2.5e-1", -1.0, 1.0, x));
    CHECK(x == -0.25);
    for (const char* bad : {"", "nan", "inf", "1e999", "0.5x", " 0.5", "2", "-0.1", "0x1p-2"}) {
        CAPTURE(bad);
        double y = 5;
        CHECK_FALSE(chemin::parse_real(bad, 0.0, 1.0, y));
        CHECK(y == 5);
    }
}

TEST_CASE("parse_whole_list and parse_whole_range refuse empty items and reversed ranges") {
    std::vector<int> list{9};
    CHECK(chemin::parse_whole_list(std::string("1,7"), 0, 9, list));
    CHECK(list == std::vector<int>{1, 7});
    for (const char* bad : {"", "1,7,", ",1", "1,,7", "1;7", "10", "1,-7"}) {
        CAPTURE(bad);
        std::vector<int> keep{9};
        CHECK_FALSE(chemin::parse_whole_list(std::string(bad), 0, 9, keep));
        CHECK(keep == std::vector<int>{9});
    }
    int lo = 0, hi = 0;
    CHECK(chemin::parse_whole_range(std::string("2..10"), 1, 1000, lo, hi));
    CHECK((lo == 2 && hi == 10));
    CHECK(chemin::parse_whole_range(std::string("3..3"), 1, 1000, lo, hi));
    for (const char* bad : {"5..2", "2-10", "2..", "..5", "0..3", "2..99999999999", "2...5"}) {
        CAPTURE(bad);
        int a = 0, b = 0;
        CHECK_FALSE(chemin::parse_whole_range(std::string(bad), 1, 1000, a, b));
    }
}
