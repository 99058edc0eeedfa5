"""The demo's year of live chats: a few dozen ended chats on the "chat" channel, each a ticket with its
transcript, solved when the chat ended (not when the demo was built), a first response measured from the
customer's first message, some rated; and the chat domain refuses a past chat that does not start with the
customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.core.errors import Invalid
from steward.domains.chat.history import PastLine, record_ended_chat
from steward.domains.chat.models import ChatConversation, ChatMessage
from steward.domains.tickets.models import CsatSurvey, SlaClock, Ticket
from tests.factories import ApiClient


def test_demo_chats_became_tickets_with_transcripts_first_responses_and_ratings(demo: ApiClient) -> None:
    with unit_of_work() as s:
        chats = list(s.scalars(select(ChatConversation).order_by(ChatConversation.started_at)))
        assert 24 <= len(chats) <= 60 and all(c.status == "ended" and c.ticket_id for c in chats)
        ws = chats[0].workspace_id
        assert chats[-1].started_at - chats[0].started_at > timedelta(days=200)  # over the year
        made = [c.ticket_id for c in chats]
        tickets = {t.id: t for t in s.scalars(select(Ticket).where(Ticket.id.in_(made)))}
        assert len(tickets) == len(chats) and {t.channel for t in tickets.values()} == {"chat"}
        for chat in chats:
            ticket = tickets[chat.ticket_id or 0]
            lines = s.scalar(select(func.count()).where(ChatMessage.conversation_id == chat.id))
            assert lines == 4 and ticket.workspace_id == ws and ticket.account_id == chat.account_id
            assert ticket.created_at == chat.started_at  # opened at the customer's first message
            assert ticket.solved_at == chat.ended_at and ticket.solved_at < now_utc() - timedelta(hours=1)
        first_responses = list(
            s.scalars(
                select(SlaClock).where(SlaClock.ticket_id.in_(tickets), SlaClock.metric == "first_response")
            )
        )
        assert first_responses and all(c.fulfilled_at is not None for c in first_responses)
        for clock in first_responses:
            assert clock.activated_at == tickets[clock.ticket_id].created_at
            assert clock.fulfilled_at - clock.activated_at < timedelta(minutes=8)  # type: ignore[operator]
        rated = list(s.scalars(select(CsatSurvey).where(CsatSurvey.ticket_id.in_(tickets))))
        answered = [r for r in rated if r.rating is not None]
        assert 0.3 * len(chats) < len(answered) < len(chats) and all(1 <= r.rating <= 5 for r in answered)  # type: ignore[operator]
    by_channel = demo.get("/tickets", params={"channel": "chat", "limit": 500})
    assert by_channel.status_code == 200


def test_a_past_chat_starts_with_the_customer(demo: ApiClient) -> None:
    at = datetime(2026, 1, 5, 10, tzinfo=UTC)
    with unit_of_work() as s, pytest.raises(Invalid):
        chat = s.scalars(select(ChatConversation)).first()
        assert chat is not None and chat.contact_id is not None
        record_ended_chat(
            session=s, workspace_id=chat.workspace_id, account_id=chat.account_id, contact_id=chat.contact_id,
            agent_id=chat.assignee_id or 0, lines=[PastLine("agent", "Hello", at)], ended_at=at,
        )  # fmt: skip
