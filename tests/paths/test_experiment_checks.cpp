// Whole plans are checked before anything trains: the experiment-file syntax (duplicate sections and
// keys, binary bytes), every experiment's settings and network size, and colliding names.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "synthetic_mnist.hpp"

namespace {
std::string parse_error(const std::string& text) {
    auto r = chemin::study::parse_experiment_file(text.data(), text.size(), "plan.ini");
    return r.ok() ? std::string("ok") : std::string(r.status().message());
}
}  // namespace

TEST_CASE("an experiment file parses into sections and settings with their line numbers") {
    const std::string text = "# plan\n[one]\nclasses = 1,7   # trained\ncnn\n\n[two-b]\r\n  hidden=64,32 \n";
    auto r = chemin::study::parse_experiment_file(text.data(), text.size(), "plan.ini");
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    REQUIRE(r->size() == 2);
    CHECK((*r)[0].name == "one");
    CHECK((*r)[0].line == 2);
    REQUIRE((*r)[0].settings.size() == 2);
    CHECK((*r)[0].settings[0].key == "classes");
    CHECK((*r)[0].settings[0].value == "1,7");
    CHECK((*r)[0].settings[0].line == 3);
    CHECK((*r)[0].settings[1].key == "cnn");
    CHECK_FALSE((*r)[0].settings[1].has_value);
    CHECK((*r)[1].name == "two-b");
    CHECK((*r)[1].settings[0].value == "64,32");
}

TEST_CASE("an experiment file with two sections of one name is refused before anything runs") {
    CHECK(parse_error("[a]\nclasses = 1,7\n[a]\nclasses = 2,8\n") ==
          "plan.ini:3: section [a] appears twice (first on line 1): the second would overwrite the first's outputs");
}

TEST_CASE("experiment file syntax errors name the line") {
    CHECK(parse_error("classes = 1,7\n") == "plan.ini:1: settings must follow a [name] line");
    CHECK(parse_error("[a]\nepochs = 2\nepochs = 3\n") == "plan.ini:3: 'epochs' is set twice in [a] (first on line 2)");
    CHECK(parse_error("[a\n") == "plan.ini:1: a section header must look like [name]");
    CHECK(parse_error("[A b]\n") == "plan.ini:1: section name 'A b' must be 1 to 64 of a-z, 0-9, '_' and '-'");
    CHECK(parse_error("[]\n") == "plan.ini:1: section name '' must be 1 to 64 of a-z, 0-9, '_' and '-'");
    CHECK(parse_error("[a]\n= 3\n") == "plan.ini:2: a setting needs a key before '='");
    CHECK(parse_error("# nothing\n\n") == "plan.ini: no experiment in the file (start one with a [name] line)");
    CHECK(parse_error(std::string("[a]\nseed = 1\0002\n", 14)) ==
          "plan.ini:2: control byte 0x00: not text (is this an experiment file?)");
}

TEST_CASE("refit_with_anomalies without anomaly classes is an error, not a mislabelled result") {
    chemin::study::ExperimentSpec spec;
    spec.refit_with_anomalies = true;
    const chemin::Status s = chemin::study::check_experiment(spec);
    CHECK(s.code() == chemin::Errc::bad_argument);
    CHECK(std::string(s.message()) ==
          "experiment: refit_with_anomalies fits on normal + anomaly images, but no anomaly classes are given");
    const chemin::data::MnistData mnist = chemin_test::synthetic_mnist({1, 7}, 10, 1);
    auto r = chemin::study::run_experiment(mnist, spec);
    REQUIRE_FALSE(r.ok());
    CHECK(std::string(r.status().message()) == s.message());
    spec.anomaly_classes = {3};
    CHECK(chemin::study::check_experiment(spec).ok());
}

TEST_CASE("a plan is checked whole: a bad later experiment or a repeated name stops it before the first trains") {
    std::vector<chemin::study::ExperimentSpec> plan(3);
    plan[0].name = "first";
    plan[1].name = "second";
    plan[2].name = "third";
    CHECK(chemin::study::check_experiments(plan).ok());
    plan[2].hidden = {999999999};
    const chemin::Status big = chemin::study::check_experiments(plan);
    CHECK(big.code() == chemin::Errc::out_of_memory);
    CHECK(std::string(big.message()).find("experiment 3 (third): experiment's network: layer 0 (dense 784 -> 999999999 values)") == 0);
    plan[2].hidden = {64};
    plan[2].k_min = 5;
    plan[2].k_max = 2;
    CHECK(std::string(chemin::study::check_experiments(plan).message()) ==
          "experiment 3 (third): experiment: K range 5..2 is empty or starts below 1");
    plan[2] = plan[0];
    CHECK(std::string(chemin::study::check_experiments(plan).message()) ==
          "experiments 1 and 3 are both named 'first': the second would overwrite the first's outputs");
    std::vector<chemin::study::ExperimentSpec> unnamed(2);  // both derive the name mlp_1_7
    CHECK(std::string(chemin::study::check_experiments(unnamed).message()) ==
          "experiments 1 and 2 are both named 'mlp_1_7': the second would overwrite the first's outputs");
    CHECK(chemin::study::check_experiments({}).code() == chemin::Errc::bad_argument);
}
