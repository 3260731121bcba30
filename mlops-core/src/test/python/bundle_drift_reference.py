#!/usr/bin/env python3
"""Reference values for drift checked from a model bundle: BundleDriftTest and SentimentDriftTest
(mlops-core), and the sentiment sample's SentimentDriftTest (section "sentiment_sample").

Run with the python3 that has numpy and scipy (scipy 1.17 was used):
    python3 mlops-core/src/test/python/bundle_drift_reference.py > mlops-core/src/test/resources/drift/bundle-drift-reference.json

A bundle's reference profile covers the rows the model was fitted on. The split is re-done here
exactly as dev.mlops.data.Splitter does it (java.util.Random, stratified per label in sorted order),
so the feature statistics are computed independently of the Java code. The models' predicted class
counts are observed from the Java run (Tribuo's SGD cannot be re-run here) and written below as
inputs; the tests check both the counts and the statistics computed from them.
"""
import csv
import json
import os
import sys

from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
from drift_reference import evidently_chisquare, evidently_z, token_js  # noqa: E402

RESOURCES = os.path.join(os.path.dirname(__file__), "..", "resources")


class JavaRandom:
    MULT, ADD, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULT) & self.MASK

    def next(self, bits):
        self.seed = (self.seed * self.MULT + self.ADD) & self.MASK
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if r >= 1 << 31 else r

    def next_int(self, bound):
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < (1 << 31):
                return r
            u = self.next(31)


def split(labels, test_fraction=0.2, seed=42):
    """Splitter.split without validation: returns (train rows, test rows), ascending."""
    rnd = JavaRandom(seed)
    train, test = [], []
    for label in sorted(set(labels)):
        group = [i for i, x in enumerate(labels) if x == label]
        for i in range(len(group) - 1, 0, -1):
            j = rnd.next_int(i + 1)
            group[i], group[j] = group[j], group[i]
        take = max(1, min(len(group) - 1, round(len(group) * test_fraction)))
        test += group[:take]
        train += group[take:]
    return sorted(train), sorted(test)


# Observed from the Java runs (BundleDriftTest, the SentimentDriftTests), which assert them too.
PREDICTED_IRIS = {
    "reference": {"setosa": 40, "versicolor": 39, "virginica": 41},
    "own_test_rows": {"setosa": 10, "versicolor": 9, "virginica": 11},
    "petal_length_shifted": {"setosa": 10, "versicolor": 4, "virginica": 16},
    "both_shifted": {"setosa": 10, "versicolor": 0, "virginica": 20},
}
PREDICTED_AMAZON = {"reference": {"0": 191, "1": 209}, "current": {"0": 266, "1": 234}}
# samples/sentiment: the TF-IDF bigram model on its 1,600 training rows, the IMDB file, its 400 test rows
PREDICTED_SENTIMENT = {
    "reference": {"negative": 800, "positive": 800},
    "imdb": {"negative": 612, "positive": 388},
    "test_rows": {"negative": 211, "positive": 189},
}


def counts_to_values(counts):
    return [label for label, n in sorted(counts.items()) for _ in range(n)]


def ks(ref, cur):
    r = stats.ks_2samp(ref, cur, method="auto")
    return {"statistic": float(r.statistic), "pvalue": float(r.pvalue)}


def iris():
    with open(os.path.join(RESOURCES, "data", "iris.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    train, test = split([r["species"] for r in rows])
    features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]

    def values(rs, name, shift=0.0):
        return [float(rows[i][name]) + shift for i in rs]

    shifts = {"petal_length": 1.5, "petal_width": 0.8}
    out = {"train_rows": len(train), "test_lines": [i + 2 for i in test]}  # file lines of the test rows
    out["own_test_rows"] = {n: ks(values(train, n), values(test, n)) for n in features}
    out["shifted"] = {n: ks(values(train, n), values(test, n, shifts.get(n, 0.0))) for n in features}
    # Predicted classes of the logistic regression (observed from the Java run), and Evidently's
    # chisquare test of the current predictions against the reference shares.
    out["prediction_counts"] = PREDICTED_IRIS
    reference = counts_to_values(PREDICTED_IRIS["reference"])
    for case in ("own_test_rows", "petal_length_shifted", "both_shifted"):
        out["prediction_" + case] = evidently_chisquare(reference, counts_to_values(PREDICTED_IRIS[case]))
    return out


def sentences(site):
    with open(os.path.join(RESOURCES, "drift", "sentiment", site + "_labelled.txt"), encoding="utf-8") as f:
        return [line.rsplit("\t", 1) for line in f.read().splitlines() if line]


def amazon_halves():
    """A model trained on the first 500 Amazon sentences (split seed 3), checked with the other 500."""
    amazon = sentences("amazon_cells")
    first, second = amazon[:500], amazon[500:]
    train, _ = split([label for _, label in first], seed=3)
    out = {"train_rows": len(train),
           "text_js": token_js([first[i][0] for i in train], [s for s, _ in second])}
    # predicted labels (observed from the Java run): on the training rows, then on the second half
    out["prediction_counts"] = PREDICTED_AMAZON
    out["prediction_z_pvalue"] = evidently_z(counts_to_values(PREDICTED_AMAZON["reference"]),
                                             counts_to_values(PREDICTED_AMAZON["current"]))
    return out


def sentiment_sample():
    """samples/sentiment: trained on amazon_yelp.csv (split seed 42), checked with imdb.csv and its own test rows."""
    data = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "samples", "sentiment", "data")

    def read(name):
        with open(os.path.join(data, name), encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    rows, imdb = read("amazon_yelp.csv"), read("imdb.csv")
    train, test = split([r["label"] for r in rows])
    reference = [rows[i]["sentence"] for i in train]
    ref_pred = counts_to_values(PREDICTED_SENTIMENT["reference"])
    out = {"train_rows": len(train), "prediction_counts": PREDICTED_SENTIMENT}
    for name, current in (("imdb", [r["sentence"] for r in imdb]), ("test_rows", [rows[i]["sentence"] for i in test])):
        cur_pred = counts_to_values(PREDICTED_SENTIMENT[name])
        out[name] = {"text_js": token_js(reference, current), "prediction_z_pvalue": evidently_z(ref_pred, cur_pred)}
    return out


def main():
    out = {"iris": iris(), "amazon_halves": amazon_halves(), "sentiment_sample": sentiment_sample()}
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
