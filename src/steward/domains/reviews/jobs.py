"""Reviews in the background: once a day each workspace's cadences schedule the reviews that are missing."""

from __future__ import annotations

import logging
from datetime import date

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.domains.reviews import service
from steward.domains.workspaces import service as workspaces_service

log = logging.getLogger(__name__)
_last_daily: dict[str, date] = {}


def schedule_daily(*, today: date | None = None) -> int:
    today = today or today_utc()
    if _last_daily.get("day") == today:
        return 0
    with unit_of_work() as s:
        workspaces = workspaces_service.all_ids(session=s)
    made = 0
    for workspace_id in workspaces:
        try:
            with unit_of_work() as s:
                made += service.schedule_due(session=s, workspace_id=workspace_id, today=today).scheduled
        except DomainError as exc:
            log.warning("scheduling reviews of workspace %s failed: %s", workspace_id, exc.msg)
    _last_daily["day"] = today
    return made
