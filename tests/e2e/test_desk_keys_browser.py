"""In a real Chromium, with the keyboard only: an agent finds a new ticket from the queue (/ to search, j to
move, a to assign it to themselves, Enter to open), answers it with a canned response filled in for the
ticket (c, type its name, Enter, Ctrl+Enter) and sees its first-response clock turn from running to met;
the ? key lists the shortcuts. On the cockpit a CSM ticks two CTAs and snoozes them in one go. No CSP
refusals on the way (our own static scripts only)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.tickets import canned
from steward.domains.tickets import service as tickets_service
from steward.domains.tickets.canned_schemas import CannedCreate
from steward.domains.tickets.schemas import TicketCreate
from tests.factories.demo_cache import DEMO_60, demo_workspace

pytestmark = pytest.mark.e2e


def _sign_in(chromium: Any, server_url: str, path: str) -> tuple[Any, list[str]]:
    page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
    refusals: list[str] = []
    page.on("console", lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server_url}{path}")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}{path}")
    return page, refusals


def _waiting_ticket(workspace_id: int) -> tuple[int, str]:
    """A customer's ticket that came in just now from an Enterprise or Strategic account (the demo's policy
    around the clock: first response in 8 h, resolution in 2 d for a low priority), and its subject."""
    with unit_of_work() as s:
        scope = {"session": s, "workspace_id": workspace_id}
        big = next(a for a in accounts_service.owned_by(**scope, owner_ids=None)
                   if a.segment in ("Enterprise", "Strategic"))  # fmt: skip
        contact = next(c for c in contacts_service.list_for_account(**scope, account_id=big.id) if c.email)
        data = TicketCreate(subject="Keyboard: the export button is greyed out", body="Since this morning.",
                            account_id=big.id, requester_email=contact.email, priority="low",
                            channel="email")  # fmt: skip
        made = tickets_service.create_ticket(**scope, data=data, actor_id=None, actor="customer")
        assert [c.state for c in made.clocks if c.metric == "first_response"] == ["running"]
        return made.id, made.subject


def test_reply_with_the_keyboard_from_the_queue(chromium: Any, server_url: str) -> None:
    ctx = demo_workspace(DEMO_60)
    ticket_id, subject = _waiting_ticket(ctx.workspace_id)
    with unit_of_work() as s:
        body = "Hello {{ contact.first_name }}, ticket {{ ticket.id }} is on its way to a fix."
        canned.create(session=s, workspace_id=ctx.workspace_id,
                      data=CannedCreate(title="Keyboard reply", body=body))  # fmt: skip
    page, refusals = _sign_in(chromium, server_url, "/tickets")

    page.keyboard.press("?")
    page.wait_for_selector("#shortcuts-help[open]")
    assert "Assign the ticket to me" in page.inner_text("#shortcuts-help")
    page.keyboard.press("Escape")
    page.wait_for_selector("#shortcuts-help:not([open])", state="attached")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type(f"#{ticket_id}")
    page.keyboard.press("j")  # typed into the search box, not a shortcut
    assert page.input_value("input[name=q]") == f"#{ticket_id}j"
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")  # submits the search
    page.wait_for_url(f"**q=%23{ticket_id}**")
    page.keyboard.press("j")
    assert page.locator("#queue tbody tr.kb-current").count() == 1
    page.keyboard.press("a")  # assign to me
    page.wait_for_selector("#bulk-done")
    assert "1 ticket assigned." in page.inner_text("#bulk-done")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server_url}/tickets/{ticket_id}")
    assert subject in page.inner_text("h1")
    first = page.locator("#sla td[data-metric=first_response]").first
    assert first.inner_text().startswith("running")
    assert "1 d 23 h left" in page.inner_text("#sla")  # resolution in 2,880 minutes, in days and hours
    timer = page.locator("#sla time.sla-timer").first.inner_text()
    assert re.fullmatch(r"(overdue by )?(\d+ d( \d+ h)?|\d+ h( \d+ min)?|\d+ min)( left)?", timer), timer

    page.keyboard.press("c")  # the canned responses
    assert page.evaluate("document.activeElement.id") == "canned-pick"
    page.keyboard.type("Keyboard")  # picks the option by its name; nothing is inserted yet
    assert page.input_value("#reply-body") == ""
    page.keyboard.press("Enter")
    reply = page.input_value("#reply-body")
    assert reply.endswith(f"ticket {ticket_id} is on its way to a fix.") and "{{" not in reply
    assert page.evaluate("document.activeElement.id") == "reply-body"
    page.keyboard.press("Escape")  # leaves the box: keys are shortcuts again
    assert page.evaluate("document.activeElement.id") != "reply-body"
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "reply-body"
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#sla td[data-metric=first_response].sla-met")
    assert page.locator("#sla td[data-metric=first_response]").first.inner_text().startswith("met")
    assert "is on its way to a fix" in page.inner_text("#conversation")
    assert refusals == []


def test_bulk_snooze_two_ctas_on_the_cockpit(chromium: Any, server_url: str) -> None:
    demo_workspace(DEMO_60)
    page, refusals = _sign_in(chromium, server_url, "/cockpit?everyone=true")
    page.select_option("#cta-sort", "arr")
    page.click("#cta-filters button[type=submit]")
    page.wait_for_url("**sort=arr**")
    rows = page.locator("#cta-table tbody tr")
    assert rows.count() >= 2
    ids = [rows.nth(i).get_attribute("data-cta") for i in range(2)]
    for cta_id in ids:
        page.check(f"input[name=cta_ids][value='{cta_id}']")
    until = today_utc() + timedelta(days=10)
    page.fill("#bulk-until", until.isoformat())
    page.click("#bulk-snooze")
    page.wait_for_selector("#bulk-results")
    assert "2 of 2 CTAs snoozed" in page.inner_text("h1")
    assert page.locator("#bulk-results tr.done").count() == 2
    page.click("#bulk-back")
    page.wait_for_url("**sort=arr**")  # back to the same view
    for cta_id in ids:
        assert "snoozed to" in page.inner_text(f"#cta-table tr[data-cta='{cta_id}']")
    assert refusals == []
