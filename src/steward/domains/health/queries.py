"""Read side of health: scorecards and the stored daily scores."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from steward.domains.health.models import HealthScore, HealthScorecard


def scorecards(session: Session, workspace_id: int) -> list[HealthScorecard]:
    return list(
        session.scalars(
            select(HealthScorecard)
            .where(HealthScorecard.workspace_id == workspace_id)
            .order_by(HealthScorecard.id)
        )
    )


def scorecard(session: Session, workspace_id: int, scorecard_id: int) -> HealthScorecard | None:
    return session.scalar(
        select(HealthScorecard).where(
            HealthScorecard.workspace_id == workspace_id, HealthScorecard.id == scorecard_id
        )
    )


def by_name(session: Session, workspace_id: int, name: str) -> HealthScorecard | None:
    return session.scalar(
        select(HealthScorecard).where(
            HealthScorecard.workspace_id == workspace_id, HealthScorecard.name == name
        )
    )


def delete_days(session: Session, scorecard_id: int, days: Collection[date]) -> None:
    session.execute(
        delete(HealthScore).where(HealthScore.scorecard_id == scorecard_id, HealthScore.day.in_(days))
    )


def account_history(
    session: Session, workspace_id: int, scorecard_id: int, account_id: int, since: date
) -> list[HealthScore]:
    return list(
        session.scalars(
            select(HealthScore)
            .where(
                HealthScore.workspace_id == workspace_id,
                HealthScore.scorecard_id == scorecard_id,
                HealthScore.account_id == account_id,
                HealthScore.day >= since,
            )
            .order_by(HealthScore.day)
        )
    )


def scorecards_behind(session: Session, day: date) -> list[tuple[int, int]]:
    """(workspace_id, scorecard_id) of every scorecard with no scores stored for `day`."""
    scored = select(HealthScore.scorecard_id).where(HealthScore.day == day).distinct()
    rows = session.execute(
        select(HealthScorecard.workspace_id, HealthScorecard.id).where(HealthScorecard.id.not_in(scored))
    )
    return [(int(w), int(c)) for w, c in rows]


def overall_on(
    session: Session, workspace_id: int, scorecard_id: int, account_ids: Collection[int], day: date
) -> dict[int, float]:
    """Overall scores of these accounts on one day (accounts without a score are absent)."""
    if not account_ids:
        return {}
    rows = session.execute(
        select(HealthScore.account_id, HealthScore.overall).where(
            HealthScore.workspace_id == workspace_id,
            HealthScore.scorecard_id == scorecard_id,
            HealthScore.day == day,
            HealthScore.account_id.in_(account_ids),
            HealthScore.overall.is_not(None),
        )
    )
    return {int(a): float(o) for a, o in rows if o is not None}
