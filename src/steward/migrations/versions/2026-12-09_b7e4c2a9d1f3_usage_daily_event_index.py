"""usage_daily: an index by event, so the first use of the key events is read from the key events' rows
alone instead of every rollup row of the workspace (the Usage page, account usage and health)

Revision ID: b7e4c2a9d1f3
Revises: 70f0dcb4718e
Create Date: 2026-12-09 01:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b7e4c2a9d1f3"
down_revision: str | None = "70f0dcb4718e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_usage_daily_ws_event_account_day",
        "usage_daily",
        ["workspace_id", "event", "account_id", "day"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_usage_daily_ws_event_account_day", table_name="usage_daily")
