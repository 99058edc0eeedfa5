"""In a real Chromium: a manager writes a rule in the form-based builder (trigger, a condition whose fields
and operators come from the rule-field registry, an action), watches the live preview of matching accounts
change as the condition changes, edits the same rule in its JSON view and back, and saves it; the rule's
page then fetches its matching accounts after load."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.factories import PASSWORD, ApiClient, Tenant

pytestmark = pytest.mark.e2e


def test_manager_builds_previews_and_saves_a_rule(
    chromium: Any, server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    for n, segment in enumerate(("SMB", "SMB", "Enterprise")):
        account = {"external_id": f"a{n}", "name": f"{segment} Co {n}", "segment": segment}
        assert api.post("/accounts", json=account).is_success
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server_url}/rules/new")
    page.fill("input[name=email]", tenant.user_emails["admin"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/rules/new")
    assert not page.is_visible("#definition")  # the builder shows first; the JSON is one click away

    page.select_option("#rb-trigger select", "schedule")
    condition = page.locator("#rb-conditions .condition").first
    fields = condition.locator("select[data-key=field] option").all_inner_texts()
    assert "Days to renewal" in fields and "NPS (180 days)" in fields  # the registry's fields, all of them
    condition.locator("select[data-key=field]").select_option("segment")
    assert "is above" not in condition.locator("select[data-key=operator]").inner_text()  # text operators
    condition.locator("select[data-key=operator]").select_option("eq")
    condition.locator("input[data-key=value]").fill("SMB")
    page.wait_for_selector("#live-count >> text=2 of 3")
    assert page.locator("#live-accounts li").all_inner_texts()[0].startswith("SMB Co")
    condition.locator("select[data-key=operator]").select_option("ne")
    page.wait_for_selector("#live-count >> text=1 of 3")
    assert "Enterprise Co 2" in page.inner_text("#live-accounts")
    condition.locator("select[data-key=operator]").select_option("eq")
    page.wait_for_selector("#live-count >> text=2 of 3")

    action = page.locator("#rb-actions .action").first
    action.locator("input[name=rb-reason]").fill("SMB check-in")
    page.click("#mode-json")  # the advanced view holds the same rule
    text = page.input_value("#definition")
    assert json.loads(text)["conditions"] == [{"field": "segment", "op": "eq", "value": "SMB"}]
    page.fill("#definition", text.replace('"high"', '"urgent"'))
    page.click("#mode-builder")  # and the builder reads the edited JSON back
    assert page.locator("#rb-actions .action select[data-key=priority]").input_value() == "urgent"
    assert page.locator("#rb-conditions input[data-key=value]").input_value() == "SMB"

    page.fill("#rule-editor input[name=name]", "SMB check-ins")
    page.click("#save-button")
    page.wait_for_url(f"{server_url}/rules/*")
    (rule,) = api.get("/rules").json()
    assert rule["name"] == "SMB check-ins" and rule["trigger"] == {"kind": "schedule"}
    assert rule["conditions"] == [{"field": "segment", "op": "eq", "value": "SMB"}]
    assert rule["actions"][0]["reason"] == "SMB check-in" and rule["actions"][0]["priority"] == "urgent"
    # The rule page counts after load: the card says so, then shows the matches the page fetched.
    page.wait_for_selector("#preview h2:has-text('Matches now: 2 of 3')", timeout=15_000)
    assert "SMB Co 0" in page.inner_text("#preview") and "Enterprise" not in page.inner_text("#preview")
