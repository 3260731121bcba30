"""Independent reference for BundleDigestTest: builds the same small bundle in memory and prints
its SHA-256 as BundleDigest defines it (a file: sha256 of its bytes; a directory: sha256 of the
manifest "<sha256>  <path>\\n" per file, paths '/'-separated and sorted by code point).
Run: python3 bundle_digest.py"""
import hashlib

FILES = {
    "model.bin": bytes(range(256)) * 4,
    "meta/spec.json": b'{"epochs": 5}\n',
    "meta/\u00c4.txt": "umlaut\n".encode("utf-8"),
    "README": b"",
}

manifest = "".join(f"{hashlib.sha256(FILES[p]).hexdigest()}  {p}\n" for p in sorted(FILES))
print("manifest:")
print(manifest, end="")
print("directory sha256:", hashlib.sha256(manifest.encode("utf-8")).hexdigest())
print("model.bin sha256:", hashlib.sha256(FILES["model.bin"]).hexdigest())
