"""`steward events stats` (what a workspace's sources have sent), `rejected` (the quarantine), `replay`
(check quarantined messages again), `compact` (the log to Parquet) and `history` (DuckDB over it)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from steward.analytics import usage_history
from steward.cli.common import console, domain_errors, emit_json, fail, ready_database
from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.domains.events import archive
from steward.domains.events import service as events_service
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings

events_app = typer.Typer(help="Product usage events.", no_args_is_help=True)
Workspace = Annotated[str, typer.Option(help="workspace slug")]
Json = Annotated[bool, typer.Option("--json", help="print one JSON object")]


@events_app.command("stats")
def stats(workspace: Workspace, json_out: Json = False) -> None:
    """Events stored, messages in quarantine, and the accounts and users they came from."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        result = events_service.stats(session=s, workspace_id=ws.id)
    if json_out:
        emit_json(result.model_dump())
        return
    console.print(
        f"{result.events:,} events from {result.accounts:,} accounts and {result.contacts:,} users; "
        f"{result.rejected:,} rejected messages in quarantine"
    )


@events_app.command("rejected")
def rejected(
    workspace: Workspace,
    limit: Annotated[int, typer.Option(min=1, max=500, help="how many, newest first")] = 20,
    json_out: Json = False,
) -> None:
    """The quarantine: each rejected message with every reason."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        page = events_service.rejections(session=s, workspace_id=ws.id, limit=limit)
    if json_out:
        emit_json(page.model_dump(mode="json"))
        return
    table = Table(title=f"{page.total:,} rejected messages (newest {len(page.items)})")
    for column in ("id", "received", "messageId", "why"):
        table.add_column(column)
    for r in page.items:
        table.add_row(str(r.id), f"{r.received_at:%Y-%m-%d %H:%M}", r.message_id or "—", "; ".join(r.errors))
    console.print(table)


@events_app.command("replay")
def replay(
    workspace: Workspace,
    ids: Annotated[list[int] | None, typer.Option("--id", help="only these (repeat); default: all")] = None,
    json_out: Json = False,
) -> None:
    """Check quarantined messages again and store those that pass now; the others keep their reasons."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        result = events_service.replay(session=s, workspace_id=ws.id, ids=ids)
    if json_out:
        emit_json(result.model_dump())
        return
    console.print(f"{result.replayed:,} stored; {result.still_rejected:,} still rejected")


@events_app.command("compact")
def compact(
    workspace: Workspace,
    days: Annotated[
        int, typer.Option(min=1, max=3650, help="complete days to write, back from yesterday")
    ] = 180,
    json_out: Json = False,
) -> None:
    """Write the event log to Parquet, a file per day, under the data directory (a rerun replaces days)."""
    ready_database()
    root = get_settings().data_dir
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        with console.status("writing Parquet ..."):
            written = archive.compact(s, ws.id, root, days=days)
    where = archive.workspace_dir(root, ws.id)
    if json_out:
        emit_json({"days": len(written), "directory": str(where)})
        return
    console.print(f"{len(written)} days written to {where}")


@events_app.command("history")
def history(
    workspace: Workspace,
    days: Annotated[int, typer.Option(min=1, max=365, help="the trend window")] = 30,
    json_out: Json = False,
) -> None:
    """Usage trend per account and user cohorts by first-seen week, run on DuckDB over the Parquet history
    (write it with `steward events compact` first)."""
    ready_database()
    root = get_settings().data_dir
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
    files = archive.workspace_dir(root, ws.id)
    if not any(files.glob("day=*/events.parquet")):
        fail(f"no Parquet history in {files}: run `steward events compact --workspace {workspace}` first")
    con = usage_history.connect()
    usage_history.events_view(con, str(files / "day=*" / "events.parquet"))
    rows = usage_history.rollup(con)
    as_of = usage_history.last_day(con) or today_utc()
    trend = usage_history.trend(con, as_of, days).sort_values("trend")
    falling = [_trend_row(r) for r in trend.head(20).to_dict("records")]
    groups = [_cohort_row(r) for r in usage_history.cohorts(con).to_dict("records")]
    if json_out:
        emit_json({"as_of": as_of.isoformat(), "accounts": len(trend), "falling": falling, "cohorts": groups})
        return
    table = Table(title=f"Steepest falls: events in the {days} days to {as_of} against the {days} before")
    for column in ("account", "recent", "prior", "trend"):
        table.add_column(column, justify="right")
    for r in falling[:15]:
        shown = "—" if r["trend"] is None else f"{r['trend']:+.0%}"
        table.add_row(str(r["account_id"]), f"{r['recent']:,}", f"{r['prior']:,}", shown)
    console.print(table)
    console.print(f"{len({g['cohort'] for g in groups})} weekly user cohorts; {rows:,} daily rollup rows")


def _trend_row(row: dict[Any, Any]) -> dict[str, Any]:
    value = row["trend"]
    trend = None if value is None or value != value else round(float(value), 4)
    return {
        "account_id": int(row["account_id"]),
        "recent": int(row["recent"]),
        "prior": int(row["prior"]),
        "trend": trend,
    }


def _cohort_row(row: dict[Any, Any]) -> dict[str, Any]:
    return {"cohort": str(row["cohort"])[:10], "week": int(row["week_index"]), "users": int(row["users"])}
