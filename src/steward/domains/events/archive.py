"""Compaction of the event log to Parquet for history: one file per workspace and day under
`<data dir>/events/workspace=<id>/day=<YYYY-MM-DD>/events.parquet`, written whole to a temporary file and
renamed, so a rerun replaces a day exactly and a reader never sees half a file. A day's file keeps the
events it held that are no longer in the raw log (pruned), so compaction after pruning loses nothing.

Pruning (retention): the raw events of days older than the horizon are deleted once the day's file is
checked to hold every one of them; from then on the file is the record of that day."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from steward.core.clock import start_of_day, today_utc
from steward.domains.events import tallies
from steward.domains.events.models import Event, EventKey, RollupMark
from steward.domains.events.rollups import day_of

COLUMNS = (
    "message_id",
    "type",
    "event",
    "user_id",
    "anonymous_id",
    "group_id",
    "account_id",
    "timestamp",
    "properties",
    "day",  # the UTC day of the timestamp, as the rollups count it
)
TYPES = (
    *("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "BIGINT", "TIMESTAMPTZ"),
    *("VARCHAR", "DATE"),
)


def workspace_dir(root: Path, workspace_id: int) -> Path:
    return root / "events" / f"workspace={workspace_id}"


def compact(
    session: Session, workspace_id: int, root: Path, days: int = 180, today: date | None = None
) -> list[date]:
    """Write every complete day of the last `days` (yesterday and before) that has events; returns them."""
    today = today or today_utc()
    written = []
    for d in _days_with_events(session, workspace_id, today - timedelta(days=days), today):
        write_day(session, workspace_id, d, workspace_dir(root, workspace_id))
        written.append(d)
    return written


def prune(session: Session, workspace_id: int, root: Path, keep_days: int, today: date | None = None) -> int:
    """Delete the raw events of days more than `keep_days` back, each day after its file is written and
    checked to hold all of them, and only once the rollups have taken them in. Returns the events deleted."""
    today = today or today_utc()
    horizon = today - timedelta(days=keep_days)
    mark = session.get(RollupMark, workspace_id)
    if mark is None:
        return 0  # nothing rolled up yet: the rollups still need the raw events
    deleted = 0
    for d in _days_with_events(session, workspace_id, None, horizon):
        in_day = _in_day(workspace_id, d)
        if (session.scalar(select(func.max(Event.id)).where(*in_day)) or 0) > mark.last_event_id:
            continue  # not rolled up yet; the next pass gets it
        write_day(session, workspace_id, d, workspace_dir(root, workspace_id))
        deleted += session.execute(delete(Event).where(*in_day)).rowcount or 0  # type: ignore[attr-defined]
        session.execute(delete(EventKey).where(EventKey.workspace_id == workspace_id, EventKey.day == d))
    if deleted:
        tallies.recount(session, workspace_id)
    if mark.pruned_before is None or mark.pruned_before < horizon:
        mark.pruned_before = horizon
    session.flush()
    return deleted


def _days_with_events(session: Session, workspace_id: int, first: date | None, end: date) -> list[date]:
    day = day_of(session)
    query = (
        select(day).where(Event.workspace_id == workspace_id, Event.timestamp < start_of_day(end)).distinct()
    )
    if first is not None:
        query = query.where(Event.timestamp >= start_of_day(first))
    return sorted(v if isinstance(v, date) else date.fromisoformat(str(v)) for v in session.scalars(query))


def _in_day(workspace_id: int, day: date) -> tuple[Any, ...]:
    return (
        Event.workspace_id == workspace_id,
        Event.timestamp >= start_of_day(day),
        Event.timestamp < start_of_day(day + timedelta(days=1)),
    )


def write_day(session: Session, workspace_id: int, day: date, base: Path) -> int:
    """The day's raw events, plus those of an earlier file for the day that the raw log no longer holds,
    into a new file; checked to hold every raw event before it replaces the old one. Returns its rows."""
    rows = session.execute(
        select(*(getattr(Event, c) for c in COLUMNS[:-1]))
        .where(*_in_day(workspace_id, day))
        .order_by(Event.id)
    ).all()
    folder = base / f"day={day.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    final, temporary = folder / "events.parquet", folder / f".events.{os.getpid()}.parquet"
    frame = pd.DataFrame([(*row[:8], _json(row[8]), day) for row in rows], columns=list(COLUMNS))
    casts = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in zip(COLUMNS, TYPES, strict=True))
    source = f"SELECT {casts} FROM day_rows"
    if final.exists():
        kept = ", ".join(COLUMNS[:-1])
        source += (
            f" UNION ALL SELECT {kept}, CAST(timestamp AS DATE) AS day FROM read_parquet('{_quoted(final)}')"
            " WHERE message_id NOT IN (SELECT message_id FROM day_rows)"
        )
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.register("day_rows", frame)
        con.execute(f"COPY ({source}) TO '{_quoted(temporary)}' (FORMAT parquet, COMPRESSION zstd)")
        written = f"read_parquet('{_quoted(temporary)}')"
        ((missing,),) = con.execute(
            f"SELECT COUNT(*) FROM day_rows WHERE message_id NOT IN (SELECT message_id FROM {written})"
        ).fetchall()
        ((total,),) = con.execute(f"SELECT COUNT(*) FROM {written}").fetchall()
    finally:
        con.close()
    if missing:
        temporary.unlink(missing_ok=True)
        raise RuntimeError(f"{temporary} lacks {missing} of the day's events; nothing replaced or pruned")
    temporary.replace(final)
    return int(total)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()
