"""Tickets: created by API, web form or inbound e-mail, changed field by field with every change kept, replied
to in public or noted internally; each change replays the ticket's SLA clocks. Statuses are the
workspace's own, each mapped to what it does to the SLA clocks."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.tickets import channels, csat, measures, queries, routing, slas
from steward.domains.tickets.models import Ticket, TicketChange, TicketMessage
from steward.domains.tickets.schemas import (
    DEFAULT_STATUSES,
    POSITIVE,
    PRIORITIES,
    ChangeRead,
    ClockRead,
    MessageCreate,
    MessageRead,
    Status,
    Statuses,
    SupportSummary,
    TicketCreate,
    TicketDetail,
    TicketPage,
    TicketRead,
    TicketUpdate,
)
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service

SETTINGS_KEY = "ticket_statuses"
FUTURE_SLACK = timedelta(minutes=5)
tickets_by_channel = channels.account_counts  # (account, channel) -> tickets since a moment: rule fields
TRACKED = (
    "subject",
    "priority",
    "type",
    "category",
    "tags",
    "status",
    "assignee_id",
    "team_id",
    "account_id",
)


def statuses(*, session: Session, workspace_id: int) -> list[Status]:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    stored = (ws.settings or {}).get(SETTINGS_KEY)
    return [Status(**s) for s in stored] if stored else list(DEFAULT_STATUSES)


def set_statuses(*, session: Session, workspace_id: int, data: Statuses) -> list[Status]:
    """Replace the statuses; one that tickets still hold cannot go."""
    keep = {s.key for s in data.statuses}
    held = session.execute(
        select(Ticket.status, func.count())
        .where(Ticket.workspace_id == workspace_id, Ticket.status.not_in(keep))
        .group_by(Ticket.status)
    ).all()
    if held:
        status, count = held[0]
        raise Conflict(
            f"{count} tickets have the status {status!r}: move them before removing it", ("body", "statuses")
        )
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), SETTINGS_KEY: [s.model_dump() for s in data.statuses]}
    session.flush()
    return statuses(session=session, workspace_id=workspace_id)


def behaviours(*, session: Session, workspace_id: int) -> dict[str, str]:
    return {s.key: s.behaviour for s in statuses(session=session, workspace_id=workspace_id)}


def create_ticket(
    *,
    session: Session,
    workspace_id: int,
    data: TicketCreate,
    actor_id: int | None,
    actor: str = "agent",
    email_message_id: str | None = None,
) -> TicketDetail:
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    made = open_ticket(**scope, data=data, actor_id=actor_id, actor=actor, email_message_id=email_message_id)
    return _measured(session, workspace_id, made)


def _measured(session: Session, workspace_id: int, ticket: Ticket) -> TicketDetail:
    """Replay the ticket's SLA clocks and read it back."""
    slas.apply(session, ticket, behaviours(session=session, workspace_id=workspace_id))
    return detail(session=session, workspace_id=workspace_id, ticket_id=ticket.id)


def open_ticket(
    *,
    session: Session,
    workspace_id: int,
    data: TicketCreate,
    actor_id: int | None,
    actor: str = "agent",
    email_message_id: str | None = None,
) -> Ticket:
    """The ticket stored, without its SLA replayed (bulk loads replay once at the end with `replay`)."""
    now = now_utc()
    at = _moment(data.created_at, now, ("body", "created_at"))
    kinds = behaviours(session=session, workspace_id=workspace_id)
    status = data.status or next(k for k, b in kinds.items() if b == "running")
    _check_status(status, kinds, ("body", "status"))
    account_id, contact_id = _people(
        session, workspace_id, data.account_id, data.contact_id, data.requester_email
    )
    _check_staff(session, workspace_id, data.assignee_id, data.team_id)
    ticket = Ticket(
        workspace_id=workspace_id,
        account_id=account_id,
        contact_id=contact_id,
        requester_email=data.requester_email,
        subject=data.subject,
        channel=data.channel,
        priority=data.priority,
        type=data.type,
        category=data.category,
        tags=list(dict.fromkeys(data.tags)),
        language=data.language,
        status=status,
        assignee_id=data.assignee_id,
        team_id=data.team_id,
        created_at=at,
        solved_at=at if kinds[status] == "fulfilled" else None,
    )
    session.add(ticket)
    session.flush()
    _log(session, ticket, "created", None, data.subject, actor, actor_id, at)
    if data.body:
        session.add(
            TicketMessage(
                workspace_id=workspace_id,
                ticket_id=ticket.id,
                author="customer",
                author_id=None,
                public=True,
                body=data.body,
                attachments=[a.model_dump() for a in data.attachments],
                email_message_id=email_message_id,
                created_at=at,
            )
        )
    if ticket.assignee_id is None:
        routing.assign(session, ticket, at)
    if ticket.solved_at is not None:
        csat.on_solved(session, ticket, at)
    session.flush()
    return ticket


