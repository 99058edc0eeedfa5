"""In a real Chromium: the Sources page shows an event sent by a client seconds later without a reload, the
account page draws the account's usage, and the Usage page draws the workspace's and links each account."""

from __future__ import annotations

import base64
import re
from typing import Any

import httpx
import orjson
import pytest

from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.workspaces import service as workspaces_service
from tests.factories.charts import drawn_series
from tests.factories.demo_cache import DEMO_60, demo_workspace

pytestmark = pytest.mark.e2e


def test_live_events_and_usage_chart(chromium: Any, server_url: str) -> None:
    ctx = demo_workspace(DEMO_60)
    with unit_of_work() as s:
        key = workspaces_service.rotate_write_key(session=s, workspace_id=ctx.workspace_id)
    page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{server_url}/sources")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/sources")
    assert int(page.inner_text("#events-total").replace(",", "")) > 1000
    assert int(page.inner_text("#rejected-total").replace(",", "")) > 0  # the demo's malformed bursts

    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    call = {"type": "track", "messageId": "live-1", "userId": "someone", "event": "Just Now Clicked"}
    assert (
        httpx.post(
            f"{server_url}/v1/batch", content=orjson.dumps({"batch": [call]}), headers=auth
        ).status_code
        == 200
    )
    page.wait_for_selector("#live-events >> text=Just Now Clicked", timeout=8000)  # no reload
    # The script writes the time as the page does (the locale's medium date and short time), not ISO
    drawn = page.locator("#live-events tbody tr").first.locator("td").first.inner_text()
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s?[AP]M", drawn), drawn

    page.goto(f"{server_url}/accounts")
    page.locator("table.grid tbody tr a").first.click()
    page.click("#tab-usage")  # the account page opens on its overview
    page.wait_for_selector("#usage")
    assert drawn_series(page, "usage-chart") == 2

    page.goto(f"{server_url}/usage")
    assert drawn_series(page, "usage-chart") == 2
    assert int(page.inner_text("#accounts-active")) > 0
    rows = page.locator("#usage-accounts tbody tr")
    assert rows.count() > 0
    page.click("text=name")  # sort by name
    page.wait_for_url(f"{server_url}/usage?sort=name")
    first = page.locator("#usage-accounts tbody tr a").first
    name = first.inner_text()
    first.click()
    page.wait_for_selector("#usage")
    assert name in page.inner_text("h1")

    page.goto(f"{server_url}/account/sessions")  # in German, the live rows' times as German writes them
    page.select_option("select[name=language]", "de")
    with page.expect_navigation():
        page.locator("form[action='/account/language'] button").click()
    page.goto(f"{server_url}/sources")
    call = {**call, "messageId": "live-2", "event": "Noch ein Klick"}
    posted = httpx.post(f"{server_url}/v1/batch", content=orjson.dumps({"batch": [call]}), headers=auth)
    assert posted.status_code == 200
    page.wait_for_selector("#live-events >> text=Noch ein Klick", timeout=8000)
    drawn = page.locator("#live-events tbody tr").first.locator("td").first.inner_text()
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d", drawn), drawn
