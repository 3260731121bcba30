"""Reference values for DriftReferenceTest: scipy's two-sample KS statistic on iris columns.

Run: python3 mlops-serving/src/test/python/drift_reference.py (from the repository root).
"""
import csv
import os

from scipy.stats import ks_2samp

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "resources", "data", "iris.csv")) as f:
    rows = list(csv.DictReader(f))

for column in ["sepal_length", "sepal_width", "petal_length", "petal_width"]:
    values = [float(r[column]) for r in rows]
    # reference: the first 100 rows (setosa, versicolor); window: the last 50 (virginica)
    print(column, "first100_vs_last50", repr(ks_2samp(values[:100], values[100:]).statistic))
    # heavy ties: every other row against all rows
    print(column, "all_vs_even", repr(ks_2samp(values, values[::2]).statistic))
