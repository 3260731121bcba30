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
