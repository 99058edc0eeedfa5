"""Browser sessions and CSRF: who is logged in, and checks that a form came from our own page."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlparse

from fastapi import Depends, Request

from steward.core.errors import Forbidden
from steward.core.roles import Role
from steward.core.security import constant_time_equals
from steward.domains.audit import service as audit_service
from steward.domains.users import service as users_service
from steward.domains.users import twofactor
from steward.domains.workspaces import service as workspaces_service
from steward.web.deps import ClientAddress, SessionDep

SESSION_COOKIE = "steward_session"
LOGIN_CSRF_COOKIE = "steward_login_csrf"


class LoginRequired(Exception):
    """Raised by UI routes without a valid session; answered with a redirect to `location()` (/login)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path

    def location(self) -> str:
        return login_url(self.next_path)


class EnrolmentRequired(Exception):
    """Raised for a signed-in user whose workspace requires two-factor sign-in they have not set up (it
    was required after they signed in); answered with a redirect to the enrolment page."""


ENROLMENT_PATHS = ("/account/two-factor", "/logout")


@dataclass(frozen=True)
class UiUser:
    id: int
    name: str
    email: str
    role: Role
    time_zone: str
    workspace_id: int
    workspace_name: str
    currency: str
    csrf_token: str
    session_id: int = 0  # this browser's session, so the sessions page can mark it
    language: str | None = None  # the UI language chosen; None follows the browser (web/ui/i18n.py)

    def can(self, needed: Role) -> bool:
        return self.role.allows(needed)


def current_user(request: Request, session: SessionDep, client: ClientAddress) -> UiUser:
    token = request.cookies.get(SESSION_COOKIE)
    found = users_service.resolve_web_session(session=session, token=token) if token else None
    if found is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    user, web_session = found
    audit_service.act_as(session, user_actor(user.id, user.email, client))
    ws = workspaces_service.get_workspace(session=session, workspace_id=user.workspace_id)
    required = bool((ws.settings or {}).get(twofactor.REQUIRE_SETTING))
    # Single sign-on leaves the second factor to the identity provider.
    exempt = request.url.path.startswith(ENROLMENT_PATHS) or web_session.method == "oidc"
    if required and not exempt and not twofactor.is_enabled(session=session, user_id=user.id):
        raise EnrolmentRequired()
    request.state.user_language = user.language  # error pages, rendered without the user, speak it too
    return UiUser(
        id=user.id, name=user.name, email=user.email, role=Role(user.role), time_zone=user.time_zone,
        workspace_id=ws.id, workspace_name=ws.name, currency=ws.currency, csrf_token=web_session.csrf_token,
        session_id=web_session.id, language=user.language,
    )  # fmt: skip


CurrentUiUser = Annotated[UiUser, Depends(current_user)]


def user_actor(user_id: int, email: str, client: str) -> audit_service.Actor:
    """A signed-in person as the audit log names them: by e-mail, which stays unique."""
    return audit_service.Actor(audit_service.ActorType.user, user_id, email, client)


def check_origin(request: Request) -> None:
    """Refuse cross-site form posts: Origin (or Referer) must name this host when the browser sends one."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if source and source != "null" and urlparse(source).netloc != request.url.netloc:
        raise Forbidden("cross-site form submission refused")


def check_csrf(request: Request, submitted: str | None, expected: str) -> None:
    check_origin(request)
    if not submitted or not constant_time_equals(submitted, expected):
        raise Forbidden("the form's security token is missing or stale; reload the page and try again")


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


def safe_next(value: str | None) -> str:
    """Only same-site paths: '/accounts?q=x' passes; '//evil.com' or 'https://evil.com' give '/accounts'."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/accounts"
    parsed = urlparse(value)
    if parsed.scheme or parsed.netloc:
        return "/accounts"
    return value


def login_url(next_path: str) -> str:
    return f"/login?next={quote(safe_next(next_path), safe='')}"
