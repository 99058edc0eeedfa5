"""Compaction of the event log to Parquet for history: one file per workspace and day under
`<data dir>/events/workspace=<id>/day=<YYYY-MM-DD>/events.parquet`, written whole to a temporary file and
renamed, so a rerun replaces a day exactly and a reader never sees half a file."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.clock import today_utc
from steward.domains.events.models import Event
from steward.domains.events.rollups import day_of

SCHEMA = pa.schema(
    [
        ("message_id", pa.string()),
        ("type", pa.string()),
        ("event", pa.string()),
        ("user_id", pa.string()),
        ("anonymous_id", pa.string()),
        ("group_id", pa.string()),
        ("account_id", pa.int64()),
        ("timestamp", pa.timestamp("us", tz="UTC")),
        ("properties", pa.string()),
    ]
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
    columns: dict[str, list[Any]] = {name: [] for name in SCHEMA.names}
    for row in rows:
        for name, value in zip(SCHEMA.names, row, strict=True):
            columns[name].append(value if name != "properties" else _json(value))
    folder = base / f"day={day.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".events.{os.getpid()}.parquet"
    pq.write_table(pa.table(columns, schema=SCHEMA), temporary, compression="zstd")
    temporary.replace(folder / "events.parquet")


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()
