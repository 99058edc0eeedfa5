"""unsubscribe links name the invitation; contacts sent one before keep their old link; SQLite never reuses
a contact id (AUTOINCREMENT)

Revision ID: 3ca747bbd7dc
Revises: 7c3d9e1f2a4b
Create Date: 2026-12-08 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3ca747bbd7dc"
down_revision: str | None = "7c3d9e1f2a4b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_legacy_unsubscribe_links",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_survey_legacy_unsubscribe_links_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_survey_legacy_unsubscribe_links_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id", "contact_id", name=op.f("pk_survey_legacy_unsubscribe_links")
        ),
    )
    # Every e-mailed invitation carried an unsubscribe link naming (workspace, contact id).
    op.execute(
        "INSERT INTO survey_legacy_unsubscribe_links (workspace_id, contact_id) "
        "SELECT DISTINCT workspace_id, contact_id FROM survey_invites WHERE sent_at IS NOT NULL"
    )
    if op.get_bind().dialect.name == "sqlite":  # a rebuilt table; steward's upgrade turns foreign keys off
        with op.batch_alter_table("contacts", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("contacts", recreate="always"):
            pass
    op.drop_table("survey_legacy_unsubscribe_links")
