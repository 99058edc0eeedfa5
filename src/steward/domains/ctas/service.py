"""Calls to action: create (by hand or from rules, where an open CTA with the same account, type and
reason is updated instead of duplicated), work them (status, snooze, tasks, comments), and apply
playbooks."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, today_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.alerts import service as alerts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.ctas import playbooks, queries
from steward.domains.ctas.models import Cta, CtaComment, CtaTask, CtaType
from steward.domains.ctas.schemas import (
    DEFAULT_TYPES,
    OPEN_STATUSES,
    PRIORITIES,
    CommentCreate,
    CommentRead,
    CtaCreate,
    CtaDetail,
    CtaPage,
    CtaRead,
    CtaSnooze,
    CtaTypes,
    CtaUpdate,
    PlaybookCreate,
    PlaybookRead,
    TaskCreate,
    TaskRead,
    TaskUpdate,
)
from steward.domains.users import service as users_service

STATUS_GROUPS = {"open": OPEN_STATUSES, "closed": ("done", "cancelled"), "all": ()}


@dataclass(frozen=True)
class RuleCta:
    """A CTA a rule (or a journey: source) asks for; owner None means the account's owner."""

    account_id: int
    type: str
    reason: str
    title: str
    priority: str
    due_date: date | None
    rule_id: int | None
    owner_id: int | None = None
    playbook_id: int | None = None
    source: str = "rule"


def cta_types(*, session: Session, workspace_id: int) -> dict[str, str]:
    """Key -> label of the workspace's CTA types (the five defaults until the workspace sets its own)."""
    stored = queries.types(session, workspace_id)
    return {t.key: t.label for t in stored} if stored else dict(DEFAULT_TYPES)


def set_cta_types(*, session: Session, workspace_id: int, data: CtaTypes) -> dict[str, str]:
    keys = [t.key for t in data.types]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            raise Invalid(f"type {key!r} is listed twice", ("body", "types", i, "key"))
    dropped = queries.types_in_use(session, workspace_id) - set(keys)
    if dropped:
        raise Invalid(f"open CTAs use type {sorted(dropped)[0]!r}: close them first", ("body", "types"))
    for row in queries.types(session, workspace_id):
        session.delete(row)
    session.flush()
    session.add_all(
        CtaType(workspace_id=workspace_id, key=t.key, label=t.label, position=i)
        for i, t in enumerate(data.types)
    )
    session.flush()
    return cta_types(session=session, workspace_id=workspace_id)


def create_cta(*, session: Session, workspace_id: int, data: CtaCreate) -> CtaDetail:
    """A CTA made by hand: no deduplication, but an open CTA of the same account, type and reason is a 409."""
    check_type(session=session, workspace_id=workspace_id, key=data.type, loc=("body", "type"))
    owners = accounts_service.owners(session=session, workspace_id=workspace_id, ids=[data.account_id])
    if data.account_id not in owners:
        raise Invalid(f"no account with id {data.account_id} in this workspace", ("body", "account_id"))
    users_service.require_users(
        session=session, workspace_id=workspace_id, ids=[data.owner_id], loc=("body", "owner_id")
    )
    _check_contacts(session, workspace_id, data.contact_ids)
    key = _open_key(data.type, data.reason)
    if queries.open_by_key(session, workspace_id, [data.account_id], [key]):
        raise Conflict(f"this account has an open {data.type} CTA for {data.reason!r}", ("body", "reason"))
    row = Cta(
        workspace_id=workspace_id, account_id=data.account_id, type=data.type, reason=data.reason,
        title=data.title or data.reason, priority=data.priority, status="open", open_key=key,
        owner_id=data.owner_id or owners[data.account_id], due_date=data.due_date, source="manual",
        contact_ids=data.contact_ids,
    )  # fmt: skip
    session.add(row)
    session.flush()
    _alert_risks(session, workspace_id, [(row.id, row.account_id, row.type, row.title)])
    if data.playbook_id is not None:
        playbooks.apply(session, row, data.playbook_id, ("body", "playbook_id"))
    return get_cta(session=session, workspace_id=workspace_id, cta_id=row.id)


