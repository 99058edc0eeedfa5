"""Read side of the event store and its quarantine."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from steward.domains.events.models import (
    ActiveUserDay,
    Event,
    EventRejection,
    RollupMark,
    UsageAccountDaily,
    UsageDaily,
    UsageEventDaily,
    UsageFirstDay,
    UsageLastDay,
    UsagePersonLastDay,
    UsageWorkspaceDaily,
)


def counts(session: Session, workspace_id: int) -> tuple[int, int, int]:
    """(events, accounts with events, distinct identified users with events), counted over the whole log:
    what `tallies.read` answers without the scan (the tests check one against the other)."""
    row = session.execute(
        select(
            func.count(),
            func.count(func.distinct(Event.account_id)),
            func.count(func.distinct(Event.user_id)),
        ).where(Event.workspace_id == workspace_id)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def open_rejections(session: Session, workspace_id: int) -> int:
    query = select(func.count()).where(
        EventRejection.workspace_id == workspace_id, EventRejection.replayed_at.is_(None)
    )
    return int(session.scalar(query) or 0)


def rejections(
    session: Session, workspace_id: int, limit: int, offset: int
) -> tuple[int, list[EventRejection]]:
    base = select(EventRejection).where(
        EventRejection.workspace_id == workspace_id, EventRejection.replayed_at.is_(None)
    )
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.scalars(base.order_by(EventRejection.id.desc()).limit(limit).offset(offset))
    return int(total), list(rows)


def rejection(session: Session, workspace_id: int, rejection_id: int) -> EventRejection | None:
    return session.scalar(
        select(EventRejection).where(
            EventRejection.workspace_id == workspace_id, EventRejection.id == rejection_id
        )
    )


def active_users(
    session: Session, workspace_id: int, first: date, last: date, account_ids: Collection[int] | None
) -> dict[int, int]:
    """Account -> distinct active users over [first, last]. A window that reaches the newest rolled-up day
    counts each person's last day at the account (one row per person); an older one counts the days."""
    newest = session.scalar(
        select(func.max(UsageWorkspaceDaily.day)).where(UsageWorkspaceDaily.workspace_id == workspace_id)
    )
    if newest is None or _day(newest) <= last:
        p = UsagePersonLastDay
        query = select(p.account_id, func.count()).where(p.workspace_id == workspace_id, p.day >= first)
        if account_ids is not None:
            query = query.where(p.account_id.in_(list(account_ids)))
        return {int(a): int(n) for a, n in session.execute(query.group_by(p.account_id))}
    query = select(ActiveUserDay.account_id, func.count(func.distinct(ActiveUserDay.user_key))).where(
        ActiveUserDay.workspace_id == workspace_id, ActiveUserDay.day >= first, ActiveUserDay.day <= last
    )
    if account_ids is not None:
        query = query.where(ActiveUserDay.account_id.in_(list(account_ids)))
    return {int(a): int(n) for a, n in session.execute(query.group_by(ActiveUserDay.account_id))}


def event_totals(
    session: Session, workspace_id: int, first: date, last: date, account_ids: Collection[int] | None
) -> dict[int, int]:
    """Account -> events over [first, last] (from the per-account daily rollup)."""
    t = UsageAccountDaily
    query = select(t.account_id, func.sum(t.events)).where(
        t.workspace_id == workspace_id, t.day >= first, t.day <= last
    )
    if account_ids is not None:
        query = query.where(t.account_id.in_(list(account_ids)))
    return {int(a): int(n or 0) for a, n in session.execute(query.group_by(t.account_id))}


def first_use(
    session: Session, workspace_id: int, events: Collection[str], account_ids: Collection[int] | None
) -> dict[int, tuple[date, int]]:
    """Account -> (first day any of these events happened, how many of them it has ever used)."""
    if not events:
        return {}
    f = UsageFirstDay  # one row per account and event ever used, however long the history
    query = select(f.account_id, func.min(f.day), func.count()).where(
        f.workspace_id == workspace_id, f.event.in_(list(events))
    )
    if account_ids is not None:
        query = query.where(f.account_id.in_(list(account_ids)))
    return {int(a): (_day(d), int(n)) for a, d, n in session.execute(query.group_by(f.account_id))}


def used_events(session: Session, workspace_id: int, account_id: int, events: Collection[str]) -> set[str]:
    query = select(UsageFirstDay.event).where(
        UsageFirstDay.workspace_id == workspace_id,
        UsageFirstDay.account_id == account_id,
        UsageFirstDay.event.in_(list(events)),
    )
    return set(session.scalars(query))


