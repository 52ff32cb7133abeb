#!/usr/bin/env python3
"""Checks that no function in include/ is longer than 120 lines (a CTest test runs this).

Functions fit on a screen or two (docs: the developers' guide). A function's length is counted from the
line that names it to its closing brace, both included, minus the lines that lie wholly inside a raw
string literal: the report's embedded JavaScript and CSS text (output/report_assets.hpp) is an asset,
not code. Lambdas, local classes and their bodies count towards the function that holds them.

How it reads C++ (a sketch, not a compiler): comments, strings, character literals and preprocessor
lines are blanked first; then every `{` at namespace or class scope is classified by the text before it:
`namespace`, `class`, `struct`, `union`, `enum`, `extern` open a scope (upper-case macros before them,
such as CHEMIN_DETAIL_NO_CONTRACT_BEGIN, are passed over); a head with a parameter list opens a function
body (a constructor's `member{...}` initialisers and default arguments `= {}` are skipped); a block
followed by `;` (an initialiser such as `std::array<int, 3> a{...};`) is skipped whole, any other block
is read as a scope. Unbalanced braces, or a file that defines functions where none was found, are errors.

    tools/check_function_length.py              exit 1, naming file:line:function:length of each offender
    tools/check_function_length.py --list N     print every function of N lines or more, longest first
    tools/check_function_length.py --self-test  checks the reader on made-up sources (long, short, raw string,
                                                constructor initialisers, nested classes, macros)
Python standard library only.
"""
import argparse
import pathlib
import re
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIMIT = 120

# Functions allowed past the limit, each with the reason (none today; an entry no longer needed fails).
# Keys are (path relative to include/, function name).
ALLOWED = {}

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
NOT_A_NAME = {"decltype", "alignas", "alignof", "sizeof", "noexcept", "__attribute__", "__declspec",
              "static_assert", "if", "for", "while", "switch", "return"}
SCOPE_HEAD = re.compile(r"^(\[\[[^\]]*\]\]\s*)*(inline\s+)?(class|struct|union|enum|namespace|extern)\b")
LEADING_MACROS = re.compile(r"^(?:[A-Z][A-Z0-9_]*\s+)+(?=[a-z])")  # CHEMIN_DETAIL_NO_CONTRACT_BEGIN namespace ...
ACCESS_LABEL = re.compile(r"^\s*(public|private|protected)\s*:(?!:)")


def literal_end(text, i):
    """Index of the quote that closes the string or character literal opening at text[i] (escapes skipped)."""
    j = i + 1
    while j < len(text) and text[j] != text[i]:
        j += 2 if text[j] == "\\" else 1
    return j


def blank(text):
    """Returns (code, raw_lines): the text with comments, literals and preprocessor lines replaced by
    spaces (newlines kept, so offsets and line numbers stay), and the set of 1-based line numbers that lie
    wholly inside a raw string literal."""
    out = list(text)
    raw_lines = set()
    i, n = 0, len(text)
    line = 1
    at_line_start = True

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            at_line_start = True
            i += 1
            continue
        if at_line_start and c in " \t":
            i += 1
            continue
        if at_line_start and c == "#":  # a preprocessor line, with its continuations
            j = i
            while j < n and (text[j] != "\n" or text[j - 1] == "\\"):
                j += 1
            line += text.count("\n", i, j)
            wipe(i, j)
            i = j
            continue
        at_line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            wipe(i, j)
            i = j
            continue
        if c == '"':
            prefix = re.search(r"(?:u8|u|U|L)?R$", text[max(0, i - 3):i])
            start_of_token = prefix and (i - len(prefix.group(0)) == 0 or
                                         not (text[i - len(prefix.group(0)) - 1].isalnum() or
                                              text[i - len(prefix.group(0)) - 1] == "_"))
            if prefix and start_of_token:  # raw string R"delim( ... )delim"
                open_paren = text.find("(", i)
                delimiter = text[i + 1:open_paren]
                close = text.find(")" + delimiter + '"', open_paren)
                j = n if close < 0 else close + len(delimiter) + 2
                first_line = line
                last_line = line + text.count("\n", i, j)
                raw_lines.update(range(first_line + 1, last_line))  # lines strictly between the quotes
                line = last_line
                wipe(i, j)
                i = j
                continue
            j = literal_end(text, i)
            wipe(i + 1, j)
            i = j + 1
            continue
        if c == "'":
            k = i - 1
            while k >= 0 and (text[k].isalnum() or text[k] == "_"):
                k -= 1
            if i > 0 and text[k + 1:i][:1].isdigit():  # a digit separator: 1'000'000
                i += 1
                continue
            j = literal_end(text, i)
            wipe(i + 1, j)
            i = j + 1
            continue
        i += 1
    return "".join(out), raw_lines


