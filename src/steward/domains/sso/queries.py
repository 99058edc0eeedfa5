"""Reads for single sign-on: a workspace's provider, providers by e-mail domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.domains.sso.models import OidcLogin, OidcProvider


def provider(session: Session, workspace_id: int) -> OidcProvider | None:
    return session.get(OidcProvider, workspace_id)


def enabled_providers(session: Session) -> list[OidcProvider]:
    """Every enabled provider (one per workspace at most: few rows), for a lookup by e-mail domain."""
    return list(session.scalars(select(OidcProvider).where(OidcProvider.enabled.is_(True))))


def login_by_digest(session: Session, digest: str) -> OidcLogin | None:
    return session.scalars(select(OidcLogin).where(OidcLogin.state_digest == digest)).first()
