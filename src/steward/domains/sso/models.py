"""Tables: one OpenID Connect provider per workspace, and the sign-ins under way (state, nonce, PKCE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class OidcProvider(Audited, Base):
    """A workspace's identity provider; the client secret sealed with the app key (masked in the log)."""

    __tablename__ = "oidc_providers"
    __audit_type__ = "sso_provider"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(500))
    client_secret_sealed: Mapped[str] = mapped_column(String(2000))
    client_secret_hint: Mapped[str] = mapped_column(String(8))  # the last characters, shown masked
    allowed_domains: Mapped[list[Any]] = mapped_column(JSON, default=list)
    role_claim: Mapped[str] = mapped_column(String(100), default="groups")
    role_map: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"value": ..., "role": ...}]
    jit: Mapped[bool] = mapped_column(default=True)
    default_role: Mapped[str] = mapped_column(String(20), default="viewer")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class OidcLogin(Base):
    """A sign-in sent to the provider and not yet back: found by the state's digest, used once, expiring."""

    __tablename__ = "oidc_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_digest: Mapped[str] = mapped_column(String(64), unique=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(100))
    verifier_sealed: Mapped[str] = mapped_column(String(500))  # the PKCE code verifier
    next_path: Mapped[str] = mapped_column(String(2000), default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class SamlProvider(Audited, Base):
    """A workspace's SAML 2.0 identity provider: its metadata as uploaded (entity id, sign-in URL and signing
    certificate come from it) and the same user rules as OpenID Connect (role_claim names the attribute)."""

    __tablename__ = "saml_providers"
    __audit_type__ = "saml_provider"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    idp_entity_id: Mapped[str] = mapped_column(String(500))
    idp_metadata: Mapped[str] = mapped_column(Text)
    allowed_domains: Mapped[list[Any]] = mapped_column(JSON, default=list)
    role_claim: Mapped[str] = mapped_column(String(200), default="groups")
    role_map: Mapped[list[Any]] = mapped_column(JSON, default=list)
    jit: Mapped[bool] = mapped_column(default=True)
    default_role: Mapped[str] = mapped_column(String(20), default="viewer")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class SamlRequest(Base):
    """An AuthnRequest sent and not yet answered: its ID must come back as InResponseTo, once, in time; the
    relay state's digest binds it to the browser that started it."""

    __tablename__ = "saml_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[str] = mapped_column(String(100), unique=True)
    relay_digest: Mapped[str] = mapped_column(String(64), unique=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    next_path: Mapped[str] = mapped_column(String(2000), default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class SamlAssertionUsed(Base):
    """Assertion IDs already accepted, kept until the assertion expires: a replayed assertion is refused."""

    __tablename__ = "saml_assertions_used"
    __table_args__ = (UniqueConstraint("workspace_id", "assertion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    assertion_id: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
