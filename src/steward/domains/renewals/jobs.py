"""Renewals in the background: once a day each workspace's coming renewals get an opportunity and the
automatic forecasts are refreshed."""

from __future__ import annotations

from datetime import date

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, each_workspace
from steward.domains.renewals import service
from steward.domains.workspaces import service as workspaces_service

_daily = OncePerDay()


def open_due_daily(*, today: date | None = None) -> int:
    """Returns the opportunities opened."""
    day = today or today_utc()
    if not _daily.due(day):
        return 0
    with unit_of_work() as s:
        workspaces = workspaces_service.all_ids(session=s)
    opened = each_workspace(
        workspaces,
        lambda s, ws: service.open_due(session=s, workspace_id=ws, today=day).opened,
        "opening renewals",
    )
    _daily.done(day)
    return opened
