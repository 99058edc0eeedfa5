"""SCIM provisioning: what SCIM knows of a user, groups and their members, and API keys owned by a user

Revision ID: c4d8e2a6f0b1
Revises: a9c3e5f1b7d2
Create Date: 2026-12-11 04:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4d8e2a6f0b1"
down_revision: str | None = "a9c3e5f1b7d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scim_users",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=320), nullable=False),
        sa.Column("user_name_key", sa.String(length=320), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_scim_users_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_scim_users_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_scim_users")),
    )
    op.create_index("ix_scim_users_ws_key", "scim_users", ["workspace_id", "user_name_key"], unique=True)
    op.create_table(
        "scim_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_scim_groups_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scim_groups")),
    )
    op.create_index(op.f("ix_scim_groups_workspace_id"), "scim_groups", ["workspace_id"], unique=False)
    op.create_table(
        "scim_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["scim_groups.id"],
            name=op.f("fk_scim_members_group_id_scim_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_scim_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_scim_members_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "user_id", name=op.f("pk_scim_members")),
    )
    op.create_index(op.f("ix_scim_members_workspace_id"), "scim_members", ["workspace_id"], unique=False)
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_api_keys_owner_id_users"), "users", ["owner_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(op.f("ix_api_keys_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_index(op.f("ix_api_keys_owner_id"))
        batch.drop_constraint(op.f("fk_api_keys_owner_id_users"), type_="foreignkey")
        batch.drop_column("owner_id")
    op.drop_index(op.f("ix_scim_members_workspace_id"), table_name="scim_members")
    op.drop_table("scim_members")
    op.drop_index(op.f("ix_scim_groups_workspace_id"), table_name="scim_groups")
    op.drop_table("scim_groups")
    op.drop_index("ix_scim_users_ws_key", table_name="scim_users")
    op.drop_table("scim_users")
