#!/usr/bin/env python3
"""Checks that docs/TOUR.md's line ranges still point at the functions they name (a CTest runs this).

The tour names a header, then functions in it with their lines, in these forms:

    `embed/umap.hpp` `umap_fit` lines 103-193, `umap_transform` lines 195-273
    `paths/anomaly_scores.hpp` from `path_anomaly_score` line 22
    (`order_sankey_columns`, `stack_sankey_band_ends`, lines 180-260)     several names, one range
    | 2. the network | `train_network` 531-554 |                            the pipeline table (study/pipeline.hpp)

A range is right when it runs from the first line of the first function named to the last line of the
last one: from the comment right above the function (when there is one, with no blank line between), or
else the first line of its declaration (template prefix, return type), to its closing brace (functions
as tools/check_function_length.py reads them); a single line ("line 22", "from line 1452") is that same
first line.
A name may be qualified (`detail::scan_k`, `NnDescentCandidates::sample`): its last part is looked up. A
class or struct (`Standardizer` lines 16-55) runs from its `struct`/`class` line to its closing `};`.

    tools/check_tour.py          exit 1, naming each stale range and the lines it should say
    tools/check_tour.py --fix    rewrites the stale ranges in docs/TOUR.md (nothing else changes)
    tools/check_tour.py --self-test  a copy with one range shifted: caught, and --fix restores it
Python standard library only.
"""
import argparse
import functools
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_function_length as reader  # noqa: E402  (the same reading of C++ as the length check)

ROOT = pathlib.Path(__file__).resolve().parent.parent
TOUR = ROOT / "docs" / "TOUR.md"
INCLUDE = ROOT / "include" / "chemin"

HEADER = re.compile(r"`([a-z_]+/[a-z_0-9]+\.hpp)`")
# One or more backticked names, then an optional "lines"/"line", then A-B or A; or "from `name` line A".
GROUP = re.compile(r"((?:`[A-Za-z_][A-Za-z_0-9:]*`,\s*)+)lines\s+(\d+)-(\d+)|"
                   r"(`[A-Za-z_][A-Za-z_0-9:]*`)\s+(?:from\s+)?(?:lines?\s+)?(\d+)(?:-(\d+))?(?![\d.])")
FROM_NAME = re.compile(r"from\s+`([A-Za-z_][A-Za-z_0-9:]*)`\s+line\s+(\d+)")
NAME = re.compile(r"`([A-Za-z_][A-Za-z_0-9:]*)`")


@functools.lru_cache(maxsize=None)
def definitions(header):
    """{name: [(first, last)]} of the functions and classes defined in one header."""
    path = INCLUDE / header
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    found = {}
    for head_line, _, last, name in reader.functions(path, spans=True):
        found.setdefault(name, []).append((with_comment(lines, head_line), last))
    for number, line in enumerate(lines, start=1):
        match = re.match(r"\s*(?:template\s*<.*>\s*)?(?:struct|class)\s+([A-Za-z_][A-Za-z_0-9]*)\s*(?:final\s*)?[:{]?\s*$|"
                         r"\s*(?:struct|class)\s+([A-Za-z_][A-Za-z_0-9]*)\s*(?:final\s*)?(?::[^;]*)?\{", line)
        if match:
            name = match.group(1) or match.group(2)
            end = next((k for k in range(number, len(lines) + 1) if re.match(r"^\s*\};", lines[k - 1])
                        and indent(lines[k - 1]) == indent(line)), number)
            found.setdefault(name, []).append((with_comment(lines, number), end))
    return found


def with_comment(lines, first):
    """The first line of the comment block right above line `first` (no blank line between), or `first`."""
    while first > 1 and lines[first - 2].lstrip().startswith("//"):
        first -= 1
    return first


def indent(line):
    return len(line) - len(line.lstrip())


def expected(defs, names, single, have_first, have_last):
    """The range the names should say, or None when a name is not defined there. A name defined more
    than once (overloads, one copy per instruction set) is taken at the definition nearest the tour's."""
    spans = []
    for position, name in enumerate(names):
        short = name.split("::")[-1]
        if short not in defs:
            return None
        if position == len(names) - 1 and len(names) > 1 and have_last is not None:
            spans.append(min(defs[short], key=lambda d: abs(d[1] - have_last)))  # the last name: by its end
        else:
            spans.append(min(defs[short], key=lambda d: abs(d[0] - have_first)))
    if single:
        return (spans[0][0], None)
    return (spans[0][0], spans[-1][1])


