"""In a real Chromium: a contact asks for a portal sign-in link; the outbox job delivers it over SMTP to a
real server listening on a local port (aiosmtpd, a real socket); the test reads the link from the message
received there, opens it in the browser, signs in and replies to their ticket."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from steward.domains.mail import jobs as mail_jobs
from steward.settings import get_settings
from tests.domains.conftest import smtp_server
from tests.e2e.portal_pages import ask_for_link
from tests.factories import ApiClient, Tenant
from tests.smtp import Handler
from tests.web.portal_helpers import account_with, reset_limits, ticket_for

pytestmark = pytest.mark.e2e
__all__ = ["smtp_server"]  # a fixture


def test_portal_sign_in_with_the_link_received_over_smtp(
    chromium: Any, server_url: str, app_client: TestClient, tenant: Tenant, smtp_server: tuple[str, Handler]
) -> None:
    smtp_url, inbox = smtp_server
    reset_limits()
    api = ApiClient(app_client, tenant.keys["admin"])
    account, ids = account_with(api, "Initech", {"peter@initech.test": None})
    ticket = ticket_for(api, account, ids["peter@initech.test"], "TPS report export fails")

    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    ask_for_link(page, server_url, tenant.slug, "peter@initech.test")
    assert inbox.messages == []  # queued in the outbox, not sent by the request

    sent = mail_jobs.deliver_due(smtp_url=smtp_url, sender=get_settings().mail_from)
    assert sent["sent"] == 1, sent
    [message] = inbox.messages
    assert message["To"] == "peter@initech.test" and "sign-in link" in message["Subject"]
    assert not message.is_multipart()
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    links = re.findall(r"https?://\S+/portal/[^/\s]+/link/\S+", body)
    assert len(links) == 1, body
    assert links[0].startswith(server_url)

    page.goto(links[0])
    page.click("#portal-use-link")
    page.wait_for_selector("#portal-tickets")
    page.click(f"#portal-tickets a[href$='/tickets/{ticket}']")
    page.fill("#portal-reply", "It fails with the new cover sheet")
    page.click("#portal-send-reply")
    page.wait_for_selector("text=It fails with the new cover sheet")
    last = api.get(f"/tickets/{ticket}").json()["messages"][-1]
    assert (last["author"], last["body"]) == ("customer", "It fails with the new cover sheet")

    context.close()

    # the link is single-use: used again from another browser, it is refused
    other = chromium.new_context()
    again = other.new_page()
    again.goto(links[0])
    again.click("#portal-use-link")
    again.wait_for_selector("text=/used or has expired/")
    assert again.locator("#portal-tickets").count() == 0  # the error page is loaded: nothing to wait for
    other.close()
