"""Monthly partitions of the events table on PostgreSQL (range of `timestamp`, UTC months). Rows of a month
without a partition land in `events_default`; the daily job gives each such month a partition of its own
(moving its rows in one transaction) and keeps the current and next month ready, so live traffic goes
straight to its month. Once pruning has emptied a month past the horizon, its partition is dropped, which
returns the space at once. SQLite keeps one table; every function here does nothing there."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

DEFAULT = "events_default"
NAME = re.compile(r"^events_p(\d{4})_(\d{2})$")
LOCK = 7_401_123  # advisory lock: one maintenance pass at a time across processes


def is_partition(table: str | None) -> bool:
    """A partition of `events`: part of that table, not a table of the models (for schema comparison)."""
    return table == DEFAULT or bool(NAME.match(table or ""))


def include_name(name: str | None, type_: str, parent_names: Mapping[Any, str | None]) -> bool:
    """For Alembic's autogenerate: the partitions and their indexes are made at run time, not by the
    models, so schema comparison leaves them out."""
    if type_ == "table":
        return not is_partition(name)
    if type_ == "index":
        return not is_partition(parent_names.get("table_name"))
    return True


def name_of(month: date) -> str:
    return f"events_p{month.year:04d}_{month.month:02d}"


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def partitioned(session: Session) -> bool:
    return bool(session.get_bind().dialect.name == "postgresql")


def existing(session: Session) -> list[date]:
    """The months that have a partition, in order."""
    if not partitioned(session):
        return []
    names = session.scalars(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'"
        )
    )
    months = []
    for name in names:
        found = NAME.match(str(name))
        if found:
            months.append(date(int(found[1]), int(found[2]), 1))
    return sorted(months)


def ensure(session: Session, today: date) -> list[date]:
    """Give every month found in the default partition, and the current and next month, a partition;
    returns the months created."""
    if not partitioned(session):
        return []
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
    in_month = "CAST(date_trunc('month', timezone('UTC', \"timestamp\")) AS DATE)"
    stray = session.scalars(text(f"SELECT DISTINCT {in_month} FROM {DEFAULT}"))
    wanted = {month_of(today), next_month(month_of(today)), *(_as_date(m) for m in stray)}
    have = set(existing(session))
    created = sorted(wanted - have)
    for month in created:
        _create(session, month)
    return created


def drop_empty_before(session: Session, horizon: date) -> list[date]:
    """Drop the partitions of months that end on or before `horizon` and hold no rows; returns them."""
    if not partitioned(session):
        return []
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
    dropped = []
    for month in existing(session):
        if next_month(month) > horizon:
            continue
        name = name_of(month)
        if session.execute(text(f"SELECT 1 FROM {name} LIMIT 1")).first() is None:
            session.connection().exec_driver_sql(f"DROP TABLE {name}")
            dropped.append(month)
    return dropped


def _create(session: Session, month: date) -> None:
    """A new partition for the month, with the month's rows moved in from the default partition first (a
    partition cannot be attached while the default holds rows in its range)."""
    name = name_of(month)
    low, high = _bound(month), _bound(next_month(month))
    within = f"\"timestamp\" >= '{low}' AND \"timestamp\" < '{high}'"
    connection = session.connection()
    for statement in (
        f"CREATE TABLE {name} (LIKE events INCLUDING DEFAULTS)",
        f"INSERT INTO {name} SELECT * FROM {DEFAULT} WHERE {within}",
        f"DELETE FROM {DEFAULT} WHERE {within}",
        f"ALTER TABLE events ATTACH PARTITION {name} FOR VALUES FROM ('{low}') TO ('{high}')",
    ):
        connection.exec_driver_sql(statement)


def _bound(month: date) -> str:
    return datetime(month.year, month.month, 1, tzinfo=UTC).isoformat()


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
