"""Writing the help center: categories, sections, articles with a version per edit, translations linked to
their source, and the draft -> review -> published flow (published articles are indexed for search)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

import pandas as pd
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.contacts import service as contacts_service
from steward.domains.helpcenter import measures, queries, search
from steward.domains.helpcenter.models import HelpArticle, HelpArticleVersion, HelpCategory, HelpSection
from steward.domains.helpcenter.schemas import (
    ArticleCreate,
    ArticleRead,
    ArticleSummary,
    ArticleUpdate,
    CategoryCreate,
    CategoryRead,
    SectionCreate,
    SectionRead,
    TranslationCreate,
    VersionRead,
)


def create_category(*, session: Session, workspace_id: int, data: CategoryCreate) -> CategoryRead:
    row = HelpCategory(workspace_id=workspace_id, **data.model_dump())
    session.add(row)
    session.flush()
    return _category(row)


def list_categories(*, session: Session, workspace_id: int) -> list[CategoryRead]:
    return [_category(c) for c in queries.categories(session, workspace_id)]


def create_section(*, session: Session, workspace_id: int, data: SectionCreate) -> SectionRead:
    if queries.category(session, workspace_id, data.category_id) is None:
        raise NotFound("category", data.category_id, ("body", "category_id"))
    row = HelpSection(workspace_id=workspace_id, **data.model_dump())
    session.add(row)
    session.flush()
    return _section(row)


def list_sections(*, session: Session, workspace_id: int) -> list[SectionRead]:
    return [_section(s) for s in queries.sections(session, workspace_id)]


def create_article(*, session: Session, workspace_id: int, data: ArticleCreate, editor: str) -> ArticleRead:
    _check_section(session, workspace_id, data.section_id)
    row = HelpArticle(
        workspace_id=workspace_id, section_id=data.section_id, language=data.language, title=data.title,
        body=data.body, status="draft", version=1, views=0,
    )  # fmt: skip
    session.add(row)
    session.flush()
    _keep_version(session, row, editor)
    return read_article(session=session, workspace_id=workspace_id, article_id=row.id)


def add_translation(
    *, session: Session, workspace_id: int, source_id: int, data: TranslationCreate, editor: str
) -> ArticleRead:
    """A draft translation of a source article, in step with the source's current version."""
    source = get_article(session=session, workspace_id=workspace_id, article_id=source_id)
    if source.source_id is not None:
        raise Invalid("translate the source article, not one of its translations", ("path", "article_id"))
    taken = {t.language for t in queries.translations(session, workspace_id, [source.id])} | {source.language}
    if data.language in taken:
        raise Conflict(f"article {source.id} already has a {data.language} version", ("body", "language"))
    row = HelpArticle(
        workspace_id=workspace_id, section_id=source.section_id, source_id=source.id, language=data.language,
        title=data.title, body=data.body, status="draft", version=1, source_version=source.version, views=0,
    )  # fmt: skip
    session.add(row)
    session.flush()
    _keep_version(session, row, editor)
    return read_article(session=session, workspace_id=workspace_id, article_id=row.id)


def update_article(
    *, session: Session, workspace_id: int, article_id: int, data: ArticleUpdate, editor: str
) -> ArticleRead:
    """A changed title or body is a new version (a source's change puts its translations out of date); a
    published article stays published and is re-indexed."""
    row = get_article(session=session, workspace_id=workspace_id, article_id=article_id)
    if data.section_id is not None:
        if row.source_id is not None:
            raise Invalid("a translation stays in its source's section", ("body", "section_id"))
        _check_section(session, workspace_id, data.section_id)
        row.section_id = data.section_id
        for t in queries.translations(session, workspace_id, [row.id]):
            t.section_id = data.section_id
    if data.up_to_date:
        if row.source_id is None:
            raise Invalid("only a translation can be marked up to date", ("body", "up_to_date"))
        row.source_version = get_article(
            session=session, workspace_id=workspace_id, article_id=row.source_id
        ).version
    title = data.title if data.title is not None else row.title
    body = data.body if data.body is not None else row.body
    if (title, body) != (row.title, row.body):
        row.title, row.body, row.version = title, body, row.version + 1
        _keep_version(session, row, editor)
    row.updated_at = now_utc()
    session.flush()
    if row.status == "published":
        search.index(session, row)
    return read_article(session=session, workspace_id=workspace_id, article_id=row.id)


def submit_for_review(*, session: Session, workspace_id: int, article_id: int) -> ArticleRead:
    row = get_article(session=session, workspace_id=workspace_id, article_id=article_id)
    if row.status != "draft":
        raise Conflict(f"the article is {row.status}, not a draft", ("body", "status"))
    row.status = "review"
    session.flush()
    return read_article(session=session, workspace_id=workspace_id, article_id=row.id)


def publish(*, session: Session, workspace_id: int, article_id: int) -> ArticleRead:
    row = get_article(session=session, workspace_id=workspace_id, article_id=article_id)
    if not row.body.strip():
        raise Invalid("an article needs a body before it is published", ("body", "body"))
    row.status = "published"
    row.published_at = row.published_at or now_utc()
    session.flush()
    search.index(session, row)
    return read_article(session=session, workspace_id=workspace_id, article_id=row.id)


