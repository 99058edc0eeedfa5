"""Daily usage rollups, maintained incrementally: the days that new events touch are rebuilt whole from
the raw events (deleted and recomputed in one transaction), so a rerun or a crash half way gives exactly
the same numbers, and late events are counted on the day they happened."""

from __future__ import annotations

import operator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, String, case, cast, delete, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from steward.core import changes
from steward.core.clock import now_utc
from steward.domains.events.models import (
    ActiveUserDay,
    Event,
    RollupMark,
    UsageAccountDaily,
    UsageDaily,
    UsageEventDaily,
    UsageFirstDay,
    UsageLastDay,
    UsagePersonLastDay,
    UsageWorkspaceDaily,
)

# Events committed this long ago are safe to read: a batch still in flight with lower ids commits first.
SETTLE_SECONDS = 10
COUNTED = ("track", "page")
DAYS_PER_PASS = 31


def day_of(session: Session) -> Any:
    """The UTC day of an event's timestamp, in the database's own dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", Event.timestamp), Date)
    return func.date(Event.timestamp)


def user_key() -> Any:
    """'u:<userId>', else 'a:<anonymousId>': one person counted once."""
    return func.coalesce(literal("u:") + Event.user_id, literal("a:") + Event.anonymous_id, literal("?"))


def roll_up(session: Session, workspace_id: int, settle_seconds: int = SETTLE_SECONDS) -> int:
    """Take in the events that arrived since the last pass; returns how many days were rebuilt."""
    mark = session.get(RollupMark, workspace_id)
    if mark is None:
        mark = RollupMark(workspace_id=workspace_id, last_event_id=0)
        session.add(mark)
        session.flush()
    settled = now_utc() - timedelta(seconds=settle_seconds)
    upto = session.scalar(
        select(func.max(Event.id)).where(Event.workspace_id == workspace_id, Event.received_at <= settled)
    )
    if upto is None or upto <= mark.last_event_id:
        return 0
    day = day_of(session)
    touched = sorted(
        _as_date(d)
        for d in session.scalars(
            select(day)
            .where(
                Event.workspace_id == workspace_id,
                Event.id > mark.last_event_id,
                Event.id <= upto,
                Event.type.in_(COUNTED),
            )
            .distinct()
        )
    )
    if mark.pruned_before is not None:  # those days' raw events are gone: a rebuild would undercount them
        touched = [d for d in touched if d >= mark.pruned_before]
    for start in range(0, len(touched), DAYS_PER_PASS):
        rebuild(session, workspace_id, touched[start : start + DAYS_PER_PASS])
    accounts = session.scalars(
        select(Event.account_id)
        .where(
            Event.workspace_id == workspace_id,
            Event.id > mark.last_event_id,
            Event.id <= upto,
            Event.account_id.is_not(None),
        )
        .distinct()
    )
    changes.record(session, workspace_id, [int(a) for a in accounts if a is not None])  # rules read usage
    mark.last_event_id = int(upto)
    session.flush()
    return len(touched)


def rebuild(session: Session, workspace_id: int, days: list[date]) -> None:
    """Delete these days' rollups and compute them again from every event of those days."""
    if not days:
        return
    for table in (UsageDaily, ActiveUserDay):
        session.execute(delete(table).where(table.workspace_id == workspace_id, table.day.in_(days)))
    day = day_of(session)
    scope = (
        Event.workspace_id == workspace_id,
        Event.type.in_(COUNTED),
        Event.account_id.is_not(None),
        day.in_([d.isoformat() for d in days])
        if session.get_bind().dialect.name == "sqlite"
        else day.in_(days),
    )
    who = user_key()
    counts = (
        select(
            literal(workspace_id),
            day,
            Event.account_id,
            Event.event,
            func.count(),
            func.count(func.distinct(who)),
        )
        .where(*scope)
        .group_by(day, Event.account_id, Event.event)
    )
    session.execute(
        insert(UsageDaily).from_select(
            ["workspace_id", "day", "account_id", "event", "count", "users"], counts
        )
    )
    people = select(literal(workspace_id), day, Event.account_id, cast(who, String)).where(*scope).distinct()
    session.execute(
        insert(ActiveUserDay).from_select(["workspace_id", "day", "account_id", "user_key"], people)
    )
    _workspace_days(session, workspace_id, days)
    _first_and_last_days(session, workspace_id, days)


