#!/usr/bin/env python3
"""Checks that chemin's module folders depend downward only (a CTest test runs this).

The house, bottom layer first; a header may include its own folder and any folder on a lower layer,
never a folder on its own layer or above (that is how cycles start):

    core -> data, io -> nn, cluster, embed -> paths -> output -> study

reference/ (the textbook kernels) stands beside the house on core/ alone. An umbrella header
(chemin/nn.hpp) counts as its folder (nn). The top-level umbrellas (chemin/chemin.hpp, chemin/nn.hpp, ...)
are not checked: they only gather.

    tools/check_layers.py              exit 1, naming each include that points sideways or upward
    tools/check_layers.py --self-test  checks that a made-up upward include is caught
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
    print("check_layers self-test: a sideways and an upward include are caught, a downward one is not")
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
    print("check_layers: every module folder includes only folders below it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
