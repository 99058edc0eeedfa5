"""In a real Chromium: the renewals page shows the demo's pipeline by quarter and last year's outcomes; a CSM
sets a forecast, is told a churn needs a reason, and closes a renewal as churned."""

from __future__ import annotations

from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.renewals.models import RenewalOpportunity
from tests.factories.demo_cache import DEMO_80, demo_workspace

pytestmark = pytest.mark.e2e


def test_renewals_page(chromium: Any, server_url: str) -> None:
    demo_workspace(DEMO_80)
    page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{server_url}/renewals")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/renewals")
    assert page.locator("#pipeline rect").count() >= 2
    assert (
        page.inner_text("#renewal-nrr").endswith("%") and page.locator("#churn-reasons tbody tr").count() >= 1
    )
    rows = page.locator("#renewal-list tbody tr")
    total = rows.count()
    assert total >= 3

    first = rows.first
    renewal = first.get_attribute("data-renewal")
    first.locator("select[name=forecast]").select_option("at_risk")
    first.locator("form", has=page.locator("select[name=forecast]")).locator("button").click()
    row = page.locator(f"tr[data-renewal='{renewal}']")
    assert row.locator("select[name=forecast]").input_value() == "at_risk"
    assert "auto" not in row.locator("td").nth(5).inner_text()

    row.locator("select[name=outcome]").select_option("churned")
    row.locator(".close-form button").click()
    assert "a churn needs a reason" in page.inner_text("#renewal-error")
    row = page.locator(f"tr[data-renewal='{renewal}']")
    row.locator("select[name=outcome]").select_option("churned")
    row.locator("select[name=churn_reason]").select_option("competitor")
    row.locator(".close-form button").click()
    page.wait_for_selector("#renewal-list")
    assert page.locator(f"tr[data-renewal='{renewal}']").count() == 0
    assert page.locator("#renewal-list tbody tr").count() == total - 1
    with unit_of_work() as s:  # the page's reasons cover renewals due in the past year, so read it back
        closed = s.get(RenewalOpportunity, int(renewal or 0))
        assert closed is not None and (closed.outcome, closed.churn_reason) == ("churned", "competitor")
