"""Staff pages of the help center: the article list with categories and sections, the editor with a preview,
versions and translations, the review and publish buttons (publishing needs a manager), and the report of
views, helpfulness and content gaps."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.errors import DomainError, Forbidden
from steward.core.i18n import LANGUAGES, NAMES
from steward.core.roles import Role
from steward.domains.helpcenter import reports, service
from steward.domains.helpcenter.markdown import render
from steward.domains.helpcenter.schemas import (
    ArticleCreate,
    ArticleUpdate,
    CategoryCreate,
    SectionCreate,
    TranslationCreate,
)
from steward.domains.workspaces import service as workspaces_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.forms import FormError, first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
PAGE = "/help-center"
Text = Annotated[str, Form(max_length=300)]
Csrf = Annotated[str, Form(max_length=200)]
MarkdownBody = Annotated[str, Form(max_length=200_000)]


@router.get(PAGE, response_class=HTMLResponse)
def list_page(request: Request, s: SessionDep, user: CurrentUiUser, error: str = "") -> HTMLResponse:
    ws = user.workspace_id
    context: dict[str, Any] = {
        "user": user,
        "error": error[:300],
        "articles": service.list_articles(session=s, workspace_id=ws),
        "categories": service.list_categories(session=s, workspace_id=ws),
        "sections": service.list_sections(session=s, workspace_id=ws),
        "slug": workspaces_service.get_workspace(session=s, workspace_id=ws).slug,
        "can_write": user.can(Role.agent),
    }
    return templates.TemplateResponse(request, "help_center.html", context)


@router.post(PAGE + "/categories", response_model=None)
def add_category(
    request: Request, s: SessionDep, user: CurrentUiUser, name: Text = "", csrf_token: Csrf = ""
) -> Response:
    _writer(request, user, csrf_token)
    try:
        service.create_category(session=s, workspace_id=user.workspace_id, data=CategoryCreate(name=name))
    except (ValidationError, DomainError) as exc:
        return _back(PAGE, exc)
    return RedirectResponse(PAGE, status_code=303)


@router.post(PAGE + "/sections", response_model=None)
def add_section(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    name: Text = "",
    category_id: Annotated[str, Form(max_length=12)] = "",
    csrf_token: Csrf = "",
) -> Response:
    _writer(request, user, csrf_token)
    try:
        data = SectionCreate(category_id=int(category_id) if category_id.isdigit() else 0, name=name)
        service.create_section(session=s, workspace_id=user.workspace_id, data=data)
    except (ValidationError, DomainError) as exc:
        return _back(PAGE, exc)
    return RedirectResponse(PAGE, status_code=303)


@router.get(PAGE + "/articles/new", response_class=HTMLResponse)
def new_page(request: Request, s: SessionDep, user: CurrentUiUser, error: str = "") -> HTMLResponse:
    if not user.can(Role.agent):
        raise Forbidden("writing articles needs the agent role or higher")
    return _editor(request, s, user, None, error=error[:300])


@router.post(PAGE + "/articles", response_model=None)
def create(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    title: Text = "",
    body: MarkdownBody = "",
    section_id: Annotated[str, Form(max_length=12)] = "",
    language: Annotated[str, Form(max_length=10)] = "en",
    action: Annotated[str, Form(max_length=10)] = "save",
    csrf_token: Csrf = "",
) -> Response:
    _writer(request, user, csrf_token)
    draft = {"title": title, "body": body, "section_id": section_id, "language": language}
    if action == "preview":
        return _editor(request, s, user, None, draft=draft)
    try:
        data = ArticleCreate(
            section_id=int(section_id) if section_id.isdigit() else 0,
            title=title,
            body=body,
            language=language,
        )
        made = service.create_article(session=s, workspace_id=user.workspace_id, data=data, editor=user.name)
    except (ValidationError, DomainError) as exc:
        return _editor(request, s, user, None, draft=draft, error=first_error(exc), status=422)
    return RedirectResponse(f"{PAGE}/articles/{made.id}", status_code=303)


@router.get(PAGE + "/articles/{article_id}", response_class=HTMLResponse)
def edit_page(
    article_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, error: str = ""
) -> HTMLResponse:
    return _editor(request, s, user, article_id, error=error[:300])


@router.post(PAGE + "/articles/{article_id}", response_model=None)
def save(
    article_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    title: Text = "",
    body: MarkdownBody = "",
    up_to_date: Annotated[str, Form(max_length=5)] = "",
    action: Annotated[str, Form(max_length=10)] = "save",
    csrf_token: Csrf = "",
) -> Response:
    """Saves a new version, or (action=preview) shows the page with the unsaved text rendered."""
    _writer(request, user, csrf_token)
    draft = {"title": title, "body": body}
    if action == "preview":
        return _editor(request, s, user, article_id, draft=draft)
    try:
        data = ArticleUpdate(title=title, body=body, up_to_date=True if up_to_date else None)
        service.update_article(
            session=s, workspace_id=user.workspace_id, article_id=article_id, data=data, editor=user.name
        )
    except (ValidationError, DomainError) as exc:
        return _editor(request, s, user, article_id, draft=draft, error=first_error(exc), status=422)
    return RedirectResponse(f"{PAGE}/articles/{article_id}", status_code=303)


@router.post(PAGE + "/articles/{article_id}/status", response_model=None)
def change_status(
    article_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    to: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Csrf = "",
) -> Response:
    """review: any writer; published or draft (unpublish): managers."""
    _writer(request, user, csrf_token)
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "article_id": article_id}
    if to != "review" and not user.can(Role.manager):
        raise Forbidden("publishing and unpublishing need the manager role or higher")
    try:
        if to == "review":
            service.submit_for_review(**scope)
        elif to == "published":
            service.publish(**scope)
        elif to == "draft":
            service.unpublish(**scope)
        else:
            raise Forbidden(f"unknown status {to[:10]!r}")
    except DomainError as exc:
        if isinstance(exc, Forbidden):
            raise
        return _back(f"{PAGE}/articles/{article_id}", exc)
    return RedirectResponse(f"{PAGE}/articles/{article_id}", status_code=303)


@router.post(PAGE + "/articles/{article_id}/translations", response_model=None)
def translate(
    article_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    language: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Csrf = "",
) -> Response:
    """A draft translation that starts from the source's text, to be translated in the editor."""
    _writer(request, user, csrf_token)
    try:
        source = service.read_article(session=s, workspace_id=user.workspace_id, article_id=article_id)
        data = TranslationCreate(language=language, title=source.title, body=source.body)
        made = service.add_translation(
            session=s, workspace_id=user.workspace_id, source_id=article_id, data=data, editor=user.name
        )
    except (ValidationError, DomainError) as exc:
        return _back(f"{PAGE}/articles/{article_id}", exc)
    return RedirectResponse(f"{PAGE}/articles/{made.id}", status_code=303)


