"""Tables: what SCIM knows of a user beyond Steward's own columns, and groups with their members."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, created_at_column, updated_at_column


class ScimUser(Base):
    """A user as the identity provider names them; a user without a row is shown from the users table.
    `deleted` hides a user after a SCIM DELETE (Steward keeps the row, deactivated, for its history)."""

    __tablename__ = "scim_users"
    __table_args__ = (Index("ix_scim_users_ws_key", "workspace_id", "user_name_key", unique=True),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    user_name: Mapped[str] = mapped_column(String(320))
    user_name_key: Mapped[str] = mapped_column(String(320))  # lower-cased: userName is not case-exact
    external_id: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # formatted, givenName, familyName
    emails: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{value, type, primary}]
    deleted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class ScimGroup(Audited, Base):
    __tablename__ = "scim_groups"
    __audit_type__ = "scim_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class ScimMember(Base):
    __tablename__ = "scim_members"

    group_id: Mapped[int] = mapped_column(ForeignKey("scim_groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)


class ScimSettings(Audited, Base):
    """A workspace's own group-to-role names, tried before the steward-<role> convention."""

    __tablename__ = "scim_settings"
    __audit_type__ = "scim_settings"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    role_groups: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"group": ..., "role": ...}]