def upsert_rule_ctas(*, session: Session, workspace_id: int, items: Sequence[RuleCta]) -> tuple[int, int]:
    """Create the CTAs rules ask for, or update the open one with the same (account, type, reason): it
    takes the higher priority and the earlier due date. Returns (created, updated)."""
    keys = {_open_key(i.type, i.reason) for i in items}
    existing = queries.open_by_key(session, workspace_id, {i.account_id for i in items}, keys)
    owners = accounts_service.owners(
        session=session, workspace_id=workspace_id, ids={i.account_id for i in items}
    )
    fresh: dict[tuple[int, str], RuleCta] = {}
    updated = 0
    for item in items:
        key = (item.account_id, _open_key(item.type, item.reason))
        row = existing.get(key)
        if row is None:
            fresh.setdefault(key, item)
            continue
        updated += 1
        row.rule_id = item.rule_id
        if PRIORITIES.index(item.priority) > PRIORITIES.index(row.priority):
            row.priority = item.priority
        if item.due_date and (row.due_date is None or item.due_date < row.due_date):
            row.due_date = item.due_date
    now = now_utc()
    values: list[dict[str, object]] = [
        {"workspace_id": workspace_id, "account_id": i.account_id, "type": i.type, "reason": i.reason,
         "title": i.title, "priority": i.priority, "status": "open", "open_key": k[1],
         "owner_id": i.owner_id or owners.get(i.account_id), "due_date": i.due_date, "source": i.source,
         "rule_id": i.rule_id, "contact_ids": [], "created_at": now, "updated_at": now}
        for k, i in fresh.items()
    ]  # fmt: skip
    if values:
        returning = insert(queries.CTAS).returning(queries.CTAS.c.id, sort_by_parameter_order=True)
        ids = list(session.scalars(returning, values))
        with_playbook = [(cta_id, i.playbook_id) for cta_id, i in zip(ids, fresh.values(), strict=True)]
        playbooks.apply_many(session, workspace_id, [(c, p) for c, p in with_playbook if p is not None])
        made = zip(ids, fresh.values(), strict=True)
        _alert_risks(session, workspace_id, [(c, i.account_id, i.type, i.title) for c, i in made])
    session.flush()
    return len(values), updated


def get_cta(*, session: Session, workspace_id: int, cta_id: int) -> CtaDetail:
    row = _get(session, workspace_id, cta_id)
    read = _reads(session, workspace_id, [row])[0]
    notes = queries.comments(session, row.id)
    authors = users_service.names_by_id(
        session=session, workspace_id=workspace_id, ids=[c.author_id for c in notes if c.author_id]
    )
    return CtaDetail(
        **read.model_dump(),
        tasks=[_task_read(t) for t in queries.tasks(session, [row.id])],
        comments=[
            CommentRead(id=c.id, author_id=c.author_id, author=authors.get(c.author_id or -1), body=c.body,
                        created_at=c.created_at)
            for c in notes
        ],
    )  # fmt: skip


def list_ctas(
    *,
    session: Session,
    workspace_id: int,
    owner_ids: Collection[int] | None = None,
    account_id: int | None = None,
    status: str = "open",
    types: Sequence[str] = (),
    overdue: bool = False,
    cursor: str | None = None,
    limit: int = 50,
) -> CtaPage:
    """CTAs soonest due first. status: open (also in progress and snoozed), closed, all, or one status."""
    statuses = STATUS_GROUPS.get(status, (status,))
    f = queries.CtaFilter(
        owner_ids=owner_ids, account_id=account_id, statuses=statuses, types=types,
        due_before=today_utc() if overdue else None,
    )  # fmt: skip
    rows, total, next_cursor = queries.page(session, workspace_id, f, cursor, limit)
    return CtaPage(items=_reads(session, workspace_id, rows), total=total, next_cursor=next_cursor)


def reads(*, session: Session, workspace_id: int, ids: Sequence[int]) -> list[CtaRead]:
    """The CTAs of `ids` in that order (ids of other workspaces are left out)."""
    rows = {r.id: r for r in queries.ctas_by_id(session, workspace_id, ids)}
    return _reads(session, workspace_id, [rows[i] for i in ids if i in rows])


def update_cta(*, session: Session, workspace_id: int, cta_id: int, data: CtaUpdate) -> CtaDetail:
    row = _get(session, workspace_id, cta_id)
    sent = data.model_fields_set
    for name in ("title", "priority", "status"):
        if name in sent and getattr(data, name) is None:
            raise Invalid(f"{name} cannot be null", ("body", name))
    if "owner_id" in sent:
        users_service.require_users(
            session=session, workspace_id=workspace_id, ids=[data.owner_id], loc=("body", "owner_id")
        )
    if data.contact_ids is not None:
        _check_contacts(session, workspace_id, data.contact_ids)
    for name in sent - {"status"}:
        setattr(row, name, getattr(data, name))
    if data.status is not None:
        _set_status(session, workspace_id, row, data.status)
    session.flush()
    return get_cta(session=session, workspace_id=workspace_id, cta_id=row.id)


