#!/usr/bin/env python3
"""The HTML report in a real browser (Debian chromium, headless).

Writes the synthetic report with make_synthetic_report, opens the home page and both experiment pages
(the one with anomalies with a Sankey node selected through "#node=1"), and fails on:
any JavaScript console message or uncaught error, a non-empty error box in the page, a missing or empty
Sankey, parallel-categories view or scatter, a selection that does not reach the linked views, a
chart legend that leaves its frame (measured as rendered, in a page holding the charts), and a
parallel-categories axis stacked in another order than the Sankey's column.

Usage: report_browser_test.py <make_synthetic_report executable>
Needs /usr/bin/chromium (Debian package chromium; tools/run_tests.sh installs it). Python stdlib only.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def load(chromium, url, work):
    """Returns (DOM after the page's scripts ran, console lines) for url."""
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, "--user-data-dir=" + profile, "--dump-dom", url],
                          capture_output=True, text=True, timeout=90)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    if done.returncode != 0:
        raise AssertionError("chromium exited with %d on %s:\n%s" % (done.returncode, url, done.stderr[-2000:]))
    return done.stdout, console


def attribute_ints(dom, tag_class, attribute):
    """The integer values of `attribute` on every <canvas> of class tag_class."""
    values = []
    for tag in re.findall(r"<canvas[^>]*>", dom):
        if re.search(r'class="%s"' % tag_class, tag):
            found = re.search(r'%s="(\d+)"' % attribute, tag)
            values.append(int(found.group(1)) if found else -1)
    return values


def sankey_columns(dom):
    """The Sankey's node values per column, top to bottom: nodes grouped by the x of their bar, sorted
    by its y, and mapped to values through the page's data ("sankey_nodes": [stage, value, label])."""
    data = json.loads(re.search(r'<script type="application/json" id="chemin-data">(.*?)</script>', dom, re.S).group(1))
    columns = {}
    for node, x, y in re.findall(r'<g class="node" data-node="(\d+)"><rect x="([-\d.]+)" y="([-\d.]+)"', dom):
        columns.setdefault(float(x), []).append((float(y), data["sankey_nodes"][int(node)][1]))
    return [[value for _, value in sorted(column)] for _, column in sorted(columns.items())]


def check_parallel_order(dom, name):
    """The parallel categories stack each axis's boxes as the Sankey stacks that column's nodes."""
    canvas = re.search(r'<canvas[^>]*class="parallel"[^>]*>', dom)
    order = re.search(r'data-order="([^"]*)"', canvas.group(0)) if canvas else None
    if order is None:
        return ["%s: the parallel categories give no data-order" % name]
    parallel = [[int(v) for v in axis.split(",")] for axis in order.group(1).split("|")]
    sankey = sankey_columns(dom)
    if parallel != sankey:
        return ["%s: parallel categories order %s, Sankey order %s" % (name, parallel, sankey)]
    return []


# Measures, in the browser, every chart legend of a page against its chart's frame (getBBox is the
# box of the text as rendered, in the font the browser picked).
LEGEND_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>%s
<pre id="result"></pre><script>
const problems = [];
const charts = document.querySelectorAll('svg.chart');
for (const svg of charts) {
  const name = svg.getAttribute('class');
  const frame = svg.querySelector('rect.frame');
  const legend = svg.querySelector('g.legend');
  if (!frame || !legend) { problems.push(name + ': no frame or no legend'); continue; }
  const f = frame.getBBox(), box = legend.querySelector('rect').getBBox();
  const inside = (b, o) => b.x >= o.x - 0.5 && b.y >= o.y - 0.5 && b.x + b.width <= o.x + o.width + 0.5 &&
                           b.y + b.height <= o.y + o.height + 0.5;
  for (const item of legend.querySelectorAll('text, line')) {
    const b = item.getBBox();
    if (!inside(b, f)) problems.push(name + ': legend item "' + item.textContent + '" leaves the frame');
    if (!inside(b, box)) problems.push(name + ': legend item "' + item.textContent + '" leaves the legend box');
  }
}
document.getElementById('result').textContent = charts.length + ' charts; ' + (problems.join('; ') || 'ok');
</script></body></html>
"""


def check_legends(chromium, page_file, name, work):
    """Every chart legend of the page lies inside its chart's frame, as rendered."""
    html = open(page_file, encoding="utf-8").read()
    charts = re.findall(r'<svg[^>]*class="chart[^"]*".*?</svg>', html, re.S)
    wrapper = os.path.join(work, "legends.html")
    with open(wrapper, "w", encoding="utf-8") as out:
        out.write(LEGEND_PAGE % "\n".join(charts))
    dom, _ = load(chromium, "file://" + wrapper, work)
    result = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    text = result.group(1) if result else "no result"
    expected = "%d charts; ok" % len(charts)
    return [] if text == expected else ["%s: legends: %s" % (name, text)]


