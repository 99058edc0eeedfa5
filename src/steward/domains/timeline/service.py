"""Writes for the account timeline: log, edit and delete activities, and a fast bulk path for imports."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert
from sqlalchemy.orm import Session

from steward.core import changes
from steward.core.clock import now_utc
from steward.core.errors import ErrorItem, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.timeline import queries
from steward.domains.timeline.models import Activity, activity_contacts
from steward.domains.timeline.schemas import ActivityCreate, ActivityPage, ActivityRead, ActivityUpdate
from steward.domains.users import service as users_service

ACTIVITIES = cast(Table, Activity.__table__)


def log_activity(
    *, session: Session, workspace_id: int, author_id: int | None, data: ActivityCreate
) -> ActivityRead:
    _check_refs(session, workspace_id, [data], ("body",), single=True)
    activity = Activity(
        workspace_id=workspace_id,
        account_id=data.account_id,
        kind=data.kind,
        subject=data.subject,
        body=data.body,
        occurred_at=data.occurred_at or now_utc(),
        author_id=author_id,
    )
    session.add(activity)
    session.flush()
    _link(session, activity.id, data.contact_ids)
    changes.record(session, workspace_id, [data.account_id])
    return _read(session, workspace_id, [activity])[0]


def get_activity(*, session: Session, workspace_id: int, activity_id: int) -> ActivityRead:
    return _read(session, workspace_id, [_get(session, workspace_id, activity_id)])[0]


def update_activity(
    *, session: Session, workspace_id: int, activity_id: int, data: ActivityUpdate
) -> ActivityRead:
    activity = _get(session, workspace_id, activity_id)
    for name in ("kind", "subject", "occurred_at"):
        if name in data.model_fields_set and getattr(data, name) is None:
            raise Invalid(f"{name} cannot be null", ("body", name))
    for name in ("kind", "subject", "body", "occurred_at"):
        if name in data.model_fields_set:
            setattr(activity, name, getattr(data, name) if name != "body" else (data.body or ""))
    if data.contact_ids is not None:
        _check_contacts(session, workspace_id, [data.contact_ids], lambda i: ("body",))
        session.execute(delete(activity_contacts).where(activity_contacts.c.activity_id == activity.id))
        _link(session, activity.id, data.contact_ids)
    session.flush()
    changes.record(session, workspace_id, [activity.account_id])
    return _read(session, workspace_id, [activity])[0]


def delete_activity(*, session: Session, workspace_id: int, activity_id: int) -> None:
    activity = _get(session, workspace_id, activity_id)
    session.delete(activity)
    session.flush()
    changes.record(session, workspace_id, [activity.account_id])


def list_for_account(
    *,
    session: Session,
    workspace_id: int,
    account_id: int,
    limit: int = 50,
    cursor: str | None = None,
    kinds: Sequence[str] | None = None,
) -> ActivityPage:
    accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    rows, next_cursor = queries.page_for_account(session, workspace_id, account_id, kinds, cursor, limit)
    return ActivityPage(items=_read(session, workspace_id, rows), next_cursor=next_cursor)


def bulk_log(
    *, session: Session, workspace_id: int, items: Sequence[tuple[int | None, ActivityCreate]]
) -> int:
    """Insert many activities with driver-level statements (demo data, imports); all or nothing."""
    if not items:
        return 0
    _check_refs(session, workspace_id, [d for _, d in items], ("items",), single=False)
    now = now_utc()
    rows = [
        {
            "workspace_id": workspace_id, "account_id": d.account_id, "kind": d.kind, "subject": d.subject,
            "body": d.body, "occurred_at": d.occurred_at or now, "author_id": author, "created_at": now,
        }
        for author, d in items
    ]  # fmt: skip
    ids = list(
        session.scalars(insert(ACTIVITIES).returning(ACTIVITIES.c.id, sort_by_parameter_order=True), rows)
    )
    links = [
        {"activity_id": a, "contact_id": c}
        for a, (_, d) in zip(ids, items, strict=True)
        for c in d.contact_ids
    ]
    if links:
        session.execute(insert(activity_contacts), links)
    changes.record(session, workspace_id, {d.account_id for _, d in items})
    return len(ids)


def _get(session: Session, workspace_id: int, activity_id: int) -> Activity:
    activity = queries.get(session, workspace_id, activity_id)
    if activity is None:
        raise NotFound("activity", activity_id)
    return activity


def _link(session: Session, activity_id: int, contact_ids: Sequence[int]) -> None:
    if contact_ids:
        rows = [{"activity_id": activity_id, "contact_id": c} for c in dict.fromkeys(contact_ids)]
        session.execute(insert(activity_contacts), rows)


def _check_refs(
    session: Session,
    workspace_id: int,
    items: Sequence[ActivityCreate],
    loc: tuple[str | int, ...],
    *,
    single: bool,
) -> None:
    def at(i: int) -> tuple[str | int, ...]:
        return loc if single else (*loc, i)

    known = accounts_service.require_ids(
        session=session, workspace_id=workspace_id, ids=[d.account_id for d in items]
    )
    errors = [
        ErrorItem((*at(i), "account_id"), f"no account {d.account_id} in this workspace", "not_found")
        for i, d in enumerate(items)
        if d.account_id not in known
    ]
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)
    _check_contacts(session, workspace_id, [d.contact_ids for d in items], at)


def _check_contacts(session: Session, workspace_id: int, lists: Sequence[Sequence[int]], at: Any) -> None:
    wanted = sorted({c for ids in lists for c in ids})
    known = contacts_service.existing_ids(session=session, workspace_id=workspace_id, ids=wanted)
    errors = [
        ErrorItem((*at(i), "contact_ids"), f"no contact {c} in this workspace", "not_found")
        for i, ids in enumerate(lists)
        for c in ids
        if c not in known
    ]
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)


def _read(session: Session, workspace_id: int, rows: Sequence[Activity]) -> list[ActivityRead]:
    links = queries.contact_ids(session, [a.id for a in rows])
    author_ids = sorted({a.author_id for a in rows if a.author_id is not None})
    names = users_service.names_by_id(session=session, workspace_id=workspace_id, ids=author_ids)
    return [
        ActivityRead(
            id=a.id, account_id=a.account_id, kind=a.kind, subject=a.subject, body=a.body,
            occurred_at=a.occurred_at, author_id=a.author_id, author_name=names.get(a.author_id or -1),
            contact_ids=links.get(a.id, []), created_at=a.created_at,
        )
        for a in rows
    ]  # fmt: skip


def activity_stats(
    *, session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None = None
) -> list[tuple[int, int, datetime]]:
    """(account id, activities since `since`, last activity) per account with any activity."""
    return queries.activity_stats(session, workspace_id, since, account_ids)


def subjects(
    *, session: Session, workspace_id: int, account_ids: Collection[int], kind: str
) -> set[tuple[int, str]]:
    """(account id, subject) of these accounts' activities of one kind (what a sync logged already)."""
    return queries.subjects(session, workspace_id, account_ids, kind)


def last_by_kind(
    *, session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> list[tuple[int, str, datetime]]:
    """(account id, kind, last time) for every kind of activity each account has."""
    return queries.last_by_kind(session, workspace_id, account_ids)


def model_activities(
    *, session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> list[tuple[Any, ...]]:
    """(account_id, occurred_at, kind) of every activity (of all accounts, or these): the engagement
    history models learn from."""
    return queries.model_activities(session, workspace_id, account_ids)


def texts(
    *,
    session: Session,
    workspace_id: int,
    kinds: Collection[str],
    since: datetime,
    until: datetime,
    limit: int,
) -> list[tuple[int, int, datetime, str]]:
    """What the team wrote down (notes, calls, meetings), newest first, for text analytics."""
    return queries.texts(session, workspace_id, kinds, since, until, limit)
