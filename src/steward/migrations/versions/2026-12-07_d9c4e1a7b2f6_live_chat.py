"""Live chat: chat_channels (widget key, secret, office hours), chat_conversations and chat_messages

Revision ID: d9c4e1a7b2f6
Revises: c4a7e2f9d1b3
Create Date: 2026-12-07 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d9c4e1a7b2f6"
down_revision: str | None = "c4a7e2f9d1b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "chat_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(length=40), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("office_hours", sa.JSON(), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("chat_channels", "workspace_id", "workspaces", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_channels")),
        sa.UniqueConstraint("workspace_id", name=op.f("uq_chat_channels_workspace_id")),
        sa.UniqueConstraint("public_key", name=op.f("uq_chat_channels_public_key")),
    )
    op.create_table(
        "chat_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("customer_read_id", sa.Integer(), nullable=False),
        sa.Column("agent_read_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        _fk("chat_conversations", "workspace_id", "workspaces", "CASCADE"),
        _fk("chat_conversations", "account_id", "accounts", "SET NULL"),
        _fk("chat_conversations", "contact_id", "contacts", "SET NULL"),
        _fk("chat_conversations", "assignee_id", "users", "SET NULL"),
        _fk("chat_conversations", "team_id", "teams", "SET NULL"),
        _fk("chat_conversations", "ticket_id", "tickets", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_conversations")),
    )
    op.create_index(
        "ix_chat_conversations_ws_status", "chat_conversations", ["workspace_id", "status"], unique=False
    )
    op.create_index(
        "ix_chat_conversations_ws_contact",
        "chat_conversations",
        ["workspace_id", "contact_id", "status"],
        unique=False,
    )
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("chat_messages", "workspace_id", "workspaces", "CASCADE"),
        _fk("chat_messages", "conversation_id", "chat_conversations", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_messages")),
    )
    op.create_index("ix_chat_messages_conversation", "chat_messages", ["conversation_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_chat_messages_conversation", table_name="chat_messages")
    op.drop_table("chat_messages")
    op.drop_index("ix_chat_conversations_ws_contact", table_name="chat_conversations")
    op.drop_index("ix_chat_conversations_ws_status", table_name="chat_conversations")
    op.drop_table("chat_conversations")
    op.drop_table("chat_channels")