def check_experiment_page(dom, name, scatters, selected):
    failures = []
    errors = re.search(r'<div id="js-errors" class="js-errors">(.*?)</div>', dom, re.S)
    if errors is None or errors.group(1).strip():
        failures.append("%s: error box not empty: %r" % (name, errors.group(1) if errors else "missing"))
    if 'data-render-ms="' not in dom:
        failures.append("%s: the script did not finish (no data-render-ms on <body>)" % name)
    sankey = re.search(r'<svg[^>]*class="chemin-sankey".*?</svg>', dom, re.S)
    if sankey is None:
        failures.append("%s: no Sankey SVG" % name)
    else:
        bands = len(re.findall(r'<path class="band"', sankey.group(0)))
        nodes = len(re.findall(r'<g class="node"', sankey.group(0)))
        if bands == 0 or nodes == 0:
            failures.append("%s: Sankey has %d bands and %d nodes" % (name, bands, nodes))
    points = attribute_ints(dom, "scatter", "data-points")
    if len(points) != scatters or any(p <= 0 for p in points):
        failures.append("%s: expected %d drawn scatters, data-points %s" % (name, scatters, points))
    lines = attribute_ints(dom, "parallel", "data-lines")
    if len(lines) != 1 or lines[0] <= 0:
        failures.append("%s: parallel categories not drawn (data-lines %s)" % (name, lines))
    elif sankey is not None:
        failures += check_parallel_order(dom, name)
    if selected:
        highlighted = attribute_ints(dom, "scatter", "data-highlighted")
        if not highlighted or any(h <= 0 for h in highlighted):
            failures.append("%s: a Sankey node was clicked but scatters highlight %s" % (name, highlighted))
        images = re.search(r'<div id="sankey-images" class="thumbs">(.*?)</div>', dom, re.S)
        if images is None or '<img src="data:image/png;base64,' not in images.group(1):
            failures.append("%s: the clicked Sankey node shows no thumbnails" % name)
    # The gallery shows as many thumbnails as the page says images take another class's path.
    announced = re.search(r'<p class="help">(\d+) images whose path', dom)
    gallery = re.search(r'<div id="gallery-images" class="thumbs">(.*?)</div>\s*</section>', dom, re.S)
    if announced is None or gallery is None:
        failures.append("%s: no gallery" % name)
    else:
        shown = gallery.group(1).count('<img src="data:image/png;base64,')
        if shown != min(400, int(announced.group(1))):
            failures.append("%s: gallery shows %d of %s images" % (name, shown, announced.group(1)))
    return failures


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    chromium = find_chromium()
    if chromium is None:
        print("FAIL: chromium not found; install Debian's chromium package (tools/run_tests.sh does)")
        return 1
    work = tempfile.mkdtemp(prefix="chemin-report-browser-")
    try:
        folder = os.path.join(work, "report")
        subprocess.run([sys.argv[1], folder], check=True, capture_output=True, timeout=60)
        failures = []
        pages = [
            ("index.html", None),
            ("synthetic_1_7.html", (2, False)),
            ("synthetic_1_7_anomaly_3.html#node=1", (2, True)),
        ]
        for page, expected in pages:
            dom, console = load(chromium, "file://" + os.path.join(folder, page), work)
            for line in console:
                failures.append("%s: console: %s" % (page, line))
            if expected is None:
                links = re.findall(r'<a href="([^"]+\.html)">', dom)
                if sorted(links) != ["synthetic_1_7.html", "synthetic_1_7_anomaly_3.html"]:
                    failures.append("index.html: links %s" % links)
            else:
                failures += check_experiment_page(dom, page, *expected)
                failures += check_legends(chromium, os.path.join(folder, page.split("#")[0]), page, work)
            print("checked %s (%d bytes of DOM)" % (page, len(dom)))
        for failure in failures:
            print("FAIL: " + failure)
        print("%d passed, %d failed" % (len(pages) - len({f.split(":")[0] for f in failures}), len({f.split(":")[0] for f in failures})))
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