def snooze_cta(*, session: Session, workspace_id: int, cta_id: int, data: CtaSnooze) -> CtaDetail:
    row = _get(session, workspace_id, cta_id)
    if row.open_key is None:
        raise Invalid("a closed CTA cannot be snoozed; reopen it first", ("body",))
    if data.until <= today_utc():
        raise Invalid("snooze until a day after today", ("body", "until"))
    row.status, row.snoozed_until, row.snooze_reason = "snoozed", data.until, data.reason
    session.flush()
    return get_cta(session=session, workspace_id=workspace_id, cta_id=row.id)


def add_task(*, session: Session, workspace_id: int, cta_id: int, data: TaskCreate) -> TaskRead:
    row = _get(session, workspace_id, cta_id)
    users_service.require_users(
        session=session, workspace_id=workspace_id, ids=[data.owner_id], loc=("body", "owner_id")
    )
    task = CtaTask(
        workspace_id=workspace_id, cta_id=row.id, title=data.title, owner_id=data.owner_id or row.owner_id,
        due_date=data.due_date, depends_on=[], position=len(queries.tasks(session, [row.id])),
    )  # fmt: skip
    session.add(task)
    session.flush()
    return _task_read(task)


def update_task(
    *, session: Session, workspace_id: int, cta_id: int, task_id: int, data: TaskUpdate
) -> TaskRead:
    task = queries.task(session, workspace_id, cta_id, task_id)
    if task is None:
        raise NotFound("task", task_id)
    sent = data.model_fields_set
    if "title" in sent and data.title is None:
        raise Invalid("title cannot be null", ("body", "title"))
    if "owner_id" in sent:
        users_service.require_users(
            session=session, workspace_id=workspace_id, ids=[data.owner_id], loc=("body", "owner_id")
        )
    for name in sent & {"title", "owner_id", "due_date"}:
        setattr(task, name, getattr(data, name))
    if data.done is not None:
        if data.done and task.depends_on:
            siblings = {t.key: t for t in queries.tasks(session, [cta_id]) if t.key}
            waiting = [k for k in task.depends_on if k in siblings and siblings[k].done_at is None]
            if waiting:
                raise Invalid(f"finish {siblings[waiting[0]].title!r} first: this task depends on it",
                              ("body", "done"))  # fmt: skip
        task.done_at = (task.done_at or now_utc()) if data.done else None
    session.flush()
    return _task_read(task)


def add_comment(
    *, session: Session, workspace_id: int, cta_id: int, author_id: int | None, data: CommentCreate
) -> CommentRead:
    row = _get(session, workspace_id, cta_id)
    note = CtaComment(workspace_id=workspace_id, cta_id=row.id, author_id=author_id, body=data.body)
    session.add(note)
    session.flush()
    names = users_service.names_by_id(
        session=session, workspace_id=workspace_id, ids=[author_id] if author_id else []
    )
    return CommentRead(id=note.id, author_id=author_id, author=names.get(author_id or -1), body=note.body,
                       created_at=note.created_at)  # fmt: skip


def apply_playbook(*, session: Session, workspace_id: int, cta_id: int, playbook_id: int) -> CtaDetail:
    row = _get(session, workspace_id, cta_id)
    playbooks.apply(session, row, playbook_id, ("body", "playbook_id"))
    return get_cta(session=session, workspace_id=workspace_id, cta_id=row.id)


def create_playbook(*, session: Session, workspace_id: int, data: PlaybookCreate) -> PlaybookRead:
    known = list(cta_types(session=session, workspace_id=workspace_id))
    return playbooks.create(session, workspace_id, data, known)


def list_playbooks(*, session: Session, workspace_id: int) -> list[PlaybookRead]:
    return [playbooks.read(b) for b in queries.playbooks(session, workspace_id)]


def playbook_exists(*, session: Session, workspace_id: int, playbook_id: int) -> bool:
    return queries.playbook(session, workspace_id, playbook_id) is not None