def update_ticket(
    *,
    session: Session,
    workspace_id: int,
    ticket_id: int,
    data: TicketUpdate,
    actor_id: int | None,
    actor: str = "agent",
) -> TicketDetail:
    ticket = _get(session, workspace_id, ticket_id)
    kinds = behaviours(session=session, workspace_id=workspace_id)
    values = data.model_dump(exclude_unset=True)
    for required in ("subject", "priority", "status", "tags"):
        if required in values and values[required] is None:
            raise Invalid(f"{required} cannot be null", ("body", required))
    if "status" in values:
        _check_status(values["status"], kinds, ("body", "status"))
    if "account_id" in values and values["account_id"] is not None:
        _people(session, workspace_id, values["account_id"], None, None)
    _check_staff(session, workspace_id, values.get("assignee_id"), values.get("team_id"))
    now = now_utc()
    _change(session, ticket, values, kinds, actor, actor_id, now)
    slas.apply(session, ticket, kinds, now)
    return detail(session=session, workspace_id=workspace_id, ticket_id=ticket.id)


def add_message(
    *,
    session: Session,
    workspace_id: int,
    ticket_id: int,
    data: MessageCreate,
    actor_id: int | None,
    email_message_id: str | None = None,
) -> TicketDetail:
    """A reply or a note. A customer reply reopens a solved ticket; the first public agent reply moves a
    new ticket to the next running status."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id, "ticket_id": ticket_id}
    return _measured(
        session,
        workspace_id,
        post_message(**scope, data=data, actor_id=actor_id, email_message_id=email_message_id),
    )


def post_message(
    *,
    session: Session,
    workspace_id: int,
    ticket_id: int,
    data: MessageCreate,
    actor_id: int | None,
    email_message_id: str | None = None,
) -> Ticket:
    """The message stored (and the status it sets), without the SLA replayed."""
    ticket = _get(session, workspace_id, ticket_id)
    kinds = behaviours(session=session, workspace_id=workspace_id)
    now = now_utc()
    at = _moment(data.at, now, ("body", "at"))
    if at < ticket.created_at:
        raise Invalid("a message cannot be older than its ticket", ("body", "at"))
    if data.status:
        _check_status(data.status, kinds, ("body", "status"))
    if data.author == "customer" and not data.public:
        raise Invalid("internal notes are written by agents", ("body", "public"))
    session.add(
        TicketMessage(
            workspace_id=workspace_id,
            ticket_id=ticket.id,
            author=data.author,
            author_id=actor_id if data.author == "agent" else None,
            public=data.public,
            body=data.body,
            attachments=[a.model_dump() for a in data.attachments],
            email_message_id=email_message_id,
            created_at=at,
        )
    )
    status = data.status or _automatic_status(ticket.status, data, kinds)
    if status and status != ticket.status:
        who = "customer" if data.author == "customer" else "agent"
        _change(session, ticket, {"status": status}, kinds, who, actor_id, at)
    ticket.updated_at = now
    session.flush()
    return ticket


def replay(*, session: Session, workspace_id: int, ticket_ids: Collection[int]) -> None:
    """Replay the SLA clocks of these tickets (after a bulk load made with replay_sla=False)."""
    kinds = behaviours(session=session, workspace_id=workspace_id)
    now = now_utc()
    for ticket_id in ticket_ids:
        slas.apply(session, _get(session, workspace_id, ticket_id), kinds, now)


def _automatic_status(current: str, data: MessageCreate, kinds: dict[str, str]) -> str | None:
    running = [k for k, b in kinds.items() if b == "running"]
    if data.author == "customer" and kinds.get(current) != "running":
        return running[-1] if len(running) > 1 else running[0]  # reopened, or back from waiting
    if data.author == "agent" and data.public and current == running[0] and len(running) > 1:
        return running[1]
    return None


def detail(
    *, session: Session, workspace_id: int, ticket_id: int, now: datetime | None = None
) -> TicketDetail:
    ticket = _get(session, workspace_id, ticket_id)
    now = now or now_utc()
    clocks = [_clock(c, now) for c in queries.clocks(session, [ticket.id])]
    open_due = [c.due_at for c in clocks if c.fulfilled_at is None]
    return TicketDetail(
        **TicketRead.model_validate(ticket).model_dump(exclude={"next_due_at", "breached"}),
        next_due_at=min(open_due, default=None),
        breached=any(c.state == "breached" for c in clocks),
        messages=[MessageRead.model_validate(m) for m in queries.messages(session, ticket.id)],
        history=[ChangeRead.model_validate(c) for c in queries.changes(session, ticket.id)],
        clocks=clocks,
    )


def queue(
    *,
    session: Session,
    workspace_id: int,
    statuses: Collection[str] | None = None,
    assignee_id: int | None = None,
    unassigned: bool = False,
    team_id: int | None = None,
    account_id: int | None = None,
    breached: bool = False,
    due_within_minutes: int | None = None,
    limit: int = 50,
    offset: int = 0,
    search: str | None = None,
    priority: str | None = None,
    order: str = "due",
) -> TicketPage:
    """Open tickets by default (every running or paused status), soonest SLA deadline first; `search`
    matches the subject, the requester's e-mail or the ticket number."""
    if priority is not None and priority not in PRIORITIES:
        raise Invalid(f"priority is one of {', '.join(PRIORITIES)}", ("query", "priority"))
    if order not in queries.QUEUE_ORDERS:
        raise Invalid(f"sort is one of {', '.join(queries.QUEUE_ORDERS)}", ("query", "sort"))
    now = now_utc()
    kinds = behaviours(session=session, workspace_id=workspace_id)
    if statuses:
        for n, status in enumerate(statuses):
            _check_status(status, kinds, ("query", "status", n))
    wanted = list(statuses) if statuses else [k for k, b in kinds.items() if b != "fulfilled"]
    due_before = now + timedelta(minutes=due_within_minutes) if due_within_minutes is not None else None
    rows, total = queries.queue(
        session,
        workspace_id,
        statuses=wanted,
        assignee_id=assignee_id,
        unassigned=unassigned,
        team_id=team_id,
        account_id=account_id,
        breached_only=breached,
        due_before=due_before,
        now=now,
        limit=limit,
        offset=offset,
        search=(search or "").strip() or None,
        priority=priority,
        order=order,
    )
    return TicketPage(items=[TicketRead.listed(t, now) for t in rows], total=total)


