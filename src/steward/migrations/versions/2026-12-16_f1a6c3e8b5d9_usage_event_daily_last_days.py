"""Usage rollups per event and day (usage_event_daily) and of each account's last day of each event
(usage_last_days), filled once here from the daily rollups

Revision ID: f1a6c3e8b5d9
Revises: e4b9d1c7a2f5
Create Date: 2026-12-16 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f1a6c3e8b5d9"
down_revision: str | None = "e4b9d1c7a2f5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usage_event_daily",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_usage_event_daily_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "day", "event", name=op.f("pk_usage_event_daily")),
    )
    op.create_table(
        "usage_last_days",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_usage_last_days_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "account_id", "event", name=op.f("pk_usage_last_days")),
    )
    # From here on the rollup passes keep both with the days they rebuild.
    op.execute(
        "INSERT INTO usage_event_daily (workspace_id, day, event, events) "
        "SELECT workspace_id, day, event, SUM(count) FROM usage_daily GROUP BY workspace_id, day, event"
    )
    op.execute(
        "INSERT INTO usage_last_days (workspace_id, account_id, event, day) "
        "SELECT workspace_id, account_id, event, MAX(day) FROM usage_daily "
        "GROUP BY workspace_id, account_id, event"
    )


def downgrade() -> None:
    op.drop_table("usage_last_days")
    op.drop_table("usage_event_daily")
