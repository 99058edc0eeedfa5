"""Table: subscriptions (contracts) with money in integer minor units."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, created_at_column, updated_at_column


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("workspace_id", "external_id"),
        Index("ix_subscriptions_ws_end", "workspace_id", "end_date"),
        # One account's terms (rescoring its health): SQLite otherwise walks the workspace by end date.
        Index("ix_subscriptions_ws_account", "workspace_id", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    plan: Mapped[str] = mapped_column(String(200))
    product: Mapped[str | None] = mapped_column(String(200))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    billing_period: Mapped[str] = mapped_column(String(10))  # month | quarter | year
    seats: Mapped[int | None]
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    auto_renew: Mapped[bool] = mapped_column(default=True)
    notice_days: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20))  # trial | active | past_due | canceled | expired
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
