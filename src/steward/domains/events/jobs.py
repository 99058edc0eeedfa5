"""Usage rollups in the background: every few seconds in `steward serve`, each workspace with events takes
in what arrived (a pass that dies half way is redone whole by the next)."""

from __future__ import annotations

from steward.core.db import unit_of_work
from steward.core.jobs import each_workspace
from steward.domains.events import queries, rollups


def roll_up_all(*, settle_seconds: int = rollups.SETTLE_SECONDS) -> int:
    """Returns the days rebuilt across workspaces."""
    with unit_of_work() as s:
        workspaces = queries.workspaces_with_events(s)
    return each_workspace(
        workspaces, lambda s, ws: rollups.roll_up(s, ws, settle_seconds), "rolling up usage"
    )
