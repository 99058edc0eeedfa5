"""Telling agents about SLA deadlines by e-mail: a warning shortly before a clock falls due (once per
deadline: a pause that moves the deadline earns a new one), and a notice once it is breached. The
assignee is told; an unassigned ticket's team is told instead."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from steward.domains.alerts import service as alerts_service
from steward.domains.mail import service as mail_service
from steward.domains.tickets import queries
from steward.domains.tickets.models import SlaClock, SlaWarning, Ticket
from steward.domains.users import service as users_service

WARN_MAX_MINUTES = 60
WARN_SHARE = 0.25  # of the target: a 30-minute target is warned 7.5 minutes ahead, an 8-hour one an hour


def lead(target_minutes: int) -> timedelta:
    return timedelta(minutes=min(WARN_MAX_MINUTES, target_minutes * WARN_SHARE))


def warn_breaching_soon(session: Session, now: datetime, workspace_id: int | None = None) -> int:
    """Warn about every clock (of one workspace, or of all) now within its lead of falling due; returns the
    warnings recorded."""
    end = now + timedelta(minutes=WARN_MAX_MINUTES)
    candidates = queries.clocks_due_between(session, now, end, workspace_id)
    sent = queries.warned(session, {ticket.id for _, ticket in candidates})
    count = 0
    for clock, ticket in candidates:
        key = (clock.ticket_id, clock.metric, clock.seq, clock.due_at)
        if key in sent or clock.due_at - now > lead(clock.target_minutes):
            continue
        sent.add(key)
        told = tell(session, ticket, "due soon", _due_line(clock, now))
        session.add(
            SlaWarning(
                workspace_id=ticket.workspace_id, ticket_id=ticket.id, metric=clock.metric, seq=clock.seq,
                due_at=clock.due_at, sent_at=now, recipients=told,
            )
        )  # fmt: skip
        count += 1
    session.flush()
    return count


def tell_breached(session: Session, ticket: Ticket, metrics: list[str]) -> None:
    if metrics:
        named = ", ".join(m.replace("_", " ") for m in metrics)
        tell(session, ticket, "breached", f"has breached its SLA: {named}.")
        if ticket.account_id is not None:  # chat alerts are about accounts; one without is only mailed
            alert = alerts_service.Alert(
                account_id=ticket.account_id, key=f"sla_breach:{ticket.id}:{','.join(sorted(metrics))}",
                what=f"Ticket #{ticket.id} ({ticket.subject}) has breached its SLA: {named}.",
            )  # fmt: skip
            alerts_service.raise_alerts(
                session=session, workspace_id=ticket.workspace_id, event="sla_breach", alerts=[alert]
            )


def tell(session: Session, ticket: Ticket, what: str, line: str) -> int:
    """Mail the assignee (or, unassigned, the ticket's team); returns how many people were told."""
    ws = ticket.workspace_id
    if ticket.assignee_id is not None:
        ids = [ticket.assignee_id]
    else:
        team = queries.team(session, ws, ticket.team_id) if ticket.team_id else None
        ids = list(team.member_ids) if team else []
    people = [u for u in users_service.list_users(session=session, workspace_id=ws) if u.id in ids]
    items = [
        mail_service.Outgoing(
            u.email,
            f"SLA {what}: #{ticket.id} {ticket.subject}"[:300],
            f"Ticket #{ticket.id} ({ticket.subject}) {line}",
            account_id=ticket.account_id,
        )
        for u in people
    ]
    if items:
        mail_service.enqueue(session=session, workspace_id=ws, items=items)
    return len(items)


def _due_line(clock: SlaClock, now: datetime) -> str:
    minutes = max(1, round((clock.due_at - now).total_seconds() / 60))
    return f"{clock.metric.replace('_', ' ')} is due in {minutes} min, at {clock.due_at:%H:%M} UTC."
