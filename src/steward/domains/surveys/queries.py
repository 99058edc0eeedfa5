"""Reads of surveys, invitations and responses."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from steward.domains.surveys.models import CommentToRead, Survey, SurveyInvite, SurveyOptOut, SurveyResponse


def _unsure(
    workspace_id: int, below: float, survey_id: int | None, account_id: int | None
) -> list[ColumnElement[bool]]:
    """Answers (of the survey and account, where given) whose machine reading gave its class less than
    `below` (loop.confident in SQL: an analyst's reading is never unsure)."""
    where = [
        SurveyResponse.workspace_id == workspace_id,
        SurveyResponse.sentiment_confidence < below,
        or_(SurveyResponse.sentiment_source.is_(None), SurveyResponse.sentiment_source != "analyst"),
    ]
    if survey_id is not None:
        where.append(SurveyResponse.survey_id == survey_id)
    if account_id is not None:
        where.append(SurveyResponse.account_id == account_id)
    return where


def unsure_count(session: Session, workspace_id: int, below: float, *, survey_id: int | None = None) -> int:
    where = _unsure(workspace_id, below, survey_id, None)
    return int(session.scalar(select(func.count()).select_from(SurveyResponse).where(*where)) or 0)


def unsure(
    session: Session,
    workspace_id: int,
    below: float,
    limit: int,
    *,
    survey_id: int | None = None,
    account_id: int | None = None,
) -> list[SurveyResponse]:
    """The unsure answers, least sure first (then the newest)."""
    order = (
        SurveyResponse.sentiment_confidence,
        SurveyResponse.responded_at.desc(),
        SurveyResponse.id.desc(),
    )
    where = _unsure(workspace_id, below, survey_id, account_id)
    return list(session.scalars(select(SurveyResponse).where(*where).order_by(*order).limit(limit)))


def unsure_comments(
    session: Session, workspace_id: int, below: float, limit: int, *, survey_id: int | None = None
) -> list[tuple[SurveyResponse, int]]:
    """One unsure answer per distinct comment (its newest), least sure first, with how many answers say it."""
    newest = func.max(SurveyResponse.id)
    groups = session.execute(
        select(newest, func.count())
        .where(*_unsure(workspace_id, below, survey_id, None))
        .group_by(SurveyResponse.comment)
        .order_by(func.min(SurveyResponse.sentiment_confidence), newest.desc())
        .limit(limit)
    ).all()
    ids = [g[0] for g in groups]
    found = {r.id: r for r in session.scalars(select(SurveyResponse).where(SurveyResponse.id.in_(ids)))}
    return [(found[g[0]], int(g[1])) for g in groups]


def survey(session: Session, workspace_id: int, survey_id: int) -> Survey | None:
    row = session.get(Survey, survey_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def surveys(session: Session, workspace_id: int) -> list[Survey]:
    query = select(Survey).where(Survey.workspace_id == workspace_id).order_by(Survey.id)
    return list(session.scalars(query))


def by_public_key(session: Session, public_key: str) -> Survey | None:
    return session.scalars(select(Survey).where(Survey.public_key == public_key)).first()


def recently_asked(
    session: Session, workspace_id: int, since: datetime, survey_id: int | None = None
) -> set[int]:
    """Contacts invited since then (to any survey, or to this one)."""
    query = select(SurveyInvite.contact_id).where(
        SurveyInvite.workspace_id == workspace_id, SurveyInvite.created_at >= since
    )
    if survey_id is not None:
        query = query.where(SurveyInvite.survey_id == survey_id)
    return {int(c) for c in session.scalars(query.distinct())}


def opted_out(session: Session, workspace_id: int, contact_ids: Collection[int] | None = None) -> set[int]:
    query = select(SurveyOptOut.contact_id).where(SurveyOptOut.workspace_id == workspace_id)
    if contact_ids is not None:
        query = query.where(SurveyOptOut.contact_id.in_(list(contact_ids)))
    return {int(c) for c in session.scalars(query)}


def responses(
    session: Session,
    workspace_id: int,
    *,
    survey_id: int | None = None,
    survey_ids: Collection[int] | None = None,
    account_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int | None = 200,
) -> list[SurveyResponse]:
    query = select(SurveyResponse).where(SurveyResponse.workspace_id == workspace_id)
    if survey_id is not None:
        query = query.where(SurveyResponse.survey_id == survey_id)
    if survey_ids is not None:
        query = query.where(SurveyResponse.survey_id.in_(list(survey_ids)))
    if account_id is not None:
        query = query.where(SurveyResponse.account_id == account_id)
    if start is not None:
        query = query.where(SurveyResponse.responded_at >= start)
    if end is not None:
        query = query.where(SurveyResponse.responded_at < end)
    query = query.order_by(SurveyResponse.responded_at.desc(), SurveyResponse.id.desc())
    return list(session.scalars(query.limit(limit) if limit else query))


def response_count(session: Session, survey_id: int) -> int:
    query = select(func.count()).select_from(SurveyResponse).where(SurveyResponse.survey_id == survey_id)
    return int(session.scalar(query) or 0)


def invites_due(session: Session, now: datetime, workspace_id: int | None = None) -> list[SurveyInvite]:
    """Invitations not answered, not expired, and either never sent or not yet reminded (of one workspace,
    or of all)."""
    query = select(SurveyInvite).where(
        SurveyInvite.responded_at.is_(None),
        SurveyInvite.expires_at > now,
        SurveyInvite.reminded_at.is_(None),
    )
    if workspace_id is not None:
        query = query.where(SurveyInvite.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(SurveyInvite.id)))


def workspaces_with_invites_due(session: Session, now: datetime) -> list[int]:
    query = select(SurveyInvite.workspace_id).where(
        SurveyInvite.responded_at.is_(None),
        SurveyInvite.expires_at > now,
        SurveyInvite.reminded_at.is_(None),
    )
    return list(session.scalars(query.distinct().order_by(SurveyInvite.workspace_id)))


def invites(
    session: Session, workspace_id: int, survey_ids: Collection[int], start: datetime, end: datetime
) -> list[tuple[int, int, int, datetime, datetime | None]]:
    """(survey, wave, contact, created, responded) of the invitations made in the window."""
    query = select(
        SurveyInvite.survey_id,
        SurveyInvite.wave,
        SurveyInvite.contact_id,
        SurveyInvite.created_at,
        SurveyInvite.responded_at,
    ).where(
        SurveyInvite.workspace_id == workspace_id,
        SurveyInvite.survey_id.in_(list(survey_ids)),
        SurveyInvite.created_at >= start,
        SurveyInvite.created_at < end,
    )
    return [(int(s), int(w), int(c), t, r) for s, w, c, t, r in session.execute(query)]


def active_recurring(session: Session, workspace_id: int | None = None) -> list[Survey]:
    query = select(Survey).where(
        Survey.status == "active", Survey.purpose == "relationship", Survey.recurrence_days.is_not(None)
    )
    if workspace_id is not None:
        query = query.where(Survey.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(Survey.id)))


