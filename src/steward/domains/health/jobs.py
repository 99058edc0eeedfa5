"""Background health work: score every scorecard once a day, so each account has a daily history, and
rescore the accounts whose inputs just changed."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.exc import DBAPIError

from steward.core.changes import Changes
from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.domains.health import queries, scoring

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
                scoring.recompute(
                    session=s, workspace_id=workspace_id, scorecard_id=scorecard_id, today=today
                )
            done.append(scorecard_id)
        except DomainError as exc:
            log.warning("daily health scores of scorecard %s failed: %s", scorecard_id, exc.msg)
        except Exception:  # a bug or a database error in one workspace must not starve the others
            log.exception("daily health scores of scorecard %s failed", scorecard_id)
    return done


# Past this many changed accounts one full recompute is cheaper than reading them one filter at a time.
FULL_RECOMPUTE_OVER = 2000


def rescore_changed(changes: Changes, *, today: date | None = None) -> None:
    """Today's scores of the changed accounts, each workspace in its own transaction. A clash with a
    concurrent recompute of the same rows (a unique or lock error) is retried once."""
    for workspace_id, account_ids in changes.items():
        for attempt in (1, 2):
            try:
                _rescore(workspace_id, account_ids, today)
                break
            except DomainError as exc:
                log.warning("rescoring changed accounts of workspace %s failed: %s", workspace_id, exc.msg)
                break
            except DBAPIError:
                if attempt == 2:
                    raise
                log.info("rescoring workspace %s clashed with another write; trying again", workspace_id)


def _rescore(workspace_id: int, account_ids: set[int] | None, today: date | None) -> None:
    with unit_of_work() as s:
        if account_ids is not None and len(account_ids) <= FULL_RECOMPUTE_OVER:
            scoring.rescore_accounts(
                session=s, workspace_id=workspace_id, account_ids=account_ids, today=today
            )
            return
        for card in queries.scorecards(s, workspace_id):
            scoring.recompute(session=s, workspace_id=workspace_id, scorecard_id=card.id, today=today)
