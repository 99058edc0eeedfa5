"""`steward icp score FILE.csv` (how well prospects fit the workspace's ideal customer profile) and
`steward icp profile` (which firmographic values go with staying, NRR and lifetime value)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from steward.cli.common import console, domain_errors, emit_json, err_console, fail, ready_database
from steward.cli.tables import read_utf8
from steward.core.db import unit_of_work
from steward.core.errors import Invalid
from steward.domains.icp import service as icp_service
from steward.domains.icp.schemas import IcpProfile, ProspectScoreRead, RowIssueRead
from steward.domains.workspaces import service as workspaces_service

icp_app = typer.Typer(help="Ideal customer profile: who the best customers are, and how to find more.")
MAX_ROWS = 100_000


def _read(path: Path) -> tuple[list[dict[str, str]], dict[int, int]]:
    """Data rows as column -> text (a blank line is an empty row, kept so that it is reported), and each
    row's line in the file."""
    reader = csv.reader(io.StringIO(read_utf8(path)))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        fail(f"{path}: the file is empty")
    except csv.Error as exc:
        fail(f"{path}: line 1: {exc}")
    if not any(header):
        fail(f"{path}: line 1: the header is empty")
    rows: list[dict[str, str]] = []
    lines: dict[int, int] = {}
    try:
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                fail(f"{path}: more than {MAX_ROWS:,} rows; split the file")
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                where = f"row {len(rows) + 1} (line {reader.line_num})"
                fail(f"{path}: {where}: {len(cells)} fields, the header has {len(header)}")
            rows.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h})
            lines[len(rows)] = reader.line_num
    except csv.Error as exc:
        fail(f"{path}: line {reader.line_num}: {exc}")
    if not rows:
        fail(f"{path}: no data rows under the header")
    return rows, lines


def _where(path: Path, issue: RowIssueRead, lines: dict[int, int]) -> str:
    parts = [str(path)]
    if issue.row is not None:
        parts.append(f"row {issue.row} (line {lines.get(issue.row, issue.row + 1)})")
    if issue.column:
        parts.append(f"column {issue.column!r}")
    return ", ".join(parts)


@icp_app.command("score")
def score(
    file: Annotated[
        Path, typer.Argument(help="CSV of prospects: segment, industry, region, plan, seats, ...")
    ],
    workspace: Annotated[
        str, typer.Option(help="workspace slug whose customers the profile is learned from")
    ],
    strict: Annotated[bool, typer.Option(help="any bad row: score nothing (exit 2)")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Score each prospect 0-100 against the ideal customer profile learned from the workspace's history.
    Bad rows are named on stderr (file, row, column) and skipped; exit 2 when none can be scored."""
    rows, lines = _read(file)
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        try:
            report = icp_service.score_prospects(session=s, workspace_id=ws.id, rows=rows)
        except Invalid as exc:
            if exc.items:  # every row was bad: name each one
                for item in exc.items:
                    row = int(item.loc[2]) + 1
                    column = str(item.loc[3]) if len(item.loc) > 3 else None
                    issue = RowIssueRead(row=row, column=column, msg=item.msg)
                    err_console.print(
                        f"{_where(file, issue, lines)}: {item.msg}", highlight=False, soft_wrap=True
                    )
                fail(f"{file}: no row could be scored")
            raise
    for w in report.warnings:
        err_console.print(f"warning: {_where(file, w, lines)}: {w.msg}", highlight=False, soft_wrap=True)
    for e in report.errors:
        err_console.print(f"{_where(file, e, lines)}: {e.msg}", highlight=False, soft_wrap=True)
    if strict and report.errors:
        fail(f"{file}: {report.rejected} bad row(s); nothing scored (--strict)")
    if json_out:
        emit_json(report.model_dump(mode="json"))
        return
    _print_scores(report)


def _print_scores(report: ProspectScoreRead) -> None:
    table = Table(title=f"ICP fit of {report.scored} prospects ({report.rejected} rejected)")
    for column in ("row", "name", "fit", "P(stay)", "exp. NRR", "why"):
        table.add_column(
            column, justify="right" if column in ("row", "fit", "P(stay)", "exp. NRR") else "left"
        )
    for r in sorted(report.results, key=lambda r: -r.score):
        nrr = "—" if r.expected_nrr is None else f"{r.expected_nrr:.0%}"
        why = "\n".join(x.text for x in r.reasons[:2]) or "average on every attribute"
        table.add_row(str(r.row), r.name or "", str(r.score), f"{r.retention_probability:.0%}", nrr, why)
    console.print(table)


@icp_app.command("profile")
def profile(
    workspace: Annotated[str, typer.Option(help="workspace slug")],
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Which firmographic values go with staying and net revenue retention, with 95% intervals and counts."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        report = icp_service.profile(session=s, workspace_id=ws.id, best=10)
    if json_out:
        emit_json(report.model_dump(mode="json"))
        return
    if not report.ready:
        fail(f"workspace {workspace}: {report.message}")
    _print_profile(report)


def _print_profile(report: IcpProfile) -> None:
    o = report.overall
    assert o is not None and o.retention is not None
    nrr = "—" if o.nrr is None else f"{o.nrr:.0%}"
    console.print(f"{o.accounts} accounts with a renewal outcome: {o.retention:.0%} stayed; NRR {nrr}")
    table = Table(title="What goes with staying and NRR (95% intervals; '·' within chance)")
    for column in ("attribute", "value", "n", "stayed % (CI)", "", "NRR % (CI)", " "):
        table.add_column(column, justify="right" if column[:1] in ("n", "s", "N") else "left")
    for v in report.values:
        stayed = (
            "—"
            if v.retention is None
            else f"{_pct(v.retention)} ({_pct(v.retention_low)}-{_pct(v.retention_high)})"
        )
        vn = "—" if v.nrr is None else f"{_pct(v.nrr)} ({_pct(v.nrr_low)}-{_pct(v.nrr_high)})"
        table.add_row(v.label, v.value, str(v.accounts), stayed, _mark(v.effect), vn, _mark(v.nrr_effect))
    console.print(table)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}"


def _mark(effect: str) -> str:
    return {"lifts": "[green]lifts[/]", "sinks": "[red]sinks[/]", "too few to tell": "few"}.get(effect, "·")
