"""Reviews in the background: once a day each workspace's cadences schedule the reviews that are missing."""

from __future__ import annotations

from datetime import date

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, each_workspace
from steward.domains.reviews import service
from steward.domains.workspaces import service as workspaces_service

_daily = OncePerDay()


def schedule_daily(*, today: date | None = None) -> int:
    """Returns the reviews scheduled."""
    day = today or today_utc()
    if not _daily.due(day):
        return 0
    with unit_of_work() as s:
        workspaces = workspaces_service.all_ids(session=s)
    made = each_workspace(
        workspaces,
        lambda s, ws: service.schedule_due(session=s, workspace_id=ws, today=day).scheduled,
        "scheduling reviews",
    )
    _daily.done(day)
    return made
