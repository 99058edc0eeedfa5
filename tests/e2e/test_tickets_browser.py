"""In a real Chromium: an agent opens the queue (SLA timers), a ticket (with its similar tickets), writes an
internal note and solves the ticket with a canned public reply; the support lead page draws its charts and
lists the recurring issues; a customer answers the satisfaction survey without logging in."""

from __future__ import annotations

from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.tickets import csat
from steward.settings import get_settings
from tests.factories.charts import drawn_series
from tests.factories.demo_cache import DEMO_60, demo_workspace

pytestmark = pytest.mark.e2e


def test_agent_queue_ticket_and_lead_page(chromium: Any, server_url: str) -> None:
    ctx = demo_workspace(DEMO_60)
    page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{server_url}/tickets")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/tickets")
    assert page.locator("#queue tbody tr").count() > 0
    page.goto(f"{server_url}/support/canned")
    page.fill("#canned-form input[name=title]", "Fixed")
    page.fill("#canned-form textarea[name=body]", "Hello {{ contact.first_name }}, this is fixed now.")
    page.select_option("#canned-form select[name=set_status]", "solved")
    page.click("#canned-save")
    page.wait_for_selector("#canned >> text=Fixed")
    page.goto(f"{server_url}/tickets")
    page.locator("#queue tbody tr a[href^='/tickets/']").first.click()
    page.wait_for_selector("#conversation")
    ticket_url = page.url
    similar = page.locator("#similar")  # links to tickets like this one, or says there are none
    assert similar.is_visible()
    assert (
        similar.locator("a[href^='/tickets/']").count() > 0 or "reads like this one" in similar.inner_text()
    )
    page.fill("#reply-body", "Checked the logs: a proxy timeout on their side.")
    page.check("input[name=visibility][value=note]")
    page.click("#reply-send")
    page.wait_for_selector("article.message.note >> text=proxy timeout")
    page.select_option("#canned-pick", label="Fixed")  # fills the reply and proposes its status
    assert page.input_value("#reply-body").endswith(", this is fixed now.")
    assert "{{" not in page.input_value("#reply-body")
    assert page.input_value("#reply-status") == "solved"
    page.click("#reply-send")
    page.wait_for_selector("#ticket-status >> text=Solved")
    assert "solved" in page.inner_text("#history").lower()

    page.goto(f"{server_url}/support")
    assert drawn_series(page, "backlog-chart") == 1
    assert page.locator("#sla-by-agent tbody tr").count() > 0
    assert "salesforce" in page.inner_text("#issues").lower()

    ticket_id = int(ticket_url.rsplit("/", 1)[1])
    with unit_of_work() as s:
        settings = get_settings()
        link = csat.link(
            csat.survey_of(session=s, workspace_id=ctx.workspace_id, ticket_id=ticket_id),
            settings.secret_key,
            server_url,
        )
    customer = chromium.new_context().new_page()  # no session
    customer.goto(link)
    customer.click("fieldset.rating label:has-text('5')")
    customer.fill("#comment", "Quick fix, thanks")
    customer.click("#csat-submit")
    customer.wait_for_selector("#csat-done")
    customer.goto(link)
    assert customer.locator("#csat-done").count() == 1  # answered once: the page says so
