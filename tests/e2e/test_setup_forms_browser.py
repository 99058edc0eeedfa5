"""In a real Chromium at 1280 px: an admin fills in the new-SLA-policy form (targets per priority, business
hours) and a canned response; each label sits above its control, no form is wider than its card, the reply
box is a real text area, and what was typed is what the lists and the API show."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PASSWORD, ApiClient, Tenant

pytestmark = pytest.mark.e2e

# True when some element inside the form reaches past the form's right edge (a clipped grid).
OVERFLOWS = """form => { const edge = form.getBoundingClientRect().right + 1;
  return [...form.querySelectorAll('*')].some(el => el.getBoundingClientRect().right > edge); }"""
# True when the label's text is above its control rather than beside it.
LABEL_ABOVE = """label => { const box = label.querySelector('input,select,textarea').getBoundingClientRect();
  return label.getBoundingClientRect().top + 4 < box.top; }"""


def test_admin_fills_in_the_sla_policy_and_canned_response_forms(
    chromium: Any, server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    for n, tier in enumerate(("Gold", "Platinum")):  # a policy names tiers some account has
        account = {"external_id": f"a{n}", "name": f"Acme {n}", "tier": tier}
        assert api.post("/accounts", json=account).is_success
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server_url}/support/policies")
    page.fill("input[name=email]", tenant.user_emails["admin"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/support/policies")

    calendar = page.locator("#calendar-form")
    calendar.locator("input[name=name]").fill("Berlin office")
    calendar.locator("input[name=day_fri]").uncheck()
    calendar.locator("#calendar-save").click()
    page.wait_for_selector("#calendar-form >> xpath=.. >> text=Berlin office")

    form = page.locator("#policy-form")
    assert not form.evaluate(OVERFLOWS)
    assert form.locator("input[name=urgent_resolution]").is_visible()  # the grid's last column, not clipped
    assert form.locator("label:has(input[name=name])").evaluate(LABEL_ABOVE)
    form.locator("input[name=name]").fill("Enterprise")
    form.locator("input[name=tiers]").fill("Gold, Platinum")
    form.locator("input[name=urgent_first_response]").fill("30")
    form.locator("input[name=urgent_resolution]").fill("480")
    form.locator("input[name=normal_first_response]").fill("240")
    form.locator("select[name=calendar_id]").select_option(label="Berlin office (Europe/Berlin)")
    form.locator("#policy-save").click()
    page.wait_for_selector("#policies >> text=Enterprise")
    row = page.inner_text("#policies tbody tr")
    assert "Gold, Platinum" in row and "Berlin office" in row
    [policy] = api.get("/sla/policies").json()
    assert policy["filter"]["tiers"] == ["Gold", "Platinum"]
    assert policy["targets"]["urgent"]["first_response"] == 30
    assert policy["targets"]["urgent"]["resolution"] == 480
    assert policy["targets"]["normal"]["first_response"] == 240 and "low" not in policy["targets"]

    page.goto(f"{server_url}/support/canned")
    form = page.locator("#canned-form")
    assert not form.evaluate(OVERFLOWS)
    reply = form.locator("textarea[name=body]")
    box = reply.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 150  # a reply box, not a postage stamp
    assert form.locator("label:has(textarea)").evaluate(LABEL_ABOVE)
    form.locator("input[name=title]").fill("Danke")
    form.locator("select[name=language]").select_option(label="Deutsch")
    form.locator("select[name=set_status]").select_option("solved")
    reply.fill("Hallo {{ contact.first_name }},\n\ndas ist behoben.\n\n{{ agent.name }}")
    form.locator("#canned-save").click()
    page.wait_for_selector("#canned >> text=Danke")
    assert "das ist behoben." in page.inner_text("#canned")

    page.click("#canned >> text=Edit")  # the edit form comes back filled in, language kept
    assert page.input_value("#canned-form select[name=language]") == "de"
    body = page.input_value("#canned-form textarea[name=body]")
    assert body.startswith("Hallo {{ contact.first_name }},\n")
