#!/usr/bin/env python3
"""chemin-explore's output folder under hostile conditions (the rules: include/chemin/study/output_folder.hpp).
Usage: explore_files_test.py PATH/TO/chemin-explore WORK_DIR CASE. Cases marked (MNIST) read data/mnist (or CHEMIN_DATA).

  refuse_foreign          a non-empty folder chemin did not create is refused (exit 2, names it and --force)
  force_keeps_user_index  --force never replaces the user's index.html (exit 2, names it, nothing written)
  out_is_file             --out naming a file is refused (exit 2), the file untouched
  failed_run_leaves_nothing  a run that fails leaves no --out folder it created, and an empty one empty
  force_writes_beside     (MNIST) --force writes beside the user's files, which stay byte for byte
  rerun_replaces_whole    (MNIST) a rerun with --no-umap leaves no embedding_/scatter_ file of the first run
  second_run_keeps_first  (MNIST) a run with other classes keeps the first run's experiment and lists both
  kill                    (MNIST) SIGKILL at many moments of a run: each experiment folder is always the
                          previous complete result or the new complete one; the next run cleans up
Python standard library only."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

EXE, WORK, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
SMALL = ["--per-class", "200"]


def run(*args, data=None):
    command = [EXE] + list(args)
    if data is not None:
        command += ["--data", data]
    return subprocess.run(command, capture_output=True, text=True)


def mnist():
    """CHEMIN_DATA when set, else the MNIST the repository carries."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("CHEMIN_DATA") or os.path.join(here, "..", "..", "data", "mnist")


def fresh(name):
    path = os.path.join(WORK, name)
    shutil.rmtree(path, ignore_errors=True)
    if os.path.lexists(path):
        os.remove(path)
    return path


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def read(path):
    with open(path) as f:
        return f.read()


def expect_error(result, *fragments):
    assert result.returncode == 2, (result.returncode, result.stderr)
    line = result.stderr.strip()
    assert line.startswith("chemin-explore: ") and "\n" not in line, line
    for fragment in fragments:
        assert fragment in line, (fragment, line)


def files_match_summary(folder):
    """The folder holds exactly what its summary.json lists, plus its report page and home-page line."""
    summary = json.load(open(os.path.join(folder, "summary.json")))
    expected = set(summary["outputs"].values()) | {"report.html", "index_row.html"}
    present = set(os.listdir(folder))
    assert present == expected, (folder, sorted(present ^ expected))


def refuse_foreign():
    out = fresh("foreign")
    os.makedirs(out)
    write(os.path.join(out, "index.html"), "my page")
    result = run("--classes", "1,7", "--out", out, data="/no/such/mnist")
    expect_error(result, out + ": the folder is not empty and chemin did not create it", "--force")
    assert os.listdir(out) == ["index.html"] and read(os.path.join(out, "index.html")) == "my page"


def force_keeps_user_index():
    out = fresh("force_index")
    os.makedirs(out)
    write(os.path.join(out, "index.html"), "my page")
    result = run("--classes", "1,7", "--out", out, "--force", data="/no/such/mnist")
    expect_error(result, out + "/index.html: already exists and chemin did not write it")
    assert os.listdir(out) == ["index.html"] and read(os.path.join(out, "index.html")) == "my page"


def out_is_file():
    out = fresh("a_file")
    write(out, "mine")
    result = run("--classes", "1,7", "--out", out, data="/no/such/mnist")
    expect_error(result, out + ": cannot use as the output folder: it is not a folder")
    assert read(out) == "mine"


def failed_run_leaves_nothing():
    out = fresh("failed")
    result = run("--classes", "1,7", "--out", out, data="/no/such/mnist")
    expect_error(result, "/no/such/mnist")
    assert not os.path.lexists(out), os.listdir(out)
    os.makedirs(out)
    result = run("--classes", "1,7", "--out", out, data="/no/such/mnist")
    expect_error(result, "/no/such/mnist")
    assert os.listdir(out) == [], os.listdir(out)


def force_writes_beside():
    data = mnist()
    out = fresh("force_beside")
    os.makedirs(os.path.join(out, "mine"))
    write(os.path.join(out, "notes.txt"), "notes")
    write(os.path.join(out, "mine", "data.csv"), "1,2")
    result = run("--classes", "1,7", "--no-umap", *SMALL, "--out", out, data=data)
    expect_error(result, "--force")
    result = run("--classes", "1,7", "--no-umap", *SMALL, "--out", out, "--force", data=data)
    assert result.returncode == 0, result.stderr
    assert read(os.path.join(out, "notes.txt")) == "notes" and read(os.path.join(out, "mine", "data.csv")) == "1,2"
    assert sorted(os.listdir(out)) == [".chemin-output", "index.html", "mine", "mlp_1_7", "notes.txt"], os.listdir(out)
    files_match_summary(os.path.join(out, "mlp_1_7"))


def rerun_replaces_whole():
    data = mnist()
    out = fresh("rerun")
    assert run("--classes", "1,7", *SMALL, "--out", out, data=data).returncode == 0
    assert "embedding_layer1.npy" in os.listdir(os.path.join(out, "mlp_1_7"))
    result = run("--classes", "1,7", *SMALL, "--no-umap", "--out", out, data=data)
    assert result.returncode == 0, result.stderr
    left = [f for f in os.listdir(os.path.join(out, "mlp_1_7")) if f.startswith(("embedding_", "scatter_"))]
    assert left == [], left
    files_match_summary(os.path.join(out, "mlp_1_7"))
    assert sorted(os.listdir(out)) == [".chemin-output", "index.html", "mlp_1_7"], os.listdir(out)


