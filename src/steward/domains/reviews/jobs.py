"""Reviews in the background: once a day each workspace's cadences schedule the reviews that are missing."""

from __future__ import annotations

from datetime import date

from steward.core.clock import today_utc
from steward.core.jobs import OncePerDay, daily_for_workspaces
from steward.domains.reviews import service
from steward.domains.workspaces import service as workspaces_service

_daily = OncePerDay()


def schedule_daily(*, today: date | None = None) -> int:
    """Returns the reviews scheduled."""
    day = today or today_utc()
    return daily_for_workspaces(
        _daily,
        day,
        lambda s: workspaces_service.all_ids(session=s),
        lambda s, ws: service.schedule_due(session=s, workspace_id=ws, today=day).scheduled,
        "scheduling reviews",
    )
