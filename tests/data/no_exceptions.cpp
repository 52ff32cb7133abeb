// Built with -fno-exceptions -fno-rtti: the data layer parses an IDX file and a gzip stream from memory
// into caller-owned buffers, as on a microcontroller (no file system, no heap in the parsing).
#include <cstdio>
#include <cstring>

#include "chemin/chemin.hpp"

namespace {
int failures = 0;
int checks = 0;
void check(bool ok, const char* what) {
    ++checks;
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
chemin::data::Inflater inflater;  // 14 KiB of tables in static storage, not on the stack
}  // namespace

int main() {
    // An IDX file: u8, 2 x 3, values 1..6.
    const std::uint8_t idx[] = {0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6};
    chemin::data::IdxView view;
    check(chemin::data::parse_idx(idx, sizeof idx, view).ok(), "parse_idx accepts a valid file");
    std::uint8_t values[6] = {};
    check(chemin::data::copy_idx_elements(view, values).ok() && values[5] == 6 && view.dimension(1) == 3,
          "copy_idx_elements copies the data");
    chemin::data::IdxView bad;
    check(chemin::data::parse_idx(idx, 10, bad).code() == chemin::Errc::truncated, "parse_idx reports truncation");

    // gzip of "a" (fixed block 4b 04 00, CRC-32 0xe8b7be43, ISIZE 1), into a 4-byte buffer.
    const std::uint8_t gz[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x04, 0x00,
                               0x43, 0xbe, 0xb7, 0xe8, 1, 0, 0, 0};
    std::uint8_t out[4] = {};
    chemin::data::InflateOutput output;
    output.data = out;
    output.capacity = sizeof out;
    const chemin::Status s = chemin::data::gunzip(gz, sizeof gz, output, inflater);
    check(s.ok() && output.size == 1 && out[0] == 'a', "gunzip decodes into a caller buffer");
    std::uint8_t corrupt[sizeof gz];
    std::memcpy(corrupt, gz, sizeof gz);
    corrupt[13] ^= 1;
    output.size = 0;
    check(chemin::data::gunzip(corrupt, sizeof corrupt, output, inflater).code() == chemin::Errc::corrupt,
          "gunzip reports a CRC mismatch");
    std::printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
