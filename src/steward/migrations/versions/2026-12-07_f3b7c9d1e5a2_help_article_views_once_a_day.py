"""Help article views: the visitor (a keyed digest of the address) and day of a public view, unique per
article, so a loop of requests counts one view a day

Revision ID: f3b7c9d1e5a2
Revises: e8a1f4c2b7d3
Create Date: 2026-12-07 11:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f3b7c9d1e5a2"
down_revision: str | None = "e8a1f4c2b7d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("help_article_views") as batch:
        batch.add_column(sa.Column("visitor", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("day", sa.Date(), nullable=True))
    op.create_index(
        "uq_help_article_views_article_visitor_day",
        "help_article_views",
        ["article_id", "visitor", "day"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_help_article_views_article_visitor_day", table_name="help_article_views")
    with op.batch_alter_table("help_article_views") as batch:
        batch.drop_column("day")
        batch.drop_column("visitor")
