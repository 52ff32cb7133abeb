// Writes the report of the synthetic experiments (tests/output/synthetic_experiment.hpp) into a folder:
// one with anomalies, one without. Used by the browser test, tools/report_timing.sh and
// tools/screenshot_report.sh.
//   make_synthetic_report <folder> [train test anomalies]
#include <cstdio>
#include <cstdlib>

#include "chemin/chemin.hpp"
#include "synthetic_experiment.hpp"

int main(int argc, char** argv) {
    if (argc != 2 && argc != 5) {
        std::fprintf(stderr, "usage: make_synthetic_report <folder> [train test anomalies]\n");
        return 2;
    }
    std::size_t train = 40, test = 20, anomalies = 12;
    if (argc == 5) {
        train = std::strtoul(argv[2], nullptr, 10);
        test = std::strtoul(argv[3], nullptr, 10);
        anomalies = std::strtoul(argv[4], nullptr, 10);
    }
    std::vector<chemin::ExperimentResult> experiments{synthetic::make_experiment(train, test, anomalies),
                                                      synthetic::make_experiment(train, test, 0, 11)};
    const chemin::Status written = chemin::write_report(argv[1], experiments);
    if (!written.ok()) {
        std::fprintf(stderr, "make_synthetic_report: %s\n", written.message());
        return 1;
    }
    std::printf("RESULT folder=%s experiments=%zu images=%zu\n", argv[1], experiments.size(), experiments[0].size());
    return 0;
}
