"""Read side of the event store and its quarantine."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from steward.domains.events.models import ActiveUserDay, Event, EventRejection, RollupMark, UsageDaily


def counts(session: Session, workspace_id: int) -> tuple[int, int, int]:
    """(events, accounts with events, distinct identified users with events)."""
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
    """Account -> distinct active users over [first, last]."""
    query = select(ActiveUserDay.account_id, func.count(func.distinct(ActiveUserDay.user_key))).where(
        ActiveUserDay.workspace_id == workspace_id, ActiveUserDay.day >= first, ActiveUserDay.day <= last
    )
    if account_ids is not None:
        query = query.where(ActiveUserDay.account_id.in_(list(account_ids)))
    return {int(a): int(n) for a, n in session.execute(query.group_by(ActiveUserDay.account_id))}


def event_totals(
    session: Session, workspace_id: int, first: date, last: date, account_ids: Collection[int] | None
) -> dict[int, int]:
    """Account -> events over [first, last]."""
    query = select(UsageDaily.account_id, func.sum(UsageDaily.count)).where(
        UsageDaily.workspace_id == workspace_id, UsageDaily.day >= first, UsageDaily.day <= last
    )
    if account_ids is not None:
        query = query.where(UsageDaily.account_id.in_(list(account_ids)))
    return {int(a): int(n or 0) for a, n in session.execute(query.group_by(UsageDaily.account_id))}


def first_use(
    session: Session, workspace_id: int, events: Collection[str], account_ids: Collection[int] | None
) -> dict[int, tuple[date, int]]:
    """Account -> (first day any of these events happened, how many of them it has ever used)."""
    if not events:
        return {}
    query = select(
        UsageDaily.account_id, func.min(UsageDaily.day), func.count(func.distinct(UsageDaily.event))
    ).where(UsageDaily.workspace_id == workspace_id, UsageDaily.event.in_(list(events)))
    if account_ids is not None:
        query = query.where(UsageDaily.account_id.in_(list(account_ids)))
    return {int(a): (d, int(n)) for a, d, n in session.execute(query.group_by(UsageDaily.account_id))}


def used_events(session: Session, workspace_id: int, account_id: int, events: Collection[str]) -> set[str]:
    query = (
        select(UsageDaily.event)
        .where(
            UsageDaily.workspace_id == workspace_id,
            UsageDaily.account_id == account_id,
            UsageDaily.event.in_(list(events)),
        )
        .distinct()
    )
    return set(session.scalars(query))


def daily(
    session: Session, workspace_id: int, account_id: int | None, first: date, last: date
) -> list[tuple[date, int, int]]:
    """(day, events, active users) for each day of [first, last] with any, for one account or (None) the
    whole workspace, where a person active at two accounts counts once."""
    sums = select(UsageDaily.day, func.sum(UsageDaily.count)).where(
        UsageDaily.workspace_id == workspace_id, UsageDaily.day >= first, UsageDaily.day <= last
    )
    people = func.count() if account_id is not None else func.count(func.distinct(ActiveUserDay.user_key))
    heads = select(ActiveUserDay.day, people).where(
        ActiveUserDay.workspace_id == workspace_id, ActiveUserDay.day >= first, ActiveUserDay.day <= last
    )
    if account_id is not None:
        sums = sums.where(UsageDaily.account_id == account_id)
        heads = heads.where(ActiveUserDay.account_id == account_id)
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
    query = (
        select(UsageDaily.event, func.sum(UsageDaily.count), func.count(func.distinct(UsageDaily.account_id)))
        .where(UsageDaily.workspace_id == workspace_id, UsageDaily.day >= since)
        .group_by(UsageDaily.event)
        .order_by(func.sum(UsageDaily.count).desc())
    )
    return [(str(e), int(n or 0), int(a)) for e, n, a in session.execute(query)]


def pruned_before(session: Session, workspace_id: int) -> date | None:
    """The day before which this workspace's raw events were pruned, if they were."""
    value = session.scalar(select(RollupMark.pruned_before).where(RollupMark.workspace_id == workspace_id))
    return value if isinstance(value, date) else None
