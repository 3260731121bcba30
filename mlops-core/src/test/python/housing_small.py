#!/usr/bin/python3
"""Writes src/test/resources/dev/mlops/model/housing_small.csv: 400 rows of the California housing
data (src/test/resources/data/housing.csv) drawn with a fixed seed, keeping the original column order,
so that bundle round-trip tests on regression stay fast. Rows with a missing total_bedrooms are kept
(the sample has some), so imputation is exercised.

Run from mlops-core: python3 src/test/python/housing_small.py
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "resources", "data", "housing.csv")
TARGET = os.path.join(HERE, "..", "resources", "dev", "mlops", "model", "housing_small.csv")

with open(SOURCE, newline="") as f:
    lines = f.read().splitlines()
header, rows = lines[0], lines[1:]
missing = [r for r in rows if ",," in r]
rng = random.Random(20261122)
sample = sorted(rng.sample(range(len(rows)), 392))
chosen = [rows[i] for i in sample] + missing[:8]
with open(TARGET, "w", newline="") as f:
    f.write(header + "\n")
    for r in chosen:
        f.write(r + "\n")
