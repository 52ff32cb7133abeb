// libFuzzer target: drives the data layer's readers on arbitrary bytes, raw and gzip.
//   - read_idx on the input (IDX, or gzip-wrapped IDX when it starts with 0x1f 0x8b);
//   - inflate of the input as a raw DEFLATE stream, into a fixed 64 KiB buffer and into a growable one;
//   - gunzip of the input into a fixed buffer.
// Every call must return (ok or an error): crashes, sanitizer reports, leaks and hangs are bugs.
// Build: cmake -S . -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DCHEMIN_BUILD_FUZZERS=ON
// Run:   see benchmarks/README.md, "Data layer".
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "chemin/chemin.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static chemin::data::Inflater inflater;
    static std::uint8_t buffer[1 << 16];

    auto idx = chemin::data::read_idx(data, size);
    if (idx.ok()) {
        // A valid file must re-encode to the same bytes (for uncompressed input).
        auto again = chemin::data::encode_idx(*idx);
        if (!again.ok()) __builtin_trap();
        if (!chemin::data::is_gzip(data, size) && (again->size() != size || !std::equal(again->begin(), again->end(), data)))
            __builtin_trap();
    }

    chemin::data::InflateOutput fixed;
    fixed.data = buffer;
    fixed.capacity = sizeof buffer;
    std::size_t used = 0;
    const chemin::Status raw = inflater.inflate(data, size, fixed, &used);
    if (raw.ok() && used > size) __builtin_trap();

    auto grown = chemin::data::inflate_to_vector(data, size);
    // Fixed and growable decoding agree whenever the fixed buffer was big enough.
    if (raw.ok() != grown.ok() && raw.code() != chemin::Errc::size_mismatch) __builtin_trap();
    if (raw.ok() && grown.ok() && (grown->size() != fixed.size || !std::equal(grown->begin(), grown->end(), buffer)))
        __builtin_trap();

    chemin::data::InflateOutput gz;
    gz.data = buffer;
    gz.capacity = sizeof buffer;
    (void)chemin::data::gunzip(data, size, gz, inflater);
    return 0;
}
