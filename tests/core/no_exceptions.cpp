// Built with -fno-exceptions -fno-rtti: the core (Status, Result, the generator) must work there.
#include <cstdio>
#include <cstring>

#include "chemin/chemin.hpp"

namespace {
int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
chemin::Result<int> parse_digit(char c) {
    if (c < '0' || c > '9') return chemin::Status::error(chemin::Errc::bad_argument, "'%c' is not a digit", c);
    return c - '0';
}
}  // namespace

int main() {
    auto good = parse_digit('7');
    check(good.ok() && *good == 7, "Result holds a value");
    auto bad = parse_digit('x');
    check(!bad.ok() && std::strcmp(bad.status().message(), "'x' is not a digit") == 0, "Result holds an error");
    chemin::Rng rng(1);
    check(rng.below(10) < 10, "generator works");
    std::printf("%d passed, %d failed\n", 3 - failures, failures);
    return failures == 0 ? 0 : 1;
}
