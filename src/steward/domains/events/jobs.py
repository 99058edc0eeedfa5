"""Events in the background: every few seconds in `steward serve`, each workspace with events takes in
what arrived (a pass that dies half way is redone whole by the next); once a day the last complete days
are archived to Parquet, raw events past the retention are pruned, and on PostgreSQL the monthly
partitions are kept ready (and emptied ones dropped)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, each_workspace
from steward.domains.events import archive, partitions, queries, rollups

ARCHIVE_DAYS = 3  # complete days written again each day, so events that arrive a little late get in
_daily = OncePerDay()


def roll_up_all(*, settle_seconds: int = rollups.SETTLE_SECONDS) -> int:
    """Returns the days rebuilt across workspaces."""
    with unit_of_work() as s:
        workspaces = queries.workspaces_with_events(s)
    return each_workspace(
        workspaces, lambda s, ws: rollups.roll_up(s, ws, settle_seconds), "rolling up usage"
    )


def archive_daily(*, root: Path, raw_days: int | None, today: date | None = None) -> int:
    """On the first call of a day: returns the raw events pruned (0 on later calls)."""
    day = today or today_utc()
    if not _daily.due(day):
        return 0
    with unit_of_work() as s:
        partitions.ensure(s, day)  # first, so the months ahead are ready before anything else
        workspaces = queries.workspaces_with_events(s)

    def work(s: Session, ws: int) -> int:
        archive.compact(s, ws, root, days=ARCHIVE_DAYS, today=day)
        return archive.prune(s, ws, root, raw_days, today=day) if raw_days else 0

    pruned = each_workspace(workspaces, work, "archiving events")
    if raw_days:
        with unit_of_work() as s:
            partitions.drop_empty_before(s, day - timedelta(days=raw_days))
    _daily.done(day)
    return pruned
