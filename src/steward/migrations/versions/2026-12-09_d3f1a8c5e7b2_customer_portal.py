"""customer portal: sign-in links and sessions (digests only), contacts' portal access, deflections

Revision ID: d3f1a8c5e7b2
Revises: eb551261a9bc
Create Date: 2026-12-09 04:10:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "d3f1a8c5e7b2"
down_revision: str | None = "eb551261a9bc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _token_table(name: str, extra: list[sa.Column[Any]]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        *extra,
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f(f"fk_{name}_contact_id_contacts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f(f"fk_{name}_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("digest", name=op.f(f"uq_{name}_digest")),
    )
    op.create_index(f"ix_{name}_contact", name, ["workspace_id", "contact_id"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("portal_access", sa.String(length=10), nullable=True))
    _token_table("portal_links", [sa.Column("used_at", sa.DateTime(timezone=True), nullable=True)])
    _token_table("portal_sessions", [sa.Column("csrf_token", sa.String(length=64), nullable=False)])
    op.create_table(
        "help_deflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=64), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["help_articles.id"],
            name=op.f("fk_help_deflections_article_id_help_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_deflections_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_deflections")),
        sa.UniqueConstraint("form", "article_id", name="uq_help_deflections_form_article"),
    )
    op.create_index(
        "ix_help_deflections_ws_article", "help_deflections", ["workspace_id", "article_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_help_deflections_ws_article", table_name="help_deflections")
    op.drop_table("help_deflections")
    for name in ("portal_sessions", "portal_links"):
        op.drop_index(f"ix_{name}_contact", table_name=name)
        op.drop_table(name)
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("portal_access")
