"""Renewals in the background: once a day each workspace's coming renewals get an opportunity and the
automatic forecasts are refreshed."""

from __future__ import annotations

import logging
from datetime import date

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.domains.renewals import service
from steward.domains.workspaces import service as workspaces_service

log = logging.getLogger(__name__)
_last_daily: dict[str, date] = {}


def open_due_daily(*, today: date | None = None) -> int:
    """Returns the opportunities opened; each workspace in its own transaction."""
    today = today or today_utc()
    if _last_daily.get("day") == today:
        return 0
    with unit_of_work() as s:
        workspaces = workspaces_service.all_ids(session=s)
    opened = 0
    for workspace_id in workspaces:
        try:
            with unit_of_work() as s:
                opened += service.open_due(session=s, workspace_id=workspace_id, today=today).opened
        except DomainError as exc:
            log.warning("opening renewals of workspace %s failed: %s", workspace_id, exc.msg)
    _last_daily["day"] = today
    return opened
