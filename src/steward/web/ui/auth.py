"""Login and logout pages (argon2 password check, server-side sessions, CSRF-protected forms)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from steward.core.errors import Forbidden, TooMany
from steward.core.security import constant_time_equals
from steward.domains.audit import service as audit_service
from steward.domains.users import service as users_service
from steward.domains.users import signin, twofactor
from steward.settings import get_settings
from steward.web.deps import ClientAddress, SessionDep
from steward.web.ui.i18n import gettext_for, wait_for
from steward.web.ui.session import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentUiUser,
    check_csrf,
    check_origin,
    new_login_token,
    safe_next,
    user_actor,
)
from steward.web.ui.templating import templates
from steward.web.ui.two_factor_login import known_device, landing, pending_response, signed_in

router = APIRouter()


def _login_page(
    request: Request, next_path: str, email: str = "", error: str | None = None, status: int = 401
) -> HTMLResponse:
    token = new_login_token()
    response = templates.TemplateResponse(
        request,
        "login.html",
        {
            "next": safe_next(next_path) if next_path else "",
            "email": email,
            "error": error,
            "csrf_token": token,
        },
        status_code=status if error else 200,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=get_settings().secure_cookies,
        max_age=3600,
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return _login_page(request, next or "")  # no next: the user's own home after sign-in


@router.post("/login", response_model=None)
def login(
    request: Request,
    s: SessionDep,
    client: ClientAddress,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_origin(request)
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not constant_time_equals(cookie, csrf_token):
        raise Forbidden("the login form expired; reload the page and try again")
    try:
        device = known_device(request, email)
        user = signin.sign_in(session=s, email=email, password=password, client=client, device=device)
    except TooMany as exc:
        _ = gettext_for(request)
        said = _("Too many failed sign-ins. For your account's safety, wait %(wait)s and try again.")
        page = _login_page(
            request, next, email=email, status=429, error=said % {"wait": wait_for(request, exc.retry_after)}
        )
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if user is None:
        _log_failed_sign_in(s, email, client)
        _ = gettext_for(request)
        return _login_page(
            request, next, email=email, error=_("That email and password do not match an account.")
        )
    if twofactor.is_enabled(session=s, user_id=user.id):
        return pending_response(user, "code", next)  # no session until the code step
    if twofactor.workspace_requires(session=s, workspace_id=user.workspace_id):
        return pending_response(user, "enrol", next)
    _log_auth(s, user_actor(user.id, user.email, client), user.workspace_id, "auth.sign_in", user.id)
    redirect = RedirectResponse(landing(user, next), status_code=303)
    return signed_in(request, s, user, next, redirect)


@router.post("/logout")
def logout(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token, user.csrf_token)
    actor = audit_service.actor_of(s)
    if actor is not None:
        _log_auth(s, actor, user.workspace_id, "auth.sign_out", user.id)
    token = request.cookies.get(SESSION_COOKIE, "")
    users_service.end_web_session(session=s, token=token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _log_auth(s: Session, actor: audit_service.Actor, workspace_id: int, action: str, user_id: int) -> None:
    audit_service.record(
        session=s, actor=actor, workspace_id=workspace_id, action=action, object_type="user",
        object_id=user_id,
    )  # fmt: skip


def _log_failed_sign_in(s: Session, email: str, client: str) -> None:
    """Recorded in the workspace of the account it named; an address no account has belongs to no workspace.
    Throttled tries are not recorded: no password was checked, and a flood of them must not fill the log."""
    target = users_service.find_by_email(session=s, email=email)
    if target is None:
        return
    actor = audit_service.Actor(audit_service.ActorType.anonymous, None, email.strip()[:320], client)
    audit_service.record(
        session=s, actor=actor, workspace_id=target.workspace_id, action="auth.sign_in_failed",
        object_type="user", object_id=target.id, note="wrong password or inactive account",
    )  # fmt: skip
