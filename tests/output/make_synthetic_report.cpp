// Writes the report of the synthetic experiments (tests/output/synthetic_experiment.hpp) into a folder:
// one with anomalies, one without. Used by the browser test, tools/report_timing.sh and
// tools/screenshot_report.sh.
//   make_synthetic_report <folder> [train test anomalies [mnist-folder]]
// With an MNIST folder, the thumbnails are real digits of the same classes (1 and 7 from the training
// file for training images, from the test file for test images; 3 from the test file for anomalies), so
// the page's size is that of a real page; everything else stays synthetic.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>

#include "chemin/chemin.hpp"
#include "synthetic_experiment.hpp"

int main(int argc, char** argv) {
    if (argc != 2 && argc != 5 && argc != 6) {
        std::fprintf(stderr, "usage: make_synthetic_report <folder> [train test anomalies [mnist-folder]]\n");
        return 2;
    }
    std::size_t train = 40, test = 20, anomalies = 12;
    if (argc >= 5) {
        train = std::strtoul(argv[2], nullptr, 10);
        test = std::strtoul(argv[3], nullptr, 10);
        anomalies = std::strtoul(argv[4], nullptr, 10);
    }
    std::vector<chemin::paths::ExperimentResult> experiments{synthetic::make_experiment(train, test, anomalies),
                                                      synthetic::make_experiment(train, test, 0, 11)};
    if (argc == 6) {
        auto mnist = chemin::data::load_mnist(argv[5]);
        if (!mnist.ok()) {
            std::fprintf(stderr, "make_synthetic_report: %s\n", mnist.status().message());
            return 1;
        }
        for (auto& e : experiments) {
            std::map<std::pair<bool, int>, std::size_t> cursor;  // (from the training file, class) -> next index
            for (std::size_t i = 0; i < e.size(); ++i) {
                const bool from_train = e.split[i] == chemin::paths::ImageSplit::train;
                const chemin::data::Dataset& source = from_train ? mnist->train : mnist->test;
                const int label = e.paths.true_class[i];
                std::size_t& next = cursor[{from_train, label}];
                while (next < source.labels.size() && source.labels[next] != label) ++next;
                if (next == source.labels.size()) {
                    std::fprintf(stderr, "make_synthetic_report: not enough images of class %d in the MNIST %s file\n", label,
                                 from_train ? "training" : "test");
                    return 1;
                }
                std::copy(source.images.row(next), source.images.row(next) + 28 * 28, e.images.row(i));
                e.image_ids[i] = source.ids[next];
                ++next;
            }
        }
    }
    const chemin::Status written = chemin::output::write_report(argv[1], experiments);
    if (!written.ok()) {
        std::fprintf(stderr, "make_synthetic_report: %s\n", written.message());
        return 1;
    }
    std::printf("RESULT folder=%s experiments=%zu images=%zu\n", argv[1], experiments.size(), experiments[0].size());
    return 0;
}