def check(fix, tour=TOUR):
    text = tour.read_text(encoding="utf-8")
    out_lines, problems = [], []
    pipeline_header = None
    for number, line in enumerate(text.split("\n"), start=1):
        if "`study/pipeline.hpp` runs one experiment" in line:
            pipeline_header = "study/pipeline.hpp"
        header = pipeline_header if line.startswith("| ") and pipeline_header and "`" in line else None
        new_line = line
        replacements = []
        current = header
        # Walk the line left to right: a header switches the file, a group of names with a range is checked.
        tokens = sorted([(m.start(), "header", m) for m in HEADER.finditer(line)] +
                        [(m.start(), "group", m) for m in GROUP.finditer(line)] +
                        [(m.start(), "from", m) for m in FROM_NAME.finditer(line)], key=lambda t: t[0])
        consumed = -1
        for start, kind, match in tokens:
            if start < consumed:
                continue
            if kind == "header":
                current = match.group(1)
                consumed = match.end()
                continue
            if current is None:
                continue
            defs = definitions(current)
            if kind == "from":
                names, first_group, last_group, single = [match.group(1)], 2, None, True
            elif match.group(1):  # several names, one range
                names, first_group, last_group, single = NAME.findall(match.group(1)), 2, 3, False
            else:
                names, first_group, last_group = NAME.findall(match.group(4)), 5, 6
                single = match.group(6) is None
            if any(n.endswith(".hpp") for n in names):
                continue
            have_first = int(match.group(first_group))
            have_last = None if single else int(match.group(last_group))
            want = expected(defs, names, single, have_first, have_last)
            consumed = match.end()
            if want is None:
                problems.append(f"docs/TOUR.md:{number}: {', '.join(names)} not found in {current}")
                continue
            if (have_first, have_last) != want:
                said = f"{have_first}" + ("" if single else f"-{have_last}")
                should = f"{want[0]}" + ("" if single else f"-{want[1]}")
                problems.append(f"docs/TOUR.md:{number}: {', '.join(names)} in {current}: says {said}, is {should}")
                span = (match.start(first_group), match.end(last_group) if not single else match.end(first_group))
                replacements.append((span, should))
        for (a, b), should in sorted(replacements, reverse=True):
            new_line = new_line[:a] + should + new_line[b:]
        out_lines.append(new_line)
    if fix and problems:
        tour.write_text("\n".join(out_lines), encoding="utf-8")
    return problems


def self_test():
    """Shifts one range of a copy of the tour and checks that exactly it is reported, then fixed."""
    text = TOUR.read_text(encoding="utf-8")
    match = re.search(r"`train_network` (\d+)-(\d+)", text)
    if match is None:
        print("check_tour self-test: the tour no longer names train_network with a range")
        return 1
    shifted = text[:match.start(1)] + str(int(match.group(1)) + 3) + text[match.end(1):]
    with tempfile.TemporaryDirectory() as folder:
        copy = pathlib.Path(folder) / "TOUR.md"
        copy.write_text(shifted, encoding="utf-8")
        found = check(False, copy)
        fixed_problems = check(True, copy)
        again = check(False, copy)
        restored = copy.read_text(encoding="utf-8") == text
    if len(found) != 1 or "train_network" not in found[0] or fixed_problems != found or again or not restored:
        print(f"check_tour self-test failed: found {found}, after --fix {again}, restored {restored}")
        return 1
    print("check_tour self-test: a shifted range is caught and --fix restores it")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fix", action="store_true", help="rewrite the stale ranges in docs/TOUR.md")
    parser.add_argument("--self-test", action="store_true", help="check the checker on a shifted copy")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    problems = check(args.fix)
    for problem in problems:
        print(problem)
    if problems and not args.fix:
        print(f"check_tour: {len(problems)} stale line range(s); run tools/check_tour.py --fix")
        return 1
    unresolved = [p for p in problems if "not found" in p]
    if args.fix and unresolved:
        return 1
    print("check_tour: every line range in docs/TOUR.md points at what it names" if not problems
          else f"check_tour: rewrote {len(problems)} range(s) in docs/TOUR.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
