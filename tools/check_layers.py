#!/usr/bin/env python3
"""Checks that chemin's module folders depend downward only and declare their names in their own namespace
(a CTest test runs this).

The house, bottom layer first; a header may include its own folder and any folder on a lower layer,
never a folder on its own layer or above (that is how cycles start):

    core -> data, io -> nn, cluster, embed -> paths -> output -> study

reference/ (the textbook kernels) stands beside the house on core/ alone. An umbrella header
(chemin/nn.hpp) counts as its folder (nn). The top-level umbrellas (chemin/chemin.hpp, chemin/nn.hpp, ...)
are not checked: they only gather.

Namespaces: a header in folder X declares every name in namespace chemin::X (chemin::nn, chemin::cluster,
...), its internals in chemin::X::detail; core/ declares in chemin:: and keeps its internals in
chemin::detail. Nothing is declared at global scope or in another module's namespace, and no header says
`using namespace` (it would pour a namespace into every file that includes the header).

    tools/check_layers.py              exit 1, naming each include that points sideways or upward and each
                                       header that declares a name outside its folder's namespace
    tools/check_layers.py --self-test  checks that a made-up upward include and a made-up name in the wrong
                                       namespace are caught
Python standard library only.
"""
import argparse
import pathlib
import re
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAYERS = [["core"], ["data", "io"], ["nn", "cluster", "embed"], ["paths"], ["output"], ["study"]]
BESIDE = {"reference": 1}  # reference/ may include what a layer-1 folder may: core/ only
LOCAL_INCLUDE = re.compile(r'^\s*#\s*include\s+"chemin/([a-z_]+)(/|\.hpp")')


def layer_of(folder):
    for level, folders in enumerate(LAYERS):
        if folder in folders:
            return level
    return BESIDE.get(folder)


def violations(include_dir):
    found = []
    chemin = include_dir / "chemin"
    for header in sorted(chemin.glob("*/*.hpp")):
        folder = header.parent.name
        level = layer_of(folder)
        if level is None:
            found.append(f"{header.relative_to(include_dir)}: folder {folder}/ has no place in the layer list "
                         "(add it to tools/check_layers.py and the umbrella header chemin/chemin.hpp)")
            continue
        found.extend(namespace_violations(header, folder, header.relative_to(include_dir)))
        for number, line in enumerate(header.read_text(encoding="utf-8").splitlines(), 1):
            match = LOCAL_INCLUDE.match(line)
            if not match or match.group(1) == folder or match.group(1) == "chemin":
                continue
            target = match.group(1)
            target_level = layer_of(target)
            if target_level is None or target_level >= level or target in BESIDE:
                found.append(f"{header.relative_to(include_dir)}:{number}: {folder}/ includes {target}/, "
                             f"which is not below it (order: {' -> '.join(', '.join(l) for l in LAYERS)})")
    return found


CORE_NAMESPACES = {"detail"}  # core/ may open chemin::detail besides chemin itself
TOKEN = re.compile(r'[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*|::|[{};]|\S')


def strip_code(text):
    """The text with comments, string and character literals and preprocessor lines blanked (newlines kept)."""
    out, i, n = [], 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c in " \t":
            out.append(c); i += 1; continue
        if at_line_start and c == "#":  # a directive, with its continuation lines
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append("\n"); i += 2; continue
                i += 1
            continue
        at_line_start = False
        if text.startswith("//", i):
            while i < n and text[i] != "\n": i += 1
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2); j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j)); i = j; continue
        if text.startswith('R"', i):  # raw string: R"delim( ... )delim"
            k = text.find("(", i); delim = text[i + 2:k]
            j = text.find(")" + delim + '"', k); j = n if j < 0 else j + len(delim) + 2
            out.append('""' + "\n" * text.count("\n", i, j)); i = j; continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            if c == "'" and j - i > 8:  # a digit separator (1'000), not a character literal
                out.append(c); i += 1; continue
            out.append(c + c); i = j + 1; continue
        if c == "\n": at_line_start = True
        out.append(c); i += 1
    return "".join(out)


