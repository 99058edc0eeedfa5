"""`steward churn train` and `steward churn at-risk`: a workspace's own churn model, from the command line."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

import typer
from rich.table import Table

from steward.cli.common import console, domain_errors, emit_json, ready_database
from steward.core.db import unit_of_work
from steward.domains.churn import service as churn_service
from steward.domains.churn.schemas import ChurnModelRead, ChurnTrain, LeadTimeRead
from steward.domains.workspaces import service as workspaces_service

Workspace = Annotated[str, typer.Option(help="workspace slug")]
JsonFlag = Annotated[bool, typer.Option("--json", help="print one JSON object")]


def train(
    workspace: Workspace,
    horizon_days: Annotated[
        int, typer.Option(min=30, max=365, help="predict churn within this many days")
    ] = 90,
    precision: Annotated[
        float,
        typer.Option(min=0.05, max=0.95, help="lead time: flag accounts at the risk reaching this precision"),
    ] = 0.5,
    json_out: JsonFlag = False,
) -> None:
    """Train a new churn model version on the workspace's history, backtest it and score every account."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        with nullcontext() if json_out else console.status("training and backtesting ..."):
            result = churn_service.train_model(
                session=s,
                workspace_id=ws.id,
                data=ChurnTrain(horizon_days=horizon_days, flag_precision=precision),
            )
    if json_out:
        emit_json(result.model_dump(mode="json"))
        return
    print_model(result)


def print_model(m: ChurnModelRead) -> None:
    console.print(
        f"Churn model version {m.version}: {m.algorithm}, {m.horizon_days}-day horizon, trained on "
        f"{m.rows:,} account snapshots ({m.churned:,} churned) through {m.trained_through}; "
        f"{m.accounts_scored:,} accounts scored in {m.seconds:.1f} s"
    )
    b = m.backtest
    if b is None:
        console.print("No backtest: the history is too short to hold out a past period.")
        return
    table = Table(
        title=f"Backtest on {', '.join(str(d) for d in b.origins)} ({b.rows:,} accounts, {b.churned} churned)"
    )
    for column in ("model", "ROC AUC", "PR AUC", "top-decile capture", "Brier"):
        table.add_column(column, justify="left" if column == "model" else "right")
    table.add_row(
        "Steward", f"{b.roc_auc:.3f}", f"{b.pr_auc:.3f}", f"{b.top_decile_capture:.0%}", f"{b.brier:.4f}"
    )
    table.add_row("logistic regression", f"{b.baseline_roc_auc:.3f}", "", "", "")
    console.print(table)
    console.print(f"Predicted churners {b.predicted_churners:.1f}, actual {b.churned}.")
    if b.lead_time:
        print_lead_time(b.lead_time)


def print_lead_time(rows: list[LeadTimeRead]) -> None:
    target = rows[0].precision_target
    table = Table(title=f"Lead time: flagged at the risk that reached {target:.0%} precision on earlier days")
    for column in (
        "ranked by",
        "ROC AUC",
        "churners flagged",
        "precision",
        "median days from flag to churn",
        "note",
    ):
        table.add_column(column, justify="right" if column not in ("ranked by", "note") else "left")
    for r in rows:
        share = f"{r.flagged} of {r.churners} ({r.flagged_share:.0%})" if r.flagged_share is not None else "-"
        auc = f"{r.roc_auc:.3f}" if r.roc_auc is not None else "-"
        lead = f"{r.median_lead_days:.0f}" if r.median_lead_days is not None else "-"
        precision = f"{r.precision:.0%}" if r.precision is not None else "-"
        table.add_row(r.name, auc, share, precision, lead, r.note)
    console.print(table)


def at_risk(
    workspace: Workspace,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    json_out: JsonFlag = False,
) -> None:
    """Accounts ranked by ARR at risk (churn probability x ARR) under the current model."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        page = churn_service.at_risk(session=s, workspace_id=ws.id, limit=limit)
    if json_out:
        emit_json(page.model_dump(mode="json"))
        return
    table = Table(title=f"ARR at risk: top {len(page.items)} of {page.total} scored accounts")
    for column in ("account", "churn", "ARR", "ARR at risk", "LTV (36 mo)", "why"):
        table.add_column(column, justify="left" if column in ("account", "why") else "right")
    for item in page.items:
        why = "; ".join(r.text for r in item.reasons[:2])
        money = [_money(v) for v in (item.arr_minor, item.arr_at_risk_minor, item.ltv_minor)]
        table.add_row(item.name, f"{item.probability:.0%}", *money, why)
    console.print(table)


def _money(minor: int) -> str:
    return f"{minor / 100:,.0f}"
