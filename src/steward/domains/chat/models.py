"""Tables of live chat: each workspace's widget key and office hours, conversations and their messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime, created_at_column


class ChatChannel(Base):
    """One per workspace: the widget's public key, the secret user hashes are made with, office hours."""

    __tablename__ = "chat_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), unique=True)
    public_key: Mapped[str] = mapped_column(String(40), unique=True)
    secret: Mapped[str] = mapped_column(String(100))
    # {"mon": ["09:00", "17:00"], ...} in time_zone; None: always open
    office_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = created_at_column()


class ChatConversation(Base):
    __tablename__ = "chat_conversations"
    __table_args__ = (
        Index("ix_chat_conversations_ws_status", "workspace_id", "status"),
        Index("ix_chat_conversations_ws_contact", "workspace_id", "contact_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    # open | ended | offline (taken as a ticket) | abandoned (the customer left and did not come back)
    status: Mapped[str] = mapped_column(String(10))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    customer_read_id: Mapped[int] = mapped_column(Integer, default=0)  # last message the customer saw
    agent_read_id: Mapped[int] = mapped_column(Integer, default=0)  # last message an agent saw
    started_at: Mapped[datetime] = created_at_column()
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # when the customer's last widget connection closed while the chat was open; cleared when they return
    customer_left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ChatMessage(Base):
    __tablename__ = "chat_messages"
    __table_args__ = (Index("ix_chat_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("chat_conversations.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(10))  # customer | agent | system
    author_id: Mapped[int | None] = mapped_column(Integer)  # the agent's user id
    body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = created_at_column()
