"""In a real Chromium: a contact signs in to the customer portal with the link taken from the outbox,
opens their ticket and replies with a file's details (picked, not uploaded), then starts a new one; an
article is suggested as the subject is typed, the customer reads it in a new tab and says it answered them
(counted as a deflected ticket)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.domains.helpcenter.helpers import published, shelf
from tests.e2e.portal_pages import sign_in_from_outbox
from tests.factories import ApiClient, Tenant
from tests.web.portal_helpers import account_with, reset_limits, ticket_for

pytestmark = pytest.mark.e2e


def test_portal_sign_in_reply_and_suggestion(
    chromium: Any, server_url: str, app_client: TestClient, tenant: Tenant
) -> None:
    reset_limits()
    api = ApiClient(app_client, tenant.keys["admin"])
    published(api, shelf(api), "Reset your password", "Open Settings, then Security, and press Reset.")
    account, ids = account_with(api, "Umbrella", {"alice@umbrella.test": None})
    ticket = ticket_for(api, account, ids["alice@umbrella.test"], "Cannot export reports")
    slug = tenant.slug

    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    sign_in_from_outbox(page, server_url, slug, "alice@umbrella.test")
    page.wait_for_selector("#portal-tickets")
    page.click(f"#portal-tickets a[href$='/tickets/{ticket}']")
    page.fill("#portal-reply", "Still failing since Monday")
    picked = {"name": "export.csv", "mimeType": "text/csv", "buffer": b"a,b\n1,2\n"}
    page.set_input_files("#portal-file-picker", files=[picked])  # fills a row; the file is not sent
    assert page.locator("[name=att_size]").first.input_value() == "8"
    page.click("#portal-send-reply")
    page.wait_for_selector("text=Still failing since Monday")
    last = api.get(f"/tickets/{ticket}").json()["messages"][-1]
    assert last["author"] == "customer"
    assert last["attachments"] == [
        {"filename": "export.csv", "content_type": "text/csv", "size": 8, "url": None}
    ]

    page.click("#portal-new")
    page.fill("#portal-subject", "I forgot my password")
    page.wait_for_selector("a.portal-suggestion")
    assert page.locator("a.portal-suggestion").first.inner_text() == "Reset your password"
    with context.expect_page() as opened:
        page.locator("a.portal-suggestion").first.click()
    article = opened.value
    article.wait_for_load_state()
    assert article.locator("#article-title").inner_text() == "Reset your password"
    article.close()
    page.click("#portal-solved")
    page.wait_for_selector("#portal-glad")
    stats = {a["title"]: a["deflected"] for a in api.get("/help/report").json()["articles"]}
    assert stats == {"Reset your password": 1}
    context.close()