def open_invites(session: Session, workspace_id: int, contact_id: int) -> list[SurveyInvite]:
    query = select(SurveyInvite).where(
        SurveyInvite.workspace_id == workspace_id,
        SurveyInvite.contact_id == contact_id,
        SurveyInvite.responded_at.is_(None),
    )
    return list(session.scalars(query))


def imported(session: Session, workspace_id: int, external_ids: Collection[str]) -> dict[str, int]:
    """External id -> response id of the answers already imported."""
    ids = sorted(set(external_ids))
    found: dict[str, int] = {}
    for start in range(0, len(ids), 5000):  # under every database's bound-parameter limit
        query = select(SurveyResponse.external_id, SurveyResponse.id).where(
            SurveyResponse.workspace_id == workspace_id,
            SurveyResponse.external_id.in_(ids[start : start + 5000]),
        )
        found.update({str(e): int(i) for e, i in session.execute(query)})
    return found


def account_answers(
    session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None
) -> list[tuple[int, datetime, str, int | None, str | None]]:
    """(account, answered at, survey kind, score, comment sentiment) of every answer since `since`."""
    query = (
        select(
            SurveyResponse.account_id, SurveyResponse.responded_at, Survey.kind, SurveyResponse.score,
            SurveyResponse.sentiment,
        )
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(
            SurveyResponse.workspace_id == workspace_id,
            SurveyResponse.responded_at >= since,
            SurveyResponse.account_id.is_not(None),
        )
    )  # fmt: skip
    if account_ids is not None:
        query = query.where(SurveyResponse.account_id.in_(list(account_ids)))
    return [(int(a or 0), at, kind, score, said) for a, at, kind, score, said in session.execute(query)]


def account_invites(
    session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None
) -> list[tuple[int, datetime, datetime | None]]:
    """(account, invited at, answered at) of every invitation made since `since`."""
    query = select(SurveyInvite.account_id, SurveyInvite.created_at, SurveyInvite.responded_at).where(
        SurveyInvite.workspace_id == workspace_id,
        SurveyInvite.created_at >= since,
        SurveyInvite.account_id.is_not(None),
    )
    if account_ids is not None:
        query = query.where(SurveyInvite.account_id.in_(list(account_ids)))
    return [(int(a or 0), at, answered) for a, at, answered in session.execute(query)]


def comments_to_read(session: Session, limit: int) -> list[tuple[int, int]]:
    """(workspace, response) of the comments stored unread, in every workspace, the oldest first."""
    query = (
        select(CommentToRead.workspace_id, CommentToRead.response_id)
        .order_by(CommentToRead.requested_at, CommentToRead.response_id)
        .limit(limit)
    )
    return [(int(ws), int(rid)) for ws, rid in session.execute(query)]


def waiting(
    session: Session, workspace_id: int, response_ids: Collection[int]
) -> list[tuple[CommentToRead, SurveyResponse]]:
    query = (
        select(CommentToRead, SurveyResponse)
        .join(SurveyResponse, SurveyResponse.id == CommentToRead.response_id)
        .where(CommentToRead.workspace_id == workspace_id, SurveyResponse.workspace_id == workspace_id)
        .where(CommentToRead.response_id.in_(list(response_ids)))
        .order_by(CommentToRead.response_id)
    )
    return [(w, r) for w, r in session.execute(query)]


def being_read(session: Session, workspace_id: int, response_ids: Collection[int]) -> set[int]:
    """Which of these responses have a comment stored but not read yet."""
    if not response_ids:
        return set()
    query = select(CommentToRead.response_id).where(
        CommentToRead.workspace_id == workspace_id, CommentToRead.response_id.in_(list(response_ids))
    )
    return set(session.scalars(query))
