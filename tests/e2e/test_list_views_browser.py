"""In a real Chromium: on the renewals list a CSM filters, saves the view under a name, ticks every renewal on
the page with one box and sets their forecast in bulk, then reopens the saved view from another list visit
and deletes it; no CSP refusals."""

from __future__ import annotations

from typing import Any

import pytest

from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from tests.factories.demo_cache import DEMO_80, demo_workspace

pytestmark = pytest.mark.e2e


def test_saved_view_and_bulk_forecast(chromium: Any, server_url: str) -> None:
    demo_workspace(DEMO_80)
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server_url}/renewals")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/renewals")

    page.select_option("#renewal-filters select[name=forecast]", "best_case")
    page.select_option("#renewal-filters select[name=sort]", "arr")
    with page.expect_navigation(url="**forecast=best_case**"):
        page.click("#renewal-filters button[type=submit]")
    rows = page.locator("#renewal-list tbody tr")
    count, total = rows.count(), int(page.inner_text("#open h2 .count").split()[0])
    assert count >= 1
    page.fill("#save-view input[name=name]", "Best case <by ARR>")
    with page.expect_navigation():
        page.click("#save-view button")
    assert "forecast=best_case" in page.url and "sort=arr" in page.url
    view = page.locator("#saved-views .saved-view a", has_text="Best case <by ARR>")
    assert view.count() == 1

    page.check("#renewal-list thead input[data-tick-all]")  # ticks every row (static/tick_all.js)
    assert page.locator("#renewal-list input[name=renewal_ids]:checked").count() == count
    page.select_option("#bulk-forecast", "commit")
    with page.expect_navigation():
        page.click("#bulk-set-forecast")
    assert page.inner_text("h1").startswith(f"{count} of {count} renewals")
    page.click("#bulk-back")
    page.wait_for_url("**forecast=best_case**")
    left = total - count  # the ticked ones are commit now
    assert int(page.inner_text("#open h2 .count").split()[0]) == left

    page.goto(f"{server_url}/renewals")
    with page.expect_navigation(url="**forecast=best_case**"):
        page.locator("#saved-views .saved-view a", has_text="Best case <by ARR>").click()
    assert page.locator("#renewal-filters select[name=sort]").input_value() == "arr"
    with page.expect_navigation(url=f"{server_url}/renewals"):
        page.locator("#saved-views .saved-view button.remove").click()
    assert page.locator("#saved-views .saved-view").count() == 0
    assert refused == []
