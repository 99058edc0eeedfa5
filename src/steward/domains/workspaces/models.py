"""Tables: workspaces (tenants) and their typed custom-field definitions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, created_at_column

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
