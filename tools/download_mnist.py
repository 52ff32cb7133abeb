#!/usr/bin/env python3
"""Downloads the four MNIST files into a folder and verifies them.

For users with internet access (the tests never run it). Python standard library only.

Each file is fetched from the first mirror that answers, decompressed in memory, and accepted only
when the SHA-256 of its uncompressed content matches the published value (the same values as the
project's data README; the .gz wrappers differ between mirrors, the content does not). Files are
written atomically: to "<name>.partial", then renamed. Files already present and correct are kept.

Usage:
    python3 tools/download_mnist.py DIR          # then: export CHEMIN_DATA=DIR
    python3 tools/download_mnist.py              # DIR defaults to $CHEMIN_DATA
"""
import argparse
import gzip
import hashlib
import os
import sys
import urllib.error
import urllib.request

# The usual mirrors, tried in order. Each serves the four files under their standard names.
MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
]

# name -> (uncompressed size in bytes, SHA-256 of the uncompressed content)
FILES = {
    "train-images-idx3-ubyte.gz": (47040016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    "train-labels-idx1-ubyte.gz": (60008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    "t10k-images-idx3-ubyte.gz": (7840016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    "t10k-labels-idx1-ubyte.gz": (10008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
}


def content_problem(compressed, name):
    """None when the .gz bytes decompress to the expected content, else what is wrong."""
    size, sha256 = FILES[name]
    try:
        plain = gzip.decompress(compressed)
    except (OSError, EOFError, ValueError) as error:
        return f"not a valid gzip file ({error})"
    if len(plain) != size:
        return f"decompresses to {len(plain)} bytes, expected {size}"
    digest = hashlib.sha256(plain).hexdigest()
    if digest != sha256:
        return f"SHA-256 of the content is {digest}, expected {sha256}"
    return None


def write_atomically(path, data):
    partial = path + ".partial"
    with open(partial, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


def fetch(url, timeout):
    request = urllib.request.Request(url, headers={"User-Agent": "chemin-download-mnist/1"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def download(folder, mirrors, timeout):
    os.makedirs(folder, exist_ok=True)
    failures = 0
    for name in FILES:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as existing:
                if content_problem(existing.read(), name) is None:
                    print(f"{path}: already present and verified")
                    continue
            print(f"{path}: present but not correct, downloading again")
        reasons = []
        for mirror in mirrors:
            url = mirror + name
            try:
                data = fetch(url, timeout)
            except (urllib.error.URLError, OSError) as error:
                reasons.append(f"{url}: {error}")
                continue
            problem = content_problem(data, name)
            if problem is not None:
                reasons.append(f"{url}: {problem}")
                continue
            write_atomically(path, data)
            print(f"{path}: downloaded from {mirror} and verified (SHA-256 of the content)")
            break
        else:
            failures += 1
            print(f"{path}: FAILED, every mirror was tried:", file=sys.stderr)
            for reason in reasons:
                print(f"  {reason}", file=sys.stderr)
    return failures


def main():
    parser = argparse.ArgumentParser(
        description="Download the four MNIST files (train/t10k images and labels, .gz) into a folder, "
                    "verifying the SHA-256 of their uncompressed content.")
    parser.add_argument("folder", nargs="?", default=os.environ.get("CHEMIN_DATA", ""),
                        help="destination folder (default: $CHEMIN_DATA)")
    parser.add_argument("--mirror", action="append", default=None,
                        help="base URL to try instead of the built-in mirrors (repeatable; must end with /)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")
    args = parser.parse_args()
    if not args.folder:
        parser.error("no folder given and CHEMIN_DATA is not set")
    mirrors = args.mirror if args.mirror else MIRRORS
    failures = download(args.folder, mirrors, args.timeout)
    if failures:
        print(f"RESULT files_ok={len(FILES) - failures} files_failed={failures}")
        return 1
    print(f"RESULT files_ok={len(FILES)} files_failed=0 folder={args.folder}")
    print(f"Now: export CHEMIN_DATA={os.path.abspath(args.folder)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
