"""`steward health validate`: how well a workspace's health score foretold churn in its own history."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

import typer
from rich.table import Table

from steward.cli.common import console, domain_errors, emit_json, ready_database
from steward.core.db import unit_of_work
from steward.domains.health import service as health_service
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
