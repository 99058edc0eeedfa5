"""In a real Chromium: a KPI's note sits on its own line under the figure ("2 accounts" under the ARR, not
"USD 0.002 accounts" run together)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PASSWORD, ApiClient, Tenant

pytestmark = pytest.mark.e2e

# Each KPI's <small> note: does it start below the bottom of the figure before it?
NOTES_BELOW = """() => [...document.querySelectorAll('.kpi > small')].map(small => {
  const figure = small.parentElement.querySelector('strong').getBoundingClientRect();
  return small.getBoundingClientRect().top >= figure.bottom - 1; })"""


def test_kpi_notes_do_not_run_into_figures(
    chromium: Any, server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    for n in range(2):
        assert api.post("/accounts", json={"external_id": f"a{n}", "name": f"Acme {n}"}).is_success
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server_url}/portfolio")
    page.fill("input[name=email]", tenant.user_emails["admin"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/portfolio")
    below = page.evaluate(NOTES_BELOW)
    assert below and all(below)
