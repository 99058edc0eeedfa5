"""`steward sync add|list|preview|run|status|remove`: data sync sources from SQL databases, files, Stripe,
HubSpot and Salesforce (and the health push to the CRM)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from steward.cli.common import console, domain_errors, emit_json, err_console, fail, ready_database
from steward.core.db import unit_of_work
from steward.domains.sync import runner, runs, service
from steward.domains.sync.schemas import RunRead, SourceCreate
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings

sync_app = typer.Typer(
    help="Sync accounts, contacts and subscriptions from databases and files.", no_args_is_help=True
)

Workspace = Annotated[str, typer.Option(help="workspace slug")]
JsonFlag = Annotated[bool, typer.Option("--json", help="print one JSON object")]


def _pairs(values: list[str] | None, what: str, example: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in values or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            fail(f"{what} {pair!r}: expected {example}")
        out[key.strip()] = value.strip()
    return out


def _ids(workspace: str, name: str | None = None) -> tuple[int, int | None]:
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace).id
        source = service.source_id_by_name(session=s, workspace_id=ws, name=name) if name else None
    return ws, source


@sync_app.command("add")
def add(
    name: str,
    workspace: Workspace,
    target: Annotated[
        str | None,
        typer.Option(help="accounts | contacts | subscriptions (stripe/hubspot/salesforce: from --object)"),
    ] = None,
    map_: Annotated[
        list[str] | None, typer.Option("--map", help='"source column=field" (custom.KEY for custom)')
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="sql | file | stripe | hubspot | salesforce (default: sql, or file with --path)"),
    ] = None,
    object_: Annotated[
        str | None,
        typer.Option(
            "--object",
            help="stripe: customers | subscriptions | invoices; hubspot: companies | contacts | health; "
            "salesforce: accounts | contacts | health",
        ),
    ] = None,
    api_key_stdin: Annotated[
        bool,
        typer.Option(
            "--api-key-stdin",
            help="read the Stripe key, HubSpot token or Salesforce access token from standard input",
        ),
    ] = False,
    api_base: Annotated[
        str | None, typer.Option(help="the vendor's API address (tests, proxies); Salesforce's instance URL")
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL (prefer --url-stdin with a password)")
    ] = None,
    url_stdin: Annotated[bool, typer.Option("--url-stdin", help="read the URL from standard input")] = False,
    table: Annotated[str | None, typer.Option(help="table to read")] = None,
    query: Annotated[str | None, typer.Option(help="SQL query to read (instead of --table)")] = None,
    path: Annotated[str | None, typer.Option(help="CSV or Parquet file, or a folder of them")] = None,
    file_format: Annotated[str | None, typer.Option("--format", help="csv | parquet")] = None,
    owner: Annotated[list[str] | None, typer.Option(help='"field=steward" keeps Steward\'s edits')] = None,
    cursor: Annotated[str | None, typer.Option(help="updated-at or increasing id column")] = None,
    batch_size: Annotated[int | None, typer.Option(help="rows per committed batch (max 5000)")] = None,
    every_minutes: Annotated[int | None, typer.Option(help="run on a schedule, every N minutes")] = None,
    json_out: JsonFlag = False,
) -> None:
    """Add a source; its URL's password or API key is stored encrypted and shown as ***."""
    if url_stdin:
        url = sys.stdin.readline().strip()
    api_key = sys.stdin.readline().strip() if api_key_stdin else None
    fields = {
        "name": name, "kind": kind or ("file" if path else "sql"), "target": target, "url": url,
        "table": table, "query": query, "path": path, "format": file_format, "object": object_,
        "api_key": api_key, "api_base": api_base,
        "owners": _pairs(owner, "--owner", '"field=source" or "field=steward"'),
        "batch_size": batch_size, "every_minutes": every_minutes,
    }  # fmt: skip
    if map_:
        fields["mapping"] = _pairs(map_, "--map", '"source column=field"')
    if cursor is not None:
        fields["cursor_column"] = cursor
    try:
        data = SourceCreate.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        fail("; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'source'}: {e['msg']}" for e in exc.errors()))
    ready_database()
    ws, _ = _ids(workspace)
    with domain_errors(), unit_of_work() as s:
        created = service.create_source(
            session=s, workspace_id=ws, data=data, secret=get_settings().secret_key
        )
    if json_out:
        emit_json(created.model_dump(mode="json"))
    else:
        where = created.url or created.path or f"{created.kind} {created.object}"
        console.print(
            f"Added sync source [bold]{created.name}[/] (id {created.id}): {where} -> {created.target}"
        )


