"""Read side of health: scorecards and the stored daily scores."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from steward.domains.health.models import HealthScore, HealthScorecard, HealthSentiment


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


def sentiment_log(
    session: Session, workspace_id: int, account_ids: Collection[int] | None = None
) -> list[tuple[int, datetime, int]]:
    """(account_id, created_at, score) of every sentiment given (to all accounts, or these), oldest first."""
    query = select(HealthSentiment.account_id, HealthSentiment.created_at, HealthSentiment.score).where(
        HealthSentiment.workspace_id == workspace_id
    )
    if account_ids is not None:
        query = query.where(HealthSentiment.account_id.in_(account_ids))
    rows = session.execute(query.order_by(HealthSentiment.created_at, HealthSentiment.id))
    return [(int(a), t, int(s)) for a, t, s in rows]


def sentiments(session: Session, workspace_id: int, account_id: int, limit: int) -> list[HealthSentiment]:
    """An account's sentiments, newest first."""
    return list(
        session.scalars(
            select(HealthSentiment)
            .where(HealthSentiment.workspace_id == workspace_id, HealthSentiment.account_id == account_id)
            .order_by(HealthSentiment.created_at.desc(), HealthSentiment.id.desc())
            .limit(limit)
        )
    )


def delete_account_days(
    session: Session, scorecard_ids: Collection[int], account_ids: Collection[int], day: date
) -> None:
    session.execute(
        delete(HealthScore).where(
            HealthScore.scorecard_id.in_(scorecard_ids),
            HealthScore.account_id.in_(account_ids),
            HealthScore.day == day,
        )
    )


def latest_day(session: Session, workspace_id: int) -> date | None:
    return session.scalar(select(func.max(HealthScore.day)).where(HealthScore.workspace_id == workspace_id))


def scores_on(
    session: Session, workspace_id: int, day: date, account_ids: Collection[int] | None = None
) -> dict[tuple[int, int], tuple[float | None, str | None]]:
    """(scorecard id, account id) -> (overall, grade) of the day's scores (all, or these accounts')."""
    query = select(
        HealthScore.scorecard_id, HealthScore.account_id, HealthScore.overall, HealthScore.grade
    ).where(HealthScore.workspace_id == workspace_id, HealthScore.day == day)
    if account_ids is not None:
        query = query.where(HealthScore.account_id.in_(account_ids))
    rows = session.execute(query)
    return {(int(c), int(a)): (o, g) for c, a, o, g in rows}


def score_history(
    session: Session, workspace_id: int, since: date, account_ids: Collection[int] | None = None
) -> list[tuple[int, date, int, float, str | None]]:
    """(account, day, scorecard, overall, grade) of every stored score since `since`."""
    query = select(
        HealthScore.account_id,
        HealthScore.day,
        HealthScore.scorecard_id,
        HealthScore.overall,
        HealthScore.grade,
    ).where(
        HealthScore.workspace_id == workspace_id, HealthScore.day >= since, HealthScore.overall.is_not(None)
    )
    if account_ids is not None:
        query = query.where(HealthScore.account_id.in_(list(account_ids)))
    return [(int(a), d, int(c), float(o or 0.0), g) for a, d, c, o, g in session.execute(query)]
