"""One sync run's records and the write of each batch: rows mapped and checked, unchanged rows skipped,
fields Steward owns kept, the rest upserted by the target's own service together with the cursor, in one
transaction per batch (the caller commits), so a run that dies resumes after the last committed batch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.orm import Session

from steward.core.bulk import upsert_rows
from steward.core.db import utcnow
from steward.core.errors import Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.sync import frame, inputs, queries, targets
from steward.domains.sync.models import SyncRecord, SyncRun, SyncSource
from steward.domains.sync.schemas import Problem, RunRead

MAX_PROBLEMS = 200  # kept per run; the refused count has them all
# Which records exist already, for the fields Steward owns (the sync writes them only when it creates one).
EXISTING = {
    "accounts": accounts_service.ids_by_external_id,
    "contacts": contacts_service.ids_by_external_id,
}


@dataclass(frozen=True)
class RunStart:
    run_id: int
    cursor: Any
    batch_size: int
    cursor_column: str | None


def _source(session: Session, workspace_id: int, source_id: int) -> SyncSource:
    src = queries.source(session, workspace_id, source_id)
    if src is None:
        raise NotFound("sync source", source_id)
    return src


def start_run(*, session: Session, workspace_id: int, source_id: int, trigger: str) -> RunStart:
    src = _source(session, workspace_id, source_id)
    queries.mark_interrupted(session, workspace_id, source_id)
    run = SyncRun(
        workspace_id=workspace_id, source_id=src.id, trigger=trigger, status="running", started_at=utcnow(),
        rows_read=0, created=0, updated=0, unchanged=0, refused=0, batches=0,
        cursor_before=src.cursor_value, cursor_after=src.cursor_value, problems=[],
    )  # fmt: skip
    session.add(run)
    session.flush()
    return RunStart(run.id, inputs.decode_cursor(src.cursor_value), src.batch_size, src.cursor_column)


def _run(session: Session, workspace_id: int, run_id: int) -> SyncRun:
    run = queries.run(session, workspace_id, run_id)
    if run is None:
        raise NotFound("sync run", run_id)
    return run


def note_null_cursors(*, session: Session, workspace_id: int, run_id: int, column: str, count: int) -> None:
    run = _run(session, workspace_id, run_id)
    msg = f"{count} rows have no value in the cursor column and were not read; give them one"
    run.refused += count
    run.problems = [*run.problems, {"row": None, "external_id": None, "column": column, "msg": msg}]
    session.flush()


def finish_run(*, session: Session, workspace_id: int, run_id: int, error: str | None = None) -> RunRead:
    run = _run(session, workspace_id, run_id)
    run.status = "failed" if error else "succeeded"
    run.error = error
    run.finished_at = utcnow()
    run.duration_ms = int((run.finished_at - run.started_at).total_seconds() * 1000)
    session.flush()
    return run_read(run)


def run_read(run: SyncRun) -> RunRead:
    return RunRead(
        id=run.id, source_id=run.source_id, trigger=run.trigger, status=run.status,
        started_at=run.started_at, finished_at=run.finished_at, duration_ms=run.duration_ms,
        rows_read=run.rows_read, created=run.created, updated=run.updated, unchanged=run.unchanged,
        refused=run.refused, batches=run.batches, error=run.error,
        cursor_before=run.cursor_before["value"] if run.cursor_before else None,
        cursor_after=run.cursor_after["value"] if run.cursor_after else None,
        problems=[Problem(**p) for p in run.problems],
    )  # fmt: skip


def list_runs(*, session: Session, workspace_id: int, source_id: int, limit: int) -> list[RunRead]:
    _source(session, workspace_id, source_id)
    return [run_read(r) for r in queries.runs(session, workspace_id, source_id, limit)]


def forget_records(*, session: Session, workspace_id: int, source_id: int) -> None:
    """Drop what the source wrote before (a full re-sync then rewrites every row)."""
    session.execute(
        delete(SyncRecord).where(SyncRecord.workspace_id == workspace_id, SyncRecord.source_id == source_id)
    )


@dataclass
class _Pending:
    row: int
    external_id: str
    digest: str
    item: BaseModel


@dataclass
class _Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def refuse(self, row: int, external_id: str | None, column: str | None, msg: str) -> None:
        self.problems.append({"row": row, "external_id": external_id, "column": column, "msg": msg})


def apply_batch(
    *,
    session: Session,
    workspace_id: int,
    source_id: int,
    run_id: int,
    columns: list[str],
    rows: Sequence[tuple[Any, ...]],
    first_row: int,
) -> None:
    """Write one batch and move the cursor past it; refused rows are named in the run with their row."""
    src = _source(session, workspace_id, source_id)
    run = _run(session, workspace_id, run_id)
    spec = targets.spec(src.target)
    plan = frame.Plan.build(columns, src.mapping)
    outcome = _Outcome()
    pending = _map_rows(rows, first_row, plan, spec.model, outcome)
    pending = _drop_duplicates(pending, outcome)
    stored = queries.digests(session, workspace_id, source_id, [p.external_id for p in pending])
    changed = [p for p in pending if stored.get(p.external_id) != p.digest]
    outcome.unchanged = len(pending) - len(changed)
    _keep_steward_fields(session, src, changed, stored)
    written = _write(session, workspace_id, spec.upsert, changed, outcome, plan)
    upsert_rows(
        session, SyncRecord.__table__,  # type: ignore[arg-type]
        [{"source_id": src.id, "external_id": p.external_id, "workspace_id": workspace_id, "digest": p.digest}
         for p in written],
        ("source_id", "external_id"), ["digest"],
    )  # fmt: skip
    if src.cursor_column:
        src.cursor_value = inputs.encode_cursor(rows[-1][columns.index(src.cursor_column)])
    run.cursor_after = src.cursor_value
    run.rows_read += len(rows)
    run.batches += 1
    run.created += outcome.created
    run.updated += outcome.updated
    run.unchanged += outcome.unchanged
    run.refused += len(outcome.problems)
    if outcome.problems and len(run.problems) < MAX_PROBLEMS:
        run.problems = [*run.problems, *outcome.problems][:MAX_PROBLEMS]
    session.flush()


def _map_rows(
    rows: Sequence[tuple[Any, ...]],
    first_row: int,
    plan: frame.Plan,
    model: type[BaseModel],
    outcome: _Outcome,
) -> list[_Pending]:
    pending = []
    for n, row in enumerate(rows, start=first_row):
        external_id = frame.as_text(row[plan.external_id_at]) if _is_text(row[plan.external_id_at]) else None
        try:
            values = frame.values_of(row, plan)
            item = frame.to_item(model, values, plan)
        except frame.RowProblem as exc:
            outcome.refuse(n, external_id, exc.column, exc.msg)
            continue
        pending.append(_Pending(n, str(values["external_id"]), frame.digest(values), item))
    return pending


def _is_text(value: Any) -> bool:
    return value is not None and not isinstance(value, bytes | bytearray | memoryview)


def _drop_duplicates(pending: list[_Pending], outcome: _Outcome) -> list[_Pending]:
    """An external id twice in one batch: which row is right is unknown, so every copy is refused."""
    counts = Counter(p.external_id for p in pending)
    rows_of: dict[str, list[int]] = {}
    for p in pending:
        rows_of.setdefault(p.external_id, []).append(p.row)
    kept = []
    for p in pending:
        if counts[p.external_id] > 1:
            others = ", ".join(str(r) for r in rows_of[p.external_id] if r != p.row)
            outcome.refuse(
                p.row, p.external_id, None, f"external_id {p.external_id!r} appears again in row {others}"
            )
        else:
            kept.append(p)
    return kept


def _keep_steward_fields(
    session: Session, src: SyncSource, pending: list[_Pending], stored: dict[str, str]
) -> None:
    """Fields Steward owns are written when the sync creates a record, never over a record that exists."""
    owned = {f for f, owner in src.owners.items() if owner == "steward"}
    if not owned or not pending:
        return
    lookup = EXISTING.get(src.target)
    externals = [p.external_id for p in pending]
    if lookup is not None:
        existing = set(lookup(session=session, workspace_id=src.workspace_id, external_ids=externals))
    else:  # no lookup for this target: the records this source wrote before
        existing = set(stored)
    plain = {("amount_minor" if f == "amount" else f) for f in owned if not f.startswith(frame.CUSTOM)}
    custom = {f.removeprefix(frame.CUSTOM) for f in owned if f.startswith(frame.CUSTOM)}
    for p in pending:
        if p.external_id in existing:
            p.item.model_fields_set.difference_update(plain)
            values = getattr(p.item, "custom", None)
            if custom and isinstance(values, dict):
                for key in custom:
                    values.pop(key, None)


def _write(
    session: Session,
    workspace_id: int,
    upsert: Any,
    pending: list[_Pending],
    outcome: _Outcome,
    plan: frame.Plan,
) -> list[_Pending]:
    """Upsert in a savepoint; rows the target's service refuses (an unknown account, ...) are named and
    the rest written again without them."""
    while pending:
        try:
            with session.begin_nested():
                result = upsert(
                    session=session, workspace_id=workspace_id, items=[p.item for p in pending], loc=("rows",)
                )
        except Invalid as exc:
            bad: dict[int, tuple[str | None, str]] = {}
            for item in exc.details():
                if len(item.loc) >= 2 and item.loc[0] == "rows" and isinstance(item.loc[1], int):
                    field = str(item.loc[2]) if len(item.loc) > 2 else None
                    if field == "custom" and len(item.loc) > 3:
                        field = frame.CUSTOM + str(item.loc[3])
                    column = (plan.column_of(field) or field) if field else None
                    bad.setdefault(item.loc[1], (column, item.msg))
            if not bad:
                raise
            for i, (column, msg) in sorted(bad.items()):
                outcome.refuse(pending[i].row, pending[i].external_id, column, msg)
            pending = [p for i, p in enumerate(pending) if i not in bad]
            continue
        outcome.created += result.created
        outcome.updated += result.updated
        return pending
    return []


# --- schedule -----------------------------------------------------------------------------------------------

MAX_WAIT = timedelta(hours=24)
FAILED = ("failed", "interrupted")


def next_run_at(
    every_minutes: int | None, recent: Sequence[SyncRun], created_at: datetime
) -> datetime | None:
    """When a scheduled source runs next: its interval after the last run started, doubled for each failure
    in a row (at most a day), so a source that keeps failing is not hammered. None: no schedule."""
    if every_minutes is None:
        return None
    if not recent:
        return created_at  # never run: due at once
    failures = 0
    for run in recent:  # newest first
        if run.status not in FAILED:
            break
        failures += 1
    wait = min(timedelta(minutes=every_minutes) * (1 << min(failures, 10)), MAX_WAIT)
    return recent[0].started_at + wait


def due_sources(*, session: Session, now: datetime) -> list[tuple[int, int]]:
    """(workspace_id, source_id) of every scheduled source due by now, across workspaces (the scheduler's
    job); a source still running is not due."""
    due = []
    for src in queries.scheduled_sources(session):
        recent = queries.runs(session, src.workspace_id, src.id, limit=8)
        if recent and recent[0].status == "running":
            continue
        when = next_run_at(src.every_minutes, recent, src.created_at)
        if when is not None and when <= now:
            due.append((src.workspace_id, src.id))
    return due


def status(*, session: Session, workspace_id: int, source_id: int) -> tuple[RunRead | None, datetime | None]:
    """The last run and when the schedule runs the source next."""
    src = _source(session, workspace_id, source_id)
    recent = queries.runs(session, workspace_id, source_id, limit=8)
    return (run_read(recent[0]) if recent else None), next_run_at(src.every_minutes, recent, src.created_at)
