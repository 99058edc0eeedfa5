"""Pydantic I/O for the help center: categories, sections, articles and their versions, votes, search."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from steward.core.i18n import LANGUAGES
from steward.core.schemas import Id, Strict

Status = Literal["draft", "review", "published"]
# A suggested article read while writing a ticket counts as a deflection when the form is not sent this soon.
DEFLECTION_WAIT = timedelta(minutes=30)
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Body = Annotated[str, StringConstraints(max_length=200_000)]


def _supported(code: str) -> str:
    if code not in LANGUAGES:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
    return code


Language = Annotated[str, AfterValidator(_supported)]


class CategoryCreate(Strict):
    name: Name
    names: dict[Language, Name] = Field(default_factory=dict, description="language -> translated name")
    position: Annotated[int, Field(ge=0, le=10_000)] = 0


class CategoryRead(BaseModel):
    id: int
    name: str
    names: dict[str, str]
    position: int


class SectionCreate(Strict):
    category_id: Id
    name: Name
    names: dict[Language, Name] = Field(default_factory=dict)
    position: Annotated[int, Field(ge=0, le=10_000)] = 0


class SectionRead(BaseModel):
    id: int
    category_id: int
    name: str
    names: dict[str, str]
    position: int


class ArticleCreate(Strict):
    section_id: Id
    title: Title
    body: Body = ""
    language: Language = "en"


class ArticleUpdate(Strict):
    """PATCH: a new title or body is a new version; a translation's edit may say it is now in step with its
    source (up_to_date: true)."""

    title: Title | None = None
    body: Body | None = None
    section_id: Id | None = None
    up_to_date: Literal[True] | None = None


class TranslationCreate(Strict):
    language: Language
    title: Title
    body: Body = ""


class StatusChange(Strict):
    """draft -> review (writers), review or draft -> published and published -> draft (managers)."""

    status: Status


class ArticleRead(BaseModel):
    id: int
    section_id: int
    source_id: int | None
    language: str
    title: str
    body: str
    status: Status
    version: int
    source_version: int | None
    out_of_date: bool = Field(description="a translation whose source changed after it was translated")
    views: int
    helpful: int
    not_helpful: int
    published_at: datetime | None
    updated_at: datetime


class ArticleSummary(BaseModel):
    id: int
    section_id: int
    source_id: int | None
    language: str
    title: str
    status: Status
    version: int
    out_of_date: bool
    translations: list[str] = Field(default_factory=list, description="languages it is translated into")
    updated_at: datetime


class VersionRead(BaseModel):
    version: int
    title: str
    body: str
    edited_by: str
    created_at: datetime


class VoteCreate(Strict):
    helpful: bool
    comment: Annotated[str, StringConstraints(max_length=2_000)] | None = None


class SearchHit(BaseModel):
    article_id: int = Field(description="the article in the language searched (or its source)")
    source_id: int = Field(description="the source article, the same for all its translations")
    language: str
    title: str
    snippet_html: str = Field(description="escaped text around the match, the match in <mark>")
    score: float


class SearchResult(BaseModel):
    query: str
    language: str
    semantic: bool = Field(description="articles nearest in meaning (text embeddings) were merged in")
    hits: list[SearchHit]


class ArticleStats(BaseModel):
    article_id: int
    title: str
    language: str
    views: int
    helpful: int
    not_helpful: int
    helpfulness: float | None = Field(description="helpful votes over all votes")
    deflected: int = Field(0, description="tickets not sent after this article was suggested and read")


class ContentGap(BaseModel):
    query: str
    language: str
    searches: int
    last_searched: datetime


class HelpReport(BaseModel):
    articles: list[ArticleStats]
    content_gaps: list[ContentGap]
    comments: list[str] = Field(description="the latest comments left with a 'no'")