def declared_name(words):
    """The name a declaration (as tokens) introduces: after struct/class/enum/union, before '=' in a
    using-alias, else the last identifier before the first '(', '=', '{' or ';' outside template brackets."""
    angle = 0
    for i, w in enumerate(words):
        if w == "<": angle += 1
        elif w == ">": angle -= 1
        elif angle > 0: continue
        elif w in ("struct", "class", "union", "enum") and i + 1 < len(words):
            rest = [x for x in words[i + 1:] if x not in ("class", "struct")]
            return rest[0] if rest else w
        elif w == "using" and i + 2 < len(words) and words[i + 2] == "=":
            return words[i + 1]
        elif w in ("(", "=", "{", ";", "["):
            names = [x for x in words[:i] if re.fullmatch(r"[A-Za-z_][\w:\s]*", x) and x not in (
                "inline", "constexpr", "static", "const", "template", "typename", "noexcept", "extern")]
            return names[-1] if names else w
    return words[0] if words else "?"


def namespace_violations(header, folder, shown):
    """Each place in `header` (of include/chemin/<folder>/) where a name is declared outside
    chemin::<folder> (core: chemin, chemin::detail), and each `using namespace`."""
    text = strip_code(header.read_text(encoding="utf-8"))
    found, stack, line = [], [], 1  # stack: one entry per open brace, a namespace name or None
    expected = ["chemin"] if folder == "core" else ["chemin", folder]
    position, tokens = 0, list(TOKEN.finditer(text))
    k = 0
    while k < len(tokens):
        token = tokens[k].group(0)
        line = text.count("\n", 0, tokens[k].start()) + 1
        if token == "using" and k + 1 < len(tokens) and tokens[k + 1].group(0).startswith("namespace"):
            found.append(f"{shown}:{line}: 'using namespace' in a header pours that namespace into every file that "
                         "includes it; qualify the names instead")
        if token == "namespace" and k + 2 < len(tokens) and tokens[k + 2].group(0) == "{":
            stack.extend(re.sub(r"\s+", "", tokens[k + 1].group(0)).split("::")); k += 3
            # a nested-namespace definition (a::b) pushes several names but closes with one brace
            if "::" in tokens[k - 2].group(0):
                count = len(re.sub(r"\s+", "", tokens[k - 2].group(0)).split("::"))
                stack[-count:] = ["::".join(stack[-count:])]
            continue
        if token == "{":
            stack.append(None)
        elif token == "}":
            if stack: stack.pop()
        elif None not in stack and (re.fullmatch(r"[A-Z][A-Z0-9_]*", token) or token == "static_assert"):
            # a macro (CHEMIN_DETAIL_NO_CONTRACT_BEGIN) or a static_assert declares no name: skip its arguments
            if k + 1 < len(tokens) and tokens[k + 1].group(0) == "(":
                depth, k = 0, k + 1
                while k < len(tokens):
                    t = tokens[k].group(0)
                    depth += (t == "(") - (t == ")")
                    if depth == 0: break
                    k += 1
        elif None not in stack and token not in (";",):
            # namespace scope: a declaration starts here; where is it?
            path = [part for entry in stack for part in entry.split("::")]
            ok = path[:len(expected)] == expected and (
                folder != "core" or len(path) == 1 or path[1] in CORE_NAMESPACES)
            if not ok:
                where = "::".join(path) + "::" if path else "the global namespace"
                want = "chemin:: (its internals in chemin::detail)" if folder == "core" else \
                    f"chemin::{folder}:: (its internals in chemin::{folder}::detail)"
                # the whole declaration, up to its ';' or its closing brace, once
                first, braces, parens = k, 0, 0
                while k < len(tokens):
                    t = tokens[k].group(0)
                    parens += (t == "(") - (t == ")")
                    if t == "{": braces += 1
                    elif t == "}":
                        braces -= 1
                        if braces <= 0 and parens == 0: break
                    elif t == ";" and braces == 0 and parens == 0: break
                    k += 1
                name = declared_name([m.group(0) for m in tokens[first:k + 1]])
                found.append(f"{shown}:{line}: '{name}' is declared in {where}; a header of {folder}/ declares "
                             f"its names in {want}")
        k += 1
    return found



