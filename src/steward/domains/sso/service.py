"""Writes for single sign-on: a workspace's OpenID Connect configuration, the sign-ins under way (state,
nonce and PKCE verifier kept server-side, used once, expiring) and the Steward user an ID token names."""

from __future__ import annotations

import secrets
from contextlib import suppress
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete
from sqlalchemy.orm import Session

from steward.core import secretbox
from steward.core.db import utcnow
from steward.core.errors import Conflict, Invalid, NotFound
from steward.core.roles import Role
from steward.core.security import token_digest
from steward.domains.sso import queries
from steward.domains.sso.models import OidcLogin, OidcProvider, SamlProvider
from steward.domains.sso.schemas import OidcConfigRead, OidcConfigUpdate, RoleMapping
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate, UserUpdate
from steward.domains.workspaces import service as workspaces_service

SECRET_PURPOSE = "oidc-client-secret"
VERIFIER_PURPOSE = "oidc-pkce-verifier"
LOGIN_SECONDS = 600  # time allowed at the provider between leaving Steward and coming back


class Refused(Exception):
    """A single sign-on that may not proceed; the message is shown on the login page. workspace_id and
    email, when known, say where the refusal is logged."""

    def __init__(self, msg: str, workspace_id: int | None = None, email: str = "") -> None:
        super().__init__(msg)
        self.msg = msg
        self.workspace_id = workspace_id
        self.email = email


def get_config(*, session: Session, workspace_id: int) -> OidcProvider:
    row = queries.provider(session, workspace_id)
    if row is None:
        raise NotFound("single sign-on configuration", workspace_id)
    return row


def get_config_or_none(*, session: Session, workspace_id: int) -> OidcProvider | None:
    return queries.provider(session, workspace_id)


def read(row: OidcProvider) -> OidcConfigRead:
    return OidcConfigRead(
        issuer=row.issuer, client_id=row.client_id, client_secret=f"********{row.client_secret_hint}",
        allowed_domains=list(row.allowed_domains), role_claim=row.role_claim,
        role_map=[RoleMapping.model_validate(m) for m in row.role_map], jit=row.jit,
        default_role=Role(row.default_role), enabled=row.enabled, updated_at=row.updated_at,
    )  # fmt: skip


def put_config(*, session: Session, workspace_id: int, data: OidcConfigUpdate, key: str) -> OidcProvider:
    """Create or replace the configuration; a secret left out keeps the stored one."""
    row = queries.provider(session, workspace_id)
    if row is None:
        if data.client_secret is None:
            raise Invalid("a client secret is needed the first time", ("body", "client_secret"))
        row = OidcProvider(workspace_id=workspace_id)
        session.add(row)
    if data.client_secret is not None:
        row.client_secret_sealed = secretbox.seal(data.client_secret, secret=key, purpose=SECRET_PURPOSE)
        row.client_secret_hint = data.client_secret[-4:] if len(data.client_secret) >= 12 else ""
    row.issuer = data.issuer
    row.client_id = data.client_id
    row.allowed_domains = list(data.allowed_domains)
    row.role_claim = data.role_claim
    row.role_map = [m.model_dump(mode="json") for m in data.role_map]
    row.jit = data.jit
    row.default_role = data.default_role.value
    row.enabled = data.enabled
    session.flush()
    return row


def delete_config(*, session: Session, workspace_id: int) -> None:
    session.delete(get_config(session=session, workspace_id=workspace_id))
    session.flush()


def client_secret(row: OidcProvider, key: str) -> str:
    return secretbox.unseal(row.client_secret_sealed, secret=key, purpose=SECRET_PURPOSE)


def provider_for(*, session: Session, who: str) -> OidcProvider:
    """The enabled provider for a workspace slug or a work e-mail address (by its domain)."""
    who = who.strip().lower()
    if not who or "\x00" in who:
        raise Refused("Enter your workspace's name in Steward (its slug) or your work e-mail address.")
    if "@" in who:
        domain = who.rsplit("@", 1)[1]
        found = [p for p in queries.enabled_providers(session) if domain in p.allowed_domains]
        if len(found) != 1:
            msg = "No workspace" if not found else "More than one workspace"
            raise Refused(
                f"{msg} signs in {domain} addresses with single sign-on; enter the workspace instead."
            )
        return found[0]
    try:
        ws = workspaces_service.get_by_slug(session=session, slug=who[:80])
    except NotFound:
        ws = None
    row = queries.provider(session, ws.id) if ws is not None else None
    if row is None or not row.enabled:
        raise Refused(f"The workspace {who[:80]!r} does not offer single sign-on.")
    return row