def matching(code, i, open_char, close_char):
    """Index of the bracket closing the one at code[i], or -1."""
    depth = 0
    for j in range(i, len(code)):
        if code[j] == open_char:
            depth += 1
        elif code[j] == close_char:
            depth -= 1
            if depth == 0:
                return j
    return -1


def strip_template_prefix(head):
    head = head.lstrip()
    while head.startswith("template"):
        k = head.find("<")
        if k < 0:
            return head
        depth, paren = 0, 0
        for j in range(k, len(head)):
            ch = head[j]
            if ch == "(":
                paren += 1
            elif ch == ")":
                paren -= 1
            elif paren == 0 and ch == "<":
                depth += 1
            elif paren == 0 and ch == ">":
                depth -= 1
                if depth == 0:
                    head = head[j + 1:].lstrip()
                    break
        else:
            return head
    return head


def parameter_list(head):
    """(name, index of the parameter list's '(') of a function head, or (None, -1)."""
    j = 0
    while True:
        k = head.find("(", j)
        if k < 0:
            return None, -1
        before = head[:k].rstrip()
        if before.endswith("operator"):  # operator()(...): the first () is the name
            close = matching(head, k, "(", ")")
            k2 = head.find("(", close + 1) if close >= 0 else -1
            return "operator()", k2
        m = re.search(r"(operator\s*\S+|~?[A-Za-z_][A-Za-z_0-9]*)$", before)
        if m and m.group(1) not in NOT_A_NAME:
            return re.sub(r"\s+", "", m.group(1)), k
        close = matching(head, k, "(", ")")  # decltype(...), __attribute__((...)): skip them
        if close < 0:
            return None, -1
        j = close + 1


def functions(path, spans=False):
    """[(line, name, length)] of the functions defined in one header; with spans,
    [(head_line, line, last_line, name)]: from the first line of the declaration (its template prefix or
    return type) through the line that names it to the line of its closing brace."""
    text = path.read_text(encoding="utf-8")
    code, raw_lines = blank(text)
    found = []
    line_of = [0] * (len(code) + 1)
    line = 1
    for k, ch in enumerate(code):
        line_of[k] = line
        if ch == "\n":
            line += 1
    line_of[len(code)] = line

    def scan_scope(i, end):
        """Reads namespace- or class-level code in code[i:end]."""
        head_start = i
        while i < end:
            ch = code[i]
            if ch in ";}":
                head_start = i + 1
                i += 1
                continue
            if ch != "{":
                i += 1
                continue
            close = matching(code, i, "{", "}")
            if close < 0 or close > end:
                raise ValueError(f"{path}:{line_of[i]}: unbalanced braces")
            head = code[head_start:i]
            if head.count("(") > head.count(")"):
                i = close + 1  # braces inside a parameter list (a default argument `= {}`): the head goes on
                continue
            label = ACCESS_LABEL.match(head)
            while label:
                head_start += label.end()
                head = code[head_start:i]
                label = ACCESS_LABEL.match(head)
            bare = LEADING_MACROS.sub("", strip_template_prefix(head))
            if SCOPE_HEAD.match(bare) or not bare.strip():
                scan_scope(i + 1, close)
                head_start = close + 1
                i = close + 1
                continue
            name, paren = parameter_list(bare)
            before_params = bare[:paren] if paren >= 0 else bare
            if name is None or re.search(r"(?<![=!<>+\-*/%&|^])=(?!=)", before_params.replace("operator=", "")):
                after = code[close + 1:end].lstrip()[:1]
                if after in (";", ","):
                    i = close + 1  # an initialiser: not a function, not a scope
                else:  # a block no `;` follows is a scope whose head the reader does not know (a macro?)
                    scan_scope(i + 1, close)
                    head_start = close + 1
                    i = close + 1
                continue
            params_close = matching(bare, paren, "(", ")")
            tail = bare[params_close + 1:] if params_close >= 0 else ""
            if re.search(r"(?<!:):(?!:)", tail) and re.search(r"[A-Za-z_0-9>]\s*$", tail):
                i = close + 1  # a constructor's member{...} initialiser: the head goes on
                continue
            offset = head_start + len(head) - len(head.lstrip())
            offset += len(head.lstrip()) - len(bare)  # past the template prefix
            name_at = offset + paren
            first = line_of[name_at]
            last = line_of[close]
            length = last - first + 1 - sum(1 for l in range(first, last + 1) if l in raw_lines)
            head_line = line_of[head_start + len(head) - len(head.lstrip())]
            found.append((head_line, first, last, name) if spans else (first, name, length))
            head_start = close + 1
            i = close + 1

    scan_scope(0, len(code))
    if not found and re.search(r"\)\s*(?:const\s*)?(?:noexcept\s*)?\{", code):
        raise ValueError(f"{path}: found no function, yet the file defines some (a head this reader does not know)")
    if code.count("{") != code.count("}"):
        raise ValueError(f"{path}: unbalanced braces ({code.count('{')} open, {code.count('}')} close)")
    return found


