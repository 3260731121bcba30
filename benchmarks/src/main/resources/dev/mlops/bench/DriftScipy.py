"""The scipy side of dev.mlops.bench.DriftVsScipy: ks_2samp(method="auto") on every feature.

Arguments: data directory (reference.f64, current.f64: little-endian float64, feature after
feature), number of features, number of timed rounds. Prints "version ...", one "time SECONDS"
per round (all features), and "p FEATURE PVALUE" lines.
"""
import sys
import time

import numpy as np
import scipy
from scipy import stats

directory, features, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ref = np.fromfile(directory + "/reference.f64", dtype="<f8").reshape(features, -1)
cur = np.fromfile(directory + "/current.f64", dtype="<f8").reshape(features, -1)
print("version scipy %s, numpy %s" % (scipy.__version__, np.__version__))
pvalues = None
for r in range(rounds + 1):
    t0 = time.perf_counter()
    pvalues = [stats.ks_2samp(ref[f], cur[f], method="auto").pvalue for f in range(features)]
    elapsed = time.perf_counter() - t0
    if r > 0:  # the first round warms up imports and caches
        print("time %.6f" % elapsed)
for f, p in enumerate(pvalues):
    print("p %d %r" % (f, float(p)))
