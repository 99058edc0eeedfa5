"""A contact signing in to the customer portal in Chromium: asking for a link, and opening it."""

from __future__ import annotations

from typing import Any

from tests.web.portal_helpers import last_link


def ask_for_link(page: Any, server_url: str, slug: str, email: str) -> None:
    """The portal's sign-in form sent for this address, once the page says a link is on its way."""
    page.goto(f"{server_url}/portal/{slug}")
    page.fill("#portal-email", email)
    page.click("#portal-send-link")
    page.wait_for_selector("#portal-sent")


def sign_in_from_outbox(page: Any, server_url: str, slug: str, email: str) -> None:
    """Ask for a link, take it from the e-mail outbox and use it."""
    ask_for_link(page, server_url, slug, email)
    link = last_link(email)
    assert link
    page.goto(server_url + link)
    page.click("#portal-use-link")
