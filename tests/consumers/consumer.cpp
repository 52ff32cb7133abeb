// A consumer's program: includes chemin through whichever way its CMake found it.
#include <chemin/chemin.hpp>
#include <cstdio>

int main() {
    chemin::Rng rng(1);
    chemin::Status s = chemin::Status::error(chemin::Errc::bad_argument, "value %d", 3);
    const bool ok = rng.below(4) < 4 && !s.ok();
    std::printf("chemin %s consumer: %s\n", CHEMIN_VERSION_STRING, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
