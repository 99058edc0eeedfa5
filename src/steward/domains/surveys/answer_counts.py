"""Survey answers read for reports and health measures without building ORM objects: the scored answers
as plain rows, and answers counted in SQL by survey, UTC month, score and verdict (a few hundred rows for
a year of answers)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, func, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from steward.domains.surveys.models import SurveyInvite, SurveyResponse

FATIGUE_DAYS = 180


class Answer(NamedTuple):
    """What score rows and report groupings read of an answer."""

    account_id: int | None
    wave: int
    responded_at: datetime
    score: int | None
    verdict: str | None


class Tally(NamedTuple):
    survey_id: int
    month: str  # YYYY-MM, UTC
    score: int | None
    verdict: str | None
    answers: int


def scored(
    session: Session, workspace_id: int, survey_ids: Collection[int], start: datetime, end: datetime
) -> list[Answer]:
    """The answers with a score to these surveys in [start, end), newest first."""
    r = SurveyResponse
    query = (
        select(r.account_id, r.wave, r.responded_at, r.score, r.verdict)
        .where(
            r.workspace_id == workspace_id,
            r.survey_id.in_(list(survey_ids)),
            r.responded_at >= start,
            r.responded_at < end,
            r.score.is_not(None),
        )
        .order_by(r.responded_at.desc(), r.id.desc())
    )
    return [Answer(a, int(w), t, s, v) for a, w, t, s, v in session.execute(query)]


class AccountAnswer(NamedTuple):
    survey_id: int
    account_id: int
    responded_at: datetime
    score: int | None
    verdict: str | None


def scored_by_account(
    session: Session, workspace_id: int, start: datetime, end: datetime, account_ids: Collection[int] | None
) -> list[AccountAnswer]:
    """The scored answers of accounts (of all, or these) in [start, end), as plain rows."""
    r = SurveyResponse
    query = select(r.survey_id, r.account_id, r.responded_at, r.score, r.verdict).where(
        r.workspace_id == workspace_id,
        r.responded_at >= start,
        r.responded_at < end,
        r.account_id.is_not(None),
        r.score.is_not(None),
    )
    if account_ids is not None:
        query = query.where(r.account_id.in_(list(account_ids)))
    return [AccountAnswer(int(i), int(a or 0), t, s, v) for i, a, t, s, v in session.execute(query)]


def by_survey_month(
    session: Session,
    workspace_id: int,
    start: datetime,
    end: datetime,
    survey_ids: Collection[int] | None = None,
    scored_only: bool = False,
) -> list[Tally]:
    """Every answer in [start, end) (to these surveys; with a score), counted by survey, UTC month, score
    and verdict."""
    r = SurveyResponse
    month = _utc_month(session, r.responded_at)
    query = select(r.survey_id, month, r.score, r.verdict, func.count()).where(
        r.workspace_id == workspace_id, r.responded_at >= start, r.responded_at < end
    )
    if survey_ids is not None:
        query = query.where(r.survey_id.in_(list(survey_ids)))
    if scored_only:
        query = query.where(r.score.is_not(None))
    query = query.group_by(r.survey_id, month, r.score, r.verdict)
    return [Tally(int(i), str(m), s, v, int(n)) for i, m, s, v, n in session.execute(query)]


def invites_by_prior(
    session: Session,
    workspace_id: int,
    survey_ids: Collection[int],
    lookback: datetime,
    start: datetime,
    end: datetime,
) -> list[tuple[str, int, int]]:
    """(how many invites the contact had in the 180 days before, as '0 before' .. '3+ before'; invited;
    answered) for the invitations made in [start, end), counted in SQL. Earlier invites are those made
    from `lookback` on and before this one (at the same instant, those with a lower id)."""
    i, j = aliased(SurveyInvite), aliased(SurveyInvite)
    ids = list(survey_ids)
    prior = (
        select(func.count())
        .where(
            j.workspace_id == workspace_id,
            j.contact_id == i.contact_id,
            j.survey_id.in_(ids),
            j.created_at >= lookback,
            j.created_at >= _days_before(session, i.created_at, FATIGUE_DAYS),
            j.created_at <= i.created_at,
            or_(j.created_at < i.created_at, and_(j.created_at == i.created_at, j.id < i.id)),
        )
        .scalar_subquery()
    )
    each = (
        select(prior.label("prior"), i.responded_at.label("responded_at"))
        .where(
            i.workspace_id == workspace_id, i.survey_id.in_(ids), i.created_at >= start, i.created_at < end
        )
        .subquery()
    )
    # Grouped by the count itself and capped here: SQLite would run the subquery once per use of it.
    query = select(each.c.prior, func.count(), func.count(each.c.responded_at)).group_by(each.c.prior)
    per: dict[str, list[int]] = {}
    for prior, invited, answered in session.execute(query):
        key = f"{min(int(prior), 3)}{'+' if prior >= 3 else ''} before"
        sums = per.setdefault(key, [0, 0])
        sums[0], sums[1] = sums[0] + int(invited), sums[1] + int(answered)
    return [(k, i, a) for k, (i, a) in per.items()]


def _days_before(session: Session, column: Any, days: int) -> Any:
    """A UTC timestamp `days` days earlier, to the microsecond: on SQLite the text datetime() gives back
    (whole seconds) with the column's own fraction put back; on PostgreSQL in hours, so no zone's
    daylight saving moves it."""
    if session.get_bind().dialect.name == "postgresql":
        return column - literal_column(f"interval '{days * 24} hours'")
    return func.datetime(column, f"-{days} days").concat(func.substr(column, 20))


def _utc_month(session: Session, column: Any) -> Any:
    """YYYY-MM of a UTC timestamp: SQLite holds it as 'YYYY-MM-DD HH:MM:SS...' text in UTC."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.substr(column, 1, 7)
