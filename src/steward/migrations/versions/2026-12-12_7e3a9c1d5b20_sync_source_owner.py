"""data sync: each source's owner (told by e-mail when the source starts failing)

Revision ID: 7e3a9c1d5b20
Revises: c4d8e2a6f0b1
Create Date: 2026-12-12 04:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7e3a9c1d5b20"
down_revision: str | None = "c4d8e2a6f0b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_sources") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_sync_sources_owner_id_users"), "users", ["owner_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(op.f("ix_sync_sources_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_sources") as batch:
        batch.drop_index(op.f("ix_sync_sources_owner_id"))
        batch.drop_constraint(op.f("fk_sync_sources_owner_id_users"), type_="foreignkey")
        batch.drop_column("owner_id")
