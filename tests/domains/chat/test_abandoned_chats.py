"""A chat the customer leaves (their last widget connection closes) and does not come back to within the grace
period is closed by the `chat-abandoned` job into an unsolved chat ticket opened at their first message:
waiting on the customer when an agent answered last (first response met), on the agents when nobody
answered (first response still running). Coming back in time, or an agent ending the chat first, leaves
nothing to close."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.chat import jobs as chat_jobs
from steward.domains.chat import queries as chat_queries
from steward.domains.chat import service as chat_service
from steward.domains.chat.schemas import AgentMessage, CustomerMessage
from steward.domains.users import service as users_service
from tests.factories import ApiClient, Tenant
from tests.web.chat_helpers import ChatWorld, agent_socket, chat_world, session_cookie, until

GRACE = chat_service.ABANDON_GRACE


@pytest.fixture
def api(app_client: TestClient, tenant: Tenant) -> ApiClient:
    policy = {"name": "Chat", "targets": {"normal": {"first_response": 30}}}
    client = ApiClient(app_client, tenant.keys["admin"])
    assert client.post("/sla/policies", json=policy).status_code == 201
    return client


def _visitor(world: ChatWorld) -> chat_service.Visitor:
    return chat_service.Visitor(world.tenant.id, world.contact_id, world.account_id, "Dana Customer")


def _say(world: ChatWorld, body: str) -> int:
    with unit_of_work() as s:
        posted = chat_service.post_customer_message(
            session=s,
            visitor=_visitor(world),
            data=CustomerMessage(type="message", body=body),
            agents_online=True,
        )
        return posted.conversation.id


def _answer(world: ChatWorld, conversation_id: int, body: str) -> None:
    with unit_of_work() as s:
        agent = users_service.find_by_email(session=s, email=world.tenant.user_emails["agent"])
        assert agent is not None
        chat_service.post_agent_message(
            session=s,
            workspace_id=world.tenant.id,
            agent_id=agent.id,
            data=AgentMessage(type="message", conversation_id=conversation_id, body=body),
        )


def _leave(world: ChatWorld) -> datetime:
    with unit_of_work() as s:
        assert chat_service.customer_left(session=s, visitor=_visitor(world)) is not None
        conv = chat_queries.latest_for_contact(s, world.tenant.id, world.contact_id)
        assert conv is not None and conv.customer_left_at is not None
        return conv.customer_left_at


def _status(world: ChatWorld) -> tuple[str, int | None]:
    with unit_of_work() as s:
        conv = chat_queries.latest_for_contact(s, world.tenant.id, world.contact_id)
        assert conv is not None
        return conv.status, conv.ticket_id


def _left_at(world: ChatWorld) -> datetime | None:
    with unit_of_work() as s:
        conv = chat_queries.latest_for_contact(s, world.tenant.id, world.contact_id)
        assert conv is not None
        return conv.customer_left_at


def _eventually(read: Callable[[], datetime | None], seconds: float = 10.0) -> datetime:
    """The value once set: the server notes a closed socket on its own time, after the client's close."""
    deadline = time.monotonic() + seconds
    while (value := read()) is None:
        assert time.monotonic() < deadline, "never set"
        time.sleep(0.05)
    return value


def _first_response(ticket: dict) -> dict:  # type: ignore[type-arg]
    return next(c for c in ticket["clocks"] if c["metric"] == "first_response")


