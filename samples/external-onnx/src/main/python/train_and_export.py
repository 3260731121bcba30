#!/usr/bin/python3
"""The data scientist's side: fits a scikit-learn GradientBoostingRegressor on the California housing
training rows and exports it as ONNX, in the layout skl2onnx writes for this model.

skl2onnx is not installed here, so the graph is written with the `onnx` helper API from the fitted
trees: one ai.onnx.ml TreeEnsembleRegressor node, input `float_input` [N, 13], output `variable`
[N, 1] (base value = the initial prediction, the training mean; leaf weights = leaf value times the
learning rate; BRANCH_LEQ splits, the left child being the true branch). One difference from
skl2onnx: each float64 threshold t is rounded *down* to float32. scikit-learn compares the float32
input x with t; for every float32 x, x <= t exactly when x <= round_down(t), so the ONNX model takes
the same branch as scikit-learn on every input (skl2onnx rounds to nearest, which can flip a split
when a value lies between t and its rounded copy).

Inputs, as the Java library builds them from a raw record (FeaturePipeline without standardisation):
the eight numeric columns in file order, `total_bedrooms` imputed with the median of the training
rows, then `ocean_proximity` one-hot in sorted category order (scikit-learn's OneHotEncoder order).

Writes (all paths relative to the sample folder):
  models/housing_gbr.onnx                        the model the spec's `onnx.file` wraps
  src/test/resources/sklearn_test_predictions.csv every test row as in data/test.csv plus
                                                 scikit-learn's prediction (float64), pinned by
                                                 SklearnParityTest
and prints the test metrics scikit-learn computes (rmse, mae, r2), which the bundle's metrics.json
reproduces.

Run from samples/external-onnx:
  /usr/bin/python3 src/main/python/train_and_export.py
The split itself (data/train.csv, data/test.csv: train_test_split(test_size=0.2, random_state=42)
of the original housing.csv, rows kept byte for byte) is made once with
  /usr/bin/python3 src/main/python/train_and_export.py --split-from /path/to/housing.csv
Deterministic: the same files come out on every run (scikit-learn 1.2, onnx 1.12).
"""
import argparse
import csv
import io
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

SAMPLE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
TRAIN = os.path.join(SAMPLE, "data", "train.csv")
TEST = os.path.join(SAMPLE, "data", "test.csv")
MODEL = os.path.join(SAMPLE, "models", "housing_gbr.onnx")
REFERENCE = os.path.join(SAMPLE, "src", "test", "resources", "sklearn_test_predictions.csv")

NUMERIC = ["longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms", "population",
           "households", "median_income"]
CATEGORIES = ["<1H OCEAN", "INLAND", "ISLAND", "NEAR BAY", "NEAR OCEAN"]
TARGET = "median_house_value"
PARAMS = dict(n_estimators=300, max_depth=5, learning_rate=0.1, subsample=0.8, random_state=42)


def split(source):
    """Splits the original file into data/train.csv and data/test.csv, keeping each line as it was."""
    with open(source, newline="") as f:
        lines = f.read().splitlines()
    header, rows = lines[0], lines[1:]
    train, test = train_test_split(rows, test_size=0.2, random_state=42)
    for path, part in ((TRAIN, train), (TEST, test)):
        with open(path, "w", newline="") as f:
            f.write("\n".join([header] + part) + "\n")
        print(f"{os.path.relpath(path, SAMPLE)}: {len(part)} rows")


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def features(rows, median):
    x = np.zeros((len(rows), len(NUMERIC) + len(CATEGORIES)))
    for i, r in enumerate(rows):
        for j, c in enumerate(NUMERIC):
            x[i, j] = float(r[c]) if r[c] != "" else median[c]
        x[i, len(NUMERIC) + CATEGORIES.index(r["ocean_proximity"])] = 1.0
    # The trees and the ONNX model both see float32 inputs.
    return x.astype(np.float32)


def round_down(t):
    t32 = np.float32(t)
    return np.nextafter(t32, np.float32(-np.inf)) if float(t32) > t else t32


