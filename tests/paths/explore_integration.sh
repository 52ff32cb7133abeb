#!/usr/bin/env bash
# chemin-explore on real MNIST: 1 vs 7 with 3s as anomalies; checks the RESULT line, summary.json,
# the CSV exports and the report with real parsers. MNIST: the repository's data/mnist (or CHEMIN_DATA).
set -euo pipefail
rm -rf "$OUT"
"$CHEMIN_EXPLORE" --classes 1,7 --anomalies 3 --out "$OUT" | tee "$OUT.log"
grep -q '^RESULT experiments=1 ' "$OUT.log"
# The answers read as English: "1 distinct path", "2 distinct paths" (class 1 takes a single path in
# this run), and the nearest-centroid column header is whole.
if grep -Eq '(^|[^0-9])1 distinct paths|([02-9]|[0-9]{2,}) distinct path[^s]' "$OUT.log"; then
  echo "explore_integration: a path count disagrees with its noun:" >&2; grep 'distinct path' "$OUT.log" >&2; exit 1
fi
grep -q ' nearest-centroid  *K(faith)$' "$OUT.log"
python3 - "$OUT" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
s = json.load(open(os.path.join(out, "mlp_1_7_anomalies_3", "summary.json")))
assert s["classes"] == [1, 7] and s["anomaly_classes"] == [3], s["classes"]
assert s["test_accuracy"] > 0.98, s["test_accuracy"]
assert len(s["layers"]) == 2 and s["first_separating_layer"] in (1, 2)
for layer in s["layers"]:
    assert layer["purity"] > 0.9 and 2 <= layer["k"] <= 10, layer
assert set(s["anomaly"]) == {"path_mixture", "path_mixture_standardized", "path_mixture_normalized",
                             "path_gaussian", "path_transitions", "path",
                             "softmax", "energy", "knn", "dknn", "mahalanobis"}, sorted(s["anomaly"])
assert all(0.5 < v["auroc"] <= 1 for v in s["anomaly"].values()), s["anomaly"]
assert all(v["family"] == ("path" if k.startswith("path") else "baseline") for k, v in s["anomaly"].items())
m = s["cluster_path_metrics"]
assert m["path_complexity"] >= 2 and 0.9 < m["weighted_path_purity"] <= 1, m
assert 0.9 < m["decision_alignment_faithfulness"] <= 1 and 0.5 < m["path_agreement"] <= 1, m
assert m["path_agreement_sweep"]["sigma"] == [0.1, 0.05, 0.2], m
rows = list(csv.DictReader(open(os.path.join(out, "mlp_1_7_anomalies_3", "paths.csv"))))
assert len(rows) == s["images"]["train"] + s["images"]["test"] + s["images"]["anomaly"]
assert os.path.getsize(os.path.join(out, "mlp_1_7_anomalies_3", "report.html")) < 5 * 1024 * 1024
print("explore_integration: summary, paths.csv and report check out")
PY
xmllint --noout "$OUT/mlp_1_7_anomalies_3/sankey.svg" "$OUT/mlp_1_7_anomalies_3/scatter_layer1.svg"

# The same command gives the same outputs, bit for bit: every file of a second run equals the first,
# except the wall-clock figures in summary.json (seconds, samples per second) and the output folder
# named in run_manifest.json's command line.
rm -rf "$OUT.again"
"$CHEMIN_EXPLORE" --classes 1,7 --anomalies 3 --out "$OUT.again" >/dev/null
for f in "$OUT"/mlp_1_7_anomalies_3/* "$OUT"/*.html; do
  name=${f#"$OUT"/}
  case "$name" in */summary.json|*/run_manifest.json) continue ;; esac
  cmp -s "$f" "$OUT.again/$name" || { echo "explore_integration: $name differs between two runs" >&2; exit 1; }
done
python3 - "$OUT" "$OUT.again" <<'PY'
import json, sys
def strip(path, drop):
    d = json.load(open(path))
    for key in drop:
        d.pop(key, None)
    for e in d.get("training_curve", []):
        e.pop("samples_per_second", None)
    return d
a, b = sys.argv[1], sys.argv[2]
s = "mlp_1_7_anomalies_3/summary.json"
assert strip(f"{a}/{s}", ["seconds"]) == strip(f"{b}/{s}", ["seconds"]), "summary.json differs beyond timings"
m = "mlp_1_7_anomalies_3/run_manifest.json"
assert strip(f"{a}/{m}", ["command"]) == strip(f"{b}/{m}", ["command"]), "run_manifest.json differs beyond the command"
print("explore_integration: a second run gives the same outputs")
PY
