"""The service desk in the background: SLA clocks that fell due since the ticket last changed are replayed
(so their breach is stored) and the assignee is told, as they are shortly before a deadline; satisfaction
surveys and their reminders go out; once a day the vectors of recent tickets are stored (for similar
tickets) and tickets about the same problem are grouped into recurring issues. Each workspace runs in a
transaction of its own: one that fails, whatever the exception, is logged and the others still run."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, daily_for_workspaces, each_workspace
from steward.domains.tickets import alerts, csat, recurring, service, similar, slas
from steward.domains.tickets.models import SlaClock, Ticket

_daily = OncePerDay()


def watch_slas() -> tuple[int, int]:
    """Record the breaches that fell due and warn about the deadlines close ahead; returns (tickets
    replayed, warnings sent)."""
    now = now_utc()
    return record_breaches(now), warn_breaching_soon(now)


def record_breaches(now: datetime) -> int:
    """Replay every ticket with a clock past due but not marked breached, each workspace in a transaction
    of its own (one that fails is logged, the others go on); returns the tickets replayed."""
    with unit_of_work() as s:
        ids = list(s.scalars(select(SlaClock.workspace_id).where(*_overdue(now)).distinct()))
    return each_workspace(
        ids, lambda s, workspace_id: _replay(s, workspace_id, now), "recording SLA breaches"
    )


def warn_breaching_soon(now: datetime) -> int:
    """Warn about the deadlines close ahead, each workspace in a transaction of its own."""
    end = now + timedelta(minutes=alerts.WARN_MAX_MINUTES)
    with unit_of_work() as s:
        ids = list(
            s.scalars(
                select(SlaClock.workspace_id).where(*_open(), SlaClock.due_at.between(now, end)).distinct()
            )
        )
    return each_workspace(
        ids,
        lambda s, workspace_id: alerts.warn_breaching_soon(s, now, workspace_id),
        "warning of SLA deadlines",
    )


def _open() -> tuple[ColumnElement[bool], ...]:
    return SlaClock.fulfilled_at.is_(None), SlaClock.breached.is_(False)


def _overdue(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (*_open(), SlaClock.due_at <= now)


def _replay(s: Session, workspace_id: int, now: datetime) -> int:
    query = select(SlaClock.ticket_id).where(*_overdue(now), SlaClock.workspace_id == workspace_id)
    due = list(s.scalars(query.distinct()))
    for ticket_id in due:
        ticket = s.get(Ticket, ticket_id)
        if ticket is None:
            continue
        outcomes = slas.apply(s, ticket, service.behaviours(session=s, workspace_id=workspace_id), now)
        alerts.tell_breached(s, ticket, [o.metric for o in outcomes if o.breached and o.open])
    return len(due)


def deliver_csat(*, secret: str, base_url: str) -> int:
    now = now_utc()
    with unit_of_work() as s:
        ids = csat.workspaces_to_deliver(session=s, now=now)
    return each_workspace(
        ids,
        lambda s, workspace_id: csat.deliver(
            session=s, secret=secret, base_url=base_url, now=now, workspace_id=workspace_id
        ),
        "e-mailing CSAT surveys",
    )


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
