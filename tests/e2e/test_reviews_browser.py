"""In a real Chromium: a CSM opens the next business review of a demo account, reads the pack, writes notes,
prints it to PDF (navigation and forms left out) and marks the review held."""

from __future__ import annotations

from typing import Any

import pytest

from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from tests.factories.demo_cache import DEMO_60, demo_workspace

pytestmark = pytest.mark.e2e


def test_review_pack_notes_print_and_hold(chromium: Any, server_url: str) -> None:
    demo_workspace(DEMO_60)
    page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{server_url}/reviews")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/reviews")
    total = page.locator("#review-list tbody tr").count()
    assert total >= 3
    page.locator("#review-list tbody tr a").first.click()
    page.wait_for_selector("#pack-plans")
    assert page.locator("#pack-health").inner_text() != ""
    page.fill("#notes-form textarea", "Agreed: <b>SSO</b> for the EU team by March.")
    page.click("#notes-button")
    assert (
        page.locator("#notes-form textarea").input_value() == "Agreed: <b>SSO</b> for the EU team by March."
    )

    page.evaluate("window.print = () => { window.printed = true; }")  # the dialog itself would block
    page.click("#print-button")  # wired by a script file: the CSP blocks inline onclick handlers
    assert page.evaluate("window.printed === true")
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible() and not page.locator("#notes-form textarea").is_visible()
    assert "Agreed: <b>SSO</b>" in page.locator(".print-only").inner_text()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.emulate_media(media="screen")

    page.click("#held-button")
    assert page.inner_text("#review-status").startswith("Held")
    page.goto(f"{server_url}/reviews")
    assert page.locator("#review-list tbody tr").count() == total  # the next one took its place
