"""Table: business reviews, one row per review held or to hold."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, created_at_column, updated_at_column


class BusinessReview(Base):
    __tablename__ = "business_reviews"
    __table_args__ = (Index("ix_business_reviews_ws_status_due", "workspace_id", "status", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # scheduled | held | cancelled
    held_on: Mapped[date | None] = mapped_column(Date)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)  # the CSM's, printed in the pack
    source: Mapped[str] = mapped_column(String(10))  # cadence | manual
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
