"""The customer portal's sign-in at /portal/<workspace slug>: a contact asks for a link by e-mail (the same
answer whether or not the address is known), opens it and confirms with one click (a link scanner that only
fetches the page does not use it up), and gets a portal session cookie scoped to this portal's path, separate
from staff sessions. portal_tickets.py has the pages behind it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.errors import Gone, NotFound, TooMany
from steward.core.i18n import LANGUAGES, NAMES, negotiate, translations
from steward.core.security import constant_time_equals
from steward.domains.portal import service as portal_service
from steward.domains.portal.schemas import LinkRequest, PortalUser
from steward.settings import get_settings
from steward.web.deps import ClientAddress, SessionDep
from steward.web.ui.i18n import N_
from steward.web.ui.session import LoginRequired, check_csrf, check_origin, new_login_token
from steward.web.ui.templating import templates

router = APIRouter()
COOKIE = "steward_portal"
SIGN_IN_CSRF = "steward_portal_csrf"
LANGUAGE_COOKIE = "steward_portal_language"  # the language picked with the portal's switcher
NO_PUBLIC_URL = N_(
    "Sign-in links cannot be sent yet: this server's public address is not set. Please contact us."
)
SENT = N_(
    "If this address belongs to one of our customers, a sign-in link is on its way. "
    "It works once, for 15 minutes."
)
EXPIRED_FORM = N_("The form expired: please try again.")
NO_ADDRESS = N_("Please enter an e-mail address.")
TOO_MANY = N_("Too many sign-in links were asked for: try again in %(seconds)s seconds.")
BAD_LINK = N_("This sign-in link is not valid.")
USED_LINK = N_("This sign-in link was used or has expired: ask for a new one.")


def portal_language(request: Request, user: PortalUser | None = None) -> str:
    """The switcher's choice, else the contact's own language, else the browser's, else English."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")[:35]
    tags = (chosen, user.language if user else None)
    return negotiate(*tags, accept_language=request.headers.get("accept-language"))


def say(request: Request, message: str, **values: object) -> str:
    """A message of this module in the portal's language for this request."""
    said = translations(portal_language(request)).gettext(message)
    return said % values if values else said


def signed_in(s: SessionDep, slug: str, request: Request) -> tuple[portal_service.Portal, PortalUser | None]:
    portal = portal_service.portal_of(session=s, slug=slug)
    cookie = request.cookies.get(COOKIE)
    user = portal_service.resolve(session=s, portal=portal, cookie=cookie) if cookie else None
    return portal, user


class PortalSignInRequired(LoginRequired):
    """A portal page asked without a portal session: answered with the portal's own sign-in page."""

    def location(self) -> str:
        return self.next_path


def member(s: SessionDep, slug: str, request: Request) -> tuple[portal_service.Portal, PortalUser]:
    """The portal and its signed-in contact; PortalSignInRequired when nobody is signed in."""
    portal, user = signed_in(s, slug, request)
    if user is None:
        raise PortalSignInRequired(f"/portal/{portal.slug}/sign-in")
    return portal, user


def check_form(request: Request, user: PortalUser, csrf_token: str) -> None:
    check_csrf(request, csrf_token, user.csrf_token)


