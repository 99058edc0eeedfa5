"""single sign-on: one OpenID Connect provider per workspace, sign-ins under way, and how a browser signed in

Revision ID: a9c3e5f1b7d2
Revises: f2b7c9d4e1a3
Create Date: 2026-12-10 04:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9c3e5f1b7d2"
down_revision: str | None = "f2b7c9d4e1a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oidc_providers",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=500), nullable=False),
        sa.Column("client_secret_sealed", sa.String(length=2000), nullable=False),
        sa.Column("client_secret_hint", sa.String(length=8), nullable=False),
        sa.Column("allowed_domains", sa.JSON(), nullable=False),
        sa.Column("role_claim", sa.String(length=100), nullable=False),
        sa.Column("role_map", sa.JSON(), nullable=False),
        sa.Column("jit", sa.Boolean(), nullable=False),
        sa.Column("default_role", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_oidc_providers_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_oidc_providers")),
    )
    op.create_table(
        "oidc_logins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_digest", sa.String(length=64), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=100), nullable=False),
        sa.Column("verifier_sealed", sa.String(length=500), nullable=False),
        sa.Column("next_path", sa.String(length=2000), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_oidc_logins_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oidc_logins")),
        sa.UniqueConstraint("state_digest", name=op.f("uq_oidc_logins_state_digest")),
    )
    op.create_index(op.f("ix_oidc_logins_workspace_id"), "oidc_logins", ["workspace_id"], unique=False)
    op.create_index(op.f("ix_oidc_logins_expires_at"), "oidc_logins", ["expires_at"], unique=False)
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(sa.Column("method", sa.String(length=20), nullable=False, server_default="password"))


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("method")
    op.drop_index(op.f("ix_oidc_logins_expires_at"), table_name="oidc_logins")
    op.drop_index(op.f("ix_oidc_logins_workspace_id"), table_name="oidc_logins")
    op.drop_table("oidc_logins")
    op.drop_table("oidc_providers")
