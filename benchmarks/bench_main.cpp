// The main() of every chemin benchmark program: Google Benchmark's own, with one line of context added,
// chemin_kernel_isa (the widest instruction set the dispatched kernels use here), so that every figure
// says what ran.
#include <benchmark/benchmark.h>

#include "chemin/chemin.hpp"

int main(int argc, char** argv) {
    benchmark::AddCustomContext("chemin_kernel_isa", chemin::kernel_isa());
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
