"""Compaction of the event log to Parquet for history: one file per workspace and day under
`<data dir>/events/workspace=<id>/day=<YYYY-MM-DD>/events.parquet`, written whole to a temporary file and
renamed, so a rerun replaces a day exactly and a reader never sees half a file."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.clock import today_utc
from steward.domains.events.models import Event
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
    first = today - timedelta(days=days)
    day = day_of(session)
    found = session.scalars(
        select(day)
        .where(
            Event.workspace_id == workspace_id,
            Event.timestamp >= _start(first),
            Event.timestamp < _start(today),
        )
        .distinct()
    )
    written = []
    for value in sorted(found):
        d = value if isinstance(value, date) else date.fromisoformat(str(value))
        _write_day(session, workspace_id, d, workspace_dir(root, workspace_id))
        written.append(d)
    return written


def _write_day(session: Session, workspace_id: int, day: date, base: Path) -> None:
    rows = session.execute(
        select(
            Event.message_id,
            Event.type,
            Event.event,
            Event.user_id,
            Event.anonymous_id,
            Event.group_id,
            Event.account_id,
            Event.timestamp,
            Event.properties,
        )
        .where(
            Event.workspace_id == workspace_id,
            Event.timestamp >= _start(day),
            Event.timestamp < _start(day + timedelta(days=1)),
        )
        .order_by(Event.id)
    ).all()
    folder = base / f"day={day.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".events.{os.getpid()}.parquet"
    frame = pd.DataFrame([(*row[:8], _json(row[8]), day) for row in rows], columns=list(COLUMNS))
    casts = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in zip(COLUMNS, TYPES, strict=True))
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.register("day_rows", frame)
        target = _quoted(temporary)
        con.execute(f"COPY (SELECT {casts} FROM day_rows) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    finally:
        con.close()
    temporary.replace(folder / "events.parquet")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()
