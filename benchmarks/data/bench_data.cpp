// Data-layer benchmarks on real MNIST (data/mnist, or CHEMIN_DATA when set):
//   - inflate throughput (MB/s of output) on train-images-idx3-ubyte.gz, chemin's own decoder next to
//     zlib's (zlib is linked to this benchmark only, as the reference; the library never uses it),
//     both as raw DEFLATE and as whole gzip decoding with the CRC-32 check;
//   - the complete MNIST load (four .gz files into float tensors scaled to [0,1]).
// Run: build/bench/benchmarks/data/bench_data
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
std::string folder() { return chemin::data::mnist_folder(""); }  // CHEMIN_DATA, else the repository's data/mnist

/// The training images, compressed, and where the DEFLATE stream starts inside them.
struct Input {
    std::vector<std::uint8_t> gz;
    std::size_t deflate_start = 0;
    std::size_t plain_size = 0;
};
const Input& input() {
    static const Input in = [] {
        Input r;
        auto bytes = chemin::read_file(folder() + "/train-images-idx3-ubyte.gz");
        if (!bytes.ok()) {
            std::fprintf(stderr, "bench_data: %s (CHEMIN_DATA, when set, names the MNIST folder)\n", bytes.status().message());
            std::exit(1);
        }
        r.gz = std::move(bytes).value();
        // Skip the gzip header (RFC 1952): 10 bytes plus the optional fields.
        std::size_t at = 10;
        const std::uint8_t flags = r.gz[3];
        if (flags & 0x04) at += 2 + (r.gz[at] | (r.gz[at + 1] << 8));
        if (flags & 0x08) while (r.gz[at++] != 0) {}
        if (flags & 0x10) while (r.gz[at++] != 0) {}
        if (flags & 0x02) at += 2;
        r.deflate_start = at;
        const std::uint8_t* t = r.gz.data() + r.gz.size() - 4;
        r.plain_size = static_cast<std::size_t>(t[0] | (t[1] << 8) | (t[2] << 16) | (static_cast<std::uint32_t>(t[3]) << 24));
        return r;
    }();
    return in;
}

void raw_inflate_chemin(benchmark::State& state) {
    const Input& in = input();
    std::vector<std::uint8_t> out(in.plain_size + 64);
    static chemin::data::Inflater inflater;
    for (auto _ : state) {
        chemin::data::InflateOutput o;
        o.data = out.data();
        o.capacity = out.size();
        const chemin::Status s = inflater.inflate(in.gz.data() + in.deflate_start, in.gz.size() - in.deflate_start, o);
        if (!s.ok() || o.size != in.plain_size) state.SkipWithError(s.message());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(in.plain_size));
}

void raw_inflate_zlib(benchmark::State& state) {
    const Input& in = input();
    std::vector<std::uint8_t> out(in.plain_size + 64);
    for (auto _ : state) {
        z_stream z{};
        inflateInit2(&z, -15);  // raw DEFLATE, no header, no checksum
        z.next_in = const_cast<Bytef*>(in.gz.data() + in.deflate_start);
        z.avail_in = static_cast<uInt>(in.gz.size() - in.deflate_start);
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        const int r = inflate(&z, Z_FINISH);
        if (r != Z_STREAM_END || z.total_out != in.plain_size) state.SkipWithError("zlib inflate failed");
        inflateEnd(&z);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(in.plain_size));
}

void gunzip_chemin(benchmark::State& state) {
    const Input& in = input();
    std::vector<std::uint8_t> out(in.plain_size + 64);
    static chemin::data::Inflater inflater;
    for (auto _ : state) {
        chemin::data::InflateOutput o;
        o.data = out.data();
        o.capacity = out.size();
        const chemin::Status s = chemin::data::gunzip(in.gz.data(), in.gz.size(), o, inflater);
        if (!s.ok()) state.SkipWithError(s.message());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(in.plain_size));
}

void gunzip_zlib(benchmark::State& state) {
    const Input& in = input();
    std::vector<std::uint8_t> out(in.plain_size + 64);
    for (auto _ : state) {
        z_stream z{};
        inflateInit2(&z, 16 + 15);  // gzip wrapper: zlib checks CRC-32 and ISIZE too
        z.next_in = const_cast<Bytef*>(in.gz.data());
        z.avail_in = static_cast<uInt>(in.gz.size());
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        const int r = inflate(&z, Z_FINISH);
        if (r != Z_STREAM_END) state.SkipWithError("zlib gunzip failed");
        inflateEnd(&z);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(in.plain_size));
}

void load_mnist_complete(benchmark::State& state) {
    (void)input();  // fails early, with a clear message, when the MNIST folder is wrong
    for (auto _ : state) {
        auto mnist = chemin::data::load_mnist(folder());
        if (!mnist.ok()) state.SkipWithError(mnist.status().message());
        benchmark::DoNotOptimize(mnist->train.images.values.data());
    }
}
}  // namespace

BENCHMARK(raw_inflate_chemin)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(raw_inflate_zlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(gunzip_chemin)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(gunzip_zlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(load_mnist_complete)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();
