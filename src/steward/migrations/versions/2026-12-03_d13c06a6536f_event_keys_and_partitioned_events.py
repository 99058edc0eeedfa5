"""Event keys in a table of their own, and on PostgreSQL the events table partitioned by month.

Revision ID: d13c06a6536f
Revises: 53fcde8a7379
Create Date: 2026-12-03 16:10:44.160774

On PostgreSQL the events move to a table partitioned by range of `timestamp`, into its DEFAULT partition;
the daily events job then moves each month into a partition of its own (`partitions.py`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d13c06a6536f"
down_revision: str | None = "53fcde8a7379"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_keys",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=100), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_event_keys_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "message_id", name=op.f("pk_event_keys")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    day = "CAST(timezone('UTC', \"timestamp\") AS DATE)" if postgres else 'date("timestamp")'
    op.execute(
        "INSERT INTO event_keys (workspace_id, message_id, day) "
        f"SELECT workspace_id, message_id, {day} FROM events"
    )
    if postgres:
        _partition_events()
    else:
        with op.batch_alter_table("events", schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f("uq_events_workspace_id_message_id"), type_="unique")

    with op.batch_alter_table("usage_rollup_marks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pruned_before", sa.Date(), nullable=True))


def _partition_events() -> None:
    for statement in (
        "ALTER TABLE events RENAME TO events_unpartitioned",
        "DROP INDEX ix_events_ws_account_ts",
        "DROP INDEX ix_events_ws_id",
        "ALTER TABLE events_unpartitioned DROP CONSTRAINT uq_events_workspace_id_message_id",
        "ALTER TABLE events_unpartitioned RENAME CONSTRAINT pk_events TO pk_events_unpartitioned",
        "ALTER TABLE events_unpartitioned RENAME CONSTRAINT fk_events_workspace_id_workspaces "
        "TO fk_events_unpartitioned_workspace",
        'CREATE TABLE events (LIKE events_unpartitioned INCLUDING DEFAULTS, PRIMARY KEY (id, "timestamp")) '
        'PARTITION BY RANGE ("timestamp")',
        "ALTER TABLE events RENAME CONSTRAINT events_pkey TO pk_events",
        "ALTER TABLE events ADD CONSTRAINT fk_events_workspace_id_workspaces FOREIGN KEY (workspace_id) "
        "REFERENCES workspaces (id) ON DELETE CASCADE",
        "ALTER SEQUENCE events_id_seq OWNED BY events.id",
        "CREATE TABLE events_default PARTITION OF events DEFAULT",
        "INSERT INTO events SELECT * FROM events_unpartitioned",
        "DROP TABLE events_unpartitioned",
        'CREATE INDEX ix_events_ws_account_ts ON events (workspace_id, account_id, "timestamp")',
        "CREATE INDEX ix_events_ws_id ON events (workspace_id, id)",
    ):
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("usage_rollup_marks", schema=None) as batch_op:
        batch_op.drop_column("pruned_before")
    if op.get_bind().dialect.name == "postgresql":
        for statement in (
            "ALTER TABLE events RENAME TO events_partitioned",
            "DROP INDEX ix_events_ws_account_ts",
            "DROP INDEX ix_events_ws_id",
            "ALTER TABLE events_partitioned RENAME CONSTRAINT pk_events TO pk_events_partitioned",
            "ALTER TABLE events_partitioned DROP CONSTRAINT fk_events_workspace_id_workspaces",
            "CREATE TABLE events (LIKE events_partitioned INCLUDING DEFAULTS)",
            "ALTER TABLE events ADD CONSTRAINT pk_events PRIMARY KEY (id)",
            "ALTER TABLE events ADD CONSTRAINT fk_events_workspace_id_workspaces FOREIGN KEY (workspace_id) "
            "REFERENCES workspaces (id) ON DELETE CASCADE",
            "ALTER SEQUENCE events_id_seq OWNED BY events.id",
            "INSERT INTO events SELECT * FROM events_partitioned",
            "DROP TABLE events_partitioned",
            'CREATE INDEX ix_events_ws_account_ts ON events (workspace_id, account_id, "timestamp")',
            "CREATE INDEX ix_events_ws_id ON events (workspace_id, id)",
        ):
            op.execute(statement)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_events_workspace_id_message_id"), ["workspace_id", "message_id"]
        )
    op.drop_table("event_keys")
