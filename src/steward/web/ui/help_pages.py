"""The public help center of a workspace, reached without a login at /help/<workspace slug>/<language>: home
with categories, sections, articles and search, in each survey-page language (right to left for Hebrew),
indexable (sitemap.xml, canonical and hreflang links). Only published articles exist here; a draft is a 404
like a missing page. Votes are a form post without a session: same-site only, limited and deduplicated."""

from __future__ import annotations

from typing import Annotated, Any
from xml.sax.saxutils import escape

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.errors import DomainError, NotFound
from steward.core.i18n import LANGUAGES, NAMES, negotiate, translations
from steward.domains.helpcenter import deflection, finder, public
from steward.domains.helpcenter.markdown import render
from steward.domains.helpcenter.schemas import VoteCreate
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep, client_address
from steward.web.ui.i18n import N_
from steward.web.ui.session import check_origin
from steward.web.ui.templating import templates

router = APIRouter()
CACHE = {"Cache-Control": "public, max-age=60"}
TOO_MANY_VOTES = N_("Too many votes from your address; try again later.")


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise NotFound("page", lang)
    return lang


@router.get("/help/{slug}", response_model=None)
def entry(slug: str, request: Request, s: SessionDep) -> Response:
    """To the help center in the browser's language."""
    _, ws_slug, _ = public.workspace_of(session=s, slug=slug)
    lang = negotiate(accept_language=request.headers.get("accept-language"))
    return RedirectResponse(f"/help/{ws_slug}/{lang}", status_code=302)


@router.get("/help/{slug}/sitemap.xml", response_model=None)
def sitemap(slug: str, request: Request, s: SessionDep) -> Response:
    """Every language's home and every published article, each with its other languages as alternates."""
    ws_id, ws_slug, _ = public.workspace_of(session=s, slug=slug)
    center = public.help_center(session=s, slug=ws_slug, language="en")
    base = str(request.base_url).rstrip("/") + f"/help/{ws_slug}"
    urls = [f"<url><loc>{escape(f'{base}/{lang}')}</loc></url>" for lang in center.languages]
    for source_id, family in public.families(session=s, workspace_id=ws_id).items():
        locs = {a.language: escape(f"{base}/{a.language}/articles/{source_id}") for a in family}
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{loc}"/>' for code, loc in locs.items()
        )
        for a in family:
            loc = locs[a.language]
            lastmod = a.updated_at.date().isoformat()
            urls.append(f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod>{alternates}</url>")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">' + "".join(urls) + "</urlset>"
    )
    return Response(body, media_type="application/xml", headers=CACHE)


@router.get("/help/{slug}/{lang}", response_class=HTMLResponse)
def home(slug: str, lang: str, request: Request, s: SessionDep) -> HTMLResponse:
    center = public.help_center(session=s, slug=slug, language=_language(lang))
    return _page(request, "help_home.html", center, lang, f"/help/{center.slug}/{{lang}}", center.languages)


@router.get("/help/{slug}/{lang}/sections/{section_id}", response_class=HTMLResponse)
def section(slug: str, lang: str, section_id: PathId, request: Request, s: SessionDep) -> HTMLResponse:
    center = public.help_center(session=s, slug=slug, language=_language(lang))
    shelf = next(
        (sh for shelves in center.shelves.values() for sh in shelves if sh.section.id == section_id), None
    )
    if shelf is None:
        raise NotFound("section", section_id)
    path = f"/help/{center.slug}/{{lang}}/sections/{section_id}"
    return _page(request, "help_section.html", center, lang, path, center.languages, shelf=shelf)


