"""Reference values for dev.mlops.gate.StatisticsTest.

Run with Debian's python (scikit-learn 1.2, scipy): /usr/bin/python3 gate_statistics_reference.py

McNemar's exact test and the Clopper-Pearson interval come from scipy.stats.binomtest. The
bootstrap intervals are recomputed independently: java.util.Random is re-implemented from its
specification (48-bit LCG, nextInt(bound) rejection rule), metrics come from scikit-learn and the
percentile from numpy's default linear interpolation.
"""
import numpy as np
from scipy.stats import binomtest
from sklearn.metrics import accuracy_score, f1_score


class JavaRandom:
    MULT, ADD, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULT) & self.MASK

    def next(self, bits):
        self.seed = (self.seed * self.MULT + self.ADD) & self.MASK
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if r >= 1 << 31 else r  # (int) cast: keep the low 32 bits, signed

    def next_int(self, bound):
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < (1 << 31):  # no int overflow in Java
                return r
            u = self.next(31)


def bootstrap(n, stat, confidence, resamples, seed):
    rnd = JavaRandom(seed)
    values = []
    for _ in range(resamples):
        idx = [rnd.next_int(n) for _ in range(n)]
        values.append(stat(np.array(idx)))
    values = np.array(values)
    values = values[np.isfinite(values)]
    alpha = 1 - confidence
    return np.percentile(values, 100 * alpha / 2), np.percentile(values, 100 * (1 - alpha / 2))


print("# McNemar exact p-values: (b, c) -> binomtest(b, b + c, 0.5).pvalue")
for b, c in [(0, 1), (1, 4), (3, 11), (10, 10), (2, 9), (25, 40), (150, 190), (0, 12)]:
    print(f"{b}, {c}, {binomtest(b, b + c, 0.5).pvalue!r}")

print("# Clopper-Pearson: (k, n, confidence) -> lower, upper")
for k, n, conf in [(0, 10, 0.95), (3, 10, 0.95), (10, 10, 0.95), (11, 14, 0.95), (40, 65, 0.9), (190, 340, 0.99)]:
    ci = binomtest(k, n).proportion_ci(confidence_level=conf, method="exact")
    print(f"{k}, {n}, {conf}, {ci.low!r}, {ci.high!r}")

# The fixture of StatisticsTest.fixture(): 40 rows, 3 classes.
n = 40
actual = np.array([i % 3 for i in range(n)])
candidate = np.array([(a if (i * 7) % 10 < 8 else (a + 1) % 3) for i, a in enumerate(actual)])
baseline = np.array([(a if (i * 3) % 10 < 7 else (a + 2) % 3) for i, a in enumerate(actual)])

print("# percentile bootstrap, 500 resamples, seed 7, confidence 0.9")
print("accuracy", *map(repr, bootstrap(n, lambda s: accuracy_score(actual[s], candidate[s]), 0.9, 500, 7)))
print("f1_weighted", *map(repr, bootstrap(
    n, lambda s: f1_score(actual[s], candidate[s], average="weighted", labels=None, zero_division=0), 0.9, 500, 7)))
print("paired accuracy gain", *map(repr, bootstrap(
    n, lambda s: accuracy_score(actual[s], candidate[s]) - accuracy_score(actual[s], baseline[s]), 0.9, 500, 7)))
print("point accuracy", accuracy_score(actual, candidate), accuracy_score(actual, baseline))
b = int(np.sum((candidate == actual) & (baseline != actual)))
c = int(np.sum((candidate != actual) & (baseline == actual)))
print("discordant", b, c, binomtest(b, b + c, 0.5).pvalue)
