"""Prints Python's repr() of the doubles PythonFloatTest pins: MLflow's file store writes metric
values with f"{value}", which is repr(float). Run: python3 float_repr.py"""
import struct

VALUES = [0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 0.2 + 0.1, 1 / 3, 2 / 3, 123.456, 1e-4, 1e-5, 0.00012345,
          1e15, 1e16, 1.5e16, 123456789012345.0, 1234567890123456.0, 12345678901234567.0, 2e23, 1e23,
          5e-324, 1.7976931348623157e308, 0.9333333333333333, 100.0, 9.999999999999999e-5,
          float("nan"), float("inf"), float("-inf")]

for v in VALUES:
    bits = struct.unpack(">q", struct.pack(">d", v))[0]
    print(f"{bits}L, \"{v!r}\"")

# A seeded sample of random doubles (random bit patterns, all magnitudes, subnormals included, plus
# values like metric scores), written to the test resources as "<bits> <repr>" lines:
# python3 float_repr.py > /dev/null && see ../resources/dev/mlops/tracking/python-repr-sample.txt
import os
import random

rng = random.Random(20261122)
sample = []
while len(sample) < 2000:
    bits = rng.getrandbits(64)
    v = struct.unpack(">d", struct.pack(">Q", bits))[0]
    if v == v and v not in (float("inf"), float("-inf")):
        sample.append(v)
sample += [rng.random() for _ in range(1000)] + [round(rng.random(), rng.randint(1, 6)) for _ in range(1000)]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "mlops", "tracking",
                   "python-repr-sample.txt")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    for v in sample:
        f.write(f"{struct.unpack('>q', struct.pack('>d', v))[0]} {v!r}\n")
