#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "chemin/chemin.hpp"

TEST_CASE("the generator gives the same stream for the same seed, another for another seed") {
    chemin::Rng a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next_u64();
        CHECK(x == b.next_u64());
        CHECK(x != c.next_u64());
    }
}

TEST_CASE("the stream is pinned: seed 0 gives the same first values on every platform") {
    // These are the first outputs of the authors' reference xoshiro256** seeded by SplitMix64 from 0,
    // so they pin the algorithm. If they change, every
    // recorded run changes: that must be a deliberate, documented decision.
    chemin::Rng rng(0);
    const std::uint64_t first = rng.next_u64();
    const std::uint64_t second = rng.next_u64();
    chemin::Rng again(0);
    CHECK(again.next_u64() == first);
    CHECK(again.next_u64() == second);
    CHECK(first == 0x99EC5F36CB75F2B4ull);
    CHECK(second == 0xBF6E1F784956452Aull);
}

TEST_CASE("below(n) stays in range and hits every value about equally") {
    chemin::Rng rng(7);
    std::vector<int> counts(10, 0);
    for (int i = 0; i < 100000; ++i) {
        const auto v = rng.below(10);
        REQUIRE(v < 10);
        ++counts[v];
    }
    for (int c : counts) CHECK(std::abs(c - 10000) < 500);
    CHECK(rng.below(1) == 0);
    CHECK(rng.below(0) == 0);
}

TEST_CASE("uniform() lies in [0, 1) with mean 1/2; normal() has mean 0 and variance 1") {
    chemin::Rng rng(3);
    double sum = 0, sum_normal = 0, sum_sq = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        const float f = rng.uniform_float();
        REQUIRE(f >= 0.0f);
        REQUIRE(f < 1.0f);
        sum += u;
        const double z = rng.normal();
        sum_normal += z;
        sum_sq += z * z;
    }
    CHECK(sum / n == doctest::Approx(0.5).epsilon(0.01));
    CHECK(std::abs(sum_normal / n) < 0.01);
    CHECK(sum_sq / n == doctest::Approx(1.0).epsilon(0.02));
}

TEST_CASE("shuffle permutes, reproducibly") {
    std::vector<int> a(50), b(50);
    std::iota(a.begin(), a.end(), 0);
    b = a;
    chemin::Rng r1(9), r2(9);
    r1.shuffle(a.data(), a.size());
    r2.shuffle(b.data(), b.size());
    CHECK(a == b);
    std::vector<int> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < 50; ++i) CHECK(sorted[static_cast<std::size_t>(i)] == i);
    int fixed_points = 0;
    for (int i = 0; i < 50; ++i) fixed_points += a[static_cast<std::size_t>(i)] == i;
    CHECK(fixed_points < 10);
}

TEST_CASE("split streams differ from each other and do not advance the parent") {
    chemin::Rng parent(5);
    chemin::Rng s0 = parent.split(0), s1 = parent.split(1);
    CHECK(s0.next_u64() != s1.next_u64());
    chemin::Rng fresh(5);
    CHECK(parent.next_u64() == fresh.next_u64());
}
