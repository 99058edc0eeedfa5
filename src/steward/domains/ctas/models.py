"""Tables: calls to action (CTAs) with their tasks and comments, playbooks (task templates) and the
workspace's CTA types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class Cta(Base):
    __tablename__ = "ctas"
    __table_args__ = (
        # open_key is "type|reason" while the CTA is open and NULL once closed: at most one open CTA per
        # (account, type, reason), which is what rule-made CTAs update instead of duplicating.
        UniqueConstraint("workspace_id", "account_id", "open_key"),
        Index("ix_ctas_ws_owner_status_due", "workspace_id", "owner_id", "status", "due_date"),
        Index("ix_ctas_ws_status_due", "workspace_id", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    priority: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    open_key: Mapped[str | None] = mapped_column(String(250))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(Date)
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    snooze_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(
        String(20)
    )  # "manual", "rule", "journey", "recurring_issue" or "survey"
    rule_id: Mapped[int | None] = mapped_column(Integer)  # the rule that made or last updated it
    contact_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CtaTask(Base):
    __tablename__ = "cta_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    cta_id: Mapped[int] = mapped_column(ForeignKey("ctas.id", ondelete="CASCADE"), index=True)
    key: Mapped[str | None] = mapped_column(String(64))  # the playbook task it came from
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(Date)
    depends_on: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()


class CtaComment(Base):
    __tablename__ = "cta_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    cta_id: Mapped[int] = mapped_column(ForeignKey("ctas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()


class Playbook(Base):
    __tablename__ = "playbooks"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    cta_type: Mapped[str | None] = mapped_column(String(40))
    tasks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # PlaybookTask dumps, in order
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class CtaType(Base):
    __tablename__ = "cta_types"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
