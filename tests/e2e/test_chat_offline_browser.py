"""In two real Chromium contexts: a customer chats through the embedded widget with an agent on the live chat
page, then goes offline and closes the page mid-chat. The server notes that the customer's last connection
closed; once the grace period is over (the `chat-abandoned` job run with its clock moved past it, no
sleeping), the transcript is a chat ticket on the account, opened at the customer's first message, its
first response met by the agent's reply and the ticket waiting on the customer; the agent reads it on the
ticket page."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.domains.chat import jobs as chat_jobs
from steward.domains.chat import queries as chat_queries
from steward.domains.chat import service as chat_service
from tests.e2e.chat_pages import agent_page, customer_page
from tests.factories import ApiClient, Tenant
from tests.web.chat_helpers import chat_world

pytestmark = pytest.mark.e2e


def _left_at(tenant_id: int, contact_id: int, seconds: float = 15.0) -> datetime:
    """When the server noted the customer's last connection closed (it does so on its own time)."""
    deadline = time.monotonic() + seconds
    while True:
        with unit_of_work() as s:
            conv = chat_queries.latest_for_contact(s, tenant_id, contact_id)
            assert conv is not None and conv.status == "open"
            if conv.customer_left_at is not None:
                return conv.customer_left_at
        assert time.monotonic() < deadline, "the server never noted the customer leaving"
        time.sleep(0.1)


def test_customer_goes_offline_mid_chat_and_the_transcript_becomes_a_ticket(
    chromium: Any, server_url: str, app_client: TestClient, tenant: Tenant
) -> None:
    api = ApiClient(app_client, tenant.keys["admin"])
    policy = {"name": "All", "targets": {"normal": {"first_response": 30, "resolution": 480}}}
    assert api.post("/sla/policies", json=policy).is_success
    world = chat_world(tenant)

    agent = agent_page(chromium, server_url, tenant)
    customer = customer_page(chromium, server_url, world)
    customer.fill("[aria-label=Message]", "The invoice PDF will not download")
    customer.keyboard.press("Enter")
    customer.wait_for_selector("li[data-author=customer]")

    agent.wait_for_selector("#chat-queue tr[data-conversation]")
    agent.click("#chat-queue tr[data-conversation] a[href^='#chat-']")
    agent.wait_for_selector("#chat-log li.customer:has-text('will not download')")
    agent.fill("#chat-body", "Which browser are you using?")
    agent.click("#chat-send")
    customer.wait_for_selector("li[data-author=agent]:has-text('Which browser')")
    customer.fill("[aria-label=Message]", "Firefox, let me check something")
    customer.keyboard.press("Enter")
    agent.wait_for_selector("#chat-log li.customer:has-text('Firefox')")
    agent.fill("#chat-body", "Please try a private window")
    agent.click("#chat-send")
    customer.wait_for_selector("li[data-author=agent]:has-text('private window')")

    # The customer's network drops and the tab is gone: no end, no rating
    customer.context.set_offline(True)
    customer.context.close()
    left = _left_at(tenant.id, world.contact_id)
    with unit_of_work() as s:
        conv = chat_queries.latest_for_contact(s, tenant.id, world.contact_id)
        assert conv is not None
        said = [(m.author, m.created_at) for m in chat_queries.messages(s, tenant.id, conv.id)]
    assert [a for a, _ in said] == ["customer", "agent", "customer", "agent"]

    assert chat_jobs.close_abandoned(now=left + chat_service.ABANDON_GRACE - timedelta(seconds=5)) == 0
    assert chat_jobs.close_abandoned(now=left + chat_service.ABANDON_GRACE + timedelta(minutes=1)) == 1
    with unit_of_work() as s:
        conv = chat_queries.latest_for_contact(s, tenant.id, world.contact_id)
        assert conv is not None and conv.status == "abandoned" and conv.ticket_id is not None
        ticket_id = conv.ticket_id

    ticket = api.get(f"/tickets/{ticket_id}").json()
    assert ticket["channel"] == "chat" and ticket["account_id"] == world.account_id
    assert ticket["contact_id"] == world.contact_id
    assert ticket["status"] == "pending" and ticket["solved_at"] is None  # the agent asked last
    assert [(m["author"], m["public"]) for m in ticket["messages"]] == [
        ("customer", True), ("agent", True), ("customer", True), ("agent", True), ("agent", False)
    ]  # fmt: skip
    first_customer, first_reply = said[0][1], said[1][1]
    assert datetime.fromisoformat(ticket["created_at"]) == first_customer
    first = next(c for c in ticket["clocks"] if c["metric"] == "first_response")
    assert datetime.fromisoformat(first["activated_at"]) == first_customer
    assert datetime.fromisoformat(first["fulfilled_at"]) == first_reply and first["state"] == "met"
    resolution = next(c for c in ticket["clocks"] if c["metric"] == "resolution")
    assert resolution["fulfilled_at"] is None and resolution["state"] == "running"  # not breached, owed
    timeline = api.get("/timeline", params={"account_id": world.account_id}).json()["items"]
    assert [a["subject"] for a in timeline] == [ticket["subject"]]

    # The agent's queue no longer holds it once reloaded, and the ticket page shows the transcript and SLA
    agent.reload()
    agent.wait_for_selector("#chat-status:has-text('online')")
    agent.wait_for_selector("#chat-empty:not([hidden])")
    agent.goto(f"{server_url}/tickets/{ticket_id}")
    agent.wait_for_selector("text=Please try a private window")
    agent.wait_for_selector("text=The customer left the chat")
    assert "met" in agent.inner_text("td[data-metric=first_response]")
    agent.context.close()
