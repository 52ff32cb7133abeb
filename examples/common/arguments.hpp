// The command-line parser every chemin example and program shares.  SPDX-License-Identifier: MIT
//
// A program declares its flags once, each with the variable it sets, its meaning and (taken from the
// variable's starting value) its default; the same declarations give the parsing and the --help page.
//
//     std::string input;
//     std::size_t k = 10;
//     examples::Arguments args("chemin-kmeans", "k-means on a .npy matrix.");
//     args.text("--input", input, "X.npy", "the matrix to cluster").required();
//     args.whole("--k", k, 1, 1000000, "clusters");
//     if (auto stop = args.parse(argc, argv)) return *stop;   // 0 after --help, 2 after a bad flag
//
// Rules, the same in every program:
// - `-h` / `--help` prints the flags with their meaning and default on stdout and exits 0.
// - A flag is `--name value` or `--name=value`; a switch takes no value.
// - An unknown flag is "unknown flag --bogus"; a missing value is "--seed needs a value".
// - Numbers are strict (chemin/core/parse.hpp): the whole text, in the stated range; "-1" is not a
//   count, "12abc" is not 12, 99999999999999999999 is out of range.
// - Errors go to stderr as one line "program: problem (see program --help)"; the exit code is 2.
// Part of the examples, not of the library: it allocates and prints freely.
#ifndef CHEMIN_EXAMPLES_COMMON_ARGUMENTS_HPP
#define CHEMIN_EXAMPLES_COMMON_ARGUMENTS_HPP

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "chemin/chemin.hpp"  // for chemin/core/parse.hpp (the single header has no per-module files)

namespace examples {

class Arguments {
public:
    /// One declared flag (or positional argument, whose name has no leading dashes).
    struct Flag {
        std::string name, value_name, help, default_text;
        bool takes_value = true, is_required = false, seen = false;
        std::function<std::string(const std::string&)> apply;  ///< "" when the value was taken, else the problem

        /// Shows no default in --help (for a flag whose starting value only means "not given").
        Flag& without_default() {
            default_text.clear();
            return *this;
        }
        /// Marks the flag as one that must be given.
        Flag& required() {
            is_required = true;
            return *this;
        }
    };

    Arguments(std::string program, std::string summary) : program_(std::move(program)), summary_(std::move(summary)) {}

    /// Text appended to --help (e.g. a file format or examples).
    void epilog(std::string text) { epilog_ = std::move(text); }

    /// A flag whose value is kept as text.
    Flag& text(const std::string& name, std::string& target, const std::string& value_name, const std::string& help) {
        return add(name, value_name, help, target.empty() ? "" : target, [&target](const std::string& v) {
            target = v;
            return std::string();
        });
    }

    /// A flag whose value is a whole number in [min, max].
    template <class Integer>
    Flag& whole(const std::string& name, Integer& target, Integer min, Integer max, const std::string& help) {
        const std::string range = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
        return add(name, "N", help, std::to_string(target), [&target, min, max, name, range](const std::string& v) {
            return chemin::parse_whole(v, min, max, target) ? std::string() : name + " takes " + range + " (got '" + v + "')";
        });
    }

    /// A flag whose value is a finite real number in [min, max].
    Flag& real(const std::string& name, double& target, double min, double max, const std::string& help) {
        return add(name, "X", help, shortest(target), [&target, min, max, name](const std::string& v) {
            return chemin::parse_real(v, min, max, target)
                       ? std::string()
                       : name + " takes a number from " + shortest(min) + " to " + shortest(max) + " (got '" + v + "')";
        });
    }

    /// A flag whose value is a comma-separated list of whole numbers, each in [min, max].
    template <class Integer>
    Flag& list(const std::string& name, std::vector<Integer>& target, Integer min, Integer max, const std::string& value_name,
               const std::string& help) {
        std::string shown;
        for (std::size_t i = 0; i < target.size(); ++i) shown += (i ? "," : "") + std::to_string(target[i]);
        return add(name, value_name, help, shown, [&target, min, max, name](const std::string& v) {
            return chemin::parse_whole_list(v, min, max, target)
                       ? std::string()
                       : name + " takes whole numbers from " + std::to_string(min) + " to " + std::to_string(max) +
                             " separated by commas (got '" + v + "')";
        });
    }

    /// A flag whose value must be one of `choices`.
    Flag& choice(const std::string& name, std::string& target, const std::vector<std::string>& choices, const std::string& help) {
        std::string names;
        for (std::size_t i = 0; i < choices.size(); ++i) names += (i ? "|" : "") + choices[i];
        return add(name, names, help, target, [&target, choices, name, names](const std::string& v) {
            for (const std::string& c : choices)
                if (v == c) {
                    target = v;
                    return std::string();
                }
            return name + " takes one of " + names + " (got '" + v + "')";
        });
    }

