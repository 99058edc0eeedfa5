"""Survey comments stored before they are read: the queued job reads them (survey_comments_to_read)

Revision ID: e7a1c5d9b3f2
Revises: b4d8f2a6c9e1
Create Date: 2026-12-13 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7a1c5d9b3f2"
down_revision: str | None = "b4d8f2a6c9e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_comments_to_read",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("work_list", sa.Boolean(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_comments_to_read_response_id_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_survey_comments_to_read_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_survey_comments_to_read")),
    )
    op.create_index(
        op.f("ix_survey_comments_to_read_workspace_id"), "survey_comments_to_read", ["workspace_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_survey_comments_to_read_workspace_id"), table_name="survey_comments_to_read")
    op.drop_table("survey_comments_to_read")
