"""In a real Chromium: a CSM opens a demo success plan from its account, sees the timeline, ticks an item
off, makes a customer link that opens without logging in, and withdraws it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.plans import service as plans_service
from tests.factories.charts import drawn_series
from tests.factories.demo_cache import DEMO_60, demo_workspace

pytestmark = pytest.mark.e2e


def test_plan_page_and_customer_link(chromium: Any, server_url: str) -> None:
    ctx = demo_workspace(DEMO_60)
    with unit_of_work() as s:
        summaries = plans_service.list_plans(session=s, workspace_id=ctx.workspace_id)
    plan = next(p for p in summaries if p.status != "done")
    csm = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = csm.new_page()
    page.goto(f"{server_url}/accounts/{plan.account_id}")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.click("#tab-plans")
    page.click(f"#plans a[href='/plans/{plan.id}']")
    assert drawn_series(page, "gantt") >= 2  # objectives as bars, items as marks (and today's line)
    gantt = json.loads(page.get_attribute("#gantt", "data-chart") or "{}")
    assert gantt["unit"] == "date" and len(gantt["labels"]) >= 3
    open_item = page.locator("ul.items li:not(.done)").first
    item_id = open_item.get_attribute("data-item")
    before = page.inner_text("#plan-progress")
    with page.expect_navigation():  # a form post: read the page it lands on, not the one it leaves
        open_item.locator("button").click()
    assert page.locator(f"li[data-item='{item_id}']").get_attribute("class") == "done"
    assert page.inner_text("#plan-progress") != before

    page.click("#share-button")
    link = page.inner_text("#share-link")
    customer = chromium.new_context().new_page()  # no session cookie
    customer.goto(link)
    assert customer.locator("h1").inner_text() == plan.title and customer.locator("#gantt").count() == 1
    assert customer.locator("form").count() == 0 and customer.locator("nav").count() == 0
    page.click("#revoke-button")
    assert customer.goto(link).status == 404 and "not valid" in customer.inner_text("h1")
