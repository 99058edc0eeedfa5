"""In a real Chromium: the portfolio shows ARR by health, drops and renewals; a CSM gives an account a
sentiment, which lands in its health at once."""

from __future__ import annotations

from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.health import service as health_service
from tests.factories.charts import drawn_series
from tests.factories.demo_cache import DEMO_80, demo_workspace

pytestmark = pytest.mark.e2e


def test_portfolio_and_sentiment(chromium: Any, server_url: str) -> None:
    ctx = demo_workspace(DEMO_80)
    with unit_of_work() as s:
        reads_sentiment = next(
            a
            for a in ctx.account_ids.values()
            if (h := health_service.account_health(session=s, workspace_id=ctx.workspace_id, account_id=a))
            and any(m.key == "csm_sentiment" for m in h.measures)
        )
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server_url}/portfolio")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/portfolio")
    assert drawn_series(page, "grade-chart-1") == 1 and page.locator("#grade-bars canvas").count() >= 1
    assert "accounts" in (page.locator("#grade-bars").text_content() or "")
    assert page.locator("#renewals tbody tr").count() >= 1
    page.click("text=My accounts")
    assert "mine=true" in page.url and "None of the chosen owners" in page.inner_text("main")  # demo admin
    page.select_option("#portfolio-filter select", [str(ctx.accounts[0].owner_id)])  # a CSM
    page.click("#portfolio-filter button")
    page.wait_for_load_state()  # the click returns when the next page commits; count() does not wait
    assert "owner_id=" in page.url and page.locator(".kpis").count() == 1

    page.locator("#renewals tbody tr a").first.click()
    page.wait_for_load_state()
    assert page.locator("#health").count() == 1

    page.goto(f"{server_url}/accounts/{reads_sentiment}#health")  # the Health tab
    page.select_option("#sentiment-form select[name=score]", "2")
    page.fill("#sentiment-form input[name=comment]", "Sponsor <b>left</b> last week")
    page.click("#sentiment-form button[type=submit]")
    page.wait_for_selector("#sentiments")
    said = page.locator("#sentiments li").first.inner_text()
    assert said.startswith("2/10") and "Sponsor <b>left</b> last week" in said  # escaped, not rendered
    row = page.locator("#health-breakdown tr", has_text="CSM sentiment (1-10)")
    # rescored before the redirect (inline in tests; a moment later in serve)
    assert row.locator("td.num").first.inner_text() == "2"
