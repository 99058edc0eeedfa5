"""Live chat: chat_conversations.customer_left_at, when the customer's last widget connection closed while the
chat was open (a job closes a chat left that way past a grace period into a ticket)

Revision ID: e7b3d1f9a4c2
Revises: c4e8a2d6f1b9
Create Date: 2026-12-19 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7b3d1f9a4c2"
down_revision: str | None = "c4e8a2d6f1b9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chat_conversations") as batch:
        batch.add_column(sa.Column("customer_left_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chat_conversations") as batch:
        batch.drop_column("customer_left_at")
