"""Journeys in the background: changed accounts move on seconds after their health is rescored, and every
account is checked once a day."""

from __future__ import annotations

import logging
from datetime import date

from steward.core.changes import Changes
from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.domains.journeys import queries, service

log = logging.getLogger(__name__)
_last_daily: dict[str, date] = {}


def advance_changed(changes: Changes) -> None:
    for workspace_id, account_ids in changes.items():
        with unit_of_work() as s:
            service.advance_all(session=s, workspace_id=workspace_id, account_ids=account_ids)


def advance_daily(*, today: date | None = None) -> int:
    """Returns the workspaces visited."""
    today = today or today_utc()
    if _last_daily.get("day") == today:
        return 0
    with unit_of_work() as s:
        workspaces = queries.workspaces_with_journeys(s)
    for workspace_id in workspaces:
        try:
            with unit_of_work() as s:
                service.advance_all(session=s, workspace_id=workspace_id, today=today)
        except DomainError as exc:
            log.warning("advancing journeys of workspace %s failed: %s", workspace_id, exc.msg)
    _last_daily["day"] = today
    return len(workspaces)
