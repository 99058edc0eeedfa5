"""Usage rollups per workspace and day (usage_workspace_daily) and each account's first day of each event
(usage_first_days), filled once here from the daily rollups

Revision ID: c8e2a4f6b0d7
Revises: c5e2a8f4b7d3
Create Date: 2026-12-16 07:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c8e2a4f6b0d7"
down_revision: str | None = "c5e2a8f4b7d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usage_workspace_daily",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("active_users", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_usage_workspace_daily_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "day", name=op.f("pk_usage_workspace_daily")),
    )
    op.create_table(
        "usage_first_days",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_usage_first_days_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "account_id", "event", name=op.f("pk_usage_first_days")),
    )
    # From here on the rollup passes keep both tables with the days they rebuild.
    op.execute(
        "INSERT INTO usage_workspace_daily (workspace_id, day, events, active_users) "
        "SELECT e.workspace_id, e.day, e.n, COALESCE(u.n, 0) FROM "
        "(SELECT workspace_id, day, SUM(count) AS n FROM usage_daily GROUP BY workspace_id, day) AS e "
        "LEFT JOIN (SELECT workspace_id, day, COUNT(DISTINCT user_key) AS n FROM usage_active_users "
        "GROUP BY workspace_id, day) AS u ON u.workspace_id = e.workspace_id AND u.day = e.day"
    )
    op.execute(
        "INSERT INTO usage_first_days (workspace_id, account_id, event, day) "
        "SELECT workspace_id, account_id, event, MIN(day) FROM usage_daily "
        "GROUP BY workspace_id, account_id, event"
    )


def downgrade() -> None:
    op.drop_table("usage_first_days")
    op.drop_table("usage_workspace_daily")