@sync_app.command("list")
def list_(workspace: Workspace, json_out: JsonFlag = False) -> None:
    ready_database()
    ws, _ = _ids(workspace)
    with unit_of_work() as s:
        sources = service.list_sources(session=s, workspace_id=ws)
    if json_out:
        emit_json({"sources": [x.model_dump(mode="json") for x in sources]})
        return
    table = Table("name", "kind", "from", "target", "cursor", "every")
    for x in sources:
        origin = {"sql": f"{x.url} {x.table or 'query'}", "file": str(x.path)}.get(
            x.kind, f"{x.kind} {x.object}"
        )
        every = f"{x.every_minutes} min" if x.every_minutes else "-"
        table.add_row(x.name, x.kind, origin, x.target, f"{x.cursor_column or '-'} > {x.cursor}", every)
    console.print(table)


@sync_app.command("preview")
def preview(
    name: str,
    workspace: Workspace,
    rows: Annotated[int, typer.Option(min=1, max=100)] = 10,
    json_out: JsonFlag = False,
) -> None:
    """The first rows as read and as they would be written; nothing is written."""
    ready_database()
    ws, source_id = _ids(workspace, name)
    assert source_id is not None
    with domain_errors(), unit_of_work() as s:
        result = service.preview(
            session=s, workspace_id=ws, source_id=source_id, secret=get_settings().secret_key, rows=rows
        )
    if json_out:
        emit_json(result.model_dump(mode="json"))
        return
    for row in result.rows:
        shown = (
            row.mapped if row.mapped is not None else "; ".join(f"{p.column}: {p.msg}" for p in row.problems)
        )
        console.print(f"row {row.row}: {shown}", highlight=False)
    if result.unmapped_columns:
        console.print(f"not mapped: {', '.join(result.unmapped_columns)}")


@sync_app.command("run")
def run(name: str, workspace: Workspace, json_out: JsonFlag = False) -> None:
    """Read the rows after the cursor and write them batch by batch; exit 2 if the run failed."""
    ready_database()
    ws, source_id = _ids(workspace, name)
    assert source_id is not None
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=json_out, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task(f"syncing {name}", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = runner.run_source(
            workspace_id=ws,
            source_id=source_id,
            secret=get_settings().secret_key,
            trigger="cli",
            progress=progress,
        )
    if json_out:
        emit_json(result.model_dump(mode="json"))
    else:
        _print_run(name, result)
    if result.status == "failed":
        if json_out:
            raise SystemExit(2)
        fail(f"sync {name} failed: {result.error}")


def _print_run(name: str, r: RunRead) -> None:
    seconds = (r.duration_ms or 0) / 1000
    console.print(
        f"{name}: {r.status}, {r.rows_read:,} rows read: {r.created:,} created, {r.updated:,} updated, "
        f"{r.unchanged:,} unchanged, {r.refused:,} refused in {seconds:.1f} s "
        f"(cursor {r.cursor_before} -> {r.cursor_after})",
        highlight=False,
    )
    for p in r.problems[:20]:
        where = ", ".join(
            x for x in (f"row {p.row}" if p.row else "", p.external_id or "", p.column or "") if x
        )
        console.print(f"  refused {where}: {p.msg}", highlight=False)
    if r.refused > 20:
        console.print(f"  ... {r.refused - 20} more in the run record")


@sync_app.command("status")
def status(
    workspace: Workspace,
    name: Annotated[str | None, typer.Argument(help="one source; all of them by default")] = None,
    json_out: JsonFlag = False,
) -> None:
    """Each source's last run (status, counts, cursor, error) and its next scheduled run."""
    ready_database()
    ws, source_id = _ids(workspace, name)
    out: list[dict[str, Any]] = []
    with domain_errors(), unit_of_work() as s:
        sources = service.list_sources(session=s, workspace_id=ws)
        for x in sources:
            if source_id is None or x.id == source_id:
                last, next_at = runs.status(session=s, workspace_id=ws, source_id=x.id)
                out.append({
                    "source": x.name, "last_run": last.model_dump(mode="json") if last else None,
                    "next_run_at": next_at.isoformat() if next_at else None,
                })  # fmt: skip
    if json_out:
        emit_json({"sources": out})
        return
    for entry in out:
        if entry["last_run"] is None:
            console.print(f"{entry['source']}: never run")
        else:
            _print_run(entry["source"], RunRead.model_validate(entry["last_run"]))
            if entry["last_run"]["error"]:
                console.print(f"  error: {entry['last_run']['error']}", highlight=False)
        if entry["next_run_at"]:
            console.print(f"  next run (schedule): {entry['next_run_at']}", highlight=False)


@sync_app.command("remove")
def remove(name: str, workspace: Workspace) -> None:
    ready_database()
    ws, source_id = _ids(workspace, name)
    assert source_id is not None
    with domain_errors(), unit_of_work() as s:
        service.delete_source(session=s, workspace_id=ws, source_id=source_id)
    console.print(f"Removed sync source {name}")
