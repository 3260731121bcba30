"""Reference stack for the serving benchmark: FastAPI + uvicorn + scikit-learn.

Serves a scikit-learn random forest (100 trees, like tools/bench/iris-forest.yaml) trained on the same
iris CSV, with the same JSON shapes as mlops-serving:
  POST /predict        {"sepal_length": 5.1, ...} -> {"prediction", "probabilities", "model", "version"}
  POST /predict/batch  {"instances": [...]}       -> {"predictions": [...], "model", "version"}
  GET  /health         constant response (framework overhead baseline)

Run with Debian's Python (apt-get install -y python3-fastapi python3-uvicorn python3-sklearn):
  IRIS_CSV=path/to/iris.csv /usr/bin/python3 -m uvicorn fastapi_iris:app --app-dir tools/bench \
      --host 127.0.0.1 --port 18081 --log-level warning --no-access-log
"""
import csv
import os
from typing import List

import numpy as np
from fastapi import FastAPI
from pydantic import BaseModel
from sklearn.ensemble import RandomForestClassifier

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]

with open(os.environ.get("IRIS_CSV", "mlops-serving/src/test/resources/data/iris.csv")) as f:
    rows = list(csv.DictReader(f))
X = np.array([[float(r[c]) for c in FEATURES] for r in rows])
y = np.array([r["species"] for r in rows])
model = RandomForestClassifier(n_estimators=100, random_state=42).fit(X, y)
LABELS = [str(c) for c in model.classes_]


class Record(BaseModel):
    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float


class Batch(BaseModel):
    instances: List[Record]


def results(records):
    x = np.array([[r.sepal_length, r.sepal_width, r.petal_length, r.petal_width] for r in records])
    probabilities = model.predict_proba(x)
    return [{"prediction": LABELS[int(np.argmax(p))],
             "probabilities": {label: float(v) for label, v in zip(LABELS, p)}} for p in probabilities]


app = FastAPI()


@app.post("/predict")
def predict(record: Record):
    out = results([record])[0]
    out.update(model="iris", version="sklearn")
    return out


@app.post("/predict/batch")
def predict_batch(batch: Batch):
    return {"predictions": results(batch.instances), "model": "iris", "version": "sklearn"}


@app.get("/health")
def health():
    return {"live": True, "status": "alive"}