def start_login(*, session: Session, workspace_id: int, next_path: str, key: str) -> tuple[str, str, str]:
    """(state, nonce, PKCE verifier) for a new sign-in; only the state's digest is stored."""
    now = utcnow()
    session.execute(delete(OidcLogin).where(OidcLogin.expires_at < now))  # forgotten sign-ins
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    session.add(
        OidcLogin(
            state_digest=token_digest(state), workspace_id=workspace_id, nonce=nonce,
            verifier_sealed=secretbox.seal(verifier, secret=key, purpose=VERIFIER_PURPOSE),
            next_path=next_path[:2000], expires_at=now + timedelta(seconds=LOGIN_SECONDS),
        )
    )  # fmt: skip
    session.flush()
    return state, nonce, verifier


def pending_login(*, session: Session, state: str) -> OidcLogin:
    """The sign-in this state names, unexpired; read only, so the provider is called holding no write lock."""
    row = queries.login_by_digest(session, token_digest(state)) if state and "\x00" not in state else None
    if row is None or row.expires_at < utcnow():
        raise Refused("This sign-in expired or was already used; start again.")
    return row


def verifier_of(row: OidcLogin, key: str) -> str:
    return secretbox.unseal(row.verifier_sealed, secret=key, purpose=VERIFIER_PURPOSE)


def use_login(*, session: Session, row: OidcLogin) -> None:
    """Spend the state: of two callbacks racing with one state, only the one whose delete found it goes on."""
    done = session.execute(delete(OidcLogin).where(OidcLogin.id == row.id))
    if getattr(done, "rowcount", 0) != 1:
        raise Refused("This sign-in expired or was already used; start again.", row.workspace_id)


def mapped_role(row: OidcProvider | SamlProvider, claims: dict[str, Any]) -> Role | None:
    """The highest role the claim's values map to, None when none maps."""
    value = claims.get(row.role_claim)
    values = (
        {value}
        if isinstance(value, str)
        else {v for v in value if isinstance(v, str)}
        if isinstance(value, list)
        else set()
    )
    roles = [Role(m["role"]) for m in row.role_map if m.get("value") in values]
    return max(roles, key=lambda r: r.rank) if roles else None


def user_for(*, session: Session, row: OidcProvider | SamlProvider, claims: dict[str, Any]) -> int:
    """The id of the active Steward user of this workspace the verified claims name, created just in time
    when the configuration allows; an existing user takes a mapped role. Refused, saying why, otherwise."""
    ws = row.workspace_id
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or "\x00" in email or len(email) > 320:
        raise Refused("The identity provider sent no e-mail address for you.", ws)
    email = email.strip().lower()
    if claims.get("email_verified") is False:
        raise Refused(f"The identity provider has not verified {email}.", ws, email)
    domain = email.rsplit("@", 1)[1]
    if row.allowed_domains and domain not in row.allowed_domains:
        raise Refused(f"Addresses at {domain} may not sign in to this workspace.", ws, email)
    role = mapped_role(row, claims)
    user = users_service.find_by_email(session=session, email=email)
    if user is not None and user.workspace_id != ws:
        raise Refused(f"{email} belongs to another workspace.", ws, email)
    if user is not None and not user.is_active:
        raise Refused(f"The account {email} is deactivated.", ws, email)
    if user is None:
        if not row.jit:
            raise Refused(f"{email} has no account in this workspace; ask an admin to add you.", ws, email)
        name = claims.get("name") if isinstance(claims.get("name"), str) else None
        try:
            data = UserCreate(
                email=email, name=(name or email.split("@")[0])[:200], role=role or Role(row.default_role)
            )
        except ValidationError:
            raise Refused(f"{email[:100]!r} cannot be a Steward user's e-mail address.", ws) from None
        return users_service.create_user(session=session, workspace_id=ws, data=data).id
    if role is not None and role.value != user.role:
        with suppress(Conflict):  # the last admin keeps the role rather than locking the workspace out
            users_service.update_user(
                session=session, workspace_id=ws, user_id=user.id, data=UserUpdate(role=role)
            )
    return user.id