def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for folder, text in [("core", '#include "chemin/core/status.hpp"\n'),
                             ("paths", '#include "chemin/core/status.hpp"\n#include "chemin/output/json.hpp"\n'),
                             ("output", '#include "chemin/paths/paths.hpp"\n'),
                             ("nn", '#include "chemin/cluster.hpp"\n')]:
            (root / "chemin" / folder).mkdir(parents=True)
            (root / "chemin" / folder / "x.hpp").write_text(text, encoding="utf-8")
        found = violations(root)
        expected = ["chemin/nn/x.hpp:1: nn/ includes cluster/", "chemin/paths/x.hpp:2: paths/ includes output/"]
        if [f.split(",")[0] for f in found] != expected:
            print("check_layers self-test: expected", expected, "got", found, file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        headers = {
            # right: a cluster name in chemin::cluster, its helper in chemin::cluster::detail, a comment and a
            # string that mention other namespaces, a macro at global scope
            "cluster/good.hpp": 'CHEMIN_MACRO(x)\nnamespace chemin {\nnamespace cluster {\n// namespace chemin { int a; }\n'
                                'namespace detail { inline int helper() { return 0; } }\n'
                                'inline const char* k(int a = {}) { return "namespace x { int b; }"; }\n'
                                'struct KMeans { int k = 0; };\n}  // namespace cluster\n}  // namespace chemin\n',
            "embed/nested.hpp": 'namespace chemin::embed {\nstruct Umap {};\nnamespace detail { int w(); }\n}\n',
            "core/good.hpp": 'namespace chemin {\nstruct Matrix {};\nnamespace detail { int g(); }\n}\n',
            # wrong: a cluster name flat in chemin::, a module helper in core's chemin::detail, a name at global
            # scope, a name in another module's namespace, core opening a namespace of its own, using namespace
            "cluster/flat.hpp": 'namespace chemin {\ninline int distance_panel_width() { return 8; }\n'
                                'namespace detail { struct Packer {}; }\n}\n',
            "paths/global.hpp": 'struct Flow {};\nnamespace chemin { namespace cluster { int steal; } }\n',
            "core/odd.hpp": 'namespace chemin { namespace util { int x; } }\n',
            "nn/using.hpp": 'namespace chemin { namespace nn {\nusing namespace chemin::detail;\n} }\n',
        }
        for name, text in headers.items():
            (root / "chemin" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "chemin" / name).write_text(text, encoding="utf-8")
        found = [f.split(";")[0] for f in violations(root)]
        expected = ["chemin/cluster/flat.hpp:2: 'distance_panel_width' is declared in chemin::",
                    "chemin/cluster/flat.hpp:3: 'Packer' is declared in chemin::detail::",
                    "chemin/core/odd.hpp:1: 'x' is declared in chemin::util::",
                    "chemin/nn/using.hpp:2: 'using namespace' in a header pours that namespace into every file that "
                    "includes it",
                    "chemin/paths/global.hpp:1: 'Flow' is declared in the global namespace",
                    "chemin/paths/global.hpp:2: 'steal' is declared in chemin::cluster::"]
        if found != expected:
            print("check_layers self-test: expected", expected, "got", found, file=sys.stderr)
            return 1
    print("check_layers self-test: a sideways and an upward include are caught, a downward one is not; "
          "names outside their folder's namespace and a 'using namespace' are caught, names inside are not")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--include-dir", type=pathlib.Path, default=ROOT / "include")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    found = violations(args.include_dir)
    for f in found:
        print(f"check_layers: {f}", file=sys.stderr)
    if found:
        return 1
    print("check_layers: every module folder includes only folders below it and declares its names in its "
          "own namespace (core: chemin)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
