#!/usr/bin/python3
"""Builds the external ONNX fixtures for dev.mlops.model tests and the scikit-learn reference outputs.

skl2onnx is not available here, so the graphs are written with the `onnx` helper API from models
fitted with scikit-learn 1.2 (Debian's python3-sklearn, python3-onnx):

* iris_logreg.onnx: LogisticRegression on the four raw iris measurements, laid out like skl2onnx's
  output: input `float_input` [N, 4]; outputs `output_label` (string tensor [N]),
  `output_probability` (sequence of map<string, float>, ZipMap) and, for a plain-tensor variant,
  `probabilities` (float [N, 3]).
* housing_linear.onnx: LinearRegression on seven numeric housing columns plus the one-hot column
  ocean_proximity=INLAND: input `input` [N, 8]; output `variable` (float [N, 1]).

Reference outputs (sklearn's predict_proba / predict on every row, float64) go to *_expected.csv so
the Java tests compare ONNX Runtime through the bundle with scikit-learn itself.

Run from mlops-core: /usr/bin/python3 src/test/python/external_onnx_fixtures.py
"""
import csv
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LinearRegression, LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "resources")
OUT = os.path.join(RESOURCES, "dev", "mlops", "model")


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def save(model, name):
    onnx.checker.check_model(model)
    # fixed producer fields: the bytes depend only on the fitted numbers
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(model.SerializeToString())


def zipmap_type():
    # sequence<map<string, float>>, built by hand: onnx 1.12 has no make_map_type_proto
    t = onnx.TypeProto()
    t.sequence_type.elem_type.map_type.key_type = TensorProto.STRING
    t.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return t


def iris():
    rows = read_csv(os.path.join(RESOURCES, "data", "iris.csv"))
    cols = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    x = np.array([[float(r[c]) for c in cols] for r in rows])
    y = np.array([r["species"] for r in rows])
    clf = LogisticRegression(max_iter=1000).fit(x, y)
    classes = [str(c) for c in clf.classes_]

    nodes = [
        helper.make_node("MatMul", ["float_input", "coef"], ["scores"]),
        helper.make_node("Add", ["scores", "intercept"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label_index"], axis=1, keepdims=0),
        helper.make_node("Gather", ["classes", "label_index"], ["output_label"], axis=0),
        helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain="ai.onnx.ml",
                         classlabels_strings=classes),
    ]
    inits = [
        numpy_helper.from_array(clf.coef_.T.astype(np.float32), "coef"),
        numpy_helper.from_array(clf.intercept_.astype(np.float32), "intercept"),
        numpy_helper.from_array(np.array(classes, dtype=object), "classes"),
    ]
    graph = helper.make_graph(
        nodes, "iris_logreg",
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [None, 4])],
        [helper.make_tensor_value_info("output_label", TensorProto.STRING, [None]),
         helper.make_value_info("output_probability", zipmap_type()),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3])],
        inits)
    model = helper.make_model(graph, producer_name="external_onnx_fixtures.py",
                              opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
    model.ir_version = 8
    save(model, "iris_logreg.onnx")

    proba = clf.predict_proba(x)
    with open(os.path.join(OUT, "iris_logreg_expected.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols + ["label"] + ["p_" + c for c in classes])
        for i, r in enumerate(rows):
            w.writerow([r[c] for c in cols] + [clf.predict(x[i:i + 1])[0]] + [repr(float(p)) for p in proba[i]])


def housing():
    rows = read_csv(os.path.join(RESOURCES, "dev", "mlops", "model", "housing_small.csv"))
    numeric = ["longitude", "latitude", "housing_median_age", "total_rooms", "population", "households",
               "median_income"]
    def features(r):
        return [float(r[c]) for c in numeric] + [1.0 if r["ocean_proximity"] == "INLAND" else 0.0]
    x = np.array([features(r) for r in rows])
    y = np.array([float(r["median_house_value"]) for r in rows])
    reg = LinearRegression().fit(x, y)
    nodes = [
        helper.make_node("MatMul", ["input", "coef"], ["product"]),
        helper.make_node("Add", ["product", "intercept"], ["variable"]),
    ]
    inits = [
        numpy_helper.from_array(reg.coef_.reshape(-1, 1).astype(np.float32), "coef"),
        numpy_helper.from_array(np.array([reg.intercept_], dtype=np.float32), "intercept"),
    ]
    graph = helper.make_graph(
        nodes, "housing_linear",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 8])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
        inits)
    model = helper.make_model(graph, producer_name="external_onnx_fixtures.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    save(model, "housing_linear.onnx")
    pred = reg.predict(x)
    with open(os.path.join(OUT, "housing_linear_expected.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["row", "predicted"])
        for i, p in enumerate(pred):
            w.writerow([i + 1, repr(float(p))])


if __name__ == "__main__":
    iris()
    housing()
