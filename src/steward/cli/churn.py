"""`steward churn evaluate FILE.csv --target COL`: cross-validate Steward's churn model on any table."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from steward.analytics.churn import evaluate as run_evaluation
from steward.analytics.churn_features import binary_target, infer_features, prepare
from steward.cli import churn_workspace
from steward.cli.common import console, emit_json, err_console, fail
from steward.cli.tables import read_csv_text, require_columns

churn_app = typer.Typer(help="Churn models.", no_args_is_help=True)
churn_app.command("train")(churn_workspace.train)
churn_app.command("at-risk")(churn_workspace.at_risk)


@churn_app.command("evaluate")
def evaluate(
    file: Annotated[Path, typer.Argument(help="CSV file with a header row and one row per customer")],
    target: Annotated[str, typer.Option(help="column that says whether the customer churned")],
    positive: Annotated[
        str | None, typer.Option(help="target value meaning churned (default: 1/yes/true)")
    ] = None,
    id_: Annotated[str | None, typer.Option("--id", help="identifier column, never a feature")] = None,
    folds: Annotated[int, typer.Option(min=2, max=20, help="cross-validation folds")] = 5,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Nested stratified k-fold CV (seed 0) of the production churn model beside logistic regression:
    ROC AUC, PR AUC, Brier score and a reliability table of the held-out probabilities."""
    frame = read_csv_text(file)
    require_columns(file, frame, target=target, id=id_)
    try:
        y = binary_target(frame.pop(target), positive)
    except ValueError as exc:
        fail(f"{file}: column {target!r}: {exc}")
    if id_ is not None:
        frame = frame.drop(columns=[id_])
    spec = infer_features(frame)
    if id_ is not None:
        spec.dropped[id_] = "given as --id"
    try:
        with nullcontext() if json_out else console.status("cross-validating ..."):
            result = run_evaluation(prepare(frame, spec), y, spec, folds=folds)
    except ValueError as exc:
        fail(f"{file}: {exc}")
    payload = {**asdict(result), "features": spec.columns, "dropped_columns": spec.dropped}
    if json_out:
        emit_json(payload)
        return
    _print(file, payload)


def _print(file: Path, p: dict[str, Any]) -> None:
    table = Table(
        title=f"Churn model, {p['folds']}-fold nested stratified CV on {file.name} ({p['rows']:,} rows)"
    )
    for column in ("model", "ROC AUC", "PR AUC", "Brier"):
        table.add_column(column, justify="left" if column == "model" else "right")
    # Which learner and calibration the inner CV chose, in how many of the outer folds.
    learners = ", ".join(f"{name} {n}/{p['folds']}" for name, n in p["chosen"].items())
    calibration = ", ".join(f"{name} {n}" for name, n in p["calibration"].items())
    table.add_row(
        f"Steward: {learners}; {calibration}",
        f"{p['roc_auc']:.4f} ± {p['roc_auc_std']:.4f}",
        f"{p['pr_auc']:.4f}",
        f"{p['brier']:.4f}",
    )
    base = f"{p['baseline_roc_auc']:.4f} ± {p['baseline_roc_auc_std']:.4f}"
    table.add_row(
        "logistic regression baseline", base, f"{p['baseline_pr_auc']:.4f}", f"{p['baseline_brier']:.4f}"
    )
    console.print(table)
    reliability = Table(title="Reliability: held-out predicted churn probability vs observed churn rate")
    for column in ("predicted bin", "accounts", "mean predicted", "observed"):
        reliability.add_column(column, justify="right")
    for row in p["reliability"]:
        reliability.add_row(
            row["bin"], f"{row['accounts']:,}", f"{row['predicted']:.3f}", f"{row['observed']:.3f}"
        )
    console.print(reliability)
    top = ", ".join(f"{t['feature']} {t['roc_auc_drop']:.3f}" for t in p["top_features"][:5])
    console.print(f"Top features (drop in ROC AUC when shuffled): {top}")
    for column, why in p["dropped_columns"].items():
        err_console.print(f"not used: {column} ({why})", highlight=False)
