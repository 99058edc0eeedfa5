"""SAML sign-in state: a workspace's identity provider configuration, the AuthnRequests under way (ID kept,
relay state's digest binding the browser, used once, expiring) and the assertion ids already accepted."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.core.db import utcnow
from steward.core.errors import Invalid, NotFound
from steward.core.roles import Role
from steward.core.security import token_digest
from steward.domains.sso import saml
from steward.domains.sso.models import SamlAssertionUsed, SamlProvider, SamlRequest
from steward.domains.sso.schemas import RoleMapping, SamlConfigRead, SamlConfigUpdate
from steward.domains.sso.service import LOGIN_SECONDS, Refused
from steward.domains.workspaces import service as workspaces_service


def get_config(*, session: Session, workspace_id: int) -> SamlProvider:
    row = session.get(SamlProvider, workspace_id)
    if row is None:
        raise NotFound("SAML configuration", workspace_id)
    return row


def get_config_or_none(*, session: Session, workspace_id: int) -> SamlProvider | None:
    return session.get(SamlProvider, workspace_id)


def read(row: SamlProvider) -> SamlConfigRead:
    return SamlConfigRead(
        idp_entity_id=row.idp_entity_id,
        idp_metadata=row.idp_metadata,
        allowed_domains=list(row.allowed_domains),
        role_attribute=row.role_claim,
        role_map=[RoleMapping.model_validate(m) for m in row.role_map],
        jit=row.jit,
        default_role=Role(row.default_role),
        enabled=row.enabled,
        updated_at=row.updated_at,
    )


def put_config(*, session: Session, workspace_id: int, data: SamlConfigUpdate) -> SamlProvider:
    """Create or replace; the metadata is read first (Invalid naming what is wrong with it)."""
    try:
        entity = saml.read_idp_metadata(data.idp_metadata)
    except saml.SamlError as exc:
        raise Invalid(exc.msg, ("body", "idp_metadata")) from None
    row = session.get(SamlProvider, workspace_id)
    if row is None:
        row = SamlProvider(workspace_id=workspace_id)
        session.add(row)
    row.idp_entity_id = entity[:500]
    row.idp_metadata = data.idp_metadata
    row.allowed_domains = list(data.allowed_domains)
    row.role_claim = data.role_attribute
    row.role_map = [m.model_dump(mode="json") for m in data.role_map]
    row.jit = data.jit
    row.default_role = data.default_role.value
    row.enabled = data.enabled
    session.flush()
    return row


def delete_config(*, session: Session, workspace_id: int) -> None:
    session.delete(get_config(session=session, workspace_id=workspace_id))
    session.flush()


def enabled_provider(session: Session, workspace_id: int) -> SamlProvider:
    row = session.get(SamlProvider, workspace_id)
    if row is None or not row.enabled:
        raise Refused("This workspace does not offer SAML sign-in.", workspace_id)
    return row


def workspace_for(*, session: Session, who: str) -> tuple[int, str] | None:
    """(workspace id, slug) when this slug or work e-mail address leads to an enabled SAML provider."""
    who = who.strip().lower()
    if not who or "\x00" in who or len(who) > 320:
        return None
    if "@" in who:
        domain = who.rsplit("@", 1)[1]
        rows = session.scalars(select(SamlProvider).where(SamlProvider.enabled.is_(True))).all()
        found = [r for r in rows if domain in r.allowed_domains]
        if len(found) != 1:
            return None
        ws = workspaces_service.get_workspace(session=session, workspace_id=found[0].workspace_id)
    else:
        try:
            ws = workspaces_service.get_by_slug(session=session, slug=who[:80])
        except NotFound:
            return None
        row = session.get(SamlProvider, ws.id)
        if row is None or not row.enabled:
            return None
    return ws.id, ws.slug


def start(*, session: Session, row: SamlProvider, sp: saml.Sp, next_path: str) -> tuple[str, str]:
    """(the IdP URL to send the browser to, the relay state to bind to the browser)."""
    now = utcnow()
    session.execute(delete(SamlRequest).where(SamlRequest.expires_at < now))  # forgotten sign-ins
    session.execute(delete(SamlAssertionUsed).where(SamlAssertionUsed.expires_at < now))
    relay = secrets.token_urlsafe(32)
    try:
        request_id, url = saml.authn_request(
            sp, idp_metadata=row.idp_metadata, idp_entity_id=row.idp_entity_id, relay_state=relay
        )
    except saml.SamlError as exc:
        raise Refused(f"SAML sign-in cannot start: {exc.msg}.", row.workspace_id) from None
    session.add(
        SamlRequest(
            request_id=request_id[:100], relay_digest=token_digest(relay), workspace_id=row.workspace_id,
            next_path=next_path[:2000], expires_at=now + timedelta(seconds=LOGIN_SECONDS),
        )
    )  # fmt: skip
    session.flush()
    return url, relay


def pending(*, session: Session, relay: str, workspace_id: int) -> SamlRequest:
    row = None
    if relay and "\x00" not in relay and len(relay) <= 200:
        row = session.scalars(
            select(SamlRequest).where(SamlRequest.relay_digest == token_digest(relay))
        ).first()
    if row is None or row.workspace_id != workspace_id or row.expires_at < utcnow():
        raise Refused("This sign-in expired or was already used; start again.", workspace_id)
    return row


def use_request(*, session: Session, row: SamlRequest) -> None:
    """Spend the request: of two responses racing for it, only the one whose delete found it goes on."""
    done = session.execute(delete(SamlRequest).where(SamlRequest.id == row.id))
    if getattr(done, "rowcount", 0) != 1:
        raise Refused("This sign-in expired or was already used; start again.", row.workspace_id)


def remember_assertion(*, session: Session, workspace_id: int, assertion_id: str, expires_at: float) -> None:
    """Record the assertion id until it expires; Refused when it was accepted before (a replay)."""
    until = datetime.fromtimestamp(expires_at, UTC)
    try:
        with session.begin_nested():
            session.add(
                SamlAssertionUsed(
                    workspace_id=workspace_id, assertion_id=assertion_id[:200], expires_at=until
                )
            )
            session.flush()
    except IntegrityError:
        raise Refused("This assertion was already used (replayed); start again.", workspace_id) from None
