"""Churn model training on 100,000 rows x 50 features: time, peak memory and held-out ROC AUC, beside a plain
scikit-learn HistGradientBoosting and a logistic regression trained on the same rows in the same run.

Usage: python bench/churn_training.py [--rows 100000] [--json]
Each model trains in its own process so that its peak resident memory is its own (ru_maxrss). The data are
synthetic: 40 numeric and 10 categorical columns, 5% blanks, churn driven by thresholds and interactions of
a few of them. Steward's model includes what production adds: choosing the learner by inner
cross-validation, Platt calibration and the per-account reasons for 1,000 accounts.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table
from sklearn.metrics import roc_auc_score

from steward.analytics.churn import ChurnModel, _boosting, logistic_baseline
from steward.analytics.churn_features import FeatureSpec

NUMERIC, CATEGORICAL = 40, 10


def make_data(rows: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray, FeatureSpec]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"n{i}": rng.gamma(2.0, 1.0 + i % 5, rows) for i in range(NUMERIC)})
    for i in range(CATEGORICAL):
        frame[f"c{i}"] = rng.choice([f"v{k}" for k in range(3 + 4 * i)], rows).astype(object)
    logit = -2.2 + 2.0 * (frame["n0"] < 1.0) * (frame["n1"] > 3.0) + 1.2 * (frame["n2"] < 0.8)
    logit += -0.25 * frame["n3"] + 0.8 * frame["c0"].isin(["v0", "v1"]) + 0.5 * np.sin(frame["n4"])
    y = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    for column in frame.columns[:NUMERIC]:
        frame.loc[rng.random(rows) < 0.05, column] = np.nan
    spec = FeatureSpec(numeric=list(frame.columns[:NUMERIC]), categorical=list(frame.columns[NUMERIC:]))
    return frame, y, spec


def train_one(variant: str, rows: int) -> dict[str, Any]:
    frame, y, spec = make_data(rows + 20_000)
    X, y_train, X_test, y_test = frame.iloc[:rows], y[:rows], frame.iloc[rows:], y[rows:]
    started = time.perf_counter()
    if variant == "steward":
        model = ChurnModel(spec=spec, random_state=0).fit(X, y_train)
        p = model.predict_proba(X_test)[:, 1]
        model.reasons(X_test.iloc[:1000])
        extra = {"learner": model.algorithm_}
    else:
        pipeline = _boosting(spec, 0) if variant == "hgb" else logistic_baseline(spec)
        pipeline.fit(X[spec.columns], y_train)
        p = pipeline.predict_proba(X_test[spec.columns])[:, 1]
        extra = {}
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"variant": variant, "seconds": round(seconds, 2), "peak_rss_mb": round(peak_mb),
            "roc_auc": round(float(roc_auc_score(y_test, p)), 4), **extra}  # fmt: skip


def run(rows: int) -> dict[str, Any]:
    results = {}
    for variant in ("steward", "hgb", "logistic"):
        out = subprocess.run([sys.executable, __file__, "--rows", str(rows), "--variant", variant],
                             capture_output=True, text=True, check=True)  # fmt: skip
        results[variant] = json.loads(out.stdout)
    data_only = subprocess.run([sys.executable, __file__, "--rows", str(rows), "--variant", "data"],
                               capture_output=True, text=True, check=True)  # fmt: skip
    results["data"] = json.loads(data_only.stdout)
    return {"rows": rows, "features": NUMERIC + CATEGORICAL, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--variant", choices=["steward", "hgb", "logistic", "data"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.variant == "data":  # the memory of the process with only the data built: the floor
        make_data(args.rows + 20_000)
        print(json.dumps({"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
        return
    if args.variant:
        print(json.dumps(train_one(args.variant, args.rows)))
        return
    result = run(args.rows)
    if args.json:
        print(json.dumps(result))
        return
    r = result["results"]
    title = f"Churn training: {result['rows']:,} rows x {result['features']} features (held-out 20,000 rows)"
    table = Table(title=f"{title}; data alone peaks at {r['data']['peak_rss_mb']} MB")
    for column in ("model", "train + score, s", "peak RSS, MB", "held-out ROC AUC"):
        table.add_column(column, justify="left" if column == "model" else "right")
    names = {
        "steward": f"Steward ChurnModel (chose {r['steward'].get('learner')}; calibrated; reasons for 1,000)",
        "hgb": "plain HistGradientBoosting", "logistic": "logistic regression",
    }  # fmt: skip
    for key, name in names.items():
        row = r[key]
        table.add_row(name, f"{row['seconds']:.1f}", str(row["peak_rss_mb"]), f"{row['roc_auc']:.4f}")
    Console().print(table)


if __name__ == "__main__":
    main()
