"""In a real Chromium: the renewals page shows the demo's pipeline by quarter and last year's outcomes; a CSM
sets a forecast, is told a churn needs a reason, and closes a renewal as churned."""

from __future__ import annotations

from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.renewals.models import RenewalOpportunity
from tests.factories.charts import drawn_series
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
    assert drawn_series(page, "pipeline") == 3  # commit, best case, at risk
    assert (
        page.inner_text("#renewal-nrr").endswith("%") and page.locator("#churn-reasons tbody tr").count() >= 1
    )
    rows = page.locator("#renewal-list tbody tr")
    total = int(page.inner_text("#open h2 .count"))  # every open renewal; the list shows 50 a page
    assert total >= 3 and rows.count() == min(total, 50)

    no_forms = "#renewal-list select, #renewal-list input:not([name=renewal_ids]):not([data-tick-all])"
    assert page.locator(no_forms).count() == 0  # a list, not forms (only the bulk ticks)
    page.select_option("#renewal-filters select[name=forecast]", "at_risk")
    with page.expect_navigation(url="**forecast=at_risk**"):
        page.click("#renewal-filters button[type=submit]")
    assert all("At risk" in f for f in page.locator("#renewal-list td.forecast").all_inner_texts())
    page.click("text=Clear filters")
    page.wait_for_url(f"{server_url}/renewals")

    first = rows.first
    renewal = first.get_attribute("data-renewal")
    first.locator("a.edit").click()  # the renewal's own page
    page.wait_for_selector("#forecast-form")
    page.select_option("#forecast-form select[name=forecast]", "at_risk")
    page.click("#forecast-form button")
    page.wait_for_url(f"{server_url}/renewals")  # back to the list as it was
    row = page.locator(f"tr[data-renewal='{renewal}']")
    assert "At risk" in row.locator("td.forecast").inner_text() and "auto" not in row.inner_text()

    row.locator("a.edit").click()
    page.select_option("#close-form select[name=outcome]", "churned")
    page.click("#close-form button")
    assert "a churn needs a reason" in page.inner_text("#renewal-error")
    page.select_option("#close-form select[name=outcome]", "churned")
    page.select_option("#close-form select[name=churn_reason]", "competitor")
    page.click("#close-form button")
    page.wait_for_selector("#renewal-list")
    assert page.locator(f"tr[data-renewal='{renewal}']").count() == 0
    assert int(page.inner_text("#open h2 .count")) == total - 1
    with unit_of_work() as s:  # the page's reasons cover renewals due in the past year, so read it back
        closed = s.get(RenewalOpportunity, int(renewal or 0))
        assert closed is not None and (closed.outcome, closed.churn_reason) == ("churned", "competitor")
