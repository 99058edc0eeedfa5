"""Renewals in the background: once a day each workspace's coming renewals get an opportunity and the
automatic forecasts are refreshed."""

from __future__ import annotations

from datetime import date

from steward.core.clock import today_utc
from steward.core.jobs import OncePerDay, daily_for_workspaces
from steward.domains.renewals import service
from steward.domains.workspaces import service as workspaces_service

_daily = OncePerDay()


def open_due_daily(*, today: date | None = None) -> int:
    """Returns the opportunities opened."""
    day = today or today_utc()
    return daily_for_workspaces(
        _daily,
        day,
        lambda s: workspaces_service.all_ids(session=s),
        lambda s, ws: service.open_due(session=s, workspace_id=ws, today=day).opened,
        "opening renewals",
    )