@router.get("/help/{slug}/{lang}/articles/{article_id}", response_class=HTMLResponse)
def article(
    slug: str,
    lang: str,
    article_id: PathId,
    request: Request,
    s: SessionDep,
    voted: int = 0,
    deflect: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:
    center = public.help_center(session=s, slug=slug, language=_language(lang))
    form_channel, contact_id = (
        deflection.reader(get_settings().secret_key, center.workspace_id, deflect)
        if deflect
        else (None, None)
    )
    suggested = form_channel is not None
    shown, family = public.article_page(
        session=s, workspace_id=center.workspace_id, article_id=article_id, language=lang,
        channel=form_channel or "help_center", contact_id=contact_id,
        visitor=public.view_key(get_settings().secret_key, center.workspace_id, client_address(request),
                                reader=f"{suggested}|{contact_id}"),
    )  # fmt: skip
    if suggested:  # opened from a suggestion on a ticket form (or first chat message) being written
        deflection.record_read(session=s, workspace_id=center.workspace_id, article_id=shown.id,
                               token=deflect, secret=get_settings().secret_key)  # fmt: skip
    source_id = shown.source_id or shown.id
    path = f"/help/{center.slug}/{{lang}}/articles/{source_id}"
    extra = {"article": shown, "body_html": render(shown.body), "voted": voted == 1, "source_id": source_id}
    return _page(request, "help_article.html", center, lang, path, [a.language for a in family], **extra)


@router.post("/help/{slug}/{lang}/articles/{article_id}/vote", response_model=None)
def vote(
    slug: str,
    lang: str,
    article_id: PathId,
    request: Request,
    s: SessionDep,
    helpful: Annotated[str, Form(max_length=3)] = "",
    comment: Annotated[str, Form(max_length=2_000)] = "",
) -> Response:
    check_origin(request)
    _language(lang)
    ws_id, ws_slug, _ = public.workspace_of(session=s, slug=slug)
    address = client_address(request)
    visitor = public.visitor_key(
        get_settings().secret_key, ws_id, address, request.headers.get("user-agent", "")
    )
    try:
        data = VoteCreate(helpful=helpful == "yes", comment=comment or None)
        public.vote(
            session=s, workspace_id=ws_id, article_id=article_id, data=data, visitor=visitor, address=address
        )
    except ValidationError:
        return RedirectResponse(f"/help/{ws_slug}/{lang}/articles/{article_id}", status_code=303)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        said = translations(lang).gettext(TOO_MANY_VOTES)
        return HTMLResponse(escape(said), status_code=429, headers={"Retry-After": "60"})
    return RedirectResponse(f"/help/{ws_slug}/{lang}/articles/{article_id}?voted=1#vote", status_code=303)


@router.get("/help/{slug}/{lang}/search", response_class=HTMLResponse)
def search_page(slug: str, lang: str, request: Request, s: SessionDep, q: str = "") -> HTMLResponse:
    center = public.help_center(session=s, slug=slug, language=_language(lang))
    query = q[:10_000]
    result = None
    if query.strip():
        record = public.may_record(center.workspace_id, client_address(request))
        result = finder.find(
            session=s, workspace_id=center.workspace_id, query=query, language=lang, record=record
        )
    path = f"/help/{center.slug}/{{lang}}/search"
    response = _page(request, "help_search.html", center, lang, path, [], q=query[:200], result=result)
    response.headers["X-Robots-Tag"] = "noindex"  # result pages are not content
    return response


def _page(
    request: Request,
    template: str,
    center: public.HelpCenter,
    lang: str,
    path: str,
    alternates: list[str],
    **extra: Any,
) -> HTMLResponse:
    base = str(request.base_url).rstrip("/")
    context: dict[str, Any] = {
        "center": center,
        "lang": lang,
        "ui_language": lang,  # the chrome speaks the URL's language (the gettext catalogue, part `portal`)
        "names": NAMES,
        "canonical": base + path.format(lang=lang),
        "alternates": [(code, base + path.format(lang=code)) for code in alternates],
        "languages": [(code, NAMES[code], path.format(lang=code)) for code in center.languages],
        **extra,
    }
    return templates.TemplateResponse(request, template, context, headers=CACHE)
