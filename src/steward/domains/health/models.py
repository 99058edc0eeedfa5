"""Tables: health scorecards (their definition as JSON), the daily score history of each account, and CSM
sentiment."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, created_at_column, updated_at_column


class HealthScorecard(Audited, Base):
    __tablename__ = "health_scorecards"
    __audit_type__ = "health_scorecard"
    __audit_ignore__ = frozenset({"updated_at"})
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # groups, measures, grades (ScorecardFields)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class HealthScore(Base):
    __tablename__ = "health_scores"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "account_id", "day"),
        Index("ix_health_scores_ws_account_day", "workspace_id", "account_id", "day"),
        Index("ix_health_scores_ws_day", "workspace_id", "day"),  # one day of a workspace: portfolio, rules
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("health_scorecards.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    overall: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(40))
    groups: Mapped[dict[str, float | None]] = mapped_column(JSON)
    # measure key -> {"value", "score", "contribution", "missing"}
    measures: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON)


class HealthSentiment(Base):
    """A CSM's read of an account, 1 (about to leave) to 10 (thriving), with why: the manual measure
    `csm_sentiment`. Kept as a log, so past days score with what was said then."""

    __tablename__ = "health_sentiments"
    __table_args__ = (
        Index("ix_health_sentiments_ws_account_at", "workspace_id", "account_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
