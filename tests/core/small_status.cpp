// Built with -fno-exceptions -fno-rtti and CHEMIN_STATUS_MESSAGE_CAPACITY=64, as a microcontroller
// build might: errors keep working with the smaller Status, long messages are cut, never overflowed.
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "chemin/chemin.hpp"

namespace {
int checks = 0, failures = 0;
void check(bool ok, const char* what) {
    ++checks;
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
}  // namespace

int main() {
    static_assert(chemin::Status::message_capacity == 64, "the macro sets the capacity");
    check(sizeof(chemin::Status) <= 64 + 24, "a Status is the buffer plus code and offset");

    const chemin::Status cut = chemin::Status::error(chemin::Errc::bad_argument, "%0100d", 7);
    check(std::strlen(cut.message()) == 63, "a long message is cut to capacity - 1");

    chemin::Status prefixed = chemin::Status::error(chemin::Errc::corrupt, "checksum mismatch");
    prefixed.prefix("a/rather/long/folder/name/that/goes/on/and/on/train-images-idx3-ubyte.gz");
    check(std::strlen(prefixed.message()) == 63, "a long prefix is cut too");
    check(std::strncmp(prefixed.message(), "a/rather/long", 13) == 0, "the prefix comes first");

    // A real parser error from memory: an IDX header that claims more data than there is.
    const std::uint8_t idx[] = {0, 0, 0x08, 1, 0, 0, 0, 5, 1, 2};   // 5 unsigned bytes announced, 2 given
    auto parsed = chemin::data::read_idx(idx, sizeof idx);
    check(!parsed.ok() && parsed.status().code() == chemin::Errc::truncated, "truncated IDX is an error");
    std::printf("IDX error: %s\n", parsed.status().message());
    check(std::strlen(parsed.status().message()) < 64, "its message fits");

    const chemin::Status at = chemin::Status::error_at(chemin::Errc::corrupt, ~std::uint64_t{0} - 1, "bad");
    check(std::strncmp(at.message(), "byte 18446744073709551614: bad", 30) == 0, "the largest offset fits");

    std::printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