def unpublish(*, session: Session, workspace_id: int, article_id: int) -> ArticleRead:
    """Back to draft: off the public pages and out of search at once."""
    row = get_article(session=session, workspace_id=workspace_id, article_id=article_id)
    row.status = "draft"
    session.flush()
    search.unindex(session, row.id)
    return read_article(session=session, workspace_id=workspace_id, article_id=row.id)


def delete_article(*, session: Session, workspace_id: int, article_id: int) -> None:
    row = get_article(session=session, workspace_id=workspace_id, article_id=article_id)
    for t in queries.translations(session, workspace_id, [row.id]):
        search.unindex(session, t.id)
        session.delete(t)
    search.unindex(session, row.id)
    session.delete(row)
    session.flush()


def get_article(*, session: Session, workspace_id: int, article_id: int) -> HelpArticle:
    row = queries.article(session, workspace_id, article_id)
    if row is None:
        raise NotFound("article", article_id)
    return row


def read_article(*, session: Session, workspace_id: int, article_id: int) -> ArticleRead:
    row = get_article(session=session, workspace_id=workspace_id, article_id=article_id)
    yes, no = queries.votes(session, workspace_id, [row.id]).get(row.id, (0, 0))
    return ArticleRead(
        id=row.id, section_id=row.section_id, source_id=row.source_id, language=row.language, title=row.title,
        body=row.body, status=row.status, version=row.version, source_version=row.source_version,
        out_of_date=_out_of_date(session, row), views=row.views, helpful=yes, not_helpful=no,
        published_at=row.published_at, updated_at=row.updated_at,
    )  # fmt: skip


def list_articles(
    *,
    session: Session,
    workspace_id: int,
    section_id: int | None = None,
    status: str | None = None,
    language: str | None = None,
) -> list[ArticleSummary]:
    rows = queries.articles(session, workspace_id, section_id=section_id, status=status, language=language)
    everything = {a.id: a for a in rows}
    sources = queries.by_ids(session, workspace_id, [a.source_id for a in rows if a.source_id]) | everything
    languages: dict[int, list[str]] = {}
    for t in queries.translations(session, workspace_id, [a.id for a in rows if a.source_id is None]):
        languages.setdefault(t.source_id or 0, []).append(t.language)
    out = []
    for a in rows:
        source = sources.get(a.source_id) if a.source_id else None
        stale = source is not None and (a.source_version or 0) < source.version
        out.append(
            ArticleSummary(
                id=a.id,
                section_id=a.section_id,
                source_id=a.source_id,
                language=a.language,
                title=a.title,
                status=a.status,
                version=a.version,
                out_of_date=stale,
                translations=languages.get(a.id, []),
                updated_at=a.updated_at,
            )
        )
    return out


def list_versions(*, session: Session, workspace_id: int, article_id: int) -> list[VersionRead]:
    get_article(session=session, workspace_id=workspace_id, article_id=article_id)
    return [
        VersionRead(
            version=v.version, title=v.title, body=v.body, edited_by=v.edited_by, created_at=v.created_at
        )
        for v in queries.versions(session, workspace_id, article_id)
    ]


def _out_of_date(session: Session, row: HelpArticle) -> bool:
    if row.source_id is None:
        return False
    source = queries.article(session, row.workspace_id, row.source_id)
    return source is not None and (row.source_version or 0) < source.version


def _check_section(session: Session, workspace_id: int, section_id: int) -> None:
    if queries.section(session, workspace_id, section_id) is None:
        raise NotFound("section", section_id, ("body", "section_id"))


def _keep_version(session: Session, row: HelpArticle, editor: str) -> None:
    session.add(
        HelpArticleVersion(
            workspace_id=row.workspace_id,
            article_id=row.id,
            version=row.version,
            title=row.title,
            body=row.body,
            edited_by=editor[:200],
        )
    )
    session.flush()


def _category(row: HelpCategory) -> CategoryRead:
    return CategoryRead(id=row.id, name=row.name, names=row.names or {}, position=row.position)


def _section(row: HelpSection) -> SectionRead:
    return SectionRead(
        id=row.id, category_id=row.category_id, name=row.name, names=row.names or {}, position=row.position
    )


def self_service_by_channel(
    *, session: Session, workspace_id: int, start: datetime, end: datetime, account_id: int | None = None
) -> dict[str, tuple[int, int]]:
    """Channel -> (article views, tickets deflected) in [start, end); one account's contacts when given."""
    views = measures.views_by_channel(session, workspace_id, start, end, account_id)
    contacts = None
    if account_id is not None:
        found = contacts_service.list_for_account(
            session=session, workspace_id=workspace_id, account_id=account_id
        )
        contacts = [c.id for c in found]
    deflected = measures.deflections_by_channel(session, workspace_id, start, end, contacts)
    return {c: (views.get(c, 0), deflected.get(c, 0)) for c in sorted(views.keys() | deflected.keys())}


def articles_read(
    *, session: Session, workspace_id: int, days: Sequence[date], account_ids: Collection[int] | None = None
) -> dict[date, pd.Series]:
    """Each day -> account id -> distinct articles its contacts read in the 30 days up to that day."""
    return measures.articles_read(session, workspace_id, days, account_ids)
