"""HTTP routes of the help center: staff write (agents and CSMs), publish (managers) and read (viewers);
the public search and votes answer without a login, by workspace slug."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status
from pydantic import AfterValidator

from steward.core.i18n import LANGUAGES
from steward.domains.helpcenter import finder, public, reports, service
from steward.domains.helpcenter.schemas import (
    ArticleCreate,
    ArticleRead,
    ArticleSummary,
    ArticleUpdate,
    CategoryCreate,
    CategoryRead,
    HelpReport,
    SearchResult,
    SectionCreate,
    SectionRead,
    Status,
    TranslationCreate,
    VersionRead,
    VoteCreate,
)
from steward.settings import get_settings
from steward.web.deps import Agent, ClientAddress, Manager, PathId, QueryId, Reader, SessionDep

router = APIRouter(tags=["help center"])
public_router = APIRouter(tags=["help center (public)"])


def _supported(code: str) -> str:
    if code not in LANGUAGES:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
    return code


LanguageParam = Annotated[str, Query(max_length=10), AfterValidator(_supported)]
SearchText = Annotated[str, Query(max_length=10_000, description="any language; cut to its first 32 words")]
Slug = Annotated[str, Path(min_length=1, max_length=100)]


@router.get("/help/categories", response_model=list[CategoryRead])
def list_categories(s: SessionDep, p: Reader) -> list[CategoryRead]:
    return service.list_categories(session=s, workspace_id=p.workspace_id)


@router.post("/help/categories", response_model=CategoryRead, status_code=status.HTTP_201_CREATED)
def create_category(body: CategoryCreate, s: SessionDep, p: Agent) -> CategoryRead:
    return service.create_category(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/help/sections", response_model=list[SectionRead])
def list_sections(s: SessionDep, p: Reader) -> list[SectionRead]:
    return service.list_sections(session=s, workspace_id=p.workspace_id)


@router.post("/help/sections", response_model=SectionRead, status_code=status.HTTP_201_CREATED)
def create_section(body: SectionCreate, s: SessionDep, p: Agent) -> SectionRead:
    return service.create_section(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/help/articles", response_model=list[ArticleSummary])
def list_articles(
    s: SessionDep,
    p: Reader,
    section_id: QueryId = None,
    status: Status | None = None,
    language: Annotated[
        str | None, Query(max_length=10), AfterValidator(lambda v: v and _supported(v))
    ] = None,
) -> list[ArticleSummary]:
    return service.list_articles(
        session=s, workspace_id=p.workspace_id, section_id=section_id, status=status, language=language
    )


@router.post("/help/articles", response_model=ArticleRead, status_code=status.HTTP_201_CREATED)
def create_article(body: ArticleCreate, s: SessionDep, p: Agent) -> ArticleRead:
    """A draft in its section; every edit after is kept as a version."""
    return service.create_article(session=s, workspace_id=p.workspace_id, data=body, editor=p.name)


@router.get("/help/articles/{article_id}", response_model=ArticleRead)
def get_article(article_id: PathId, s: SessionDep, p: Reader) -> ArticleRead:
    return service.read_article(session=s, workspace_id=p.workspace_id, article_id=article_id)


@router.patch("/help/articles/{article_id}", response_model=ArticleRead)
def update_article(article_id: PathId, body: ArticleUpdate, s: SessionDep, p: Agent) -> ArticleRead:
    return service.update_article(
        session=s, workspace_id=p.workspace_id, article_id=article_id, data=body, editor=p.name
    )


@router.delete("/help/articles/{article_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_article(article_id: PathId, s: SessionDep, p: Manager) -> Response:
    """The article and its translations."""
    service.delete_article(session=s, workspace_id=p.workspace_id, article_id=article_id)
    return Response(status_code=204)


@router.post(
    "/help/articles/{article_id}/translations",
    response_model=ArticleRead,
    status_code=status.HTTP_201_CREATED,
)
def add_translation(article_id: PathId, body: TranslationCreate, s: SessionDep, p: Agent) -> ArticleRead:
    """A draft translation, in step with the source's current version until the source changes."""
    return service.add_translation(
        session=s, workspace_id=p.workspace_id, source_id=article_id, data=body, editor=p.name
    )


@router.get("/help/articles/{article_id}/versions", response_model=list[VersionRead])
def list_versions(article_id: PathId, s: SessionDep, p: Reader) -> list[VersionRead]:
    return service.list_versions(session=s, workspace_id=p.workspace_id, article_id=article_id)


@router.post("/help/articles/{article_id}/submit", response_model=ArticleRead)
def submit_for_review(article_id: PathId, s: SessionDep, p: Agent) -> ArticleRead:
    return service.submit_for_review(session=s, workspace_id=p.workspace_id, article_id=article_id)


@router.post("/help/articles/{article_id}/publish", response_model=ArticleRead)
def publish(article_id: PathId, s: SessionDep, p: Manager) -> ArticleRead:
    return service.publish(session=s, workspace_id=p.workspace_id, article_id=article_id)


@router.post("/help/articles/{article_id}/unpublish", response_model=ArticleRead)
def unpublish(article_id: PathId, s: SessionDep, p: Manager) -> ArticleRead:
    return service.unpublish(session=s, workspace_id=p.workspace_id, article_id=article_id)


@router.get("/help/search", response_model=SearchResult)
def staff_search(s: SessionDep, p: Reader, q: SearchText, lang: LanguageParam = "en") -> SearchResult:
    """What customers would find (published articles only); staff searches are not recorded."""
    return finder.find(session=s, workspace_id=p.workspace_id, query=q, language=lang, record=False)


@router.get("/help/report", response_model=HelpReport)
def help_report(s: SessionDep, p: Reader) -> HelpReport:
    """Views and helpfulness per published article, searches that found nothing, latest comments."""
    return reports.help_report(session=s, workspace_id=p.workspace_id)


@public_router.get("/public/help/{slug}/search", response_model=SearchResult)
def public_search(
    slug: Slug, s: SessionDep, client: ClientAddress, q: SearchText, lang: LanguageParam = "en"
) -> SearchResult:
    """A customer's search of a workspace's help center (no login)."""
    ws_id, _, _ = public.workspace_of(session=s, slug=slug)
    return finder.find(
        session=s, workspace_id=ws_id, query=q, language=lang, record=public.may_record(ws_id, client)
    )


@public_router.post("/public/help/{slug}/articles/{article_id}/votes", status_code=status.HTTP_204_NO_CONTENT)
def public_vote(
    slug: Slug,
    article_id: PathId,
    body: VoteCreate,
    s: SessionDep,
    client: ClientAddress,
    user_agent: Annotated[str, Header(max_length=1000)] = "",
) -> Response:
    """'Was this helpful?' (one vote per visitor; a second replaces the first; 429 beyond 30 an hour)."""
    ws_id, _, _ = public.workspace_of(session=s, slug=slug)
    visitor = public.visitor_key(get_settings().secret_key, ws_id, client, user_agent)
    public.vote(
        session=s, workspace_id=ws_id, article_id=article_id, data=body, visitor=visitor, address=client
    )
    return Response(status_code=204)