def to_onnx(gbr, n_features):
    tree_ids, node_ids, feature_ids, values, modes, true_ids, false_ids = [], [], [], [], [], [], []
    target_tree, target_node, target_weight = [], [], []
    for k, estimator in enumerate(gbr.estimators_[:, 0]):
        t = estimator.tree_
        for n in range(t.node_count):
            tree_ids.append(k)
            node_ids.append(n)
            if t.children_left[n] == -1:
                feature_ids.append(0)
                values.append(0.0)
                modes.append("LEAF")
                true_ids.append(0)
                false_ids.append(0)
                target_tree.append(k)
                target_node.append(n)
                target_weight.append(float(t.value[n, 0, 0]) * gbr.learning_rate)
            else:
                feature_ids.append(int(t.feature[n]))
                values.append(float(round_down(t.threshold[n])))
                modes.append("BRANCH_LEQ")
                true_ids.append(int(t.children_left[n]))
                false_ids.append(int(t.children_right[n]))
    node = helper.make_node(
        "TreeEnsembleRegressor", ["float_input"], ["variable"], domain="ai.onnx.ml",
        n_targets=1, aggregate_function="SUM", post_transform="NONE",
        base_values=[float(gbr.init_.constant_[0, 0])],
        nodes_treeids=tree_ids, nodes_nodeids=node_ids, nodes_featureids=feature_ids, nodes_values=values,
        nodes_modes=modes, nodes_truenodeids=true_ids, nodes_falsenodeids=false_ids,
        nodes_missing_value_tracks_true=[0] * len(node_ids), nodes_hitrates=[1.0] * len(node_ids),
        target_treeids=target_tree, target_nodeids=target_node, target_ids=[0] * len(target_node),
        target_weights=target_weight)
    graph = helper.make_graph(
        [node], "GradientBoostingRegressor",
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [None, n_features])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])])
    model = helper.make_model(graph, producer_name="train_and_export.py", producer_version="1",
                              doc_string="GradientBoostingRegressor " + repr(PARAMS),
                              opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split-from", metavar="HOUSING_CSV", help="first split this file into data/train.csv and data/test.csv")
    args = parser.parse_args()
    if args.split_from:
        split(args.split_from)

    train, test = read(TRAIN), read(TEST)
    median = {c: float(np.median([float(r[c]) for r in train if r[c] != ""])) for c in NUMERIC}
    present = sorted({r["ocean_proximity"] for r in train})
    assert present == CATEGORIES, present
    x_train, x_test = features(train, median), features(test, median)
    y_train = np.array([float(r[TARGET]) for r in train])
    y_test = np.array([float(r[TARGET]) for r in test])

    gbr = GradientBoostingRegressor(**PARAMS).fit(x_train, y_train)
    predicted = gbr.predict(x_test)
    print(f"GradientBoostingRegressor {PARAMS}")
    print(f"train rows {len(train)}, test rows {len(test)}, total_bedrooms median {median['total_bedrooms']}")
    print(f"test rmse {mean_squared_error(y_test, predicted) ** 0.5:.4f}")
    print(f"test mae  {mean_absolute_error(y_test, predicted):.4f}")
    print(f"test r2   {r2_score(y_test, predicted):.6f}")
    inland = np.array([r["ocean_proximity"] == "INLAND" for r in test])
    print(f"test rmse INLAND ({inland.sum()} rows) {mean_squared_error(y_test[inland], predicted[inland]) ** 0.5:.4f}")

    model = to_onnx(gbr, x_train.shape[1])
    with open(MODEL, "wb") as f:
        f.write(model.SerializeToString())
    print(f"{os.path.relpath(MODEL, SAMPLE)}: {gbr.n_estimators_} trees,"
          f" {sum(e.tree_.node_count for e in gbr.estimators_[:, 0])} nodes, {os.path.getsize(MODEL)} bytes")

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    columns = list(test[0].keys())
    w.writerow(columns + ["sklearn_prediction"])
    for r, p in zip(test, predicted):
        w.writerow([r[c] for c in columns] + [repr(float(p))])
    with open(REFERENCE, "w", newline="") as f:
        f.write(out.getvalue())
    print(f"{os.path.relpath(REFERENCE, SAMPLE)}: {len(test)} rows")


if __name__ == "__main__":
    main()
