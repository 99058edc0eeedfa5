"""Tables: the append-only audit records and each workspace's retention setting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, UTCDateTime, utcnow

DEFAULT_RETENTION_DAYS = 365


class AuditRecord(Base):
    """One thing a person or key did. No foreign key to the actor: a record outlives the user it names."""

    __tablename__ = "audit_records"
    __table_args__ = (Index("ix_audit_records_ws_id", "workspace_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_type: Mapped[str] = mapped_column(String(10))  # user | api_key | anonymous
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(60))  # e.g. rule.update, auth.sign_in_failed
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    client_ip: Mapped[str] = mapped_column(String(64), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field -> {before, after}
    note: Mapped[str] = mapped_column(String(200), default="")


class AuditSettings(Audited, Base):
    __tablename__ = "audit_settings"
    __audit_type__ = "audit_settings"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    retention_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_RETENTION_DAYS)
