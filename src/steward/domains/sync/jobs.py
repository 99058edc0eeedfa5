"""The scheduled job: run every source whose schedule is due, one after another; failing sources back off."""

from __future__ import annotations

import logging
from datetime import datetime

from steward.core.db import unit_of_work, utcnow
from steward.domains.sync import runner, runs

log = logging.getLogger(__name__)


def run_due(*, secret: str, now: datetime | None = None) -> int:
    """Run the due sources; returns how many ran. One source's crash is logged and never stops the others."""
    with unit_of_work() as s:
        due = runs.due_sources(session=s, now=now or utcnow())
    for workspace_id, source_id in due:
        try:
            result = runner.run_source(
                workspace_id=workspace_id, source_id=source_id, secret=secret, trigger="schedule"
            )
        except Exception:
            log.exception("sync source %s of workspace %s crashed", source_id, workspace_id)
            continue
        if result.status == "failed":
            log.warning("sync source %s of workspace %s failed: %s", source_id, workspace_id, result.error)
    return len(due)