@router.get(PAGE + "/report", response_class=HTMLResponse)
def report_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    report = reports.help_report(session=s, workspace_id=user.workspace_id)
    return templates.TemplateResponse(
        request, "help_report.html", {"user": user, "report": report, "names": NAMES}
    )


def _editor(
    request: Request,
    s: SessionDep,
    user: UiUser,
    article_id: int | None,
    *,
    draft: dict[str, str] | None = None,
    error: str | FormError = "",
    status: int = 200,
) -> HTMLResponse:
    ws = user.workspace_id
    article = service.read_article(session=s, workspace_id=ws, article_id=article_id) if article_id else None
    shown = draft or (
        {"title": article.title, "body": article.body} if article else {"title": "", "body": ""}
    )
    family: list[Any] = []
    if article is not None:
        source_id = article.source_id or article.id
        family = [
            a for a in service.list_articles(session=s, workspace_id=ws) if (a.source_id or a.id) == source_id
        ]
    taken = {a.language for a in family}
    context: dict[str, Any] = {
        "user": user,
        "article": article,
        "shown": shown,
        "preview_html": render(shown.get("body", "")),
        "previewing": draft is not None,
        "error": error,
        "sections": service.list_sections(session=s, workspace_id=ws),
        "versions": service.list_versions(session=s, workspace_id=ws, article_id=article.id)
        if article
        else [],
        "family": family,
        "languages": [(c, NAMES[c]) for c in LANGUAGES],
        "untranslated": [(c, NAMES[c]) for c in LANGUAGES if c not in taken],
        "can_write": user.can(Role.agent),
        "can_publish": user.can(Role.manager),
    }
    return templates.TemplateResponse(request, "help_article_edit.html", context, status_code=status)


def _writer(request: Request, user: UiUser, csrf_token: str) -> None:
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(Role.agent):
        raise Forbidden("writing the help center needs the agent role or higher")


def _back(path: str, exc: ValidationError | DomainError) -> RedirectResponse:
    return RedirectResponse(f"{path}?error={quote(notice(first_error(exc)))}", status_code=303)
