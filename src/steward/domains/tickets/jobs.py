"""The service desk in the background: SLA clocks that fell due since the ticket last changed are replayed
(so their breach is stored) and the assignee is told, as they are shortly before a deadline; satisfaction
surveys and their reminders go out; once a day the vectors of recent tickets are stored (for similar
tickets) and tickets about the same problem are grouped into recurring issues."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, daily_for_workspaces
from steward.domains.tickets import alerts, csat, recurring, service, similar, slas
from steward.domains.tickets.models import SlaClock, Ticket

_daily = OncePerDay()


def watch_slas() -> tuple[int, int]:
    """Record the breaches that fell due and warn about the deadlines close ahead; returns (tickets
    replayed, warnings sent)."""
    now = now_utc()
    replayed = record_breaches(now)
    with unit_of_work() as s:
        return replayed, alerts.warn_breaching_soon(s, now)


def record_breaches(now: datetime) -> int:
    """Replay every ticket with a clock past due but not marked breached; returns the tickets replayed."""
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
            alerts.tell_breached(s, ticket, [o.metric for o in outcomes if o.breached and o.open])
    return len(due)


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
        _read_and_group,
        "grouping recurring issues",
    )


def _read_and_group(s: Session, workspace_id: int) -> int:
    # Vectors first, in one call: on SQLite the embedding then runs before this transaction takes the
    # write lock, and detection finds its tickets' vectors stored.
    similar.store_vectors(session=s, workspace_id=workspace_id)
    return recurring.detect(session=s, workspace_id=workspace_id).groups
