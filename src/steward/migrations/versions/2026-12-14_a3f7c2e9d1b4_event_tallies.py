"""Running tallies of the raw event log (event_tallies, event_senders), counted once from the log here

Revision ID: a3f7c2e9d1b4
Revises: e7a1c5d9b3f2
Create Date: 2026-12-14 07:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a3f7c2e9d1b4"
down_revision: str | None = "e7a1c5d9b3f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_tallies",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_event_tallies_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "shard", name=op.f("pk_event_tallies")),
    )
    op.create_table(
        "event_senders",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_event_senders_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "kind", "key", name=op.f("pk_event_senders")),
    )
    # The one full count: from here on the writes keep the tallies.
    op.execute(
        "INSERT INTO event_tallies (workspace_id, shard, events) "
        "SELECT workspace_id, 0, count(*) FROM events GROUP BY workspace_id"
    )
    for kind, column in (("a", "account_id"), ("u", "user_id")):
        op.execute(
            'INSERT INTO event_senders (workspace_id, kind, "key") '
            f"SELECT DISTINCT workspace_id, '{kind}', CAST({column} AS VARCHAR(200)) "
            f"FROM events WHERE {column} IS NOT NULL"
        )


def downgrade() -> None:
    op.drop_table("event_senders")
    op.drop_table("event_tallies")