def test_a_chat_left_after_the_agents_answer_becomes_a_ticket_waiting_on_the_customer(
    tenant: Tenant, api: ApiClient
) -> None:
    world = chat_world(tenant)
    conv = _say(world, "Our export is stuck")
    _answer(world, conv, "Which report are you exporting?")
    left = _leave(world)

    assert chat_jobs.close_abandoned(now=left + GRACE - timedelta(seconds=1)) == 0  # still within grace
    assert _status(world) == ("open", None)
    assert chat_jobs.close_abandoned(now=left + GRACE + timedelta(minutes=1)) == 1
    status, ticket_id = _status(world)
    assert status == "abandoned" and ticket_id is not None
    assert chat_jobs.close_abandoned(now=left + GRACE + timedelta(minutes=2)) == 0  # once

    ticket = api.get(f"/tickets/{ticket_id}").json()
    assert ticket["channel"] == "chat" and ticket["account_id"] == world.account_id
    assert ticket["contact_id"] == world.contact_id and ticket["solved_at"] is None
    assert ticket["status"] == "pending"  # the agent asked; the customer owes the next answer
    assert [(m["author"], m["body"], m["public"]) for m in ticket["messages"]] == [
        ("customer", "Our export is stuck", True),
        ("agent", "Which report are you exporting?", True),
        ("agent", "The customer left the chat", False),
    ]
    with unit_of_work() as s:
        said = chat_queries.messages(s, tenant.id, conv)
        first, reply = said[0].created_at, said[1].created_at
    clock = _first_response(ticket)
    assert datetime.fromisoformat(ticket["created_at"]) == first
    assert datetime.fromisoformat(clock["activated_at"]) == first
    assert datetime.fromisoformat(clock["fulfilled_at"]) == reply and clock["state"] == "met"
    assert api.get("/chat/conversations").json() == []  # off the agents' queue
    timeline = api.get("/timeline", params={"account_id": world.account_id}).json()["items"]
    assert [a["subject"] for a in timeline] == [ticket["subject"]]

    # the customer's next message starts a new chat, not the closed one
    assert _say(world, "Hello again") != conv


def test_a_chat_left_unanswered_becomes_a_ticket_whose_first_response_is_still_owed(
    tenant: Tenant, api: ApiClient
) -> None:
    world = chat_world(tenant)
    _say(world, "Is anyone there?")
    left = _leave(world)
    assert chat_jobs.close_abandoned(now=left + GRACE + timedelta(seconds=1)) == 1
    _, ticket_id = _status(world)
    ticket = api.get(f"/tickets/{ticket_id}").json()
    assert ticket["solved_at"] is None and ticket["status"] != "pending"
    clock = _first_response(ticket)
    assert clock["fulfilled_at"] is None and clock["state"] == "running"


def test_coming_back_or_an_agent_ending_the_chat_leaves_nothing_to_close(
    tenant: Tenant, api: ApiClient
) -> None:
    world = chat_world(tenant)
    _say(world, "Back in a second")
    left = _leave(world)
    with unit_of_work() as s:
        chat_service.customer_back(session=s, visitor=_visitor(world))
    assert chat_jobs.close_abandoned(now=left + GRACE * 3) == 0
    assert _status(world) == ("open", None)

    other = chat_world(tenant, user="u-2")
    conv = _say(other, "Quick question")
    _answer(other, conv, "Sure")
    left = _leave(other)
    with unit_of_work() as s:
        ended = chat_service.end(session=s, workspace_id=tenant.id, conversation_id=conv, agent_id=None)
    with unit_of_work() as s:  # the job had listed it before the agent ended it: nothing is done twice
        assert chat_service.abandon(session=s, workspace_id=tenant.id, conversation_id=conv,
                                    now=left + GRACE * 2) is None  # fmt: skip
    assert chat_jobs.close_abandoned(now=left + GRACE * 2) == 0
    assert _status(other) == ("ended", ended.ticket_id)

    # leaving without having said anything, or with no chat open, notes nothing
    quiet = chat_world(tenant, user="u-3")
    with unit_of_work() as s:
        assert chat_service.customer_left(session=s, visitor=_visitor(quiet)) is None


def test_the_widget_socket_marks_the_chat_left_when_the_last_connection_closes(
    app_client: TestClient, tenant: Tenant, api: ApiClient
) -> None:
    world = chat_world(tenant)
    with (
        agent_socket(app_client, session_cookie(tenant)) as agent,
        app_client.websocket_connect(world.customer_url()) as first,
    ):
        assert agent.receive_json()["type"] == "hello" and first.receive_json()["online"] is True
        first.send_json({"type": "message", "body": "Two tabs open"})
        assert until(first, "message")["conversation"]["status"] == "open"
        with app_client.websocket_connect(world.customer_url()) as second:
            assert second.receive_json()["type"] == "hello"
        with unit_of_work() as s:  # one tab closed, the other still there: not left
            conv = chat_queries.latest_for_contact(s, tenant.id, world.contact_id)
            assert conv is not None and conv.customer_left_at is None
    left = _eventually(lambda: _left_at(world))
    assert now_utc() - left < timedelta(minutes=1)
    with app_client.websocket_connect(world.customer_url()) as again:  # back: no longer left
        assert again.receive_json()["type"] == "hello"
        assert _left_at(world) is None
