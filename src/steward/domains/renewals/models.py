"""Table: renewal opportunities, one per subscription term that comes up for renewal."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class RenewalOpportunity(Base):
    __tablename__ = "renewal_opportunities"
    __table_args__ = (
        UniqueConstraint("workspace_id", "subscription_id", "due_date"),
        Index("ix_renewals_ws_status_due", "workspace_id", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    plan: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date)  # the term's end
    current_arr_minor: Mapped[int] = mapped_column(BigInteger)
    expected_arr_minor: Mapped[int] = mapped_column(BigInteger)
    forecast: Mapped[str] = mapped_column(String(20))  # commit | best_case | at_risk
    forecast_by: Mapped[str] = mapped_column(String(10))  # auto (refreshed daily) | person (kept)
    status: Mapped[str] = mapped_column(String(10))  # open | closed
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_arr_minor: Mapped[int | None] = mapped_column(BigInteger)
    churn_reason: Mapped[str | None] = mapped_column(String(40))
    next_subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="SET NULL")
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
