"""In a real Chromium: log in, browse and search accounts, open one, add a note, log out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PASSWORD, ApiClient, Tenant

pytestmark = pytest.mark.e2e


def test_login_browse_search_note_logout(
    chromium: Any, server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    accounts = [
        {"external_id": f"a{i}", "name": name, "segment": seg, "lifecycle_stage": "adoption"}
        for i, (name, seg) in enumerate(
            [
                ("Globex", "Enterprise"),
                ("Initech", "SMB"),
                ("Umbrella", "SMB"),
                ("Hooli", "Mid-Market"),
                ("Stark Industries", "Enterprise"),
            ]
        )
    ]
    assert api.post("/accounts/bulk", json={"items": accounts}).status_code == 200
    api.post("/contacts", json={"external_id": "c1", "account_external_id": "a4", "name": "Pepper Potts"})

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server_url}/accounts")
    assert "/login" in page.url
    page.fill("input[name=email]", tenant.user_emails["admin"])
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    assert page.locator(".error").inner_text().startswith("That email and password")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation(url=f"{server_url}/accounts"):
        page.click("button[type=submit]")
    assert page.locator("table.grid tbody tr").count() == 5

    page.fill("input[name=q]", "stark")
    with page.expect_navigation(url="**q=stark**"):
        page.click("form.filters button[type=submit]")
    rows = page.locator("table.grid tbody tr")
    assert rows.count() == 1
    with page.expect_navigation(url="**/accounts/*"):
        page.click("text=Stark Industries")
    assert page.locator("h1").inner_text() == "Stark Industries"
    assert "Pepper Potts" in page.locator("#contacts").inner_text()

    page.click("#action-log")  # the header's "Log a call" opens the form in a dialog
    page.select_option("#activity-form select[name=kind]", "meeting")
    page.fill("#activity-form input[name=subject]", "Executive business review")
    page.fill("#activity-form textarea[name=body]", "Agreed on the Q3 rollout plan.")
    page.select_option("#activity-form select[name=contact_ids]", label="Pepper Potts")
    with page.expect_navigation():
        page.click("text=Log activity")
    first = page.locator("ol.timeline li").first
    assert "Executive business review" in first.inner_text() and "Pepper Potts" in first.inner_text()
    page.screenshot(path="/tmp/steward-account.png", full_page=True)

    with page.expect_navigation(url="**/login"):
        page.click("text=Log out")
    page.goto(f"{server_url}/accounts")
    assert "/login" in page.url
    context.close()
