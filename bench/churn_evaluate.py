"""`steward churn evaluate` on public churn tables: nested 5-fold CV ROC AUC ± std, PR AUC and Brier score of
Steward's model beside logistic regression (same folds, same run) and beside the published anchors.

Usage: python bench/churn_evaluate.py [--data-dir /tmp/churn_data] [--json]
The bank set ships in ../shared/data. The BigML telecom files (churn-bigml-80.csv, churn-bigml-20.csv) and the
IBM Telco file (WA_Fn-UseC_-Telco-Customer-Churn.csv) are not redistributable with Steward: put public copies
in --data-dir to include them; a table that is missing is skipped with a message. Each table is read exactly
as the command reads it (every cell as text, columns inferred), so no table gets its own preprocessing.
One thread (the machine's 2 cores are shared; OpenMP boosting on busy cores is many times slower).
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table
from threadpoolctl import threadpool_limits

from steward.analytics.churn import ChurnModel, evaluate
from steward.analytics.churn_features import binary_target, infer_features, prepare
from steward.cli.tables import read_csv_text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
# name, files (concatenated), target column, published anchor (ROC AUC) as printed
TABLES: list[tuple[str, list[str], str, str]] = [
    ("bank churn (shared)", ["bank_churn/Churn_Modelling.csv"], "Exited", "0.862 boosting / 0.765 logistic"),
    ("BigML telecom, 80% + 20% files", ["churn-bigml-80.csv", "churn-bigml-20.csv"], "Churn",
     "0.913 boosting"),
    ("BigML telecom, 80% file only", ["churn-bigml-80.csv"], "Churn", "0.913 boosting"),
    ("IBM Telco customer churn", ["WA_Fn-UseC_-Telco-Customer-Churn.csv"], "Churn",
     "0.845 logistic / 0.837 boosting"),
]  # fmt: skip


def load(files: list[str], data_dir: Path) -> pd.DataFrame | None:
    paths = [SHARED / f if (SHARED / f).exists() else data_dir / f for f in files]
    if not all(p.exists() for p in paths):
        return None
    frames = [read_csv_text(p) for p in paths]
    for frame in frames[1:]:  # the BigML files spell a few headers differently between copies
        frame.columns = frames[0].columns
    joined: pd.DataFrame = pd.concat(frames, ignore_index=True)
    return joined


def run_table(frame: pd.DataFrame, target: str) -> dict[str, Any]:
    y = binary_target(frame.pop(target), None)
    spec = infer_features(frame)
    X = prepare(frame, spec)
    result = asdict(evaluate(X, y, spec, folds=5, seed=0))
    started = time.perf_counter()
    model = ChurnModel(spec=spec, random_state=0).fit(X, y)
    result["fit_seconds"] = round(time.perf_counter() - started, 2)
    result["full_fit"] = {"algorithm": model.algorithm_, "calibration": model.calibration_,
                          "candidates": model.candidates_}  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/churn_data"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    console = Console(width=130)
    results: dict[str, Any] = {}
    for name, files, target, anchor in TABLES:
        frame = load(files, args.data_dir)
        if frame is None:
            console.print(f"skipped {name}: {', '.join(files)} not found in {args.data_dir}")
            continue
        with threadpool_limits(limits=1):
            results[name] = {**run_table(frame, target), "anchor": anchor}
    if args.json:
        print(json.dumps(results))
        return
    table = Table(
        title="steward churn evaluate: nested 5-fold stratified CV (seed 0), both models on the same folds"
    )
    for column in ("table", "model", "ROC AUC ± std", "PR AUC", "Brier", "published anchor", "CV s", "fit s"):
        table.add_column(column, justify="left" if column in ("table", "model") else "right")
    for name, r in results.items():
        steward = f"{r['roc_auc']:.4f} ± {r['roc_auc_std']:.4f}"
        table.add_row(
            f"{name} ({r['rows']:,} rows)",
            "Steward",
            steward,
            f"{r['pr_auc']:.4f}",
            f"{r['brier']:.4f}",
            r["anchor"],
            f"{r['seconds']:.0f}",
            f"{r['fit_seconds']:.1f}",
        )
        baseline = f"{r['baseline_roc_auc']:.4f} ± {r['baseline_roc_auc_std']:.4f}"
        table.add_row("", "logistic regression", baseline, f"{r['baseline_pr_auc']:.4f}",
                      f"{r['baseline_brier']:.4f}", "", "", "", end_section=True)  # fmt: skip
    console.print(table)
    for name, r in results.items():
        chosen = ", ".join(f"{k} in {v}" for k, v in r["chosen"].items())
        calibration = ", ".join(f"{k} in {v}" for k, v in r["calibration"].items())
        console.print(
            f"{name}: inner CV chose {chosen} of 5 folds; calibration {calibration}", highlight=False
        )
    for name, r in results.items():
        bins = "  ".join(f"{b['bin']}: {b['predicted']:.3f}/{b['observed']:.3f} (n={b['accounts']})"
                         for b in r["reliability"])  # fmt: skip
        console.print(f"reliability, {name} (predicted/observed): {bins}", highlight=False)


if __name__ == "__main__":
    main()
