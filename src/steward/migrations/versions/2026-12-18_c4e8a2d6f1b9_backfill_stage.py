"""Workspace backfills: the stage being filled and whether the pages' current picture is in yet (the demo now
serves before its usage, health and calls to action are written)

Revision ID: c4e8a2d6f1b9
Revises: a9d3f6b2c8e1
Create Date: 2026-12-18 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4e8a2d6f1b9"
down_revision: str | None = "a9d3f6b2c8e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspace_backfills") as batch:
        batch.add_column(sa.Column("stage", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("current_ready", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("workspace_backfills") as batch:
        batch.drop_column("current_ready")
        batch.drop_column("stage")
