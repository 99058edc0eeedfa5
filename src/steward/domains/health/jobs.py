"""Scheduled health work: score every scorecard once a day, so each account has a daily history."""

from __future__ import annotations

import logging
from datetime import date

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.domains.health import queries, service

log = logging.getLogger(__name__)


def score_today(*, today: date | None = None) -> list[int]:
    """Recompute the scorecards that have no scores for today yet; returns their ids. Each in its own
    transaction, so one failure does not hold back the others."""
    today = today or today_utc()
    with unit_of_work() as s:
        behind = queries.scorecards_behind(s, today)
    done = []
    for workspace_id, scorecard_id in behind:
        try:
            with unit_of_work() as s:
                service.recompute(
                    session=s, workspace_id=workspace_id, scorecard_id=scorecard_id, today=today
                )
            done.append(scorecard_id)
        except DomainError as exc:
            log.warning("daily health scores of scorecard %s failed: %s", scorecard_id, exc.msg)
    return done
