"""Tables: workspaces (tenants), their typed custom-field definitions and the work still filling them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, UTCDateTime, created_at_column

DEFAULT_LIFECYCLE_STAGES = ["onboarding", "adoption", "growth", "renewal", "churned"]


class Workspace(Audited, Base):
    __tablename__ = "workspaces"
    __audit_type__ = "workspace"
    __audit_workspace__ = "id"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    write_key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    lifecycle_stages: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(DEFAULT_LIFECYCLE_STAGES))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at_column()


class CustomFieldDefinition(Base):
    """A typed custom attribute that accounts or contacts of one workspace may carry."""

    __tablename__ = "custom_field_definitions"
    __table_args__ = (UniqueConstraint("workspace_id", "entity", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    entity: Mapped[str] = mapped_column(String(20))  # account | contact
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(10))  # text | number | date | bool | url
    created_at: Mapped[datetime] = created_at_column()


class WorkspaceBackfill(Base):
    """Data a workspace is still filling in behind its pages (the demo's long history): how far it has got,
    so pages can say so, and what the filler needs to go on where it stopped after a restart."""

    __tablename__ = "workspace_backfills"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    progress: Mapped[float] = mapped_column(Float, default=0.0)  # 0..1
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # One filler at a time: who claims it and until when (renewed each commit; a dead filler's claim lapses).
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What is being filled now, and whether what every page shows (not only the history) is in yet.
    stage: Mapped[str | None] = mapped_column(String(80))
    current_ready: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
