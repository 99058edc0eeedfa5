"""Read side of the service desk."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from steward.domains.tickets.models import (
    BusinessCalendar,
    CannedResponse,
    CsatSurvey,
    RecurringIssue,
    RecurringIssueTicket,
    SlaClock,
    SlaEvent,
    SlaPolicy,
    SlaWarning,
    Team,
    Ticket,
    TicketChange,
    TicketMessage,
    TicketModel,
)


def ticket(session: Session, workspace_id: int, ticket_id: int) -> Ticket | None:
    row = session.get(Ticket, ticket_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def changes(session: Session, ticket_id: int) -> list[TicketChange]:
    query = select(TicketChange).where(TicketChange.ticket_id == ticket_id).order_by(TicketChange.id)
    return list(session.scalars(query))


def messages(session: Session, ticket_id: int) -> list[TicketMessage]:
    query = select(TicketMessage).where(TicketMessage.ticket_id == ticket_id).order_by(TicketMessage.id)
    return list(session.scalars(query))


def clocks(session: Session, ticket_ids: Collection[int]) -> list[SlaClock]:
    if not ticket_ids:
        return []
    query = select(SlaClock).where(SlaClock.ticket_id.in_(list(ticket_ids))).order_by(SlaClock.id)
    return list(session.scalars(query))


def policies(session: Session, workspace_id: int) -> list[SlaPolicy]:
    query = select(SlaPolicy).where(SlaPolicy.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(SlaPolicy.position, SlaPolicy.id)))


def calendars(session: Session, workspace_id: int) -> list[BusinessCalendar]:
    query = select(BusinessCalendar).where(BusinessCalendar.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(BusinessCalendar.name)))


def calendar(session: Session, workspace_id: int, calendar_id: int) -> BusinessCalendar | None:
    row = session.get(BusinessCalendar, calendar_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def teams(session: Session, workspace_id: int) -> list[Team]:
    return list(session.scalars(select(Team).where(Team.workspace_id == workspace_id).order_by(Team.name)))


def team(session: Session, workspace_id: int, team_id: int) -> Team | None:
    row = session.get(Team, team_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def canned_responses(session: Session, workspace_id: int) -> list[CannedResponse]:
    query = select(CannedResponse).where(CannedResponse.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(CannedResponse.title)))


def by_email_message_ids(session: Session, workspace_id: int, ids: Collection[str]) -> int | None:
    """The ticket a message with one of these e-mail Message-IDs belongs to (for threading replies)."""
    if not ids:
        return None
    query = select(TicketMessage.ticket_id).where(
        TicketMessage.workspace_id == workspace_id, TicketMessage.email_message_id.in_(list(ids))
    )
    return session.scalars(query.limit(1)).first()


def queue(
    session: Session,
    workspace_id: int,
    *,
    statuses: Collection[str] | None,
    assignee_id: int | None,
    unassigned: bool,
    team_id: int | None,
    account_id: int | None,
    breached_only: bool,
    due_before: datetime | None,
    now: datetime,
    limit: int,
    offset: int,
    search: str | None = None,
    priority: str | None = None,
    order: str = "due",
) -> tuple[list[Ticket], int]:
    """Tickets by their next SLA deadline, soonest first (or another of QUEUE_ORDERS), and how many match;
    read from the ticket's own columns (kept by each replay), so the queue is one indexed query."""
    breached = Ticket.sla_breached | (Ticket.sla_due_at <= now)
    query = select(Ticket).where(Ticket.workspace_id == workspace_id)
    if search:
        query = query.where(_matches(search))
    if priority is not None:
        query = query.where(Ticket.priority == priority)
    if statuses:
        query = query.where(Ticket.status.in_(list(statuses)))
    if assignee_id is not None:
        query = query.where(Ticket.assignee_id == assignee_id)
    if unassigned:
        query = query.where(Ticket.assignee_id.is_(None))
    if team_id is not None:
        query = query.where(Ticket.team_id == team_id)
    if account_id is not None:
        query = query.where(Ticket.account_id == account_id)
    if breached_only:
        query = query.where(breached)
    if due_before is not None:  # breaching soon: not breached yet (those have their own view)
        query = query.where(
            Ticket.sla_due_at > now, Ticket.sla_due_at <= due_before, Ticket.sla_breached.is_(False)
        )
    total = int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    ordered = query.order_by(*QUEUE_ORDERS[order]())
    return list(session.scalars(ordered.limit(limit).offset(offset))), total


