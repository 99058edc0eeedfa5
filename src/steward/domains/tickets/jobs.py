"""The service desk in the background: SLA clocks that fell due since the ticket last changed are replayed
(so their breach is stored) and the assignee is told; satisfaction surveys and their reminders go out; once
a day similar tickets are grouped into recurring issues."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, daily_for_workspaces
from steward.domains.mail import service as mail_service
from steward.domains.tickets import csat, recurring, service, slas
from steward.domains.tickets.models import SlaClock, Ticket
from steward.domains.users import service as users_service

_daily = OncePerDay()


def record_breaches() -> int:
    """Replay every ticket with a clock past due but not marked breached; returns the tickets replayed."""
    now = now_utc()
    with unit_of_work() as s:
        due = s.execute(
            select(SlaClock.ticket_id, SlaClock.workspace_id)
            .where(SlaClock.fulfilled_at.is_(None), SlaClock.breached.is_(False), SlaClock.due_at <= now)
            .distinct()
        ).all()
        for ticket_id, workspace_id in due:
            ticket = s.get(Ticket, ticket_id)
            if ticket is None:
                continue
            outcomes = slas.apply(s, ticket, service.behaviours(session=s, workspace_id=workspace_id), now)
            _tell_assignee(s, ticket, [o.metric for o in outcomes if o.breached and o.open])
    return len(due)


def _tell_assignee(session: Session, ticket: Ticket, metrics: list[str]) -> None:
    if not metrics or ticket.assignee_id is None:
        return
    user = users_service.get_user(
        session=session, workspace_id=ticket.workspace_id, user_id=ticket.assignee_id
    )
    named = ", ".join(m.replace("_", " ") for m in metrics)
    body = f"Ticket #{ticket.id} ({ticket.subject}) has breached its SLA: {named}."
    item = mail_service.Outgoing(user.email, f"SLA breached: #{ticket.id} {ticket.subject}"[:300], body)
    mail_service.enqueue(session=session, workspace_id=ticket.workspace_id, items=[item])


def deliver_csat(*, secret: str, base_url: str) -> int:
    with unit_of_work() as s:
        return csat.deliver(session=s, secret=secret, base_url=base_url)


def detect_daily(*, today: date | None = None) -> int:
    """Returns the recurring issues found across workspaces (on the first call of a day)."""
    day = today or today_utc()
    return daily_for_workspaces(
        _daily,
        day,
        lambda s: list(s.scalars(select(Ticket.workspace_id).distinct())),
        lambda s, ws: recurring.detect(session=s, workspace_id=ws).groups,
        "grouping recurring issues",
    )
