"""Tables of the customer portal: the sign-in links sent by e-mail and the signed-in browsers, each stored
as the digest of its random token only (like staff sessions), so a copy of the table signs nobody in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column


class PortalLink(Base):
    """A single-use sign-in link: `used_at` is set by the one request that consumes it."""

    __tablename__ = "portal_links"
    __table_args__ = (Index("ix_portal_links_contact", "workspace_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PortalSession(Base):
    """A contact's signed-in browser; separate from staff sessions (its own cookie, table and CSRF token)."""

    __tablename__ = "portal_sessions"
    __table_args__ = (Index("ix_portal_sessions_contact", "workspace_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
