#!/usr/bin/python3
"""Reference values for dev.mlops.evaluate tests, computed with scikit-learn.

Run with Debian's Python (scikit-learn 1.2.1, numpy 1.24):

    /usr/bin/python3 mlops-core/src/test/python/evaluation_reference.py

It rewrites src/test/resources/dev/mlops/evaluate/iris_predictions.csv and prints the numbers that
the Java tests pin (ClassificationEvaluationTest, RegressionEvaluationTest). Labels are passed to
scikit-learn as integer indices 0..k-1, so its sorted label order is the Java label order.
"""
import csv
import os
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn import metrics as m

warnings.simplefilter("ignore")  # zero-division and "classes not in y_true" warnings are expected
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "resources", "dev", "mlops", "evaluate")
IRIS = "/work/shared/data/iris/iris.csv"


def show(name, value):
    print(f"{name} = {float(value)!r}")


def classification(title, y, pred, proba=None, n_labels=None):
    """Prints every metric of ClassificationEvaluation as scikit-learn computes it."""
    print(f"## {title} (rows {len(y)})")
    y, pred = np.asarray(y), np.asarray(pred)
    show("accuracy", m.accuracy_score(y, pred))
    show("balanced_accuracy", m.balanced_accuracy_score(y, pred))
    for metric in ("precision", "recall", "f1"):
        fn = getattr(m, f"{metric}_score")
        for avg in ("macro", "weighted", "micro"):
            # labels=None on purpose: macro averages run over labels present in y or pred
            show(f"{metric}_{avg}", fn(y, pred, average=avg))
    all_labels = list(range(n_labels))
    p, r, f, s = m.precision_recall_fscore_support(y, pred, labels=all_labels, average=None)
    for k in all_labels:
        print(f"class {k}: precision={p[k]!r} recall={r[k]!r} f1={f[k]!r} support={s[k]}")
    print("confusion", m.confusion_matrix(y, pred, labels=all_labels).tolist())
    if proba is not None:
        proba = np.asarray(proba, dtype=np.float64)
        show("log_loss", m.log_loss(y, proba, labels=all_labels))
        try:
            if n_labels == 2:
                show("roc_auc", m.roc_auc_score(y, proba[:, 1]))
            else:
                show("roc_auc_ovr", m.roc_auc_score(y, proba, multi_class="ovr", labels=all_labels))
        except ValueError as e:
            print(f"roc_auc: ValueError: {e}")
    print()


def regression(title, y, pred):
    print(f"## {title} (rows {len(y)})")
    y, pred = np.asarray(y, dtype=np.float64), np.asarray(pred, dtype=np.float64)
    show("rmse", m.mean_squared_error(y, pred, squared=False))
    show("mse", m.mean_squared_error(y, pred))
    show("mae", m.mean_absolute_error(y, pred))
    show("r2", m.r2_score(y, pred))
    show("explained_variance", m.explained_variance_score(y, pred))
    show("max_error", m.max_error(y, pred))
    show("mape", m.mean_absolute_percentage_error(y, pred))
    print()


def hundredths(row):
    """Rounds a probability row to multiples of 0.01 that still sum to 1 (largest remainder)."""
    scaled = np.asarray(row) * 100
    ints = np.floor(scaled).astype(int)
    for k in np.argsort(-(scaled - ints), kind="stable")[: 100 - ints.sum()]:
        ints[k] += 1
    return [k / 100 for k in ints]


def iris_case():
    """Logistic regression on the two sepal features only: a realistic, imperfect model whose
    probabilities, rounded to hundredths, contain many ties."""
    names = ["setosa", "versicolor", "virginica"]
    with open(IRIS) as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(r["sepal_length"]), float(r["sepal_width"])] for r in rows])
    y = np.array([names.index(r["species"]) for r in rows])
    model = LogisticRegression(max_iter=1000).fit(x, y)
    pred = model.predict(x)
    proba = np.array([hundredths(p) for p in model.predict_proba(x)])
    with open(os.path.join(RESOURCES, "iris_predictions.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["actual", "predicted"] + [f"p_{n}" for n in names])
        for a, b, p in zip(y, pred, proba):
            out.writerow([names[a], names[b]] + [repr(float(v)) for v in p])
    return y, pred, proba


print(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}\n")

y, pred, proba = iris_case()
classification("iris: 3 classes with probabilities in hundredths", y, pred, proba, 3)

BOOT = [0, 0, 51, 52, 52, 100, 101, 149, 149, 149, 75, 20, 120, 70, 70]
classification("iris restricted to rows " + str(BOOT), y[BOOT], pred[BOOT], proba[BOOT], 3)

NO_SETOSA = [i for i in range(150) if y[i] != 0]
classification("iris without setosa rows (setosa absent from actual)",
               y[NO_SETOSA], pred[NO_SETOSA], proba[NO_SETOSA], 3)

# labels negative=0, positive=1; ties between classes at 0.4 and 0.7; a confident miss (p=0 on the
# true class, clipped by log_loss) and a confident hit (p=1, clipped to 1-eps)
B_ACTUAL = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1]
B_POS = [0.9, 0.4, 0.4, 0.7, 0.7, 0.1, 0.0, 0.35, 1.0, 0.2, 0.8, 0.55]
B_PRED = [int(p >= 0.5) for p in B_POS]
classification("binary with ties and clipped probabilities", B_ACTUAL, B_PRED,
               [[1 - p, p] for p in B_POS], 2)

def synthetic(n, k):
    """A larger case that the Java test regenerates bit for bit: integer weights, one division."""
    actual, pred, proba = [], [], []
    for i in range(n):
        weights = [1 + (i * (c + 3) * 2654435761 + c * 40503) % 1000 for c in range(k)]
        total = sum(weights)
        p = [w / total for w in weights]
        best = max(range(k), key=lambda c: (weights[c], -c))
        pred.append(best)
        actual.append(best if i % 3 else (i * 7) % k)
        proba.append(p)
    return actual, pred, proba


S_ACTUAL, S_PRED, S_PROBA = synthetic(5000, 4)
classification("synthetic: 5000 rows, 4 classes (see synthetic())", S_ACTUAL, S_PRED, S_PROBA, 4)

# labels a b c d e: c is never predicted, d is predicted but never actual, e appears nowhere
I_ACTUAL = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
I_PRED = [0, 0, 0, 0, 0, 1, 3, 1, 1, 0, 0, 1]
classification("imbalanced: c never predicted, d never actual, e absent", I_ACTUAL, I_PRED, None, 5)

R_ACTUAL = [3.0, -0.5, 2.0, 7.0, 0.0, 4.25, 1.5, 10.0]
R_PRED = [2.5, 0.0, 2.125, 7.75, 0.25, 3.875, 1.5, 9.0]
regression("regression with a zero actual", R_ACTUAL, R_PRED)
regression("regression without zero actual", R_ACTUAL[:4], R_PRED[:4])
regression("constant actual, perfect", [2.0, 2.0, 2.0], [2.0, 2.0, 2.0])
regression("constant actual, imperfect", [2.0, 2.0, 2.0], [2.0, 2.0, 3.0])
regression("single row", [5.0], [4.0])
