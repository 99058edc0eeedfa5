"""The two sides of a live chat in Chromium: the agent on the live chat page, signed in by cookie, and a
customer on a page of their own app that embeds the chat widget."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from steward.domains.chat import service as chat_service
from tests.factories import Tenant
from tests.web.chat_helpers import ChatWorld, session_cookie


def widget_page(
    server_url: str, key: str, user: str, user_hash: str, lang: str = "en", head: str = ""
) -> str:
    return (
        f"<!doctype html><html><head>{head}<title>Customer app</title></head><body><h1>Customer app</h1>"
        f'<script src="{server_url}/static/steward-chat.js" data-key="{key}" data-user="{user}" '
        f'data-user-hash="{user_hash}" data-lang="{lang}"></script></body></html>'
    )


def agent_page(chromium: Any, server_url: str, tenant: Tenant) -> Any:
    """The admin on /chat, once the page says the agent is online."""
    context = chromium.new_context(viewport={"width": 1300, "height": 900})
    host = urlsplit(server_url).hostname
    context.add_cookies(
        [{"name": "steward_session", "value": session_cookie(tenant), "domain": host, "path": "/"}]
    )
    agent = context.new_page()
    agent.goto(f"{server_url}/chat")
    agent.wait_for_selector("#chat-status:has-text('online')")
    return agent


def customer_page(chromium: Any, server_url: str, world: ChatWorld) -> Any:
    """The world's contact with the widget open, once it says an agent is online."""
    customer = chromium.new_context(viewport={"width": 1000, "height": 800}).new_page()
    user_hash = chat_service.user_hash(world.secret, world.user)
    customer.set_content(widget_page(server_url, world.key, world.user, user_hash))
    customer.click("[data-steward-chat=open]")
    customer.wait_for_selector("[data-steward-chat=status]:has-text('We are online')")
    return customer
