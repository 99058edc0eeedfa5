"""The note on the pages that the demo's background fill feeds ('… 45% done'), while it runs (on every page
while the current picture is still being written): a template global that reads the workspace's backfill
at most every few seconds."""

from __future__ import annotations

import time
from typing import Any

from jinja2 import Environment

from steward.core.db import unit_of_work
from steward.domains.workspaces import backfills

# What the fill writes: product events (usage, sources, the account page, ICP), tickets (queue, support),
# survey answers (surveys, feedback) and the churn model (at risk, revenue's forecasts).
FED = (
    "/usage",
    "/sources",
    "/icp",
    "/risk",
    "/revenue",
    "/support",
    "/tickets",
    "/surveys",
    "/feedback",
    "/accounts/",
)
SECONDS = 3.0  # how long a read progress is shown before it is read again
_read: dict[int, tuple[float, backfills.Filling | None]] = {}


def history_filling(request: Any, user: Any) -> backfills.Filling | None:
    """The workspace's unfinished backfill when this page reads what it still writes (every page, while
    the current picture is not in yet), else None."""
    if user is None:
        return None
    workspace_id = int(user.workspace_id)
    now = time.monotonic()
    seen = _read.get(workspace_id)
    if seen is None or now - seen[0] > SECONDS:
        with unit_of_work() as s:
            seen = (now, backfills.filling(session=s, workspace_id=workspace_id))
        _read[workspace_id] = seen
    filling = seen[1]
    if filling is None or not filling.current_ready:
        return filling
    path = str(request.url.path)
    return filling if any(path == p or path.startswith(p.rstrip("/") + "/") for p in FED) else None


def install(env: Environment) -> None:
    env.globals["history_filling"] = history_filling
