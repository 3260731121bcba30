"""Independent count of what NativeJarFilterTest pins for the ONNX Runtime 1.29.0 jar.

Run: python3 src/test/python/ort_native_entries.py ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar
For each platform it prints the number of entries that belong to other platforms' native
directories and the compressed bytes they hold (the filter also drops their zip headers).
Output on 2026-11-22: amd64 109 28 43655535 / arm64 109 28 44690629; jar size 54400660.
"""
import os
import sys
import zipfile

jar = sys.argv[1]
z = zipfile.ZipFile(jar)
infos = z.infolist()
for platform, foreign in [("amd64", ("/osx-aarch64/", "/win-x64/", "/linux-aarch64/")),
                          ("arm64", ("/osx-aarch64/", "/win-x64/", "/linux-x64/"))]:
    removed = [i for i in infos if any(d in i.filename for d in foreign)]
    print(platform, len(infos), len(removed), sum(i.compress_size for i in removed))
print("jar size", os.path.getsize(jar))
