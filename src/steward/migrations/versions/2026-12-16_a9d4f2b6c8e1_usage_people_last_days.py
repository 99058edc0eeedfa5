"""Each person's last active day at each account (usage_people_last_days), filled once here from the
daily active-user rollup

Revision ID: a9d4f2b6c8e1
Revises: f1a6c3e8b5d9
Create Date: 2026-12-16 08:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9d4f2b6c8e1"
down_revision: str | None = "f1a6c3e8b5d9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usage_people_last_days",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=210), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_usage_people_last_days_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id", "account_id", "user_key", name=op.f("pk_usage_people_last_days")
        ),
    )
    # From here on the rollup passes move each row on with the days they rebuild.
    op.execute(
        "INSERT INTO usage_people_last_days (workspace_id, account_id, user_key, day) "
        "SELECT workspace_id, account_id, user_key, MAX(day) FROM usage_active_users "
        "GROUP BY workspace_id, account_id, user_key"
    )


def downgrade() -> None:
    op.drop_table("usage_people_last_days")
