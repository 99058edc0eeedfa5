"""Live chat bad input and availability: forged identity, wrong origin or role, messages over the size limit,
floods (refused, then closed), a socket that never sends; with no agent online or outside office hours the
message is taken as a ticket and the customer is told."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from steward.core.db import unit_of_work
from steward.domains.users import service as users_service
from steward.web.chat_sockets import ChatLimits
from tests.factories import ApiClient, Tenant
from tests.web.chat_helpers import agent_socket, chat_world, session_cookie, until


@contextmanager
def limits(client: TestClient, value: ChatLimits) -> Iterator[None]:
    state = client.app.state  # type: ignore[attr-defined]
    before = state.chat_limits
    state.chat_limits = value
    try:
        yield
    finally:
        state.chat_limits = before


def closed_with(ws: object, code: int) -> None:
    with pytest.raises(WebSocketDisconnect) as info:
        for _ in range(50):
            ws.receive_json()  # type: ignore[attr-defined]
    assert info.value.code == code


def test_a_forged_hash_or_unknown_user_is_refused(app_client: TestClient, tenant: Tenant) -> None:
    world = chat_world(tenant)
    with app_client.websocket_connect(world.customer_url(hash_="0" * 64)) as ws:
        error = ws.receive_json()
        assert error["type"] == "error" and error["detail"][0]["loc"] == ["query", "hash"]
        closed_with(ws, 1008)
    # signed correctly, but no such contact
    with app_client.websocket_connect(world.customer_url(user="nobody")) as ws:
        assert ws.receive_json()["detail"][0]["loc"] == ["query", "user"]
        closed_with(ws, 1008)
    with app_client.websocket_connect("/chat/ws?key=nope&user=u-1&hash=x") as ws:
        assert ws.receive_json()["detail"][0]["type"] == "not_found"


def test_agent_socket_needs_a_session_the_agent_role_and_the_same_origin(
    app_client: TestClient, tenant: Tenant
) -> None:
    with app_client.websocket_connect("/chat/agent/ws") as ws:
        assert ws.receive_json()["detail"][0]["type"] == "unauthorized"
        closed_with(ws, 1008)
    with agent_socket(app_client, session_cookie(tenant), origin="https://evil.example") as ws:
        assert ws.receive_json()["detail"][0]["loc"] == ["header", "Origin"]
        closed_with(ws, 1008)
    with agent_socket(app_client, session_cookie(tenant, role="viewer")) as ws:
        assert ws.receive_json()["detail"][0]["type"] == "forbidden"
        closed_with(ws, 1008)
    with agent_socket(app_client, session_cookie(tenant, role="manager")) as ws:
        assert ws.receive_json()["type"] == "hello"


def test_an_agent_signed_out_elsewhere_is_closed(app_client: TestClient, tenant: Tenant) -> None:
    token = session_cookie(tenant)
    with limits(app_client, ChatLimits(recheck_seconds=0)), agent_socket(app_client, token) as ws:
        assert ws.receive_json()["type"] == "hello"
        ws.send_json({"type": "ping"})  # still signed in: nothing comes back
        with unit_of_work() as s:
            users_service.end_web_session(session=s, token=token)
        ws.send_json({"type": "ping"})
        assert ws.receive_json()["detail"][0]["type"] == "unauthorized"
        closed_with(ws, 1008)


def test_oversize_messages_and_frames(app_client: TestClient, tenant: Tenant) -> None:
    world = chat_world(tenant)
    with agent_socket(app_client, session_cookie(tenant)) as agent:
        agent.receive_json()
        with app_client.websocket_connect(world.customer_url()) as ws:
            ws.receive_json()
            ws.send_json({"type": "message", "body": "x" * 4001})
            error = ws.receive_json()
            assert error["detail"][0]["loc"] == ["frame", "message", "body"]
            assert "4000" in error["detail"][0]["msg"]
            ws.send_json({"type": "shout", "body": "hi"})
            assert ws.receive_json()["detail"][0]["type"] == "union_tag_invalid"
            ws.send_text("not json")
            assert ws.receive_json()["detail"][0]["type"] == "json_invalid"
            ws.send_json({"type": "message", "body": "still here"})
            assert until(ws, "message")["message"]["body"] == "still here"
            ws.send_text("y" * 20_000)
            assert ws.receive_json()["detail"][0]["type"] == "too_large"
            closed_with(ws, 1009)


def test_a_flood_is_refused_then_closed(app_client: TestClient, tenant: Tenant) -> None:
    world = chat_world(tenant)
    flood = ChatLimits(burst=3, rate_per_second=0.01, strikes=4)
    with limits(app_client, flood), app_client.websocket_connect(world.customer_url()) as ws:
        ws.receive_json()
        for _ in range(10):
            ws.send_json({"type": "ping"})
        errors = []
        with pytest.raises(WebSocketDisconnect) as info:
            for _ in range(20):
                errors.append(ws.receive_json()["detail"][0]["msg"])
        assert info.value.code == 1008
        assert errors == ["too many frames: slow down"] * 3 + ["too many frames: connection closed"]


def test_a_socket_that_never_sends_is_closed(app_client: TestClient, tenant: Tenant) -> None:
    world = chat_world(tenant)
    quiet = ChatLimits(idle_seconds=0.3)
    with limits(app_client, quiet), app_client.websocket_connect(world.customer_url()) as ws:
        assert ws.receive_json()["type"] == "hello"
        assert ws.receive_json()["detail"][0]["type"] == "idle"
        closed_with(ws, 4408)


def test_with_no_agent_online_the_message_is_taken_as_a_ticket(
    app_client: TestClient, tenant: Tenant
) -> None:
    world = chat_world(tenant)
    api = ApiClient(app_client, tenant.keys["admin"])
    with app_client.websocket_connect(world.customer_url()) as ws:
        assert ws.receive_json()["online"] is False
        ws.send_json({"type": "message", "body": "Anyone there?"})
        offline = until(ws, "offline")
        ws.send_json({"type": "message", "body": "I will wait for an e-mail"})
        assert until(ws, "offline")["ticket_id"] == offline["ticket_id"]  # the follow-up joins the ticket
    ticket = api.get(f"/tickets/{offline['ticket_id']}").json()
    assert ticket["channel"] == "chat" and ticket["solved_at"] is None
    assert [m["body"] for m in ticket["messages"]] == ["Anyone there?", "I will wait for an e-mail"]
    assert api.get("/chat/conversations").json() == []


def test_outside_office_hours_the_message_is_taken_as_a_ticket(
    app_client: TestClient, tenant: Tenant
) -> None:
    world = chat_world(tenant)
    api = ApiClient(app_client, tenant.keys["admin"])
    closed = {"office_hours": {}, "time_zone": "Europe/Warsaw"}  # no day open
    assert api.put("/chat/settings", json=closed).status_code == 200
    bad = api.put("/chat/settings", json={"office_hours": {"mon": ["18:00", "09:00"]}})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "office_hours"
    with agent_socket(app_client, session_cookie(tenant)) as agent:
        agent.receive_json()
        with app_client.websocket_connect(world.customer_url()) as ws:
            assert ws.receive_json()["online"] is False
            ws.send_json({"type": "message", "body": "Late question"})
            assert until(ws, "offline")["ticket_id"] > 0


def test_settings_show_the_secret_to_admins_only(app_client: TestClient, tenant: Tenant) -> None:
    world = chat_world(tenant)
    admin = ApiClient(app_client, tenant.keys["admin"]).get("/chat/settings").json()
    agent = ApiClient(app_client, tenant.keys["agent"]).get("/chat/settings").json()
    assert admin["widget_secret"] == world.secret and admin["public_key"] == world.key
    assert agent["widget_secret"] is None and agent["public_key"] == world.key
    assert ApiClient(app_client, tenant.keys["viewer"]).get("/chat/settings").status_code == 403


def test_a_chat_ended_twice_makes_one_ticket(app_client: TestClient, tenant: Tenant) -> None:
    world = chat_world(tenant)
    with agent_socket(app_client, session_cookie(tenant)) as agent:
        agent.receive_json()
        with app_client.websocket_connect(world.customer_url()) as customer:
            customer.receive_json()
            customer.send_json({"type": "message", "body": "Hello"})
            conv_id = until(agent, "message")["conversation"]["id"]
            agent.send_json({"type": "end", "conversation_id": conv_id})
            agent.send_json({"type": "end", "conversation_id": conv_id})
            assert until(agent, "ended")["ticket_id"] > 0
            error = until(agent, "error")
            assert error["detail"][0]["loc"] == ["body", "conversation_id"]
            assert error["detail"][0]["msg"] == f"conversation {conv_id} has ended"
