"""Tables: sync sources (where rows come from and how they map), their runs, and the last digest of each
record a source wrote (to count unchanged rows and skip their writes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class SyncSource(Base):
    __tablename__ = "sync_sources"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))  # sql | file | stripe | hubspot
    api_object: Mapped[str | None] = mapped_column(String(30))  # stripe/hubspot: what is read (or pushed)
    api_base: Mapped[str | None] = mapped_column(String(2000))  # stripe/hubspot: None = the vendor's own
    token_sealed: Mapped[str | None] = mapped_column(Text)  # the API key, encrypted (core.secretbox)
    token_masked: Mapped[str | None] = mapped_column(String(100))  # its last four characters
    url_masked: Mapped[str | None] = mapped_column(String(2000))  # shown back; the password is ***
    url_sealed: Mapped[str | None] = mapped_column(Text)  # the whole URL, encrypted (core.secretbox)
    table_name: Mapped[str | None] = mapped_column(String(300))
    query: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(String(2000))
    file_format: Mapped[str | None] = mapped_column(String(10))  # csv | parquet
    target: Mapped[str] = mapped_column(String(20))
    mapping: Mapped[dict[str, str]] = mapped_column(JSON)  # source column -> field
    owners: Mapped[dict[str, str]] = mapped_column(JSON)  # field -> "source" | "steward"
    cursor_column: Mapped[str | None] = mapped_column(String(200))
    cursor_value: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # {"type": ..., "value": ...}
    batch_size: Mapped[int] = mapped_column(Integer)
    every_minutes: Mapped[int | None] = mapped_column(Integer)
    # Told by e-mail when the source starts failing; None: the workspace's admins are.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class SyncRun(Base):
    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sync_sources.id", ondelete="CASCADE"), index=True)
    trigger: Mapped[str] = mapped_column(String(20))  # cli | api | schedule
    status: Mapped[str] = mapped_column(String(20))  # running | succeeded | failed | interrupted
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    batches: Mapped[int] = mapped_column(Integer, default=0)
    cursor_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    cursor_after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # the first refusals, each with its row


class SyncRecord(Base):
    __tablename__ = "sync_records"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("sync_sources.id", ondelete="CASCADE"), primary_key=True
    )
    external_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # No index of its own: lookups go by the primary key (an index here lured PostgreSQL into scanning the
    # whole workspace for each batch's lookup).
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(32))
