"""Rules in the background: the enabled rules of a workspace run for accounts whose data just changed
(after their health is rescored), and once a day over every account."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.orm import Session

from steward.core.changes import Changes
from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.jobs import OncePerDay, each_workspace
from steward.domains.ctas import service as ctas_service
from steward.domains.rules import evaluate, queries

log = logging.getLogger(__name__)
_daily = OncePerDay()


def evaluate_changed(changes: Changes) -> None:
    """Run each workspace's enabled rules over its changed accounts, one transaction per workspace.
    Schedule rules wait for the daily run."""
    for workspace_id, account_ids in changes.items():
        with unit_of_work() as s:
            rules = [r for r in queries.rules(s, workspace_id, enabled_only=True)
                     if r.definition["trigger"]["kind"] != "schedule"]  # fmt: skip
            evaluate.run_many(s, rules, workspace_id, account_ids, "change")


def run_daily(*, today: date | None = None) -> int:
    """Once a day: wake snoozed CTAs and run every enabled rule over every account. Returns the runs."""
    today = today or today_utc()
    if not _daily.due(today):
        return 0
    with unit_of_work() as s:
        ctas_service.wake_snoozed(session=s, today=today)
        workspaces = queries.workspaces_with_rules(s)

    def one(s: Session, workspace_id: int) -> int:
        return len(evaluate.run_many(s, queries.rules(s, workspace_id, enabled_only=True), workspace_id,
                                     None, "daily"))  # fmt: skip

    done = each_workspace(workspaces, one, "running the daily rules")
    _daily.done(today)
    return done