def workload(*, session: Session, workspace_id: int) -> list[dict[str, Any]]:
    """Per CSM: accounts and ARR owned, open and overdue CTAs (the manager's view of the team)."""
    ctas = queries.counts_by_owner(session, workspace_id, today_utc())
    books = accounts_service.book_sizes(session=session, workspace_id=workspace_id)
    owners = sorted(set(ctas) | set(books), key=lambda o: (o is None, o or 0))
    return [
        {"owner_id": o, "accounts": books.get(o, (0, 0))[0], "arr_minor": books.get(o, (0, 0))[1],
         "open_ctas": ctas.get(o, (0, 0))[0], "overdue_ctas": ctas.get(o, (0, 0))[1]}
        for o in owners
    ]  # fmt: skip


def wake_snoozed(*, session: Session, today: date | None = None) -> int:
    """Reopen CTAs whose snooze ended; returns how many."""
    return len(queries.wake(session, today or today_utc()))


def _set_status(session: Session, workspace_id: int, row: Cta, status: str) -> None:
    if status in OPEN_STATUSES and row.open_key is None:
        key = _open_key(row.type, row.reason)
        if queries.open_by_key(session, workspace_id, [row.account_id], [key]):
            raise Conflict("another open CTA has this account, type and reason", ("body", "status"))
        row.open_key, row.closed_at = key, None
    elif status not in OPEN_STATUSES:
        row.open_key, row.closed_at = None, row.closed_at or now_utc()
    row.status, row.snoozed_until, row.snooze_reason = status, None, None


def _reads(session: Session, workspace_id: int, rows: Sequence[Cta]) -> list[CtaRead]:
    names = accounts_service.names(
        session=session, workspace_id=workspace_id, ids=[r.account_id for r in rows]
    )
    counts = queries.task_counts(session, [r.id for r in rows])
    today = today_utc()
    return [
        CtaRead(
            id=r.id, account_id=r.account_id, account_name=names.get(r.account_id, ""), type=r.type,
            reason=r.reason, title=r.title, priority=r.priority, status=r.status, owner_id=r.owner_id,
            due_date=r.due_date, overdue=bool(r.open_key and r.due_date and r.due_date < today),
            snoozed_until=r.snoozed_until, snooze_reason=r.snooze_reason, source=r.source,
            rule_id=r.rule_id, contact_ids=list(r.contact_ids or []), tasks_open=counts.get(r.id, (0, 0))[0],
            tasks_total=counts.get(r.id, (0, 0))[1], created_at=r.created_at, updated_at=r.updated_at,
            closed_at=r.closed_at,
        )
        for r in rows
    ]  # fmt: skip


def _task_read(t: CtaTask) -> TaskRead:
    return TaskRead(
        id=t.id, key=t.key, title=t.title, owner_id=t.owner_id, due_date=t.due_date,
        depends_on=list(t.depends_on or []), done=t.done_at is not None, done_at=t.done_at,
    )  # fmt: skip


def _get(session: Session, workspace_id: int, cta_id: int) -> Cta:
    row = queries.cta(session, workspace_id, cta_id)
    if row is None:
        raise NotFound("CTA", cta_id)
    return row


def _alert_risks(session: Session, workspace_id: int, made: list[tuple[int, int, str, str]]) -> None:
    """New Risk CTAs (id, account, type, title) to the alert channels that want them, in this transaction."""
    risks = [
        alerts_service.Alert(account_id=a, key=f"risk_cta:{c}", what=f"Risk CTA opened: {title}")
        for c, a, type_, title in made
        if type_ == "risk"
    ]
    if risks:
        alerts_service.raise_alerts(
            session=session, workspace_id=workspace_id, event="risk_cta", alerts=risks
        )


def _open_key(type_: str, reason: str) -> str:
    return f"{type_}|{reason}"


def check_type(*, session: Session, workspace_id: int, key: str, loc: tuple[str | int, ...]) -> None:
    """Refuse a CTA type the workspace does not have (CTAs made by hand, and rules)."""
    known = cta_types(session=session, workspace_id=workspace_id)
    if key not in known:
        raise Invalid(f"unknown CTA type {key!r}; this workspace's types: {', '.join(known)}", loc)


def _check_contacts(session: Session, workspace_id: int, ids: list[int]) -> None:
    known = contacts_service.existing_ids(session=session, workspace_id=workspace_id, ids=ids)
    for i, contact_id in enumerate(ids):
        if contact_id not in known:
            raise Invalid(f"no contact with id {contact_id} in this workspace", ("body", "contact_ids", i))
