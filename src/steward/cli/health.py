"""`steward health validate` (how well a workspace's health score foretold churn in its own history),
`steward health advise` (per measure, and thresholds and weights that would have done better; read only) and
`steward health recompute` (the full recompute job of a workspace)."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from steward.cli.common import console, domain_errors, emit_json, ready_database
from steward.core.db import unit_of_work
from steward.domains.health import advice as health_advice
from steward.domains.health import scoring
from steward.domains.health import service as health_service
from steward.domains.health.scoring import MAX_BACKFILL_DAYS
from steward.domains.workspaces import service as workspaces_service

health_app = typer.Typer(help="Health scores.", no_args_is_help=True)


@health_app.command("validate")
def validate(
    workspace: Annotated[str, typer.Option(help="workspace slug")],
    horizon_days: Annotated[int, typer.Option(min=30, max=365, help="churn within this many days")] = 90,
    scorecard_id: Annotated[int | None, typer.Option(help="default: the workspace's first scorecard")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Score every past month's accounts with the scorecard and compare with who churned afterwards."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        with nullcontext() if json_out else console.status("scoring past months ..."):
            report = health_service.validate_against_churn(
                session=s, workspace_id=ws.id, scorecard_id=scorecard_id, horizon_days=horizon_days
            )
    if json_out:
        emit_json(report.model_dump(mode="json"))
        return
    console.print(
        f"{report.scorecard}: ROC AUC {report.roc_auc:.3f} against churn within {report.horizon_days} days "
        f"({report.snapshots:,} account-months of {report.accounts:,} accounts, {report.churned:,} churned)"
    )
    table = Table(title="Churn rate by grade")
    for column in ("grade", "account-months", f"churned within {report.horizon_days} days"):
        table.add_column(column, justify="left" if column == "grade" else "right")
    for grade, outcome in report.churn_rate_by_grade.items():
        rate = "—" if outcome.churn_rate is None else f"{outcome.churn_rate:.1%}"
        table.add_row(grade, f"{outcome.snapshots:,}", rate)
    console.print(table)


@health_app.command("advise")
def advise(
    workspace: Annotated[str, typer.Option(help="workspace slug")],
    scorecard_id: Annotated[int, typer.Option(help="the scorecard to advise on")],
    horizon_days: Annotated[int, typer.Option(min=30, max=365, help="churn within this many days")] = 90,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """How well each measure separated later churners, and suggested thresholds and weights checked on later
    months. Changes nothing: an admin applies advice with POST .../advice/apply or on the scorecard's page."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        with nullcontext() if json_out else console.status("reading past months ..."):
            report = health_advice.advise(
                session=s, workspace_id=ws.id, scorecard_id=scorecard_id, horizon_days=horizon_days
            )
    if json_out:
        emit_json(report.model_dump(mode="json"))
        return
    if not report.enough_history:
        console.print(f"{report.scorecard}: not enough history; the advisor {report.needs}")
        return
    sp = report.split
    assert sp is not None  # enough history always has a split
    console.print(
        f"{report.scorecard}: ROC AUC on {sp.eval_months} later months "
        f"({sp.eval_snapshots:,} account-months, {sp.eval_churned:,} churned): "
        f"current {report.current_roc_auc}, suggested {report.suggested_roc_auc} "
        f"(fitted on {sp.fit_months} months to {sp.fit_until}: "
        f"{sp.fit_snapshots:,} account-months, {sp.fit_churned:,} churned)"
    )
    table = Table(title=f"Measures against churn within {report.horizon_days} days")
    for column in ("measure", "AUC", "churn red / yellow / green", "weight", "suggested"):
        table.add_column(column, justify="left" if column[0] in "mc" else "right")
    for m in report.measures:
        rates = " / ".join("—" if b.churn_rate is None else f"{b.churn_rate:.1%}" for b in m.bands)
        auc = "—" if m.roc_auc is None else f"{m.roc_auc:.3f}"
        table.add_row(m.key, auc, rates, f"{m.weight:g}", f"{m.suggested_weight:g}")
    console.print(table)


@health_app.command("recompute")
def recompute(
    workspace: Annotated[str, typer.Option(help="workspace slug")],
    backfill_days: Annotated[
        int, typer.Option(min=0, max=MAX_BACKFILL_DAYS, help="also rescore this many earlier days")
    ] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Rescore every account under every scorecard of the workspace, today and optionally earlier days."""
    ready_database()
    results = []
    with domain_errors():
        with unit_of_work() as s:
            ws = workspaces_service.get_by_slug(session=s, slug=workspace)
            cards = health_service.list_scorecards(session=s, workspace_id=ws.id)
        with Progress(console=console, disable=json_out) as progress:
            task = progress.add_task("scoring", total=len(cards))
            for card in cards:
                with unit_of_work() as s:  # one transaction per scorecard: a long backfill commits as it goes
                    results.append(
                        scoring.recompute(
                            session=s, workspace_id=ws.id, scorecard_id=card.id, backfill_days=backfill_days
                        )
                    )
                progress.update(task, advance=1, description=card.name)
    if json_out:
        emit_json({"scorecards": [r.model_dump() for r in results]})
        return
    for card, r in zip(cards, results, strict=True):
        console.print(f"{card.name}: {r.accounts:,} accounts over {r.days} days, {r.rows_written:,} scores")
