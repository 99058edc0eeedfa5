"""Saved views: each user's named query strings for a list page (saved_views)

Revision ID: c5e2a8f4b7d3
Revises: a3f7c2e9d1b4
Create Date: 2026-12-15 07:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c5e2a8f4b7d3"
down_revision: str | None = "a3f7c2e9d1b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("list_name", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("query", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_saved_views_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_saved_views_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_views")),
        sa.UniqueConstraint(
            "workspace_id", "user_id", "list_name", "name", name="uq_saved_views_owner_list_name"
        ),
    )
    op.create_index("ix_saved_views_ws_user_list", "saved_views", ["workspace_id", "user_id", "list_name"])


def downgrade() -> None:
    op.drop_index("ix_saved_views_ws_user_list", table_name="saved_views")
    op.drop_table("saved_views")
