"""In a real Chromium: find the riskiest account on the At risk page, log a call from the account's header
(a dialog, not a form at the bottom) and see it on the Timeline tab; the page opens short, on its overview."""

from __future__ import annotations

from typing import Any

import pytest

from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from tests.factories.demo_cache import DEMO_60, demo_workspace

pytestmark = pytest.mark.e2e


def test_riskiest_account_log_a_call_from_the_header(chromium: Any, server_url: str) -> None:
    demo_workspace(DEMO_60)  # no churn model: the At risk page ranks by health score, lowest first
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server_url}/risk")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/risk")
    riskiest = page.locator("#health-fallback tbody tr a").first
    name = riskiest.inner_text()
    riskiest.click()
    page.wait_for_selector("#account-head")
    # account.js is deferred: the header can show before the script has chosen the tab
    page.wait_for_selector("#tab-overview[aria-selected=true]")
    assert page.locator("h1").inner_text() == name
    facts = page.inner_text("#account-head .facts")
    assert all(f in facts for f in ("Health", "ARR", "Renewal", "Owner", "Churn risk", "NPS, 180 days"))
    assert page.locator("#timeline").is_hidden() and page.locator("#ctas").is_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, f"the overview is {height} px tall"

    page.click("#action-log")
    assert page.locator("#log-dialog").is_visible()
    assert page.locator("#activity-form select[name=kind]").input_value() == "call"
    page.fill("#activity-form input[name=subject]", "Renewal risk call <b>with sponsor</b>")
    with page.expect_navigation(url="**#timeline"):
        page.click("#activity-form button[type=submit]")
    assert page.locator("#tab-timeline").get_attribute("aria-selected") == "true"
    first = page.locator("ol.timeline li").first
    assert first.is_visible() and "Renewal risk call <b>with sponsor</b>" in first.inner_text()
    assert "Call" in first.locator(".badge").inner_text()

    page.keyboard.press("Tab")  # the tabs answer the keyboard: arrows move between them
    page.focus("#tab-timeline")
    page.keyboard.press("ArrowRight")
    assert page.locator("#tab-plans").get_attribute("aria-selected") == "true"
    assert page.locator("#plans").is_visible() and page.locator("#timeline").is_hidden()
