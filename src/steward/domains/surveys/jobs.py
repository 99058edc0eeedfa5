"""Surveys in the background: once a day the recurring relationship surveys invite the contacts who are due
again; every minute the invitations not yet e-mailed go out, with one reminder for the unanswered."""

from __future__ import annotations

from datetime import date

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay
from steward.domains.surveys import delivery, service

_daily = OncePerDay()


def invite_due(*, today: date | None = None) -> int:
    """Invitations made by the recurring surveys (on the first call of a day)."""
    day = today or today_utc()
    if not _daily.due(day):
        return 0
    with unit_of_work() as s:
        made = service.send_due(session=s)
    _daily.done(day)
    return made


def deliver(*, secret: str, base_url: str) -> int:
    with unit_of_work() as s:
        return delivery.deliver(session=s, secret=secret, base_url=base_url)
