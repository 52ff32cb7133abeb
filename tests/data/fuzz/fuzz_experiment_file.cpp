// libFuzzer target: the experiment-file parser (study/experiment_file.hpp) on arbitrary bytes.
//   - parse_experiment_file on the input;
//   - a file that parses must keep the promises the parser makes: valid, distinct section names,
//     distinct keys per section, increasing line numbers, no control bytes in keys or values;
//   - its sections, as experiments with those names, go through check_experiments.
// Every call must return (ok or an error): crashes, sanitizer reports, leaks and hangs are bugs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto sections = chemin::study::parse_experiment_file(reinterpret_cast<const char*>(data), size, "fuzz.ini");
    if (!sections.ok()) return 0;
    if (sections->empty()) __builtin_trap();
    std::size_t last_line = 0;
    std::vector<chemin::study::ExperimentSpec> plan;
    for (std::size_t s = 0; s < sections->size(); ++s) {
        const chemin::study::ExperimentSection& section = (*sections)[s];
        if (!chemin::study::detail::is_experiment_name(section.name) || section.line <= last_line) __builtin_trap();
        last_line = section.line;
        for (std::size_t t = 0; t < s; ++t)
            if ((*sections)[t].name == section.name) __builtin_trap();
        for (std::size_t k = 0; k < section.settings.size(); ++k) {
            const chemin::study::ExperimentSetting& setting = section.settings[k];
            if (setting.key.empty() || setting.line <= last_line) __builtin_trap();
            last_line = setting.line;
            for (const std::string* text : {&setting.key, &setting.value})
                for (char c : *text)
                    if (static_cast<unsigned char>(c) < 32 && c != '\t') __builtin_trap();
            for (std::size_t j = 0; j < k; ++j)
                if (section.settings[j].key == setting.key) __builtin_trap();
        }
        chemin::study::ExperimentSpec spec;
        spec.name = section.name;
        plan.push_back(spec);
    }
    if (!chemin::study::check_experiments(plan).ok()) __builtin_trap();  // distinct valid names, default settings
    return 0;
}
