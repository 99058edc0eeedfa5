"""Journeys in the background: changed accounts move on seconds after their health is rescored, and every
account is checked once a day."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from steward.core.changes import Changes
from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, daily_for_workspaces
from steward.domains.journeys import queries, service

_daily = OncePerDay()


def advance_changed(changes: Changes) -> None:
    for workspace_id, account_ids in changes.items():
        with unit_of_work() as s:
            service.advance_all(session=s, workspace_id=workspace_id, account_ids=account_ids)


def advance_daily(*, today: date | None = None) -> int:
    """Returns the workspaces visited."""
    day = today or today_utc()

    def one(session: Session, workspace_id: int) -> int:
        service.advance_all(session=session, workspace_id=workspace_id, today=day)
        return 1

    return daily_for_workspaces(_daily, day, queries.workspaces_with_journeys, one, "advancing journeys")
