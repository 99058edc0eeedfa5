"""Help center measures by channel: each counted article view (help_article_views, with its channel and the
contact and account when known) and the channel of the ticket form a deflection came from

Revision ID: c4a7e2f9d1b3
Revises: b7e3d5a1c9f2
Create Date: 2026-12-17 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4a7e2f9d1b3"
down_revision: str | None = "b7e3d5a1c9f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("help_deflections") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=20), server_default="web", nullable=False))
    op.create_table(
        "help_article_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["help_articles.id"],
            name=op.f("fk_help_article_views_article_id_help_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_article_views_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_article_views")),
    )
    op.create_index(
        op.f("ix_help_article_views_article_id"), "help_article_views", ["article_id"], unique=False
    )
    op.create_index("ix_help_article_views_ws_at", "help_article_views", ["workspace_id", "viewed_at"])
    op.create_index(
        "ix_help_article_views_ws_account_at",
        "help_article_views",
        ["workspace_id", "account_id", "viewed_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_help_article_views_ws_account_at", table_name="help_article_views")
    op.drop_index("ix_help_article_views_ws_at", table_name="help_article_views")
    op.drop_index(op.f("ix_help_article_views_article_id"), table_name="help_article_views")
    op.drop_table("help_article_views")
    with op.batch_alter_table("help_deflections") as batch:
        batch.drop_column("channel")
