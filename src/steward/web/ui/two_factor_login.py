"""The second sign-in step: after a right password, a user with two-factor sign-in on gives a code (or a
recovery code), and one whose workspace requires it but who has none enrols first. Until then the browser
holds only a short-lived sealed token naming the user, which no page but these two accepts."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from steward.core import secretbox
from steward.core.errors import Conflict, Forbidden, Invalid, NotFound, TooMany
from steward.core.roles import Role
from steward.core.security import constant_time_equals
from steward.domains.audit import service as audit_service
from steward.domains.users import service as users_service
from steward.domains.users import signin, twofactor
from steward.domains.users.models import User
from steward.settings import get_settings
from steward.web.deps import ClientAddress, SessionDep
from steward.web.ui.home import home_for
from steward.web.ui.i18n import gettext_for
from steward.web.ui.session import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    check_origin,
    new_login_token,
    safe_next,
    user_actor,
)
from steward.web.ui.templating import templates

router = APIRouter()
PENDING_COOKIE = "steward_2fa_pending"
PENDING_PURPOSE = "two-factor-pending"
PENDING_SECONDS = 300
Mode = Literal["code", "enrol"]


def pending_response(user: User, mode: Mode, next_path: str) -> RedirectResponse:
    """The answer to a right password when a second step is due: a sealed token, not a session."""
    payload = json.dumps({"u": user.id, "w": user.workspace_id, "m": mode, "n": next_path, "t": time.time()})
    token = secretbox.seal(payload, secret=get_settings().secret_key, purpose=PENDING_PURPOSE)
    target = "/login/two-factor" if mode == "code" else "/login/two-factor/setup"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        PENDING_COOKIE, token, httponly=True, samesite="strict", secure=get_settings().secure_cookies,
        max_age=PENDING_SECONDS, path="/login",
    )  # fmt: skip
    return response


def _pending(request: Request, s: Session, mode: Mode) -> tuple[User, str] | None:
    """The user half signed in for this step, and where to go after; None when the token is missing,
    forged, expired or for the other step, or the user was disabled meanwhile."""
    token = request.cookies.get(PENDING_COOKIE, "")
    try:
        data = json.loads(secretbox.unseal(token, secret=get_settings().secret_key, purpose=PENDING_PURPOSE))
        user = users_service.get_user(session=s, workspace_id=int(data["w"]), user_id=int(data["u"]))
    except (Invalid, NotFound, ValueError, KeyError, TypeError):
        return None
    if data.get("m") != mode or time.time() - float(data["t"]) > PENDING_SECONDS or not user.is_active:
        return None
    return user, str(data.get("n") or "")


def _expired(request: Request) -> HTMLResponse:
    _ = gettext_for(request)
    context = {"next": "", "email": "", "error": _("Your sign-in expired; start again.")}
    return _page(request, "login.html", context, status=401)


def _with_csrf(response: HTMLResponse, token: str) -> HTMLResponse:
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=get_settings().secure_cookies,
        max_age=3600,
    )  # fmt: skip
    return response


def _check_form(request: Request, csrf_token: str) -> None:
    check_origin(request)
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not constant_time_equals(cookie, csrf_token):
        raise Forbidden("the sign-in form expired; reload the page and try again")


def _page(request: Request, name: str, context: Mapping[str, object], status: int = 200) -> HTMLResponse:
    token = new_login_token()
    response = templates.TemplateResponse(request, name, {**context, "csrf_token": token}, status_code=status)
    return _with_csrf(response, token)


def signed_in(
    request: Request, s: Session, user: User, next_path: str, response: Response, method: str = "password"
) -> Response:
    """Create the browser session (the only place after the second step or single sign-on) and set its
    cookie."""
    settings = get_settings()
    token, _csrf = users_service.start_web_session(
        session=s, user=user, max_age_seconds=settings.session_max_age_seconds,
        user_agent=request.headers.get("user-agent", ""), method=method,
    )  # fmt: skip
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies,
        max_age=settings.session_max_age_seconds,
    )  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    response.delete_cookie(PENDING_COOKIE, path="/login")
    if known_device(request, user.email) is None:  # this browser is now known to the account's throttle
        response.set_cookie(
            signin.DEVICE_COOKIE, signin.new_device_cookie(user.email, settings.secret_key), httponly=True,
            samesite="lax", secure=settings.secure_cookies, max_age=365 * 24 * 3600, path="/login",
        )  # fmt: skip
    return response


def known_device(request: Request, email: str) -> str | None:
    """The device id of this browser's device cookie when it signed in to this account before."""
    cookie = request.cookies.get(signin.DEVICE_COOKIE, "")
    return signin.device_of(cookie, email, get_settings().secret_key) if cookie else None


