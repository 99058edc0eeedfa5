"""Tables of the reading domain: text vectors by digest, analysts' corrections, a workspace's own head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class TextVector(Base):
    """The embedding of one normalised text (float16 bytes), kept so it is computed once per workspace."""

    __tablename__ = "text_vectors"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the normalised text
    model: Mapped[str] = mapped_column(String(40))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = created_at_column()


class Correction(Base):
    """An analyst's reading of one text (a survey comment, a ticket, a note), which the workspace's head
    learns from. Correcting the same text again replaces the earlier correction."""

    __tablename__ = "feedback_corrections"
    __table_args__ = (UniqueConstraint("workspace_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(40))  # "response:12", "ticket:40", "note:7"
    text: Mapped[str] = mapped_column(Text)
    sentiment: Mapped[str | None] = mapped_column(String(10))
    themes: Mapped[list[str] | None] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class WorkspaceHead(Base):
    """A workspace's sentiment head, refitted from the built-in training set and its corrections."""

    __tablename__ = "sentiment_heads"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    head: Mapped[dict[str, Any]] = mapped_column(JSON)
    corrections: Mapped[int] = mapped_column(Integer)
    agreement: Mapped[float | None] = mapped_column(Float)  # cross-validated, on the corrections
    builtin_agreement: Mapped[float | None] = mapped_column(Float)  # the built-in head, same texts
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HeadRequest(Base):
    """A refit of the workspace's head, wanted since its sentiment corrections changed. The periodic job
    (reading.jobs) fits outside any transaction, then takes away the request it answered unless it was
    renewed meanwhile (requested_at changed)."""

    __tablename__ = "sentiment_head_requests"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