def _clock(row: Any, now: datetime) -> ClockRead:
    read = ClockRead.model_validate(row)
    if row.fulfilled_at is not None:
        state = "breached" if row.breached else "met"
    else:
        state = "breached" if row.breached or row.due_at <= now else "running"
    return read.model_copy(update={"state": state})


def _change(
    session: Session,
    ticket: Ticket,
    values: dict[str, Any],
    kinds: dict[str, str],
    actor: str,
    actor_id: int | None,
    at: datetime,
) -> None:
    for field in TRACKED:
        if field not in values:
            continue
        old, new = getattr(ticket, field), values[field]
        if field == "tags":
            new = list(dict.fromkeys(new))
        if old == new:
            continue
        setattr(ticket, field, new)
        _log(session, ticket, field, old, new, actor, actor_id, at)
        if field == "status":
            solved = kinds.get(str(new)) == "fulfilled"
            ticket.solved_at = at if solved else None
            if solved:
                csat.on_solved(session, ticket, at)
    ticket.updated_at = at
    session.flush()


def _log(
    session: Session,
    ticket: Ticket,
    field: str,
    old: Any,
    new: Any,
    actor: str,
    actor_id: int | None,
    at: datetime,
) -> None:
    session.add(
        TicketChange(
            workspace_id=ticket.workspace_id,
            ticket_id=ticket.id,
            field=field,
            old=old,
            new=new,
            actor=actor,
            actor_id=actor_id,
            at=at,
        )
    )