def all_functions(include_dir):
    result = []
    for header in sorted(include_dir.glob("chemin/**/*.hpp")):
        relative = header.relative_to(include_dir).as_posix()
        for line, name, length in functions(header):
            result.append((relative, line, name, length))
    return result


def self_test():
    body = lambda count: "".join(f"    x += {k};\n" for k in range(count))
    source = (
        "#include <cstddef>\n"
        "SOME_MACRO_BEGIN\n"
        "namespace demo {\n"
        "template <class T, std::size_t N = sizeof(T)>\n"
        "inline int too_long(int x) {\n" + body(119) + "}\n"                      # 121 lines: caught
        "inline int just_fits(int x, Options o = {}) {\n" + body(118) + "    return x; }\n"      # 120 lines: fine
        "inline const char* asset() {\n    return R\"css(\n" + "p { a: b; }\n" * 200 + ")css\";\n}\n"
        "struct Holder {\n"
        "    int a_, b_;\n"
        "    Holder(int a) : a_{a}, b_(0) {\n" + body(130) + "    }\n"             # a constructor, caught
        "    int operator()(int x) const noexcept {\n" + body(125) + "    return x; }\n"
        "    std::array<int, 3> table{1, 2, 3};\n"
        "    struct Inner { int f() { return 1; } };\n"
        "};\n"
        "const char* quote = \"{ not a brace\"; char c = '{';  // { nor this\n"
        "}  // namespace demo\n"
        "SOME_MACRO_END\n"
        "MACRO_WITHOUT_SEMICOLON\n"
        "namespace other {\n"
        "inline int g() { return 2; }\n"
        "}  // namespace other\n"
        "lower_case_tag\n"
        "namespace third {\n"
        "inline int h() { return 3; }\n"
        "}  // namespace third\n")
    with tempfile.TemporaryDirectory() as tmp:
        header = pathlib.Path(tmp) / "chemin" / "demo" / "x.hpp"
        header.parent.mkdir(parents=True)
        header.write_text(source, encoding="utf-8")
        found = {(name, length) for _, _, name, length in all_functions(pathlib.Path(tmp))}
    expected = {("too_long", 121), ("just_fits", 120), ("asset", 4), ("Holder", 132), ("operator()", 127),
                ("f", 1), ("g", 1), ("h", 1)}
    if found != expected:
        print("check_function_length self-test: expected", sorted(expected), "got", sorted(found), file=sys.stderr)
        return 1
    print("check_function_length self-test: a 121-line function is caught, a 120-line one and raw asset text are not;"
          " functions behind a macro before their namespace are found")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--list", type=int, metavar="N", help="print every function of N lines or more")
    parser.add_argument("--include-dir", type=pathlib.Path, default=ROOT / "include")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    try:
        found = all_functions(args.include_dir)
    except ValueError as problem:
        print(f"check_function_length: cannot read {problem}", file=sys.stderr)
        return 1
    if args.list is not None:
        for relative, line, name, length in sorted(found, key=lambda f: -f[3]):
            if length >= args.list:
                print(f"{relative}:{line}:{name}:{length}")
        return 0
    failed = 0
    for relative, line, name, length in found:
        if length <= LIMIT:
            continue
        if (relative, name) in ALLOWED:
            print(f"check_function_length: {relative}:{line}:{name}:{length} lines, allowed for now: "
                  f"{ALLOWED[(relative, name)]}")
            continue
        print(f"check_function_length: {relative}:{line}:{name}:{length} lines (at most {LIMIT})", file=sys.stderr)
        failed += 1
    stale = [key for key in ALLOWED
             if not any((r, n) == key and length > LIMIT for r, _, n, length in found)]
    for relative, name in stale:
        print(f"check_function_length: {relative}:{name} is allowed past {LIMIT} lines but no longer needs it: "
              "remove it from ALLOWED", file=sys.stderr)
        failed += 1
    if failed:
        return 1
    print(f"check_function_length: {len(found)} functions, none over {LIMIT} lines but the allowed ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
