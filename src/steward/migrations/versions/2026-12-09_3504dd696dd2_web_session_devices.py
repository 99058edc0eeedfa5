"""browser sessions keep their device (user agent) and last use, so users and admins can list and revoke them

Revision ID: 3504dd696dd2
Revises: 7a9e61367023
Create Date: 2026-12-09 01:35:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3504dd696dd2"
down_revision: str | None = "7a9e61367023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

web_sessions = sa.table("web_sessions", sa.column("user_agent", sa.String(300)))


def upgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(sa.Column("user_agent", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
    op.get_bind().execute(web_sessions.update().values(user_agent=""))
    with op.batch_alter_table("web_sessions") as batch:
        batch.alter_column("user_agent", existing_type=sa.String(length=300), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("last_used_at")
        batch.drop_column("user_agent")