def page(request: Request, template: str, portal: Any, user: PortalUser | None, status: int = 200,
         **extra: Any) -> HTMLResponse:  # fmt: skip
    languages = [(code, NAMES[code]) for code in LANGUAGES]
    context = {"portal": portal, "me": user, "ui_language": portal_language(request, user),
               "languages": languages, "here": request.url.path, **extra}  # fmt: skip
    response = templates.TemplateResponse(request, template, context, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _sign_in_page(request: Request, portal: Any, status: int = 200, **extra: Any) -> HTMLResponse:
    token = new_login_token()
    response = page(request, "portal_sign_in.html", portal, None, status, csrf_token=token, **extra)
    response.set_cookie(SIGN_IN_CSRF, token, httponly=True, samesite="strict", max_age=3600,
                        path=f"/portal/{portal.slug}", secure=get_settings().secure_cookies)  # fmt: skip
    return response


@router.get("/portal/{slug}/sign-in", response_class=HTMLResponse)
def sign_in_page(slug: str, request: Request, s: SessionDep) -> HTMLResponse:
    portal = portal_service.portal_of(session=s, slug=slug)
    return _sign_in_page(request, portal)


@router.post("/portal/{slug}/sign-in", response_class=HTMLResponse)
def ask_for_link(
    slug: str,
    request: Request,
    s: SessionDep,
    client: ClientAddress,
    email: Annotated[str, Form(max_length=320)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    portal = portal_service.portal_of(session=s, slug=slug)
    check_origin(request)
    expected = request.cookies.get(SIGN_IN_CSRF, "")
    if not expected or not constant_time_equals(csrf_token, expected):
        return _sign_in_page(request, portal, 403, error=say(request, EXPIRED_FORM), email=email)
    try:
        data = LinkRequest(email=email)
    except ValidationError:
        return _sign_in_page(request, portal, 422, error=say(request, NO_ADDRESS), email=email)
    base = get_settings().emailed_link_base(str(request.base_url))
    if base is None:
        return _sign_in_page(request, portal, 503, error=say(request, NO_PUBLIC_URL), email=email)
    try:
        portal_service.request_link(session=s, portal=portal, data=data, client=client, base_url=base,
                                    language=portal_language(request))  # fmt: skip
    except TooMany as exc:
        message = say(request, TOO_MANY, seconds=exc.retry_after)
        response = _sign_in_page(request, portal, 429, error=message, email=email)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return _sign_in_page(request, portal, sent=say(request, SENT))


@router.get("/portal/{slug}/link/{token}", response_class=HTMLResponse)
def link_page(slug: str, token: str, request: Request, s: SessionDep) -> HTMLResponse:
    """Only a button: the link is used when the contact presses it (a POST), not when it is fetched."""
    portal = portal_service.portal_of(session=s, slug=slug)
    response = page(request, "portal_link.html", portal, None, token=token[:200])
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in this page's address
    return response


@router.post("/portal/{slug}/link/{token}", response_model=None)
def use_link(slug: str, token: str, request: Request, s: SessionDep) -> Response:
    portal = portal_service.portal_of(session=s, slug=slug)
    check_origin(request)
    try:
        cookie, _ = portal_service.sign_in(session=s, portal=portal, token=token)
    except (NotFound, Gone) as exc:
        status = 404 if isinstance(exc, NotFound) else 410
        message = say(request, BAD_LINK if status == 404 else USED_LINK)
        return _sign_in_page(request, portal, status, error=message)
    response = RedirectResponse(f"/portal/{portal.slug}", status_code=303)
    response.set_cookie(COOKIE, cookie, httponly=True, samesite="lax", path=f"/portal/{portal.slug}",
                        max_age=portal_service.SESSION_DAYS * 86400,
                        secure=get_settings().secure_cookies)  # fmt: skip
    return response


@router.get("/portal/{slug}/language/{code}", response_model=None)
def choose_language(
    slug: str, code: str, request: Request, s: SessionDep, back_to: Annotated[str, Query(alias="next")] = ""
) -> Response:
    """The switcher: the portal speaks this language in this browser from now on, back to the same page."""
    portal = portal_service.portal_of(session=s, slug=slug)
    if code not in LANGUAGES:
        raise NotFound("language", code)
    home = f"/portal/{portal.slug}"
    back = back_to[:500] if back_to[:500] == home or back_to.startswith(home + "/") else home
    if "//" in back or "\\" in back:  # only a path inside this portal
        back = home
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, code, samesite="lax", max_age=365 * 86400, path=home,
                        secure=get_settings().secure_cookies)  # fmt: skip
    return response


@router.post("/portal/{slug}/sign-out", response_model=None)
def sign_out(
    slug: str, request: Request, s: SessionDep, csrf_token: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    portal, user = signed_in(s, slug, request)
    if user is not None:
        check_form(request, user, csrf_token)
        portal_service.sign_out(session=s, user=user)
    response = RedirectResponse(f"/portal/{portal.slug}/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path=f"/portal/{portal.slug}")
    return response
