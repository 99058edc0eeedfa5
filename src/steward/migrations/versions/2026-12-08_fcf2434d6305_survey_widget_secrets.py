"""each survey's widget secret is random and stored (it was derived from the app secret and the public key);
existing surveys get a new one, so user hashes made before must be made again

Revision ID: fcf2434d6305
Revises: 9e4b2d7a1c3f
Create Date: 2026-12-08 14:00:00.000000
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fcf2434d6305"
down_revision: str | None = "9e4b2d7a1c3f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

surveys = sa.table("surveys", sa.column("id", sa.Integer()), sa.column("widget_secret", sa.String(64)))


def upgrade() -> None:
    with op.batch_alter_table("surveys") as batch:
        batch.add_column(sa.Column("widget_secret", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    for survey_id in bind.execute(sa.select(surveys.c.id)).scalars().all():
        secret = "wsec_" + secrets.token_urlsafe(32)  # as service.new_widget_secret
        bind.execute(surveys.update().where(surveys.c.id == survey_id).values(widget_secret=secret))
    # SQLite rebuilds the table for NOT NULL; steward's upgrade turns foreign keys off meanwhile.
    with op.batch_alter_table("surveys") as batch:
        batch.alter_column("widget_secret", existing_type=sa.String(length=64), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("surveys") as batch:
        batch.drop_column("widget_secret")
