"""Chats that happened before Steward saw them (the demo's year of chats, an import): the conversation and its
transcript stored at their own times, then made a ticket exactly as a live chat's end makes it (first response
measured from the customer's first message), solved when the chat ended."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from steward.core.errors import Invalid
from steward.domains.chat import service
from steward.domains.chat.models import ChatConversation, ChatMessage
from steward.domains.tickets import service as tickets_service
from steward.domains.tickets.schemas import MessageCreate


@dataclass(frozen=True)
class PastLine:
    author: str  # customer | agent
    body: str
    at: datetime


def record_ended_chat(
    *,
    session: Session,
    workspace_id: int,
    account_id: int | None,
    contact_id: int,
    agent_id: int,
    lines: Sequence[PastLine],
    ended_at: datetime,
) -> int:
    """The ended chat and its solved ticket; returns the ticket id."""
    if not lines or lines[0].author != "customer" or ended_at < lines[-1].at:
        raise Invalid("a past chat starts with the customer and ends after its last line", ("body", "lines"))
    conv = ChatConversation(
        workspace_id=workspace_id,
        account_id=account_id,
        contact_id=contact_id,
        status="ended",
        assignee_id=agent_id,
        customer_read_id=0,
        agent_read_id=0,
        started_at=lines[0].at,
        ended_at=ended_at,
    )
    session.add(conv)
    session.flush()
    rows = [
        ChatMessage(
            workspace_id=workspace_id,
            conversation_id=conv.id,
            author=line.author,
            author_id=agent_id if line.author == "agent" else None,
            body=line.body,
            attachments=[],
            created_at=line.at,
        )
        for line in lines
    ]
    session.add_all(rows)
    session.flush()
    conv.customer_read_id = conv.agent_read_id = rows[-1].id  # both sides read to the end
    ticket_id = service._to_ticket(session, conv, solved=False, actor_id=agent_id)  # the live chat's ticket
    assert ticket_id is not None  # the first line is the customer's
    conv.ticket_id = ticket_id
    kinds = tickets_service.behaviours(session=session, workspace_id=workspace_id)
    done = next(k for k, b in kinds.items() if b == "fulfilled")
    tickets_service.add_message(  # solved when the chat ended, not now (the live path's update_ticket)
        session=session,
        workspace_id=workspace_id,
        ticket_id=ticket_id,
        data=MessageCreate(body="Chat ended", public=False, status=done, at=ended_at),
        actor_id=agent_id,
    )
    return ticket_id
