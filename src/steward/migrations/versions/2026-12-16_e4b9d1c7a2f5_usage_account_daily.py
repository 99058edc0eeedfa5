"""Usage rollup per account and day (usage_account_daily), filled once here from the daily rollups

Revision ID: e4b9d1c7a2f5
Revises: c8e2a4f6b0d7
Create Date: 2026-12-16 07:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4b9d1c7a2f5"
down_revision: str | None = "c8e2a4f6b0d7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usage_account_daily",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_usage_account_daily_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "day", "account_id", name=op.f("pk_usage_account_daily")),
    )
    # From here on the rollup passes keep it with the days they rebuild.
    op.execute(
        "INSERT INTO usage_account_daily (workspace_id, day, account_id, events) "
        "SELECT workspace_id, day, account_id, SUM(count) FROM usage_daily "
        "GROUP BY workspace_id, day, account_id"
    )


def downgrade() -> None:
    op.drop_table("usage_account_daily")
