"""API keys get scopes (read, write or per area) and an optional expiry; existing keys keep every scope

Revision ID: 7a9e61367023
Revises: b7e4c2a9d1f3
Create Date: 2026-12-09 01:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a9e61367023"
down_revision: str | None = "b7e4c2a9d1f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

api_keys = sa.table("api_keys", sa.column("scopes", sa.JSON()))


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("scopes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.get_bind().execute(api_keys.update().values(scopes=["read", "write"]))
    with op.batch_alter_table("api_keys") as batch:
        batch.alter_column("scopes", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("scopes")
