"""SAML 2.0 sign-in: one identity provider per workspace, requests under way, assertion ids used

Revision ID: b4d8f2a6c9e1
Revises: d5e9f3b7a1c2
Create Date: 2026-12-12 05:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b4d8f2a6c9e1"
down_revision: str | None = "d5e9f3b7a1c2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _workspace_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"],
        ["workspaces.id"],
        name=op.f(f"fk_{table}_workspace_id_workspaces"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "saml_providers",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("idp_entity_id", sa.String(length=500), nullable=False),
        sa.Column("idp_metadata", sa.Text(), nullable=False),
        sa.Column("allowed_domains", sa.JSON(), nullable=False),
        sa.Column("role_claim", sa.String(length=200), nullable=False),
        sa.Column("role_map", sa.JSON(), nullable=False),
        sa.Column("jit", sa.Boolean(), nullable=False),
        sa.Column("default_role", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _workspace_fk("saml_providers"),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_saml_providers")),
    )
    op.create_table(
        "saml_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=False),
        sa.Column("relay_digest", sa.String(length=64), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("next_path", sa.String(length=2000), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _workspace_fk("saml_requests"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saml_requests")),
        sa.UniqueConstraint("request_id", name=op.f("uq_saml_requests_request_id")),
        sa.UniqueConstraint("relay_digest", name=op.f("uq_saml_requests_relay_digest")),
    )
    op.create_index(op.f("ix_saml_requests_workspace_id"), "saml_requests", ["workspace_id"])
    op.create_index(op.f("ix_saml_requests_expires_at"), "saml_requests", ["expires_at"])
    op.create_table(
        "saml_assertions_used",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("assertion_id", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _workspace_fk("saml_assertions_used"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saml_assertions_used")),
        sa.UniqueConstraint(
            "workspace_id", "assertion_id", name=op.f("uq_saml_assertions_used_workspace_id_assertion_id")
        ),
    )
    op.create_index(op.f("ix_saml_assertions_used_workspace_id"), "saml_assertions_used", ["workspace_id"])
    op.create_index(op.f("ix_saml_assertions_used_expires_at"), "saml_assertions_used", ["expires_at"])


def downgrade() -> None:
    op.drop_table("saml_assertions_used")
    op.drop_table("saml_requests")
    op.drop_table("saml_providers")