def _get(session: Session, workspace_id: int, ticket_id: int) -> Ticket:
    ticket = queries.ticket(session, workspace_id, ticket_id)
    if ticket is None:
        raise NotFound("ticket", ticket_id)
    return ticket


def _moment(value: datetime | None, now: datetime, loc: tuple[str, ...]) -> datetime:
    if value is None:
        return now
    if value.tzinfo is None:
        raise Invalid("give a time zone (like 2026-12-03T10:15:00Z)", loc)
    if value > now + FUTURE_SLACK:
        raise Invalid("cannot be in the future", loc)
    return value


def _check_status(status: str, kinds: dict[str, str], loc: tuple[str | int, ...]) -> None:
    if status not in kinds:
        raise Invalid(f"unknown status {status!r}; this workspace has: {', '.join(kinds)}", loc)


def _people(
    session: Session, workspace_id: int, account_id: int | None, contact_id: int | None, email: str | None
) -> tuple[int | None, int | None]:
    """The account and contact, checked; a contact's account is the ticket's when none is given. Without
    a contact id, the contact with the requester's address is the requester (if of the same account)."""
    if contact_id is None and email:
        known = contacts_service.by_email(session=session, workspace_id=workspace_id, address=email)
        if known is not None and account_id in (None, known.account_id):
            contact_id = known.id
    if contact_id is not None:
        try:
            contact = contacts_service.get_contact(
                session=session, workspace_id=workspace_id, contact_id=contact_id
            )
        except NotFound:
            raise Invalid(
                f"no contact with id {contact_id} in this workspace", ("body", "contact_id")
            ) from None
        account_id = account_id or contact.account_id
    if account_id is not None:
        try:
            accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
        except NotFound:
            raise Invalid(
                f"no account with id {account_id} in this workspace", ("body", "account_id")
            ) from None
    return account_id, contact_id


def _check_staff(session: Session, workspace_id: int, assignee_id: int | None, team_id: int | None) -> None:
    users_service.require_users(
        session=session, workspace_id=workspace_id, ids=[assignee_id], loc=("body", "assignee_id")
    )
    if team_id is not None and queries.team(session, workspace_id, team_id) is None:
        raise Invalid(f"no team with id {team_id} in this workspace", ("body", "team_id"))


def support_measures(
    *, session: Session, workspace_id: int, days: Sequence[date], account_ids: Collection[int] | None = None
) -> dict[date, pd.DataFrame]:
    """Each day's support measures per account (SUPPORT_INPUTS), for health scores."""
    return measures.for_days(session, workspace_id, days, account_ids)


def account_support(
    *, session: Session, workspace_id: int, account_id: int, start: date, end: date
) -> SupportSummary:
    """One account's tickets, SLAs, CSAT and recurring issues from `start` to `end`, for its review."""
    return measures.account_summary(session, workspace_id, account_id, start, end)


def customer_texts(
    *, session: Session, workspace_id: int, since: datetime, until: datetime, limit: int
) -> list[tuple[int, int | None, datetime, str]]:
    """(ticket, account, opened, subject + the customer's first message) of tickets opened in [since,
    until), newest first, for text analytics."""
    rows = [r for r in queries.texts_since(session, workspace_id, since) if r[2] < until]
    return sorted(rows, key=lambda r: r[2], reverse=True)[:limit]


def customer_text(*, session: Session, workspace_id: int, ticket_id: int) -> str | None:
    """A ticket's text as `customer_texts` gives it (None: no such ticket in the workspace)."""
    return queries.ticket_text(session, workspace_id, ticket_id)


def support_history(
    *, session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None = None
) -> dict[str, list[Any]]:
    """Raw dated support rows since `since`, for point-in-time features: tickets (account, created, solved),
    breaches (account, ticket, at), csat (account, answered, satisfied), issues (account, issue, first
    ticket, detected, resolved or None; see queries.account_issues)."""
    csat_rows = queries.account_csat(session, workspace_id, since, account_ids)
    return {
        "tickets": queries.account_tickets(session, workspace_id, since, account_ids),
        "breaches": queries.account_breaches(session, workspace_id, since, account_ids),
        "csat": [(a, at, rating in POSITIVE[scale]) for a, at, scale, rating in csat_rows],
        "issues": queries.account_issues(session, workspace_id, account_ids),
    }
