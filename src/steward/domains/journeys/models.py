"""Tables: journeys, where each account is on them, and every move between stages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, created_at_column, updated_at_column


class Journey(Base):
    __tablename__ = "journeys"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # enter_when and stages (JourneyFields)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class JourneyPosition(Base):
    __tablename__ = "journey_positions"
    __table_args__ = (UniqueConstraint("journey_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(40))
    stage_since: Mapped[date] = mapped_column(Date)
    started_on: Mapped[date] = mapped_column(Date)
    value_on: Mapped[date | None] = mapped_column(Date)  # reached the stage marked as value
    completed_on: Mapped[date | None] = mapped_column(Date)  # met the last stage's exit criteria


class JourneyMove(Base):
    __tablename__ = "journey_moves"
    __table_args__ = (Index("ix_journey_moves_journey_account", "journey_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    to_stage: Mapped[str] = mapped_column(String(40))  # "done" when the journey is complete
    on: Mapped[date] = mapped_column(Date)
