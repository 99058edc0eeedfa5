"""Live chat reads: the channel by key, conversations, transcripts and the agents' queue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.domains.chat.models import ChatChannel, ChatConversation, ChatMessage


def channel(session: Session, workspace_id: int) -> ChatChannel | None:
    return session.scalars(select(ChatChannel).where(ChatChannel.workspace_id == workspace_id)).first()


def channel_by_key(session: Session, public_key: str) -> ChatChannel | None:
    return session.scalars(select(ChatChannel).where(ChatChannel.public_key == public_key)).first()


def conversation(session: Session, workspace_id: int, conversation_id: int) -> ChatConversation | None:
    return session.scalars(
        select(ChatConversation).where(
            ChatConversation.workspace_id == workspace_id, ChatConversation.id == conversation_id
        )
    ).first()


def latest_for_contact(session: Session, workspace_id: int, contact_id: int) -> ChatConversation | None:
    return session.scalars(
        select(ChatConversation)
        .where(ChatConversation.workspace_id == workspace_id, ChatConversation.contact_id == contact_id)
        .order_by(ChatConversation.id.desc())
        .limit(1)
    ).first()


def messages(session: Session, workspace_id: int, conversation_id: int) -> Sequence[ChatMessage]:
    return session.scalars(
        select(ChatMessage)
        .where(ChatMessage.workspace_id == workspace_id, ChatMessage.conversation_id == conversation_id)
        .order_by(ChatMessage.id)
    ).all()


def open_conversations(session: Session, workspace_id: int, limit: int) -> Sequence[ChatConversation]:
    return session.scalars(
        select(ChatConversation)
        .where(ChatConversation.workspace_id == workspace_id, ChatConversation.status == "open")
        .order_by(ChatConversation.id)
        .limit(limit)
    ).all()


def left_before(session: Session, before: datetime, limit: int) -> list[tuple[int, int]]:
    """(workspace id, conversation id) of open chats, in any workspace, whose customer left before
    `before`."""
    C = ChatConversation
    query = (
        select(C.workspace_id, C.id)
        .where(C.status == "open", C.customer_left_at.is_not(None), C.customer_left_at <= before)
        .order_by(C.id)
        .limit(limit)
    )
    return [(int(w), int(i)) for w, i in session.execute(query)]


def last_messages(session: Session, workspace_id: int, ids: Sequence[int]) -> dict[int, ChatMessage]:
    if not ids:
        return {}
    newest = (
        select(func.max(ChatMessage.id))
        .where(ChatMessage.workspace_id == workspace_id, ChatMessage.conversation_id.in_(ids))
        .group_by(ChatMessage.conversation_id)
    )
    rows = session.scalars(select(ChatMessage).where(ChatMessage.id.in_(newest))).all()
    return {m.conversation_id: m for m in rows}


def unread_counts(session: Session, workspace_id: int, reads: dict[int, int]) -> dict[int, int]:
    """Customer messages after each conversation's agent read mark."""
    if not reads:
        return {}
    rows = session.execute(
        select(ChatMessage.conversation_id, ChatMessage.id).where(
            ChatMessage.workspace_id == workspace_id,
            ChatMessage.conversation_id.in_(list(reads)),
            ChatMessage.author == "customer",
        )
    ).all()
    counts: dict[int, int] = dict.fromkeys(reads, 0)
    for conv_id, msg_id in rows:
        if msg_id > reads[conv_id]:
            counts[conv_id] += 1
    return counts
