"""In a real Chromium: the cockpit lists rule-made CTAs; a CSM opens one, ticks its tasks in order,
comments, and closes it; a CTA is created from an account page."""

from __future__ import annotations

from typing import Any

import pytest

from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from tests.factories.demo_cache import DEMO_80, demo_workspace

pytestmark = pytest.mark.e2e


def test_cockpit_cta_page_and_new_cta(chromium: Any, server_url: str) -> None:
    demo_workspace(DEMO_80)
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server_url}/cockpit?everyone=true")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/cockpit?everyone=true")
    assert int(page.inner_text("#open-ctas")) >= 10 and page.locator("#workload tbody tr").count() >= 3
    page.click("nav.filters >> text=Risk")
    assert "type=risk" in page.url
    # A Risk CTA whose rescue playbook has not started (detractors' CTAs may fill the first page).
    fresh = page.locator("#ctas tbody tr", has_text="0/3")
    for _ in range(5):
        if fresh.count():
            break
        page.click("text=Next page")
        page.wait_for_load_state()
    fresh.first.locator("a").first.click()
    page.wait_for_selector("#tasks")
    tasks = page.locator("#tasks li")
    assert tasks.count() == 3  # the Risk rescue playbook
    tasks.nth(1).locator("button").click()  # the second task waits for the first
    assert "first: this task depends on it" in page.inner_text("p.error")
    page.locator("#tasks li").nth(0).locator("button").click()
    page.locator("#tasks li").nth(1).locator("button").click()
    page.wait_for_load_state()  # the click returns when the next page commits; count() does not wait
    assert page.locator("#tasks li.done").count() == 2
    page.fill("#comment-form textarea", "Sponsor call booked <script>x</script>")
    page.click("#comment-form button")
    assert "Sponsor call booked <script>x</script>" in page.inner_text("#comments")
    page.click("#cta-done")
    assert page.inner_text("#cta-status") == "Done"

    page.click("nav.crumbs a >> nth=1")  # the account
    page.click("#action-cta")  # the account header's action opens the form in a dialog
    page.wait_for_selector("#cta-form")
    page.select_option("#cta-form select[name=type]", "opportunity")
    page.fill("#cta-form input[name=reason]", "Asked about a second team")
    page.click("#cta-form button")
    page.wait_for_selector("#tasks")
    assert page.locator("h1").inner_text() == "Asked about a second team"
