"""Read side of the help center; every query names its workspace."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from steward.domains.helpcenter.models import (
    HelpArticle,
    HelpArticleVersion,
    HelpCategory,
    HelpDeflection,
    HelpSearch,
    HelpSection,
    HelpVote,
)

A = HelpArticle


def category(session: Session, workspace_id: int, category_id: int) -> HelpCategory | None:
    query = select(HelpCategory).where(
        HelpCategory.workspace_id == workspace_id, HelpCategory.id == category_id
    )
    return session.scalar(query)


def categories(session: Session, workspace_id: int) -> list[HelpCategory]:
    query = select(HelpCategory).where(HelpCategory.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(HelpCategory.position, HelpCategory.id)))


def section(session: Session, workspace_id: int, section_id: int) -> HelpSection | None:
    query = select(HelpSection).where(HelpSection.workspace_id == workspace_id, HelpSection.id == section_id)
    return session.scalar(query)


def sections(session: Session, workspace_id: int) -> list[HelpSection]:
    query = select(HelpSection).where(HelpSection.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(HelpSection.position, HelpSection.id)))


def article(session: Session, workspace_id: int, article_id: int) -> HelpArticle | None:
    return session.scalar(select(A).where(A.workspace_id == workspace_id, A.id == article_id))


def articles(
    session: Session,
    workspace_id: int,
    *,
    section_id: int | None = None,
    status: str | None = None,
    language: str | None = None,
    limit: int = 1000,
) -> list[HelpArticle]:
    query = select(A).where(A.workspace_id == workspace_id)
    if section_id is not None:
        query = query.where(A.section_id == section_id)
    if status is not None:
        query = query.where(A.status == status)
    if language is not None:
        query = query.where(A.language == language)
    return list(session.scalars(query.order_by(A.section_id, A.id).limit(limit)))


def by_ids(session: Session, workspace_id: int, ids: Sequence[int]) -> dict[int, HelpArticle]:
    if not ids:
        return {}
    query = select(A).where(A.workspace_id == workspace_id, A.id.in_(list(ids)))
    return {a.id: a for a in session.scalars(query)}


def translations(session: Session, workspace_id: int, source_ids: Sequence[int]) -> list[HelpArticle]:
    if not source_ids:
        return []
    query = select(A).where(A.workspace_id == workspace_id, A.source_id.in_(list(source_ids)))
    return list(session.scalars(query.order_by(A.language)))


def versions(session: Session, workspace_id: int, article_id: int) -> list[HelpArticleVersion]:
    V = HelpArticleVersion
    query = select(V).where(V.workspace_id == workspace_id, V.article_id == article_id)
    return list(session.scalars(query.order_by(V.version.desc())))


def votes(session: Session, workspace_id: int, article_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Article id -> (helpful, not helpful)."""
    if not article_ids:
        return {}
    V = HelpVote
    query = (
        select(V.article_id, func.sum(case((V.helpful, 1), else_=0)), func.sum(case((V.helpful, 0), else_=1)))
        .where(V.workspace_id == workspace_id, V.article_id.in_(list(article_ids)))
        .group_by(V.article_id)
    )
    return {int(a): (int(y or 0), int(n or 0)) for a, y, n in session.execute(query)}


def deflected(session: Session, workspace_id: int, read_before: datetime) -> dict[int, int]:
    """Article id -> tickets it deflected: readings marked as solving the problem, and readings before
    `read_before` whose ticket form was never sent."""
    D = HelpDeflection
    counted = or_(D.state == "solved", and_(D.state == "read", D.created_at <= read_before))
    query = select(D.article_id, func.count()).where(D.workspace_id == workspace_id, counted)
    return {int(a): int(n) for a, n in session.execute(query.group_by(D.article_id))}


def vote_of(session: Session, workspace_id: int, article_id: int, visitor: str) -> HelpVote | None:
    V = HelpVote
    query = select(V).where(V.workspace_id == workspace_id, V.article_id == article_id, V.visitor == visitor)
    return session.scalar(query)


def latest_comments(session: Session, workspace_id: int, limit: int = 20) -> list[tuple[str, str]]:
    """(article title, comment) of the latest 'not helpful' votes with a comment."""
    V = HelpVote
    query = (
        select(A.title, V.comment)
        .join(A, A.id == V.article_id)
        .where(V.workspace_id == workspace_id, A.workspace_id == workspace_id, V.comment.is_not(None))
        .order_by(V.created_at.desc(), V.id.desc())
        .limit(limit)
    )
    return [(str(t), str(c)) for t, c in session.execute(query)]


def content_gaps(
    session: Session, workspace_id: int, limit: int = 50
) -> list[tuple[str, str, int, datetime]]:
    """Searches that found nothing, most asked first: (query, language, times, last asked)."""
    S = HelpSearch
    query = (
        select(S.query, S.language, func.count(), func.max(S.created_at))
        .where(S.workspace_id == workspace_id, S.results == 0)
        .group_by(S.query, S.language)
        .order_by(func.count().desc(), func.max(S.created_at).desc())
        .limit(limit)
    )
    return [(str(q), str(lang), int(n), last) for q, lang, n, last in session.execute(query)]