def _workspace_days(session: Session, workspace_id: int, days: list[date]) -> None:
    """These days' totals per account and for the workspace, from the rows just written."""
    for table in (UsageAccountDaily, UsageEventDaily, UsageWorkspaceDaily):
        session.execute(delete(table).where(table.workspace_id == workspace_id, table.day.in_(days)))
    per_event = (
        select(UsageDaily.workspace_id, UsageDaily.day, UsageDaily.event, func.sum(UsageDaily.count))
        .where(UsageDaily.workspace_id == workspace_id, UsageDaily.day.in_(days))
        .group_by(UsageDaily.workspace_id, UsageDaily.day, UsageDaily.event)
    )
    session.execute(
        insert(UsageEventDaily).from_select(["workspace_id", "day", "event", "events"], per_event)
    )
    per_account = (
        select(UsageDaily.workspace_id, UsageDaily.day, UsageDaily.account_id, func.sum(UsageDaily.count))
        .where(UsageDaily.workspace_id == workspace_id, UsageDaily.day.in_(days))
        .group_by(UsageDaily.workspace_id, UsageDaily.day, UsageDaily.account_id)
    )
    session.execute(
        insert(UsageAccountDaily).from_select(["workspace_id", "day", "account_id", "events"], per_account)
    )
    sums = select(UsageDaily.day, func.sum(UsageDaily.count)).where(
        UsageDaily.workspace_id == workspace_id, UsageDaily.day.in_(days)
    )
    heads = select(ActiveUserDay.day, func.count(func.distinct(ActiveUserDay.user_key))).where(
        ActiveUserDay.workspace_id == workspace_id, ActiveUserDay.day.in_(days)
    )
    users = {d: int(n) for d, n in session.execute(heads.group_by(ActiveUserDay.day))}
    rows = [
        {"workspace_id": workspace_id, "day": d, "events": int(n or 0), "active_users": users.get(d, 0)}
        for d, n in session.execute(sums.group_by(UsageDaily.day))
    ]
    if rows:
        session.execute(insert(UsageWorkspaceDaily), rows)


def _first_and_last_days(session: Session, workspace_id: int, days: list[date]) -> None:
    """Move each account's first day of an event back, and its last day and each person's last day at it
    on, to the earliest and latest of these days that have them."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for table, edge, moves in (
        (UsageFirstDay, func.min(UsageDaily.day), operator.lt),
        (UsageLastDay, func.max(UsageDaily.day), operator.gt),
    ):
        edges = (
            select(UsageDaily.workspace_id, UsageDaily.account_id, UsageDaily.event, edge)
            .where(UsageDaily.workspace_id == workspace_id, UsageDaily.day.in_(days))
            .group_by(UsageDaily.workspace_id, UsageDaily.account_id, UsageDaily.event)
        )
        stmt = dialect.insert(table).from_select(["workspace_id", "account_id", "event", "day"], edges)
        day = case((moves(stmt.excluded.day, table.day), stmt.excluded.day), else_=table.day)
        key = ["workspace_id", "account_id", "event"]
        session.execute(stmt.on_conflict_do_update(index_elements=key, set_={"day": day}))
    latest = (
        select(
            ActiveUserDay.workspace_id,
            ActiveUserDay.account_id,
            ActiveUserDay.user_key,
            func.max(ActiveUserDay.day),
        )
        .where(ActiveUserDay.workspace_id == workspace_id, ActiveUserDay.day.in_(days))
        .group_by(ActiveUserDay.workspace_id, ActiveUserDay.account_id, ActiveUserDay.user_key)
    )
    people = dialect.insert(UsagePersonLastDay).from_select(
        ["workspace_id", "account_id", "user_key", "day"], latest
    )
    later = case(
        (people.excluded.day > UsagePersonLastDay.day, people.excluded.day), else_=UsagePersonLastDay.day
    )
    key = ["workspace_id", "account_id", "user_key"]
    session.execute(people.on_conflict_do_update(index_elements=key, set_={"day": later}))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
