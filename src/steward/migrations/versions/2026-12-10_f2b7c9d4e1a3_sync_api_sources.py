"""data sync: Stripe and HubSpot sources (object read, API base, sealed API key) and the push to HubSpot

Revision ID: f2b7c9d4e1a3
Revises: d3f1a8c5e7b2
Create Date: 2026-12-10 04:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f2b7c9d4e1a3"
down_revision: str | None = "d3f1a8c5e7b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_sources") as batch:
        batch.add_column(sa.Column("api_object", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("api_base", sa.String(length=2000), nullable=True))
        batch.add_column(sa.Column("token_sealed", sa.Text(), nullable=True))
        batch.add_column(sa.Column("token_masked", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_sources") as batch:
        batch.drop_column("token_masked")
        batch.drop_column("token_sealed")
        batch.drop_column("api_base")
        batch.drop_column("api_object")
