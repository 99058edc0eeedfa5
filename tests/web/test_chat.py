"""Live chat over WebSockets: a customer and an agent talk, typing and read state pass, the agent ends
the chat and the transcript is a solved chat ticket with its SLA clocks and the customer's rating."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.chat_helpers import agent_socket, chat_world, session_cookie, until


@pytest.fixture
def api(app_client: TestClient, tenant: Tenant) -> ApiClient:
    return ApiClient(app_client, tenant.keys["admin"])


def test_customer_and_agent_talk_and_the_chat_becomes_a_solved_ticket(
    app_client: TestClient, tenant: Tenant, api: ApiClient
) -> None:
    world = chat_world(tenant)
    policy = {"name": "Chat", "targets": {"normal": {"first_response": 5}}}
    assert api.post("/sla/policies", json=policy).status_code == 201
    with agent_socket(app_client, session_cookie(tenant)) as agent:
        assert agent.receive_json() == {"type": "hello", "conversations": []}
        with app_client.websocket_connect(world.customer_url()) as customer:
            hello = customer.receive_json()
            assert hello["type"] == "hello" and hello["online"] is True and hello["conversation"] is None
            customer.send_json(
                {
                    "type": "message",
                    "body": "Our export is stuck",
                    "attachments": [{"filename": "log.txt", "content_type": "text/plain", "size": 120}],
                }
            )
            first = until(agent, "message")
            conv = first["conversation"]
            assert first["message"]["author"] == "customer"
            assert first["message"]["attachments"][0]["filename"] == "log.txt"
            assert conv["account_id"] == world.account_id and conv["status"] == "open"
            assert (
                until(customer, "message")["message"]["id"] == first["message"]["id"]
            )  # echoed to the widget

            # The queue shows the account's ARR beside the conversation
            queue = api.get("/chat/conversations").json()
            assert [(q["id"], q["arr_minor"], q["account_name"], q["waiting"]) for q in queue] == [
                (conv["id"], 1_200_000, "Acme Rockets", 1)
            ]

            customer.send_json({"type": "typing"})
            assert until(agent, "typing") == {
                "type": "typing",
                "conversation_id": conv["id"],
                "author": "customer",
            }
            agent.send_json({"type": "typing", "conversation_id": conv["id"]})
            assert until(customer, "typing")["author"] == "agent"

            agent.send_json(
                {"type": "read", "conversation_id": conv["id"], "message_id": first["message"]["id"]}
            )
            read = until(customer, "read")
            assert read["side"] == "agent" and read["conversation"]["agent_read_id"] == first["message"]["id"]

            agent.send_json({"type": "message", "conversation_id": conv["id"], "body": "Looking at it now"})
            reply = until(customer, "message")
            assert reply["message"]["author"] == "agent" and reply["conversation"]["assignee_id"] is not None
            customer.send_json({"type": "read", "message_id": reply["message"]["id"]})
            assert (
                until(agent, "read", lambda e: e["side"] == "customer")["conversation"]["customer_read_id"]
                == reply["message"]["id"]
            )

            agent.send_json({"type": "end", "conversation_id": conv["id"]})
            ended = until(customer, "ended")
            assert ended["csat_scale"] == [1, 2, 3, 4, 5]
            customer.send_json(
                {"type": "csat", "conversation_id": conv["id"], "rating": 5, "comment": "quick"}
            )
            assert until(customer, "rated") == {"type": "rated", "ticket_id": ended["ticket_id"]}

    ticket = api.get(f"/tickets/{ended['ticket_id']}").json()
    assert ticket["channel"] == "chat" and ticket["account_id"] == world.account_id
    assert ticket["contact_id"] == world.contact_id and ticket["solved_at"] is not None
    assert [(m["author"], m["body"]) for m in ticket["messages"]] == [
        ("customer", "Our export is stuck"),
        ("agent", "Looking at it now"),
    ]
    # First response is measured from the customer's first message, and was met by the agent's reply
    opened = datetime.fromisoformat(ticket["created_at"])
    assert opened == datetime.fromisoformat(first["message"]["created_at"])
    clock = next(c for c in ticket["clocks"] if c["metric"] == "first_response")
    assert datetime.fromisoformat(clock["activated_at"]) == opened
    assert datetime.fromisoformat(clock["fulfilled_at"]) == datetime.fromisoformat(
        reply["message"]["created_at"]
    )
    assert clock["state"] == "met"
    rated = api.get("/csat/responses", params={"ticket_id": ended["ticket_id"]}).json()
    assert [(r["rating"], r["comment"]) for r in rated] == [(5, "quick")]
    assert api.get("/chat/conversations").json() == []
    # and the chat is on the account's timeline, with its transcript
    timeline = api.get("/timeline", params={"account_id": world.account_id}).json()["items"]
    assert [(a["kind"], a["subject"], a["contact_ids"]) for a in timeline] == [
        ("note", ticket["subject"], [world.contact_id])
    ]
    assert (
        f"Ticket #{ticket['id']}" in timeline[0]["body"] and "agent: Looking at it now" in timeline[0]["body"]
    )


def test_transfer_to_a_team_frees_the_conversation(
    app_client: TestClient, tenant: Tenant, api: ApiClient
) -> None:
    world = chat_world(tenant)
    team = api.post("/teams", json={"name": "Billing", "member_ids": []}).json()
    with (
        agent_socket(app_client, session_cookie(tenant)) as agent,
        app_client.websocket_connect(world.customer_url()) as customer,
    ):
        agent.receive_json(), customer.receive_json()
        customer.send_json({"type": "message", "body": "A question about my invoice"})
        conv_id = until(agent, "message")["conversation"]["id"]
        agent.send_json({"type": "message", "conversation_id": conv_id, "body": "Let me hand you over"})
        until(customer, "message"), until(customer, "message")
        agent.send_json({"type": "transfer", "conversation_id": conv_id, "team_id": team["id"]})
        note = until(customer, "message")
        assert note["message"]["author"] == "system" and note["message"]["body"] == "Transferred to Billing"
        assert note["conversation"]["team_id"] == team["id"] and note["conversation"]["assignee_id"] is None
        agent.send_json({"type": "transfer", "conversation_id": conv_id, "team_id": 999_999})
        error = until(agent, "error")
        assert error["detail"][0]["loc"] == ["body", "team_id"]


def test_another_workspaces_agent_sees_nothing_and_cannot_reply(
    app_client: TestClient, tenant: Tenant
) -> None:
    world = chat_world(tenant)
    other = make_tenant("Elsewhere")
    with (
        agent_socket(app_client, session_cookie(tenant)) as mine,
        agent_socket(app_client, session_cookie(other)) as theirs,
    ):
        mine.receive_json(), theirs.receive_json()
        with app_client.websocket_connect(world.customer_url()) as customer:
            customer.receive_json()
            customer.send_json({"type": "message", "body": "hello"})
            conv_id = until(mine, "message")["conversation"]["id"]
            theirs.send_json({"type": "message", "conversation_id": conv_id, "body": "not yours"})
            error = theirs.receive_json()  # the first frame it gets is its own error: no customer message
            assert error["type"] == "error" and error["detail"][0]["type"] == "not_found"
            theirs.send_json({"type": "end", "conversation_id": conv_id})
            assert theirs.receive_json()["type"] == "error"


def test_the_chat_page_lists_live_conversations_with_health_and_arr(
    app_client: TestClient, tenant: Tenant
) -> None:
    world = chat_world(tenant)
    with agent_socket(app_client, session_cookie(tenant)) as agent:
        agent.receive_json()
        with app_client.websocket_connect(world.customer_url()) as customer:
            customer.receive_json()
            customer.send_json({"type": "message", "body": "<b>bold</b> question"})
            conv_id = until(agent, "message")["conversation"]["id"]
    cookie = {"cookie": f"steward_session={session_cookie(tenant)}"}
    page = app_client.get("/chat", headers=cookie)
    assert page.status_code == 200
    assert f'data-conversation="{conv_id}"' in page.text and "Acme Rockets" in page.text
    assert "$12,000" in page.text and "&lt;b&gt;bold&lt;/b&gt; question" in page.text
    live = app_client.get("/chat/live.json", headers=cookie).json()
    assert [(r["id"], r["contact_name"], r["waiting"]) for r in live] == [(conv_id, "Dana Customer", 1)]
    said = app_client.get(f"/chat/{conv_id}/messages.json", headers=cookie).json()
    assert [m["body"] for m in said] == ["<b>bold</b> question"]
    viewer = {"cookie": f"steward_session={session_cookie(tenant, role='viewer')}"}
    assert app_client.get("/chat", headers=viewer).status_code == 403
    other = make_tenant("Elsewhere")
    theirs = {"cookie": f"steward_session={session_cookie(other)}"}
    assert app_client.get(f"/chat/{conv_id}/messages.json", headers=theirs).status_code == 404
