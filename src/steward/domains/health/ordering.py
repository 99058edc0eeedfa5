"""Each account's current health as a subquery, so a list of another domain (the cockpit's CTAs) sorts by
health in SQL instead of loading every row and every account to sort them in Python."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Subquery, and_, case, select
from sqlalchemy.orm import Session

from steward.domains.accounts import service as accounts_service
from steward.domains.health import queries
from steward.domains.health.models import HealthScore


def current_values(session: Session, workspace_id: int) -> Subquery | None:
    """(account_id, value): the overall score on the latest scored day under the account's own scorecard
    (the first whose rules match, else the first without rules: scoring.own_scorecard, said in SQL);
    None when nothing is scored."""
    cards = queries.scorecards(session, workspace_id)
    day = queries.latest_day(session, workspace_id)
    if day is None or not cards:
        return None
    acc = accounts_service.sort_columns(workspace_id=workspace_id)
    fallback = next((c.id for c in cards if not c.definition.get("rules")), None)
    whens = [
        (and_(*[acc.c[r["field"]].in_(r["values"]) for r in c.definition["rules"]]), c.id)
        for c in cards
        if c.definition.get("rules")
    ]
    if not whens and fallback is None:
        return None
    own: Any = case(*whens, else_=fallback) if whens else fallback
    return (
        select(acc.c.account_id, HealthScore.overall.label("value"))
        .join(
            HealthScore,
            and_(
                HealthScore.account_id == acc.c.account_id,
                HealthScore.workspace_id == workspace_id,
                HealthScore.day == day,
                HealthScore.scorecard_id == own,
            ),
        )
        .subquery()
    )
