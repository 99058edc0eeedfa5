"""SCIM settings: a workspace's own group-to-role names

Revision ID: d5e9f3b7a1c2
Revises: 7e3a9c1d5b20
Create Date: 2026-12-11 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d5e9f3b7a1c2"
down_revision: str | None = "7e3a9c1d5b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scim_settings",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("role_groups", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_scim_settings_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_scim_settings")),
    )


def downgrade() -> None:
    op.drop_table("scim_settings")