def second_run_keeps_first():
    data = mnist()
    out = fresh("second")
    assert run("--classes", "1,7", *SMALL, "--no-umap", "--out", out, data=data).returncode == 0
    assert run("--classes", "2,8", *SMALL, "--no-umap", "--out", out, data=data).returncode == 0
    for name in ("mlp_1_7", "mlp_2_8"):
        files_match_summary(os.path.join(out, name))
    index = read(os.path.join(out, "index.html"))
    assert '<a href="mlp_1_7/report.html">' in index and '<a href="mlp_2_8/report.html">' in index, index
    assert "2 experiments." in index


# --- SIGKILL at many moments ------------------------------------------------------------------------

EXPERIMENTS = ("one", "two")


def experiment_file(path, seed, umap):
    """Two small experiments; with `umap`, the first also writes its UMAP files (embedding_*, scatter_*)."""
    text = ""
    for name, classes in zip(EXPERIMENTS, ("1,7", "2,8")):
        no_umap = "" if umap and name == EXPERIMENTS[0] else "no-umap\n"
        text += "[%s]\nclasses = %s\nper-class = 100\nseed = %d\n%s" % (name, classes, seed, no_umap)
    write(path, text)


def fingerprint(folder):
    """file -> SHA-256 of every file of an experiment folder; summary.json without its wall-clock figures and
    run_manifest.json without its command line (which names --out), as the integration test compares them."""
    prints = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name == "summary.json":
            d = json.load(open(path))
            d.pop("seconds")
            for e in d["training_curve"]:
                e.pop("samples_per_second")
            content = json.dumps(d, sort_keys=True).encode()
        elif name == "run_manifest.json":
            d = json.load(open(path))
            d.pop("command")
            content = json.dumps(d, sort_keys=True).encode()
        else:
            content = open(path, "rb").read()
        prints[name] = hashlib.sha256(content).hexdigest()
    return prints


def kill():
    data = mnist()
    first_ini, second_ini = os.path.join(WORK, "kill_first.ini"), os.path.join(WORK, "kill_second.ini")
    experiment_file(first_ini, 1, False)  # the previous result: no UMAP files
    experiment_file(second_ini, 2, True)  # the new one: other seeds, and UMAP files in "one"
    reference = {}
    for label, ini in (("first", first_ini), ("second", second_ini)):
        out = fresh("kill_reference_" + label)
        started = time.monotonic()
        result = run("--experiments", ini, "--out", out, data=data)
        assert result.returncode == 0, result.stderr
        if label == "second":
            run_seconds = time.monotonic() - started
        reference[label] = {name: fingerprint(os.path.join(out, name)) for name in EXPERIMENTS}
        assert reference[label]["one"] != reference["first"]["one"] or label == "first"
    out = fresh("kill")
    shutil.copytree(os.path.join(WORK, "kill_reference_first"), out)
    write(os.path.join(out, "notes.txt"), "the user's")
    seen = {"first": 0, "second": 0, "moved aside": 0, "temporary left": 0}
    kills = 30
    for i in range(kills):
        process = subprocess.Popen([EXE, "--experiments", second_ini, "--out", out, "--data", data],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        if i % 2 == 0:  # at evenly spread moments of the whole run
            time.sleep(run_seconds * 1.1 * i / kills)
        else:  # while an experiment is being written: when its temporary folder appears, plus 0 to 80 ms
            temporary = "." + EXPERIMENTS[(i // 2) % 2] + ".tmp-"
            while process.poll() is None and not any(n.startswith(temporary) for n in os.listdir(out)):
                time.sleep(0.001)
            time.sleep(0.02 * ((i // 4) % 5))
        delay = time.monotonic() - started
        process.send_signal(signal.SIGKILL)
        process.wait()
        names = os.listdir(out)
        assert read(os.path.join(out, "notes.txt")) == "the user's"
        for name in EXPERIMENTS:
            candidates = [name] if name in names else []
            aside = [n for n in names if n.startswith("." + name + ".old-")]
            if not candidates:
                assert len(aside) == 1, (delay, name, names)  # killed between the two renames
                candidates = aside
                seen["moved aside"] += 1
            if any(n.startswith("." + name + ".tmp-") for n in names):
                seen["temporary left"] += 1
            for folder in candidates + aside:
                got = fingerprint(os.path.join(out, folder))
                which = [k for k in reference if reference[k][name] == got]
                assert which, "after SIGKILL at %.2f s, %s/%s is neither complete result: %s" % (delay, out, folder, sorted(got))
                if folder == name:
                    seen[which[0]] += 1
        unknown = [n for n in names if n not in EXPERIMENTS + ("notes.txt", "index.html", ".chemin-output")
                   and not n.startswith(tuple("." + e + ".tmp-" for e in EXPERIMENTS))
                   and not n.startswith(tuple("." + e + ".old-" for e in EXPERIMENTS))
                   and ".chemin-partial-" not in n]
        assert not unknown, unknown
        if "index.html" in names:
            assert read(os.path.join(out, "index.html")).endswith("</html>\n")
    print("explore_files_test: after %d kills over %.2f s: %s" % (kills, run_seconds * 1.1, seen))
    # The kills must have landed both before and after experiments were renamed in, and mid-write.
    assert seen["first"] > 0 and seen["second"] > 0 and seen["temporary left"] > 0, seen
    result = run("--experiments", second_ini, "--out", out, data=data)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(out)) == [".chemin-output", "index.html", "notes.txt", "one", "two"], os.listdir(out)
    for name in EXPERIMENTS:
        assert fingerprint(os.path.join(out, name)) == reference["second"][name]
        files_match_summary(os.path.join(out, name))


if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    globals()[CASE]()
    print("explore_files_test: %s passed" % CASE)
