"""`steward events stats` (what a workspace's sources have sent), `steward events rejected` (the quarantine)
and `steward events replay` (check quarantined messages again and store those that pass now)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from steward.cli.common import console, domain_errors, emit_json, ready_database
from steward.core.db import unit_of_work
from steward.domains.events import service as events_service
from steward.domains.workspaces import service as workspaces_service

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
