"""In a real Chromium: a signed-in contact starts a ticket in the portal, sees a help-center article suggested
for the subject typed, opens and reads it, and leaves without sending the ticket or saying it helped. The
deflection rule (a reading whose form is not sent within DEFLECTION_WAIT, 30 minutes) is then run with its
clock moved 31 minutes on, without sleeping: the article's report counts one ticket deflected, and not
before."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.helpcenter import reports
from tests.domains.helpcenter.helpers import published, shelf
from tests.e2e.portal_pages import sign_in_from_outbox
from tests.factories import ApiClient, Tenant
from tests.web.portal_helpers import account_with, reset_limits

pytestmark = pytest.mark.e2e


def _deflected(tenant: Tenant, minutes_on: float) -> dict[str, int]:
    with unit_of_work() as s:
        report = reports.help_report(
            session=s, workspace_id=tenant.id, now=now_utc() + timedelta(minutes=minutes_on)
        )
    return {a.title: a.deflected for a in report.articles}


def test_customer_leaves_after_reading_a_suggested_article(
    chromium: Any, server_url: str, app_client: TestClient, tenant: Tenant
) -> None:
    reset_limits()
    api = ApiClient(app_client, tenant.keys["admin"])
    section = shelf(api)
    published(api, section, "Export reports to CSV", "Open Reports, press *Export* and choose CSV.")
    published(api, section, "Invite a teammate", "Settings, then Team, then Invite.")
    account_with(api, "Globex", {"hank@globex.test": None})

    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    sign_in_from_outbox(page, server_url, tenant.slug, "hank@globex.test")
    page.wait_for_url(f"{server_url}/portal/{tenant.slug}")  # signed in: home, with no tickets yet

    page.click("#portal-new")
    page.fill("#portal-subject", "How do I export reports?")
    page.wait_for_selector("a.portal-suggestion")
    assert page.locator("a.portal-suggestion").first.inner_text() == "Export reports to CSV"
    with context.expect_page() as opened:
        page.locator("a.portal-suggestion").first.click()
    article = opened.value
    article.wait_for_selector("#article-title")
    assert article.locator("#article-title").inner_text() == "Export reports to CSV"
    context.close()  # left: no ticket sent, no "this answered my question"

    assert api.get("/tickets").json()["total"] == 0
    reported = {a["title"]: a["deflected"] for a in api.get("/help/report").json()["articles"]}
    assert reported == {"Export reports to CSV": 0, "Invite a teammate": 0}  # the customer may still send it
    assert _deflected(tenant, 29) == {"Export reports to CSV": 0, "Invite a teammate": 0}
    assert _deflected(tenant, 31) == {"Export reports to CSV": 1, "Invite a teammate": 0}