def landing(user: User, next_path: str) -> str:
    return safe_next(next_path) if next_path else home_for(Role(user.role))


def _audit(s: Session, user: User, client: str, action: str, note: str) -> None:
    audit_service.record(
        session=s, actor=user_actor(user.id, user.email, client), workspace_id=user.workspace_id,
        action=action, object_type="user", object_id=user.id, note=note,
    )  # fmt: skip


@router.get("/login/two-factor", response_class=HTMLResponse)
def code_form(request: Request, s: SessionDep) -> HTMLResponse:
    if _pending(request, s, "code") is None:
        return _expired(request)
    return _page(request, "two_factor_code.html", {"error": None})


@router.post("/login/two-factor", response_model=None)
def code_step(
    request: Request,
    s: SessionDep,
    client: ClientAddress,
    code: Annotated[str, Form(max_length=100)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    _check_form(request, csrf_token)
    found = _pending(request, s, "code")
    if found is None:
        return _expired(request)
    user, next_path = found
    key = get_settings().secret_key
    try:
        passed = signin.second_step(
            session=s, user=user, code=code, client=client, key=key, device=known_device(request, user.email)
        )
    except TooMany as exc:
        page = _page(
            request, "two_factor_code.html", status=429,
            context={"error": f"Too many failed sign-ins. Wait {exc.retry_after} s and try again."},
        )  # fmt: skip
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if passed is None:
        _audit(s, user, client, "auth.sign_in_failed", "wrong or reused two-factor code")
        error = "That code is not right, or was already used. Enter the current code from your app."
        return _page(request, "two_factor_code.html", {"error": error}, status=401)
    _audit(s, user, client, "auth.sign_in", f"with a two-factor {passed}")
    redirect = RedirectResponse(landing(user, next_path), status_code=303)
    return signed_in(request, s, user, next_path, redirect)


@router.get("/login/two-factor/setup", response_class=HTMLResponse)
def required_setup(request: Request, s: SessionDep) -> HTMLResponse:
    found = _pending(request, s, "enrol")
    if found is None:
        return _expired(request)
    enrol = twofactor.enrolment(session=s, user=found[0], key=get_settings().secret_key)
    context = {"enrol": enrol, "action": request.url.path, "error": None}
    return _page(request, "two_factor_setup.html", context)


@router.post("/login/two-factor/setup", response_model=None)
def required_confirm(
    request: Request,
    s: SessionDep,
    client: ClientAddress,
    code: Annotated[str, Form(max_length=100)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    _check_form(request, csrf_token)
    found = _pending(request, s, "enrol")
    if found is None:
        return _expired(request)
    user, next_path = found
    key = get_settings().secret_key
    try:
        codes = twofactor.confirm_enrolment(session=s, user_id=user.id, code=code, key=key)
    except (Invalid, Conflict) as exc:
        enrol = twofactor.enrolment(session=s, user=user, key=key)
        context = {"enrol": enrol, "action": request.url.path, "error": exc.msg}
        return _page(request, "two_factor_setup.html", context, status=422)
    _audit(s, user, client, "user.two_factor_on", "enrolled at sign-in, as the workspace requires")
    _audit(s, user, client, "auth.sign_in", "after enrolling two-factor sign-in")
    context = {"codes": codes, "continue_to": landing(user, next_path)}
    page = templates.TemplateResponse(request, "two_factor_codes.html", context)
    return signed_in(request, s, user, next_path, page)
