"""In two real Chromium contexts: a customer chats through the embedded widget with an agent on the live chat
page (canned response, typing, end, rating); then, with no agent online, another customer's message is taken
as a ticket whose first-response clock is running."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.domains.chat import queries as chat_queries
from steward.domains.chat import service as chat_service
from tests.e2e.chat_pages import agent_page, customer_page, widget_page
from tests.factories import ApiClient, Tenant
from tests.web.chat_helpers import chat_world

pytestmark = pytest.mark.e2e


def test_widget_and_agent_page(
    chromium: Any, server_url: str, app_client: TestClient, tenant: Tenant
) -> None:
    api = ApiClient(app_client, tenant.keys["admin"])
    assert api.post(
        "/sla/policies", json={"name": "All", "targets": {"normal": {"first_response": 30}}}
    ).is_success
    canned = {"title": "Looking", "body": "Thanks, I am looking into it now."}
    assert api.post("/canned-responses", json=canned).is_success
    world = chat_world(tenant)

    agent = agent_page(chromium, server_url, tenant)
    customer = customer_page(chromium, server_url, world)
    customer.fill("[aria-label=Message]", "My dashboard is <b>blank</b>")
    customer.keyboard.press("Enter")
    customer.wait_for_selector("li[data-author=customer]")

    agent.wait_for_selector("#chat-queue tr[data-conversation]")
    assert "Acme Rockets" in agent.inner_text("#chat-queue")
    agent.click("#chat-queue tr[data-conversation] a[href^='#chat-']")
    agent.wait_for_selector("#chat-log li.customer")
    assert (
        agent.inner_text("#chat-log li.customer .bubble") == "My dashboard is <b>blank</b>"
    )  # shown as text
    agent.select_option("#chat-canned", label="Looking")
    assert agent.input_value("#chat-body") == "Thanks, I am looking into it now."
    agent.click("#chat-send")
    customer.wait_for_selector("li[data-author=agent]:has-text('looking into it')")

    agent.click("#chat-end")
    customer.wait_for_selector("[data-steward-chat=rating] button[data-rating='5']")
    customer.click("[data-steward-chat=rating] button[data-rating='5']")
    customer.wait_for_selector("text=Thank you for your rating")
    agent.wait_for_selector("#chat-empty:not([hidden])")
    agent.context.close()

    with unit_of_work() as s:
        ended = chat_queries.latest_for_contact(s, tenant.id, world.contact_id)
        assert ended is not None and ended.status == "ended"
        ticket_id = ended.ticket_id
    ticket = api.get(f"/tickets/{ticket_id}").json()
    assert ticket["channel"] == "chat"
    assert ticket["solved_at"] and [m["author"] for m in ticket["messages"]] == ["customer", "agent"]
    assert next(c for c in ticket["clocks"] if c["metric"] == "first_response")["state"] == "met"

    # No agent online now: a second customer's message is taken as a ticket, its first response still owed
    other = chat_world(tenant, user="u-2")
    late = customer.context.new_page()
    hash_ = chat_service.user_hash(other.secret, other.user)
    # in Hebrew, right to left
    late.set_content(widget_page(server_url, other.key, other.user, hash_, lang="he"))
    late.click("[data-steward-chat=open]")
    late.wait_for_selector("[data-steward-chat=status]:has-text('אנחנו לא זמינים')")
    assert late.get_attribute("[role=dialog]", "dir") == "rtl"
    late.fill("[data-steward-chat=input]", "Is anyone there?")
    late.keyboard.press("Enter")
    late.wait_for_selector("[data-steward-chat=status]:has-text('פנייה #')")
    number = int(late.inner_text("[data-steward-chat=status]").split("#")[1].split()[0])
    offline = api.get(f"/tickets/{number}").json()
    assert offline["channel"] == "chat" and offline["solved_at"] is None
    assert [m["body"] for m in offline["messages"]] == ["Is anyone there?"]
    assert next(c for c in offline["clocks"] if c["metric"] == "first_response")["state"] == "running"
    customer.context.close()
