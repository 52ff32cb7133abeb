#!/usr/bin/env python3
"""Smoke test of the chemin-umap command line (stdlib only): writes two blobs as a float32 .npy, runs
chemin-umap with --transform-input, checks the output files' headers, shapes and the RESULT line, and
the exact error for a missing input. Usage: cli_smoke.py PATH/TO/chemin-umap WORK_DIR"""
import os
import random
import signal
import struct
import subprocess
import sys
import time


def write_npy(path, rows, descr="<f4", fmt="<f"):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }" % (descr, len(rows), len(rows[0]))
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        for row in rows:
            f.write(b"".join(struct.pack(fmt, v) for v in row))


def read_npy_shape(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:6] == b"\x93NUMPY", path
    length = struct.unpack("<H", data[8:10])[0]
    header = data[10:10 + length].decode("latin1")
    assert "'descr': '<f4'" in header, header
    shape = header.split("'shape': (")[1].split(")")[0]
    rows, cols = [int(x) for x in shape.split(",") if x.strip()]
    values = struct.unpack("<%df" % (rows * cols), data[10 + length:])
    return rows, cols, values


def temporaries(work):
    return sorted(f for f in os.listdir(work) if ".chemin-partial-" in f)


def killed_then_rerun(exe, work, x, y):
    """SIGKILL chemin-umap at several moments (before, during and after its write), rerun it each time:
    the rerun leaves no temporary and a complete output. The write itself is too short to hit reliably,
    so a temporary left by a writer that is gone (a finished process's pid) is planted too; a user's
    y.npy.partial and a live process's temporary (this test's pid) must stay untouched."""
    users, live = y + ".partial", y + ".chemin-partial-%d" % os.getpid()
    for path, text in ((users, b"user"), (live, b"alive")):
        with open(path, "wb") as f:
            f.write(text)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = y + ".chemin-partial-" + gone.stdout.strip()
    with open(dead, "wb") as f:
        f.write(b"half")
    args = [exe, "--input", x, "--output", y, "--n-neighbors", "10", "--seed", "3"]
    for delay in (0.0, 0.005, 0.02, 0.05, 0.1, 0.2):
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        rerun = subprocess.run(args, capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr
        assert temporaries(work) == [os.path.basename(live)], (delay, os.listdir(work))
        assert read_npy_shape(y)[:2] == (120, 2)
    assert open(users, "rb").read() == b"user" and open(live, "rb").read() == b"alive"
    os.remove(users)
    os.remove(live)


def main():
    exe, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    rng = random.Random(1)
    blobs = [[rng.gauss(0, 1) + (8 if j == c else 0) for j in range(5)] for c in range(2) for _ in range(60)]
    x, z = os.path.join(work, "x.npy"), os.path.join(work, "z.npy")
    y, w = os.path.join(work, "y.npy"), os.path.join(work, "w.npy")
    write_npy(x, blobs)
    write_npy(z, blobs[:7], "<f8", "<d")  # float64 input is accepted too
    write_npy(z[:-4] + "_3d.npy", [row[:3] for row in blobs[:7]])  # 3 columns: not the fitted data's 5
    run = subprocess.run([exe, "--input", x, "--output", y, "--seed", "3", "--n-neighbors", "10",
                          "--transform-input", z, "--transform-output", w], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert last.startswith("RESULT seconds=") and "points=120 transformed=7" in last, last
    rows, cols, values = read_npy_shape(y)
    assert (rows, cols) == (120, 2), (rows, cols)
    assert all(v == v for v in values)
    rows, cols, _ = read_npy_shape(w)
    assert (rows, cols) == (7, 2), (rows, cols)
    missing = os.path.join(work, "missing.npy")
    bad = subprocess.run([exe, "--input", missing, "--output", y], capture_output=True, text=True)
    assert bad.returncode == 1, bad.returncode
    expected = "chemin-umap: %s: cannot open: No such file or directory" % missing
    assert bad.stderr.strip() == expected, bad.stderr
    few = subprocess.run([exe, "--input", z, "--output", y], capture_output=True, text=True)
    assert few.returncode == 1
    assert few.stderr.strip() == ("chemin-umap: %s: UMAP input: N = 7 points is too few for n_neighbors = 15 "
                                  "(need at least n_neighbors + 1 = 16)" % z), few.stderr
    # A failure after the fit (here the transform input is missing) writes neither output, and leaves an
    # earlier file of that name as it was.
    for path in (y, w):
        os.remove(path)
    late = subprocess.run([exe, "--input", x, "--output", y, "--n-neighbors", "10", "--transform-input", missing,
                           "--transform-output", w], capture_output=True, text=True)
    assert late.returncode == 1, late.returncode
    assert late.stderr.strip() == "chemin-umap: %s: cannot open: No such file or directory" % missing, late.stderr
    assert not os.path.exists(y) and not os.path.exists(w), os.listdir(work)
    with open(y, "wb") as f:
        f.write(b"earlier")
    wrong = subprocess.run([exe, "--input", x, "--output", y, "--n-neighbors", "10", "--transform-input", z[:-4] + "_3d.npy",
                            "--transform-output", w], capture_output=True, text=True)
    assert wrong.returncode == 1, wrong.stderr
    assert open(y, "rb").read() == b"earlier" and not os.path.exists(w)
    assert not [f for f in os.listdir(work) if ".chemin-partial-" in f], os.listdir(work)
    killed_then_rerun(exe, work, x, y)
    same = subprocess.run([exe, "--input", x, "--output", y, "--transform-input", z, "--transform-output", y],
                          capture_output=True, text=True)
    assert same.returncode == 2 and "--output and --transform-output name the same file" in same.stderr, same.stderr
    usage = subprocess.run([exe, "--output", y, "--input"], capture_output=True, text=True)
    assert usage.returncode == 2 and usage.stderr == "chemin-umap: --input needs a value (see chemin-umap --help)\n", usage.stderr
    huge = subprocess.run([exe, "--input", x, "--output", y, "--n-neighbors", "18446744073709551615"], capture_output=True, text=True)
    assert huge.returncode == 2 and "--n-neighbors takes a whole number from 2 to 1000" in huge.stderr, huge.stderr
    helped = subprocess.run([exe, "-h"], capture_output=True, text=True)
    assert helped.returncode == 0 and "--min-dist X" in helped.stdout and "(default: 0.1)" in helped.stdout, helped.stdout
    print("chemin-umap smoke test passed")


if __name__ == "__main__":
    main()
