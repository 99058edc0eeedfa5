"""Tables: rules (trigger, conditions and actions as JSON) and the log of their runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class Rule(Audited, Base):
    __tablename__ = "rules"
    __audit_type__ = "rule"
    __audit_ignore__ = frozenset({"last_assigned_id", "updated_at"})  # round-robin bookkeeping
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # trigger, conditions, actions (RuleFields)
    last_assigned_id: Mapped[int | None] = mapped_column(Integer)  # where round-robin assignment resumes
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class RuleRun(Base):
    __tablename__ = "rule_runs"
    __table_args__ = (Index("ix_rule_runs_rule_started", "rule_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"))
    cause: Mapped[str] = mapped_column(String(20))  # "change", "daily" or "manual"
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int] = mapped_column(Integer)
    accounts_checked: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)
    ctas_created: Mapped[int] = mapped_column(Integer)
    ctas_updated: Mapped[int] = mapped_column(Integer)
    fields_changed: Mapped[int] = mapped_column(Integer)
    emails_queued: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sample: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # up to 20 matched accounts and why
    error: Mapped[str | None] = mapped_column(String(1000))
