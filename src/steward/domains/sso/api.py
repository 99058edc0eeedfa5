"""HTTP routes for a workspace's single sign-on configuration (admins only)."""

from __future__ import annotations

from fastapi import APIRouter, status

from steward.domains.sso import saml_service, service
from steward.domains.sso.schemas import OidcConfigRead, OidcConfigUpdate, SamlConfigRead, SamlConfigUpdate
from steward.settings import get_settings
from steward.web.deps import Admin, SessionDep

router = APIRouter(tags=["sso"])


@router.get("/workspace/sso", response_model=OidcConfigRead)
def get_sso(s: SessionDep, p: Admin) -> OidcConfigRead:
    """The OpenID Connect provider of this workspace, the client secret masked."""
    return service.read(service.get_config(session=s, workspace_id=p.workspace_id))


@router.put("/workspace/sso", response_model=OidcConfigRead)
def put_sso(body: OidcConfigUpdate, s: SessionDep, p: Admin) -> OidcConfigRead:
    """Set the provider (recorded in the audit log, the secret masked); leave out client_secret to keep it.
    Register `<Steward URL>/login/sso/callback` as the redirect URI at the provider."""
    key = get_settings().secret_key
    return service.read(service.put_config(session=s, workspace_id=p.workspace_id, data=body, key=key))


@router.delete("/workspace/sso", status_code=status.HTTP_204_NO_CONTENT)
def delete_sso(s: SessionDep, p: Admin) -> None:
    service.delete_config(session=s, workspace_id=p.workspace_id)


@router.get("/workspace/sso/saml", response_model=SamlConfigRead)
def get_saml(s: SessionDep, p: Admin) -> SamlConfigRead:
    """The SAML identity provider of this workspace. Steward's own (SP) metadata is at
    `/saml/<workspace slug>/metadata`; the IdP posts to `/saml/<workspace slug>/acs`."""
    return saml_service.read(saml_service.get_config(session=s, workspace_id=p.workspace_id))


@router.put("/workspace/sso/saml", response_model=SamlConfigRead)
def put_saml(body: SamlConfigUpdate, s: SessionDep, p: Admin) -> SamlConfigRead:
    """Upload the IdP metadata XML and the user rules (recorded in the audit log). 422 when the metadata
    lacks a signing certificate or a Redirect-binding sign-in URL, or when this server has no xmlsec1."""
    return saml_service.read(saml_service.put_config(session=s, workspace_id=p.workspace_id, data=body))


@router.delete("/workspace/sso/saml", status_code=status.HTTP_204_NO_CONTENT)
def delete_saml(s: SessionDep, p: Admin) -> None:
    saml_service.delete_config(session=s, workspace_id=p.workspace_id)
