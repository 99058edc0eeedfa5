"""Single sign-on pages: "Sign in with SSO" (by workspace slug or work e-mail), the provider's callback
(a normal Steward session, no TOTP step: the identity provider does the second factor) and the admin page
that configures a workspace's OpenID Connect provider. Sign-ins and refusals are audited."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from steward.core.errors import Forbidden, Invalid
from steward.core.ratelimit import Backoff, Tries, address_key
from steward.core.roles import Role
from steward.core.security import constant_time_equals
from steward.domains.audit import service as audit_service
from steward.domains.sso import flow, saml, saml_service
from steward.domains.sso import service as sso_service
from steward.domains.sso.schemas import OidcConfigUpdate
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings
from steward.web.deps import ClientAddress, SessionDep
from steward.web.ui.session import (
    LOGIN_CSRF_COOKIE,
    CurrentUiUser,
    UiUser,
    check_csrf,
    check_origin,
    user_actor,
)
from steward.web.ui.templating import templates
from steward.web.ui.two_factor_login import _page, landing, signed_in

router = APIRouter()
STATE_COOKIE = "steward_sso_state"
CALLBACK = "/login/sso/callback"
Text = Annotated[str, Form(max_length=2000)]
# Each start stores a pending sign-in and may call the provider's discovery document: a person needs a few,
# a script a flood.
STARTS = Tries("sso-start")
STARTS_PER_ADDRESS = Backoff(free=100, first_wait=1, max_wait=300, forget=3600)


def redirect_uri(request: Request) -> str:
    base = get_settings().public_url or str(request.base_url)
    return base.rstrip("/") + CALLBACK


def _sso_page(
    request: Request, who: str = "", next_path: str = "", error: str | None = None, status: int | None = None
) -> HTMLResponse:
    context = {"who": who, "next": next_path, "error": error}
    return _page(request, "sso_login.html", context, status=status or (401 if error else 200))


def _refused(request: Request, s: Session, exc: sso_service.Refused, client: str) -> HTMLResponse:
    if exc.workspace_id is not None:
        actor = audit_service.Actor(
            audit_service.ActorType.anonymous, None, exc.email or "single sign-on", client
        )
        audit_service.record(
            session=s, actor=actor, workspace_id=exc.workspace_id, action="auth.sign_in_failed",
            object_type="workspace", object_id=exc.workspace_id, note=f"OIDC: {exc.msg}",
        )  # fmt: skip
    page = _sso_page(request, error=exc.msg)
    page.delete_cookie(STATE_COOKIE, path="/login/sso")
    return page


@router.get("/login/sso", response_class=HTMLResponse)
def sso_form(request: Request, next: str | None = None) -> HTMLResponse:
    return _sso_page(request, next_path=(next or "")[:2000])


@router.post("/login/sso", response_model=None)
def sso_start(
    request: Request,
    s: SessionDep,
    client: ClientAddress,
    who: Text = "",
    csrf_token: Text = "",
    next: Text = "",
) -> Response:
    check_origin(request)
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not constant_time_equals(cookie, csrf_token):
        raise Forbidden("the sign-in form expired; reload the page and try again")
    wait = STARTS.admit({f"address:{address_key(client)}": STARTS_PER_ADDRESS})
    if wait is not None:
        error = f"Too many single sign-on starts from your address. Wait {wait} s and try again."
        page = _sso_page(request, who=who[:200], next_path=next[:2000], error=error, status=429)
        page.headers["Retry-After"] = str(wait)
        return page
    saml_target = saml_service.workspace_for(session=s, who=who)
    oidc_row = sso_service.get_config_or_none(session=s, workspace_id=saml_target[0]) if saml_target else None
    if saml_target is not None and (oidc_row is None or not oidc_row.enabled):
        # SAML is this workspace's way in: its start page sends the browser on with the AuthnRequest.
        url = f"/saml/{saml_target[1]}/login?{urlencode({'next': next[:2000]})}"
        response = templates.TemplateResponse(request, "sso_redirect.html", {"url": url})
        response.headers["Cache-Control"] = "no-store"
        return response
    try:
        url, state = flow.begin(
            session=s, who=who, next_path=next, redirect_uri=redirect_uri(request),
            key=get_settings().secret_key,
        )  # fmt: skip
    except sso_service.Refused as exc:
        return _refused(request, s, exc, client)
    # A page that moves on by itself, not a redirect: the pages' CSP (form-action 'self') stops a form
    # submission that redirects to another origin, and the provider's origin is not known in advance.
    response = templates.TemplateResponse(request, "sso_redirect.html", {"url": url})
    response.headers["Cache-Control"] = "no-store"
    # Binds the sign-in to this browser: a callback carrying someone else's state is refused (login CSRF).
    response.set_cookie(
        STATE_COOKIE, state, httponly=True, samesite="lax", secure=get_settings().secure_cookies,
        max_age=sso_service.LOGIN_SECONDS, path="/login/sso",
    )  # fmt: skip
    return response


@router.get(CALLBACK, response_model=None)
def sso_callback(
    request: Request,
    s: SessionDep,
    client: ClientAddress,
    state: str = "",
    code: str = "",
    error: str = "",  # the provider's OAuth error code; named on the page only if it is a standard one
) -> Response:
    state, code, error = state[:200], code[:2000], error[:100]
    bound = request.cookies.get(STATE_COOKIE, "")
    try:
        if not state or not bound or not constant_time_equals(bound, state):
            raise sso_service.Refused(
                "This sign-in was not started in this browser, or it expired; start again."
            )
        done = flow.finish(
            session=s, state=state, code=code, error=error, redirect_uri=redirect_uri(request),
            key=get_settings().secret_key,
        )  # fmt: skip
    except sso_service.Refused as exc:
        return _refused(request, s, exc, client)
    user = users_service.get_user(session=s, workspace_id=done.workspace_id, user_id=done.user_id)
    audit_service.act_as(s, user_actor(user.id, user.email, client))
    audit_service.record(
        session=s, actor=user_actor(user.id, user.email, client), workspace_id=user.workspace_id,
        action="auth.sign_in", object_type="user", object_id=user.id, note=f"via OIDC ({done.issuer})"[:200],
    )  # fmt: skip
    redirect = RedirectResponse(landing(user, done.next_path), status_code=303)
    redirect.delete_cookie(STATE_COOKIE, path="/login/sso")
    return signed_in(request, s, user, done.next_path, redirect, method="oidc")


def _admin(user: UiUser) -> None:
    if not user.can(Role.admin):
        raise Forbidden("single sign-on settings are for admins")


def _admin_page(
    request: Request,
    s: Session,
    user: UiUser,
    error: str | None = None,
    form: dict[str, str] | None = None,
    saml_error: str | None = None,
) -> HTMLResponse:
    row = sso_service.get_config_or_none(session=s, workspace_id=user.workspace_id)
    config = sso_service.read(row) if row is not None else None
    saml_row = saml_service.get_config_or_none(session=s, workspace_id=user.workspace_id)
    base = (get_settings().public_url or str(request.base_url)).rstrip("/")
    slug = workspaces_service.get_workspace(session=s, workspace_id=user.workspace_id).slug
    context = {
        "user": user, "config": config, "error": error, "form": form, "roles": [r.value for r in Role],
        "callback": redirect_uri(request), "saml": saml_service.read(saml_row) if saml_row else None,
        "saml_error": saml_error, "saml_base": f"{base}/saml/{slug}",
        "xmlsec": saml.xmlsec_binary() is not None,
    }  # fmt: skip
    status = 422 if error or saml_error else 200
    return templates.TemplateResponse(request, "sso_admin.html", context, status_code=status)


@router.get("/admin/sso", response_class=HTMLResponse)
def admin_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _admin(user)
    return _admin_page(request, s, user)


def _role_map(text: str) -> list[dict[str, str]]:
    """One mapping a line: `claim value = role`."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        value, sep, role = line.rpartition("=")
        if not sep:
            raise ValueError(f"role mapping line {n}: write 'group = role'")
        out.append({"value": value.strip(), "role": role.strip().lower()})
    return out


