"""SAML 2.0 sign-in pages: Steward's SP metadata, the start (an AuthnRequest by the HTTP-Redirect binding)
and the ACS the identity provider posts the signed Response to. The ACS is a cross-site POST by design, so
a SameSite=Lax cookie would not come with it: the relay-state cookie is SameSite=None; Secure (browsers
accept Secure cookies on https and on localhost), and must equal the RelayState that comes back, which
names a stored, single-use AuthnRequest whose ID must be the Response's InResponseTo."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from steward.core.errors import Invalid, NotFound
from steward.core.security import constant_time_equals
from steward.domains.audit import service as audit_service
from steward.domains.sso import saml, saml_service
from steward.domains.sso import service as sso_service
from steward.domains.sso.schemas import SamlConfigUpdate
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings
from steward.web.deps import ClientAddress, SessionDep
from steward.web.ui.session import CurrentUiUser, check_csrf, user_actor
from steward.web.ui.sso import Text, _admin, _admin_page, _role_map, _sso_page
from steward.web.ui.two_factor_login import landing, signed_in

router = APIRouter()
RELAY_COOKIE = "steward_saml_relay"


def sp_for(request: Request, slug: str) -> saml.Sp:
    base = (get_settings().public_url or str(request.base_url)).rstrip("/")
    return saml.Sp(entity_id=f"{base}/saml/{slug}/metadata", acs_url=f"{base}/saml/{slug}/acs")


def _workspace_id(s: Session, slug: str) -> int:
    if "\x00" in slug or len(slug) > 80:
        raise NotFound("workspace", slug[:80])
    return workspaces_service.get_by_slug(session=s, slug=slug).id


def _refused(request: Request, s: Session, exc: sso_service.Refused, client: str) -> HTMLResponse:
    if exc.workspace_id is not None:
        actor = audit_service.Actor(audit_service.ActorType.anonymous, None, exc.email or "SAML", client)
        audit_service.record(
            session=s, actor=actor, workspace_id=exc.workspace_id, action="auth.sign_in_failed",
            object_type="workspace", object_id=exc.workspace_id, note=f"SAML: {exc.msg}"[:500],
        )  # fmt: skip
    page = _sso_page(request, error=exc.msg)
    page.delete_cookie(RELAY_COOKIE, path="/saml", secure=True, samesite="none")
    return page


@router.get("/saml/{slug}/metadata")
def metadata(request: Request, slug: str, s: SessionDep) -> Response:
    """This workspace as a SAML service provider: give this URL (or the file) to the identity provider."""
    _workspace_id(s, slug)
    try:
        xml = saml.sp_metadata(sp_for(request, slug))
    except saml.SamlError as exc:
        return Response(exc.msg, status_code=503, media_type="text/plain")
    return Response(xml, media_type="application/samlmetadata+xml")


@router.get("/saml/{slug}/login", response_model=None)
def start(request: Request, slug: str, s: SessionDep, client: ClientAddress, next: str = "") -> Response:
    ws = _workspace_id(s, slug)
    try:
        row = saml_service.enabled_provider(s, ws)
        url, relay = saml_service.start(session=s, row=row, sp=sp_for(request, slug), next_path=next[:2000])
    except sso_service.Refused as exc:
        return _refused(request, s, exc, client)
    response = RedirectResponse(url, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(
        RELAY_COOKIE, relay, httponly=True, samesite="none", secure=True,
        max_age=sso_service.LOGIN_SECONDS, path="/saml",
    )  # fmt: skip
    return response


SamlResponse = Annotated[str, Form(alias="SAMLResponse", max_length=512 * 1024)]
Relay = Annotated[str, Form(alias="RelayState", max_length=2000)]


@router.post("/saml/{slug}/acs", response_model=None)
def acs(
    request: Request,
    slug: str,
    s: SessionDep,
    client: ClientAddress,
    response: SamlResponse = "",
    relay: Relay = "",
) -> Response:
    ws = _workspace_id(s, slug)
    bound = request.cookies.get(RELAY_COOKIE, "")
    sp = sp_for(request, slug)
    try:
        if not relay or not bound or not constant_time_equals(bound, relay[:200]):
            raise sso_service.Refused(
                "This sign-in was not started in this browser, or it expired; start again.", ws
            )
        row = saml_service.enabled_provider(s, ws)
        pending = saml_service.pending(session=s, relay=relay, workspace_id=ws)
        saml_service.use_request(session=s, row=pending)
        try:
            verified = saml.verify_response(
                sp, idp_metadata=row.idp_metadata, idp_entity_id=row.idp_entity_id, saml_response=response,
                request_id=pending.request_id, role_attribute=row.role_claim,
            )  # fmt: skip
        except saml.SamlError as exc:
            raise sso_service.Refused(f"SAML sign-in failed: {exc.msg}.", ws) from None
        saml_service.remember_assertion(
            session=s, workspace_id=ws, assertion_id=verified.assertion_id, expires_at=verified.expires_at
        )
        user_id = sso_service.user_for(session=s, row=row, claims=verified.claims)
    except sso_service.Refused as exc:
        return _refused(request, s, exc, client)
    user = users_service.get_user(session=s, workspace_id=ws, user_id=user_id)
    audit_service.act_as(s, user_actor(user.id, user.email, client))
    audit_service.record(
        session=s, actor=user_actor(user.id, user.email, client), workspace_id=ws, action="auth.sign_in",
        object_type="user", object_id=user.id, note=f"via SAML ({row.idp_entity_id})"[:200],
    )  # fmt: skip
    redirect = RedirectResponse(landing(user, pending.next_path), status_code=303)
    redirect.delete_cookie(RELAY_COOKIE, path="/saml", secure=True, samesite="none")
    return signed_in(request, s, user, pending.next_path, redirect, method="saml")


@router.post("/admin/sso/saml", response_model=None)
def admin_save(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    idp_metadata: Annotated[str, Form(max_length=256 * 1024)] = "",
    allowed_domains: Text = "",
    role_attribute: Text = "groups",
    role_map: Annotated[str, Form(max_length=20000)] = "",
    default_role: Text = "viewer",
    jit: Text = "",
    enabled: Text = "",
    csrf_token: Text = "",
) -> Response:
    """The SAML section of /admin/sso: the IdP metadata pasted, and the same user rules as OpenID Connect."""
    _admin(user)
    check_csrf(request, csrf_token, user.csrf_token)
    try:
        data = SamlConfigUpdate.model_validate({
            "idp_metadata": idp_metadata,
            "allowed_domains": [d for d in allowed_domains.replace(",", " ").split() if d],
            "role_attribute": role_attribute, "role_map": _role_map(role_map), "default_role": default_role,
            "jit": jit == "true", "enabled": enabled == "true",
        })  # fmt: skip
        saml_service.put_config(session=s, workspace_id=user.workspace_id, data=data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return _admin_page(request, s, user, saml_error=f"{where}: {first['msg']}" if where else first["msg"])
    except (ValueError, Invalid) as exc:
        return _admin_page(request, s, user, saml_error=getattr(exc, "msg", str(exc)))
    return RedirectResponse("/admin/sso", status_code=303)
