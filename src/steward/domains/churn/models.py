"""Tables: churn model versions (with their backtest and the fitted model) and per-account scores."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, Float, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column


class ChurnModelVersion(Base):
    __tablename__ = "churn_models"
    __table_args__ = (UniqueConstraint("workspace_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    horizon_days: Mapped[int]
    trained_through: Mapped[date] = mapped_column(Date)
    rows: Mapped[int]
    churned: Mapped[int]
    algorithm: Mapped[str] = mapped_column(String(20))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)  # selection, features, backtest
    # The fitted model, pickled. Only Steward writes it; it is read back only by the same scikit-learn.
    artifact: Mapped[bytes] = mapped_column(LargeBinary)
    sklearn_version: Mapped[str] = mapped_column(String(20))
    seconds: Mapped[float] = mapped_column(Float)
    trained_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()


class ChurnScore(Base):
    __tablename__ = "churn_scores"
    __table_args__ = (
        UniqueConstraint("model_id", "account_id"),
        Index("ix_churn_scores_model_risk", "model_id", "arr_at_risk_minor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("churn_models.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    probability: Mapped[float] = mapped_column(Float)
    arr_minor: Mapped[int] = mapped_column(BigInteger)
    arr_at_risk_minor: Mapped[int] = mapped_column(BigInteger)
    ltv_minor: Mapped[int] = mapped_column(BigInteger)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime())