def daily(
    session: Session, workspace_id: int, account_id: int | None, first: date, last: date
) -> list[tuple[date, int, int]]:
    """(day, events, active users) for each day of [first, last] with any, for one account or (None) the
    whole workspace, where a person active at two accounts counts once."""
    if account_id is None:  # the workspace's own rollup rows
        w = UsageWorkspaceDaily
        rows = session.execute(
            select(w.day, w.events, w.active_users)
            .where(w.workspace_id == workspace_id, w.day >= first, w.day <= last)
            .order_by(w.day)
        )
        return [(_day(d), int(e), int(u)) for d, e, u in rows]
    sums = select(UsageDaily.day, func.sum(UsageDaily.count)).where(
        UsageDaily.workspace_id == workspace_id,
        UsageDaily.account_id == account_id,
        UsageDaily.day >= first,
        UsageDaily.day <= last,
    )
    heads = select(ActiveUserDay.day, func.count()).where(
        ActiveUserDay.workspace_id == workspace_id,
        ActiveUserDay.account_id == account_id,
        ActiveUserDay.day >= first,
        ActiveUserDay.day <= last,
    )
    events = {row[0]: row[1] for row in session.execute(sums.group_by(UsageDaily.day))}
    users = {row[0]: row[1] for row in session.execute(heads.group_by(ActiveUserDay.day))}
    return [(d, int(events[d] or 0), int(users.get(d, 0))) for d in sorted(events)]


def account_days(
    session: Session,
    workspace_id: int,
    since: date,
    keys: Collection[str],
    account_ids: Collection[int] | None,
) -> list[tuple[int, date, int, int, int]]:
    """(account, day, events, key events, active users) of every account-day with usage since `since`."""
    key = func.sum(case((UsageDaily.event.in_(list(keys) or [""]), UsageDaily.count), else_=0))
    sums = select(UsageDaily.account_id, UsageDaily.day, func.sum(UsageDaily.count), key).where(
        UsageDaily.workspace_id == workspace_id, UsageDaily.day >= since
    )
    heads = select(ActiveUserDay.account_id, ActiveUserDay.day, func.count()).where(
        ActiveUserDay.workspace_id == workspace_id, ActiveUserDay.day >= since
    )
    if account_ids is not None:
        sums = sums.where(UsageDaily.account_id.in_(list(account_ids)))
        heads = heads.where(ActiveUserDay.account_id.in_(list(account_ids)))
    users = {
        (int(a), d): int(n)
        for a, d, n in session.execute(heads.group_by(ActiveUserDay.account_id, ActiveUserDay.day))
    }
    rows = session.execute(sums.group_by(UsageDaily.account_id, UsageDaily.day))
    return [(int(a), d, int(n or 0), int(k or 0), users.get((int(a), d), 0)) for a, d, n, k in rows]


def open_rejection_rows(
    session: Session, workspace_id: int, ids: Collection[int] | None
) -> list[EventRejection]:
    query = select(EventRejection).where(
        EventRejection.workspace_id == workspace_id, EventRejection.replayed_at.is_(None)
    )
    if ids is not None:
        query = query.where(EventRejection.id.in_(list(ids)))
    return list(session.scalars(query.order_by(EventRejection.id).limit(10_000)))


def workspaces_with_events(session: Session) -> list[int]:
    return [int(w) for w in session.scalars(select(Event.workspace_id).distinct())]


def recent(session: Session, workspace_id: int, limit: int) -> list[Event]:
    query = select(Event).where(Event.workspace_id == workspace_id).order_by(Event.id.desc()).limit(limit)
    return list(session.scalars(query))


def event_counts(session: Session, workspace_id: int, since: date) -> list[tuple[str, int, int]]:
    """(event, times, accounts that used it) since `since`, the most used first: the times from the
    per-event daily rollup, the accounts from each account's last day of each event."""
    times = select(UsageEventDaily.event, func.sum(UsageEventDaily.events)).where(
        UsageEventDaily.workspace_id == workspace_id, UsageEventDaily.day >= since
    )
    users = select(UsageLastDay.event, func.count()).where(
        UsageLastDay.workspace_id == workspace_id, UsageLastDay.day >= since
    )
    accounts = {str(e): int(n) for e, n in session.execute(users.group_by(UsageLastDay.event))}
    counts = [(str(e), int(n or 0)) for e, n in session.execute(times.group_by(UsageEventDaily.event))]
    return [(e, n, accounts.get(e, 0)) for e, n in sorted(counts, key=lambda c: (-c[1], c[0]))]


def pruned_before(session: Session, workspace_id: int) -> date | None:
    """The day before which this workspace's raw events were pruned, if they were."""
    value = session.scalar(select(RollupMark.pruned_before).where(RollupMark.workspace_id == workspace_id))
    return value if isinstance(value, date) else None


def _day(value: object) -> date:
    """A Date column's value from an aggregate (SQLite hands min() back as text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
