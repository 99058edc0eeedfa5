"""Surveys in the background: once a day the recurring relationship surveys invite the contacts who are due
again; every minute the invitations not yet e-mailed go out, with one reminder for the unanswered. Each
workspace runs in its own transaction, so one that fails (whatever the exception) is logged and the others
still get their invitations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, daily_for_workspaces, each_workspace
from steward.domains.surveys import delivery, queries, service
from steward.domains.surveys.models import Survey

_daily = OncePerDay()


def invite_due(*, today: date | None = None) -> int:
    """Invitations made by the recurring surveys (on the first call of a day)."""
    return daily_for_workspaces(
        _daily,
        today or today_utc(),
        lambda s: list(
            s.scalars(select(Survey.workspace_id).where(Survey.recurrence_days.is_not(None)).distinct())
        ),
        lambda s, workspace_id: service.send_due(session=s, workspace_id=workspace_id),
        "inviting to recurring surveys",
    )


def deliver(*, secret: str, base_url: str) -> int:
    now = now_utc()
    with unit_of_work() as s:
        ids = queries.workspaces_with_invites_due(s, now)
    return each_workspace(
        ids,
        lambda s, workspace_id: delivery.deliver(
            session=s, secret=secret, base_url=base_url, now=now, workspace_id=workspace_id
        ),
        "e-mailing survey invitations",
    )
