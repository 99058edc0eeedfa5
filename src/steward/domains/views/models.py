"""Table: each user's saved views of a list page, named, per workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, created_at_column


class SavedView(Base):
    """A list page's query string under a name; saving the same name again replaces its query."""

    __tablename__ = "saved_views"
    __table_args__ = (
        UniqueConstraint(
            "workspace_id", "user_id", "list_name", "name", name="uq_saved_views_owner_list_name"
        ),
        Index("ix_saved_views_ws_user_list", "workspace_id", "user_id", "list_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    list_name: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = created_at_column()