def _by_urgency() -> list[Any]:
    rank = case({"urgent": 0, "high": 1, "normal": 2, "low": 3}, value=Ticket.priority, else_=4)
    return [rank, Ticket.sla_due_at.is_(None), Ticket.sla_due_at, Ticket.id.desc()]


# Each order ends on the id, so paging is stable when values tie.
QUEUE_ORDERS: dict[str, Any] = {
    "due": lambda: [Ticket.sla_due_at.is_(None), Ticket.sla_due_at, Ticket.id.desc()],
    "priority": _by_urgency,
    "newest": lambda: [Ticket.created_at.desc(), Ticket.id.desc()],
    "oldest": lambda: [Ticket.created_at, Ticket.id],
    "updated": lambda: [Ticket.updated_at.desc(), Ticket.id.desc()],
}


def _matches(search: str) -> ColumnElement[bool]:
    """Subject or requester e-mail containing the words as typed (case-insensitive), or the ticket's
    number ("1234" or "#1234")."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    found = or_(
        Ticket.subject.ilike(pattern, escape="\\"), Ticket.requester_email.ilike(pattern, escape="\\")
    )
    number = search.removeprefix("#")
    if number.isdigit() and int(number) < 2**63:
        found = or_(found, Ticket.id == int(number))
    return found


BODY_CHARS = 500  # of the first message, read for meaning: its opening says what the ticket is about


def meaning(subject: str, body: str) -> str:
    """What a ticket is read (embedded) by: its subject and the opening of the customer's first message (a
    signature or quoted mail further down would blur it)."""
    return f"{subject}\n{body[:BODY_CHARS]}"


class TicketText(NamedTuple):
    id: int
    account_id: int | None
    created_at: datetime
    status: str
    subject: str
    body: str  # the customer's first message

    @property
    def meaning(self) -> str:
        return meaning(self.subject, self.body)

    @property
    def name(self) -> str:
        """What the ticket is called in a list of its like: its subject (else its message's opening)."""
        return " ".join(self.subject.split()) or " ".join(self.body[:120].split())


def ticket_texts(
    session: Session,
    workspace_id: int,
    *,
    since: datetime | None = None,
    ids: Collection[int] | None = None,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[TicketText]:
    """Tickets (opened since `since`, or these `ids`) with their customer's first message; by id, or newest
    first."""
    query = select(Ticket.id, Ticket.account_id, Ticket.created_at, Ticket.status, Ticket.subject).where(
        Ticket.workspace_id == workspace_id
    )
    if since is not None:
        query = query.where(Ticket.created_at >= since)
    if ids is not None:
        query = query.where(Ticket.id.in_(list(ids)))
    query = (
        query.order_by(Ticket.created_at.desc(), Ticket.id.desc())
        if newest_first
        else query.order_by(Ticket.id)
    )
    rows = session.execute(query.limit(limit)).all()
    first = _first_messages(session, workspace_id, [r[0] for r in rows])
    return [TicketText(*r, body=first.get(r[0], "")) for r in rows]


def texts_since(
    session: Session, workspace_id: int, since: datetime
) -> list[tuple[int, int | None, datetime, str]]:
    """(ticket id, account id, created at, subject + the customer's first message) of tickets opened since."""
    return [
        (t.id, t.account_id, t.created_at, f"{t.subject}\n{t.body}")
        for t in ticket_texts(session, workspace_id, since=since)
    ]


def labelled(session: Session, workspace_id: int, field: str, limit: int) -> tuple[list[str], list[str]]:
    """(texts, values) of the most recent solved tickets with a value for `field`."""
    column = getattr(Ticket, field)
    rows = session.execute(
        select(Ticket.id, Ticket.subject, column)
        .where(Ticket.workspace_id == workspace_id, Ticket.solved_at.is_not(None), column.is_not(None))
        .order_by(Ticket.id.desc())
        .limit(limit)
    ).all()
    bodies = _first_messages(session, workspace_id, [r[0] for r in rows])
    return [f"{subject}\n{bodies.get(t, '')}" for t, subject, _ in rows], [str(v) for _, _, v in rows]


def ticket_text(session: Session, workspace_id: int, ticket_id: int) -> str | None:
    row = ticket(session, workspace_id, ticket_id)
    if row is None:
        return None
    return f"{row.subject}\n{_first_messages(session, workspace_id, [ticket_id]).get(ticket_id, '')}"


def _first_messages(session: Session, workspace_id: int, ticket_ids: list[int]) -> dict[int, str]:
    """The customer's first message of each ticket (its first 2,000 characters)."""
    first: dict[int, str] = {}
    for start in range(0, len(ticket_ids), 1000):
        chunk = ticket_ids[start : start + 1000]
        firsts = (
            select(func.min(TicketMessage.id))
            .where(
                TicketMessage.workspace_id == workspace_id,
                TicketMessage.ticket_id.in_(chunk),
                TicketMessage.author == "customer",
            )
            .group_by(TicketMessage.ticket_id)
        )
        rows = session.execute(
            select(TicketMessage.ticket_id, TicketMessage.body).where(TicketMessage.id.in_(firsts))
        )
        first.update({ticket_id: body[:2000] for ticket_id, body in rows})
    return first


def latest_models(session: Session, workspace_id: int, fields: Collection[str]) -> list[TicketModel]:
    out = []
    for field in fields:
        query = select(TicketModel).where(
            TicketModel.workspace_id == workspace_id, TicketModel.field == field
        )
        row = session.scalars(query.order_by(TicketModel.id.desc()).limit(1)).first()
        if row is not None:
            out.append(row)
    return out


def _of_accounts(
    column: InstrumentedAttribute[int | None], account_ids: Collection[int] | None
) -> ColumnElement[bool]:
    known = column.is_not(None)
    return known if account_ids is None else and_(known, column.in_(list(account_ids)))


def account_tickets(
    session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None
) -> list[tuple[int | None, datetime, datetime | None]]:
    """(account id, created at, solved at) of tickets opened since `since` or still open after it."""
    query = select(Ticket.account_id, Ticket.created_at, Ticket.solved_at).where(
        Ticket.workspace_id == workspace_id,
        or_(Ticket.created_at >= since, Ticket.solved_at.is_(None), Ticket.solved_at >= since),
    )
    rows = session.execute(query.where(_of_accounts(Ticket.account_id, account_ids)))
    return [(a, created, solved) for a, created, solved in rows]


def account_breaches(
    session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None
) -> list[tuple[int | None, int, datetime]]:
    """(account id, ticket id, moment) of every SLA breach since `since`."""
    query = (
        select(Ticket.account_id, SlaEvent.ticket_id, SlaEvent.at)
        .join(Ticket, Ticket.id == SlaEvent.ticket_id)
        .where(SlaEvent.workspace_id == workspace_id, SlaEvent.kind == "breach", SlaEvent.at >= since)
    )
    rows = session.execute(query.where(_of_accounts(Ticket.account_id, account_ids)))
    return [(a, ticket_id, at) for a, ticket_id, at in rows]


def account_csat(
    session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None
) -> list[tuple[int | None, datetime | None, str, int | None]]:
    """(account id, answered at, scale, rating) of CSAT answers since `since`."""
    query = select(CsatSurvey.account_id, CsatSurvey.responded_at, CsatSurvey.scale, CsatSurvey.rating).where(
        CsatSurvey.workspace_id == workspace_id,
        CsatSurvey.responded_at >= since,
        CsatSurvey.rating.is_not(None),
    )
    rows = session.execute(query.where(_of_accounts(CsatSurvey.account_id, account_ids)))
    return [(a, at, scale, rating) for a, at, scale, rating in rows]


def account_issues(
    session: Session, workspace_id: int, account_ids: Collection[int] | None
) -> list[tuple[int | None, int, datetime, datetime, datetime | None]]:
    """(account id, issue id, the account's first ticket in it, when the issue was detected, when it was
    resolved or None): what point-in-time features need to say whether an account was caught in an open
    issue on a past day. An account is caught from the later of its first ticket and the detection (today's
    grouping of older tickets is not what was known then); no link records when a ticket joined, so a ticket
    linked by a later run counts from the detection. The model records no resolution time: statuses only go
    open -> handed_off -> resolved, and detection never touches a resolved issue, so a resolved issue's
    updated_at is its resolution or later (only a second resolve moves it). An issue is taken as resolved
    from updated_at: never before it was, at worst open a little longer."""
    query = (
        select(
            RecurringIssueTicket.account_id,
            RecurringIssue.id,
            func.min(Ticket.created_at),
            RecurringIssue.created_at,
            RecurringIssue.status,
            RecurringIssue.updated_at,
        )
        .join(RecurringIssue, RecurringIssue.id == RecurringIssueTicket.issue_id)
        .join(Ticket, Ticket.id == RecurringIssueTicket.ticket_id)
        .where(RecurringIssueTicket.workspace_id == workspace_id)
        .group_by(
            RecurringIssueTicket.account_id,
            RecurringIssue.id,
            RecurringIssue.created_at,
            RecurringIssue.status,
            RecurringIssue.updated_at,
        )
    )
    query = query.where(_of_accounts(RecurringIssueTicket.account_id, account_ids))
    return [
        (a, issue, first, detected, at if status == "resolved" else None)
        for a, issue, first, detected, status, at in session.execute(query)
    ]


def clocks_due_between(
    session: Session, start: datetime, end: datetime, workspace_id: int | None = None
) -> list[tuple[SlaClock, Ticket]]:
    """Open, unbreached clocks falling due in (start, end], with their tickets: of one workspace, or (None)
    of every workspace."""
    query = (
        select(SlaClock, Ticket)
        .join(Ticket, Ticket.id == SlaClock.ticket_id)
        .where(
            SlaClock.fulfilled_at.is_(None),
            SlaClock.breached.is_(False),
            SlaClock.due_at > start,
            SlaClock.due_at <= end,
        )
        .order_by(SlaClock.due_at)
    )
    if workspace_id is not None:
        query = query.where(SlaClock.workspace_id == workspace_id)
    return [(clock, ticket) for clock, ticket in session.execute(query)]


def warned(session: Session, ticket_ids: Collection[int]) -> set[tuple[int, str, int, datetime]]:
    """(ticket id, metric, seq, deadline) of the warnings already sent for these tickets."""
    if not ticket_ids:
        return set()
    query = select(SlaWarning.ticket_id, SlaWarning.metric, SlaWarning.seq, SlaWarning.due_at).where(
        SlaWarning.ticket_id.in_(list(ticket_ids))
    )
    return {(t, m, q, d) for t, m, q, d in session.execute(query)}


def clock_state(now: datetime) -> ColumnElement[str]:
    """met, breached or running, in SQL: an open clock past due is breached."""
    missed = or_(SlaClock.breached, and_(SlaClock.fulfilled_at.is_(None), SlaClock.due_at <= now))
    return case((missed, "breached"), (SlaClock.fulfilled_at.is_not(None), "met"), else_="running")


def account_period(
    session: Session, workspace_id: int, account_id: int, since: datetime, until: datetime, now: datetime
) -> dict[str, Any]:
    """One account's tickets in [since, until): how many opened, open now, by category (or type), its
    clocks by state, and the business seconds of its fulfilled first responses."""
    mine = (Ticket.workspace_id == workspace_id, Ticket.account_id == account_id)
    opened = (*mine, Ticket.created_at >= since, Ticket.created_at < until)
    label = func.coalesce(Ticket.category, Ticket.type, "uncategorised")
    state = clock_state(now)

    def clocks(*columns: Any) -> Any:
        return (
            select(*columns)
            .join(Ticket, Ticket.id == SlaClock.ticket_id)
            .where(*mine, SlaClock.activated_at >= since, SlaClock.activated_at < until)
        )

    first = clocks(SlaClock.business_seconds).where(
        SlaClock.metric == "first_response", SlaClock.fulfilled_at.is_not(None)
    )
    return {
        "opened": session.scalar(select(func.count()).where(*opened)) or 0,
        "open_now": session.scalar(select(func.count()).where(*mine, Ticket.solved_at.is_(None))) or 0,
        "labels": {
            k: n for k, n in session.execute(select(label, func.count()).where(*opened).group_by(label))
        },
        "states": {k: n for k, n in session.execute(clocks(state, func.count()).group_by(state))},
        "first_responses": list(session.scalars(first)),
    }


def issues_of_account(session: Session, workspace_id: int, account_id: int) -> list[RecurringIssue]:
    linked = select(RecurringIssueTicket.issue_id).where(RecurringIssueTicket.account_id == account_id)
    query = (
        select(RecurringIssue)
        .where(RecurringIssue.workspace_id == workspace_id, RecurringIssue.id.in_(linked))
        .order_by(RecurringIssue.id)
    )
    return list(session.scalars(query))
