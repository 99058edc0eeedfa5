"""Surveys in the background: once a day the recurring relationship surveys invite the contacts who are due
again; every minute the invitations not yet e-mailed go out, with one reminder for the unanswered. Each
workspace runs in its own transaction, so one that fails (whatever the exception) is logged and the others
still get their invitations. Comments stored unread are read as soon as their answer commits
(read_comments)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.analytics import text
from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, daily_for_workspaces, each_workspace
from steward.domains.surveys import delivery, queries, respond, service
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


def read_comments(*, limit: int = 256) -> int:
    """Read the survey comments stored unread (respond.READ_JOB), the oldest first, each workspace in its own
    transaction, in batches of `limit` until none is left; returns how many were read. Woken by the commit
    that stored a comment, and run every few seconds besides to catch up."""
    total = 0
    while True:
        with unit_of_work() as s:
            due = queries.comments_to_read(s, limit)
        by_workspace: dict[int, list[int]] = {}
        for workspace_id, response_id in due:
            by_workspace.setdefault(workspace_id, []).append(response_id)
        done = each_workspace(by_workspace, _reader(by_workspace), "reading survey comments")
        total += done
        if len(due) < limit or done == 0:  # all read, or what is left fails (retried at the next run)
            return total


def _reader(by_workspace: dict[int, list[int]]) -> Callable[[Session, int], int]:
    def read(s: Session, workspace_id: int) -> int:
        ids = by_workspace[workspace_id]
        return respond.read_waiting(session=s, workspace_id=workspace_id, response_ids=ids)

    return read


def warm_up() -> None:
    """Load the encoder and embed the configured themes' phrases before the first comment arrives (seconds
    on a busy machine), so that one is read within a second."""
    with unit_of_work() as s:
        ids = list(s.scalars(select(Survey.workspace_id).distinct()))
        themes = [t for ws in ids for t in service.themes(session=s, workspace_id=ws)]
    text.analyze(["A warm-up sentence, read before the first comment arrives."], themes)
