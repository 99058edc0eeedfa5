"""Tables of the help center: categories, sections, articles (a translation is an article linked to its
source), each edit's version, visitors' votes, searches made and the search terms of published articles."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class HelpCategory(Base):
    __tablename__ = "help_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    names: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # language -> translated name
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at_column()


class HelpSection(Base):
    __tablename__ = "help_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("help_categories.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    names: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at_column()


class HelpArticle(Base):
    """A source article (source_id NULL) or its translation into one language (source_id set); a
    translation is out of date while source_version is below its source's version."""

    __tablename__ = "help_articles"
    __table_args__ = (
        UniqueConstraint("source_id", "language", name="uq_help_articles_source_language"),
        Index("ix_help_articles_ws_section_status", "workspace_id", "section_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(ForeignKey("help_sections.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("help_articles.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)  # Markdown; rendered without raw HTML (helpcenter.markdown)
    status: Mapped[str] = mapped_column(String(20))  # draft | review | published
    version: Mapped[int] = mapped_column(Integer, default=1)
    source_version: Mapped[int | None] = mapped_column(Integer)  # the source's version when translated
    views: Mapped[int] = mapped_column(Integer, default=0)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class HelpArticleVersion(Base):
    """The title and body as they were after each edit."""

    __tablename__ = "help_article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version", name="uq_help_article_versions"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("help_articles.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    edited_by: Mapped[str] = mapped_column(String(200))  # the user or API key's name, kept if it is deleted
    created_at: Mapped[datetime] = created_at_column()


class HelpVote(Base):
    """One visitor's 'was this helpful?' answer on one article; `visitor` is a keyed digest, never the
    address itself."""

    __tablename__ = "help_votes"
    __table_args__ = (UniqueConstraint("article_id", "visitor", name="uq_help_votes_article_visitor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("help_articles.id", ondelete="CASCADE"))
    visitor: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()


class HelpSearch(Base):
    """A search made on the help center, with how many articles it found (none: a content gap)."""

    __tablename__ = "help_searches"
    __table_args__ = (Index("ix_help_searches_ws_results", "workspace_id", "results"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    query: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(10))
    results: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()


class HelpSearchDoc(Base):
    """The search terms of one published article (helpcenter.terms), matched by SQLite's FTS5 table
    help_search_fts or PostgreSQL's tsvector index (both made by the migration, see helpcenter.search);
    `vector` is its text-analytics embedding when one was computed."""

    __tablename__ = "help_search_docs"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("help_articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    title_terms: Mapped[str] = mapped_column(Text)
    body_terms: Mapped[str] = mapped_column(Text)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)


class HelpDeflection(Base):
    """A suggested article opened from a ticket form being written (one row per form and article). It counts
    as a deflected ticket when the customer says it solved their problem, or when the form is not sent
    within helpcenter.deflection.WAIT of the reading; sending the form marks it `submitted`."""

    __tablename__ = "help_deflections"
    __table_args__ = (
        UniqueConstraint("form", "article_id", name="uq_help_deflections_form_article"),
        Index("ix_help_deflections_ws_article", "workspace_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("help_articles.id", ondelete="CASCADE"))
    form: Mapped[str] = mapped_column(String(64))  # digest of the form's signed token
    contact_id: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))  # read | solved | submitted
    channel: Mapped[str] = mapped_column(String(20), default="web", server_default="web")  # the ticket form's
    created_at: Mapped[datetime] = created_at_column()
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class HelpArticleView(Base):
    """One counted view of a published article, for the measures by channel and per account: `channel` is
    where it was read (help_center: the public site; a ticket channel such as web when opened from a
    suggestion on that channel's ticket form); contact and account when the reader is known."""

    __tablename__ = "help_article_views"
    __table_args__ = (
        Index("ix_help_article_views_ws_at", "workspace_id", "viewed_at"),
        Index("ix_help_article_views_ws_account_at", "workspace_id", "account_id", "viewed_at"),
        # One public view per article, visitor and day: a loop of requests adds no rows (NULLs never clash)
        Index("uq_help_article_views_article_visitor_day", "article_id", "visitor", "day", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("help_articles.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    contact_id: Mapped[int | None] = mapped_column(Integer)
    account_id: Mapped[int | None] = mapped_column(Integer)
    viewed_at: Mapped[datetime] = created_at_column()
    visitor: Mapped[str | None] = mapped_column(String(64))  # keyed digest of the address, never the address
    day: Mapped[date | None] = mapped_column(Date)  # the UTC day of the view, for the one-a-day index
