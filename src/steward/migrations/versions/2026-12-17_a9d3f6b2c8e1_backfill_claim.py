"""Workspace backfills: the filler's claim (who fills, until when), so one process fills a workspace at a
time and a dead filler's claim expires

Revision ID: a9d3f6b2c8e1
Revises: f3b7c9d1e5a2
Create Date: 2026-12-17 11:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9d3f6b2c8e1"
down_revision: str | None = "f3b7c9d1e5a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspace_backfills") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace_backfills") as batch:
        batch.drop_column("claimed_until")
        batch.drop_column("claimed_by")
