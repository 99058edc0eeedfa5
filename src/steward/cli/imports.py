"""`steward import ENTITY FILE.csv`: validated, all-or-nothing CSV import with a progress bar."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from steward.cli.common import console, emit_json, err_console, fail, ready_database
from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.domains.imports import service as imports_service
from steward.domains.imports.schemas import PLANNED_ENTITIES
from steward.domains.workspaces import service as workspaces_service

MAX_SHOWN = 50


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip():
            fail(f'--map {pair!r}: expected "CSV column=field" (or "CSV column=-" to skip the column)')
        mapping[column.strip()] = field.strip()
    return mapping


def import_command(
    entity: Annotated[str, typer.Argument(help="accounts | contacts | subscriptions | responses")],
    file: Annotated[Path, typer.Argument(help="CSV file, UTF-8, with a header row")],
    workspace: Annotated[str, typer.Option(help="workspace slug")],
    map_: Annotated[list[str] | None, typer.Option("--map", help='"CSV column=field"; repeatable')] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate everything, write nothing")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Import a CSV: every row is checked first; one bad row rejects the whole file (exit 2)."""
    if entity in PLANNED_ENTITIES:
        fail(f"importing {entity} is not available yet; accounts, contacts, subscriptions and responses are")
    if entity not in imports_service.SPECS:
        fail(f"unknown entity {entity!r}; choose accounts, contacts, subscriptions or responses")
    if not file.is_file():
        fail(f"{file}: no such file")
    mapping = parse_mapping(map_ or [])
    data = file.read_bytes()
    ready_database()
    started = time.perf_counter()
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=json_out, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("reading", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        try:
            with unit_of_work() as s:
                ws = workspaces_service.get_by_slug(session=s, slug=workspace)
                result = imports_service.run_import(
                    session=s, workspace_id=ws.id, entity=entity,  # type: ignore[arg-type]
                    data=data, mapping=mapping, dry_run=dry_run, progress=progress,
                )  # fmt: skip
                if dry_run:
                    s.rollback()
        except DomainError as exc:
            details = exc.details()
            lines = [f"{file}: {d.msg}" for d in details[:MAX_SHOWN]]
            if len(details) > MAX_SHOWN:
                lines.append(f"... and {len(details) - MAX_SHOWN} more problems")
            lines.append("Nothing was imported.")
            fail("\n".join(lines))
    seconds = time.perf_counter() - started
    if json_out:
        emit_json(result.model_dump())
        return
    verb = "Would import" if dry_run else "Imported"
    console.print(
        f"{verb} {result.rows:,} {entity} from {file}: "
        f"{result.created:,} created, {result.updated:,} updated in {seconds:.1f} s"
    )
