"""Reads an mlruns directory the way MLflow's FileStore (mlflow/store/tracking/file_store.py and
mlflow/store/model_registry/file_store.py) does, and prints what it found as JSON. MlrunsLayoutTest
runs it against a store written by the Java code: an independent reader of the same layout.
Needs PyYAML. Run: python3 read_mlruns.py <root>"""
import json
import os
import re
import sys

import yaml

RUN_STATUS = {1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED"}
RESERVED_EXPERIMENT_FOLDERS = {"tags", "datasets", "traces"}
EXPERIMENT_ID = re.compile(r"^[a-zA-Z0-9][\w\-]{0,63}$")  # _validate_experiment_id


def read_yaml(path):
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if data is None:
        raise ValueError(f"{path} is empty")
    return data


def read_key_files(folder):
    result = {}
    if not os.path.isdir(folder):
        return result
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                result[os.path.relpath(path, folder).replace(os.sep, "/")] = f.read()
    return result


def read_metric(path, key):
    points = []
    for line in open(path, encoding="utf-8").read().splitlines():
        parts = line.strip().split(" ")
        if len(parts) not in (2, 3):
            raise ValueError(f"Metric '{key}' is malformed")
        points.append((int(parts[2]) if len(parts) == 3 else 0, int(parts[0]), float(parts[1])))
    if not points:
        raise ValueError(f"Metric '{key}' is malformed. No data found.")
    step, ts, value = max(points)
    return {"value": value, "step": step, "timestamp": ts, "count": len(points)}


def main(root):
    out = {"experiments": {}, "runs": {}, "models": {}}
    for exp in sorted(os.listdir(root)):
        exp_dir = os.path.join(root, exp)
        if not os.path.isdir(exp_dir) or exp in (".trash", "models"):
            continue
        # FileStore treats every other folder of the root as an experiment and validates its id
        assert EXPERIMENT_ID.match(exp), f"folder {exp!r} in the root is not a valid experiment id"
        meta = read_yaml(os.path.join(exp_dir, "meta.yaml"))
        assert isinstance(meta["experiment_id"], str) and meta["experiment_id"] == exp, meta
        out["experiments"][exp] = meta["name"]
        for run in sorted(os.listdir(exp_dir)):
            run_dir = os.path.join(exp_dir, run)
            if not os.path.isdir(run_dir) or run in RESERVED_EXPERIMENT_FOLDERS:
                continue
            info = read_yaml(os.path.join(run_dir, "meta.yaml"))
            assert info["run_id"] == info["run_uuid"] == run, info
            assert info["experiment_id"] == exp, info
            metrics_dir = os.path.join(run_dir, "metrics")
            metrics = {}
            for mroot, _, files in os.walk(metrics_dir):
                for name in files:
                    path = os.path.join(mroot, name)
                    key = os.path.relpath(path, metrics_dir).replace(os.sep, "/")
                    metrics[key] = read_metric(path, key)
            out["runs"][run] = {
                "experiment_id": info["experiment_id"],
                "run_name": info["run_name"],
                "status": RUN_STATUS[info["status"]],
                "start_time": info["start_time"],
                "end_time": info["end_time"],
                "params": read_key_files(os.path.join(run_dir, "params")),
                "tags": read_key_files(os.path.join(run_dir, "tags")),
                "metrics": metrics,
            }
    models_dir = os.path.join(root, "models")
    if os.path.isdir(models_dir):
        for name in sorted(os.listdir(models_dir)):
            model_dir = os.path.join(models_dir, name)
            if not os.path.isdir(model_dir):
                continue
            # search_registered_models reads meta.yaml of every folder here, failing on a missing one
            meta = read_yaml(os.path.join(model_dir, "meta.yaml"))
            versions = {}
            for entry in sorted(os.listdir(model_dir)):
                vdir = os.path.join(model_dir, entry)
                if not (os.path.isdir(vdir) and entry.startswith("version-")):
                    continue
                v = read_yaml(os.path.join(vdir, "meta.yaml"))
                versions[str(v["version"])] = {
                    "stage": v["current_stage"],
                    "source": v["source"],
                    "run_id": v["run_id"],
                    "status": v["status"],
                    "tags": read_key_files(os.path.join(vdir, "tags")),
                }
            out["models"][meta["name"]] = {
                "versions": versions,
                "aliases": read_key_files(os.path.join(model_dir, "aliases")),
            }
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