@router.post("/admin/sso", response_model=None)
def admin_save(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    issuer: Text = "",
    client_id: Text = "",
    client_secret: Text = "",
    allowed_domains: Text = "",
    role_claim: Text = "groups",
    role_map: Annotated[str, Form(max_length=20000)] = "",
    default_role: Text = "viewer",
    jit: Text = "",
    enabled: Text = "",
    csrf_token: Text = "",
) -> Response:
    _admin(user)
    check_csrf(request, csrf_token, user.csrf_token)
    form = {"issuer": issuer, "client_id": client_id, "allowed_domains": allowed_domains,
            "role_claim": role_claim, "role_map": role_map, "default_role": default_role}  # fmt: skip
    try:
        data = OidcConfigUpdate.model_validate({
            "issuer": issuer, "client_id": client_id, "client_secret": client_secret or None,
            "allowed_domains": [d for d in allowed_domains.replace(",", " ").split() if d],
            "role_claim": role_claim, "role_map": _role_map(role_map), "default_role": default_role,
            "jit": jit == "true", "enabled": enabled == "true",
        })  # fmt: skip
        sso_service.put_config(
            session=s, workspace_id=user.workspace_id, data=data, key=get_settings().secret_key
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return _admin_page(request, s, user, f"{where}: {first['msg']}" if where else first["msg"], form)
    except (ValueError, Invalid) as exc:
        return _admin_page(request, s, user, getattr(exc, "msg", str(exc)), form)
    return RedirectResponse("/admin/sso", status_code=303)