    /// A flag with no value that sets `target` to true.
    Flag& on_off(const std::string& name, bool& target, const std::string& help) {
        Flag& f = add(name, "", help, "", [&target](const std::string&) {
            target = true;
            return std::string();
        });
        f.takes_value = false;
        return f;
    }

    /// A flag handled by the program itself: `apply` returns "" or the problem.
    Flag& custom(const std::string& name, const std::string& value_name, const std::string& help, const std::string& default_text,
                 std::function<std::string(const std::string&)> apply) {
        return add(name, value_name, help, default_text, std::move(apply));
    }

    /// The next argument that is not a flag (in declaration order of the positionals).
    Flag& positional(const std::string& name, std::string& target, const std::string& help) {
        Flag& f = text(name, target, name, help);
        f.name = name;  // no dashes: matched by position
        positionals_.push_back(flags_.size() - 1);
        return f;
    }

    /// Parses argv. Returns nothing when the program should go on; 0 after --help; 2 after an error
    /// (already printed).
    std::optional<int> parse(int argc, char** argv) {
        std::size_t next_positional = 0;
        for (int i = 1; i < argc; ++i) {
            std::string arg = argv[i];
            if (arg == "-h" || arg == "--help") {
                print_help();
                return 0;
            }
            if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
                if (next_positional >= positionals_.size()) return error("unexpected argument '" + arg + "' (flags start with --)");
                if (auto stop = take(flags_[positionals_[next_positional++]], arg)) return stop;
                continue;
            }
            std::string value;
            const std::size_t eq = arg.find('=');
            const bool inline_value = eq != std::string::npos;
            if (inline_value) {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
            }
            Flag* flag = find(arg);
            if (flag == nullptr) return error("unknown flag " + arg);
            if (!flag->takes_value) {
                if (inline_value) return error(arg + " takes no value");
            } else if (!inline_value) {
                if (i + 1 >= argc) return error(arg + " needs a value");
                value = argv[++i];
            }
            if (auto stop = take(*flag, value)) return stop;
        }
        for (const Flag& f : flags_)
            if (f.is_required && !f.seen) return error("missing " + f.name);
        return std::nullopt;
    }

    /// Whether a flag was given on the command line.
    bool given(const std::string& name) const {
        for (const Flag& f : flags_)
            if (f.name == name) return f.seen;
        return false;
    }

    /// Prints "program: message (see program --help)" on stderr and returns 2, for checks after parse().
    int error(const std::string& message) const {
        std::fprintf(stderr, "%s: %s (see %s --help)\n", program_.c_str(), message.c_str(), program_.c_str());
        return 2;
    }

    /// The --help page.
    void print_help() const {
        std::string usage = "usage: " + program_;
        for (std::size_t p : positionals_) usage += " " + flags_[p].name;
        usage += " [flags]";
        std::printf("%s\n\n%s\n\n", usage.c_str(), summary_.c_str());
        std::printf("flags:\n");
        for (const Flag& f : flags_) {
            std::string left = is_positional(f) ? f.name : f.name + (f.takes_value ? " " + f.value_name : "");
            std::string right = f.help;
            if (f.is_required) right += " (required)";
            else if (!f.default_text.empty()) right += " (default: " + f.default_text + ")";
            if (left.size() > 24) std::printf("  %s\n  %-24s  %s\n", left.c_str(), "", right.c_str());
            else std::printf("  %-24s  %s\n", left.c_str(), right.c_str());
        }
        std::printf("  %-24s  %s\n", "-h, --help", "print this help and exit");
        if (!epilog_.empty()) std::printf("\n%s\n", epilog_.c_str());
    }

private:
    Flag& add(const std::string& name, const std::string& value_name, const std::string& help, const std::string& default_text,
              std::function<std::string(const std::string&)> apply) {
        Flag f;
        f.name = name;
        f.value_name = value_name;
        f.help = help;
        f.default_text = default_text;
        f.apply = std::move(apply);
        flags_.push_back(std::move(f));
        return flags_.back();
    }

    Flag* find(const std::string& name) {
        for (Flag& f : flags_)
            if (f.name == name && !is_positional(f)) return &f;
        return nullptr;
    }

    static bool is_positional(const Flag& f) { return f.name.rfind("--", 0) != 0; }

    std::optional<int> take(Flag& flag, const std::string& value) {
        const std::string problem = flag.apply(value);
        if (!problem.empty()) return error(problem);
        flag.seen = true;
        return std::nullopt;
    }

    static std::string shortest(double value) {
        char buffer[32];
        for (int digits = 1; digits <= 17; ++digits) {
            std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
            if (std::strtod(buffer, nullptr) == value) break;
        }
        return buffer;
    }

    std::string program_, summary_, epilog_;
    std::deque<Flag> flags_;  // declaration order = help order; a deque keeps references valid
    std::vector<std::size_t> positionals_;
};

}  // namespace examples

#endif  // CHEMIN_EXAMPLES_COMMON_ARGUMENTS_HPP
