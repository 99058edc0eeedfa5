"""Tables: advocacy requests made of contacts and the append-only points ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class AdvocacyRequest(Base):
    __tablename__ = "advocacy_requests"
    __table_args__ = (Index("ix_advocacy_requests_ws_contact", "workspace_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))  # asked | agreed | completed | declined
    notes: Mapped[str | None] = mapped_column(Text)
    asked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PointsEntry(Base):
    """Points are never edited: a correction or a redemption is another entry."""

    __tablename__ = "advocacy_points"
    __table_args__ = (Index("ix_advocacy_points_ws_contact", "workspace_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(300))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("advocacy_requests.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
