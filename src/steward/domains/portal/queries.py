"""Read side of the portal's links and sessions; every lookup names its workspace."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.domains.portal.models import PortalLink, PortalSession


def link_by_digest(session: Session, workspace_id: int, digest: str) -> PortalLink | None:
    query = select(PortalLink).where(PortalLink.workspace_id == workspace_id, PortalLink.digest == digest)
    return session.scalars(query).first()


def session_by_digest(session: Session, workspace_id: int, digest: str) -> PortalSession | None:
    query = select(PortalSession).where(
        PortalSession.workspace_id == workspace_id, PortalSession.digest == digest
    )
    return session.scalars(query).first()
