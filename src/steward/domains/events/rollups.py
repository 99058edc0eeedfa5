"""Daily usage rollups, maintained incrementally: the days that new events touch are rebuilt whole from
the raw events (deleted and recomputed in one transaction), so a rerun or a crash half way gives exactly
the same numbers, and late events are counted on the day they happened."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, String, cast, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from steward.core import changes
from steward.core.clock import now_utc
from steward.domains.events.models import ActiveUserDay, Event, RollupMark, UsageDaily

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


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
