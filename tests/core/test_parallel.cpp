// parallel_for_chunks on the persistent thread pool: every chunk once, through many calls, nested
// loops and loops started from two threads at once; the pool's threads are reused between calls.
#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <vector>

#include "chemin/chemin.hpp"

#ifdef CHEMIN_ENABLE_THREADS
#include <thread>

namespace {
std::atomic<int> threads_seen{0};
/// Counts the threads that ever ran a chunk: its constructor runs once per thread.
struct ThreadMark {
    ThreadMark() { threads_seen.fetch_add(1); }
};
thread_local ThreadMark mark;
}  // namespace

TEST_CASE("thread pool: thousands of small loops each run every chunk exactly once") {
    for (int round = 0; round < 3000; ++round) {
        const int threads = 1 + round % 3;
        const std::size_t chunks = 1 + static_cast<std::size_t>(round) % 7;
        std::vector<int> hits(chunks, 0);
        chemin::parallel_for_chunks(chunks, threads, [&](std::size_t c) { hits[c] += 1; });
        for (int h : hits) REQUIRE(h == 1);
    }
}

TEST_CASE("thread pool: its threads are kept between loops, not started for each") {
    std::vector<int> hits(8, 0);
    chemin::parallel_for_chunks(hits.size(), 2, [&](std::size_t c) {
        (void)&mark;
        hits[c] += 1;
    });
    const int before = threads_seen.load();
    for (int round = 0; round < 200; ++round)
        chemin::parallel_for_chunks(hits.size(), 2, [&](std::size_t c) {
            (void)&mark;
            hits[c] += 1;
        });
    for (int h : hits) CHECK(h == 201);
    // Threads started per loop would each construct their thread_local mark: 200 more at least.
    CHECK(threads_seen.load() - before <= 1);
}

TEST_CASE("thread pool: a loop inside a loop, and loops from two threads at once, run every chunk once") {
    std::vector<std::atomic<int>> inner(4 * 5);
    for (auto& v : inner) v.store(0);
    chemin::parallel_for_chunks(4, 2, [&](std::size_t outer) {
        chemin::parallel_for_chunks(5, 2, [&](std::size_t c) { inner[outer * 5 + c].fetch_add(1); });
    });
    for (auto& v : inner) CHECK(v.load() == 1);

    std::vector<int> a(50, 0), b(50, 0);
    std::thread other([&] {
        for (int round = 0; round < 100; ++round)
            chemin::parallel_for_chunks(a.size(), 2, [&](std::size_t c) { a[c] += 1; });
    });
    for (int round = 0; round < 100; ++round)
        chemin::parallel_for_chunks(b.size(), 2, [&](std::size_t c) { b[c] += 1; });
    other.join();
    for (std::size_t c = 0; c < a.size(); ++c) {
        CHECK(a[c] == 100);
        CHECK(b[c] == 100);
    }
}
#endif
