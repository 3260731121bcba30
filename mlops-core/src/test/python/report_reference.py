#!/usr/bin/python3
"""Reference curves for dev.mlops.report tests, computed with scikit-learn and numpy.

Run with Debian's Python (scikit-learn 1.2.1, numpy 1.24):

    /usr/bin/python3 mlops-core/src/test/python/report_reference.py

It rewrites src/test/resources/dev/mlops/report/curves-reference.json with the inputs and the
outputs of roc_curve (default drop_intermediate=True), roc_auc_score, precision_recall_curve,
average_precision_score, calibration_curve(n_bins=10, strategy="uniform") with the row count of
each non-empty bin, and numpy.histogram. CurvesTest reads it and compares.
"""
import csv
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "resources", "dev", "mlops")
OUT = os.path.join(RESOURCES, "report", "curves-reference.json")


def floats(a):
    return [float(x) for x in a]


def binary(name, y, score):
    y = np.asarray(y, dtype=int)
    score = np.asarray(score, dtype=np.float64)
    fpr, tpr, _ = roc_curve(y, score)
    precision, recall, _ = precision_recall_curve(y, score)
    prob_true, prob_pred = calibration_curve(y, score, n_bins=10, strategy="uniform")
    binids = np.searchsorted(np.linspace(0.0, 1.0, 11)[1:-1], score)
    counts = np.bincount(binids, minlength=10)
    return {
        "name": name,
        "positive": [bool(v) for v in y],
        "score": floats(score),
        "fpr": floats(fpr),
        "tpr": floats(tpr),
        "auc": float(roc_auc_score(y, score)),
        "precision": floats(precision),
        "recall": floats(recall),
        "average_precision": float(average_precision_score(y, score)),
        "calibration_true": floats(prob_true),
        "calibration_pred": floats(prob_pred),
        "calibration_counts": [int(c) for c in counts if c > 0],
    }


def histogram(name, values, bins):
    counts, edges = np.histogram(np.asarray(values, dtype=np.float64), bins=bins)
    return {"name": name, "values": floats(values), "bins": bins, "counts": [int(c) for c in counts],
            "edges": floats(edges)}


cases = []
# ties between the classes at 0.4 and 0.7, and the extremes 0 and 1 (as in evaluation_reference.py)
cases.append(binary("binary with ties",
                    [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1],
                    [0.9, 0.4, 0.4, 0.7, 0.7, 0.1, 0.0, 0.35, 1.0, 0.2, 0.8, 0.55]))
# probabilities exactly on the bin edges, as numpy.linspace computes them (0.30000000000000004 ...)
edges = np.linspace(0.0, 1.0, 11)
cases.append(binary("scores on the calibration bin edges",
                    [i % 2 for i in range(22)], list(edges) + [0.3, 0.6, 0.7, 0.05, 0.95, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65]))
# the iris predictions of the evaluation tests, one class against the rest, many ties (hundredths)
with open(os.path.join(RESOURCES, "evaluate", "iris_predictions.csv")) as f:
    rows = list(csv.DictReader(f))
for label in ["setosa", "versicolor", "virginica"]:
    cases.append(binary("iris " + label + " vs rest", [r["actual"] == label for r in rows],
                        [float(r["p_" + label]) for r in rows]))
# a larger sample: scores in thousandths (ties), labels drawn with the score as probability
rng = np.random.default_rng(7)
score = np.round(rng.beta(2, 3, 2000), 3)
cases.append(binary("2000 rows in thousandths", (rng.random(2000) < score).astype(int), score))

hists = [
    histogram("regression residuals", [0.5, -0.5, -0.125, -0.75, -0.25, 0.375, 0.0, 1.0], 10),
    histogram("values on the bin edges", [i / 10 for i in range(101)], 10),
    histogram("constant values", [3.0, 3.0, 3.0], 10),
    histogram("normal sample", floats(rng.normal(50000, 70000, 4128)), 33),
]

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"generator": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}",
               "curves": cases, "histograms": hists}, f, separators=(",", ":"))
    f.write("\n")
for c in cases:
    print(f"{c['name']}: {len(c['fpr'])} ROC points, AUC {c['auc']!r}; {len(c['precision'])} PR points, "
          f"AP {c['average_precision']!r}; {len(c['calibration_true'])} calibration bins")
for h in hists:
    print(f"{h['name']}: {h['counts']}")
