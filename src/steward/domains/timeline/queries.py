"""Read side of the timeline."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from steward.core.pagination import SortSpec, apply_keyset, encode_cursor
from steward.domains.timeline.models import Activity, activity_contacts

# Survey answers are on the timeline as the customer's voice; engagement measures count the team's work.
CUSTOMER_VOICE = "survey"
# Logged by Steward, not by the team: no engagement (survey answers, billing trouble from Stripe invoices).
NOT_ENGAGEMENT = (CUSTOMER_VOICE, "billing")


def get(session: Session, workspace_id: int, activity_id: int) -> Activity | None:
    return session.scalar(
        select(Activity).where(Activity.workspace_id == workspace_id, Activity.id == activity_id)
    )


def contact_ids(session: Session, activity_ids: Sequence[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {a: [] for a in activity_ids}
    if not activity_ids:
        return out
    rows = session.execute(
        select(activity_contacts.c.activity_id, activity_contacts.c.contact_id)
        .where(activity_contacts.c.activity_id.in_(activity_ids))
        .order_by(activity_contacts.c.contact_id)
    )
    for activity_id, contact_id in rows:
        out[activity_id].append(contact_id)
    return out


def page_for_account(
    session: Session,
    workspace_id: int,
    account_id: int,
    kinds: Sequence[str] | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Activity], str | None]:
    """Newest first, keyset on (occurred_at, id)."""
    stmt = select(Activity).where(Activity.workspace_id == workspace_id, Activity.account_id == account_id)
    if kinds:
        stmt = stmt.where(Activity.kind.in_(kinds))
    rows = list(
        session.scalars(apply_keyset(stmt, SortSpec(Activity.occurred_at, True), Activity.id, cursor, limit))
    )
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor([rows[-1].occurred_at.isoformat(), rows[-1].id])


def model_activities(
    session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> list[tuple[Any, ...]]:
    query = select(Activity.account_id, Activity.occurred_at, Activity.kind).where(
        Activity.workspace_id == workspace_id, Activity.kind.not_in(NOT_ENGAGEMENT)
    )
    if account_ids is not None:
        query = query.where(Activity.account_id.in_(account_ids))
    return [tuple(r) for r in session.execute(query)]


def activity_stats(
    session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None = None
) -> list[tuple[int, int, datetime]]:
    """(account id, activities since `since`, last activity) of every account with an activity."""
    recent = func.sum(case((Activity.occurred_at >= since, 1), else_=0))
    query = select(Activity.account_id, recent, func.max(Activity.occurred_at)).where(
        Activity.workspace_id == workspace_id, Activity.kind.not_in(NOT_ENGAGEMENT)
    )
    if account_ids is not None:
        query = query.where(Activity.account_id.in_(account_ids))
    return [
        (int(a), int(n or 0), last) for a, n, last in session.execute(query.group_by(Activity.account_id))
    ]


def last_by_kind(
    session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> list[tuple[int, str, datetime]]:
    """(account id, kind, last time) for every kind of activity each account has."""
    query = select(Activity.account_id, Activity.kind, func.max(Activity.occurred_at)).where(
        Activity.workspace_id == workspace_id, Activity.kind.not_in(NOT_ENGAGEMENT)
    )
    if account_ids is not None:
        query = query.where(Activity.account_id.in_(account_ids))
    rows = session.execute(query.group_by(Activity.account_id, Activity.kind))
    return [(int(a), str(k), last) for a, k, last in rows]


def texts(
    session: Session, workspace_id: int, kinds: Collection[str], since: datetime, until: datetime, limit: int
) -> list[tuple[int, int, datetime, str]]:
    """(activity, account, when, subject + body) of these kinds in [since, until), newest first."""
    query = (
        select(Activity.id, Activity.account_id, Activity.occurred_at, Activity.subject, Activity.body)
        .where(
            Activity.workspace_id == workspace_id,
            Activity.kind.in_(list(kinds)),
            Activity.occurred_at >= since,
            Activity.occurred_at < until,
        )
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(limit)
    )
    return [
        (int(i), int(a), t, f"{subject}\n{body or ''}".strip())
        for i, a, t, subject, body in session.execute(query)
    ]


def subjects(
    session: Session, workspace_id: int, account_ids: Collection[int], kind: str
) -> set[tuple[int, str]]:
    """(account id, subject) of these accounts' activities of one kind."""
    if not account_ids:
        return set()
    query = select(Activity.account_id, Activity.subject).where(
        Activity.workspace_id == workspace_id, Activity.kind == kind, Activity.account_id.in_(account_ids)
    )
    return {(int(a), str(s)) for a, s in session.execute(query)}
